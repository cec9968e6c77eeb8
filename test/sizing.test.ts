// Workload sizing against numbers worked out by hand from the sizing tool's
// formulas (../shared/reference/milvus-on-clouds.md, Sizing). The arithmetic
// is in the comments; nothing here was copied from the implementation's output.
//
// Constants used below:
//   GiB = 1,073,741,824 B; segment 1024 MB = 1,073,741,824 B
//   1M x 768 float32 = 3,072,000,000 B; 10M x 768 = 30.72e9 B; 100M x 768 = 307.2e9 B
//   Pod requests = a node of the tool's size minus headroom (10% + 0.1 CPU + 0.5 GiB),
//   rounded down to m / Mi; limits = the tool's size:
//     1 CPU/4 GiB  -> 0.8 CPU "800m",  3.1 GiB x 1024 = 3174.4  -> "3174Mi"
//     2 CPU/8 GiB  -> 1.7 CPU "1700m", 6.7 GiB x 1024 = 6860.8  -> "6860Mi"
//     1 CPU/8 GiB  -> 0.8 CPU "800m",  6.7 GiB               -> "6860Mi"
//     4 CPU/16 GiB -> 3.5 CPU "3500m", 13.9 GiB x 1024 = 14233.6 -> "14233Mi"
//     8 CPU/16 GiB -> 7.1 CPU "7100m", 13.9 GiB               -> "14233Mi"
//     8 CPU/32 GiB -> 7.1 CPU "7100m", 28.3 GiB x 1024 = 28979.2 -> "28979Mi"
import * as assert from "assert";
import { DEFAULT_CHART_VERSION, resolveMilvus } from "../components/config/resolve";
import { ConfigValidationError } from "../components/config/problems";
import { validateStackConfig } from "../components/platforms";
import { nodePoolSize, roleDemand } from "../components/sizing/demand";
import {
    DEFAULT_INDEX_PARAMS, clusterComponents, indexFootprintBytes, loadingBytes, rawDataBytes, streamingNodeFor, type Workload,
} from "../components/sizing/formulas";
import { PodDoesNotFitError, instanceSize, nodesNeeded, packPods, sizedResources, type PodDemand } from "../components/sizing/nodes";
import { sizeWorkload } from "../components/sizing/size";
import { buildChartValues, type ChartWiring } from "../components/milvus/values";
import { chartDirectory, loadChartDefaults, unknownKeyPaths } from "./harness/chart-contract";
import { at } from "./harness/inspect";
import { localPlatform } from "../components/local/module";
import { awsPlatform } from "../components/aws/module";

const localCapabilities = localPlatform.capabilities(undefined);
const awsCapabilities = awsPlatform.capabilities(undefined);

const workload = (w: Partial<Workload> & Pick<Workload, "vectors" | "dimension" | "indexType">): Workload => ({
    scalarBytesPerEntity: 0, replicas: 1, segmentSizeMB: 1024,
    hnswM: DEFAULT_INDEX_PARAMS.hnswM, nlist: DEFAULT_INDEX_PARAMS.nlist, diskannMaxDegree: DEFAULT_INDEX_PARAMS.diskannMaxDegree,
    ...w,
});
const res = (cpu: string, memory: string, limitCpu: string, limitMemory: string, extra: Record<string, string> = {}) =>
    ({ requests: { cpu, memory, ...extra }, limits: { cpu: limitCpu, memory: limitMemory } });

