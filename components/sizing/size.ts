// Workload -> sized Milvus: replicas, Kubernetes requests/limits and volume
// sizes for every component and in-cluster dependency. Pure; the config
// resolver applies the result wherever the user set nothing explicitly.
import type { ClusterComponent, Mode, PodResources as ResourcesInput } from "../shared/milvus-layout";
import {
    GIB,
    clusterComponents,
    dependencies,
    indexBuildDiskBytes,
    indexFootprintBytes,
    loadingBytes,
    rawDataBytes,
    rawScalarBytes,
    rawVectorBytes,
    standalonePod,
    type NodeSize,
    type Workload,
} from "./formulas";
import { sizedResources } from "./nodes";
import { ceilGi } from "./quantities";

export interface SizedComponent extends NodeSize {
    resources: ResourcesInput;
    /** Local disk per pod (DiskANN index files on query nodes). */
    localDiskGiB?: number;
}

export interface SizedVolumeComponent extends SizedComponent {
    volumeGiB: number;
}

export interface SizingResult {
    workload: Workload;
    mode: Mode;
    rawVectorBytes: number;
    rawScalarBytes: number;
    rawBytes: number;
    indexMemoryBytes: number;
    indexDiskBytes: number;
    /** Memory one loaded replica needs (the tool's "loading memory"). */
    loadingMemoryBytes: number;
    /** Local disk one loaded replica needs (DiskANN). */
    localDiskBytes: number;
    /** Cluster mode: the five Milvus 2.6 components. */
    components?: Record<ClusterComponent, SizedComponent>;
    /** Standalone mode: the single pod. */
    standalone?: SizedComponent;
    /** Standalone mode: the standalone pod's volume (at least 50 GiB, more for DiskANN index files). */
    standaloneStorageGiB?: number;
    etcd: SizedVolumeComponent;
    minio: SizedVolumeComponent;
    /** Cluster mode: in-cluster Pulsar, used when the queue is pulsar. */
    pulsar?: {
        zookeeper: SizedVolumeComponent;
        bookkeeper: SizedComponent & { journalGiB: number; ledgersGiB: number };
        broker: SizedComponent;
        proxy: SizedComponent;
    };
    /** Cluster mode: what the tool recommends for Kafka brokers (for a managed Kafka such as MSK). */
    kafka?: { broker: NodeSize & { volumeGiB: number } };
}

/** The smallest standalone volume the program uses (its default). */
export const MIN_STANDALONE_STORAGE_GIB = 50;

function sized(size: NodeSize, extraRequests: Record<string, string> = {}): SizedComponent {
    return { ...size, resources: sizedResources(size, extraRequests) };
}

export function sizeWorkload(workload: Workload, mode: Mode): SizingResult {
    const raw = rawDataBytes(workload);
    const index = indexFootprintBytes(workload);
    const loading = loadingBytes(workload);
    const deps = dependencies(mode, raw, loading.memory);
    const diskGiB = loading.disk / GIB;

    const base = {
        workload,
        mode,
        rawVectorBytes: rawVectorBytes(workload),
        rawScalarBytes: rawScalarBytes(workload),
        rawBytes: raw,
        indexMemoryBytes: index.memory,
        indexDiskBytes: index.disk,
        loadingMemoryBytes: loading.memory,
        localDiskBytes: loading.disk,
        etcd: { ...sized(deps.etcd), volumeGiB: deps.etcd.volumeGiB },
        minio: { ...sized(deps.minio), volumeGiB: deps.minio.volumeGiB },
    };

    if (mode === "standalone") {
        return {
            ...base,
            standalone: sized(standalonePod(loading.memory)),
            standaloneStorageGiB: Math.max(MIN_STANDALONE_STORAGE_GIB, Math.ceil(diskGiB - 1e-9)),
        };
    }

    const c = clusterComponents(loading.memory, workload.replicas);
    // Each replica group spreads one copy of the index over its query nodes.
    const perReplicaQueryNodes = c.queryNode.replicas / workload.replicas;
    const qnDiskGiB = loading.disk > 0 ? diskGiB / perReplicaQueryNodes : 0;
    const queryNode: SizedComponent =
        qnDiskGiB > 0
            ? { ...sized(c.queryNode, { "ephemeral-storage": ceilGi(qnDiskGiB) }), localDiskGiB: Math.ceil(qnDiskGiB - 1e-9) }
            : sized(c.queryNode);
    // Data nodes build the DiskANN indexes (Milvus 2.6): room for the largest segment and its index files.
    const dnDiskGiB = indexBuildDiskBytes(workload) / GIB;
    const dataNode: SizedComponent =
        dnDiskGiB > 0
            ? { ...sized(c.dataNode, { "ephemeral-storage": ceilGi(dnDiskGiB) }), localDiskGiB: Math.ceil(dnDiskGiB - 1e-9) }
            : sized(c.dataNode);
    const p = deps.pulsar;
    return {
        ...base,
        components: {
            mixCoordinator: sized(c.mixCoordinator),
            proxy: sized(c.proxy),
            queryNode,
            dataNode,
            streamingNode: sized(c.streamingNode),
        },
        pulsar: p && {
            zookeeper: { ...sized(p.zookeeper), volumeGiB: p.zookeeper.volumeGiB },
            bookkeeper: { ...sized(p.bookkeeper), journalGiB: p.bookkeeper.journalGiB, ledgersGiB: p.bookkeeper.ledgersGiB },
            broker: sized(p.broker),
            proxy: sized(p.proxy),
        },
        kafka: deps.kafka,
    };
}

/** The resources of every pod the sizing sizes, for a config without a workload. */
export interface BaselineResources {
    components: Record<ClusterComponent, ResourcesInput>;
    standalone: ResourcesInput;
    etcd: ResourcesInput;
    minio: ResourcesInput;
    pulsar: { zookeeper: ResourcesInput; bookkeeper: ResourcesInput; broker: ResourcesInput; proxy: ResourcesInput };
}

/**
 * What each pod reserves when the config gives neither a workload nor
 * resources: the sizing tool's smallest sizes (its first band, for no data),
 * so no pod runs without requests (the scheduler would place it anywhere and
 * the kubelet evict it first) and the node demand the plan shows is what the
 * pods ask the scheduler for.
 */
export function baselineResources(mode: Mode): BaselineResources {
    const c = clusterComponents(0);
    const deps = dependencies(mode, 0, 0);
    const pulsar = dependencies("cluster", 0, 0).pulsar;
    if (!pulsar) throw new Error("the sizing formulas size no Pulsar for cluster mode");
    const r = (size: NodeSize) => sizedResources(size);
    return {
        components: {
            mixCoordinator: r(c.mixCoordinator),
            proxy: r(c.proxy),
            queryNode: r(c.queryNode),
            dataNode: r(c.dataNode),
            streamingNode: r(c.streamingNode),
        },
        standalone: r(standalonePod(0)),
        etcd: r(deps.etcd),
        minio: r(deps.minio),
        pulsar: { zookeeper: r(pulsar.zookeeper), bookkeeper: r(pulsar.bookkeeper), broker: r(pulsar.broker), proxy: r(pulsar.proxy) },
    };
}
