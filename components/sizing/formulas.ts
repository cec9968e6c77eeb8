// The formulas of the official Milvus sizing tool (milvus.io/tools/sizing),
// restated as pure functions. Source read on 2026-11-22:
// milvus-io/milvus.io src/utils/sizingTool.ts (the Milvus 2.6 tool),
// src/utils/sizingToolCommon.ts and src/consts/sizing.ts; re-read on 2026-12-06
// at commit f57ab625a0e95d52ac516f4b2e03c5ee1a9d6db3 (sizingTool.ts: the
// dependency sizes near line 490, the cluster bands near 610-750, the Helm
// output `helmYmlGenerator` near 870-1070).
//
// Units follow the tool: byte sizes are divided by 1024^3 to get "GB"
// (so they are GiB), and the tool's node sizes in GB become Kubernetes Gi.
// No Pulumi, no I/O: every function here is unit-tested with hand-worked numbers.

export const INDEX_TYPES = ["HNSW", "IVF_FLAT", "IVF_SQ8", "DISKANN", "FLAT"] as const;
export type IndexType = (typeof INDEX_TYPES)[number];

export const SEGMENT_SIZES_MB = [512, 1024, 2048] as const;
export type SegmentSizeMB = (typeof SEGMENT_SIZES_MB)[number];

export const GIB = 1024 ** 3;
export const MIB = 1024 ** 2;

/** Bytes per float32 vector component. */
const FLOAT32_BYTES = 4;

/** The tool's default index parameters (src/consts/sizing.ts). */
export const DEFAULT_INDEX_PARAMS = {
    /** HNSW `M`: graph degree. */
    hnswM: 30,
    /** IVF `nlist`: number of cluster centroids. */
    nlist: 128,
    /** DiskANN `max_degree`. */
    diskannMaxDegree: 56,
} as const;

/** Milvus's own `dataCoord.segment.maxSize` default, and the tool's default segment size. */
export const DEFAULT_SEGMENT_SIZE_MB: SegmentSizeMB = 1024;

/** A workload, the way the sizing tool asks for it. */
export interface Workload {
    /** Number of entities (vectors). */
    vectors: number;
    /** Vector dimension. */
    dimension: number;
    indexType: IndexType;
    /** Average bytes of scalar fields per entity (0 when there are none). */
    scalarBytesPerEntity: number;
    /** In-memory replicas of the collection (Milvus `replica_number`). */
    replicas: number;
    /** Maximum segment size (`dataCoord.segment.maxSize`). */
    segmentSizeMB: SegmentSizeMB;
    hnswM: number;
    nlist: number;
    diskannMaxDegree: number;
}

// ---------------------------------------------------------------------------
// Data and index sizes
// ---------------------------------------------------------------------------

/** Raw vector bytes: count x dim x 4 (float32). */
export function rawVectorBytes(w: Pick<Workload, "vectors" | "dimension">): number {
    return w.vectors * w.dimension * FLOAT32_BYTES;
}

/** Raw scalar bytes: count x average scalar bytes per entity. */
export function rawScalarBytes(w: Pick<Workload, "vectors" | "scalarBytesPerEntity">): number {
    return w.vectors * w.scalarBytesPerEntity;
}

/** Raw data: vectors plus scalars (the tool's `rawDataSizeCalculator`). */
export function rawDataBytes(w: Pick<Workload, "vectors" | "dimension" | "scalarBytesPerEntity">): number {
    return rawVectorBytes(w) + rawScalarBytes(w);
}

/** The tool's reference size "N million 768-dim vectors", used for its thresholds. */
export function referenceBytes(millionsOf768Dim: number): number {
    return millionsOf768Dim * 1_000_000 * 768 * FLOAT32_BYTES;
}

/**
 * Index footprint per index type (the tool's `memoryAndDiskCalculator` switch):
 *   FLAT     memory = raw
 *   IVF_FLAT memory = raw + nlist x dim x 4
 *   IVF_SQ8  memory = raw / 4 + nlist x dim x 4
 *   HNSW     memory = (1 + 2M / dim) x raw
 *   DISKANN  memory = raw / 4, local disk = (1 + maxDegree / dim) x raw
 * where raw is the vector data only.
 */