describe("sizing: 1M x 1024-dim HNSW (the published EKS guide example)", () => {
    const w = workload({ vectors: 1_000_000, dimension: 1024, indexType: "HNSW" });

    it("raw, index and loading memory follow the formulas", () => {
        // raw = 1e6 x 1024 x 4 = 4,096,000,000 B
        assert.strictEqual(rawDataBytes(w), 4_096_000_000);
        // HNSW = (1 + 2 x 30 / 1024) x raw = 1.05859375 x 4.096e9 = 4,336,000,000 B
        assert.strictEqual(indexFootprintBytes(w).memory, 4_336_000_000);
        // loading = (4,336,000,000 + 2 x 1,073,741,824) x 1.15 = 6,483,483,648 x 1.15 = 7,456,006,195.2 B (6.94 GiB)
        assert.ok(Math.abs(loadingBytes(w).memory - 7_456_006_195.2) < 1);
    });

    it("cluster: 6.94 GiB falls in the tool's [0, 8) GiB row: one 2 CPU/8 GiB query node, proxy 1 CPU/4 GiB", () => {
        const s = sizeWorkload(w, "cluster");
        const c = s.components;
        assert.ok(c);
        // The EKS guide: proxy 1 CPU/4 Gi, queryNode 2 CPU/8 Gi.
        assert.deepStrictEqual({ cpu: c.queryNode.cpu, memoryGiB: c.queryNode.memoryGiB, replicas: c.queryNode.replicas }, { cpu: 2, memoryGiB: 8, replicas: 1 });
        assert.deepStrictEqual(c.queryNode.resources, res("1700m", "6860Mi", "2", "8Gi"));
        assert.deepStrictEqual(c.proxy.resources, res("800m", "3174Mi", "1", "4Gi"));
        assert.deepStrictEqual(c.mixCoordinator.resources, res("800m", "3174Mi", "1", "4Gi"));
        assert.deepStrictEqual(c.dataNode.resources, res("1700m", "6860Mi", "2", "8Gi"));
        // streaming: query-node cores 2 -> ceil(2 / 16) = 1 unit -> 1 x 2 CPU/8 GiB
        assert.deepStrictEqual([c.streamingNode.replicas, c.streamingNode.cpu, c.streamingNode.memoryGiB], [1, 2, 8]);
    });

    it("cluster dependencies: etcd 3 x 1/4 20Gi, MinIO 4 x 1/8 at the 30 Gi floor, Pulsar at its minimum volumes", () => {
        const s = sizeWorkload(w, "cluster");
        assert.deepStrictEqual([s.etcd.replicas, s.etcd.volumeGiB], [3, 20]);
        assert.deepStrictEqual(s.etcd.resources, res("800m", "3174Mi", "1", "4Gi"));
        // MinIO: ceil((4,096,000,000 + 7,456,006,195.2) / GiB) = ceil(10.76) = 11 -> max(11, 30) = 30
        assert.deepStrictEqual([s.minio.replicas, s.minio.volumeGiB], [4, 30]);
        // ledgers: ceil(3.81 GiB) = 4 -> max(4, 20) = 20; journal: min(4 x 0.5, 50) = 2
        assert.deepStrictEqual([s.pulsar?.bookkeeper.ledgersGiB, s.pulsar?.bookkeeper.journalGiB], [20, 2]);
        assert.deepStrictEqual([s.pulsar?.zookeeper.replicas, s.pulsar?.zookeeper.volumeGiB], [3, 30]);
        assert.deepStrictEqual([s.pulsar?.broker.replicas, s.pulsar?.proxy.replicas, s.pulsar?.bookkeeper.replicas], [2, 2, 3]);
    });

    it("standalone: 6.94 GiB <= 8 -> one 8 GiB pod with 8 / 4 = 2 CPU; raw >= 1M x 768 -> etcd 2 GiB, MinIO 8 GiB", () => {
        const s = sizeWorkload(w, "standalone");
        assert.deepStrictEqual([s.standalone?.cpu, s.standalone?.memoryGiB], [2, 8]);
        assert.strictEqual(s.components, undefined);
        // 4,096,000,000 >= 3,072,000,000
        assert.deepStrictEqual([s.etcd.replicas, s.etcd.cpu, s.etcd.memoryGiB, s.etcd.volumeGiB], [1, 0.5, 2, 10]);
        assert.deepStrictEqual([s.minio.replicas, s.minio.memoryGiB, s.minio.volumeGiB], [1, 8, 30]);
        assert.strictEqual(s.standaloneStorageGiB, 50);
    });
});

