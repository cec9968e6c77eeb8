// Day-2 operations as config edits, through the real CLI, the real
// Kubernetes provider and a real cluster per stack (see stacks.engine.ts):
// what the preview of each edit shows, that `up` goes through the API
// server's own checks (a StatefulSet's claim templates never change, a claim
// never shrinks), that it waits for what it changed, what the cluster holds
// afterwards, and that the next preview is clean.
//
// What the tests play, because no such controller runs here: the resizer of
// a volume driver that expands (playResizer in test/support/engine/controller-stand-ins.ts:
// the external-resizer and the node's filesystem growth write the volume's
// capacity, then the claim's status.capacity; Kubernetes docs, "Expanding
// Persistent Volumes Claims"). The local stacks here say their class expands
// (local.volumeExpansion), and the local cluster's hostPath class has no resizer.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Cluster, KubeObject } from "../support/cluster/cluster";
import { playResizer } from "../support/engine/controller-stand-ins";
import type { CommandResult } from "../support/engine/workspace";
import { claims, list, type Meta } from "../support/engine/cluster-checks";
import {
    REPLACING_OPS,
    STACK_TRACE_LINE,
    assertSucceeded,
    disposeWorkspace,
    exportedResources,
    openWorkspace,
    previewSteps,
    transcript,
    workspace,
} from "../support/engine/harness";
import { clusterOf } from "../support/engine/kube";

/** The namespace and release of every stack here (the defaults). */
const NAMESPACE = "milvus";
/** kube-controller-manager's in-tree hostPath provisioner, the local cluster's default class (test/support/cluster). */
const HOST_PATH = "kubernetes.io/host-path";

function writeStack(name: string, body: string): void {
    fs.writeFileSync(path.join(workspace().project, "stacks", `Pulumi.${name}.yaml`), body);
}

/** Every step of a preview that changes something, as `<op> <resource name>`. */
function changes(r: CommandResult): string[] {
    return previewSteps(r)
        .filter((s) => s.op !== "same" && s.op !== "read")
        .map((s) => `${s.op} ${s.urn.split("::").pop()}`)
        .sort();
}

async function set(stack: string, edits: Array<[string, string, ...string[]]>): Promise<void> {
    for (const [key, value, ...type] of edits) {
        assertSucceeded(await workspace().pulumi(["config", "set", "--path", key, value, ...type, "--stack", stack]), `config set ${key}`);
    }
}

async function up(stack: string, what: string): Promise<CommandResult> {
    const r = await workspace().pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
    assertSucceeded(r, what);
    return r;
}

/** Each claim's request and capacity, by name, as the API server holds them. */
async function claimSizes(cluster: Cluster): Promise<Record<string, [string, string | undefined]>> {
    return Object.fromEntries(
        (await claims(cluster, NAMESPACE)).map((c) => [c.metadata.name, [c.spec.resources.requests.storage, c.status.capacity?.storage]]),
    );
}

/** The replicas each Milvus Deployment asks for, by name. */
async function replicas(cluster: Cluster): Promise<Record<string, number>> {
    const deployments = await list<{ metadata: Meta; spec: { replicas: number } }>(
        cluster,
        `/apis/apps/v1/namespaces/${NAMESPACE}/deployments?labelSelector=app.kubernetes.io%2Fname%3Dmilvus`,
    );
    return Object.fromEntries(deployments.map((d) => [d.metadata.name, d.spec.replicas]));
}

