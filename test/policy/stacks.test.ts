// Every shipped stack (stacks/Pulumi.*.yaml, found at run time so AWS and Azure
// stacks are covered as soon as they exist) passes every mandatory policy, and
// the prod detection the reliability policies rely on works on real program output.
import * as assert from "assert";
import { evaluate, evaluateStack, shippedStacks, stackFileConfig } from "../support/unit/stacks";
import { milvusRelease } from "../support/unit/inspect";
import { fromRecorded, formatViolations, runPack, type PackResult } from "./runner";

const MILVUS_POLICIES = [
    "milvus-auth-enabled",
    "milvus-no-plaintext-credentials",
    "milvus-no-default-minio-credentials",
    "milvus-no-open-exposure",
    "milvus-unused-pulsar-disabled",
    "milvus-pinned-versions",
];
const PROD_POLICIES = ["prod-stateful-resources-protected", "prod-milvus-high-availability"];

function mandatory(result: PackResult) {
    return result.violations.filter((v) => v.enforcementLevel === "mandatory");
}

describe("policy pack on the shipped stacks", () => {
    const stacks = shippedStacks();

    it("finds the shipped stacks", () => {
        assert.ok(stacks.length > 0, "no stacks/Pulumi.*.yaml");
    });

    for (const stack of stacks) {
        describe(stack, () => {
            let result: PackResult;
            let releaseUrn: string;
            let prod: boolean;

            before(async () => {
                const { resources } = await evaluateStack(stack);
                releaseUrn = milvusRelease(resources).urn;
                prod = stackFileConfig(stack)["milvus-on-clouds:environment"] === "prod";
                result = await runPack(fromRecorded(resources));
            });

            it("has no mandatory violation", () => {
                assert.deepStrictEqual(mandatory(result), [], formatViolations(mandatory(result)));
            });

            it("had its Milvus release checked by every Milvus policy (values known, not skipped)", () => {
                for (const policy of MILVUS_POLICIES) {
                    assert.ok(
                        result.evaluated.some((e) => e.policyName === policy && e.urn === releaseUrn),
                        `${policy} did not check ${releaseUrn}: ${JSON.stringify(result.notApplicable.filter((n) => n.policyName === policy))}`,
                    );
                }
            });

            it("is treated as prod exactly when its environment is prod", () => {
                for (const policy of PROD_POLICIES) {
                    const skippedAsDev = result.notApplicable.some((n) => n.policyName === policy && /not a prod stack/.test(n.reason));
                    assert.strictEqual(
                        !skippedAsDev,
                        prod,
                        `${policy}: ${JSON.stringify(result.notApplicable.filter((n) => n.policyName === policy))}`,
                    );
                }
            });
        });
    }
});

describe("policy pack on a prod local stack (the program's prod defaults)", () => {
    const prodConfig = {
        "milvus-on-clouds:cloud": "local",
        "milvus-on-clouds:environment": "prod",
        "milvus-on-clouds:milvus": { mode: "cluster", messageQueue: "pulsar" },
    };

    it("is detected as prod from the program's environment label and passes every mandatory policy", async () => {
        const { resources } = await evaluate(prodConfig, { stack: "local-prod" });
        const result = await runPack(fromRecorded(resources));
        assert.deepStrictEqual(mandatory(result), [], formatViolations(mandatory(result)));
        assert.ok(
            result.evaluated.some((e) => e.policyName === "prod-milvus-high-availability"),
            JSON.stringify(result.notApplicable.filter((n) => n.policyName === "prod-milvus-high-availability")),
        );
    });

    it("fails the HA policy when the prod stack runs one proxy", async () => {
        const { resources } = await evaluate(
            {
                ...prodConfig,
                "milvus-on-clouds:milvus": { mode: "cluster", messageQueue: "pulsar", components: { proxy: { replicas: 1 } } },
            },
            { stack: "local-prod" },
        );
        const result = await runPack(fromRecorded(resources));
        assert.deepStrictEqual(
            mandatory(result).map((v) => v.policyName),
            ["prod-milvus-high-availability"],
            formatViolations(result.violations),
        );
    });

    it("a dev stack with the same single proxy passes (HA applies to prod only)", async () => {
        const { resources } = await evaluate(
            {
                ...prodConfig,
                "milvus-on-clouds:environment": "dev",
                "milvus-on-clouds:milvus": { mode: "cluster", messageQueue: "pulsar", components: { proxy: { replicas: 1 } } },
            },
            { stack: "local-dev" },
        );
        const result = await runPack(fromRecorded(resources));
        assert.deepStrictEqual(mandatory(result), [], formatViolations(mandatory(result)));
    });
});
