// The configuration tables of the docs and the declarations of Pulumi.yaml,
// rendered from what each key declares on its schema node
// (components/config/key-meta.ts: config/schema.ts, <platform>/config.ts).
// Each table sits between two markers in one file, README.md or a page under
// docs/ (docs/configuration.md, docs/aws.md, ...), and the declarations
// between two markers in Pulumi.yaml; `npm run docs` rewrites them where they
// are, and test/config-docs.test.ts fails when a file is not what this renders.
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { z } from "zod";
import { defaultOf, isOptional, keyTable, metaOf, renderTable, unwrap, type Column, type KeyRow } from "../../components/config/key-meta";
import { stackSchema } from "../../components/platforms";
import { ROOT, docFiles } from "./markdown";

export interface ConfigTable {
    /** The config path of the table's root; "top-level" for the stack's own keys. */
    id: string;
    columns: readonly Column[];
    rows: readonly KeyRow[];
}

const TOP_LEVEL = "top-level";
/** The tables with more columns than a platform's (Key, Default, Meaning). */
const COLUMNS: Record<string, readonly Column[]> = {
    [TOP_LEVEL]: ["Key", "Type", "Default", "Meaning"],
    milvus: ["Key", "Type", "Default", "Meaning"],
    "milvus.workload": ["Key", "Default", "Allowed", "Meaning"],
};

/**
 * The stack's keys and, after it, each table of a key declared with its own
 * (`keys: "table"`), depth first. Throws naming every key that declares nothing.
 */
function configTables(): ConfigTable[] {
    const tables: ConfigTable[] = [];
    const undeclared: string[] = [];
    const add = (id: string, schema: z.ZodType, prefix: string) => {
        const table = keyTable(schema, prefix);
        undeclared.push(...table.undeclared);
        tables.push({ id, columns: COLUMNS[id] ?? ["Key", "Default", "Meaning"], rows: table.rows });
        for (const sub of table.subtables) add(sub.path, sub.schema, sub.path);
    };
    add(TOP_LEVEL, stackSchema, "");
    if (undeclared.length > 0) throw new Error(`config keys without a declaration (key() on the schema node): ${undeclared.join(", ")}`);
    return tables;
}

export const CONFIG_TABLES: readonly ConfigTable[] = configTables();

const begin = (id: string) => `<!-- generated: configuration table "${id}" (npm run docs) -->`;
const END = "<!-- end of generated table -->";
const ANY_BEGIN = /<!-- generated: configuration table "([^"]*)" \(npm run docs\) -->/g;

/** The files the tables may sit in: README.md and every page under docs/ (paths relative to the repository). */
export function tableFiles(root = ROOT): string[] {
    return docFiles(root).filter((f) => f === "README.md" || f.startsWith("docs/"));
}

/**
 * The files with every table rendered again, keyed as given. Each table's
 * begin marker must be in exactly one place across the files; throws, naming
 * the table and the files, when one is missing, repeated, unknown or unclosed.
 */
export function renderTables(files: ReadonlyMap<string, string>): Map<string, string> {
    const out = new Map(files);
    const known = new Set(CONFIG_TABLES.map((t) => t.id));
    for (const [file, text] of files) {
        for (const m of text.matchAll(ANY_BEGIN)) {
            if (!known.has(m[1])) throw new Error(`${file}: there is no configuration table "${m[1]}" (known: ${[...known].join(", ")})`);
        }
    }
    for (const table of CONFIG_TABLES) {
        const file = tableFile(files, table.id);
        const text = out.get(file) as string;
        const marker = begin(table.id);
        const start = text.indexOf(marker);
        const end = text.indexOf(END, start);
        const next = text.indexOf("<!-- generated: configuration table ", start + marker.length);
        if (end < 0 || (next >= 0 && next < end)) throw new Error(`${file}: the configuration table "${table.id}" has no end marker ${END}`);
        out.set(file, `${text.slice(0, start)}${marker}\n${renderTable(table.columns, table.rows)}\n${text.slice(end)}`);
    }
    return out;
}

