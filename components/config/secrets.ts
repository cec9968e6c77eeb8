// Secret (`secure:`) config values: where they may be, and which ones the
// program must keep secret. The CLI hands the program every config value
// decrypted and marks only the top-level key as secret
// (PULUMI_CONFIG_SECRET_KEYS), so a `secure:` leaf anywhere inside `milvus`
// makes the whole `milvus` key secret. Where the stack file shows the exact
// leaves they are used; otherwise the whole block counts as secret.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { ConfigProblem } from "./problems";

/** Config paths under which a secret value stays secret end to end. */
export const SECRET_CAPABLE_PATHS = ["milvus.values", "local.kubeconfig"] as const;

function within(p: string, prefix: string): boolean {
    return p === prefix || p.startsWith(`${prefix}.`);
}

/** Dotted paths of every `{ secure: ... }` leaf under this project's keys of a parsed stack file. */
export function secureLeaves(stackFile: unknown, namespace: string): string[] {
    const config = (stackFile as { config?: Record<string, unknown> } | null)?.config ?? {};
    const out: string[] = [];
    const walk = (value: unknown, at: string[]) => {
        if (value === null || typeof value !== "object") return;
        const entries = Object.entries(value as Record<string, unknown>);
        if (!Array.isArray(value) && entries.length === 1 && entries[0][0] === "secure") {
            out.push(at.join("."));
            return;
        }
        for (const [k, v] of entries) walk(v, [...at, k]);
    };
    for (const [key, value] of Object.entries(config)) {
        if (key.startsWith(`${namespace}:`)) walk(value, [key.slice(namespace.length + 1)]);
    }
    return out;
}

/**
 * The secret leaves of the stack: those the stack file shows for each secret
 * top-level key, or the whole key when the file shows none for it (a value
 * from an ESC environment, or a stack file the program cannot see).
 */
export function secretPaths(secretKeys: string[], fileLeaves: string[]): string[] {
    return secretKeys.flatMap((key) => {
        const leaves = fileLeaves.filter((leaf) => within(leaf, key));
        return leaves.length > 0 ? leaves : [key];
    });
}

/** Chart values that name Kubernetes objects (and so the stack outputs): never secret. */
const NAMING_VALUES = ["milvus.values.fullnameOverride", "milvus.values.nameOverride"];

/** A secret value outside SECRET_CAPABLE_PATHS would land in resource names, tags or outputs in plain text. */
export function secretPlacementProblems(paths: string[]): ConfigProblem[] {
    return paths
        .filter((p) => !SECRET_CAPABLE_PATHS.some((allowed) => within(p, allowed)) || NAMING_VALUES.some((n) => within(p, n)))
        .map((p) => ({
            key: p,
            given: "[secret]",
            allowed: `allowed: a plain value; secret values are kept secret only under ${SECRET_CAPABLE_PATHS.join(" and ")}; here the value would end up in resource names, tags or stack outputs in plain text`,
        }));
}

/** Whether the chart values carry a secret (then they are stored encrypted in the state). */
export function chartValuesAreSecret(paths: string[]): boolean {
    return paths.some((p) => within(p, "milvus.values"));
}

/**
 * The `secure:` leaves of this stack's file (stacks/Pulumi.<stack>.yaml, from
 * Pulumi.yaml's stackConfigDir), or [] when the file cannot be read.
 */
export function readSecureLeaves(projectDir: string, stack: string, namespace: string): string[] {
    try {
        const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { stackConfigDir?: string };
        const file = path.join(projectDir, project.stackConfigDir ?? ".", `Pulumi.${stack}.yaml`);
        return secureLeaves(parse(fs.readFileSync(file, "utf8")), namespace);
    } catch {
        return [];
    }
}
