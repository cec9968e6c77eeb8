// AWS node pools sized from the Milvus workload: which roles' pods each pool
// holds, how many nodes of its (first) instance type that takes, and how
// large the root volume must be for DiskANN index files. The validation rule
// (rules.ts) reports the problems and the platform creates the node groups
// from the pools; both call sizeAwsNodePools, so they cannot disagree. Pure.
import type { ConfigProblem } from "../config/problems";
import type { RoleDemand } from "../config/resolve";
import type { PlacementRole } from "../shared/milvus-layout";
import { nodePoolSize, type NodePoolSizing } from "../config/demand";
import { DEFAULT_HEADROOM, INSTANCE_SIZES, PodDoesNotFitError, packPods, usableCapacity, type InstanceSize, type PodDemand } from "../sizing/nodes";
import { PLACEMENT_ROLES, type NodePoolSettings } from "./config";
import { roundTo } from "../shared/numbers";

/**
 * Root volume the OS, the container images and the kubelet's logs need
 * besides the pods' local disk (DiskANN index files).
 */
export const SYSTEM_DISK_GIB = 20;
/** Share of the root volume the kubelet keeps free (EKS's eviction threshold nodefs.available < 10%). */
export const EVICTION_DISK_FRACTION = 0.1;
/** The largest gp3 volume (the schema's limit on diskSizeGiB). */
const MAX_DISK_GIB = 16384;

/** Taints that keep pods without a matching toleration off the nodes. */
export function repels(pool: NodePoolSettings): boolean {
    return pool.taints.some((t) => t.effect !== "PreferNoSchedule");
}

/**
 * The roles whose pods each pool must hold: a pool's own `roles`, and on
 * the first pool without roles (or, when every pool has roles, the first
 * untainted one) every role placed on no pool, since those pods run on
 * untainted nodes and the pool they land on must have room for them.
 * Roles the mode does not deploy add no pods (roleDemand lists none).
 */
export function rolesPerPool(pools: NodePoolSettings[]): PlacementRole[][] {
    const placed = new Set(pools.flatMap((p) => p.roles));
    const unplaced = PLACEMENT_ROLES.filter((r) => !placed.has(r));
    const home = [pools.findIndex((p) => p.roles.length === 0 && !repels(p)), pools.findIndex((p) => !repels(p))].find((i) => i >= 0);
    return pools.map((p, i) => [...new Set(i === home ? [...p.roles, ...unplaced] : p.roles)]);
}

/** Root volume for nodes holding `localDiskGiB` of pod disk: that, plus the system's share, below the eviction threshold. */
export function rootVolumeGiB(configuredGiB: number, localDiskGiB: number): number {
    if (localDiskGiB <= 0) return configuredGiB;
    return Math.max(configuredGiB, Math.ceil((localDiskGiB + SYSTEM_DISK_GIB) / (1 - EVICTION_DISK_FRACTION) - 1e-9));
}

export interface SizedNodePool {
    /** The pool to create: desiredSize raised to the nodes its pods need, the root volume to their local disk. */
    pool: NodePoolSettings;
    /** Roles whose pods the pool holds. */
    roles: PlacementRole[];
    /** The packing behind the numbers; undefined when the pool holds no pods or could not be sized (see problems). */
    sizing?: NodePoolSizing;
}

export interface AwsPoolSizing {
    pools: SizedNodePool[];
    problems: ConfigProblem[];
}

const AWS_TYPES = Object.entries(INSTANCE_SIZES)
    .filter(([, s]) => s.cloud === "aws")
    .map(([name]) => name);

/** "m5, m6i, ... in large, xlarge, ...; t3 in medium, ..." from the table. */
function knownAwsTypes(): string {
    const sizesOf = new Map<string, string[]>();
    for (const name of AWS_TYPES) {
        const [family, size] = name.split(".");
        sizesOf.set(family, [...(sizesOf.get(family) ?? []), size]);
    }
    const groups = new Map<string, string[]>();
    for (const [family, sizes] of sizesOf) groups.set(sizes.join(", "), [...(groups.get(sizes.join(", ")) ?? []), family]);
    return [...groups].map(([sizes, families]) => `${families.join(", ")} (${sizes})`).join("; ");
}

/** Same-family instance types larger than `instanceType`, smallest first (m6i.2xlarge -> m6i.4xlarge, m6i.8xlarge, ...). */
function largerInFamily(instanceType: string, than: InstanceSize): string[] {
    const family = instanceType.split(".")[0];
    return AWS_TYPES.filter((name) => name.split(".")[0] === family && INSTANCE_SIZES[name].cpu > than.cpu).sort(
        (a, b) => INSTANCE_SIZES[a].cpu - INSTANCE_SIZES[b].cpu,
    );
}

function podList(pods: PodDemand[]): string {
    return pods
        .filter((p) => p.replicas > 0)
        .map((p) => `${p.name} x${p.replicas}`)
        .join(", ");
}

function poolKey(index: number, field: string): string {
    return `aws.nodePools.${index}.${field}`;
}

