// What validation needs to know about a platform, and nothing more: the
// schema of its block, how to fill in its defaults, its cross-key rules and
// what it can provide. Each platform module (components/platform/module.ts)
// is one of these plus the component that creates it. Defined here, in the
// cloud-neutral config core, so that the core depends on no platform: the
// registry (components/platforms.ts) hands the modules in.
import type { z } from "zod";
import type { ConfigProblem } from "./problems";
import type { CommonConfig } from "./resolve";
import type { PlatformCapabilities } from "./capabilities";
import type { MilvusInput } from "./schema";

export type { PlatformCapabilities } from "./capabilities";

/** The raw input a platform rule reads besides the resolved settings: its own block and the milvus block, as written. */
export interface PlatformRuleInput<Input> {
    block: Input | undefined;
    milvus: MilvusInput | undefined;
}

export type PlatformRule<Input, Settings> = (input: PlatformRuleInput<Input>, config: CommonConfig, settings: Settings) => ConfigProblem[];

/**
 * Methods, not function-valued properties: a module for one platform's
 * types is then also a PlatformConfigModule<string, unknown, unknown>, so
 * the core can hold a list of them (it hands each module only its own
 * block and settings).
 */
export interface PlatformConfigModule<Cloud extends string = string, Input = unknown, Settings = unknown> {
    /** The value of `cloud`, and the name of the platform's config block. */
    readonly cloud: Cloud;
    /** The syntax of the block (strict: unknown keys are refused), each key with its doc and default (config/key-meta.ts). */
    readonly schema: z.ZodType<Input>;
    /** The problem to report when the stack sets no block; undefined when the platform works without one (an absent block reads as `{}`). */
    readonly missingBlock?: ConfigProblem;
    /** Every default filled in. Pure. */
    resolve(block: Input, context: { environment: CommonConfig["environment"] }): Settings;
    /** What the platform provides with these settings. */
    capabilities(settings: Settings | undefined): PlatformCapabilities;
    /** Combinations that parse but cannot work on this platform (its PlatformRules, all of them, in order). */
    check(input: PlatformRuleInput<Input>, config: CommonConfig, settings: Settings): ConfigProblem[];
}
