// What a platform is: one module per platform folder (components/local,
// components/aws, components/azure), listed once in the registry
// (components/platforms.ts). The config side (schema, defaults, cross-key
// rules, capabilities) is a PlatformConfigModule, which validation reads; the
// module adds the tools the deploying machine needs and the component that
// creates the platform. The component is loaded only when chosen, so a local
// stack never loads a cloud SDK.
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformConfigModule } from "../config/platform-config";
import type { CommonConfig } from "../config/resolve";
import type { PlatformOutputs } from "../outputs";
import type { MilvusPlatform } from "./contract";
import type { DeployerTool } from "./deployer-tools";
import type { RunMode } from "./run-mode";

export interface PlatformDeployment {
    /** What MilvusRelease consumes. */
    contract: MilvusPlatform;
    outputs: PlatformOutputs;
}

/** What every platform component is handed besides its own settings: decided once, for all of them. */
export interface PlatformContext {
    config: CommonConfig;
    /** Tags of every cloud resource (platform/tags.ts). */
    tags: Record<string, string>;
    /** Labels of every Kubernetes object the program creates (platform/tags.ts). */
    labels: Record<string, string>;
    /** How the program is run (run-mode.ts). */
    mode: RunMode;
}

export interface PlatformModule<Cloud extends string = string, Input = unknown, Settings = unknown> extends PlatformConfigModule<
    Cloud,
    Input,
    Settings
> {
    /** Executables the machine running `pulumi up` needs (checked before any resource). */
    deployerTools(settings: Settings): DeployerTool[];
    /**
     * Checks, before any resource is registered, that what the platform deploys into exists and answers
     * (local: the kube context and its cluster); throws a RunError saying what is missing. Cloud platforms
     * create their cluster, so they have nothing to check here.
     */
    preflight?(settings: Settings): Promise<void>;
    /** The user's own tags, which platform/tags.ts merges under the program's markers. */
    userTags(settings: Settings): Record<string, string>;
    /** Creates the platform (loading its component on first use) and hands back the contract. */
    create(name: string, context: PlatformContext, settings: Settings, opts?: pulumi.ComponentResourceOptions): Promise<PlatformDeployment>;
}
