// Workload sizing against numbers worked out by hand from the official sizing
// tool's formulas (milvus-io/milvus.io src/utils/sizingTool.ts, commit
// f57ab625: the cluster bands near lines 608-750, the dependency sizes near
// 488-512). The arithmetic is in the comments; nothing here was copied from
// the implementation's output.
//
// Constants used below:
//   GiB = 1,073,741,824 B; segment 1024 MB = 1,073,741,824 B
//   1M x 768 float32 = 3,072,000,000 B; 10M x 768 = 30.72e9 B; 100M x 768 = 307.2e9 B
//   Pod requests = limits = the tool's size, as the tool's Helm output reserves
//   it (sizingTool.ts helmYmlGenerator, lines 1000-1066: etcd requests and
//   limits, the Milvus components and MinIO limits only, which Kubernetes
//   copies into the requests; Pulsar requests only).
import * as assert from "assert";
import { DEFAULT_CHART_VERSION, resolveMilvus } from "../components/config/resolve";
import { ConfigValidationError } from "../components/config/problems";
import { validateStackConfig } from "../components/platforms";
import { anyOrderNodes, existingClusterNodes, nodePoolSize, roleDemand } from "../components/config/demand";
import {
    DEFAULT_INDEX_PARAMS,
    GIB,
    WOODPECKER_RETENTION_HOURS,
    clusterComponents,
    journalGiB,
    woodpeckerLogGiB,
    indexFootprintBytes,
    loadingBytes,
    rawDataBytes,
    streamingNodeFor,
    type Workload,
} from "../components/sizing/formulas";
import { PodDoesNotFitError, instanceSize, nodesNeeded, packPods, sizedResources, type PodDemand } from "../components/sizing/nodes";
import { sizeWorkload } from "../components/sizing/size";
import { buildChartValues, type ChartWiring } from "../components/milvus/values";
import { chartDirectory, loadChartDefaults, unknownKeyPaths } from "./support/unit/chart-contract";
import { at } from "./support/unit/inspect";
import { localPlatform } from "../components/local/module";
import { awsPlatform } from "../components/aws/module";

const localCapabilities = localPlatform.capabilities(undefined);
const awsCapabilities = awsPlatform.capabilities(undefined);

