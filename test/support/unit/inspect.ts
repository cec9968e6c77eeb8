// Questions tests ask of a recorded program: find resources, follow the
// dependency graph, and look for secrets outside their secret wrappers.
import * as pulumi from "@pulumi/pulumi";
import { serializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { SECRET_SIG, SECRET_SIG_KEY, fakeSecret, unwrapSecrets, type RecordedResource } from "./mocks";

export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type && !r.read);
}

export function one(resources: RecordedResource[], type: string, name?: string): RecordedResource {
    const found = ofType(resources, type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    }
    return found[0];
}

export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** The Milvus chart release and its values (secrets unwrapped for reading); the chart is `milvus`, or `oci://.../milvus` from an OCI mirror. */
export function milvusRelease(resources: RecordedResource[]): RecordedResource & { values: Record<string, unknown> } {
    const release = ofType(resources, HELM_RELEASE).filter(
        (r) => typeof r.inputs.chart === "string" && /^(milvus|oci:\/\/.+\/milvus)$/.test(r.inputs.chart),
    );
    if (release.length !== 1) throw new Error(`expected one Helm release of chart milvus, found ${release.length}`);
    return { ...release[0], values: release[0].inputs.values as Record<string, unknown> };
}

/** The load balancer Service MilvusRelease creates when Milvus is exposed (its inputs). */
export function milvusLoadBalancer(resources: RecordedResource[]): Record<string, unknown> {
    const found = ofType(resources, "kubernetes:core/v1:Service").filter((r) => r.name === "milvus-external");
    if (found.length !== 1) throw new Error(`expected one milvus-external Service, found ${found.length}`);
    return found[0].inputs;
}

/** Reads a dotted path ("a.b.0.c") from a value. */
export function at(value: unknown, dotted: string): unknown {
    return dotted.split(".").reduce<unknown>((v, k) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k]), value);
}

/** URNs this resource depends on, directly or through other resources, including through its parents. */
export function transitiveDependencies(resources: RecordedResource[], urn: string): Set<string> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const childrenOf = new Map<string, string[]>();
    for (const r of resources) childrenOf.set(r.parent, [...(childrenOf.get(r.parent) ?? []), r.urn]);
    const seen = new Set<string>();
    const queue = [urn];
    while (queue.length > 0) {
        const current = byUrn.get(queue.shift() as string);
        if (!current) continue;
        // A dependency on a component is a dependency on everything inside it.
        const direct = [...current.dependencies, current.parent].filter((u) => u && u !== urn);
        for (const dep of direct) {
            const expanded = [dep, ...(dep === current.parent ? [] : descendants(childrenOf, dep))];
            for (const d of expanded) {
                if (!seen.has(d)) {
                    seen.add(d);
                    queue.push(d);
                }
            }
        }
    }
    return seen;
}

function descendants(childrenOf: Map<string, string[]>, urn: string): string[] {
    const out: string[] = [];
    for (const child of childrenOf.get(urn) ?? []) out.push(child, ...descendants(childrenOf, child));
    return out;
}

/** The fake values the mocks gave every generated secret (random passwords and strings). */
export function generatedSecrets(resources: RecordedResource[]): string[] {
    return resources.filter((r) => r.type.startsWith("random:index/random") && !r.read).map((r) => fakeSecret(r.name));
}

/**
 * Paths in `value` where `needle` appears outside a secret wrapper.
 * An empty result means the secret only ever travels as a Pulumi secret.
 */
export function plaintextPaths(value: unknown, needle: string, path = ""): string[] {
    if (typeof value === "string") return value.includes(needle) ? [path || "(value)"] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => plaintextPaths(v, needle, `${path}[${i}]`));
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SECRET_SIG_KEY] === SECRET_SIG) return [];
        return Object.entries(obj).flatMap(([k, v]) => plaintextPaths(v, needle, path ? `${path}.${k}` : k));
    }
    return [];
}

/** Every stack output whose value contains a generated secret but is not itself a secret. */
export async function leakingOutputs(outputs: Record<string, unknown>, secrets: string[]): Promise<string[]> {
    const leaks: string[] = [];
    for (const [name, value] of Object.entries(outputs)) {
        const output: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<unknown>);
        const text = await new Promise<string>((resolve) =>
            output.apply((v: unknown) => {
                resolve(JSON.stringify(v) ?? "");
                return v;
            }),
        );
        if (secrets.some((s) => text.includes(s)) && !(await pulumi.isSecret(output))) leaks.push(name);
    }
    return leaks;
}

/** Stack outputs as the engine stores them, and what a stack reference to that stack reads. */
export interface EngineOutputs {
    /** Plain values; outputs that resolved to undefined are absent, as in the engine. */
    values: Record<string, unknown>;
    /** Values with secrets still in their wire wrappers. */
    wire: Record<string, unknown>;
    /** Top-level outputs that contain a secret (the engine's `secretOutputNames`). */
    secretOutputNames: string[];
}

function containsSecret(value: unknown): boolean {
    if (Array.isArray(value)) return value.some(containsSecret);
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        return obj[SECRET_SIG_KEY] === SECRET_SIG || Object.values(obj).some(containsSecret);
    }
    return false;
}

/** Serializes the program's returned outputs the way the SDK sends them to the engine. */
export async function engineOutputs(outputs: Record<string, unknown>): Promise<EngineOutputs> {
    const wire = (await serializeProperties("stack outputs", outputs)) as Record<string, unknown>;
    return {
        values: unwrapSecrets(wire) as Record<string, unknown>,
        wire,
        secretOutputNames: Object.keys(wire)
            .filter((k) => containsSecret(wire[k]))
            .sort(),
    };
}
