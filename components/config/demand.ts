// What each node-pool role must hold, from the effective (sized or explicit)
// settings, and how many nodes of a given instance size that takes. The
// demand is computed once, when the config is resolved (CommonConfig.demand);
// cloud platforms hand it to nodePoolSize to fit their pools. Pure.
import type { ComponentSettings, MilvusSettings, RoleDemand } from "./resolve";
import { CLUSTER_COMPONENTS } from "./schema";
import type { PlacementRole } from "../shared/milvus-layout";
import {
    DEFAULT_HEADROOM,
    instanceSize,
    packPods,
    totalDemand,
    usableCapacity,
    type Headroom,
    type Machine,
    type PackedNode,
    type PodDemand,
} from "../sizing/nodes";
import { parseCpu, parseGiB } from "../sizing/quantities";

type Resources = NonNullable<ComponentSettings["resources"]>;

/**
 * Requests of one pod as the scheduler sees them: the requests, else the
 * limits (Kubernetes copies a limit into a missing request), else nothing.
 */
function podDemand(name: string, replicas: number, resources: Resources | undefined): PodDemand {
    const cpu = resources?.requests?.cpu ?? resources?.limits?.cpu ?? 0;
    const memory = resources?.requests?.memory ?? resources?.limits?.memory ?? "0";
    const disk = resources?.requests?.["ephemeral-storage"];
    return {
        name,
        replicas,
        cpu: parseCpu(cpu),
        memoryGiB: parseGiB(memory),
        ...(disk ? { localDiskGiB: parseGiB(disk) } : {}),
    };
}

function pulsarDemand(m: MilvusSettings): PodDemand[] {
    const p = m.pulsar;
    const replicas = { zookeeper: p.zookeeperReplicas, bookkeeper: p.bookkeeperReplicas, broker: p.brokerReplicas, proxy: p.proxyReplicas };
    return (["zookeeper", "bookkeeper", "broker", "proxy"] as const).map((role) => podDemand(`pulsar.${role}`, replicas[role], p.resources[role]));
}

/**
 * The pods each placement role runs, with their requests. Roles a platform
 * may give its own node pool: each Milvus component, `standalone`, and
 * `dependencies` (etcd, in-cluster MinIO and Pulsar).
 */
export function roleDemand(m: MilvusSettings, objectStore: "minio" | "bucket"): RoleDemand {
    const demand: Record<PlacementRole, PodDemand[]> = {
        standalone: [],
        mixCoordinator: [],
        proxy: [],
        queryNode: [],
        dataNode: [],
        streamingNode: [],
        dependencies: [],
    };
    if (m.mode === "standalone") {
        demand.standalone.push(podDemand("standalone", 1, m.standalone.resources));
    } else {
        for (const c of CLUSTER_COMPONENTS) demand[c].push(podDemand(c, m.components[c].replicas, m.components[c].resources));
    }
    demand.dependencies.push(podDemand("etcd", m.etcd.replicas, m.etcd.resources));
    if (objectStore === "minio") {
        demand.dependencies.push(podDemand("minio", m.minio.mode === "distributed" ? m.minio.replicas : 1, m.minio.resources));
    }
    if (m.messageQueue === "pulsar") demand.dependencies.push(...pulsarDemand(m));
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
        throw new Error(
            `the ${roles.join("+")} pool needs ${nodes} nodes of this size, more than its maximum of ${options.maxNodes}; raise the maximum or choose a larger instance size`,
        );
    }
    return {
        nodes,
        packedNodes: packing.length,
        instance: { cpu: instance.cpu, memoryGiB: instance.memoryGiB },
        usable: usableCapacity(instance, headroom),
        pods,
        localDiskGiBPerNode: packing.reduce((max, n) => Math.max(max, n.localDiskGiB), 0),
        packing,
    };
}

/**
 * Node sizes for a cluster the program does not create (the local platform):
 * general-purpose machines with 4 GiB per CPU, as m6i/m7i on AWS or Dsv5 on
 * Azure, from 1 CPU (a small kind or minikube node) to 64.
 */
export const GENERAL_PURPOSE_NODES: readonly Machine[] = [1, 2, 4, 8, 16, 32, 64].map((cpu) => ({ cpu, memoryGiB: 4 * cpu }));