const workload = (w: Partial<Workload> & Pick<Workload, "vectors" | "dimension" | "indexType">): Workload => ({
    scalarBytesPerEntity: 0,
    replicas: 1,
    segmentSizeMB: 1024,
    hnswM: DEFAULT_INDEX_PARAMS.hnswM,
    nlist: DEFAULT_INDEX_PARAMS.nlist,
    diskannMaxDegree: DEFAULT_INDEX_PARAMS.diskannMaxDegree,
    ...w,
});
const reserved = (cpu: string, memory: string, extra: Record<string, string> = {}) => ({
    requests: { cpu, memory, ...extra },
    limits: { cpu, memory },
});

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
        assert.deepStrictEqual(
            { cpu: c.queryNode.cpu, memoryGiB: c.queryNode.memoryGiB, replicas: c.queryNode.replicas },
            { cpu: 2, memoryGiB: 8, replicas: 1 },
        );
        assert.deepStrictEqual(c.queryNode.resources, reserved("2", "8Gi"));
        assert.deepStrictEqual(c.proxy.resources, reserved("1", "4Gi"));
        assert.deepStrictEqual(c.mixCoordinator.resources, reserved("1", "4Gi"));
        assert.deepStrictEqual(c.dataNode.resources, reserved("2", "8Gi"));
        // streaming: query-node cores 2 -> ceil(2 / 16) = 1 unit -> 1 x 2 CPU/8 GiB
        assert.deepStrictEqual([c.streamingNode.replicas, c.streamingNode.cpu, c.streamingNode.memoryGiB], [1, 2, 8]);
    });

    it("cluster dependencies: etcd 3 x 1/4 20Gi, MinIO 4 x 1/8 at the 30 Gi floor, Pulsar at its minimum volumes", () => {
        const s = sizeWorkload(w, "cluster");
        assert.deepStrictEqual([s.etcd.replicas, s.etcd.volumeGiB], [3, 20]);
        assert.deepStrictEqual(s.etcd.resources, reserved("1", "4Gi"));
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
        assert.deepStrictEqual(c.queryNode.resources, reserved("8", "32Gi"));
        assert.deepStrictEqual([c.proxy.replicas, c.proxy.cpu, c.proxy.memoryGiB], [1, 8, 32]);
        assert.deepStrictEqual([c.mixCoordinator.replicas, c.mixCoordinator.cpu, c.mixCoordinator.memoryGiB], [1, 8, 32]);
        assert.deepStrictEqual([c.dataNode.replicas, c.dataNode.cpu, c.dataNode.memoryGiB], [8, 8, 16]);
        assert.deepStrictEqual(c.dataNode.resources, reserved("8", "16Gi"));
        // streaming: 5 x 8 = 40 cores -> ceil(40 / 16) = 3 units -> 2 x 4 CPU/16 GiB
        assert.deepStrictEqual([c.streamingNode.replicas, c.streamingNode.cpu, c.streamingNode.memoryGiB], [2, 4, 16]);
        assert.deepStrictEqual(c.streamingNode.resources, reserved("4", "16Gi"));
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
        assert.deepStrictEqual(m.components.queryNode.resources, reserved("8", "32Gi"));
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
        assert.deepStrictEqual(c.queryNode.resources, reserved("4", "16Gi", { "ephemeral-storage": "52Gi" }));
        assert.strictEqual(c.queryNode.localDiskGiB, 52);
        assert.deepStrictEqual([c.dataNode.replicas, c.dataNode.cpu, c.dataNode.memoryGiB], [4, 4, 16]);
        assert.deepStrictEqual([c.proxy.cpu, c.proxy.memoryGiB, c.mixCoordinator.cpu, c.mixCoordinator.memoryGiB], [2, 8, 2, 8]);
        // streaming: 6 x 4 = 24 cores -> ceil(24 / 16) = 2 units -> 1 x 4 CPU/16 GiB
        assert.deepStrictEqual([c.streamingNode.replicas, c.streamingNode.cpu, c.streamingNode.memoryGiB], [1, 4, 16]);
    });

    it("at 100M x 768 the dependencies step up: etcd 8 GiB/50 Gi, bookies 2/16, zookeeper 50 Gi; MinIO 369 Gi", () => {
        const s = sizeWorkload(w, "cluster");
        assert.deepStrictEqual([s.etcd.cpu, s.etcd.memoryGiB, s.etcd.volumeGiB], [1, 8, 50]);
        assert.deepStrictEqual(s.etcd.resources, reserved("1", "8Gi"));
        // (307.2e9 + 88.32e9) / GiB = 368.36 -> 369
        assert.strictEqual(s.minio.volumeGiB, 369);
        // ceil(286.10) = 287 -> ledgers 287; journal min(143.5, 50) = 50
        assert.deepStrictEqual(
            [s.pulsar?.bookkeeper.cpu, s.pulsar?.bookkeeper.memoryGiB, s.pulsar?.bookkeeper.ledgersGiB, s.pulsar?.bookkeeper.journalGiB],
            [2, 16, 287, 50],
        );
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
        const s = (cores: number) => {
            const n = streamingNodeFor(cores);
            return [n.replicas, n.cpu, n.memoryGiB];
        };
        assert.deepStrictEqual(s(16), [1, 2, 8]);
        assert.deepStrictEqual(s(32), [1, 4, 16]);
        assert.deepStrictEqual(s(64), [2, 4, 16]);
        assert.deepStrictEqual(s(128), [2, 8, 32]);
        // 160 / 16 = 10 units -> ceil(10 x 2 / 8) = 3
        assert.deepStrictEqual(s(160), [3, 8, 32]);
    });
});

