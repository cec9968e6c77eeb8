// PodDisruptionBudgets (components/milvus/disruption-budgets.ts): which
// components get one, and what the stacks register.
import * as assert from "assert";
import { disruptionBudgetTargets } from "../components/milvus/disruption-budgets";
import { validateStackConfig } from "../components/platforms";
import { at, ofType } from "./support/unit/inspect";
import { evaluateStack } from "./support/unit/stacks";

describe("disruption budgets", () => {
    it("PodDisruptionBudgets go to replicated proxy, queryNode, dataNode, streamingNode and mixCoordinator only", () => {
        const c = validateStackConfig({ cloud: "local", environment: "prod" });
        assert.deepStrictEqual(
            disruptionBudgetTargets(c.milvus).map((t) => t.label),
            ["proxy", "querynode", "datanode", "streamingnode", "mixcoord"],
        );
        const dev = validateStackConfig({ cloud: "local", milvus: { mode: "cluster", components: { proxy: { replicas: 2 } } } });
        assert.deepStrictEqual(
            disruptionBudgetTargets(dev.milvus).map((t) => t.label),
            ["proxy"],
        );
        assert.deepStrictEqual(disruptionBudgetTargets(validateStackConfig({ cloud: "local" }).milvus), []);
    });

    it("cluster mode gets PodDisruptionBudgets for each replicated component, selecting that component's pods", async () => {
        const { resources } = await evaluateStack("local-cluster");
        const pdbs = ofType(resources, "kubernetes:policy/v1:PodDisruptionBudget");
        const selectors = pdbs.map((p) => at(p.inputs, "spec.selector.matchLabels") as Record<string, string>);
        assert.deepStrictEqual(selectors.map((s) => s.component).sort(), ["mixcoord", "proxy", "querynode", "streamingnode"]);
        for (const s of selectors) assert.strictEqual(s["app.kubernetes.io/instance"], "milvus");
        for (const p of pdbs) assert.strictEqual(at(p.inputs, "spec.maxUnavailable"), 1);
    });

    it("standalone mode has no PodDisruptionBudget (one pod cannot be kept available)", async () => {
        const { resources } = await evaluateStack("local");
        assert.strictEqual(ofType(resources, "kubernetes:policy/v1:PodDisruptionBudget").length, 0);
    });
});
