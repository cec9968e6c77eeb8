// How many nodes each AKS pool needs for the Milvus pods it runs, from the
// effective (sized or explicit) Milvus settings. One source of truth: the
// validation rule reports its problems before anything is registered, and
// the cluster takes its node counts and OS disk sizes from it. Pure.
import type { ConfigProblem } from "../config/problems";
import type { RoleDemand } from "../config/resolve";
import type { PlacementRole } from "../shared/milvus-layout";
import { nodePoolSize, type NodePoolSizing } from "../config/demand";
import { DEFAULT_HEADROOM, INSTANCE_SIZES, PodDoesNotFitError, totalDemand, usableCapacity, type Headroom, type Machine } from "../sizing/nodes";
import type { AzureSettings, PoolRole } from "./config";
import { hostedRoles } from "./placement";
import { roundTo } from "../shared/numbers";

// ---------------------------------------------------------------------------
// Headroom on AKS nodes
// ---------------------------------------------------------------------------

/**
 * AKS's own kube-reserved CPU by core count (learn.microsoft.com/azure/aks/
 * node-resource-reservations); sizes between two columns take the larger one.
 */
const AKS_RESERVED_MILLICORES: Array<[cores: number, millicores: number]> = [
    [1, 60],
    [2, 100],
    [4, 140],
    [8, 180],
    [16, 260],
    [32, 420],
    [64, 740],
];

/**
 * Pods per node: the program sets no maxPods, so AKS uses the Azure CNI
 * Overlay default. kube-reserved memory grows with it (below).
 */
export const AKS_MAX_PODS = 250;

/** kubelet's `memory.available<100Mi` hard eviction threshold (AKS 1.29 and later). */
const AKS_EVICTION_GIB = 100 / 1024;

/**
 * What the AKS DaemonSets on every node request (azure-cns, the Cilium agent,
 * ip-masq-agent, cloud-node-manager, the Azure Disk and Azure File CSI node
 * plugins): about 0.3 CPU and 0.75 GiB together. An estimate, rounded up.
 */
export const AKS_DAEMONSETS: Machine = { cpu: 0.3, memoryGiB: 0.75 };

/**
 * What a System pool that also runs Milvus keeps for the AKS add-on
 * Deployments AKS places on System pools: CoreDNS and its autoscaler,
 * metrics-server, konnectivity-agent, the workload identity webhook, the CSI
 * snapshot controller and cilium-operator, two replicas of most. Per node,
 * so a one-node pool (azure-dev) holds all of them next to Milvus. An
 * estimate, rounded up; a dedicated system pool (CriticalAddonsOnly) is not
 * sized at all.
 */
export const AKS_SYSTEM_ADDONS: Machine = { cpu: 1, memoryGiB: 1 };

/** What AKS itself keeps back on a node of this size, plus its DaemonSets. */
export function aksReserved(machine: Machine): Machine {
    const cpuRow = AKS_RESERVED_MILLICORES.find(([cores]) => cores >= machine.cpu) ?? AKS_RESERVED_MILLICORES[AKS_RESERVED_MILLICORES.length - 1];
    // 1.29 and later: min(20 MiB x max pods + 50 MiB, 25% of memory), plus the eviction threshold.
    const kubeReservedGiB = Math.min((20 * AKS_MAX_PODS + 50) / 1024, 0.25 * machine.memoryGiB);
    return {
        cpu: cpuRow[1] / 1000 + AKS_DAEMONSETS.cpu,
        memoryGiB: kubeReservedGiB + AKS_EVICTION_GIB + AKS_DAEMONSETS.memoryGiB,
    };
}

/**
 * The sizing module's headroom, raised where AKS keeps back more than it:
 * with 250 pods per node AKS reserves up to 4.9 GiB, more than the default
 * 10% + 0.5 GiB on nodes with 4 GiB per vCPU or less (e.g. 4.85 instead of
 * 2.1 GiB of a Standard_D4ds_v5, 5.8 instead of 3.7 GiB of a D8ds_v5).
 * A System pool that runs Milvus also keeps AKS_SYSTEM_ADDONS free.
 */
export function aksHeadroom(machine: Machine, systemPool = false): Headroom {
    const d = DEFAULT_HEADROOM;
    const usable = usableCapacity(machine, d);
    const aks = aksReserved(machine);
    const extra = (dimension: keyof Machine) =>
        Math.max(0, aks[dimension] - (machine[dimension] - usable[dimension])) + (systemPool ? AKS_SYSTEM_ADDONS[dimension] : 0);
    return { fraction: d.fraction, cpu: d.cpu + extra("cpu"), memoryGiB: d.memoryGiB + extra("memoryGiB") };
}

// ---------------------------------------------------------------------------
// OS disk for DiskANN index files
// ---------------------------------------------------------------------------

/** The OS disk AKS gives a node when osDiskSizeGB is not set. */
export const AKS_DEFAULT_OS_DISK_GB = 128;

/** What the node itself keeps on its OS disk: the OS, container images, logs. */
const OS_AND_IMAGES_GIB = 50;

