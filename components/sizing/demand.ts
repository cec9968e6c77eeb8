// What each node-pool role must hold, from the effective (sized or explicit)
// settings, and how many nodes of a given instance size that takes. The
// demand is computed once, when the config is resolved (CommonConfig.demand);
// cloud platforms hand it to nodePoolSize to fit their pools. Pure.
import type { ComponentSettings, MilvusSettings, RoleDemand } from "../config/resolve";
import { CLUSTER_COMPONENTS } from "../config/schema";
import type { PlacementRole } from "../platform/contract";
import { clusterComponents, dependencies, standalonePod, type NodeSize } from "./formulas";
import { DEFAULT_HEADROOM, instanceSize, packPods, sizedResources, usableCapacity, type Headroom, type Machine, type PackedNode, type PodDemand } from "./nodes";
import { parseCpu, parseGiB } from "./quantities";

type Resources = NonNullable<ComponentSettings["resources"]>;

/**
 * Requests of pods the config gives no resources: the sizing tool's smallest
 * sizes (its first band for 0 GiB of data) through the same headroom rule.
 */
function baseline(): { cluster: Record<string, Resources>; standalone: Record<string, Resources> } {
    const c = clusterComponents(0);
    const depsCluster = dependencies("cluster", 0, 0);
    const depsStandalone = dependencies("standalone", 0, 0);
    const r = (s: NodeSize) => sizedResources(s);
    const pulsar = depsCluster.pulsar;
    return {
        cluster: {
            mixCoordinator: r(c.mixCoordinator), proxy: r(c.proxy), queryNode: r(c.queryNode), dataNode: r(c.dataNode),
            streamingNode: r(c.streamingNode), etcd: r(depsCluster.etcd), minio: r(depsCluster.minio),
            ...(pulsar ? {
                "pulsar.zookeeper": r(pulsar.zookeeper), "pulsar.bookkeeper": r(pulsar.bookkeeper),
                "pulsar.broker": r(pulsar.broker), "pulsar.proxy": r(pulsar.proxy),
            } : {}),
        },
        standalone: { standalone: r(standalonePod(0)), etcd: r(depsStandalone.etcd), minio: r(depsStandalone.minio) },
    };
}

/** Requests of one pod: the requests, else the limits, else the baseline. */
function podDemand(name: string, replicas: number, resources: Resources | undefined, fallback: Resources | undefined): PodDemand {
    const cpu = resources?.requests?.cpu ?? resources?.limits?.cpu ?? fallback?.requests?.cpu ?? 0;
    const memory = resources?.requests?.memory ?? resources?.limits?.memory ?? fallback?.requests?.memory ?? "0";
    const disk = resources?.requests?.["ephemeral-storage"];
    return {
        name, replicas, cpu: parseCpu(cpu), memoryGiB: parseGiB(memory),
        ...(disk ? { localDiskGiB: parseGiB(disk) } : {}),
    };
}

function pulsarDemand(m: MilvusSettings, fallback: Record<string, Resources>): PodDemand[] {
    const p = m.pulsar;
    const replicas = { zookeeper: p.zookeeperReplicas, bookkeeper: p.bookkeeperReplicas, broker: p.brokerReplicas, proxy: p.proxyReplicas };
    return (["zookeeper", "bookkeeper", "broker", "proxy"] as const).map((role) =>
        podDemand(`pulsar.${role}`, replicas[role], p.resources?.[role], fallback[`pulsar.${role}`]));
}

/**
 * The pods each placement role runs, with their requests. Roles a platform
 * may give its own node pool: each Milvus component, `standalone`, and
 * `dependencies` (etcd, in-cluster MinIO and Pulsar).
 */
export function roleDemand(m: MilvusSettings, objectStore: "minio" | "bucket"): RoleDemand {
    const base = baseline();
    const demand: Record<PlacementRole, PodDemand[]> = {
        standalone: [], mixCoordinator: [], proxy: [], queryNode: [], dataNode: [], streamingNode: [], dependencies: [],
    };
    const fallback = m.mode === "cluster" ? base.cluster : base.standalone;
    if (m.mode === "standalone") {
        demand.standalone.push(podDemand("standalone", 1, m.standalone.resources, fallback.standalone));
    } else {
        for (const c of CLUSTER_COMPONENTS) demand[c].push(podDemand(c, m.components[c].replicas, m.components[c].resources, fallback[c]));
    }
    demand.dependencies.push(podDemand("etcd", m.etcd.replicas, m.etcd.resources, fallback.etcd));
    if (objectStore === "minio") {
        demand.dependencies.push(podDemand("minio", m.minio.mode === "distributed" ? m.minio.replicas : 1, m.minio.resources, fallback.minio));
    }
    if (m.messageQueue === "pulsar") demand.dependencies.push(...pulsarDemand(m, base.cluster));
    return demand;
}

export interface NodePoolSizing {
    /** Nodes to run: max(packed nodes, minNodes), capped by maxNodes when given. */
    nodes: number;
    /** Nodes the pods need by themselves. */
    packedNodes: number;
    instance: Machine;
    /** What each node can give pods after headroom. */
    usable: Machine;
    pods: PodDemand[];
    /** The most local disk the pods on one node need (size the node's disk at least this much larger than the OS needs). */
    localDiskGiBPerNode: number;
    packing: PackedNode[];
}

/**
 * How many nodes of `instanceType` a pool serving `roles` needs.
 * `minNodes` keeps e.g. one node per availability zone; `maxNodes`, when
 * given and too small, raises an error rather than under-provisioning.
 */
export function nodePoolSize(
    demand: RoleDemand,
    roles: PlacementRole[],
    instanceType: string | Machine,
    options: { headroom?: Headroom; minNodes?: number; maxNodes?: number } = {},
): NodePoolSizing {
    const instance = typeof instanceType === "string" ? instanceSize(instanceType) : instanceType;
    const headroom = options.headroom ?? DEFAULT_HEADROOM;
    const pods = [...new Set(roles)].flatMap((role) => demand[role]);
    const packing = packPods(pods, instance, headroom);
    const nodes = Math.max(packing.length, options.minNodes ?? 0);
    if (options.maxNodes !== undefined && nodes > options.maxNodes) {
        throw new Error(`the ${roles.join("+")} pool needs ${nodes} nodes of this size, more than its maximum of ${options.maxNodes}; raise the maximum or choose a larger instance size`);
    }
    return {
        nodes, packedNodes: packing.length, instance: { cpu: instance.cpu, memoryGiB: instance.memoryGiB },
        usable: usableCapacity(instance, headroom), pods,
        localDiskGiBPerNode: packing.reduce((max, n) => Math.max(max, n.localDiskGiB), 0), packing,
    };
}
