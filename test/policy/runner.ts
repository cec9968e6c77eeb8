// Runs the policy pack without the Pulumi CLI: turns resources (recorded by the
// mocks harness, or crafted in a test) into the arguments the policy engine
// would pass, and calls every policy the way @pulumi/policy's analyzer does
// (per-resource validations, then stack validations; enforcement levels and
// config from a policy pack config; notApplicable and unknown values).
import type {
    EnforcementLevel,
    Policies,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { PACK_ARGS } from "../../policy/policies";
import { isUnknownValueError, unknownCheckingProxy } from "../../policy/policies/known";
import type { RecordedResource } from "../support/unit/mocks";

/** One resource as the engine describes it to policies. */
export interface Target {
    urn: string;
    type: string;
    name: string;
    props: Record<string, unknown>;
    protect: boolean;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    provider?: { urn: string; type: string; name: string; props: Record<string, unknown> };
}

export interface Violation {
    policyName: string;
    enforcementLevel: EnforcementLevel;
    message: string;
    urn?: string;
}

export interface PackResult {
    violations: Violation[];
    /** Policy/resource pairs a policy declared not applicable (urn undefined for stack policies). */
    notApplicable: Array<{ policyName: string; urn?: string; reason: string }>;
    /** Policy/resource pairs a policy actually checked. */
    evaluated: Array<{ policyName: string; urn?: string }>;
}

/** What `--policy-pack-config` holds: per policy a level, or settings with an optional level; `all` sets every level. */
export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface RunOptions {
    config?: PackConfig;
    stackTags?: Record<string, string>;
    policies?: Policies;
}

class NotApplicable extends Error {
    constructor(readonly reason: string) {
        super(reason);
    }
}

const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason ?? "");
};

function isResourcePolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is ResourceValidationPolicy {
    return "validateResource" in p && p.validateResource !== undefined;
}

function levelOf(policyName: string, declared: EnforcementLevel | undefined, config: PackConfig): EnforcementLevel {
    const own = config[policyName];
    const ownLevel = typeof own === "string" ? own : own?.enforcementLevel;
    const all = config.all;
    const allLevel = typeof all === "string" ? all : all?.enforcementLevel;
    return ownLevel ?? allLevel ?? declared ?? PACK_ARGS.enforcementLevel ?? "advisory";
}

function configOf(policyName: string, config: PackConfig): Record<string, unknown> {
    const own = config[policyName];
    if (own === undefined || typeof own === "string") return {};
    const { enforcementLevel: _level, ...settings } = own;
    return settings;
}

function optionsOf(t: Target): PolicyResourceOptions {
    return {
        protect: t.protect,
        ignoreChanges: [],
        aliases: [],
        additionalSecretOutputs: [],
        parent: t.parent,
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    };
}

/** The policy SDK's `isType`: compares the class's Pulumi type token with the resource's. */
function matchesClass(type: string, resourceClass: unknown): boolean {
    return (resourceClass as { __pulumiType?: unknown }).__pulumiType === type;
}

