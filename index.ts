// Entry point. `pulumi up` calls the exported function, which reads as the
// steps it takes: read the stack config and validate it (before any resource
// is registered), guard against edits the deployed stack cannot take, build
// the platform named by `cloud`, install Milvus on it, and return the stack
// outputs, whose shape is the versioned contract in components/outputs.ts.
// `deploy` is also exported so tests can evaluate every stack in one process.
import * as pulumi from "@pulumi/pulumi";
import { guardDeployment } from "./components/config/deployment-guard";
import { readOtherConfigKeys, readRawStackConfig, readSecretConfigPaths } from "./components/config/from-pulumi";
import { configWarnings } from "./components/config/warnings";
import { MilvusRelease } from "./components/milvus/release";
import { toStackOutputs, type StackOutputs } from "./components/outputs";
import { currentRunMode, type RunMode } from "./components/platform/run-mode";
import { createPlatform, validateStackConfig, type StackConfig } from "./components/platforms";

function readStackConfig(mode: RunMode): StackConfig {
    // The example stacks' placeholders are refused unless this is an evaluation against fake clouds.
    return validateStackConfig(readRawStackConfig(), readSecretConfigPaths(), {
        refusePlaceholders: !mode.offlineEvaluation,
        otherConfigKeys: readOtherConfigKeys(),
    });
}

async function deployStack(config: StackConfig, mode: RunMode = currentRunMode()): Promise<StackOutputs> {
    // Allowed but questionable settings (explicit sizes far below the workload): said in every preview.
    for (const warning of configWarnings(config)) void pulumi.log.warn(warning);
    const { milvus: settings, deployment } = await guardDeployment(config, mode);
    const platform = await createPlatform(config, mode);
    const milvus = new MilvusRelease("milvus", { platform: platform.contract, milvus: settings, protectData: config.protectData, deployment });
    return toStackOutputs({
        cloud: config.cloud,
        environment: config.environment,
        chartVersion: config.milvus.chartVersion,
        milvusVersion: config.milvus.imageTag,
        authEnabled: config.milvus.auth.enabled,
        ...(config.milvus.backup.enabled ? { backupSchedule: config.milvus.backup.schedule } : {}),
        deployment,
        milvus,
        platform: platform.outputs,
    });
}

async function main(): Promise<StackOutputs> {
    const mode = currentRunMode();
    return deployStack(readStackConfig(mode), mode);
}

// `export =` a function keeps Pulumi's contract (a callable module whose result
// is the stack outputs) while exposing `deploy` to tests and tools.
namespace main {
    export const deploy = deployStack;
    export type Outputs = StackOutputs;
}
export = main;
