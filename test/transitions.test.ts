// Edits a valid config cannot make to a deployed stack (issue 15, upgrades and
// stateful dependencies): each compared with the record of what was deployed.
// The engine suite proves the same through the real CLI, where the record is
// read back from the stack's own outputs (test/engine/regressions.engine.ts).
import * as assert from "assert";
import { deploymentRecordOf, type DeploymentRecord } from "../components/config/deployment-record";
import { holdSizedVolumes, transitionProblems } from "../components/config/transitions";
import { validateStackConfig } from "../components/platforms";

const record = (milvus: Record<string, unknown>, environment = "dev"): DeploymentRecord => {
    const config = validateStackConfig({ cloud: "local", environment, milvus });
    return deploymentRecordOf(config.milvus, true);
};
const problems = (before: Record<string, unknown>, after: Record<string, unknown>, environment = "dev") =>
    transitionProblems(record(before, environment), record(after, environment)).map((p) => `${p.key}: got ${JSON.stringify(p.given)}; ${p.allowed}`);

describe("transitions: what a deployed stack may change", () => {
    it("a volume the workload sized keeps its deployed size when the sizing now gives less; an explicit one is refused", () => {
        // 600,000 x 1024 x 4 B = 2.29 GiB of raw data -> ceil 3 -> a 1.5Gi journal; the sizing before 2026-12-06 rounded it up
        // to 2Gi, and a record of 2Gi is what a stack deployed then holds.
        const workload = { vectors: 600_000, dimension: 1024, indexType: "HNSW" };
        const sized = validateStackConfig({ cloud: "local", milvus: { mode: "cluster", messageQueue: "pulsar", workload } }).milvus;
        assert.strictEqual(sized.pulsar.journalSize, "1.5Gi");
        const deployed = deploymentRecordOf(sized, true);
        const before: DeploymentRecord = { ...deployed, pulsar: deployed.pulsar && { ...deployed.pulsar, journalSize: "2Gi" } };
        const held = holdSizedVolumes(sized, before);
        assert.strictEqual(held.pulsar.journalSize, "2Gi");
        assert.deepStrictEqual(transitionProblems(before, deploymentRecordOf(held, true, before)), []);
        // Larger sized volumes are not held back, and without a record nothing changes.
        assert.strictEqual(
            holdSizedVolumes(sized, { ...before, pulsar: before.pulsar && { ...before.pulsar, journalSize: "1Gi" } }).pulsar.journalSize,
            "1.5Gi",
        );
        assert.strictEqual(holdSizedVolumes(sized, undefined), sized);
        // A journal size the config sets itself is what it says, and a smaller one than deployed is refused.
        const explicit = validateStackConfig({
            cloud: "local",
            milvus: { mode: "cluster", messageQueue: "pulsar", workload, pulsar: { journalSize: "1Gi" } },
        }).milvus;
        const kept = holdSizedVolumes(explicit, before);
        assert.strictEqual(kept.pulsar.journalSize, "1Gi");
        assert.match(
            transitionProblems(before, deploymentRecordOf(kept, true, before))
                .map((p) => `${p.key}: ${p.allowed}`)
                .join("\n"),
            /milvus\.pulsar\.journalSize: allowed: 2Gi \(deployed\) or more/,
        );
    });

    it("a stack without a record (new, or deployed before it) compares nothing", () => {
        assert.deepStrictEqual(transitionProblems(undefined, record({ imageTag: "v2.6.0" })), []);
    });

    it("patch upgrades and unchanged settings pass; a downgrade is refused with the way back", () => {
        assert.deepStrictEqual(problems({ imageTag: "v2.6.14" }, { imageTag: "v2.6.15" }), []);
        assert.deepStrictEqual(problems({}, {}), []);
        const [downgrade] = problems({ imageTag: "v2.6.15" }, { imageTag: "v2.6.14" });
        assert.match(
            String(downgrade),
            /^milvus\.imageTag: got "v2\.6\.14"; allowed: v2\.6\.15 \(deployed\) or later — Milvus has no downgrade.*restore it there/,
        );
        assert.match(
            problems({ chartVersion: "5.0.19" }, { chartVersion: "5.0.18" }).join("\n"),
            /milvus\.chartVersion: got "5\.0\.18"; allowed: 5\.0\.19 \(deployed\) or later/,
        );
    });

    it("one minor release at a time, and 2.6 only from 2.5.16 or later", () => {
        const base = record({});
        const at = (imageTag: string): DeploymentRecord => ({ ...base, imageTag });
        assert.match(
            transitionProblems(at("v2.4.9"), at("v2.6.15"))
                .map((p) => p.allowed)
                .join("\n"),
            /the next minor release at most \(v2\.5\.x\)/,
        );
        assert.match(
            transitionProblems(at("v2.5.10"), at("v2.6.15"))
                .map((p) => p.allowed)
                .join("\n"),
            /v2\.5\.16 or a later 2\.5 first/,
        );
        assert.deepStrictEqual(transitionProblems(at("v2.5.16"), at("v2.6.15")), []);
        assert.match(
            transitionProblems(at("v2.6.0-rc1"), at("v2.6.15"))
                .map((p) => p.allowed)
                .join("\n"),
            /release candidate/,
        );
    });

    it("the message queue and the mode stay what they were", () => {
        assert.match(
            problems({ mode: "cluster", messageQueue: "pulsar" }, { mode: "cluster", messageQueue: "woodpecker" }).join("\n"),
            /milvus\.messageQueue: got "woodpecker"; allowed: pulsar \(deployed\) — Milvus cannot switch its message queue in place/,
        );
        assert.match(
            problems({ mode: "standalone" }, { mode: "cluster" }).join("\n"),
            /milvus\.mode: got "cluster"; allowed: standalone \(deployed\)/,
        );
    });

    it("etcd members, MinIO drives and the ZooKeeper ensemble are fixed; bookies may only grow", () => {
        const cluster = { mode: "cluster", messageQueue: "pulsar", minio: { mode: "distributed", replicas: 4 } };
        assert.match(problems(cluster, { ...cluster, etcd: { replicas: 5 } }).join("\n"), /milvus\.etcd\.replicas: got 5; allowed: 3 \(deployed\)/);
        assert.match(
            problems(cluster, { ...cluster, minio: { mode: "distributed", replicas: 8 } }).join("\n"),
            /milvus\.minio\.replicas: got 8; allowed: distributed with 4 replicas \(deployed\)/,
        );
        assert.match(
            problems(cluster, { ...cluster, pulsar: { zookeeperReplicas: 3 } }).join("\n"),
            /milvus\.pulsar\.zookeeperReplicas: got 3; allowed: 1 \(deployed\)/,
        );
        const bookies = { ...cluster, pulsar: { bookkeeperReplicas: 3 } };
        assert.deepStrictEqual(problems(cluster, bookies), [], "adding bookies is safe");
        assert.match(problems(bookies, cluster).join("\n"), /milvus\.pulsar\.bookkeeperReplicas: got 1; allowed: 3 \(deployed\) or more/);
    });

    it("volumes never shrink, whatever unit the sizes are written in", () => {
        assert.match(
            problems({ etcd: { storageSize: "10Gi" } }, { etcd: { storageSize: "9Gi" } }).join("\n"),
            /milvus\.etcd\.storageSize: got "9Gi"; allowed: 10Gi \(deployed\) or more — a volume cannot shrink/,
        );
        assert.match(problems({ standaloneStorageSize: "1Ti" }, { standaloneStorageSize: "1000Gi" }).join("\n"), /milvus\.standaloneStorageSize/);
        assert.deepStrictEqual(problems({ etcd: { storageSize: "10Gi" } }, { etcd: { storageSize: "10240Mi" } }), []);
    });
});