describe("sizing: volumes in the tool's own units, and what the tool leaves out", () => {
    it("the Pulsar journal keeps the tool's half Gi: 2.5 GiB of raw data -> ceil = 3 -> 3 x 0.5 = 1.5Gi, in the chart too", () => {
        // sizingTool.ts lines 508-512: pulsarJournal = min(ceil(raw / GiB) x 0.5, 50), rounded before the halving, not after
        assert.strictEqual(journalGiB(2.5 * GIB), 1.5);
        assert.strictEqual(journalGiB(0.2 * GIB), 0.5);
        assert.strictEqual(journalGiB(200 * GIB), 50);
        // 600,000 x 1024 x 4 = 2,457,600,000 B = 2.29 GiB -> 3 -> 1.5
        const m = resolveMilvus(localCapabilities, "dev", {
            mode: "cluster",
            messageQueue: "pulsar",
            workload: { vectors: 600_000, dimension: 1024, indexType: "HNSW" },
        });
        assert.strictEqual(m.pulsar.journalSize, "1.5Gi");
    });

    it("Woodpecker's log in the object store: up to the raw data (what one load writes) for its 72 h retention", () => {
        // milvus configs/milvus.yaml v2.6.20: woodpecker.logstore.retentionPolicy.ttl: 72h
        assert.strictEqual(WOODPECKER_RETENTION_HOURS, 72);
        // 1M x 1024 x 4 = 4,096,000,000 B = 3.81 GiB -> 4
        assert.strictEqual(woodpeckerLogGiB(rawDataBytes(workload({ vectors: 1_000_000, dimension: 1024, indexType: "HNSW" }))), 4);
    });
});

