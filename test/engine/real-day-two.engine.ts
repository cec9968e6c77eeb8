// Day-2 operations on a real Kubernetes (see real-cluster.engine.ts for what
// runs for real): growing a StatefulSet volume waits until the volume has
// grown, and a paused standalone Milvus stays at zero through any edit.
//
// What the test plays: the CSI resizer. No volume driver that resizes runs
// here (the in-tree hostPath plugin does not expand), so when a claim asks
// for more than it has, the test writes what the external-resizer and the
// kubelet would write once the disk has grown: the PersistentVolume's
// capacity, then the claim's status.capacity (Kubernetes docs, "Expanding
// Persistent Volumes Claims"; kubernetes-csi/external-resizer).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { validateStackConfig } from "../../components/platforms";
import type { KubeObject } from "../../tools/cluster/cluster";
import type { EngineWorkspace } from "../../tools/engine/workspace";
import { rawProjectConfig, stackFileConfig } from "../../tools/offline/stacks";
import { claims, list, type Claim, type Meta } from "./cluster-checks";
import { STACK_TRACE_LINE, assertSucceeded, exportedResources, previewSteps, transcript } from "./harness";
import { realKube, realWorkspace } from "./kube";

const STACK = "day-two";
const NAMESPACE = "e2e-day-two";

