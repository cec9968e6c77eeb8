// The platform registry: the one list of platforms. The stack schema, the
// validation, the `cloud` values and the creation of the platform all come
// from it; a new platform is its own folder (config, rules, module,
// component) and one line here.
import * as pulumi from "@pulumi/pulumi";
import { awsPlatform } from "./aws/module";
import { azurePlatform } from "./azure/module";
import { createValidator, stackSchemaOf, type ConfigOf } from "./config/validate";
import { localPlatform } from "./local/module";
import { requireDeployerTools } from "./platform/deployer-tools";
import type { PlatformDeployment, PlatformModule } from "./platform/module";
import type { RunMode } from "./platform/run-mode";
import { stackLabels, stackTags } from "./platform/tags";

export const PLATFORMS = [localPlatform, awsPlatform, azurePlatform] as const;

/** The complete configuration of a stack: the common part, and the chosen platform's settings under its name. */
export type StackConfig = ConfigOf<(typeof PLATFORMS)[number]>;
export type Cloud = StackConfig["cloud"];

export const CLOUDS: readonly Cloud[] = PLATFORMS.map((p) => p.cloud);

/** The stack schema (common keys and one block per platform); Pulumi.yaml declares the same keys. */
export const stackSchema = stackSchemaOf(PLATFORMS);

/** Validates the raw stack config; throws one ConfigValidationError listing every problem. */
export const validateStackConfig = createValidator(PLATFORMS);

export type { PlatformDeployment } from "./platform/module";

/** The module of a platform, with its types erased: it is handed only its own settings. */
function moduleOf(cloud: string): PlatformModule {
    const found: PlatformModule | undefined = PLATFORMS.find((p) => p.cloud === cloud);
    if (found === undefined) throw new Error(`no platform module is named "${cloud}"`);
    return found;
}

/** The chosen platform's settings: validation put them under the platform's name. */
function settingsOf(config: StackConfig): unknown {
    const settings: unknown = Reflect.get(config, config.cloud);
    return settings;
}

/**
 * Creates the platform `cloud` names: checks the deploying machine's tools
 * and what the platform deploys into (before any resource), computes the stack's tags and labels once, and
 * hands the platform its own settings.
 */
export async function createPlatform(config: StackConfig, mode: RunMode): Promise<PlatformDeployment> {
    const platform = moduleOf(config.cloud);
    const settings = settingsOf(config);
    if (!mode.offlineEvaluation) requireDeployerTools(platform.cloud, platform.deployerTools(settings));
    // Without an engine (unit mocks, the plan tool) there is nothing to reach.
    if (mode.engine) await platform.preflight?.(settings);
    const id = { project: pulumi.getProject(), stack: pulumi.getStack(), environment: config.environment };
    return platform.create(
        platform.cloud,
        {
            config,
            tags: stackTags(id, platform.userTags(settings)),
            labels: stackLabels(id),
            mode,
        },
        settings,
    );
}
