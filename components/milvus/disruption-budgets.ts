// PodDisruptionBudgets for the Milvus components the chart runs with more
// than one replica, so node drains and upgrades evict one pod at a time.
import * as k8s from "@pulumi/kubernetes";
import type { MilvusSettings } from "../config/resolve";
import type { ClusterComponent } from "../config/schema";
import type { ReleaseContext } from "./context";
import { COMPONENT_LABELS, releaseSelector } from "../shared/chart-names";

/** Components that get a PodDisruptionBudget: those the chart runs with more than one replica. */
export function disruptionBudgetTargets(m: MilvusSettings): Array<{ component: ClusterComponent; label: string }> {
    if (m.mode !== "cluster") return [];
    // Data nodes too: in 2.6 they build the indexes, and an eviction of all of them at once stalls it.
    const covered: ClusterComponent[] = ["proxy", "queryNode", "dataNode", "streamingNode", "mixCoordinator"];
    return covered.filter((c) => m.components[c].replicas > 1).map((c) => ({ component: c, label: COMPONENT_LABELS[c] }));
}

/** One budget per target, on the pods the chart labels with the component (its `component` pod label). */
export function registerDisruptionBudgets(ctx: ReleaseContext, release: k8s.helm.v3.Release): k8s.policy.v1.PodDisruptionBudget[] {
    return disruptionBudgetTargets(ctx.milvus).map(
        ({ label }) =>
            new k8s.policy.v1.PodDisruptionBudget(
                `${ctx.name}-${label}-pdb`,
                {
                    metadata: { name: `${ctx.releaseName}-${label}`, namespace: ctx.namespace, labels: ctx.stackLabels },
                    spec: {
                        maxUnavailable: 1,
                        selector: { matchLabels: { ...releaseSelector(ctx.releaseName), component: label } },
                    },
                },
                ctx.options({ dependsOn: [release] }),
            ),
    );
}