export interface ExistingClusterNodes {
    /** The general-purpose size with the least total capacity whose `nodes` hold every pod in any order. */
    machine: Machine;
    /** How many nodes of `machine` hold every pod whatever order the scheduler places them in (anyOrderNodes). */
    nodes: number;
    /** What each such node can give pods after headroom. */
    usable: Machine;
    /** How many nodes of `machine` first-fit decreasing needs: a perfect packer's count, below what a spreading scheduler needs. */
    firstFitNodes: number;
    /** The smallest size that holds the largest pods at all. */
    smallest: Machine;
    /** The size below `smallest`, and a pod it cannot hold; undefined when `smallest` is the smallest size. */
    smaller?: { machine: Machine; tooLarge: PodDemand };
}

const fits = (p: PodDemand, room: Machine) => p.cpu <= room.cpu + 1e-9 && p.memoryGiB <= room.memoryGiB + 1e-9;

/**
 * Nodes (each giving pods `usable`) that hold every pod whatever order a
 * scheduler places them in. A pod P stays Pending only when every node lacks
 * its CPU or its memory; nodes short of CPU have more than usable - P in use,
 * so there are fewer than (all CPU requested - P's) / (usable - P's) of them,
 * and the same for memory. With at least the sum of both, for every kind of
 * pod, some node always has room. Kubernetes' default scheduler spreads pods
 * (NodeResourcesFit LeastAllocated scoring), so the first-fit count is not
 * enough: 4 GiB pods spread over the ten nodes first-fit asks for can leave
 * no node with room for an 8 GiB pod.
 */
export function anyOrderNodes(pods: PodDemand[], usable: Machine): number {
    const total = totalDemand(pods);
    if (total.pods === 0) return 0;
    if (pods.some((p) => p.replicas > 0 && !fits(p, usable))) return Infinity;
    // One node that holds them all holds them in any order.
    if (fits({ name: "all", replicas: 1, cpu: total.cpu, memoryGiB: total.memoryGiB }, usable)) return 1;
    let needed = 0;
    for (const p of pods.filter((x) => x.replicas > 0)) {
        const byCpu = p.cpu > 0 ? (total.cpu - p.cpu) / (usable.cpu - p.cpu) : 0;
        const byMemory = p.memoryGiB > 0 ? (total.memoryGiB - p.memoryGiB) / (usable.memoryGiB - p.memoryGiB) : 0;
        needed = Math.max(needed, Math.ceil(byCpu + byMemory - 1e-9));
    }
    return Math.max(needed, 1);
}

/**
 * The nodes an existing cluster needs for every pod the config runs, after
 * the default headroom (kubelet, OS, system pods) on each: of the
 * general-purpose sizes, the one whose any-order node count gives the least
 * CPU in all (the smaller size on a tie), and the smallest size that holds the
 * largest pods at all. Undefined when no size up to 64 CPUs holds a pod.
 */
export function existingClusterNodes(demand: RoleDemand, headroom: Headroom = DEFAULT_HEADROOM): ExistingClusterNodes | undefined {
    const pods = Object.values(demand)
        .flat()
        .filter((p) => p.replicas > 0);
    const holding = GENERAL_PURPOSE_NODES.map((machine, i) => ({ machine, i, usable: usableCapacity(machine, headroom) })).filter(({ usable }) =>
        pods.every((p) => fits(p, usable)),
    );
    if (holding.length === 0) return undefined;
    const options = holding.map((h) => ({ ...h, nodes: anyOrderNodes(pods, h.usable) }));
    const best = options.reduce((a, b) => (b.nodes * b.machine.cpu < a.nodes * a.machine.cpu ? b : a));
    const first = holding[0];
    const below = GENERAL_PURPOSE_NODES[first.i - 1];
    const tooLarge = below && pods.find((p) => !fits(p, usableCapacity(below, headroom)));
    return {
        machine: best.machine,
        nodes: best.nodes,
        usable: best.usable,
        firstFitNodes: packPods(pods, best.machine, headroom).length,
        smallest: first.machine,
        ...(below && tooLarge ? { smaller: { machine: below, tooLarge } } : {}),
    };
}
