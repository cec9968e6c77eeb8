// Entry point. `pulumi up` calls the exported function: it reads and validates
// the stack config (before any resource is registered), builds the platform
// named by `cloud`, installs Milvus on it and returns the stack outputs, whose
// shape is the versioned contract in components/outputs.ts.
// `deploy` is also exported so tests can evaluate every stack in one process.
import { readOtherConfigKeys, readRawStackConfig, readSecretConfigPaths } from "./components/config/from-pulumi";
import * as pulumi from "@pulumi/pulumi";
import { configWarnings } from "./components/config/warnings";
import { MilvusRelease } from "./components/milvus/release";
import { toStackOutputs, type StackOutputs } from "./components/outputs";
import { isOfflineEvaluation } from "./components/platform/offline-evaluation";
import { createPlatform, validateStackConfig, type StackConfig } from "./components/platforms";

async function deployStack(config: StackConfig): Promise<StackOutputs> {
    // Allowed but questionable settings (explicit sizes far below the workload, prod without TLS): said in every preview.
    for (const warning of configWarnings(config)) void pulumi.log.warn(warning);
    const platform = await createPlatform(config);
    const milvus = new MilvusRelease("milvus", {
        platform: platform.contract,
        milvus: config.milvus,
        protectData: config.protectData,
    });
    return toStackOutputs({
        cloud: config.cloud,
        environment: config.environment,
        chartVersion: config.milvus.chartVersion,
        milvusVersion: config.milvus.imageTag,
        authEnabled: config.milvus.auth.enabled,
        ...(config.milvus.backup.enabled ? { backupSchedule: config.milvus.backup.schedule } : {}),
        milvus,
        platform: platform.outputs,
    });
}

async function main(): Promise<StackOutputs> {
    const refusePlaceholders = !isOfflineEvaluation();
    return deployStack(validateStackConfig(readRawStackConfig(), readSecretConfigPaths(), { refusePlaceholders, otherConfigKeys: readOtherConfigKeys() }));
}

// `export =` a function keeps Pulumi's contract (a callable module whose result
// is the stack outputs) while exposing `deploy` to tests and tools.
namespace main {
    export const deploy = deployStack;
    export type Outputs = StackOutputs;
}
export = main;