/**
 * Sizes every pool for the pods it holds (rolesPerPool) on its first
 * instance type with the default headroom (kubelet, OS and system pods).
 * minSize becomes max(configured, needed), so the nodes the workload needs
 * reach existing node groups too (desiredSize is left to scaling after
 * creation); desiredSize is at least minSize; maxSize stays.
 * Reports, instead of throwing: a first instance type whose size is not
 * known, a pod no node of it can hold, more nodes than maxSize, a root
 * volume gp3 cannot provide.
 */
export function sizeAwsNodePools(podsOf: RoleDemand, pools: NodePoolSettings[]): AwsPoolSizing {
    const problems: ConfigProblem[] = [];
    const roles = rolesPerPool(pools);
    const sized = pools.map((pool, i): SizedNodePool => {
        const result: SizedNodePool = { pool, roles: roles[i].filter((role) => podsOf[role].some((p) => p.replicas > 0)) };
        const instanceType = pool.instanceTypes[0];
        const demand = roles[i].flatMap((role) => podsOf[role]).filter((p) => p.replicas > 0);
        if (demand.length === 0) return result;
        const instance = INSTANCE_SIZES[instanceType] as InstanceSize | undefined;
        if (instance?.cloud !== "aws") {
            problems.push({
                key: poolKey(i, "instanceTypes"),
                given: instanceType,
                allowed:
                    `the first instance type sizes the pool for its Milvus pods (${podList(demand)}), and this one's vCPU and memory are not known; ` +
                    `allowed first: ${knownAwsTypes()}`,
            });
            return result;
        }
        let sizing: NodePoolSizing;
        try {
            sizing = nodePoolSize(podsOf, roles[i], instance);
        } catch (e) {
            if (!(e instanceof PodDoesNotFitError)) throw e;
            const fits = largerInFamily(instanceType, instance).find((t) => {
                const usable = usableCapacity(INSTANCE_SIZES[t], DEFAULT_HEADROOM);
                return demand.every((p) => p.cpu <= usable.cpu + 1e-9 && p.memoryGiB <= usable.memoryGiB + 1e-9);
            });
            problems.push({
                key: poolKey(i, "instanceTypes"),
                given: instanceType,
                allowed:
                    `a ${e.pod.name} pod requests ${roundTo(e.pod.cpu)} CPU / ${roundTo(e.pod.memoryGiB)} GiB, more than one ${instanceType} node can give a pod ` +
                    `(${roundTo(e.usable.cpu)} CPU / ${roundTo(e.usable.memoryGiB)} GiB after headroom for the kubelet and system pods); ` +
                    `allowed: ${fits ? `a larger instance type such as ${fits}` : "a larger instance type"}, or smaller ${e.pod.name} resources`,
            });
            return result;
        }
        result.sizing = sizing;
        const needed = sizing.packedNodes;
        if (needed > pool.maxSize) {
            const alternative = largerInFamily(instanceType, instance)
                .map((t) => ({ t, n: packPods(demand, INSTANCE_SIZES[t], DEFAULT_HEADROOM).length }))
                .find(({ n }) => n <= pool.maxSize);
            problems.push({
                key: poolKey(i, "maxSize"),
                given: pool.maxSize,
                allowed:
                    `allowed for this workload: at least ${needed} — its pods on this pool (${podList(demand)}) need ${needed} x ${instanceType} ` +
                    `(${roundTo(sizing.usable.cpu)} CPU / ${roundTo(sizing.usable.memoryGiB)} GiB each after headroom); ` +
                    `or a larger instance type${alternative ? ` (${alternative.n} x ${alternative.t})` : ""}`,
            });
            return result;
        }
        const diskSizeGiB = rootVolumeGiB(pool.diskSizeGiB, sizing.localDiskGiBPerNode);
        if (diskSizeGiB > MAX_DISK_GIB) {
            problems.push({
                key: poolKey(i, "instanceTypes"),
                given: instanceType,
                allowed:
                    `its nodes would hold ${sizing.localDiskGiBPerNode} GiB of query-node index files each, more than a ${MAX_DISK_GIB} GiB gp3 root volume takes; ` +
                    "allowed: a smaller instance type (fewer query nodes per node) or more query-node replicas",
            });
            return result;
        }
        const minSize = Math.max(pool.minSize, needed);
        result.pool = { ...pool, minSize, desiredSize: Math.max(pool.desiredSize, minSize), diskSizeGiB };
        return result;
    });
    return { pools: sized, problems };
}

/** The pools the platform creates; validation has already reported any problem sizing them. */
export function sizedNodePools(demand: RoleDemand, pools: NodePoolSettings[]): NodePoolSettings[] {
    const { pools: sized, problems } = sizeAwsNodePools(demand, pools);
    if (problems.length > 0)
        throw new Error(`node pools cannot be sized (validation should have refused this config): ${problems.map((p) => p.key).join(", ")}`);
    return sized.map((s) => s.pool);
}
