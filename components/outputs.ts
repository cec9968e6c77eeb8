// The stack outputs as the program builds them: the contract (its zod schema,
// names and version) is the stack outputs package's
// (packages/stack-outputs, @milvus-on-clouds/stack-outputs), which app projects
// install to read a stack through a stack reference; this file adds what only
// the program needs, Pulumi Inputs for each output and `toStackOutputs`.
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentRecord } from "./config/deployment-record";
import type { Environment } from "./config/schema";
import { CONTRACT_VERSION, type SecretOutputName, type StackContract } from "../packages/stack-outputs/src/contract";

export * from "../packages/stack-outputs/src/contract";

type Primitive = string | number | boolean | null | undefined;

/** A contract value where every level may be a Pulumi Input. */
export type DeepInput<T> = [T] extends [Primitive]
    ? pulumi.Input<T>
    : pulumi.Input<{ [K in keyof NonNullable<T>]: DeepInput<NonNullable<T>[K]> }> | Extract<T, undefined>;

/** What the program returns: the contract with Pulumi Inputs, secrets as secret Outputs. */
export type StackOutputs = {
    [K in keyof StackContract]: K extends SecretOutputName ? pulumi.Output<NonNullable<StackContract[K]>> : DeepInput<StackContract[K]>;
};

/** What a platform contributes to the outputs; the rest comes from Milvus and the config. */
export type PlatformOutputs = Pick<StackOutputs, "region" | "objectStoreName" | "kubeconfig"> & {
    /** Cloud-specific extras, exported as `platform`; a cloud fills only its own section. */
    extras?: StackOutputs["platform"];
};

/** Where the outputs come from; MilvusRelease satisfies `milvus` as it is. */
export interface OutputSources {
    cloud: string;
    environment: Environment;
    chartVersion: string;
    milvusVersion: string;
    authEnabled: boolean;
    milvus: {
        uri: pulumi.Output<string>;
        host: pulumi.Output<string>;
        port: number;
        tls: boolean;
        /** `server` or `mutual` when tls is on. */
        tlsMode?: "server" | "mutual";
        serviceName: pulumi.Output<string>;
        namespace: pulumi.Output<string>;
        releaseName: string;
        /** `<user>:<password>`. */
        rootToken: pulumi.Output<string>;
        externalEndpoint: pulumi.Output<string | undefined> | undefined;
        attuUrl: pulumi.Output<string | undefined> | undefined;
        caCertificate?: pulumi.Output<string | undefined> | undefined;
        backupLocation?: pulumi.Output<string> | undefined;
    };
    /** The cron schedule of scheduled backups; undefined when they are off. */
    backupSchedule?: string;
    /** What was deployed (config/deployment-record.ts). */
    deployment?: DeploymentRecord;
    platform: PlatformOutputs;
}

/**
 * The stack outputs, built in one place so that every cloud exports the same
 * names and the secret ones are secret whatever the platform handed in.
 */
export function toStackOutputs(s: OutputSources): StackOutputs {
    const { milvus, platform } = s;
    return withoutAbsent({
        contractVersion: CONTRACT_VERSION,
        cloud: s.cloud,
        environment: s.environment,
        region: platform.region,
        namespace: milvus.namespace,
        releaseName: milvus.releaseName,
        milvusServiceName: milvus.serviceName,
        milvusHost: milvus.host,
        milvusPort: milvus.port,
        milvusUri: milvus.uri,
        milvusTls: milvus.tls,
        milvusTlsMode: milvus.tls ? milvus.tlsMode : undefined,
        milvusCaCertificate: milvus.caCertificate,
        milvusExternalEndpoint: milvus.externalEndpoint,
        milvusAuthEnabled: s.authEnabled,
        // Without auth Milvus has no password to hand out: the token would be a lie.
        milvusToken: s.authEnabled ? pulumi.secret(milvus.rootToken) : undefined,
        kubeconfig: platform.kubeconfig === undefined ? undefined : pulumi.secret(platform.kubeconfig),
        objectStoreName: platform.objectStoreName,
        chartVersion: s.chartVersion,
        milvusVersion: s.milvusVersion,
        attuUrl: milvus.attuUrl,
        backupLocation: milvus.backupLocation,
        backupSchedule: s.backupSchedule,
        deployment: s.deployment,
        platform: platform.extras,
    });
}

/**
 * Leaves out the optional outputs this stack does not have, instead of
 * exporting `undefined` (the SDK warns "Undefined value (<name>) will not show
 * as a stack output" for each, on every update).
 */
function withoutAbsent(outputs: StackOutputs): StackOutputs {
    return Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined)) as StackOutputs;
}
