// The README's configuration tables, generated from the key docs next to each
// schema (components/config/schema-docs.ts, components/<platform>/config-docs.ts).
// Each table sits between two markers in README.md; `npm run docs` rewrites
// them, and test/config-docs.test.ts fails when the README is not what this
// renders.
import * as fs from "fs";
import * as path from "path";
import { renderTable, type Column, type KeyDoc } from "../../components/config/key-docs";
import { MILVUS_DOCS, TOP_LEVEL_DOCS, WORKLOAD_DOCS } from "../../components/config/schema-docs";
import { PLATFORMS } from "../../components/platforms";

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

export const README = path.join(__dirname, "..", "..", "README.md");

const begin = (id: string) => `<!-- generated: configuration table "${id}" (npm run docs) -->`;
const END = "<!-- end of generated table -->";

/** The README with every table rendered again; throws when a table's markers are missing. */
export function renderReadme(readme: string): string {
    let text = readme;
    for (const table of CONFIG_TABLES) {
        const start = text.indexOf(begin(table.id));
        if (start < 0) throw new Error(`README.md has no marker for the configuration table "${table.id}": add ${begin(table.id)} and ${END} where it goes`);
        const end = text.indexOf(END, start);
        if (end < 0) throw new Error(`README.md: the table "${table.id}" has no end marker ${END}`);
        text = `${text.slice(0, start)}${begin(table.id)}\n${renderTable(table.columns, table.docs)}\n${text.slice(end)}`;
    }
    return text;
}

if (require.main === module) {
    const before = fs.readFileSync(README, "utf8");
    const after = renderReadme(before);
    if (after !== before) fs.writeFileSync(README, after);
    process.stdout.write(after === before ? "README.md: configuration tables up to date\n" : "README.md: configuration tables rewritten\n");
}