export function indexFootprintBytes(w: Workload): { memory: number; disk: number } {
    const raw = rawVectorBytes(w);
    const centroids = w.nlist * w.dimension * FLOAT32_BYTES;
    switch (w.indexType) {
        case "FLAT":
            return { memory: raw, disk: 0 };
        case "IVF_FLAT":
            return { memory: raw + centroids, disk: 0 };
        case "IVF_SQ8":
            return { memory: raw / 4 + centroids, disk: 0 };
        case "HNSW":
            return { memory: (1 + (2 * w.hnswM) / w.dimension) * raw, disk: 0 };
        case "DISKANN":
            return { memory: raw / 4, disk: (1 + w.diskannMaxDegree / w.dimension) * raw };
    }
}

/** Overhead factor the tool applies to loaded vector data. */
export const LOADING_OVERHEAD = 1.15;

/**
 * Memory (and local disk) one replica of the collection needs when loaded:
 *   non-DiskANN: (index memory + 2 x segment size) x 1.15 + scalar bytes
 *   DiskANN:     index memory x 1.15 + scalar bytes; disk = index disk
 * (scalars are loaded in full: the tool's mmap "offloading" option is not offered).
 */
export function loadingBytes(w: Workload): { memory: number; disk: number } {
    const index = indexFootprintBytes(w);
    const scalars = rawScalarBytes(w);
    const vectorMemory = w.indexType === "DISKANN" ? index.memory * LOADING_OVERHEAD : (index.memory + 2 * w.segmentSizeMB * MIB) * LOADING_OVERHEAD;
    return { memory: vectorMemory + scalars, disk: index.disk };
}

/**
 * Largest segment a DiskANN collection gets: `dataCoord.segment.diskSegmentMaxSize`
 * (2048 MB) times `expansionRate` (1.25, growth during compaction), Milvus's
 * defaults in configs/milvus.yaml.
 */
export const DISK_SEGMENT_MAX_BYTES = 2048 * MIB * 1.25;

/**
 * Local disk a data node needs to build one DiskANN index (Milvus 2.6 builds
 * indexes on data nodes, in localStorage.path): the largest segment's raw data
 * plus its index files, (1 + (1 + maxDegree / dim)) x segment. A floor: one
 * build at a time per node. 0 for the in-memory index types.
 */
export function indexBuildDiskBytes(w: Pick<Workload, "indexType" | "dimension" | "diskannMaxDegree">): number {
    if (w.indexType !== "DISKANN") return 0;
    return (2 + w.diskannMaxDegree / w.dimension) * DISK_SEGMENT_MAX_BYTES;
}

// ---------------------------------------------------------------------------
// Milvus components
// ---------------------------------------------------------------------------

/** One component as the tool sizes it: `replicas` pods of `cpu` cores and `memoryGiB`. */
export interface NodeSize {
    cpu: number;
    memoryGiB: number;
    replicas: number;
}

export interface ClusterComponentSizes {
    queryNode: NodeSize;
    proxy: NodeSize;
    mixCoordinator: NodeSize;
    dataNode: NodeSize;
    streamingNode: NodeSize;
}

const size = (cpu: number, memoryGiB: number, replicas: number): NodeSize => ({ cpu, memoryGiB, replicas });

/**
 * Streaming nodes follow the query nodes' total cores (the tool's
 * `streamNodeConfigCalculator`): units = ceil(cores / 16), then
 * 0-1 -> 1 x (2/8), 2 -> 1 x (4/16), 3-4 -> 2 x (4/16), 5-8 -> 2 x (8/32),
 * more -> ceil(2 x units / 8) x (8/32).
 */
export function streamingNodeFor(queryNodeCores: number): NodeSize {
    const units = Math.ceil(queryNodeCores / 16);
    if (units <= 1) return size(2, 8, 1);
    if (units === 2) return size(4, 16, 1);
    if (units <= 4) return size(4, 16, 2);
    if (units <= 8) return size(8, 32, 2);
    return size(8, 32, Math.ceil((units * 2) / 8));
}

/**
 * Below 96 GiB of loading memory the tool uses a fixed table, one row per
 * 8 or 16 GiB band: [from, to) GiB -> query node, proxy, mixCoord, dataNode.
 */
