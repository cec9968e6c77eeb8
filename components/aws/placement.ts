// Node pools -> where each Milvus role runs: the pool's node label as the
// nodeSelector, and a toleration for each of the pool's taints.
import type { Placement } from "../platform/contract";
import type { PlacementRole } from "../shared/milvus-layout";
import { NODE_POOL_LABEL, type NodePoolSettings } from "./config";

export function placementFor(pools: NodePoolSettings[]): Partial<Record<PlacementRole, Placement>> {
    const placement: Partial<Record<PlacementRole, Placement>> = {};
    for (const pool of pools) {
        for (const role of pool.roles) {
            placement[role] = {
                nodeSelector: { [NODE_POOL_LABEL]: pool.name },
                ...(pool.taints.length > 0
                    ? {
                          tolerations: pool.taints.map((t) =>
                              t.value === undefined
                                  ? { key: t.key, operator: "Exists" as const, effect: t.effect }
                                  : { key: t.key, operator: "Equal" as const, value: t.value, effect: t.effect },
                          ),
                      }
                    : {}),
            };
        }
    }
    return placement;
}
