// What a config key says about itself, declared on its schema node (key())
// next to its type: what it means, its default and the values it allows.
// Resolution reads the defaults declared as values from here (withDefaults for
// a whole block, defaultOf for one key), the configuration tables of the docs
// and Pulumi.yaml's declarations are rendered from here
// (tools/docs/config-tables.ts), so a key is declared in one place.
//
// A leaf module: only zod, because every schema file imports it.
import { z } from "zod";

export type EnvironmentName = "dev" | "prod";

/**
 * A key's default: one value; one value per environment; or words, for a
 * default computed from other keys (sized from the workload, `<project>-<stack>`)
 * or for "none". Only a value is read by resolution; every value is checked
 * against what validation fills in (test/config-docs.test.ts).
 */
export type Default<T> = { value: T; note?: string } | { dev: T; prod: T; note?: string } | { text: string };

/** A key with its own row in the docs. */
export interface RowMeta<T> {
    /** What the key means: the Meaning column; for a top-level key also Pulumi.yaml's description. */
    doc: string;
    /** The Type column, where the schema does not say it (enums, booleans, maps and objects name their own). */
    type?: string;
    /** Left out only by a required key. */
    default?: Default<T>;
    /** The Allowed column (tables that have one). */
    allowed?: string;
    /**
     * For an object, or a list of objects: where its own keys are documented.
     * `rows`: in rows after this one; `folded`: in this row (its doc speaks for
     * them); `table`: in a table of their own, rooted at this key.
     */
    keys?: "rows" | "folded" | "table";
}

/** A key documented in the row of the key declared just before it (`minSize` / `desiredSize` / `maxSize`): the row's doc speaks for both. */
export interface JoinedMeta<T> {
    joinsPrevious: true;
    default?: Default<T>;
}

/** An object whose keys all share one schema (milvus.components): documented once, as `<name>`. */
export interface AnyNameMeta {
    anyName: string;
}

export type KeyMeta<T = unknown> = RowMeta<T> | JoinedMeta<T> | AnyNameMeta;

/** The metadata of every declared key, by schema node. */
export const keyRegistry = z.registry<KeyMeta>();

declare const declaredKey: unique symbol;
declare const valueDefault: unique symbol;
/** A node declared with key(). Type-only: it tells ResolvedKeys a declared key from an object that only groups keys. */
export type Declared<S> = S & { readonly [declaredKey]: true };
/** A declared node whose default is a value: resolution fills it in, so its resolved type (ResolvedKeys) never lacks it. Type-only. */
export type WithValueDefault<S> = Declared<S> & { readonly [valueDefault]: true };

type ValueDefault<T> = { value: T; note?: string } | { dev: T; prod: T; note?: string };

/**
 * Declares what a key says about itself on its node, and returns the node.
 * The node is the one the parent's shape holds (usually the `.optional()`
 * wrapper), so a node shared by several keys is never declared by accident.
 */
export function key<S extends z.ZodType>(
    schema: S,
    meta: (RowMeta<NonNullable<z.output<S>>> | JoinedMeta<NonNullable<z.output<S>>>) & { default: ValueDefault<NonNullable<z.output<S>>> },
): WithValueDefault<S>;
export function key<S extends z.ZodType>(schema: S, meta: KeyMeta<NonNullable<z.output<S>>>): Declared<S>;
export function key<S extends z.ZodType>(schema: S, meta: KeyMeta<NonNullable<z.output<S>>>): Declared<S> {
    if (keyRegistry.has(schema)) throw new Error("this schema node is already declared: declare the node the parent's shape holds");
    keyRegistry.add(schema, meta);
    // The brands exist in the types only.
    return schema as Declared<S>;
}

/** The keys of a shape that declare their default as a value. */
type ValuedKeys<Shape> = { [K in keyof Shape]: Shape[K] extends { readonly [valueDefault]: true } ? K : never }[keyof Shape];

/** The keys of a shape that only group other keys: objects not declared themselves. */
type GroupKeys<Shape> = {
    [K in keyof Shape]: Shape[K] extends { readonly [declaredKey]: true }
        ? never
        : Shape[K] extends z.ZodOptional<z.ZodObject> | z.ZodObject
          ? K
          : never;
}[keyof Shape];

/**
 * An object block resolved by withDefaults: as the schema types it, but never
 * lacking a key that declares its default as a value, and with each object
 * that only groups keys resolved the same way.
 */