/** The one file that holds the table `id`. */
function tableFile(files: ReadonlyMap<string, string>, id: string): string {
    const marker = begin(id);
    const places = [...files].flatMap(([file, text]) =>
        text
            .split(marker)
            .slice(1)
            .map(() => file),
    );
    if (places.length === 0) {
        throw new Error(
            `no file has the marker of the configuration table "${id}": add ${marker} and ${END} where it goes (in ${[...files.keys()].join(", ")})`,
        );
    }
    if (places.length > 1) throw new Error(`the configuration table "${id}" is marked ${places.length} times (${places.join(", ")}): keep one`);
    return places[0];
}

/** The table files as they are on disk. */
export function readTableFiles(root = ROOT): Map<string, string> {
    return new Map(tableFiles(root).map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")]));
}

export const PROJECT_FILE = "Pulumi.yaml";
const DECLARATIONS_BEGIN = "  # generated: declarations of the top-level keys (npm run docs)";
const DECLARATIONS_END = "  # end of generated declarations";

/** A doc's Markdown as plain text for Pulumi.yaml: no backticks or bold, a link as its target (relative to the repository). */
function plain(markdown: string, file: string): string {
    return markdown
        .replace(/\[[^\]]*\]\(([^)]*)\)/g, (_m, target: string) =>
            /^[a-z]+:/.test(target) ? target : path.posix.join(path.posix.dirname(file), target),
        )
        .replace(/`|\*\*/g, "")
        .replace(/\\\|/g, "|");
}

/**
 * The declarations of the top-level keys as Pulumi.yaml has them: the CLI
 * checks stack files against them before the program starts. A key without a
 * default there must be set by every stack, so every optional key has one: its
 * declared value, `{}` for a block (an empty block is read as none).
 */
export function projectDeclarations(files: ReadonlyMap<string, string>): Record<string, { type: string; default?: unknown; description: string }> {
    const topFile = tableFile(files, TOP_LEVEL);
    return Object.fromEntries(
        Object.entries(stackSchema.shape as Record<string, z.ZodType>).map(([k, node]) => {
            const meta = metaOf(node);
            if (meta === undefined || !("doc" in meta)) throw new Error(`${k}: a top-level key declares its doc (key() on its schema node)`);
            const inner = unwrap(node);
            const object = inner instanceof z.ZodObject;
            const parts = [plain(meta.doc, topFile)];
            if (inner instanceof z.ZodEnum) parts.push(`One of: ${inner.options.map(String).join(", ")}.`);
            if (object) parts.push(`Keys: ${Object.keys(inner.shape).join(", ")}. See ${tableFile(files, k)}.`);
            const declared = !isOptional(node) ? {} : { default: object ? {} : defaultOf(node) };
            return [k, { type: object ? "object" : "string", ...declared, description: parts.join(" ") }];
        }),
    );
}

/** Pulumi.yaml with its declarations rendered again; throws when the markers are missing. */
export function renderProjectFile(text: string, files: ReadonlyMap<string, string>): string {
    const start = text.indexOf(DECLARATIONS_BEGIN);
    const end = text.indexOf(DECLARATIONS_END, start);
    if (start < 0 || end < 0)
        throw new Error(
            `${PROJECT_FILE}: the config block needs the lines "${DECLARATIONS_BEGIN.trim()}" and "${DECLARATIONS_END.trim()}" around the declarations`,
        );
    const yaml = stringify(projectDeclarations(files), { lineWidth: 0 })
        .trimEnd()
        .split("\n")
        .map((line) => `  ${line}`)
        .join("\n");
    return `${text.slice(0, start)}${DECLARATIONS_BEGIN}\n${yaml}\n${text.slice(end)}`;
}

if (require.main === module) {
    const before = readTableFiles();
    const after = renderTables(before);
    const changed = [...after].filter(([file, text]) => before.get(file) !== text);
    for (const [file, text] of changed) fs.writeFileSync(path.join(ROOT, file), text);
    const project = fs.readFileSync(path.join(ROOT, PROJECT_FILE), "utf8");
    const rendered = renderProjectFile(project, after);
    if (rendered !== project) {
        fs.writeFileSync(path.join(ROOT, PROJECT_FILE), rendered);
        changed.push([PROJECT_FILE, rendered]);
    }
    const withTables = [...after].filter(([, text]) => text.includes("<!-- generated: configuration table ")).map(([file]) => file);
    process.stdout.write(
        changed.length === 0
            ? `configuration tables and declarations up to date (${[...withTables, PROJECT_FILE].join(", ")})\n`
            : `rewritten: ${changed.map(([file]) => file).join(", ")}\n`,
    );
}
