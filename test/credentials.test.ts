// Generated credentials (components/milvus/credentials.ts, and the platforms' generated keys) stay Pulumi secrets end to end: never in plain text in
// any resource input, never in chart values (the chart would copy them into a
// ConfigMap), and only exported as secret outputs.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { at, generatedSecrets, leakingOutputs, milvusRelease, one, plaintextPaths } from "./support/unit/inspect";
import { SECRET_SIG, SECRET_SIG_KEY } from "./support/unit/mocks";
import { evaluateStack, shippedStacks } from "./support/unit/stacks";

describe("secrets", () => {
    it("the leak detectors find a planted plain value and ignore a wrapped one (they can fail)", async () => {
        const inputs = { a: { b: "x-PLANTED-y" }, c: { [SECRET_SIG_KEY]: SECRET_SIG, value: "PLANTED" } };
        assert.deepStrictEqual(plaintextPaths(inputs, "PLANTED"), ["a.b"]);
        assert.deepStrictEqual(await leakingOutputs({ plain: pulumi.output("PLANTED"), hidden: pulumi.secret("PLANTED") }, ["PLANTED"]), ["plain"]);
    });

    for (const stack of shippedStacks()) {
        describe(`stack ${stack}`, () => {
            it("generates the root password (and MinIO keys where MinIO runs in-cluster) with @pulumi/random", async () => {
                const { resources } = await evaluateStack(stack);
                const names = resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword").map((r) => r.name);
                assert.ok(names.includes("milvus-root-password"), names.join(", "));
                const minio = at(milvusRelease(resources).values, "minio.enabled") === true;
                assert.strictEqual(names.includes("local-minio-access-key") && names.includes("local-minio-secret-key"), minio, names.join(", "));
            });

            it("no generated secret appears unwrapped in any resource input", async () => {
                const { resources } = await evaluateStack(stack);
                const secrets = generatedSecrets(resources);
                assert.ok(secrets.length >= 1);
                const leaks = resources.flatMap((r) =>
                    secrets.flatMap((s) => plaintextPaths(r.rawInputs, s).map((p) => `${r.type} ${r.name}: ${p}`)),
                );
                assert.deepStrictEqual(leaks, []);
            });

            it("the credentials Secret holds every generated value, as a secret", async () => {
                const { resources } = await evaluateStack(stack);
                const secret = one(resources, "kubernetes:core/v1:Secret");
                const stored = JSON.stringify(secret.inputs.stringData);
                for (const s of generatedSecrets(resources)) assert.ok(stored.includes(s), "each generated credential reaches the Secret");
                assert.strictEqual((secret.rawInputs.stringData as Record<string, unknown>)[SECRET_SIG_KEY], SECRET_SIG);
            });

            it("chart values hold no credential, not even a wrapped one, and no ConfigMap is created with one", async () => {
                const { resources } = await evaluateStack(stack);
                const values = JSON.stringify(milvusRelease(resources).inputs.values);
                for (const s of generatedSecrets(resources)) assert.ok(!values.includes(s), "a credential reached the chart values");
                const configMaps = resources.filter((r) => r.type === "kubernetes:core/v1:ConfigMap");
                for (const cm of configMaps) {
                    for (const s of generatedSecrets(resources))
                        assert.ok(!JSON.stringify(cm.inputs).includes(s), `ConfigMap ${cm.name} holds a credential`);
                }
            });

            it("stack outputs that carry a credential are secret", async () => {
                const { resources, outputs } = await evaluateStack(stack);
                assert.deepStrictEqual(await leakingOutputs(outputs, generatedSecrets(resources)), []);
                assert.strictEqual(await pulumi.isSecret(outputs.milvusToken as pulumi.Output<string>), true);
            });
        });
    }
});

describe("the Milvus root password is never replaced by accident", () => {
    // Milvus takes defaultRootPassword only on first start (rootcoord initCredentials): a new one would break every client.
    for (const stack of ["local", "aws-prod", "azure-prod"]) {
        it(`${stack}: its generator settings are ignored on change${stack === "local" ? "" : ", and it is protected in prod"}`, async () => {
            const { resources } = await evaluateStack(stack);
            const password = resources.find((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name === "milvus-root-password");
            assert.ok(password);
            assert.strictEqual(password.protect, stack !== "local");
            for (const key of ["length", "special", "minUpper", "keepers"])
                assert.ok(password.ignoreChanges?.includes(key), `ignoreChanges has ${key}`);
        });
    }
});
