// Every shipped stack file evaluates under mocks the way `pulumi up` would run
// it, and installs the pinned Milvus chart with the wiring a real deploy needs.
import * as assert from "assert";
import { validateStackConfig } from "../components/platforms";
import { DEFAULT_CHART_VERSION, DEFAULT_IMAGE_TAG } from "../components/config/resolve";
import { at, milvusRelease, ofType, one } from "./support/unit/inspect";
import { valueOf } from "./support/unit/mocks";
import { evaluateStack, rawProjectConfig, shippedStacks, stackFileConfig } from "./support/unit/stacks";

describe("shipped stacks", () => {
    it("ships the local quick-start stack and a local cluster-mode stack", () => {
        const stacks = shippedStacks();
        assert.ok(stacks.includes("local") && stacks.includes("local-cluster"), stacks.join(", "));
        assert.strictEqual(validateStackConfig(rawProjectConfig(stackFileConfig("local"))).milvus.mode, "standalone");
        assert.strictEqual(validateStackConfig(rawProjectConfig(stackFileConfig("local-cluster"))).milvus.mode, "cluster");
    });

    for (const stack of shippedStacks()) {
        describe(`stack ${stack}`, () => {
            const evaluation = () => evaluateStack(stack);

            it("creates every in-cluster resource through the platform's Kubernetes provider", async () => {
                const { resources } = await evaluation();
                const providers = ofType(resources, "pulumi:providers:kubernetes");
                assert.strictEqual(providers.length, 1);
                const inCluster = resources.filter((r) => r.type.startsWith("kubernetes:") && !r.read);
                assert.ok(inCluster.length >= 3);
                for (const r of inCluster) {
                    assert.ok(r.provider.startsWith(`${providers[0].urn}::`), `${r.type} ${r.name} uses ${r.provider || "the default provider"}`);
                }
            });

            it("gives an in-cluster MinIO generated credentials, never the chart's minioadmin default (cloud stacks run no MinIO)", async () => {
                const { resources } = await evaluation();
                const values = milvusRelease(resources).values;
                const config = validateStackConfig(rawProjectConfig(stackFileConfig(stack)));
                if (config.cloud !== "local") {
                    assert.strictEqual(at(values, "minio.enabled"), false, "cloud stacks keep data in the cloud bucket");
                    assert.strictEqual(at(values, "externalS3.useIAM"), true);
                    assert.strictEqual(at(values, "externalS3.secretKey"), "");
                    return;
                }
                assert.strictEqual(at(values, "minio.enabled"), true);
                assert.notStrictEqual(at(values, "minio.accessKey"), "minioadmin");
                assert.notStrictEqual(at(values, "minio.secretKey"), "minioadmin");
                const secret = one(resources, "kubernetes:core/v1:Secret");
                assert.strictEqual(at(values, "minio.existingSecret"), at(secret.inputs, "metadata.name"));
                const stored = at(secret.inputs, "stringData") as Record<string, string>;
                assert.ok(stored.accesskey && stored.accesskey !== "minioadmin");
                assert.ok(stored.secretkey && stored.secretkey !== "minioadmin");
                assert.ok(stored.rootPassword && stored.rootPassword.length >= 8);
            });

            it("exports the in-cluster URI, namespace, versions and a secret root token (milvusToken)", async () => {
                const { outputs } = await evaluation();
                const config = validateStackConfig(rawProjectConfig(stackFileConfig(stack)));
                const ns = config.milvus.namespace;
                assert.strictEqual(await valueOf(outputs.milvusUri as never), `http://milvus.${ns}.svc.cluster.local:19530`);
                assert.strictEqual(await valueOf(outputs.namespace as never), ns);
                assert.strictEqual(outputs.chartVersion, DEFAULT_CHART_VERSION);
                assert.strictEqual(outputs.milvusVersion, DEFAULT_IMAGE_TAG);
                assert.strictEqual(outputs.releaseName, config.milvus.releaseName);
                assert.match((await valueOf(outputs.milvusToken as never)) as string, /^root:.+/);
            });
        });
    }

    it("cluster mode runs the mix coordinator active-standby and spreads pods over zones and nodes", async () => {
        const values = milvusRelease((await evaluateStack("local-cluster")).resources).values;
        assert.strictEqual(at(values, "mixCoordinator.activeStandby.enabled"), true);
        assert.strictEqual((at(values, "topologySpreadConstraints") as unknown[]).length, 2);
    });
});
