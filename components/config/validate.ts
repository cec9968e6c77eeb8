// Turns the raw stack config into a complete, checked StackConfig, or throws
// one ConfigValidationError that lists every problem. Pure: no Pulumi calls,
// so it runs (and is tested) before any resource is registered.
import { z } from "zod";
import { ConfigValidationError, type ConfigProblem } from "./problems";
import { resolveStack, type StackConfig } from "./resolve";
import { checkRules } from "./rules";
import { stackSchema, type StackInput } from "./schema";
import { placeholderProblems } from "./placeholders";
import { chartValuesAreSecret, secretPlacementProblems } from "./secrets";

export const CONFIG_NAMESPACE = "milvus-on-clouds";

type Issue = z.core.$ZodIssue & { input?: unknown };

/** The object schema found at `path`, to list the keys it allows. */
function objectShapeAt(schema: z.ZodType, path: PropertyKey[]): string[] | undefined {
    let current: z.ZodType | undefined = schema;
    for (const segment of [...path, undefined]) {
        while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
            current = current.unwrap() as z.ZodType;
        }
        if (segment === undefined) break;
        // A list item (e.g. one of aws.nodePools) has the shape of the list's element.
        if (current instanceof z.ZodArray) {
            current = current.element as z.ZodType;
            continue;
        }
        if (!(current instanceof z.ZodObject)) return undefined;
        current = (current.shape as Record<string, z.ZodType>)[String(segment)];
        if (current === undefined) return undefined;
    }
    return current instanceof z.ZodObject ? Object.keys(current.shape) : undefined;
}

/** Same key, or one key inside the other ("a.b" and "a.b.0"). */
function related(a: string, b: string): boolean {
    return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

function keyOf(path: PropertyKey[]): string {
    return path.length === 0 ? "(stack config)" : path.map(String).join(".");
}

function toProblems(issue: Issue): ConfigProblem[] {
    const key = keyOf(issue.path);
    switch (issue.code) {
        case "unrecognized_keys": {
            const allowed = objectShapeAt(stackSchema, issue.path);
            return issue.keys.map((k) => ({
                key: issue.path.length === 0 ? k : `${key}.${k}`,
                given: (issue.input as Record<string, unknown> | undefined)?.[k],
                allowed: `unknown key; allowed keys${issue.path.length ? ` under ${key}` : ""}: ${allowed?.join(", ") ?? "(none)"}`,
            }));
        }
        case "invalid_value":
            return [{ key, given: issue.input, allowed: `${issue.input === undefined ? "required; " : ""}allowed: ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}` }];
        case "invalid_type":
            return [{ key, given: issue.input, allowed: issue.input === undefined ? `required (${issue.expected})` : `allowed: a value of type ${issue.expected}` }];
        case "too_small":
            return [{ key, given: issue.input, allowed: `allowed: ${issue.origin === "array" ? "at least " : ">= "}${String(issue.minimum)}${issue.origin === "array" ? " item(s)" : ""}` }];
        case "too_big":
            return [{ key, given: issue.input, allowed: `allowed: <= ${String(issue.maximum)}` }];
        default:
            return [{ key, given: issue.input, allowed: issue.message }];
    }
}

/** Removes the value at each issue's path so the rest can still be checked. */
function withoutInvalid(raw: Record<string, unknown>, issues: Issue[]): Record<string, unknown> {
    const copy = structuredClone(raw);
    const INVALID = Symbol("invalid");
    const arrays = new Set<unknown[]>();
    for (const issue of issues) {
        const parentPath = issue.code === "unrecognized_keys" ? issue.path : issue.path.slice(0, -1);
        let parent: unknown = copy;
        for (const segment of parentPath) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[segment as string];
        if (parent === null || typeof parent !== "object") continue;
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [String(issue.path[issue.path.length - 1])];
        for (const k of keys) {
            if (Array.isArray(parent)) {
                parent[Number(k)] = INVALID;
                arrays.add(parent);
            } else {
                delete (parent as Record<string, unknown>)[k];
            }
        }
    }
    for (const array of arrays) {
        const kept = array.filter((v) => v !== INVALID);
        array.splice(0, array.length, ...kept);
    }
    return copy;
}

export interface ValidationOptions {
    /**
     * Refuse the placeholders of the example stacks (placeholders.ts). The
     * program sets it for every deployment; offline evaluations of the shipped
     * stacks (tests, plan) leave it off explicitly.
     */
    refusePlaceholders?: boolean;
}

/**
 * Validates the raw config (the project's keys without the namespace prefix)
 * and returns the complete configuration. Every syntax problem and every
 * impossible combination is reported together. `secretPaths` are the config
 * paths that hold secret values (from-pulumi.ts, readSecretConfigPaths).
 */
export function validateStackConfig(raw: Record<string, unknown>, secretPaths: string[] = [], options: ValidationOptions = {}): StackConfig {
    const problems: ConfigProblem[] = [...secretPlacementProblems(secretPaths), ...(options.refusePlaceholders ? placeholderProblems(raw) : [])];
    let candidate = raw;
    let parsed: StackInput | undefined;
    // Syntax problems first; the invalid values are dropped so that the
    // cross-key rules can still run on what is left and report in the same go.
    for (let attempt = 0; attempt < 5 && parsed === undefined; attempt++) {
        const result = stackSchema.safeParse(candidate, { reportInput: true });
        if (result.success) {
            parsed = result.data;
            break;
        }
        const issues = result.error.issues as Issue[];
        // Later passes only see the config with the invalid values removed: a
        // "required" or "too few items" there is a consequence of a problem
        // already reported for the same key (or one inside it), not a new one.
        const reported = [...problems];
        problems.push(...issues.flatMap(toProblems).filter((p) => !reported.some((q) => related(p.key, q.key))));
        if (issues.some((i) => i.path.length === 0 && i.code !== "unrecognized_keys") || issues.some((i) => i.path[0] === "cloud")) break;
        candidate = withoutInvalid(candidate, issues);
    }
    if (parsed !== undefined) {
        const resolved = resolveStack(parsed);
        const config = { ...resolved, milvus: { ...resolved.milvus, valuesAreSecret: chartValuesAreSecret(secretPaths) } };
        problems.push(...checkRules(parsed, config));
        if (problems.length === 0) return config;
    }
    const unique = problems.filter((p, i) => problems.findIndex((q) => q.key === p.key && q.allowed === p.allowed) === i);
    throw new ConfigValidationError(unique, CONFIG_NAMESPACE);
}