export type ResolvedKeys<O> =
    O extends z.ZodOptional<infer I>
        ? ResolvedKeys<I>
        : O extends z.ZodObject<infer Shape>
          ? Omit<z.output<O>, ValuedKeys<Shape> | GroupKeys<Shape>> & { [K in ValuedKeys<Shape>]: NonNullable<z.output<Shape[K]>> } & {
                [K in GroupKeys<Shape>]: ResolvedKeys<Shape[K]>;
            }
          : never;

/**
 * Every key of an object block, as given or, where the stack sets none, with
 * its declared default value (in `environment` where it differs); a key
 * without one stays as given. An object that only groups keys (declares
 * nothing itself) is resolved the same way, given or not; a declared object
 * (milvus.workload, a folded row) stays as given.
 */
export function withDefaults<O extends z.ZodOptional<z.ZodObject> | z.ZodObject>(
    block: O,
    given: Partial<Record<string, unknown>> | undefined,
    environment: EnvironmentName,
): ResolvedKeys<O> {
    const object = unwrap(block);
    if (!(object instanceof z.ZodObject)) throw new Error("withDefaults resolves an object block");
    const entries = Object.entries(object.shape as Record<string, z.ZodType>).map(([k, node]) => {
        const meta = metaOf(node);
        const inner = unwrap(node);
        if (meta === undefined && inner instanceof z.ZodObject) {
            const part = given?.[k];
            return [k, withDefaults(inner, part !== null && typeof part === "object" ? { ...part } : undefined, environment)];
        }
        const stated = meta !== undefined && !("anyName" in meta) ? meta.default : undefined;
        const value = given?.[k] ?? (stated !== undefined && !("text" in stated) ? defaultOf(node, environment) : undefined);
        return [k, value];
    });
    // The shape's keys, each filled in as ResolvedKeys says: TypeScript cannot follow a mapped type through Object.fromEntries.
    return Object.fromEntries(entries) as ResolvedKeys<O>;
}

function wrapped(node: z.ZodType): z.ZodType | undefined {
    return node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodNullable ? (node.unwrap() as z.ZodType) : undefined;
}

/** The node without its optional/default/nullable wrappers. */
export function unwrap(node: z.ZodType): z.ZodType {
    let current = node;
    for (let inner = wrapped(current); inner !== undefined; inner = wrapped(current)) current = inner;
    return current;
}

/** The metadata of a key: on its node, or on the node it wraps. */
export function metaOf(node: z.ZodType): KeyMeta | undefined {
    for (let current: z.ZodType | undefined = node; current !== undefined; current = wrapped(current)) {
        const meta = keyRegistry.get(current);
        if (meta !== undefined) return meta;
    }
    return undefined;
}

/** Whether a stack may leave the key out. */
export function isOptional(node: z.ZodType): boolean {
    return node instanceof z.ZodOptional || node instanceof z.ZodDefault;
}

/**
 * The default a key declares as a value, in `environment` (needed when the
 * default differs per environment). Throws when the key declares none: a
 * default in words is computed by resolution itself.
 */
export function defaultOf<S extends z.ZodType>(node: S, environment?: EnvironmentName): NonNullable<z.output<S>> {
    const meta = metaOf(node);
    const declared = meta !== undefined && !("anyName" in meta) ? meta.default : undefined;
    if (declared === undefined || "text" in declared) throw new Error("the key declares no default value (key() in its schema)");
    // A copy: a resolved list or map must not share the declaration it came from.
    if ("value" in declared) return structuredClone(declared.value) as NonNullable<z.output<S>>;
    if (environment === undefined) throw new Error("the key's default differs per environment: name the environment");
    return structuredClone(declared[environment]) as NonNullable<z.output<S>>;
}

/** A value as the docs show it: in backticks, lists as JSON, a map as its entries. */
export function literal(value: unknown): string {
    if (typeof value === "string") return value === "" ? '`""`' : `\`${value}\``;
    if (Array.isArray(value)) return `\`${JSON.stringify(value)}\``;
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value);
        return entries.length === 0 ? "`{}`" : entries.map(([k, v]) => `\`${k}\` ${literal(v)}`).join("; ");
    }
    return `\`${String(value)}\``;
}