const FIXED_BANDS: Array<{ from: number; to: number; queryNode: NodeSize; proxy: NodeSize; mixCoordinator: NodeSize; dataNode: NodeSize }> = [
    { from: 0, to: 8, queryNode: size(2, 8, 1), proxy: size(1, 4, 1), mixCoordinator: size(1, 4, 1), dataNode: size(2, 8, 1) },
    { from: 8, to: 16, queryNode: size(4, 16, 1), proxy: size(2, 8, 1), mixCoordinator: size(2, 8, 1), dataNode: size(4, 16, 1) },
    { from: 16, to: 32, queryNode: size(4, 16, 2), proxy: size(2, 8, 1), mixCoordinator: size(2, 8, 1), dataNode: size(4, 16, 2) },
    { from: 32, to: 48, queryNode: size(4, 16, 3), proxy: size(2, 8, 1), mixCoordinator: size(2, 8, 1), dataNode: size(4, 16, 2) },
    { from: 48, to: 64, queryNode: size(4, 16, 4), proxy: size(2, 8, 1), mixCoordinator: size(2, 8, 1), dataNode: size(4, 16, 2) },
    { from: 64, to: 80, queryNode: size(4, 16, 5), proxy: size(2, 8, 1), mixCoordinator: size(2, 8, 1), dataNode: size(4, 16, 4) },
    { from: 80, to: 96, queryNode: size(4, 16, 6), proxy: size(2, 8, 1), mixCoordinator: size(2, 8, 1), dataNode: size(4, 16, 4) },
];

/**
 * Above the fixed table (the tool's `clusterNodesConfigCalculator`):
 *   96-512 GiB:   ceil(mem / 32) query nodes of 8 CPU / 32 GiB
 *   512-2048 GiB: ceil(mem / 64) query nodes of 16 CPU / 64 GiB
 *   >= 2048 GiB:  ceil(mem / 128) query nodes of 32 CPU / 128 GiB
 * with proxy and mixCoord 1 x (8/32) and dataNode 8 x (8/16).
 */
function largeQueryNodes(memoryGiB: number): NodeSize {
    if (memoryGiB >= 2048) return size(32, 128, Math.ceil(memoryGiB / 128));
    if (memoryGiB >= 512) return size(16, 64, Math.ceil(memoryGiB / 64));
    return size(8, 32, Math.ceil(memoryGiB / 32));
}

/**
 * Milvus cluster components for one replica's loading memory, then the query
 * nodes multiplied by the in-memory replica count (each replica group holds a
 * full copy; the tool itself sizes one replica). Streaming nodes follow one
 * replica's query-node cores: writes do not grow with read replicas.
 */
export function clusterComponents(loadingMemoryBytes: number, replicas = 1): ClusterComponentSizes {
    const memoryGiB = loadingMemoryBytes / GIB;
    const band = FIXED_BANDS.find((b) => b.from <= memoryGiB && memoryGiB < b.to);
    const perReplica = band
        ? { queryNode: band.queryNode, proxy: band.proxy, mixCoordinator: band.mixCoordinator, dataNode: band.dataNode }
        : { queryNode: largeQueryNodes(memoryGiB), proxy: size(8, 32, 1), mixCoordinator: size(8, 32, 1), dataNode: size(8, 16, 8) };
    const qn = perReplica.queryNode;
    return {
        ...perReplica,
        queryNode: size(qn.cpu, qn.memoryGiB, qn.replicas * replicas),
        streamingNode: streamingNodeFor(qn.cpu * qn.replicas),
    };
}

/**
 * Standalone pod (the tool's `standaloneNodeConfigCalculator`): memory rounded
 * up to 8, 16, or the next multiple of 32 GiB; CPU = memory / 4.
 */
export function standalonePod(loadingMemoryBytes: number): NodeSize {
    const gib = loadingMemoryBytes / GIB;
    const memory = gib <= 8 ? 8 : gib <= 16 ? 16 : Math.ceil(gib / 32) * 32;
    return size(memory / 4, memory, 1);
}

// ---------------------------------------------------------------------------
// Mode thresholds
// ---------------------------------------------------------------------------

/** Above this raw size the tool switches to cluster mode by itself (10M x 768; DiskANN 50M x 768). */
export function clusterThresholdBytes(indexType: IndexType): number {
    return referenceBytes(indexType === "DISKANN" ? 50 : 10);
}

/** Above this raw size the tool does not offer standalone at all (100M x 768; DiskANN 500M x 768). */
export function standaloneLimitBytes(indexType: IndexType): number {
    return referenceBytes(indexType === "DISKANN" ? 500 : 100);
}

// ---------------------------------------------------------------------------
// Dependencies (the tool's `dependencyCalculator`)
// ---------------------------------------------------------------------------

export interface VolumeNodeSize extends NodeSize {
    volumeGiB: number;
}

export interface PulsarSizes {
    zookeeper: VolumeNodeSize;
    bookkeeper: NodeSize & { journalGiB: number; ledgersGiB: number };
    broker: NodeSize;
    proxy: NodeSize;
}

export interface KafkaSizes {
    broker: VolumeNodeSize;
}