export async function runPack(targets: Target[], options: RunOptions = {}): Promise<PackResult> {
    const config = options.config ?? {};
    const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? {}));
    const policies = options.policies ?? PACK_ARGS.policies;
    const result: PackResult = { violations: [], notApplicable: [], evaluated: [] };

    const run = async (policyName: string, urn: string | undefined, level: EnforcementLevel, call: (report: ReportViolation) => unknown) => {
        const report: ReportViolation = (message, violationUrn) =>
            result.violations.push({ policyName, enforcementLevel: level, message, urn: urn ?? violationUrn });
        try {
            await call(report);
            result.evaluated.push({ policyName, urn });
        } catch (e) {
            if (e instanceof NotApplicable) result.notApplicable.push({ policyName, urn, reason: e.reason });
            // The engine turns a read of an unknown value into an advisory "can't run during preview".
            else if (isUnknownValueError(e))
                result.violations.push({ policyName, enforcementLevel: "advisory", message: `can't run during preview: ${String(e)}`, urn });
            else throw e;
        }
    };

    for (const policy of policies) {
        const level = levelOf(policy.name, policy.enforcementLevel, config);
        if (level === "disabled") continue;
        const getConfig = <T extends object>(): T => configOf(policy.name, config) as T;
        if (isResourcePolicy(policy)) {
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            for (const t of targets) {
                for (const validate of validations) {
                    if (!validate) continue;
                    const props = unknownCheckingProxy(t.props);
                    const args: ResourceValidationArgs = {
                        type: t.type,
                        name: t.name,
                        urn: t.urn,
                        props,
                        opts: optionsOf(t),
                        stackTags,
                        provider: t.provider && { ...t.provider, props: unknownCheckingProxy(t.provider.props) },
                        isType: (cls) => matchesClass(t.type, cls),
                        // Policies in this pack never call asType; the SDK returns the props untyped.
                        asType: (cls) => (matchesClass(t.type, cls) ? (props as never) : undefined),
                        getConfig,
                        notApplicable,
                    };
                    await run(policy.name, t.urn, level, (report) => validate(args, report));
                }
            }
        } else {
            const resources = stackResources(targets);
            const args: StackValidationArgs = { resources, stackTags, getConfig, notApplicable };
            await run(policy.name, undefined, level, (report) => policy.validateStack(args, report));
        }
    }
    return result;
}

function stackResources(targets: Target[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const resources = targets.map((t): PolicyResource => {
        const props = unknownCheckingProxy(t.props);
        const r: PolicyResource = {
            type: t.type,
            name: t.name,
            urn: t.urn,
            props,
            opts: optionsOf(t),
            provider: t.provider && { ...t.provider, props: unknownCheckingProxy(t.provider.props) },
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => matchesClass(t.type, cls),
            asType: (cls) => (matchesClass(t.type, cls) ? (props as never) : undefined),
        };
        byUrn.set(t.urn, r);
        return r;
    });
    targets.forEach((t, i) => {
        const r = resources[i];
        r.parent = t.parent ? byUrn.get(t.parent) : undefined;
        r.dependencies = t.dependencies.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => d !== undefined);
        r.propertyDependencies = Object.fromEntries(
            Object.entries(t.propertyDependencies).map(([k, urns]) => [
                k,
                urns.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => d !== undefined),
            ]),
        );
    });
    return resources;
}

/** Provider references are `<provider urn>::<provider id>`. */
function providerUrn(reference: string): string | undefined {
    const cut = reference.lastIndexOf("::");
    return cut > 0 ? reference.slice(0, cut) : undefined;
}

/** What the engine would hand the pack for a program evaluated under the mocks (reads excluded). */
export function fromRecorded(recorded: RecordedResource[]): Target[] {
    const registered = recorded.filter((r) => !r.read);
    const byUrn = new Map(registered.map((r) => [r.urn, r]));
    return registered.map((r) => {
        const providerResource = r.provider ? byUrn.get(providerUrn(r.provider) ?? "") : undefined;
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            props: r.inputs,
            protect: r.protect,
            parent: r.parent || undefined,
            dependencies: r.dependencies,
            propertyDependencies: {},
            provider: providerResource && {
                urn: providerResource.urn,
                type: providerResource.type,
                name: providerResource.name,
                props: providerResource.inputs,
            },
        };
    });
}

/** A hand-made resource for a test. */
export function craft(
    type: string,
    name: string,
    props: Record<string, unknown>,
    extra: Partial<Omit<Target, "type" | "name" | "props">> = {},
): Target {
    return {
        urn: `urn:pulumi:test::policy-tests::${type}::${name}`,
        type,
        name,
        props,
        protect: false,
        dependencies: [],
        propertyDependencies: {},
        ...extra,
    };
}

/** Mandatory violations, as lines for an assertion message. */
export function formatViolations(violations: Violation[]): string {
    return violations.map((v) => `[${v.enforcementLevel}] ${v.policyName}: ${v.message}${v.urn ? ` (${v.urn})` : ""}`).join("\n");
}
