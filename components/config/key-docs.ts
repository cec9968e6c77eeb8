// How config keys are documented: one KeyDoc per row of a docs table, kept next to the
// schema of its block (config/schema-docs.ts, <platform>/config-docs.ts), and
// the helpers that check the docs against the schema and render the tables.
import { z } from "zod";

export interface KeyDoc {
    /** The row's key column as the docs show it: backticked paths relative to the block. */
    label: string;
    /** The full config paths the row documents; `[]` stands for a list item, `<name>` for any key of a map. */
    keys: string[];
    /** The type column (tables that have one). */
    type?: string;
    /** The default, as a reader needs it: a value, one per environment, or what it is derived from. */
    default: string;
    /** The allowed values (tables that have the column). */
    allowed?: string;
    meaning: string;
}

function unwrap(schema: z.ZodType): z.ZodType {
    let current = schema;
    while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
        current = current.unwrap() as z.ZodType;
    }
    return current;
}

/**
 * Every key path of a schema down to its leaves: objects are walked (a list
 * of objects as `key[]`), everything else (scalars, lists of scalars, maps)
 * is a leaf.
 */
export function keyPaths(schema: z.ZodType, prefix: string): string[] {
    const node = unwrap(schema);
    if (node instanceof z.ZodObject) {
        return Object.entries(node.shape as Record<string, z.ZodType>).flatMap(([k, child]) => keyPaths(child, prefix ? `${prefix}.${k}` : k));
    }
    if (node instanceof z.ZodArray) {
        const item = unwrap(node.element as z.ZodType);
        if (item instanceof z.ZodObject) return keyPaths(item, `${prefix}[]`);
    }
    return [prefix];
}

/**
 * Whether a documented key covers a schema path: the same path, a parent of
 * it (`taints` covers `taints[].key`), or the same with `<name>` for one segment.
 */
export function covers(documented: string, path: string): boolean {
    const d = documented.split(".");
    const p = path.split(".");
    if (d.length > p.length) return false;
    return d.every((segment, i) => segment === p[i] || segment === "<name>" || (i === d.length - 1 && `${segment}[]` === p[i]));
}

export type Column = "Key" | "Type" | "Default" | "Allowed" | "Meaning";

function cell(doc: KeyDoc, column: Column): string {
    const value = { Key: doc.label, Type: doc.type, Default: doc.default, Allowed: doc.allowed, Meaning: doc.meaning }[column];
    if (value === undefined) throw new Error(`${doc.label} has no ${column} column`);
    return value;
}

/** A Markdown table of the docs, with the given columns. */
export function renderTable(columns: readonly Column[], docs: readonly KeyDoc[]): string {
    const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
    return [row([...columns]), row(columns.map(() => "---")), ...docs.map((d) => row(columns.map((c) => cell(d, c))))].join("\n");
}
