// How the pack behaves under the engine's rules: values unknown during preview
// are neither flagged nor fatal, and enforcement levels and thresholds come
// from the policy pack config.
import * as assert from "assert";
import { UNKNOWN_SENTINELS } from "../../policy/policies/known";
import { AWS } from "../../policy/policies/types";
import { eksCluster, environmentMarker, hardenedBucket, mskConfiguration, release, storageAccount } from "./fixtures";
import { craft, formatViolations, runPack } from "./runner";

const MILVUS = /^milvus-/;

describe("policy pack: values unknown during preview", () => {
    it("skips the Milvus checks when the chart values are not known yet, and says so", async () => {
        const result = await runPack([release({}, { values: UNKNOWN_SENTINELS.object }), environmentMarker("prod")]);
        assert.deepStrictEqual(result.violations, [], formatViolations(result.violations));
        const skipped = result.notApplicable.filter((n) => MILVUS.test(n.policyName) && /not known yet/.test(n.reason)).map((n) => n.policyName);
        assert.deepStrictEqual(
            new Set(skipped),
            new Set([
                "milvus-auth-enabled",
                "milvus-no-plaintext-credentials",
                "milvus-no-default-minio-credentials",
                "milvus-no-open-exposure",
                "milvus-unused-pulsar-disabled",
            ]),
        );
    });

    it("still checks the chart version while the values are unknown", async () => {
        const result = await runPack([release({}, { values: UNKNOWN_SENTINELS.object, version: "latest" })]);
        assert.deepStrictEqual(
            result.violations.map((v) => v.policyName),
            ["milvus-pinned-versions"],
        );
    });

    it("does not flag values it cannot see inside partly known chart values", async () => {
        const result = await runPack([
            release({
                extraConfigFiles: { "user.yaml": UNKNOWN_SENTINELS.string },
                minio: { existingSecret: UNKNOWN_SENTINELS.string },
                service: { type: "LoadBalancer", loadBalancerSourceRanges: UNKNOWN_SENTINELS.array },
                externalKafka: { enabled: true, sasl: { password: UNKNOWN_SENTINELS.string } },
                pulsarv3: { enabled: UNKNOWN_SENTINELS.boolean },
                proxy: { replicas: UNKNOWN_SENTINELS.number },
            }),
            environmentMarker("prod"),
        ]);
        assert.deepStrictEqual(result.violations, [], formatViolations(result.violations));
    });

    it("does not flag cloud resources whose checked properties are unknown", async () => {
        const [bucket, pab, sse] = hardenedBucket("b", { policy: { policy: UNKNOWN_SENTINELS.string } });
        const result = await runPack([
            bucket,
            { ...pab, props: { ...pab.props, restrictPublicBuckets: UNKNOWN_SENTINELS.boolean } },
            sse,
            craft(
                "aws:s3/bucketPolicy:BucketPolicy",
                "b-policy",
                { bucket: "b-id", policy: UNKNOWN_SENTINELS.string },
                { dependencies: [bucket.urn] },
            ),
            eksCluster({ vpcConfig: { endpointPublicAccess: UNKNOWN_SENTINELS.boolean }, encryptionConfig: UNKNOWN_SENTINELS.object }),
            mskConfiguration({ serverProperties: UNKNOWN_SENTINELS.string }),
            storageAccount({ minimumTlsVersion: UNKNOWN_SENTINELS.string, tags: UNKNOWN_SENTINELS.object }),
            craft(AWS.iamRolePolicy, "p", { role: "r", policy: UNKNOWN_SENTINELS.string }),
        ]);
        assert.deepStrictEqual(result.violations, [], formatViolations(result.violations));
    });
});

describe("policy pack: levels and thresholds from the policy pack config", () => {
    const authOff = () => release({ extraConfigFiles: { "user.yaml": "common:\n  security:\n    authorizationEnabled: false\n" } });

    it("lowers one policy to advisory", async () => {
        const result = await runPack([authOff()], { config: { "milvus-auth-enabled": "advisory" } });
        assert.deepStrictEqual(
            result.violations.map((v) => [v.policyName, v.enforcementLevel]),
            [["milvus-auth-enabled", "advisory"]],
        );
    });

    it("disables one policy", async () => {
        const result = await runPack([authOff()], { config: { "milvus-auth-enabled": { enforcementLevel: "disabled" } } });
        assert.deepStrictEqual(result.violations, []);
    });

    it("sets every level with `all`, and a policy's own entry wins over it", async () => {
        const untagged = craft(AWS.s3Bucket, "untagged", {});
        const result = await runPack([authOff(), untagged], { config: { all: "advisory", "required-tags": "mandatory" } });
        const levels = new Map(result.violations.map((v) => [v.policyName, v.enforcementLevel]));
        assert.strictEqual(levels.get("milvus-auth-enabled"), "advisory");
        assert.strictEqual(levels.get("required-tags"), "mandatory");
    });

    it("forces the environment with policy config, over stack tags", async () => {
        const bucket = hardenedBucket("b");
        const forcedDev = await runPack(bucket, {
            stackTags: { environment: "prod" },
            config: { "prod-stateful-resources-protected": { environment: "dev" } },
        });
        assert.deepStrictEqual(
            forcedDev.violations.filter((v) => v.policyName === "prod-stateful-resources-protected"),
            [],
        );
        const tagged = await runPack(bucket, { stackTags: { environment: "prod" } });
        assert.strictEqual(tagged.violations.filter((v) => v.policyName === "prod-stateful-resources-protected").length, 1);
    });

    it("lets a dev stack tag win over a resource marked prod", async () => {
        const result = await runPack([environmentMarker("prod"), ...hardenedBucket("b")], { stackTags: { environment: "dev" } });
        assert.deepStrictEqual(
            result.violations.filter((v) => v.policyName.startsWith("prod-")),
            [],
        );
    });

    it("rejects a setting of the wrong shape with a clear error", async () => {
        await assert.rejects(
            runPack([mskConfiguration()], { config: { "msk-kafka-version": { allowedMajorVersions: "3" } } }),
            /msk-kafka-version: config key "allowedMajorVersions"/,
        );
    });
});