export interface DependencySizes {
    etcd: VolumeNodeSize;
    minio: VolumeNodeSize;
    pulsar?: PulsarSizes;
    kafka?: KafkaSizes;
}

/** MinIO volume per pod: max(ceil((raw + loading memory) / GiB), 30). */
export function minioVolumeGiB(rawBytes: number, loadingMemoryBytes: number): number {
    return Math.max(Math.ceil((rawBytes + loadingMemoryBytes) / GIB), 30);
}

/**
 * Woodpecker, Milvus 2.6's write-ahead log, keeps its log in the Milvus
 * object store (the bucket's `<rootPath>/wp` prefix: milvus-io/milvus
 * pkg/streaming/walimpls/impls/wp/builder.go at v2.6.20). A log segment is
 * truncated once the streaming node's checkpoint has passed it
 * (internal/streamingnode/server/wal/recovery/recovery_background_task.go)
 * and deleted only after `woodpecker.logstore.retentionPolicy.ttl` more,
 * 72h by default (configs/milvus.yaml v2.6.20; chart 5.0.19 sets no other).
 * So the log holds about the last 72 hours of writes: after a bulk load that
 * is a second copy of the raw data for three days. The sizing tool reserves
 * none of it (its MinIO volume is raw data plus loading memory); this is the
 * estimate the plan shows beside it: the raw data, the most one load writes.
 */
export const WOODPECKER_RETENTION_HOURS = 72;

export function woodpeckerLogGiB(rawBytes: number): number {
    return Math.ceil(rawBytes / GIB);
}

/** Pulsar ledgers (and Kafka broker volume): max(ceil(raw / GiB), 20). */
export function ledgersGiB(rawBytes: number): number {
    return Math.max(Math.ceil(rawBytes / GIB), 20);
}

/**
 * Pulsar journal: min(ceil(raw / GiB) x 0.5, 50), kept as the tool writes it:
 * a half Gi stays a half (3 GiB of raw data -> 1.5Gi, a valid quantity).
 */
export function journalGiB(rawBytes: number): number {
    return Math.min(Math.ceil(rawBytes / GIB) * 0.5, 50);
}

export function dependencies(mode: "standalone" | "cluster", rawBytes: number, loadingMemoryBytes: number): DependencySizes {
    const minioGiB = minioVolumeGiB(rawBytes, loadingMemoryBytes);
    if (mode === "standalone") {
        // At or above 1M x 768: etcd 2 GiB, MinIO 8 GiB.
        const big = rawBytes >= referenceBytes(1);
        return {
            etcd: { cpu: 0.5, memoryGiB: big ? 2 : 1, replicas: 1, volumeGiB: 10 },
            minio: { cpu: 1, memoryGiB: big ? 8 : 4, replicas: 1, volumeGiB: minioGiB },
        };
    }
    // At or above 100M x 768 every dependency steps up.
    const large = rawBytes >= referenceBytes(100);
    const ledgers = ledgersGiB(rawBytes);
    return {
        etcd: large ? { cpu: 1, memoryGiB: 8, replicas: 3, volumeGiB: 50 } : { cpu: 1, memoryGiB: 4, replicas: 3, volumeGiB: 20 },
        minio: { cpu: 1, memoryGiB: 8, replicas: 4, volumeGiB: minioGiB },
        pulsar: large
            ? {
                  zookeeper: { cpu: 0.5, memoryGiB: 4, replicas: 3, volumeGiB: 50 },
                  bookkeeper: { cpu: 2, memoryGiB: 16, replicas: 3, journalGiB: journalGiB(rawBytes), ledgersGiB: ledgers },
                  broker: { cpu: 2, memoryGiB: 8, replicas: 2 },
                  proxy: { cpu: 1, memoryGiB: 4, replicas: 2 },
              }
            : {
                  zookeeper: { cpu: 0.5, memoryGiB: 2, replicas: 3, volumeGiB: 30 },
                  bookkeeper: { cpu: 1, memoryGiB: 8, replicas: 3, journalGiB: journalGiB(rawBytes), ledgersGiB: ledgers },
                  broker: { cpu: 1, memoryGiB: 4, replicas: 2 },
                  proxy: { cpu: 0.5, memoryGiB: 4, replicas: 2 },
              },
        kafka: {
            broker: large ? { cpu: 4, memoryGiB: 16, replicas: 3, volumeGiB: ledgers } : { cpu: 2, memoryGiB: 8, replicas: 3, volumeGiB: ledgers },
        },
    };
}