describe("sizing: 30M x 1024-dim HNSW (the published 26-host plan chose 5 query nodes)", () => {
    const w = workload({ vectors: 30_000_000, dimension: 1024, indexType: "HNSW" });

    it("loading memory is 141.6 GiB", () => {
        // raw = 30e6 x 1024 x 4 = 122,880,000,000 B (114.44 GiB)
        // HNSW = 1.05859375 x 122.88e9 = 130,080,000,000 B
        // loading = (130,080,000,000 + 2,147,483,648) x 1.15 = 152,061,606,195.2 B = 141.618 GiB
        assert.strictEqual(indexFootprintBytes(w).memory, 130_080_000_000);
        assert.ok(Math.abs(loadingBytes(w).memory - 152_061_606_195.2) < 1);
    });

    it("96-512 GiB: ceil(141.618 / 32) = 5 query nodes of 8 CPU/32 GiB; proxy, mixCoord 8/32; 8 data nodes of 8/16", () => {
        const c = sizeWorkload(w, "cluster").components;
        assert.ok(c);
        assert.deepStrictEqual([c.queryNode.replicas, c.queryNode.cpu, c.queryNode.memoryGiB], [5, 8, 32]);
        assert.deepStrictEqual(c.queryNode.resources, res("7100m", "28979Mi", "8", "32Gi"));
        assert.deepStrictEqual([c.proxy.replicas, c.proxy.cpu, c.proxy.memoryGiB], [1, 8, 32]);
        assert.deepStrictEqual([c.mixCoordinator.replicas, c.mixCoordinator.cpu, c.mixCoordinator.memoryGiB], [1, 8, 32]);
        assert.deepStrictEqual([c.dataNode.replicas, c.dataNode.cpu, c.dataNode.memoryGiB], [8, 8, 16]);
        assert.deepStrictEqual(c.dataNode.resources, res("7100m", "14233Mi", "8", "16Gi"));
        // streaming: 5 x 8 = 40 cores -> ceil(40 / 16) = 3 units -> 2 x 4 CPU/16 GiB
        assert.deepStrictEqual([c.streamingNode.replicas, c.streamingNode.cpu, c.streamingNode.memoryGiB], [2, 4, 16]);
        assert.deepStrictEqual(c.streamingNode.resources, res("3500m", "14233Mi", "4", "16Gi"));
    });

    it("dependencies: MinIO ceil((122.88e9 + 152.06e9) / GiB) = 257 Gi, ledgers ceil(114.44) = 115 Gi, journal min(57.5, 50) = 50 Gi", () => {
        const s = sizeWorkload(w, "cluster");
        // 274,941,606,195.2 / 1,073,741,824 = 256.06 -> 257
        assert.strictEqual(s.minio.volumeGiB, 257);
        assert.strictEqual(s.pulsar?.bookkeeper.ledgersGiB, 115);
        assert.strictEqual(s.pulsar?.bookkeeper.journalGiB, 50);
        // below 100M x 768 (307.2e9 B): etcd stays 1 CPU/4 GiB/20 Gi
        assert.deepStrictEqual([s.etcd.memoryGiB, s.etcd.volumeGiB], [4, 20]);
        assert.deepStrictEqual([s.kafka?.broker.replicas, s.kafka?.broker.cpu, s.kafka?.broker.volumeGiB], [3, 2, 115]);
    });

    it("two in-memory replicas double the query nodes (2 x 5) but not the streaming nodes", () => {
        const c = sizeWorkload({ ...w, replicas: 2 }, "cluster").components;
        assert.strictEqual(c?.queryNode.replicas, 10);
        assert.strictEqual(c?.streamingNode.replicas, 2);
    });

    it("a dev stack with this workload and no mode becomes cluster mode (122.88e9 B > 10M x 768 = 30.72e9 B) and gets the sized values", () => {
        const m = resolveMilvus(localCapabilities, "dev", { workload: { vectors: 30_000_000, dimension: 1024, indexType: "HNSW" } });
        assert.strictEqual(m.mode, "cluster");
        assert.strictEqual(m.components.queryNode.replicas, 5);
        assert.strictEqual(m.components.dataNode.replicas, 8);
        assert.deepStrictEqual(m.components.queryNode.resources, res("7100m", "28979Mi", "8", "32Gi"));
        assert.strictEqual(m.minio.storageSize, "257Gi");
        assert.strictEqual(m.minio.mode, "distributed");
        assert.strictEqual(m.pulsar.ledgersSize, "115Gi");
        assert.strictEqual(m.pulsar.journalSize, "50Gi");
        assert.strictEqual(m.pulsar.zookeeperDataSize, "30Gi");
        assert.strictEqual(m.etcd.storageSize, "20Gi");
    });
});

