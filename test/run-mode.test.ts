// How the program is run (components/platform/run-mode.ts), decided once at the entry.
import * as assert from "assert";
import { currentRunMode, isOfflineEvaluation } from "../components/platform/run-mode";

describe("run mode", () => {
    it("only the exact value true marks an offline evaluation", () => {
        assert.strictEqual(isOfflineEvaluation({ MILVUS_ON_CLOUDS_OFFLINE_EVALUATION: "true" }), true);
        assert.strictEqual(isOfflineEvaluation({ MILVUS_ON_CLOUDS_OFFLINE_EVALUATION: "1" }), false);
        assert.strictEqual(isOfflineEvaluation({}), false);
    });

    it("a process without a Pulumi engine address (these tests, the plan tool) is not an engine run", () => {
        const mode = currentRunMode({ MILVUS_ON_CLOUDS_OFFLINE_EVALUATION: "true" });
        assert.strictEqual(mode.offlineEvaluation, true);
        assert.strictEqual(mode.engine, false);
        assert.strictEqual(currentRunMode({}).offlineEvaluation, false);
    });
});