describe("engine suite: day-2 operations", function () {
    this.timeout(20 * 60 * 1000);
    before(async () => {
        await openWorkspace();
    });
    // Each test deploys stacks of its own and is done with them at its end.
    afterEach(async () => {
        await workspace().stopClusters();
    });
    after(async () => {
        await disposeWorkspace();
    });

    it("growing the volumes of etcd, MinIO and the bookies patches each claim in place and waits until each has grown; the StatefulSets keep their templates", async () => {
        const ws = workspace();
        const milvus = {
            mode: "cluster",
            messageQueue: "pulsar",
            etcd: { replicas: 3, storageSize: "10Gi" },
            minio: { mode: "distributed", replicas: 4, storageSize: "50Gi" },
            pulsar: { bookkeeperReplicas: 2, journalSize: "10Gi", ledgersSize: "20Gi" },
        };
        writeStack(
            "grow",
            `config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:local:\n    volumeExpansion: true\n  milvus-on-clouds:milvus: ${JSON.stringify(milvus)}\n`,
        );
        assertSucceeded(await ws.pulumi(["stack", "init", "grow"]), "stack init");
        await up("grow", "first up");
        const cluster = await clusterOf(ws, "grow");
        const before = exportedResources(await ws.pulumi(["stack", "export", "--stack", "grow"])).map((r) => r.urn);
        await set("grow", [
            ["milvus.etcd.storageSize", "20Gi"],
            ["milvus.minio.storageSize", "100Gi"],
            ["milvus.pulsar.journalSize", "15Gi"],
            ["milvus.pulsar.ledgersSize", "40Gi"],
        ]);
        const r = await ws.pulumi(["preview", "--json", "--stack", "grow"]);
        assertSucceeded(r, "preview of the growth");
        const patches = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `create milvus-${prefix}-${i}-size`);
        assert.deepStrictEqual(
            changes(r),
            [
                ...patches("data-milvus-etcd", 3),
                ...patches("export-milvus-minio", 4),
                ...patches("milvus-pulsarv3-bookie-journal-milvus-pulsarv3-bookie", 2),
                ...patches("milvus-pulsarv3-bookie-ledgers-milvus-pulsarv3-bookie", 2),
            ].sort(),
            "one patch per claim; the release is not touched",
        );
        assert.deepStrictEqual(
            previewSteps(r).filter((s) => REPLACING_OPS.has(s.op)),
            [],
        );

        // The resizer takes its time (a disk takes time to grow): the up must wait for the last claim it grew.
        const resizeDelayMs = 10_000;
        const resized = new Set<string>();
        const stopResizer = playResizer(cluster, HOST_PATH, resizeDelayMs, (claim) => {
            resized.add(claim);
        });
        try {
            await up("grow", "up that grows the volumes");
            // Each of the 11 claims is resized 10 s after it asks for more; an up that did not wait returns before the last.
            assert.strictEqual(resized.size, 11, `the up finished when ${resized.size} of 11 volumes had grown`);
        } finally {
            stopResizer();
        }
        const sizes = await claimSizes(cluster);
        assert.deepStrictEqual(sizes["data-milvus-etcd-2"], ["20Gi", "20Gi"]);
        assert.deepStrictEqual(sizes["export-milvus-minio-3"], ["100Gi", "100Gi"]);
        assert.deepStrictEqual(sizes["milvus-pulsarv3-bookie-ledgers-milvus-pulsarv3-bookie-1"], ["40Gi", "40Gi"]);
        const after = exportedResources(await ws.pulumi(["stack", "export", "--stack", "grow"])).map((r) => r.urn);
        assert.deepStrictEqual(
            before.filter((u) => !after.includes(u)),
            [],
            "nothing went",
        );
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "grow"]), "preview --expect-no-changes");

        // A bookie added later gets its claims from the template (as first created), grown the same way.
        await set("grow", [["milvus.pulsar.bookkeeperReplicas", "3", "--type", "int"]]);
        const more = await ws.pulumi(["preview", "--json", "--stack", "grow"]);
        assertSucceeded(more, "preview of a third bookie");
        assert.deepStrictEqual(changes(more), [
            "create milvus-milvus-pulsarv3-bookie-journal-milvus-pulsarv3-bookie-2-size",
            "create milvus-milvus-pulsarv3-bookie-ledgers-milvus-pulsarv3-bookie-2-size",
            "update milvus-chart",
        ]);
        const stopAgain = playResizer(cluster, HOST_PATH, 0);
        try {
            await up("grow", "up with a third bookie");
        } finally {
            stopAgain();
        }
        assert.deepStrictEqual((await claimSizes(cluster))["milvus-pulsarv3-bookie-journal-milvus-pulsarv3-bookie-2"], ["15Gi", "15Gi"]);
        const bookies = (await cluster.get(`/apis/apps/v1/namespaces/${NAMESPACE}/statefulsets/milvus-pulsarv3-bookie`)) as {
            spec: { volumeClaimTemplates: Array<{ metadata: { name: string }; spec: { resources: { requests: { storage: string } } } }> };
        };
        const journal = bookies.spec.volumeClaimTemplates.find((t) => t.metadata.name.endsWith("journal"));
        assert.strictEqual(journal?.spec.resources.requests.storage, "10Gi", "the StatefulSet's template changed (the API server forbids that)");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "grow"]), "preview --expect-no-changes");
    });

    it("a standalone volume grows through the release (a plain claim); growth is refused where the class is not known to expand", async () => {
        const ws = workspace();
        writeStack("grow-standalone", "config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:milvus:\n    standaloneStorageSize: 50Gi\n");
        assertSucceeded(await ws.pulumi(["stack", "init", "grow-standalone"]), "stack init");
        await up("grow-standalone", "first up");
        await set("grow-standalone", [["milvus.standaloneStorageSize", "80Gi"]]);
        const refused = await ws.pulumi(["preview", "--stack", "grow-standalone"]);
        assert.notStrictEqual(refused.code, 0, transcript(refused));
        assert.match(
            refused.stdout,
            /milvus-on-clouds:milvus\.standaloneStorageSize: got "80Gi"; allowed: 50Gi \(deployed\) — growing a volume in place needs a StorageClass that expands claims.*set local\.volumeExpansion: true/,
        );
        assert.doesNotMatch(refused.stdout + refused.stderr, STACK_TRACE_LINE);

        await set("grow-standalone", [["local.volumeExpansion", "true", "--type", "bool"]]);
        const r = await ws.pulumi(["preview", "--json", "--stack", "grow-standalone"]);
        assertSucceeded(r, "preview");
        assert.deepStrictEqual(changes(r), ["update milvus-chart"]);
        const cluster = await clusterOf(ws, "grow-standalone");
        const stopResizer = playResizer(cluster, HOST_PATH, 0);
        try {
            await up("grow-standalone", "up");
            await cluster.waitFor("the standalone claim to have grown", async () => (await claimSizes(cluster)).milvus?.[1] === "80Gi", 60_000, 500);
        } finally {
            stopResizer();
        }
        assert.deepStrictEqual((await claimSizes(cluster)).milvus, ["80Gi", "80Gi"]);
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "grow-standalone"]), "preview --expect-no-changes");
    });

    it("pausing cluster mode scales every component to zero through the chart and suspends the scheduled backup; a new stack cannot start paused", async () => {
        const ws = workspace();
        const milvus = {
            mode: "cluster",
            messageQueue: "pulsar",
            components: { proxy: { replicas: 2 }, queryNode: { replicas: 3 } },
            backup: { enabled: true },
        };
        writeStack(
            "pause-cluster",
            `config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:milvus: ${JSON.stringify({ ...milvus, paused: true })}\n`,
        );
        assertSucceeded(await ws.pulumi(["stack", "init", "pause-cluster"]), "stack init");
        const first = await ws.pulumi(["preview", "--stack", "pause-cluster"]);
        assert.notStrictEqual(first.code, 0, transcript(first));
        assert.match(first.stdout, /milvus-on-clouds:milvus\.paused: got true; allowed on a deployed stack only/);

        await set("pause-cluster", [["milvus.paused", "false", "--type", "bool"]]);
        await up("pause-cluster", "first up");
        const cluster = await clusterOf(ws, "pause-cluster");
        const running = await replicas(cluster);
        assert.deepStrictEqual([running["milvus-proxy"], running["milvus-querynode"]], [2, 3]);
        await set("pause-cluster", [["milvus.paused", "true", "--type", "bool"]]);
        const r = await ws.pulumi(["preview", "--json", "--stack", "pause-cluster"]);
        assertSucceeded(r, "preview of the pause");
        assert.deepStrictEqual(changes(r), ["update milvus-backup", "update milvus-chart"]);
        assert.deepStrictEqual(
            previewSteps(r).filter((s) => REPLACING_OPS.has(s.op)),
            [],
        );
        await up("pause-cluster", "pause");
        assert.deepStrictEqual(Object.values(await replicas(cluster)), [0, 0, 0, 0, 0]);
        await cluster.waitFor(
            "every Milvus pod to be gone while paused",
            async () => (await list(cluster, `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=app.kubernetes.io%2Fname%3Dmilvus`)).length === 0,
            120_000,
            1000,
        );
        const cron = (await list<{ metadata: Meta; spec: { suspend?: boolean } }>(cluster, `/apis/batch/v1/namespaces/${NAMESPACE}/cronjobs`))[0];
        assert.strictEqual(cron?.spec.suspend, true, "the backup CronJob still runs while paused");

        await set("pause-cluster", [["milvus.paused", "false", "--type", "bool"]]);
        await up("pause-cluster", "resume");
        assert.deepStrictEqual(await replicas(cluster), running);
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "pause-cluster"]), "preview --expect-no-changes");
    });

    it("a paused standalone Milvus stays at zero replicas through an edit, refuses a rotation, and comes back on resume with the same resources", async () => {
        const ws = workspace();
        const stack = "pause-standalone";
        fs.copyFileSync(path.join(ws.project, "stacks", "Pulumi.local.yaml"), path.join(ws.project, "stacks", `Pulumi.${stack}.yaml`));
        assertSucceeded(await ws.pulumi(["stack", "init", stack]), "stack init");
        await up(stack, "first up");
        const cluster = await clusterOf(ws, stack);
        const deployments = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`;
        const standalone = async () =>
            (await list<{ metadata: Meta; spec: { replicas: number } }>(cluster, deployments)).find(
                (d) => d.metadata.labels?.component === "standalone",
            );
        assert.strictEqual((await standalone())?.spec.replicas, 1);
        const before = exportedResources(await ws.pulumi(["stack", "export", "--stack", stack]))
            .map((r) => r.urn)
            .sort();
        const preview = async () => {
            const r = await ws.pulumi(["preview", "--json", "--stack", stack]);
            assertSucceeded(r, "preview");
            return changes(r);
        };

        await set(stack, [["milvus.paused", "true", "--type", "bool"]]);
        assert.deepStrictEqual(await preview(), ["update milvus-chart"], "a pause is one Helm upgrade");
        await up(stack, "pause");
        assert.strictEqual((await standalone())?.spec.replicas, 0);
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", stack]), "paused preview is clean");

        // Every version of the Deployment during an edit's Helm upgrade: none may ask for a pod.
        const seen: number[] = [];
        const stopWatch = cluster.watch(`${deployments}?labelSelector=component%3Dstandalone`, (_type, o: KubeObject) => {
            seen.push(Number((o.spec as { replicas?: number } | undefined)?.replicas));
        });
        try {
            await set(stack, [["milvus.components.standalone.resources.requests.cpu", "1500m"]]);
            await up(stack, "an edit while paused");
        } finally {
            stopWatch();
        }
        assert.ok(seen.length > 1, `the watch saw ${seen.length} version(s) of the Deployment: the edit did not reach it`);
        assert.deepStrictEqual(
            seen.filter((n) => n !== 0),
            [],
            `replicas seen while paused: ${seen.join(", ")}`,
        );
        const pods = await list<{ metadata: Meta }>(cluster, `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=component%3Dstandalone`);
        assert.deepStrictEqual(
            pods.map((p) => p.metadata.name),
            [],
            "a standalone pod exists while paused",
        );

        // What needs a running Milvus is refused while paused, before anything changes.
        await set(stack, [["milvus.auth.rootPasswordGeneration", "2", "--type", "int"]]);
        const refused = await ws.pulumi(["preview", "--stack", stack]);
        assert.notStrictEqual(refused.code, 0, transcript(refused));
        assert.match(refused.stdout, /milvus-on-clouds:milvus\.auth\.rootPasswordGeneration: got 2; allowed while paused: 1 \(deployed\)/);
        assert.doesNotMatch(refused.stdout + refused.stderr, STACK_TRACE_LINE);
        assertSucceeded(await ws.pulumi(["config", "rm", "--path", "milvus.auth.rootPasswordGeneration", "--stack", stack]), "config rm");

        await set(stack, [["milvus.paused", "false", "--type", "bool"]]);
        assert.deepStrictEqual(await preview(), ["update milvus-chart"], "a resume is one Helm upgrade");
        await up(stack, "resume");
        const resumed = await standalone();
        assert.strictEqual(resumed?.spec.replicas, 1);
        await cluster.waitFor(
            "the standalone pod to be Ready again",
            async () => {
                const d = (await cluster.get(`${deployments}/${resumed?.metadata.name}`)) as { status: { readyReplicas?: number } };
                return d.status.readyReplicas === 1;
            },
            120_000,
            1000,
        );
        const after = exportedResources(await ws.pulumi(["stack", "export", "--stack", stack]))
            .map((r) => r.urn)
            .sort();
        assert.deepStrictEqual(after, before, "the same resources as before the pause");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", stack]), "preview after the resume");
    });

    it("turning monitoring on for a deployed stack adds the PrometheusRule and the dashboard and relabels the ServiceMonitor, nothing else", async () => {
        const ws = workspace();
        writeStack("watch-later", "config:\n  milvus-on-clouds:cloud: local\n");
        assertSucceeded(await ws.pulumi(["stack", "init", "watch-later"]), "stack init");
        await up("watch-later", "first up");
        await set("watch-later", [
            ["milvus.metrics.serviceMonitor", "true", "--type", "bool"],
            ["milvus.metrics.alerts", "true", "--type", "bool"],
            ["milvus.metrics.dashboard", "true", "--type", "bool"],
            ["milvus.metrics.prometheusLabels.release", "kps"],
        ]);
        const r = await ws.pulumi(["preview", "--json", "--stack", "watch-later"]);
        assertSucceeded(r, "preview");
        assert.deepStrictEqual(changes(r), ["create milvus-alerts", "create milvus-dashboard", "update milvus-chart"]);
        await up("watch-later", "up");
        const cluster = await clusterOf(ws, "watch-later");
        const monitors = await list<{ metadata: Meta }>(cluster, `/apis/monitoring.coreos.com/v1/namespaces/${NAMESPACE}/servicemonitors`);
        assert.ok(
            monitors.length > 0 && monitors.every((m) => m.metadata.labels?.release === "kps"),
            `ServiceMonitors without the Prometheus label: ${JSON.stringify(monitors.map((m) => [m.metadata.name, m.metadata.labels]))}`,
        );
        const rules = await list<{ metadata: Meta }>(cluster, `/apis/monitoring.coreos.com/v1/namespaces/${NAMESPACE}/prometheusrules`);
        assert.strictEqual(rules.length, 1, "no PrometheusRule (the API server validated it against the CRD)");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "watch-later"]), "preview --expect-no-changes");
    });
});