/** The Default column of one key: its value(s) or words. */
export function renderDefault(declared: Default<unknown>): string {
    if ("text" in declared) return declared.text;
    const note = declared.note === undefined ? "" : ` (${declared.note})`;
    if ("value" in declared) return `${literal(declared.value)}${note}`;
    const [dev, prod] = [literal(declared.dev), literal(declared.prod)];
    return `${dev === prod ? dev : `${dev} in dev, ${prod} in prod`}${note}`;
}

/** The Default column of a row of several keys: one value (or pair) per key, `/` between them. */
function renderDefaults(defaults: ReadonlyArray<Default<unknown>>): string {
    if (defaults.length === 1) return renderDefault(defaults[0]);
    const plain = defaults.every((d) => !("text" in d) && d.note === undefined);
    if (plain) {
        const pick = (environment: EnvironmentName) =>
            defaults.map((d) => ("text" in d ? "" : literal("value" in d ? d.value : d[environment]))).join(" / ");
        const [dev, prod] = [pick("dev"), pick("prod")];
        return dev === prod ? dev : `${dev} in dev, ${prod} in prod`;
    }
    return defaults.map(renderDefault).join(" / ");
}

/** The Type column a schema names itself. */
function schemaType(node: z.ZodType): string | undefined {
    const inner = unwrap(node);
    if (inner instanceof z.ZodEnum) return inner.options.map((o) => `\`${String(o)}\``).join(" \\| ");
    if (inner instanceof z.ZodBoolean) return "boolean";
    if (inner instanceof z.ZodRecord) return "map";
    if (inner instanceof z.ZodObject) return "object";
    return undefined;
}

/** One row of a configuration table. */
export interface KeyRow {
    /** The Key column: backticked paths relative to the table's root. */
    label: string;
    /** The full config paths the row documents; `[]` for a list item, `<name>` for any key of an object like milvus.components. */
    paths: string[];
    type?: string;
    default: string;
    allowed?: string;
    meaning: string;
}

/** The rows of a table rooted at an object schema, and what keeps it from being complete. */
export interface KeyTable {
    rows: KeyRow[];
    /** Keys without metadata of their own or of a row that speaks for them. */
    undeclared: string[];
    /** Keys whose own keys have a table of their own (RowMeta.keys `table`), with their schema. */
    subtables: Array<{ path: string; schema: z.ZodType }>;
}

const join = (prefix: string, segment: string) => (prefix === "" ? segment : `${prefix}.${segment}`);

/** Every key path of a schema down to its leaves: objects are walked (a list of objects as `key[]`), everything else is a leaf. */
export function keyPaths(schema: z.ZodType, prefix: string): string[] {
    const node = unwrap(schema);
    if (node instanceof z.ZodObject) {
        return Object.entries(node.shape as Record<string, z.ZodType>).flatMap(([k, child]) => keyPaths(child, join(prefix, k)));
    }
    if (node instanceof z.ZodArray) {
        const item = unwrap(node.element as z.ZodType);
        if (item instanceof z.ZodObject) return keyPaths(item, `${prefix}[]`);
    }
    return [prefix];
}

/** The object a node holds, or the object each item of its list is. */
function objectOf(node: z.ZodType): { object: z.ZodObject; list: boolean } | undefined {
    const inner = unwrap(node);
    if (inner instanceof z.ZodObject) return { object: inner, list: false };
    if (inner instanceof z.ZodArray) {
        const item = unwrap(inner.element as z.ZodType);
        if (item instanceof z.ZodObject) return { object: item, list: true };
    }
    return undefined;
}

/** What the Default column says of a key: its declared default, or where it is required. */
function declared(node: z.ZodType, path: string, given: Default<unknown> | undefined, within: string | undefined): Default<unknown> {
    if (!isOptional(node)) {
        if (given !== undefined) throw new Error(`${path}: a required key has no default`);
        return { text: within === undefined ? "required" : `required in \`${within}\`` };
    }
    if (given === undefined) throw new Error(`${path}: an optional key declares its default (a value, one per environment, or words)`);
    return given;
}

interface PendingRow {
    row: Omit<KeyRow, "default">;
    defaults: Array<Default<unknown>>;
}

/**
 * The rows documenting every key below `root` (an object schema), in the
 * order of its shape; `prefix` is root's own config path.
 */
