// Picks the platform named by `cloud`. Each platform module is loaded only
// when chosen, so a local stack never loads the AWS or Azure SDKs and
// `pulumi up` starts quickly.
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config/resolve";
import type { MilvusPlatform } from "./platform/contract";

/** What a platform reports for the stack outputs. */
export interface PlatformOutputs {
    /** Cloud region, where there is one. */
    region?: pulumi.Input<string>;
    /** The bucket / container (or in-cluster MinIO bucket) Milvus stores its data in. */
    objectStoreName: pulumi.Input<string>;
    /** A kubeconfig for the cluster (secret), when the platform created the cluster. */
    kubeconfig?: pulumi.Output<string>;
    /** Cloud-specific extras (cluster name, MSK brokers, ...), exported under `platform`. */
    extras: Record<string, pulumi.Input<unknown>>;
}

export interface PlatformDeployment {
    /** What MilvusRelease consumes. */
    contract: MilvusPlatform;
    outputs: PlatformOutputs;
}

export async function createPlatform(config: StackConfig): Promise<PlatformDeployment> {
    switch (config.cloud) {
        case "local": {
            const { LocalPlatform } = await import("./local/platform");
            const platform = new LocalPlatform("local", { config });
            return { contract: platform.contract, outputs: platform.outputs };
        }
        case "aws": {
            const { AwsPlatform } = await import("./aws/platform");
            const platform = new AwsPlatform("aws", { config });
            return { contract: platform.contract, outputs: platform.outputs };
        }
        case "azure":
            // Config validation refuses clouds whose platform is not available.
            throw new Error(`the ${config.cloud} platform is not available in this version`);
    }
}
