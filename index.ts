// Entry point. `pulumi up` calls the exported function: it reads and validates
// the stack config (before any resource is registered), builds the platform
// named by `cloud`, installs Milvus on it and returns the stack outputs.
// `deploy` is also exported so tests can evaluate every stack in one process.
import { readRawStackConfig } from "./components/config/from-pulumi";
import type { StackConfig } from "./components/config/resolve";
import { validateStackConfig } from "./components/config/validate";
import { MilvusRelease } from "./components/milvus/release";
import type { StackOutputs } from "./components/outputs";
import { createPlatform } from "./components/platforms";

async function deployStack(config: StackConfig): Promise<StackOutputs> {
    const platform = await createPlatform(config);
    const milvus = new MilvusRelease("milvus", {
        platform: platform.contract,
        milvus: config.milvus,
        environment: config.environment,
    });
    return {
        cloud: config.cloud,
        environment: config.environment,
        milvusUri: milvus.uri,
        milvusExternalEndpoint: milvus.externalEndpoint,
        rootToken: milvus.rootToken,
        namespace: milvus.namespace,
        releaseName: milvus.releaseName,
        chartVersion: config.milvus.chartVersion,
        milvusVersion: config.milvus.imageTag,
        attuUrl: milvus.attuUrl,
        region: platform.outputs.region,
        objectStoreName: platform.outputs.objectStoreName,
        kubeconfig: platform.outputs.kubeconfig,
        platform: platform.outputs.extras,
    };
}

async function main(): Promise<StackOutputs> {
    return deployStack(validateStackConfig(readRawStackConfig()));
}

// `export =` a function keeps Pulumi's contract (a callable module whose result
// is the stack outputs) while exposing `deploy` to tests and tools.
namespace main {
    export const deploy = deployStack;
    export type Outputs = StackOutputs;
}
export = main;
