// A thin layer over @pulumi/policy: typed config with defaults, plain
// property snapshots (see known.ts) and one place that decides applicability.
// Every policy of the pack is built with `resourcePolicy` or `stackPolicy`.
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { isTree, snapshot, type Tree } from "./known";

/** The policy groups of the pack; each name below says which group a policy is in. */
export type PolicyGroup = "security" | "correctness" | "reliability" | "hygiene";

// ---------------------------------------------------------------- config

type SettingValue = string | number | boolean | string[] | number[];

export interface Setting<T extends SettingValue> {
    schema: PolicyConfigJSONSchema;
    default: T;
    /** Checks a configured value; returns it typed, or undefined when it has the wrong shape. */
    parse(value: unknown): T | undefined;
}

export type Settings = Record<string, Setting<SettingValue>>;
export type ConfigOf<S extends Settings> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

export function integerSetting(description: string, fallback: number, extra: PolicyConfigJSONSchema = {}): Setting<number> {
    return {
        schema: { type: "integer", description, default: fallback, ...extra },
        default: fallback,
        parse: (v) => (typeof v === "number" && Number.isInteger(v) ? v : undefined),
    };
}

export function booleanSetting(description: string, fallback: boolean): Setting<boolean> {
    return { schema: { type: "boolean", description, default: fallback }, default: fallback, parse: (v) => (typeof v === "boolean" ? v : undefined) };
}

export function enumSetting<T extends string>(description: string, values: readonly T[], fallback: T): Setting<T> {
    return {
        schema: { type: "string", enum: [...values], description, default: fallback },
        default: fallback,
        parse: (v) => (typeof v === "string" && (values as readonly string[]).includes(v) ? (v as T) : undefined),
    };
}

export function stringSetting(description: string, fallback: string): Setting<string> {
    return {
        schema: { type: "string", description, default: fallback, minLength: 1 },
        default: fallback,
        parse: (v) => (typeof v === "string" && v !== "" ? v : undefined),
    };
}

export function stringListSetting(description: string, fallback: string[]): Setting<string[]> {
    return {
        schema: { type: "array", items: { type: "string" }, description, default: fallback },
        default: fallback,
        parse: (v) => (Array.isArray(v) && v.every((e) => typeof e === "string") ? (v as string[]) : undefined),
    };
}

export function integerListSetting(description: string, fallback: number[]): Setting<number[]> {
    return {
        schema: { type: "array", items: { type: "integer" }, description, default: fallback },
        default: fallback,
        parse: (v) => (Array.isArray(v) && v.every((e) => Number.isInteger(e)) ? (v as number[]) : undefined),
    };
}

function configSchema(settings: Settings): PolicyConfigSchema | undefined {
    const entries = Object.entries(settings);
    return entries.length === 0 ? undefined : { properties: Object.fromEntries(entries.map(([k, s]) => [k, s.schema])) };
}

/**
 * The policy's settings: what the policy pack config gives, else the defaults.
 * (The CLI validates the config against the schema; a wrong shape here is a bug worth an error.)
 */
function readConfig<S extends Settings>(policy: string, settings: S, given: Record<string, unknown>): ConfigOf<S> {
    const out: Record<string, SettingValue> = {};
    for (const [key, setting] of Object.entries(settings)) {
        const raw = given[key];
        if (raw === undefined) {
            out[key] = setting.default;
            continue;
        }
        const parsed = setting.parse(raw);
        if (parsed === undefined) {
            throw new Error(`policy ${policy}: config key "${key}" must match ${JSON.stringify(setting.schema)}; got ${JSON.stringify(raw)}`);
        }
        out[key] = parsed;
    }
    return out as ConfigOf<S>;
}

// ---------------------------------------------------------------- subjects

/** One resource as a policy reads it: plain, with unknowns marked. */
export interface Subject {
    type: string;
    name: string;
    urn: string;
    props: Tree;
    protect: boolean;
    /** The provider's own inputs (e.g. the AWS provider's defaultTags), when known. */
    provider?: { type: string; name: string; props: Tree };
}

