// The Helm release of the Milvus chart (components/milvus/chart-release.ts) in
// every shipped stack: the pinned chart from its repository, atomic and
// waiting, after what its pods need.
import * as assert from "assert";
import { CHART_REPOSITORY, DEFAULT_CHART_VERSION, DEFAULT_IMAGE_TAG } from "../components/config/resolve";
import { HELM_TIMEOUT_SECONDS } from "../components/milvus/chart-release";
import { validateStackConfig } from "../components/platforms";
import { at, milvusRelease, one, transitiveDependencies } from "./support/unit/inspect";
import { evaluateStack, rawProjectConfig, shippedStacks, stackFileConfig } from "./support/unit/stacks";

describe("chart release", () => {
    for (const stack of shippedStacks()) {
        describe(`stack ${stack}`, () => {
            const evaluation = () => evaluateStack(stack);

            it("installs chart milvus at the pinned version from the official repository, atomically", async () => {
                const { resources } = await evaluation();
                const release = milvusRelease(resources);
                const config = validateStackConfig(rawProjectConfig(stackFileConfig(stack)));
                assert.strictEqual(release.inputs.version, config.milvus.chartVersion);
                assert.strictEqual(release.inputs.version, DEFAULT_CHART_VERSION);
                assert.deepStrictEqual(release.inputs.repositoryOpts, { repo: CHART_REPOSITORY });
                assert.strictEqual(release.inputs.atomic, true);
                assert.strictEqual(release.inputs.cleanupOnFail, true);
                assert.strictEqual(release.inputs.timeout, HELM_TIMEOUT_SECONDS);
                assert.strictEqual(release.inputs.namespace, config.milvus.namespace);
                assert.strictEqual(release.inputs.name, config.milvus.releaseName);
                assert.strictEqual(at(release.values, "image.all.tag"), DEFAULT_IMAGE_TAG);
            });

            it("installs the chart only after its namespace and credentials Secret exist", async () => {
                const { resources } = await evaluation();
                const deps = transitiveDependencies(resources, milvusRelease(resources).urn);
                assert.ok(deps.has(one(resources, "kubernetes:core/v1:Namespace").urn), "release must wait for the namespace");
                assert.ok(deps.has(one(resources, "kubernetes:core/v1:Secret").urn), "release must wait for the credentials Secret");
            });
        });
    }
});