describe("an existing cluster's nodes: a size and count that hold every pod in any order, and the smallest size at all", () => {
    const m = resolveMilvus(localCapabilities, "dev", {
        mode: "cluster",
        messageQueue: "woodpecker",
        workload: { vectors: 1_000_000, dimension: 1024, indexType: "HNSW", scalarBytesPerEntity: 64 },
    });
    // local-workload's pods: queryNode, dataNode, streamingNode 2/8; proxy, mixCoord, 3 x etcd 1/4; 4 x MinIO 1/8 = 12 pods, 15 CPU, 76 GiB
    const pods = Object.values(roleDemand(m, "minio")).flat();

    it("any order: P stays Pending only if every node lacks P's CPU or memory; the sum of both bounds, for the worst P", () => {
        // 4/16 (3.5 / 13.9 for pods), P = 2/8: (15 - 2) / (3.5 - 2) + (76 - 8) / (13.9 - 8) = 8.67 + 11.53 = 20.2 -> 21
        assert.strictEqual(anyOrderNodes(pods, { cpu: 3.5, memoryGiB: 13.9 }), 21);
        // 8/32 (7.1 / 28.3): 13 / 5.1 + 68 / 20.3 = 2.55 + 3.35 = 5.9 -> 6; 16/64 (14.3 / 57.1): 13 / 12.3 + 68 / 49.1 = 2.44 -> 3
        assert.strictEqual(anyOrderNodes(pods, { cpu: 7.1, memoryGiB: 28.3 }), 6);
        assert.strictEqual(anyOrderNodes(pods, { cpu: 14.3, memoryGiB: 57.1 }), 3);
        // 32/128 (28.7 / 114.7) holds all 15 CPU / 76 GiB: one node, in any order; a node that cannot hold a pod: never
        assert.strictEqual(anyOrderNodes(pods, { cpu: 28.7, memoryGiB: 114.7 }), 1);
        assert.strictEqual(anyOrderNodes(pods, { cpu: 1.7, memoryGiB: 6.7 }), Infinity);
    });

    it("local-workload: 1 x 32 CPU / 128 GiB is the least CPU in all (21 x 4, 6 x 8, 3 x 16 are more); no 2 CPU / 8 GiB node holds a query node", () => {
        const nodes = existingClusterNodes(roleDemand(m, "minio"));
        assert.ok(nodes);
        // CPU in all: 4/16 x 21 = 84, 8/32 x 6 = 48, 16/64 x 3 = 48, 32/128 x 1 = 32, 64/256 x 1 = 64
        assert.deepStrictEqual([nodes.machine, nodes.nodes, nodes.firstFitNodes], [{ cpu: 32, memoryGiB: 128 }, 1, 1]);
        // 2/8 gives pods 1.7 CPU: the first pod of 2 CPU in the demand's order is the query node
        assert.deepStrictEqual(
            [nodes.smallest, nodes.smaller?.machine, nodes.smaller?.tooLarge.name],
            [{ cpu: 4, memoryGiB: 16 }, { cpu: 2, memoryGiB: 8 }, "queryNode"],
        );
    });

    it("no size up to 64 CPUs holds a 250 GiB query node with its headroom: undefined, not a wrong answer", () => {
        const big = resolveMilvus(localCapabilities, "dev", {
            mode: "cluster",
            components: { queryNode: { resources: { requests: { cpu: "8", memory: "250Gi" } } } },
        });
        assert.strictEqual(existingClusterNodes(roleDemand(big, "minio")), undefined);
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
        assert.deepStrictEqual(m.components.queryNode.resources, reserved("8", "32Gi"), "sized resources stay where only replicas were set");
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
        assert.deepStrictEqual(m.components.proxy.resources, reserved("1", "4Gi"));
    });

    it("without a workload every pod still reserves the tool's smallest size (its first band, for no data)", () => {
        const m = resolveMilvus(localCapabilities, "dev", { mode: "cluster", messageQueue: "pulsar" });
        assert.strictEqual(m.sizing, undefined);
        // [0, 8) GiB row: query and data nodes 2/8, proxy and mixCoord 1/4; 0 query-node cores -> 1 streaming node of 2/8
        assert.deepStrictEqual(m.components.queryNode.resources, reserved("2", "8Gi"));
        assert.deepStrictEqual(m.components.proxy.resources, reserved("1", "4Gi"));
        assert.deepStrictEqual(m.components.streamingNode.resources, reserved("2", "8Gi"));
        // cluster dependencies below 100M x 768: etcd 1/4, MinIO 1/8, ZooKeeper 0.5/2, bookies 1/8, broker 1/4, proxy 0.5/4
        assert.deepStrictEqual(m.etcd.resources, reserved("1", "4Gi"));
        assert.deepStrictEqual(m.minio.resources, reserved("1", "8Gi"));
        assert.deepStrictEqual(m.pulsar.resources, {
            zookeeper: reserved("0.5", "2Gi"),
            bookkeeper: reserved("1", "8Gi"),
            broker: reserved("1", "4Gi"),
            proxy: reserved("0.5", "4Gi"),
        });
        // volumes stay at the chart's or the program's defaults
        assert.strictEqual(m.pulsar.zookeeperDataSize, undefined);
        // standalone: 0 GiB <= 8 -> 8 GiB / 4 = 2 CPU; below 1M x 768 the standalone etcd is 0.5/1 and MinIO 1/4
        const st = resolveMilvus(localCapabilities, "dev", { mode: "standalone" });
        assert.deepStrictEqual(st.standalone.resources, reserved("2", "8Gi"));
        assert.deepStrictEqual(st.etcd.resources, reserved("0.5", "1Gi"));
        assert.deepStrictEqual(st.minio.resources, reserved("1", "4Gi"));
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
        const found = problems({
            cloud: "local",
            milvus: { mode: "standalone", workload: { vectors: 101_000_000, dimension: 768, indexType: "HNSW" } },
        });
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(
            found[0],
            /^milvus\.mode: allowed for this workload: cluster — 289\.0 GiB of raw data is more than .* \(286\.1 GiB, 100M 768-dim vectors\)/,
        );
        // DiskANN allows standalone up to 500M x 768
        assert.deepStrictEqual(
            problems({ cloud: "local", milvus: { mode: "standalone", workload: { vectors: 101_000_000, dimension: 768, indexType: "DISKANN" } } }),
            [],
        );
    });

    it("refuses in-memory replicas in standalone mode, index parameters of another index type, and too few query nodes", () => {
        assert.deepStrictEqual(
            problems({
                cloud: "local",
                milvus: { mode: "standalone", workload: { vectors: 1000, dimension: 8, indexType: "FLAT", replicas: 2 } },
            }).map((p) => p.split(":")[0]),
            ["milvus.workload.replicas"],
        );
        assert.deepStrictEqual(
            problems({ cloud: "local", milvus: { workload: { vectors: 1000, dimension: 8, indexType: "DISKANN", hnswM: 16 } } }).map(
                (p) => p.split(":")[0],
            ),
            ["milvus.workload.hnswM"],
        );
        assert.deepStrictEqual(
            problems({
                cloud: "local",
                milvus: { mode: "cluster", workload: { ...thirtyM, replicas: 3 }, components: { queryNode: { replicas: 2 } } },
            }).map((p) => p.split(":")[0]),
            ["milvus.components.queryNode.replicas"],
        );
        assert.deepStrictEqual(problems({ cloud: "local", milvus: { workload: { ...thirtyM, segmentSizeMB: 300 } } }), [
            "milvus.workload.segmentSizeMB: must be 512, 1024 or 2048",
        ]);
        assert.match(
            problems({ cloud: "local", milvus: { workload: { vectors: 10, indexType: "HNSW" } } }).join("\n"),
            /milvus\.workload\.dimension: required/,
        );
        assert.match(
            problems({ cloud: "local", milvus: { workload: { vectors: 10, dimension: 8, indexType: "SCANN" } } }).join("\n"),
            /milvus\.workload\.indexType: allowed: "HNSW" \| "IVF_FLAT"/,
        );
    });
});

