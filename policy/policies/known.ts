// Plain, fully known copies of resource properties.
//
// During `pulumi preview` a property can be unknown (an Output of a resource
// not created yet). The policy SDK hands properties behind a proxy that throws
// on reading an unknown value, which would turn a whole policy into a
// "can't run during preview" warning. `snapshot` copies the properties once and
// replaces every unknown with UNKNOWN, so each check decides for itself:
// a value it cannot see is never flagged, and a policy never crashes on it.

/** The policy SDK's unknown-value helpers; its typings omit them, so they are typed here. */
interface PolicyProxyModule {
    UnknownValueError: abstract new (...args: never[]) => Error;
    unknownCheckingProxy<T>(value: T): T;
    unknownBooleanValue: string;
    unknownNumberValue: string;
    unknownStringValue: string;
    unknownArrayValue: string;
    unknownAssetValue: string;
    unknownArchiveValue: string;
    unknownObjectValue: string;
}

const proxy = require("@pulumi/policy/proxy") as PolicyProxyModule;

/** True for the error the policy SDK throws when a policy reads an unknown value. */
export function isUnknownValueError(e: unknown): boolean {
    return e instanceof proxy.UnknownValueError;
}

/** Wraps properties the way the policy engine does (reading an unknown throws). */
export const unknownCheckingProxy: <T>(value: T) => T = proxy.unknownCheckingProxy;

/** The sentinels the policy engine uses for unknown values, by kind. */
export const UNKNOWN_SENTINELS = {
    boolean: proxy.unknownBooleanValue,
    number: proxy.unknownNumberValue,
    string: proxy.unknownStringValue,
    array: proxy.unknownArrayValue,
    object: proxy.unknownObjectValue,
} as const;

const SENTINELS = new Set<unknown>([
    proxy.unknownBooleanValue,
    proxy.unknownNumberValue,
    proxy.unknownStringValue,
    proxy.unknownArrayValue,
    proxy.unknownAssetValue,
    proxy.unknownArchiveValue,
    proxy.unknownObjectValue,
]);

export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

export interface Tree {
    [key: string]: Value;
}
export type Value = string | number | boolean | null | undefined | Unknown | Value[] | Tree;

export function isUnknown(v: Value): v is Unknown {
    return v === UNKNOWN;
}

export function isTree(v: Value): v is Tree {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function read(source: Record<string | number, unknown>, key: string | number): unknown {
    try {
        return source[key];
    } catch (e) {
        if (isUnknownValueError(e)) return UNKNOWN;
        throw e;
    }
}

/** A plain copy of `raw` with unknowns replaced by UNKNOWN. Functions and symbols are dropped. */
export function snapshot(raw: unknown): Value {
    if (raw === undefined || raw === null) return raw;
    if (SENTINELS.has(raw)) return UNKNOWN;
    if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return raw;
    if (Array.isArray(raw)) {
        const list = raw as unknown as Record<number, unknown>;
        return Array.from({ length: raw.length }, (_, i) => snapshot(read(list, i)));
    }
    if (typeof raw === "object") {
        const source = raw as Record<string, unknown>;
        const out: Tree = {};
        for (const key of Object.keys(source)) {
            const value = read(source, key);
            if (typeof value === "function" || (typeof value === "symbol" && value !== UNKNOWN)) continue;
            out[key] = value === UNKNOWN ? UNKNOWN : snapshot(value);
        }
        return out;
    }
    return undefined;
}

/** Reads a path ("a.b.0.c" or ["a", "b.with.dots"]); UNKNOWN as soon as a step is unknown. */
export function at(value: Value, path: string | readonly string[]): Value {
    const keys = typeof path === "string" ? path.split(".") : path;
    let current: Value = value;
    for (const key of keys) {
        if (current === UNKNOWN) return UNKNOWN;
        if (Array.isArray(current)) current = current[Number(key)];
        else if (isTree(current)) current = current[key];
        else return undefined;
    }
    return current;
}

/** The string at `path`, UNKNOWN, or undefined when it is absent or not a string. */
export function stringAt(value: Value, path: string | readonly string[]): string | Unknown | undefined {
    const v = at(value, path);
    return typeof v === "string" || v === UNKNOWN ? v : undefined;
}

/** Booleans as Kubernetes and Helm users write them: true, "true". */
export function booleanAt(value: Value, path: string | readonly string[]): boolean | Unknown | undefined {
    const v = at(value, path);
    if (v === UNKNOWN || typeof v === "boolean") return v;
    if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
    return undefined;
}

/** Numbers, also when written as strings ("3"). */
export function numberAt(value: Value, path: string | readonly string[]): number | Unknown | undefined {
    const v = at(value, path);
    if (v === UNKNOWN || typeof v === "number") return v;
    if (typeof v === "string" && /^-?[0-9]+$/.test(v.trim())) return Number.parseInt(v, 10);
    return undefined;
}

/** A list at `path` (a single value counts as a one-element list), UNKNOWN, or undefined. */
export function listAt(value: Value, path: string | readonly string[]): Value[] | Unknown | undefined {
    const v = at(value, path);
    if (v === UNKNOWN || v === undefined || v === null) return v === null ? undefined : v;
    return Array.isArray(v) ? v : [v];
}

/** The known strings of a list, ignoring unknown elements. */
export function knownStrings(list: Value[] | Unknown | undefined): string[] {
    if (list === undefined || list === UNKNOWN) return [];
    return list.filter((v): v is string => typeof v === "string");
}

/** A string→string map at `path` (known entries only), UNKNOWN, or undefined. */
export function stringMapAt(value: Value, path: string | readonly string[]): Record<string, string> | Unknown | undefined {
    const v = at(value, path);
    if (v === UNKNOWN) return UNKNOWN;
    if (!isTree(v)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, entry] of Object.entries(v)) if (typeof entry === "string") out[k] = entry;
    return out;
}