describe("sizing: 100M x 768-dim DiskANN", () => {
    const w = workload({ vectors: 100_000_000, dimension: 768, indexType: "DISKANN" });

    it("memory raw / 4 x 1.15, local disk (1 + 56 / 768) x raw", () => {
        // raw = 1e8 x 768 x 4 = 307,200,000,000 B (286.10 GiB), exactly the tool's 100M x 768 mark
        // memory = 307.2e9 / 4 = 76.8e9; loading = 76.8e9 x 1.15 = 88,320,000,000 B = 82.25 GiB (no segment term for DiskANN)
        // disk = 307.2e9 + 56 / 768 x 307.2e9 = 307.2e9 + 22.4e9 = 329,600,000,000 B = 306.96 GiB
        assert.deepStrictEqual(indexFootprintBytes(w), { memory: 76_800_000_000, disk: 329_600_000_000 });
        const loading = loadingBytes(w);
        assert.ok(Math.abs(loading.memory - 88_320_000_000) < 1);
        assert.strictEqual(loading.disk, 329_600_000_000);
    });

    it("82.25 GiB falls in the [80, 96) row: 6 query nodes of 4/16 with 52 Gi local disk each, 4 data nodes", () => {
        const c = sizeWorkload(w, "cluster").components;
        assert.ok(c);
        assert.deepStrictEqual([c.queryNode.replicas, c.queryNode.cpu, c.queryNode.memoryGiB], [6, 4, 16]);
        // 306.96 GiB / 6 = 51.16 -> 52 Gi of ephemeral storage per query node
        assert.deepStrictEqual(c.queryNode.resources, res("3500m", "14233Mi", "4", "16Gi", { "ephemeral-storage": "52Gi" }));
        assert.strictEqual(c.queryNode.localDiskGiB, 52);
        assert.deepStrictEqual([c.dataNode.replicas, c.dataNode.cpu, c.dataNode.memoryGiB], [4, 4, 16]);
        assert.deepStrictEqual([c.proxy.cpu, c.proxy.memoryGiB, c.mixCoordinator.cpu, c.mixCoordinator.memoryGiB], [2, 8, 2, 8]);
        // streaming: 6 x 4 = 24 cores -> ceil(24 / 16) = 2 units -> 1 x 4 CPU/16 GiB
        assert.deepStrictEqual([c.streamingNode.replicas, c.streamingNode.cpu, c.streamingNode.memoryGiB], [1, 4, 16]);
    });

    it("at 100M x 768 the dependencies step up: etcd 8 GiB/50 Gi, bookies 2/16, zookeeper 50 Gi; MinIO 369 Gi", () => {
        const s = sizeWorkload(w, "cluster");
        assert.deepStrictEqual([s.etcd.cpu, s.etcd.memoryGiB, s.etcd.volumeGiB], [1, 8, 50]);
        assert.deepStrictEqual(s.etcd.resources, res("800m", "6860Mi", "1", "8Gi"));
        // (307.2e9 + 88.32e9) / GiB = 368.36 -> 369
        assert.strictEqual(s.minio.volumeGiB, 369);
        // ceil(286.10) = 287 -> ledgers 287; journal min(143.5, 50) = 50
        assert.deepStrictEqual([s.pulsar?.bookkeeper.cpu, s.pulsar?.bookkeeper.memoryGiB, s.pulsar?.bookkeeper.ledgersGiB, s.pulsar?.bookkeeper.journalGiB], [2, 16, 287, 50]);
        assert.deepStrictEqual([s.pulsar?.zookeeper.memoryGiB, s.pulsar?.zookeeper.volumeGiB], [4, 50]);
        assert.deepStrictEqual([s.pulsar?.broker.cpu, s.pulsar?.broker.memoryGiB, s.pulsar?.proxy.cpu], [2, 8, 1]);
        assert.deepStrictEqual([s.kafka?.broker.cpu, s.kafka?.broker.memoryGiB, s.kafka?.broker.volumeGiB], [4, 16, 287]);
    });

    it("data nodes, which build the DiskANN indexes in 2.6, get room for the largest segment and its index files: 6 Gi", () => {
        const c = sizeWorkload(w, "cluster").components;
        assert.ok(c);
        // largest segment: 2048 MB diskSegmentMaxSize x 1.25 expansionRate = 2.5 GiB;
        // raw 2.5 GiB + index files (1 + 56 / 768) x 2.5 = 2.682 GiB -> 5.18 GiB -> 6 Gi
        assert.strictEqual(at(c.dataNode.resources, "requests.ephemeral-storage"), "6Gi");
        assert.strictEqual(c.dataNode.localDiskGiB, 6);
        const hnsw = sizeWorkload(workload({ vectors: 100_000_000, dimension: 768, indexType: "HNSW" }), "cluster").components;
        assert.strictEqual(at(hnsw?.dataNode.resources, "requests.ephemeral-storage"), undefined, "in-memory indexes need no build disk");
    });

    it("standalone DiskANN keeps its index files on the standalone volume: ceil(306.96) = 307 Gi", () => {
        const s = sizeWorkload(w, "standalone");
        // 82.25 GiB > 16 -> ceil(82.25 / 32) x 32 = 96 GiB, 96 / 4 = 24 CPU
        assert.deepStrictEqual([s.standalone?.cpu, s.standalone?.memoryGiB], [24, 96]);
        assert.strictEqual(s.standaloneStorageGiB, 307);
    });
});