describe("node pools: how many nodes hold the sized pods", () => {
    // 30M x 1024 HNSW: 5 query nodes reserving the tool's 8 CPU / 32 GiB each
    const qn: PodDemand = { name: "queryNode", cpu: 8, memoryGiB: 32, replicas: 5 };

    it("a pod reserving the tool's host size does not fit a node of that size, which keeps headroom: 8/32 on m6i.2xlarge is an error", () => {
        // usable on 8 vCPU/32 GiB: 8 x 0.9 - 0.1 = 7.1 CPU, 32 x 0.9 - 0.5 = 28.3 GiB < 8 CPU / 32 GiB
        assert.throws(
            () => nodesNeeded([qn], instanceSize("m6i.2xlarge")),
            (e: unknown) =>
                e instanceof PodDoesNotFitError &&
                /queryNode pod requests 8 CPU \/ 32 GiB, .* \(7\.1 CPU \/ 28\.3 GiB after headroom\)/.test(e.message),
        );
        assert.throws(() => instanceSize("m6i.huge"), /unknown instance size "m6i\.huge"/);
    });

    it("the next size holds one, a larger one several: r6i.4xlarge 1 per node -> 5; m6i.8xlarge 3 per node -> 2", () => {
        // r6i.4xlarge: 16 x 0.9 - 0.1 = 14.3 CPU, 128 x 0.9 - 0.5 = 114.7 GiB; CPU binds: 8 <= 14.3 < 2 x 8
        assert.strictEqual(nodesNeeded([qn], instanceSize("r6i.4xlarge")), 5);
        assert.strictEqual(nodesNeeded([qn], instanceSize("Standard_E16s_v5")), 5);
        // m6i.8xlarge: 32 x 0.9 - 0.1 = 28.7 CPU, 128 x 0.9 - 0.5 = 114.7 GiB; 3 x 8 = 24 <= 28.7, 3 x 32 = 96 <= 114.7 -> ceil(5 / 3) = 2
        assert.strictEqual(nodesNeeded([qn], instanceSize("m6i.8xlarge")), 2);
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

    it("sizedResources reserves the host size: requests = limits (the Guaranteed QoS class)", () => {
        assert.deepStrictEqual(sizedResources({ cpu: 0.5, memoryGiB: 1 }), reserved("0.5", "1Gi"));
    });

    it("roleDemand and nodePoolSize read the effective settings: 30M x 1024 on AWS needs 5 query-node hosts of r6i.2xlarge", () => {
        const demand = roleDemand(
            resolveMilvus(awsCapabilities, "prod", { workload: { vectors: 30_000_000, dimension: 1024, indexType: "HNSW" } }),
            "bucket",
        );
        assert.deepStrictEqual(
            demand.queryNode.map((p) => [p.name, p.replicas, p.cpu]),
            [["queryNode", 5, 8]],
        );
        // AWS keeps data in S3 and uses Kafka (MSK) by default: no MinIO, no Pulsar among the dependencies
        assert.deepStrictEqual(
            demand.dependencies.map((p) => `${p.name} x${p.replicas}`),
            ["etcd x3"],
        );
        // r6i.2xlarge (8/64): usable 7.1 CPU < 8 -> no node holds one; r6i.4xlarge (14.3 CPU) one each -> 5
        assert.throws(() => nodePoolSize(demand, ["queryNode"], "r6i.2xlarge"), PodDoesNotFitError);
        const pool = nodePoolSize(demand, ["queryNode"], "r6i.4xlarge", { minNodes: 3 });
        assert.strictEqual(pool.nodes, 5);
        // everything else on m6i.4xlarge (14.3 CPU / 57.1 GiB per node):
        //   proxy 2 x (8/32), mixCoord 2 x (8/32), dataNode 8 x (8/16), streaming 2 x (4/16), etcd 3 x (1/4)
        //   no two 8-CPU pods share a node (16 > 14.3): 12 nodes; the streaming and etcd pods fit beside them
        //   (first-fit by memory: node 1 takes a streaming pod and two etcd pods: 8 + 4 + 2 = 14 CPU, 32 + 16 + 8 = 56 GiB)
        assert.strictEqual(nodePoolSize(demand, ["proxy", "mixCoordinator", "dataNode", "streamingNode", "dependencies"], "m6i.4xlarge").nodes, 12);
        assert.throws(() => nodePoolSize(demand, ["queryNode"], "r6i.4xlarge", { maxNodes: 4 }), /needs 5 nodes .* maximum of 4/);
    });

    it("DiskANN query nodes report the local disk a node needs", () => {
        const demand = roleDemand(
            resolveMilvus(awsCapabilities, "prod", { workload: { vectors: 100_000_000, dimension: 768, indexType: "DISKANN" } }),
            "bucket",
        );
        // 6 query nodes of 4 CPU / 16 GiB / 52 Gi disk; m6i.2xlarge gives 7.1 CPU / 28.3 GiB -> 1 per node (8 > 7.1), 52 Gi each;
        // m6i.4xlarge (14.3 / 57.1) -> 3 per node (12 CPU, 48 GiB), 156 Gi of index files per node
        assert.deepStrictEqual(
            [nodePoolSize(demand, ["queryNode"], "m6i.2xlarge").nodes, nodePoolSize(demand, ["queryNode"], "m6i.2xlarge").localDiskGiBPerNode],
            [6, 52],
        );
        const pool = nodePoolSize(demand, ["queryNode"], "m6i.4xlarge");
        assert.strictEqual(pool.nodes, 2);
        assert.strictEqual(pool.localDiskGiBPerNode, 156);
    });
});

describe("sizing: the sized values reach the chart, under keys the chart knows", () => {
    const wiring: ChartWiring = {
        releaseName: "milvus",
        credentialsSecretName: "s",
        objectStore: { kind: "minio" },
        messageQueue: { kind: "pulsar" },
        serviceAccount: { name: "milvus", annotations: {}, podLabels: {} },
        exposure: { loadBalancerAnnotations: { public: {} } },
        networkRanges: [],
        zoneSpread: "ScheduleAnyway",
        placement: {},
    };
    const m = resolveMilvus(localCapabilities, "dev", {
        messageQueue: "pulsar",
        workload: { vectors: 100_000_000, dimension: 768, indexType: "DISKANN", segmentSizeMB: 2048 },
    });
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
