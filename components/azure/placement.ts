// Which pods run on which AKS node pool. Pure, so the mapping from pool
// roles to chart nodeSelector/tolerations is tested on its own.
//
// - query pool: query nodes only (tainted, memory-optimised VMs).
// - data pool: the rest of Milvus — data, streaming, coordinator, proxy,
//   standalone (tainted).
// - dependencies pool: etcd by nodeSelector; left untainted so that pods the
//   chart cannot place (Pulsar, Attu, hooks) land there too.
// - system pool: reserved for system pods (CriticalAddonsOnly) only when a
//   dependencies pool exists to take every unplaced pod; otherwise it also
//   runs whatever has no pool of its own.
import { CLUSTER_COMPONENTS } from "../config/schema";
import type { Placement } from "../platform/contract";
import type { PlacementRole } from "../shared/milvus-layout";
import type { AzureSettings, NodePoolSettings, PoolRole } from "./config";
import { POOL_ROLE_KEY } from "./names";

const ROLE_COMPONENTS: Record<PoolRole, PlacementRole[]> = {
    query: ["queryNode"],
    data: ["dataNode", "streamingNode", "mixCoordinator", "proxy", "standalone"],
    dependencies: ["dependencies"],
};

/** Pools whose nodes only take pods that tolerate their role taint. */
export function isTainted(role: PoolRole): boolean {
    return role !== "dependencies";
}

export function poolLabels(pool: NodePoolSettings): Record<string, string> {
    return { [POOL_ROLE_KEY]: pool.role };
}

/** AKS taint strings ("key=value:Effect"). */
export function poolTaints(pool: NodePoolSettings): string[] {
    return isTainted(pool.role) ? [`${POOL_ROLE_KEY}=${pool.role}:NoSchedule`] : [];
}

export const CRITICAL_ADDONS_ONLY_TAINT = "CriticalAddonsOnly=true:NoSchedule";

/** The system pool is reserved for system pods when something else takes the unplaced ones. */
export function systemPoolDedicated(azure: AzureSettings): boolean {
    return azure.nodePools.some((p) => p.role === "dependencies");
}

export function placementFor(azure: AzureSettings): Partial<Record<PlacementRole, Placement>> {
    const placement: Partial<Record<PlacementRole, Placement>> = {};
    for (const pool of azure.nodePools) {
        const rule: Placement = {
            nodeSelector: poolLabels(pool),
            ...(isTainted(pool.role)
                ? { tolerations: [{ key: POOL_ROLE_KEY, operator: "Equal" as const, value: pool.role, effect: "NoSchedule" as const }] }
                : {}),
        };
        for (const component of ROLE_COMPONENTS[pool.role]) placement[component] = rule;
    }
    return placement;
}

/** Every role a Milvus pod can have, in a stable order. */
const ALL_ROLES: PlacementRole[] = [...CLUSTER_COMPONENTS, "standalone", "dependencies"];

/**
 * The Milvus roles each pool actually runs, following the placement above:
 * a user pool runs its own roles; roles without a pool carry no nodeSelector
 * and land on the only untainted pool — the dependencies pool when it exists
 * (the system pool is then tainted CriticalAddonsOnly), else the system pool.
 */
export function hostedRoles(azure: AzureSettings): { system: PlacementRole[]; pools: Map<PoolRole, PlacementRole[]> } {
    const pools = new Map<PoolRole, PlacementRole[]>(azure.nodePools.map((p) => [p.role, [...ROLE_COMPONENTS[p.role]]]));
    const placed = new Set([...pools.values()].flat());
    const unplaced = ALL_ROLES.filter((role) => !placed.has(role));
    const deps = pools.get("dependencies");
    if (deps) deps.push(...unplaced);
    return { system: deps ? [] : unplaced, pools };
}