describe("sizing: the other index types and table edges", () => {
    it("IVF_FLAT adds nlist x dim x 4; IVF_SQ8 keeps raw / 4 plus centroids; FLAT is raw", () => {
        const base = { vectors: 1_000_000, dimension: 128 } as const;
        // raw = 1e6 x 128 x 4 = 512,000,000; centroids = 128 x 128 x 4 = 65,536
        assert.strictEqual(indexFootprintBytes(workload({ ...base, indexType: "FLAT" })).memory, 512_000_000);
        assert.strictEqual(indexFootprintBytes(workload({ ...base, indexType: "IVF_FLAT" })).memory, 512_065_536);
        assert.strictEqual(indexFootprintBytes(workload({ ...base, indexType: "IVF_SQ8" })).memory, 128_065_536);
        // nlist 1024: 1024 x 128 x 4 = 524,288
        assert.strictEqual(indexFootprintBytes(workload({ ...base, indexType: "IVF_FLAT", nlist: 1024 })).memory, 512_524_288);
    });

    it("scalar bytes add to raw data and to loading memory", () => {
        const w = workload({ vectors: 1_000_000, dimension: 128, indexType: "FLAT", scalarBytesPerEntity: 100 });
        // raw = 512,000,000 + 1e6 x 100 = 612,000,000
        assert.strictEqual(rawDataBytes(w), 612_000_000);
        // loading = (512,000,000 + 2,147,483,648) x 1.15 + 100,000,000
        //         = 2,659,483,648 x 1.15 + 100,000,000 = 3,058,406,195.2 + 100,000,000 = 3,158,406,195.2
        assert.ok(Math.abs(loadingBytes(w).memory - 3_158_406_195.2) < 1);
    });

    it("band edges: 95.99 GiB is the last fixed row, 96 GiB starts ceil(96 / 32) = 3 x 8/32; 512 GiB switches to 16/64", () => {
        const gib = 1024 ** 3;
        assert.strictEqual(clusterComponents(95.99 * gib).queryNode.replicas, 6);
        assert.deepStrictEqual(clusterComponents(96 * gib).queryNode, { cpu: 8, memoryGiB: 32, replicas: 3 });
        assert.deepStrictEqual(clusterComponents(512 * gib).queryNode, { cpu: 16, memoryGiB: 64, replicas: 8 });
        assert.deepStrictEqual(clusterComponents(2048 * gib).queryNode, { cpu: 32, memoryGiB: 128, replicas: 16 });
    });

    it("streaming nodes per query-node cores: 16 -> 1 x 2/8, 32 -> 1 x 4/16, 64 -> 2 x 4/16, 128 -> 2 x 8/32, 160 -> 3 x 8/32", () => {
        const s = (cores: number) => { const n = streamingNodeFor(cores); return [n.replicas, n.cpu, n.memoryGiB]; };
        assert.deepStrictEqual(s(16), [1, 2, 8]);
        assert.deepStrictEqual(s(32), [1, 4, 16]);
        assert.deepStrictEqual(s(64), [2, 4, 16]);
        assert.deepStrictEqual(s(128), [2, 8, 32]);
        // 160 / 16 = 10 units -> ceil(10 x 2 / 8) = 3
        assert.deepStrictEqual(s(160), [3, 8, 32]);
    });
});

