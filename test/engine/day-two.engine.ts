// Day-2 operations as config edits, through the real CLI (issue 15): what the
// preview of each edit shows, that `up` goes through against the fake API
// server's checks (tools/engine/fake-provider.ts: a StatefulSet's claim
// templates never change, a claim never shrinks, a patched claim must
// exist), and that the next preview is clean.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    REPLACING_OPS, STACK_TRACE_LINE, assertSucceeded, disposeWorkspace, exportedResources, liveObjects, previewSteps, transcript, workspace,
} from "./harness";
import type { CommandResult } from "../../tools/engine/workspace";

function writeStack(name: string, body: string): void {
    fs.writeFileSync(path.join(workspace().project, "stacks", `Pulumi.${name}.yaml`), body);
}

/** Every step of a preview that changes something, as `<op> <resource name>`. */
function changes(r: CommandResult): string[] {
    return previewSteps(r).filter((s) => s.op !== "same" && s.op !== "read").map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort();
}

async function set(stack: string, edits: Array<[string, string, ...string[]]>): Promise<void> {
    for (const [key, value, ...type] of edits) {
        assertSucceeded(await workspace().pulumi(["config", "set", "--path", key, value, ...type, "--stack", stack]), `config set ${key}`);
    }
}

/** The requests of the fake cluster's claims, by name (what the API server holds after the up). */
function claimSizes(stack: string): Record<string, string> {
    const dir = path.join(workspace().cloud, "cluster");
    const out: Record<string, string> = {};
    for (const f of fs.readdirSync(dir)) {
        const o = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { kind: string; name: string; owner: string; object: { spec?: { resources?: { requests?: { storage?: string } } } } };
        if (o.kind === "PersistentVolumeClaim" && o.owner.startsWith(`urn:pulumi:${stack}::`)) out[o.name] = String(o.object.spec?.resources?.requests?.storage);
    }
    return out;
}