/** kubelet's `nodefs.available<10%` hard eviction threshold. */
const NODEFS_EVICTION = 0.1;

/**
 * Ephemeral storage (emptyDir, where the query nodes keep DiskANN index files)
 * lives on the AKS OS disk (kubeletDiskType OS). The disk must hold the OS and
 * images plus the index files of every query node packed on the node, and
 * keep 10% free.
 */
export function osDiskNeededGB(localDiskGiBPerNode: number): number {
    return Math.ceil((OS_AND_IMAGES_GIB + localDiskGiBPerNode) / (1 - NODEFS_EVICTION) - 1e-9);
}

/** The largest OS disk the config (and AKS) allows. */
export const MAX_OS_DISK_GB = 2048;

// ---------------------------------------------------------------------------
// Pool sizes
// ---------------------------------------------------------------------------

export interface SizedPool {
    /** The config key of the pool: `azure.systemPool` or `azure.nodePools.<role>`. */
    key: string;
    /** The user pool's role; undefined for the system pool. */
    role?: PoolRole;
    vmSize: string;
    /** The Milvus roles whose pods run on this pool (empty: the pool is not sized). */
    roles: PlacementRole[];
    /** The nodes its Milvus pods need (0 when it runs none or could not be sized). */
    neededNodes: number;
    /** The configured minimum, raised to the nodes needed. */
    minCount: number;
    maxCount: number;
    /** Nodes to start with: the minimum (at least one). */
    count: number;
    /** The configured OS disk, raised when DiskANN index files need more; undefined keeps AKS's default. */
    osDiskSizeGB?: number;
    /** The packing behind neededNodes, when the pool was sized. */
    sizing?: NodePoolSizing;
}

export interface AzurePoolSizes {
    system: SizedPool;
    /** In the order of azure.nodePools. */
    pools: SizedPool[];
    problems: ConfigProblem[];
}

/** "Standard_E8ds_v5" -> the same family and suffix in larger known sizes, smallest first. */
export function largerSizes(vmSize: string): string[] {
    const parse = (name: string) => /^Standard_([A-Z]+)(\d+)([a-z]*_v\d+)$/.exec(name);
    const own = parse(vmSize);
    const size = INSTANCE_SIZES[vmSize];
    if (!own || !size) return [];
    return Object.entries(INSTANCE_SIZES)
        .filter(([name, s]) => {
            const m = parse(name);
            return s.cloud === "azure" && m !== null && m[1] === own[1] && m[3] === own[3] && s.cpu > size.cpu;
        })
        .sort(([, a], [, b]) => a.cpu - b.cpu)
        .map(([name]) => name);
}

function sizeOn(demand: RoleDemand, roles: PlacementRole[], vmSize: string, systemPool: boolean): NodePoolSizing {
    const machine = INSTANCE_SIZES[vmSize];
    return nodePoolSize(demand, roles, machine, { headroom: aksHeadroom(machine, systemPool) });
}

/** The first larger size of the same family whose nodes hold every pod, within `maxCount` when given. */
function suggestion(
    demand: RoleDemand,
    roles: PlacementRole[],
    vmSize: string,
    systemPool: boolean,
    maxCount?: number,
): { vmSize: string; nodes: number } | undefined {
    for (const candidate of largerSizes(vmSize)) {
        try {
            const nodes = sizeOn(demand, roles, candidate, systemPool).packedNodes;
            if (maxCount === undefined || nodes <= maxCount) return { vmSize: candidate, nodes };
        } catch (error) {
            if (!(error instanceof PodDoesNotFitError)) throw error;
        }
    }
    return undefined;
}

/** "12 pods of mixCoordinator, proxy, dependencies: 11.3 CPU / 49.8 GiB requested" */
function describePods(roles: PlacementRole[], sizing: NodePoolSizing): string {
    const t = totalDemand(sizing.pods);
    return `its ${t.pods} Milvus pods (${roles.join(", ")}; ${roundTo(t.cpu)} CPU / ${roundTo(t.memoryGiB)} GiB requested)`;
}

interface PoolInput {
    key: string;
    role?: PoolRole;
    vmSize: string;
    minCount: number;
    maxCount: number;
    /** The system pool has no such key: its OS disk is only ever raised for DiskANN. */
    osDiskSizeGB?: number;
    roles: PlacementRole[];
    systemPool: boolean;
}