describe("sizing in the config: explicit settings win, prod keeps its floors, impossible workloads are refused", () => {
    const thirtyM = { vectors: 30_000_000, dimension: 1024, indexType: "HNSW" as const };

    it("explicit replicas and resources win over the sized values, per field", () => {
        const explicit = { requests: { cpu: "2", memory: "16Gi" } };
        const m = resolveMilvus(localCapabilities, "dev", {
            workload: thirtyM,
            components: { queryNode: { replicas: 7 }, dataNode: { resources: explicit } },
            minio: { storageSize: "1Ti" },
            etcd: { storageSize: "40Gi" },
        });
        assert.strictEqual(m.components.queryNode.replicas, 7);
        assert.deepStrictEqual(m.components.queryNode.resources, res("7100m", "28979Mi", "8", "32Gi"), "sized resources stay where only replicas were set");
        assert.strictEqual(m.components.dataNode.replicas, 8, "sized replicas stay where only resources were set");
        assert.deepStrictEqual(m.components.dataNode.resources, explicit);
        assert.strictEqual(m.minio.storageSize, "1Ti");
        assert.strictEqual(m.etcd.storageSize, "40Gi");
    });

    it("prod never sizes below its HA defaults: 1M x 1024 sizes one proxy, prod runs two", () => {
        const m = resolveMilvus(localCapabilities, "prod", { workload: { vectors: 1_000_000, dimension: 1024, indexType: "HNSW" } });
        assert.strictEqual(m.mode, "cluster");
        assert.strictEqual(m.components.proxy.replicas, 2);
        assert.strictEqual(m.components.mixCoordinator.replicas, 2);
        assert.strictEqual(m.coordinatorActiveStandby, true);
        assert.deepStrictEqual(m.components.proxy.resources, res("800m", "3174Mi", "1", "4Gi"));
    });

    it("without a workload nothing changes (no sizing, chart-default resources)", () => {
        const m = resolveMilvus(localCapabilities, "dev", { mode: "cluster" });
        assert.strictEqual(m.sizing, undefined);
        assert.strictEqual(m.components.queryNode.resources, undefined);
        assert.strictEqual(m.etcd.resources, undefined);
        assert.strictEqual(m.pulsar.zookeeperDataSize, undefined);
    });

    const problems = (raw: Record<string, unknown>): string[] => {
        try {
            validateStackConfig(raw);
            return [];
        } catch (e) {
            assert.ok(e instanceof ConfigValidationError);
            return e.problems.map((p) => `${p.key}: ${p.allowed}`);
        }
    };

    it("refuses standalone for more than the tool allows (101M x 768 HNSW > 100M x 768), naming the key", () => {
        const found = problems({ cloud: "local", milvus: { mode: "standalone", workload: { vectors: 101_000_000, dimension: 768, indexType: "HNSW" } } });
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(found[0], /^milvus\.mode: allowed for this workload: cluster — 289\.0 GiB of raw data is more than .* \(286\.1 GiB, 100M 768-dim vectors\)/);
        // DiskANN allows standalone up to 500M x 768
        assert.deepStrictEqual(problems({ cloud: "local", milvus: { mode: "standalone", workload: { vectors: 101_000_000, dimension: 768, indexType: "DISKANN" } } }), []);
    });

    it("refuses in-memory replicas in standalone mode, index parameters of another index type, and too few query nodes", () => {
        assert.deepStrictEqual(problems({ cloud: "local", milvus: { mode: "standalone", workload: { vectors: 1000, dimension: 8, indexType: "FLAT", replicas: 2 } } }).map((p) => p.split(":")[0]), ["milvus.workload.replicas"]);
        assert.deepStrictEqual(problems({ cloud: "local", milvus: { workload: { vectors: 1000, dimension: 8, indexType: "DISKANN", hnswM: 16 } } }).map((p) => p.split(":")[0]), ["milvus.workload.hnswM"]);
        assert.deepStrictEqual(problems({ cloud: "local", milvus: { mode: "cluster", workload: { ...thirtyM, replicas: 3 }, components: { queryNode: { replicas: 2 } } } }).map((p) => p.split(":")[0]), ["milvus.components.queryNode.replicas"]);
        assert.deepStrictEqual(problems({ cloud: "local", milvus: { workload: { ...thirtyM, segmentSizeMB: 300 } } }), ["milvus.workload.segmentSizeMB: must be 512, 1024 or 2048"]);
        assert.match(problems({ cloud: "local", milvus: { workload: { vectors: 10, indexType: "HNSW" } } }).join("\n"), /milvus\.workload\.dimension: required/);
        assert.match(problems({ cloud: "local", milvus: { workload: { vectors: 10, dimension: 8, indexType: "SCANN" } } }).join("\n"), /milvus\.workload\.indexType: allowed: "HNSW" \| "IVF_FLAT"/);
    });
});