/** A resource within the whole stack (stack policies). */
export interface StackSubject extends Subject {
    parent?: string;
    /** URNs this resource depends on. */
    dependencies: string[];
    /** URNs each property depends on (empty when the engine did not say). */
    propertyDependencies: Record<string, string[]>;
}

function tree(raw: unknown): Tree {
    const value = snapshot(raw);
    return isTree(value) ? value : {};
}

function providerOf(p: ResourceValidationArgs["provider"]): Subject["provider"] {
    return p ? { type: p.type, name: p.name, props: tree(p.props) } : undefined;
}

function stackSubject(r: PolicyResource): StackSubject {
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: tree(r.props),
        protect: r.opts.protect,
        provider: providerOf(r.provider),
        parent: r.parent?.urn,
        dependencies: r.dependencies.map((d) => d.urn),
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map((d) => d.urn)])),
    };
}

/** What a check gets besides the resource(s). */
export interface CheckContext<S extends Settings> {
    config: ConfigOf<S>;
    stackTags: ReadonlyMap<string, string>;
}

// ---------------------------------------------------------------- policies

interface PolicySpec<S extends Settings> {
    name: string;
    group: PolicyGroup;
    description: string;
    enforcementLevel: EnforcementLevel;
    remediationSteps?: string;
    config: S;
}

export interface ResourcePolicySpec<S extends Settings> extends PolicySpec<S> {
    /** The resource types this policy reads; any other type is not applicable. */
    appliesTo(type: string): boolean;
    /**
     * Reports each problem of one resource (one call of `report` per problem).
     * `notApplicable` says why this resource is not checked (e.g. values unknown during preview).
     */
    check(subject: Subject, ctx: CheckContext<S>, report: (message: string) => void, notApplicable: (reason: string) => never): void;
}

export interface StackPolicySpec<S extends Settings> extends PolicySpec<S> {
    /** Reports problems of the whole stack; `report(message, urn)` names the resource at fault. */
    check(resources: StackSubject[], ctx: CheckContext<S>, report: ReportViolation, notApplicable: (reason: string) => never): void;
}

/** The group of every policy, by name (tests and docs read it). */
export const POLICY_GROUPS = new Map<string, PolicyGroup>();

export function resourcePolicy<S extends Settings>(spec: ResourcePolicySpec<S>): ResourceValidationPolicy {
    POLICY_GROUPS.set(spec.name, spec.group);
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        remediationSteps: spec.remediationSteps,
        tags: [spec.group],
        configSchema: configSchema(spec.config),
        validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
            if (!spec.appliesTo(args.type)) args.notApplicable(`does not read resources of type ${args.type}`);
            const config = readConfig(spec.name, spec.config, args.getConfig<Record<string, unknown>>());
            const subject: Subject = {
                type: args.type,
                name: args.name,
                urn: args.urn,
                props: tree(args.props),
                protect: args.opts.protect,
                provider: providerOf(args.provider),
            };
            spec.check(
                subject,
                { config, stackTags: args.stackTags },
                (message) => reportViolation(message),
                (reason) => args.notApplicable(reason),
            );
        },
    };
}

export function stackPolicy<S extends Settings>(spec: StackPolicySpec<S>): StackValidationPolicy {
    POLICY_GROUPS.set(spec.name, spec.group);
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        remediationSteps: spec.remediationSteps,
        tags: [spec.group],
        configSchema: configSchema(spec.config),
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const config = readConfig(spec.name, spec.config, args.getConfig<Record<string, unknown>>());
            const resources = args.resources.map(stackSubject);
            spec.check(resources, { config, stackTags: args.stackTags }, reportViolation, (reason) => args.notApplicable(reason));
        },
    };
}

// ---------------------------------------------------------------- small helpers

/** Glob match with `*` (any run of characters), case-insensitive. */
export function globMatch(pattern: string, value: string): boolean {
    const source = pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${source}$`, "i").test(value);
}
