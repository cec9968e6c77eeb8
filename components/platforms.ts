// Picks the platform named by `cloud`. Each platform module is loaded only
// when chosen, so a local stack never loads the AWS or Azure SDKs and
// `pulumi up` starts quickly.
import type { StackConfig } from "./config/resolve";
import type { PlatformOutputs } from "./outputs";
import type { MilvusPlatform } from "./platform/contract";
import { requireDeployerTools } from "./platform/deployer-tools";
import { isOfflineEvaluation } from "./platform/offline-evaluation";

/** What a platform reports for the stack outputs; defined by the outputs contract. */
export type { PlatformOutputs } from "./outputs";

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
            const { AWS_DEPLOYER_TOOLS } = await import("./aws/kubeconfig");
            if (!isOfflineEvaluation()) requireDeployerTools("aws", AWS_DEPLOYER_TOOLS);
            const { AwsPlatform } = await import("./aws/platform");
            const platform = new AwsPlatform("aws", { config });
            return { contract: platform.contract, outputs: platform.outputs };
        }
        case "azure": {
            const { azureDeployerTools } = await import("./azure/kubeconfig");
            if (!isOfflineEvaluation() && config.azure) requireDeployerTools("azure", azureDeployerTools(config.azure.kubelogin));
            const { AzurePlatform } = await import("./azure/platform");
            const platform = new AzurePlatform("azure", { config });
            return { contract: platform.contract, outputs: platform.outputs };
        }
    }
}