describe("node pools: how many nodes hold the sized pods", () => {
    const qn: PodDemand = { name: "queryNode", cpu: 7.1, memoryGiB: 28979 / 1024, replicas: 5 };

    it("a tool-sized pod fits exactly one per node of the tool's size: 5 query nodes of 8/32 -> 5 x m6i.2xlarge", () => {
        // usable on 8 vCPU/32 GiB: 8 x 0.9 - 0.1 = 7.1 CPU, 32 x 0.9 - 0.5 = 28.3 GiB; a pod asks 7.1 / 28.30 -> one per node
        assert.strictEqual(nodesNeeded([qn], instanceSize("m6i.2xlarge")), 5);
    });

    it("larger nodes pack several: r6i.4xlarge gives 14.3 CPU, so two 7.1-CPU pods per node -> ceil(5 / 2) = 3", () => {
        // 16 x 0.9 - 0.1 = 14.3 CPU; 128 x 0.9 - 0.5 = 114.7 GiB; CPU binds: 2 x 7.1 = 14.2 <= 14.3 < 3 x 7.1
        assert.strictEqual(nodesNeeded([qn], instanceSize("r6i.4xlarge")), 3);
        assert.strictEqual(nodesNeeded([qn], instanceSize("Standard_E16s_v5")), 3);
    });

    it("a pod larger than a node after headroom is an error naming the pod and the room there is", () => {
        assert.throws(() => nodesNeeded([qn], instanceSize("m6i.xlarge")), (e: unknown) =>
            e instanceof PodDoesNotFitError && /queryNode pod requests 7\.1 CPU .* \(3\.5 CPU \/ 13\.9 GiB after headroom\)/.test(e.message));
        assert.throws(() => instanceSize("m6i.huge"), /unknown instance size "m6i\.huge"/);
    });

    it("mixed pods pack first-fit by memory: 3 x (1.7/6.7) + 2 x (0.8/3.1) fill one 8/32 node; one more 1.7/6.7 pod opens a second", () => {
        const big: PodDemand = { name: "a", cpu: 1.7, memoryGiB: 6.7, replicas: 3 };
        const small: PodDemand = { name: "b", cpu: 0.8, memoryGiB: 3.1, replicas: 2 };
        // memory 3 x 6.7 + 2 x 3.1 = 26.3 <= 28.3; CPU 3 x 1.7 + 2 x 0.8 = 6.7 <= 7.1
        assert.strictEqual(nodesNeeded([big, small], instanceSize("m6i.2xlarge")), 1);
        // + 6.7 GiB = 33.0 > 28.3
        assert.strictEqual(nodesNeeded([{ ...big, replicas: 4 }, small], instanceSize("m6i.2xlarge")), 2);
        assert.strictEqual(nodesNeeded([], instanceSize("m6i.2xlarge")), 0);
        const packed = packPods([big, small], instanceSize("m6i.2xlarge"));
        assert.deepStrictEqual(packed[0].pods, ["a", "a", "a", "b", "b"]);
    });

    it("sizedResources turns a host size into requests after headroom and limits at the host size", () => {
        assert.deepStrictEqual(sizedResources({ cpu: 0.5, memoryGiB: 1 }), res("350m", "409Mi", "0.5", "1Gi"));
    });

    it("roleDemand and nodePoolSize read the effective settings: 30M x 1024 on AWS needs 5 query-node hosts of r6i.2xlarge", () => {
        const demand = roleDemand(resolveMilvus(awsCapabilities, "prod", { workload: { vectors: 30_000_000, dimension: 1024, indexType: "HNSW" } }), "bucket");
        assert.deepStrictEqual(demand.queryNode.map((p) => [p.name, p.replicas, p.cpu]), [["queryNode", 5, 7.1]]);
        // AWS keeps data in S3 and uses Kafka (MSK) by default: no MinIO, no Pulsar among the dependencies
        assert.deepStrictEqual(demand.dependencies.map((p) => `${p.name} x${p.replicas}`), ["etcd x3"]);
        // r6i.2xlarge (8/64): usable 7.1 CPU -> one query node each -> 5
        const pool = nodePoolSize(demand, ["queryNode"], "r6i.2xlarge", { minNodes: 3 });
        assert.strictEqual(pool.nodes, 5);
        // everything else on m6i.4xlarge (14.3 CPU / 57.1 GiB per node):
        //   proxy 2 x (7.1/28.30), mixCoord 2 x (7.1/28.30), dataNode 8 x (7.1/13.90), streaming 2 x (3.5/13.90), etcd 3 x (0.8/3.10)
        //   CPU 4 x 7.1 + 8 x 7.1 + 2 x 3.5 + 3 x 0.8 = 28.4 + 56.8 + 7 + 2.4 = 94.6 -> at least ceil(94.6 / 14.3) = 7 nodes;
        //   pairs of 7.1-CPU pods fill a node (14.2), so the 12 of them take 6 nodes and the rest (9.4 CPU, 37.1 GiB) one more = 7
        assert.strictEqual(nodePoolSize(demand, ["proxy", "mixCoordinator", "dataNode", "streamingNode", "dependencies"], "m6i.4xlarge").nodes, 7);
        assert.throws(() => nodePoolSize(demand, ["queryNode"], "r6i.2xlarge", { maxNodes: 4 }), /needs 5 nodes .* maximum of 4/);
    });

    it("DiskANN query nodes report the local disk a node needs", () => {
        const demand = roleDemand(resolveMilvus(awsCapabilities, "prod", { workload: { vectors: 100_000_000, dimension: 768, indexType: "DISKANN" } }), "bucket");
        // 6 query nodes of 3.5 CPU / 13.9 GiB / 52 Gi disk; m6i.2xlarge gives 7.1 CPU / 28.3 GiB -> 2 per node, 104 Gi of index files per node
        const pool = nodePoolSize(demand, ["queryNode"], "m6i.2xlarge");
        assert.strictEqual(pool.nodes, 3);
        assert.strictEqual(pool.localDiskGiBPerNode, 104);
    });
});

