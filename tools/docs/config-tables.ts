// The configuration tables of the docs, generated from the key docs next to
// each schema (components/config/schema-docs.ts, components/<platform>/config-docs.ts).
// Each table sits between two markers in one file, README.md or a page under
// docs/ (docs/configuration.md, docs/aws.md, ...); `npm run docs` rewrites
// them where they are, and test/config-docs.test.ts fails when a file is not
// what this renders.
import * as fs from "fs";
import * as path from "path";
import { renderTable, type Column, type KeyDoc } from "../../components/config/key-docs";
import { MILVUS_DOCS, TOP_LEVEL_DOCS, WORKLOAD_DOCS } from "../../components/config/schema-docs";
import { PLATFORMS } from "../../components/platforms";
import { ROOT, docFiles } from "./markdown";

export interface ConfigTable {
    id: string;
    columns: readonly Column[];
    docs: readonly KeyDoc[];
}

export const CONFIG_TABLES: readonly ConfigTable[] = [
    { id: "top-level", columns: ["Key", "Type", "Default", "Meaning"], docs: [...TOP_LEVEL_DOCS, ...PLATFORMS.map((p) => p.docs.block)] },
    { id: "milvus", columns: ["Key", "Type", "Default", "Meaning"], docs: MILVUS_DOCS },
    { id: "milvus.workload", columns: ["Key", "Default", "Allowed", "Meaning"], docs: WORKLOAD_DOCS },
    ...PLATFORMS.map((p): ConfigTable => ({ id: p.cloud, columns: ["Key", "Default", "Meaning"], docs: p.docs.keys })),
];

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
        const marker = begin(table.id);
        const places = [...out].flatMap(([file, text]) => text.split(marker).slice(1).map(() => file));
        if (places.length === 0) {
            throw new Error(`no file has the marker of the configuration table "${table.id}": add ${marker} and ${END} where it goes (in ${[...files.keys()].join(", ")})`);
        }
        if (places.length > 1) throw new Error(`the configuration table "${table.id}" is marked ${places.length} times (${places.join(", ")}): keep one`);
        const file = places[0];
        const text = out.get(file) as string;
        const start = text.indexOf(marker);
        const end = text.indexOf(END, start);
        const next = text.indexOf("<!-- generated: configuration table ", start + marker.length);
        if (end < 0 || (next >= 0 && next < end)) throw new Error(`${file}: the configuration table "${table.id}" has no end marker ${END}`);
        out.set(file, `${text.slice(0, start)}${marker}\n${renderTable(table.columns, table.docs)}\n${text.slice(end)}`);
    }
    return out;
}

/** The table files as they are on disk. */
export function readTableFiles(root = ROOT): Map<string, string> {
    return new Map(tableFiles(root).map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")]));
}

if (require.main === module) {
    const before = readTableFiles();
    const after = renderTables(before);
    const changed = [...after].filter(([file, text]) => before.get(file) !== text);
    for (const [file, text] of changed) fs.writeFileSync(path.join(ROOT, file), text);
    const withTables = [...after].filter(([, text]) => text.includes("<!-- generated: configuration table ")).map(([file]) => file);
    process.stdout.write(changed.length === 0
        ? `configuration tables up to date (${withTables.join(", ")})\n`
        : `configuration tables rewritten in ${changed.map(([file]) => file).join(", ")}\n`);
}
