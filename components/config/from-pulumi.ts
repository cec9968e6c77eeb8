// Reads this project's keys from the Pulumi stack config (the values of
// stacks/Pulumi.<stack>.yaml, merged by the CLI with the defaults declared in
// Pulumi.yaml) as plain objects, ready for validation.
import * as pulumi from "@pulumi/pulumi";
import { readSecureLeaves, secretPaths } from "./secrets";
import { CONFIG_NAMESPACE } from "./validate";

/** Every `milvus-on-clouds:<key>` entry, with structured values parsed back from JSON. */
export function readRawStackConfig(): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    const prefix = `${CONFIG_NAMESPACE}:`;
    for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) continue;
        raw[fullKey.slice(prefix.length)] = parseConfigValue(value);
    }
    return withoutUnusedCloudBlocks(raw);
}

/** Every config key outside the project's namespace, as `namespace:key` (providers' settings, and typos). */
export function readOtherConfigKeys(): string[] {
    return Object.keys(pulumi.runtime.allConfig()).filter((k) => !k.startsWith(`${CONFIG_NAMESPACE}:`));
}

/** Pulumi passes objects, arrays, numbers and booleans as JSON text and strings as-is. */
export function parseConfigValue(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

function isEmptyObject(value: unknown): boolean {
    return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0;
}

/**
 * Pulumi.yaml gives every object-valued key the default `{}` (the CLI requires
 * a default for any declared key a stack may leave out), so every stack
 * receives every platform's block. An empty block means "not set", except the
 * block of the stack's own platform; a non-empty one of another platform is
 * still refused by the cross-key rules.
 */
export function withoutUnusedCloudBlocks(raw: Record<string, unknown>): Record<string, unknown> {
    const kept = { ...raw };
    for (const key of Object.keys(kept)) if (key !== raw.cloud && isEmptyObject(kept[key])) delete kept[key];
    return kept;
}

/** The SDK's own record of which config keys are secret (internal to @pulumi/pulumi, hence the narrow type). */
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/**
 * Dotted paths (without the namespace) of the secret values in the stack
 * config: the `secure:` leaves the stack file shows under each secret key, or
 * the whole key when the file shows none (see secrets.ts).
 */
export function readSecretConfigPaths(): string[] {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const keys = Object.keys(pulumi.runtime.allConfig())
        .filter((k) => k.startsWith(prefix) && runtimeConfig.isConfigSecret(k))
        .map((k) => k.slice(prefix.length));
    if (keys.length === 0) return [];
    return secretPaths(keys, readSecureLeaves(process.cwd(), pulumi.getStack(), CONFIG_NAMESPACE));
}