describe("sizing: the sized values reach the chart, under keys the chart knows", () => {
    const wiring: ChartWiring = {
        releaseName: "milvus", credentialsSecretName: "s", objectStore: { kind: "minio" }, messageQueue: { kind: "pulsar" },
        serviceAccount: { name: "milvus", annotations: {}, podLabels: {} }, exposure: { loadBalancerAnnotations: { public: {} } },
        networkRanges: [], zoneSpread: "ScheduleAnyway", placement: {},
    };
    const m = resolveMilvus(localCapabilities, "dev", { messageQueue: "pulsar", workload: { vectors: 100_000_000, dimension: 768, indexType: "DISKANN", segmentSizeMB: 2048 } });
    const v = buildChartValues(wiring, m);

    it("components, etcd, MinIO and Pulsar carry the sized replicas, resources and volumes", () => {
        assert.strictEqual(at(v, "queryNode.replicas"), 6);
        assert.strictEqual(at(v, "queryNode.resources.requests.ephemeral-storage"), "52Gi");
        assert.strictEqual(at(v, "dataNode.resources.requests.ephemeral-storage"), "6Gi");
        assert.strictEqual(at(v, "etcd.persistence.size"), "50Gi");
        assert.deepStrictEqual(at(v, "etcd.resources.limits"), { cpu: "1", memory: "8Gi" });
        assert.strictEqual(at(v, "minio.persistence.size"), "369Gi");
        assert.strictEqual(at(v, "minio.replicas"), 4);
        assert.strictEqual(at(v, "pulsarv3.zookeeper.volumes.data.size"), "50Gi");
        assert.strictEqual(at(v, "pulsarv3.bookkeeper.volumes.ledgers.size"), "287Gi");
        assert.deepStrictEqual(at(v, "pulsarv3.bookkeeper.resources.limits"), { cpu: "2", memory: "16Gi" });
        assert.strictEqual(at(v, "pulsarv3.broker.replicaCount"), 2);
    });

    it("pins the segment size the sizing assumed in Milvus's user.yaml", () => {
        assert.match((v.extraConfigFiles as Record<string, string>)["user.yaml"], /dataCoord:\n {2}segment:\n {4}maxSize: 2048/);
    });

    it("every emitted key exists in the chart's defaults", function () {
        const dir = chartDirectory(DEFAULT_CHART_VERSION);
        if (!dir) this.skip();
        assert.deepStrictEqual(unknownKeyPaths(v, loadChartDefaults(dir as string)), []);
    });
});
