// Turns the raw stack config into a complete, checked configuration, or
// throws one ConfigValidationError that lists every problem. Pure: no Pulumi
// calls, so it runs (and is tested) before any resource is registered.
//
// The platforms come in as modules (createValidator): the stack schema is the
// common keys plus one block per platform, and the configuration is the
// common part plus the chosen platform's settings under its name.
import { nearMissNamespaceProblems } from "./namespaces";
import { z } from "zod";
import { key } from "./key-meta";
import type { PlatformConfigModule } from "./platform-config";
import { ConfigValidationError, type ConfigProblem } from "./problems";
import { environmentOf, resolveCommon, type CommonConfig } from "./resolve";
import { COMMON_RULES } from "./rules";
import { commonShape, type CommonInput } from "./schema";
import { roleDemand } from "./demand";
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

/** The validator's type names in the words of a stack file. */
function plainType(expected: string): string {
    const words: Record<string, string> = {
        number: "a number",
        int: "a whole number",
        string: "a text value",
        boolean: "true or false",
        record: "a map of names to values",
        object: "a map of keys to values",
        array: "a list",
    };
    return words[expected] ?? `a ${expected}`;
}

function amount(limit: number | bigint, origin: string): string {
    const n = typeof limit === "bigint" ? limit.toString() : limit.toLocaleString("en-US");
    if (origin === "array" || origin === "set") return `${n} item${limit === 1 ? "" : "s"}`;
    if (origin === "string") return `${n} character${limit === 1 ? "" : "s"}`;
    return n;
}

/** Whether the stack file sets the key (dotted path) itself. */
function setInFile(raw: Record<string, unknown>, key: string): boolean {
    let value: unknown = raw;
    for (const part of key.split(".")) {
        if (value === null || typeof value !== "object" || !(part in value)) return false;
        value = (value as Record<string, unknown>)[part];
    }
    return true;
}

/** Every key path of the stack file, depth first: the order a reader meets them in. */
function fileOrder(value: unknown, prefix = "", out: string[] = []): string[] {
    if (value === null || typeof value !== "object") return out;
    for (const [k, v] of Object.entries(value)) {
        const key = prefix ? `${prefix}.${k}` : k;
        out.push(key);
        fileOrder(v, key, out);
    }
    return out;
}

/**
 * The problems as the user reads them: in the order of their keys in the stack
 * file (keys it does not set, after the nearest key it does), one per key and
 * message, and marked "(the default)" where the value was not the file's.
 */
function presented(problems: ConfigProblem[], raw: Record<string, unknown>): ConfigProblem[] {
    const order = fileOrder(raw);
    const position = (key: string): number => {
        for (let k = key; k !== ""; k = k.includes(".") ? k.slice(0, k.lastIndexOf(".")) : "") {
            const i = order.indexOf(k);
            if (i >= 0) return i;
        }
        return order.length;
    };
    const unique = problems.filter((p, i) => problems.findIndex((q) => q.key === p.key && q.allowed === p.allowed) === i);
    return unique
        .map((p, i) => ({ p: p.absolute || p.given === undefined || setInFile(raw, p.key) ? p : { ...p, defaulted: true }, i }))
        .sort((a, b) => (a.p.absolute === b.p.absolute ? position(a.p.key) - position(b.p.key) || a.i - b.i : a.p.absolute ? -1 : 1))
        .map(({ p }) => p);
}

function toProblems(stackSchema: z.ZodType, issue: Issue): ConfigProblem[] {
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
            return [
                {
                    key,
                    given: issue.input,
                    allowed: `${issue.input === undefined ? "required; " : ""}allowed: ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}`,
                },
            ];
        case "invalid_type":
            return [
                {
                    key,
                    given: issue.input,
                    allowed: issue.input === undefined ? `required: ${plainType(issue.expected)}` : `allowed: ${plainType(issue.expected)}`,
                },
            ];
        case "too_small":
            return [{ key, given: issue.input, allowed: `allowed: at least ${amount(issue.minimum, issue.origin)}` }];
        case "too_big":
            return [{ key, given: issue.input, allowed: `allowed: at most ${amount(issue.maximum, issue.origin)}` }];
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
    /** Every config key of the stack outside the project's namespace (`ns:key`): near misses of it are refused (namespaces.ts). */
    otherConfigKeys?: readonly string[];
}

/** The configuration of a stack on platform module M: the common part, and M's settings under M's name. */
export type ConfigOf<M> = M extends PlatformConfigModule<infer C, infer _I, infer S> ? CommonConfig & { cloud: C } & { [K in C]: S } : never;

