// Entry point. `pulumi up` calls the exported function: it reads and validates
// the stack config (before any resource is registered), builds the platform
// named by `cloud`, installs Milvus on it and returns the stack outputs, whose
// shape is the versioned contract in components/outputs.ts.
// `deploy` is also exported so tests can evaluate every stack in one process.
import { readOtherConfigKeys, readRawStackConfig, readSecretConfigPaths } from "./components/config/from-pulumi";
import * as pulumi from "@pulumi/pulumi";
import { deploymentRecordOf, deploymentRecordSchema, type DeploymentRecord } from "./components/config/deployment-record";
import { ConfigValidationError } from "./components/config/problems";
import { holdSizedVolumes, transitionProblems } from "./components/config/transitions";
import { CONFIG_NAMESPACE } from "./components/config/validate";
import { configWarnings } from "./components/config/warnings";
import { MilvusRelease } from "./components/milvus/release";
import { toStackOutputs, type StackOutputs } from "./components/outputs";
import { isOfflineEvaluation } from "./components/platform/offline-evaluation";
import { createPlatform, validateStackConfig, type StackConfig } from "./components/platforms";

/**
 * What this stack deployed last: its own `deployment` output (the last
 * successful update's outputs; none before the first). Undefined for a new
 * stack, or one deployed before the record.
 *
 * Read with the engine's builtin invoke `pulumi:pulumi:readStackOutputs`
 * (pulumi/pulumi pkg/resource/deploy/builtins.go at v3.248.0: the same backend
 * read a StackReference makes), not with a StackReference resource: a
 * reference to the stack itself is read before the update writes the new
 * outputs, so its state is stale after every `up`, and `pulumi refresh` right
 * after an `up` reported it as changed (found on the real cluster).
 */
async function previousDeployment(): Promise<DeploymentRecord | undefined> {
    const name = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
    const read = (await pulumi.runtime.invoke("pulumi:pulumi:readStackOutputs", { name })) as { outputs?: Record<string, unknown> } | undefined;
    const parsed = deploymentRecordSchema.safeParse(read?.outputs?.deployment);
    return parsed.success ? parsed.data : undefined;
}

async function deployStack(config: StackConfig): Promise<StackOutputs> {
    // Allowed but questionable settings (explicit sizes far below the workload, prod without TLS): said in every preview.
    for (const warning of configWarnings(config)) void pulumi.log.warn(warning);
    // Edits a valid config cannot make to what is deployed (a downgrade, a new queue, fewer etcd members): refused
    // before any other resource is registered, the same way as invalid config.
    const previous = await previousDeployment();
    // A volume the workload sized keeps its deployed size when the sizing now gives less (a claim cannot shrink).
    const milvusSettings = holdSizedVolumes(config.milvus, previous);
    const deployment = deploymentRecordOf(milvusSettings, config.capabilities.objectStore === "minio", previous);
    const transitions = transitionProblems(previous, deployment, {
        volumeExpansion: config.capabilities.volumeExpansion,
        // Under the unit mocks and the plan tool the SDK has no engine address (runtime/settings.ts getEngine).
        noEngine: pulumi.runtime.getEngine() === undefined,
    });
    if (transitions.length > 0) throw new ConfigValidationError(transitions, CONFIG_NAMESPACE);
    const platform = await createPlatform(config);
    const milvus = new MilvusRelease("milvus", {
        platform: platform.contract,
        milvus: milvusSettings,
        protectData: config.protectData,
        deployment,
    });
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