function sizePool(demand: RoleDemand, pool: PoolInput, problems: ConfigProblem[]): SizedPool {
    const base: SizedPool = {
        key: pool.key,
        role: pool.role,
        vmSize: pool.vmSize,
        roles: pool.roles,
        neededNodes: 0,
        minCount: pool.minCount,
        maxCount: pool.maxCount,
        count: Math.max(pool.minCount, 1),
        osDiskSizeGB: pool.osDiskSizeGB,
    };
    // Only pools that run Milvus pods are sized (a query pool in standalone mode runs none).
    const running = pool.roles.filter((role) => demand[role].some((p) => p.replicas > 0));
    if (running.length === 0) return { ...base, roles: [] };

    if (!INSTANCE_SIZES[pool.vmSize] || INSTANCE_SIZES[pool.vmSize].cloud !== "azure") {
        const known = Object.entries(INSTANCE_SIZES)
            .filter(([, s]) => s.cloud === "azure")
            .map(([name]) => name);
        problems.push({
            key: `${pool.key}.vmSize`,
            given: pool.vmSize,
            allowed: `unknown to the sizing table, which needs its vCPUs and memory to size the pool for its Milvus pods (${running.join(", ")}); use one of: ${known.join(", ")}`,
        });
        return base;
    }

    let sizing: NodePoolSizing;
    try {
        sizing = sizeOn(demand, pool.roles, pool.vmSize, pool.systemPool);
    } catch (error) {
        if (!(error instanceof PodDoesNotFitError)) throw error;
        const better = suggestion(demand, pool.roles, pool.vmSize, pool.systemPool);
        problems.push({
            key: `${pool.key}.vmSize`,
            given: pool.vmSize,
            allowed:
                `too small for this workload: a ${error.pod.name} pod requests ${roundTo(error.pod.cpu)} CPU / ${roundTo(error.pod.memoryGiB)} GiB, ` +
                `more than a ${pool.vmSize} node can give a pod on AKS (${roundTo(error.usable.cpu)} CPU / ${roundTo(error.usable.memoryGiB)} GiB after headroom); ` +
                `choose a larger vmSize${better ? ` such as ${better.vmSize} (${better.nodes} node${better.nodes === 1 ? "" : "s"})` : ""}`,
        });
        return base;
    }

    const neededNodes = sizing.packedNodes;
    const minCount = Math.max(pool.minCount, neededNodes);
    if (neededNodes > pool.maxCount && pool.minCount <= pool.maxCount) {
        const better = suggestion(demand, pool.roles, pool.vmSize, pool.systemPool, pool.maxCount);
        problems.push({
            key: `${pool.key}.maxCount`,
            given: pool.maxCount,
            allowed:
                `allowed for this workload: at least ${neededNodes} — ${describePods(running, sizing)} need ${neededNodes} ${pool.vmSize} nodes ` +
                `(${roundTo(sizing.usable.cpu)} CPU / ${roundTo(sizing.usable.memoryGiB)} GiB each for pods on AKS); ` +
                `or a larger vmSize${better ? ` (${better.nodes} x ${better.vmSize} would do)` : ""}`,
        });
    }

    let osDiskSizeGB = pool.osDiskSizeGB;
    if (sizing.localDiskGiBPerNode > 0) {
        const needed = osDiskNeededGB(sizing.localDiskGiBPerNode);
        const what =
            `the query nodes on one ${pool.vmSize} node keep ${roundTo(sizing.localDiskGiBPerNode)} GiB of DiskANN index files on the OS disk, ` +
            `plus ${OS_AND_IMAGES_GIB} GiB for the OS and images and 10% kept free`;
        if (needed > MAX_OS_DISK_GB) {
            problems.push({
                key: `${pool.key}.vmSize`,
                given: pool.vmSize,
                allowed: `${what}: ${needed} GB, more than the largest OS disk (${MAX_OS_DISK_GB} GB); choose a smaller vmSize so fewer query nodes share a node, or run more query node replicas`,
            });
        } else if (pool.osDiskSizeGB !== undefined && pool.osDiskSizeGB < needed) {
            problems.push({
                key: `${pool.key}.osDiskSizeGB`,
                given: pool.osDiskSizeGB,
                allowed: `allowed for this workload: at least ${needed} — ${what}`,
            });
        } else if (pool.osDiskSizeGB === undefined && needed > AKS_DEFAULT_OS_DISK_GB) {
            // Unset: AKS's default would be too small, so the pool gets what the index files need.
            osDiskSizeGB = needed;
        }
    }
    return { ...base, neededNodes, minCount, count: Math.max(minCount, 1), osDiskSizeGB, sizing };
}

/**
 * Sizes the system pool (when it runs Milvus pods, i.e. there is no
 * dependencies pool) and every user pool for the pods placement.ts sends
 * there. Problems name the key to change; a pool with a problem keeps its
 * configured counts.
 */
export function sizeAzurePools(demand: RoleDemand, azure: AzureSettings): AzurePoolSizes {
    const problems: ConfigProblem[] = [];
    const hosted = hostedRoles(azure);
    const system = sizePool(
        demand,
        {
            key: "azure.systemPool",
            vmSize: azure.systemPool.vmSize,
            minCount: azure.systemPool.minCount,
            maxCount: azure.systemPool.maxCount,
            roles: hosted.system,
            systemPool: true,
        },
        problems,
    );
    const pools = azure.nodePools.map((p) =>
        sizePool(
            demand,
            {
                key: `azure.nodePools.${p.role}`,
                role: p.role,
                vmSize: p.vmSize,
                minCount: p.minCount,
                maxCount: p.maxCount,
                osDiskSizeGB: p.osDiskSizeGB,
                roles: hosted.pools.get(p.role) ?? [],
                systemPool: false,
            },
            problems,
        ),
    );
    return { system, pools, problems };
}
