// Reads this project's keys from the Pulumi stack config (the values of
// stacks/Pulumi.<stack>.yaml) as plain objects, ready for validation.
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "./validate";

/** Every `milvus-on-clouds:<key>` entry, with structured values parsed back from JSON. */
export function readRawStackConfig(): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    const prefix = `${CONFIG_NAMESPACE}:`;
    for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) continue;
        raw[fullKey.slice(prefix.length)] = parseConfigValue(value);
    }
    return raw;
}

/** Pulumi passes objects, arrays, numbers and booleans as JSON text and strings as-is. */
export function parseConfigValue(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}