export function keyTable(root: z.ZodType, prefix: string): KeyTable {
    const rows: PendingRow[] = [];
    const undeclared: string[] = [];
    const subtables: KeyTable["subtables"] = [];
    const shapeOf = (node: z.ZodType): Array<[string, z.ZodType]> => {
        const found = objectOf(node);
        if (found === undefined) throw new Error(`${prefix}: not an object schema`);
        return Object.entries(found.object.shape as Record<string, z.ZodType>);
    };
    // `within`: the label of the nearest optional object around the key, where a required key is required.
    const visit = (node: z.ZodType, path: string, label: string, within: string | undefined): void => {
        const meta = metaOf(node);
        const found = objectOf(node);
        const inside = (segment: string) => (found?.list ? `${segment}[]` : segment);
        const walk = () => {
            const around = isOptional(node) ? inside(label) : within;
            for (const [k, child] of shapeOf(node)) visit(child, join(inside(path), k), join(inside(label), k), around);
        };
        if (meta === undefined) {
            if (found !== undefined) walk();
            else undeclared.push(path);
            return;
        }
        if ("anyName" in meta) {
            const children = shapeOf(node);
            const shared = new Set(children.map(([, child]) => unwrap(child)));
            if (shared.size !== 1) throw new Error(`${path}: anyName needs every key to share one schema`);
            visit(children[0][1], join(path, meta.anyName), join(label, meta.anyName), within);
            return;
        }
        if ("joinsPrevious" in meta) {
            const previous = rows[rows.length - 1];
            if (previous === undefined) throw new Error(`${path}: joinsPrevious, but no row comes before it`);
            previous.row.label += ` / \`${label.slice(label.lastIndexOf(".") + 1)}\``;
            previous.row.paths.push(path);
            previous.defaults.push(declared(node, path, meta.default, within));
            return;
        }
        const keys = meta.keys;
        if (found !== undefined && keys === undefined)
            throw new Error(`${path}: an object with a row of its own says where its keys are documented (keys: rows, folded or table)`);
        if (found === undefined && keys !== undefined) throw new Error(`${path}: keys is only for objects and lists of objects`);
        rows.push({
            row: {
                label: `\`${label}\``,
                paths: keys === "folded" ? [path, ...keyPaths(node, path)] : [path],
                type: meta.type ?? schemaType(node),
                allowed: meta.allowed,
                meaning: meta.doc,
            },
            defaults: [declared(node, path, meta.default, within)],
        });
        if (keys === "rows") walk();
        if (keys === "table") subtables.push({ path, schema: node });
    };
    for (const [k, child] of shapeOf(root)) visit(child, join(prefix, k), k, undefined);
    return {
        rows: rows.map(({ row, defaults }) => ({ ...row, default: renderDefaults(defaults) })),
        undeclared,
        subtables,
    };
}

/**
 * Every key declared below `root` (an object schema) with its metadata, `prefix` being root's own path; `<name>` for any
 * key of an AnyNameMeta object.
 */
export function declaredKeys(root: z.ZodType, prefix: string): Array<{ path: string; node: z.ZodType; meta: KeyMeta }> {
    const out: Array<{ path: string; node: z.ZodType; meta: KeyMeta }> = [];
    const visit = (node: z.ZodType, path: string): void => {
        const meta = metaOf(node);
        if (meta !== undefined) out.push({ path, node, meta });
        const found = objectOf(node);
        if (found === undefined) return;
        const children = Object.entries(found.object.shape as Record<string, z.ZodType>);
        const inside = found.list ? `${path}[]` : path;
        if (meta !== undefined && "anyName" in meta) visit(children[0][1], join(inside, meta.anyName));
        else for (const [k, child] of children) visit(child, join(inside, k));
    };
    const found = objectOf(root);
    if (found === undefined) throw new Error(`${prefix}: not an object schema`);
    for (const [k, child] of Object.entries(found.object.shape as Record<string, z.ZodType>)) visit(child, join(prefix, k));
    return out;
}

export type Column = "Key" | "Type" | "Default" | "Allowed" | "Meaning";

function cell(row: KeyRow, column: Column): string {
    const value = { Key: row.label, Type: row.type, Default: row.default, Allowed: row.allowed, Meaning: row.meaning }[column];
    if (value === undefined) throw new Error(`${row.paths[0]} declares no ${column} (key() in its schema)`);
    return value;
}

/** A Markdown table of the rows, with the given columns. */
export function renderTable(columns: readonly Column[], rows: readonly KeyRow[]): string {
    const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
    return [line([...columns]), line(columns.map(() => "---")), ...rows.map((r) => line(columns.map((c) => cell(r, c))))].join("\n");
}
