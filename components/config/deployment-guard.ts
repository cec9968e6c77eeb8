// The guard between the config and what is deployed: an edit a valid config
// cannot make to the running stack (a downgrade, a new queue, fewer etcd
// members, a shrinking volume) is refused before any resource is registered,
// the same way as invalid config. What the stack deployed last is its own
// `deployment` output.
import * as pulumi from "@pulumi/pulumi";
import type { PlatformCapabilities } from "./capabilities";
import { deploymentRecordOf, deploymentRecordSchema, type DeploymentRecord } from "./deployment-record";
import { ConfigValidationError } from "./problems";
import type { MilvusSettings } from "./resolve";
import { holdSizedVolumes, transitionProblems } from "./transitions";
import { CONFIG_NAMESPACE } from "./validate";

export interface GuardedDeployment {
    /** The settings to deploy: a volume the workload sized keeps its deployed size when the sizing now gives less. */
    milvus: MilvusSettings;
    /** What this deployment records, for the next run's guard (the `deployment` output). */
    deployment: DeploymentRecord;
}

/**
 * What this stack deployed last: its own `deployment` output (the last
 * successful update's outputs; none before the first). Undefined for a new
 * stack, one deployed before the record, or without an engine (unit mocks, the plan tool).
 *
 * Read with the engine's builtin invoke `pulumi:pulumi:readStackOutputs`
 * (pulumi/pulumi pkg/resource/deploy/builtins.go at v3.248.0: the same backend
 * read a StackReference makes), not with a StackReference resource: a
 * reference to the stack itself is read before the update writes the new
 * outputs, so its state is stale after every `up`, and `pulumi refresh` right
 * after an `up` reported it as changed.
 */
async function previousDeployment(): Promise<DeploymentRecord | undefined> {
    const name = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
    const read = (await pulumi.runtime.invoke("pulumi:pulumi:readStackOutputs", { name })) as { outputs?: Record<string, unknown> } | undefined;
    const parsed = deploymentRecordSchema.safeParse(read?.outputs?.deployment);
    return parsed.success ? parsed.data : undefined;
}

/** The settings and record to deploy; throws a ConfigValidationError naming every edit the deployed stack refuses. */
export async function guardDeployment(
    config: { milvus: MilvusSettings; capabilities: PlatformCapabilities },
    mode: { engine: boolean },
): Promise<GuardedDeployment> {
    const previous = await previousDeployment();
    const milvus = holdSizedVolumes(config.milvus, previous);
    const deployment = deploymentRecordOf(milvus, config.capabilities.objectStore === "minio", previous);
    const problems = transitionProblems(previous, deployment, { volumeExpansion: config.capabilities.volumeExpansion, noEngine: !mode.engine });
    if (problems.length > 0) throw new ConfigValidationError(problems, CONFIG_NAMESPACE);
    return { milvus, deployment };
}