describe("engine suite: day-2 operations on a real Kubernetes", function () {
    this.timeout(20 * 60 * 1000);
    let ws: EngineWorkspace;
    const config = validateStackConfig(rawProjectConfig(stackFileConfig("local")));
    const release = config.milvus.releaseName;
    const set = async (...pairs: Array<[string, string, string?]>) => {
        for (const [key, value, type] of pairs) {
            assertSucceeded(await ws.pulumi(["config", "set", "--path", key, value, ...(type ? ["--type", type] : []), "--stack", STACK]), `config set ${key}`);
        }
    };
    const up = async (what: string) => assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", STACK]), what);
    const changes = async () => {
        const r = await ws.pulumi(["preview", "--json", "--stack", STACK]);
        assertSucceeded(r, "preview");
        return previewSteps(r).filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn.split("::").pop()}`);
    };

    before(async () => {
        const { charts } = await realKube();
        ws = await realWorkspace();
        // The shipped quick-start stack, in a namespace of its own; the suite's StorageClass allows expansion.
        fs.copyFileSync(path.join(ws.project, "stacks", "Pulumi.local.yaml"), path.join(ws.project, "stacks", `Pulumi.${STACK}.yaml`));
        assertSucceeded(await ws.pulumi(["stack", "init", STACK]), "stack init");
        await set(["milvus.namespace", NAMESPACE], ["milvus.chartRepository", charts.url], ["local.volumeExpansion", "true", "bool"]);
        await up("first up");
    });
    after(async () => {
        if (ws) {
            await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", STACK]);
            ws.dispose();
        }
    });

    it("growing etcd's volume waits until the volume has grown (the test plays the resizer)", async () => {
        const { cluster } = await realKube();
        const etcdClaim = `data-${release}-etcd-0`;
        const before = (await claims(cluster, NAMESPACE)).find((c) => c.metadata.name === etcdClaim);
        assert.ok(before, `no claim ${etcdClaim}`);
        assert.strictEqual(before.status.capacity?.storage, config.milvus.etcd.storageSize);
        const grown = `${Number(/^(\d+)Gi$/.exec(config.milvus.etcd.storageSize)?.[1]) + 5}Gi`;
        await set(["milvus.etcd.storageSize", grown]);
        assert.deepStrictEqual(await changes(), [`create milvus-${etcdClaim}-size`]);

        // The resizer: once the claim asks for more, wait a while (a disk takes time to grow), then write the new capacity.
        const resizeDelayMs = 15_000;
        let resizedAt = 0;
        let stop = false;
        const resizer = (async () => {
            while (!stop) {
                const claim = (await cluster.find(`/api/v1/namespaces/${NAMESPACE}/persistentvolumeclaims/${etcdClaim}`)) as Claim | undefined;
                if (claim && claim.spec.resources.requests.storage === grown && claim.status.capacity?.storage !== grown) {
                    await new Promise((r) => setTimeout(r, resizeDelayMs));
                    await cluster.request("PATCH", `/api/v1/persistentvolumes/${claim.spec.volumeName}`, { spec: { capacity: { storage: grown } } }, "application/merge-patch+json");
                    await cluster.patchStatus(`/api/v1/namespaces/${NAMESPACE}/persistentvolumeclaims/${etcdClaim}`, { capacity: { storage: grown } });
                    resizedAt = Date.now();
                    return;
                }
                await new Promise((r) => setTimeout(r, 500));
            }
        })();
        try {
            const r = await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", STACK]);
            assertSucceeded(r, "up that grows etcd");
            const finished = Date.now();
            assert.ok(resizedAt > 0, "the up finished before the claim asked for the larger size");
            assert.ok(finished >= resizedAt, `the up finished ${resizedAt - finished} ms before the volume had grown`);
        } finally {
            stop = true;
            await resizer;
        }
        const after = (await claims(cluster, NAMESPACE)).find((c) => c.metadata.name === etcdClaim);
        assert.deepStrictEqual([after?.spec.resources.requests.storage, after?.status.capacity?.storage], [grown, grown]);
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", STACK]), "preview after the growth");
    });

    it("a paused standalone Milvus stays at zero replicas through an edit, refuses a rotation, and comes back on resume with the same resources", async () => {
        const { cluster } = await realKube();
        const deployments = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`;
        const standalone = async () => (await list<{ metadata: Meta; spec: { replicas: number } }>(cluster, deployments)).find((d) => d.metadata.labels?.component === "standalone");
        assert.strictEqual((await standalone())?.spec.replicas, 1);
        const before = exportedResources(await ws.pulumi(["stack", "export", "--stack", STACK])).map((r) => r.urn).sort();

        await set(["milvus.paused", "true", "bool"]);
        assert.deepStrictEqual(await changes(), ["update milvus-chart"], "a pause is one Helm upgrade");
        await up("pause");
        assert.strictEqual((await standalone())?.spec.replicas, 0);
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", STACK]), "paused preview is clean");

        // Every version of the Deployment during an edit's Helm upgrade: none may ask for a pod.
        const seen: number[] = [];
        const stopWatch = cluster.watch(`${deployments}?labelSelector=component%3Dstandalone`, (_type, o: KubeObject) => {
            seen.push(Number((o.spec as { replicas?: number } | undefined)?.replicas));
        });
        try {
            await set(["milvus.components.standalone.resources.requests.cpu", "1500m"]);
            await up("an edit while paused");
        } finally {
            stopWatch();
        }
        assert.ok(seen.length > 1, `the watch saw ${seen.length} version(s) of the Deployment: the edit did not reach it`);
        assert.deepStrictEqual(seen.filter((r) => r !== 0), [], `replicas seen while paused: ${seen.join(", ")}`);
        const pods = await list<{ metadata: Meta }>(cluster, `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=component%3Dstandalone`);
        assert.deepStrictEqual(pods.map((p) => p.metadata.name), [], "a standalone pod exists while paused");

        // What needs a running Milvus is refused while paused, before anything changes.
        await set(["milvus.auth.rootPasswordGeneration", "2", "int"]);
        const refused = await ws.pulumi(["preview", "--stack", STACK]);
        assert.notStrictEqual(refused.code, 0, transcript(refused));
        assert.match(refused.stdout, /milvus-on-clouds:milvus\.auth\.rootPasswordGeneration: got 2; allowed while paused: 1 \(deployed\)/);
        assert.doesNotMatch(refused.stdout + refused.stderr, STACK_TRACE_LINE);
        assertSucceeded(await ws.pulumi(["config", "rm", "--path", "milvus.auth.rootPasswordGeneration", "--stack", STACK]), "config rm");

        await set(["milvus.paused", "false", "bool"]);
        assert.deepStrictEqual(await changes(), ["update milvus-chart"], "a resume is one Helm upgrade");
        await up("resume");
        const resumed = await standalone();
        assert.strictEqual(resumed?.spec.replicas, 1);
        await cluster.waitFor("the standalone pod to be Ready again", async () => {
            const d = (await cluster.get(`${deployments}/${resumed?.metadata.name}`)) as { status: { readyReplicas?: number } };
            return d.status.readyReplicas === 1;
        }, 120_000, 1000);
        const after = exportedResources(await ws.pulumi(["stack", "export", "--stack", STACK])).map((r) => r.urn).sort();
        assert.deepStrictEqual(after, before, "the same resources as before the pause");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", STACK]), "preview after the resume");
    });
});