describe("engine suite: day-2 operations", function () {
    this.timeout(15 * 60 * 1000);
    after(() => disposeWorkspace());

    it("growing the volumes of etcd, MinIO and the bookies patches each claim in place; the StatefulSets and the release stay as they are", async () => {
        const ws = workspace();
        const milvus = {
            mode: "cluster", messageQueue: "pulsar",
            etcd: { replicas: 3, storageSize: "10Gi" }, minio: { mode: "distributed", replicas: 4, storageSize: "50Gi" },
            pulsar: { bookkeeperReplicas: 2, journalSize: "10Gi", ledgersSize: "20Gi" },
        };
        writeStack("grow", `config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:local:\n    volumeExpansion: true\n  milvus-on-clouds:milvus: ${JSON.stringify(milvus)}\n`);
        assertSucceeded(await ws.pulumi(["stack", "init", "grow"]), "stack init");
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "grow"]), "first up");
        const before = exportedResources(await ws.pulumi(["stack", "export", "--stack", "grow"])).map((r) => r.urn);
        await set("grow", [
            ["milvus.etcd.storageSize", "20Gi"], ["milvus.minio.storageSize", "100Gi"],
            ["milvus.pulsar.journalSize", "15Gi"], ["milvus.pulsar.ledgersSize", "40Gi"],
        ]);
        const r = await ws.pulumi(["preview", "--json", "--stack", "grow"]);
        assertSucceeded(r, "preview of the growth");
        const claims = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `create milvus-${prefix}-${i}-size`);
        assert.deepStrictEqual(changes(r), [
            ...claims("data-milvus-etcd", 3), ...claims("export-milvus-minio", 4),
            ...claims("milvus-pulsarv3-bookie-journal-milvus-pulsarv3-bookie", 2), ...claims("milvus-pulsarv3-bookie-ledgers-milvus-pulsarv3-bookie", 2),
        ].sort(), "one patch per claim; the release is not touched");
        assert.deepStrictEqual(previewSteps(r).filter((s) => REPLACING_OPS.has(s.op)), []);
        // The fake API server refuses a release whose StatefulSets' claim templates changed, so this up
        // going through shows the chart kept the templates' sizes.
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "grow"]), "up");
        const sizes = claimSizes("grow");
        assert.strictEqual(sizes["data-milvus-etcd-2"], "20Gi");
        assert.strictEqual(sizes["export-milvus-minio-3"], "100Gi");
        assert.strictEqual(sizes["milvus-pulsarv3-bookie-ledgers-milvus-pulsarv3-bookie-1"], "40Gi");
        const after = exportedResources(await ws.pulumi(["stack", "export", "--stack", "grow"])).map((r) => r.urn);
        assert.deepStrictEqual(before.filter((u) => !after.includes(u)), [], "nothing went");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "grow"]), "preview --expect-no-changes");

        // A bookie added later gets its claims from the template (15Gi/20Gi as created), grown the same way.
        await set("grow", [["milvus.pulsar.bookkeeperReplicas", "3", "--type", "int"]]);
        const more = await ws.pulumi(["preview", "--json", "--stack", "grow"]);
        assertSucceeded(more, "preview of a third bookie");
        assert.deepStrictEqual(changes(more), [
            "create milvus-milvus-pulsarv3-bookie-journal-milvus-pulsarv3-bookie-2-size", "create milvus-milvus-pulsarv3-bookie-ledgers-milvus-pulsarv3-bookie-2-size",
            "update milvus-chart",
        ]);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "grow"]), "up with a third bookie");
        assert.strictEqual(claimSizes("grow")["milvus-pulsarv3-bookie-journal-milvus-pulsarv3-bookie-2"], "15Gi");
        const release = liveObjects(ws, "grow").find((o) => o.type === "kubernetes:helm.sh/v3:Release");
        assert.match(JSON.stringify(release?.outputs.values), /"journal":\{"size":"10Gi"\}/, "the chart still renders the template's size");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "grow"]), "preview --expect-no-changes");
    });

    it("a standalone volume grows through the release (a plain claim); growth is refused where the class is not known to expand", async () => {
        const ws = workspace();
        writeStack("grow-standalone", "config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:milvus:\n    standaloneStorageSize: 50Gi\n");
        assertSucceeded(await ws.pulumi(["stack", "init", "grow-standalone"]), "stack init");
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "grow-standalone"]), "first up");
        await set("grow-standalone", [["milvus.standaloneStorageSize", "80Gi"]]);
        const refused = await ws.pulumi(["preview", "--stack", "grow-standalone"]);
        assert.notStrictEqual(refused.code, 0, transcript(refused));
        assert.match(refused.stdout, /milvus-on-clouds:milvus\.standaloneStorageSize: got "80Gi"; allowed: 50Gi \(deployed\) — growing a volume in place needs a StorageClass that expands claims.*set local\.volumeExpansion: true/);
        assert.doesNotMatch(refused.stdout + refused.stderr, STACK_TRACE_LINE);

        await set("grow-standalone", [["local.volumeExpansion", "true", "--type", "bool"]]);
        const r = await ws.pulumi(["preview", "--json", "--stack", "grow-standalone"]);
        assertSucceeded(r, "preview");
        assert.deepStrictEqual(changes(r), ["update milvus-chart"]);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "grow-standalone"]), "up");
        assert.strictEqual(claimSizes("grow-standalone")["milvus"], "80Gi");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "grow-standalone"]), "preview --expect-no-changes");
    });

    /** Replicas of the fake cluster's Milvus Deployments, by name. */
    function replicas(stack: string): Record<string, number> {
        const dir = path.join(workspace().cloud, "cluster");
        const out: Record<string, number> = {};
        for (const f of fs.readdirSync(dir)) {
            const o = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { kind: string; name: string; owner: string; object: { spec?: { replicas?: number } } };
            if (o.kind === "Deployment" && o.owner.startsWith(`urn:pulumi:${stack}::`)) out[o.name] = Number(o.object.spec?.replicas);
        }
        return out;
    }

    it("pausing cluster mode scales every component to zero through the chart and suspends the scheduled backup; a new stack cannot start paused", async () => {
        const ws = workspace();
        const milvus = { mode: "cluster", messageQueue: "pulsar", components: { proxy: { replicas: 2 }, queryNode: { replicas: 3 } }, backup: { enabled: true } };
        writeStack("pause-cluster", `config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:milvus: ${JSON.stringify({ ...milvus, paused: true })}\n`);
        assertSucceeded(await ws.pulumi(["stack", "init", "pause-cluster"]), "stack init");
        const first = await ws.pulumi(["preview", "--stack", "pause-cluster"]);
        assert.notStrictEqual(first.code, 0, transcript(first));
        assert.match(first.stdout, /milvus-on-clouds:milvus\.paused: got true; allowed on a deployed stack only/);

        await set("pause-cluster", [["milvus.paused", "false", "--type", "bool"]]);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "pause-cluster"]), "first up");
        const running = replicas("pause-cluster");
        assert.deepStrictEqual([running["milvus-proxy"], running["milvus-querynode"]], [2, 3]);
        await set("pause-cluster", [["milvus.paused", "true", "--type", "bool"]]);
        const r = await ws.pulumi(["preview", "--json", "--stack", "pause-cluster"]);
        assertSucceeded(r, "preview of the pause");
        assert.deepStrictEqual(changes(r), ["update milvus-backup", "update milvus-chart"]);
        assert.deepStrictEqual(previewSteps(r).filter((s) => REPLACING_OPS.has(s.op)), []);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "pause-cluster"]), "pause");
        assert.deepStrictEqual(Object.values(replicas("pause-cluster")), [0, 0, 0, 0, 0]);
        const cron = liveObjects(ws, "pause-cluster").find((o) => o.type === "kubernetes:batch/v1:CronJob");
        assert.strictEqual((cron?.outputs.spec as { suspend?: boolean } | undefined)?.suspend, true);

        await set("pause-cluster", [["milvus.paused", "false", "--type", "bool"]]);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "pause-cluster"]), "resume");
        assert.deepStrictEqual(replicas("pause-cluster"), running);
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "pause-cluster"]), "preview --expect-no-changes");
    });

    it("turning monitoring on for a deployed stack adds the PrometheusRule and the dashboard and relabels the ServiceMonitor, nothing else", async () => {
        const ws = workspace();
        writeStack("watch-later", "config:\n  milvus-on-clouds:cloud: local\n");
        assertSucceeded(await ws.pulumi(["stack", "init", "watch-later"]), "stack init");
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "watch-later"]), "first up");
        await set("watch-later", [
            ["milvus.metrics.serviceMonitor", "true", "--type", "bool"], ["milvus.metrics.alerts", "true", "--type", "bool"],
            ["milvus.metrics.dashboard", "true", "--type", "bool"], ["milvus.metrics.prometheusLabels.release", "kps"],
        ]);
        const r = await ws.pulumi(["preview", "--json", "--stack", "watch-later"]);
        assertSucceeded(r, "preview");
        assert.deepStrictEqual(changes(r), ["create milvus-alerts", "create milvus-dashboard", "update milvus-chart"]);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "watch-later"]), "up");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "watch-later"]), "preview --expect-no-changes");
    });
});