/** The stack schema: `cloud` names one of the platforms, each platform adds its block. */
export function stackSchemaOf(platforms: readonly PlatformConfigModule[]): z.ZodObject {
    const names = platforms.map((p) => p.cloud);
    return z.strictObject({
        cloud: key(z.enum(names as [string, ...string[]]), { doc: "Which platform creates the cluster, storage and queue." }),
        ...commonShape,
        ...Object.fromEntries(platforms.map((p) => [p.cloud, p.schema.optional()])),
    });
}

export type StackValidator<Config> = (raw: Record<string, unknown>, secretPaths?: string[], options?: ValidationOptions) => Config;

/**
 * A validator for the given platforms. It validates the raw config (the
 * project's keys without the namespace prefix) and returns the complete
 * configuration. Every syntax problem and every impossible combination is
 * reported together. `secretPaths` are the config paths that hold secret
 * values (from-pulumi.ts, readSecretConfigPaths).
 */
export function createValidator<M extends PlatformConfigModule>(platforms: readonly M[]): StackValidator<ConfigOf<M>> {
    const modules: readonly PlatformConfigModule[] = platforms;
    const stackSchema = stackSchemaOf(modules);
    return (raw, secretPaths = [], options = {}) => {
        const problems: ConfigProblem[] = [
            ...nearMissNamespaceProblems(options.otherConfigKeys ?? [], CONFIG_NAMESPACE),
            ...secretPlacementProblems(secretPaths),
            ...(options.refusePlaceholders ? placeholderProblems(raw) : []),
        ];
        let candidate = raw;
        let parsed: (CommonInput & Record<string, unknown>) | undefined;
        // Syntax problems first; the invalid values are dropped so that the
        // cross-key rules can still run on what is left and report in the same go.
        for (let attempt = 0; attempt < 5 && parsed === undefined; attempt++) {
            const result = stackSchema.safeParse(candidate, { reportInput: true });
            if (result.success) {
                parsed = result.data as CommonInput & Record<string, unknown>;
                break;
            }
            const issues = result.error.issues as Issue[];
            // Later passes only see the config with the invalid values removed: a
            // "required" or "too few items" there is a consequence of a problem
            // already reported for the same key (or one inside it), not a new one.
            const reported = [...problems];
            problems.push(...issues.flatMap((i) => toProblems(stackSchema, i)).filter((p) => !reported.some((q) => related(p.key, q.key))));
            if (issues.some((i) => i.path.length === 0 && i.code !== "unrecognized_keys") || issues.some((i) => i.path[0] === "cloud")) break;
            candidate = withoutInvalid(candidate, issues);
        }
        if (parsed !== undefined) {
            const input = parsed;
            const platform = modules.find((p) => p.cloud === input.cloud);
            if (platform === undefined) throw new Error(`the stack schema admitted cloud "${input.cloud}", which no platform module names`);
            for (const other of modules) {
                if (other.cloud !== input.cloud && input[other.cloud] !== undefined) {
                    problems.push({
                        key: other.cloud,
                        given: input[other.cloud],
                        allowed: `the \`${other.cloud}\` block is read only when cloud is "${other.cloud}" (cloud is "${input.cloud}"); remove it`,
                    });
                }
            }
            const block = input[platform.cloud];
            const missing = block === undefined ? platform.missingBlock : undefined;
            if (missing) problems.push(missing);
            const settings = missing ? undefined : platform.resolve(block ?? platform.schema.parse({}), { environment: environmentOf(input) });
            const common = resolveCommon(input, platform.capabilities(settings));
            // The demand of the Milvus pods, computed once here; the platform rules and components fit node pools to it.
            const config: CommonConfig = {
                ...common,
                milvus: { ...common.milvus, valuesAreSecret: chartValuesAreSecret(secretPaths) },
                demand: roleDemand(common.milvus, common.capabilities.objectStore),
            };
            // The rules see the config with invalid values dropped: what they say about a key (or a part of
            // it) already reported is a consequence ("required" once the only range was malformed), not news.
            const syntax = [...problems];
            const news = (p: ConfigProblem) => !syntax.some((q) => related(p.key, q.key));
            problems.push(...COMMON_RULES.flatMap((rule) => rule(input, config)).filter(news));
            if (settings !== undefined) {
                problems.push(...platform.check({ block, milvus: input.milvus }, config, settings).filter(news));
            }
            // The common part plus this module's settings under its name: ConfigOf<M> for the module `cloud`
            // named. TypeScript cannot relate a computed key to the union of names, hence the assertion.
            if (problems.length === 0) return { ...config, [platform.cloud]: settings } as ConfigOf<M>;
        }
        throw new ConfigValidationError(presented(problems, raw), CONFIG_NAMESPACE);
    };
}
