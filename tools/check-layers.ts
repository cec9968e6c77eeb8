// The import rules of the program, checked on the relative imports of every
// TypeScript file (`npm run check:layers`, part of `npm test`):
//
// 1. Layering. Each folder of components/, and each package under packages/,
//    sits on one floor; a file imports from its own folder or from a lower
//    floor, never from a higher one or a sibling on the same floor (the
//    platforms do not import each other; a package imports only itself).
// 2. No cycle between files anywhere in the repository (type-only imports
//    count too: a cycle of types is still two files that cannot be read alone).
//
// A new folder under components/ must be given a floor here; the check fails
// until it is.
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..");

/** Floors, lowest first. A path is a folder under components/ or a file at its top. */
export const FLOORS: readonly (readonly string[])[] = [
    // Packages of the repository (packages/<name>): each imports only itself.
    ["packages/stack-outputs"],
    ["components/shared"],
    ["components/network"],
    ["components/sizing"],
    ["components/config"],
    ["components/outputs.ts"],
    ["components/platform"],
    ["components/milvus"],
    ["components/local", "components/aws", "components/azure"],
    ["components/platforms.ts"],
    ["index.ts"],
];

/** The unit a file belongs to for the layering: its folder under components/ or packages/, or the file itself at the top. */
export function unitOf(file: string): string | undefined {
    const parts = file.split("/");
    if (parts[0] === "index.ts") return "index.ts";
    if (parts[0] === "packages" && parts.length > 2) return `packages/${parts[1]}`;
    if (parts[0] !== "components") return undefined;
    return parts.length === 2 ? file : `components/${parts[1]}`;
}

export function floorOf(unit: string): number {
    return FLOORS.findIndex((floor) => floor.includes(unit));
}

const IMPORT = /^\s*(?:import|export)\s(?:[^"';]*?\sfrom\s)?["'](\.{1,2}\/[^"']+)["']/gm;

/** The repository files a file imports by relative path (resolved to `.ts`, `.js` or `index.ts`). */
export function relativeImports(file: string, text: string, exists: (f: string) => boolean): string[] {
    const out: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
        const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]));
        const found = [base, `${base}.ts`, `${base}.js`, `${base}/index.ts`].find((c) => /\.(ts|js)$/.test(c) && exists(c));
        if (found) out.push(found);
    }
    return out;
}

export interface LayerProblem {
    file: string;
    imports: string;
    why: string;
}

/** Imports that run against the floors. */
export function layerProblems(graph: ReadonlyMap<string, readonly string[]>): LayerProblem[] {
    const problems: LayerProblem[] = [];
    for (const [file, targets] of graph) {
        const from = unitOf(file);
        if (from === undefined) continue;
        const fromFloor = floorOf(from);
        if (fromFloor < 0) {
            problems.push({ file, imports: "", why: `${from} has no floor in tools/check-layers.ts FLOORS` });
            continue;
        }
        for (const target of targets) {
            const to = unitOf(target);
            if (to === undefined) {
                problems.push({ file, imports: target, why: "the program imports from outside components/ and packages/" });
                continue;
            }
            if (to === from) continue;
            const toFloor = floorOf(to);
            if (toFloor < 0) problems.push({ file, imports: target, why: `${to} has no floor in tools/check-layers.ts FLOORS` });
            else if (toFloor > fromFloor) problems.push({ file, imports: target, why: `${to} sits above ${from}` });
            else if (toFloor === fromFloor) problems.push({ file, imports: target, why: `${to} and ${from} sit on the same floor` });
        }
    }
    return problems;
}

/** Every cycle of imports, each once, as the files in import order from its smallest member. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    // Tarjan's strongly connected components; a component of more than one file (or a file importing itself) holds a cycle.
    let index = 0;
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const found: string[][] = [];
    const visit = (v: string): void => {
        indexOf.set(v, index);
        low.set(v, index);
        index += 1;
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!indexOf.has(w)) {
                visit(w);
                low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v) as number, indexOf.get(w) as number));
            }
        }
        if (low.get(v) === indexOf.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop() as string;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
        }
    };
    for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) visit(v);
    return found.sort((a, b) => a[0].localeCompare(b[0]));
}

const SKIP = new Set(["node_modules", ".git", "dist"]);

/** Every .ts file of the repository, relative to root. */
export function sourceFiles(root = ROOT): string[] {
    const out: string[] = [];
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
            if (SKIP.has(entry.name)) continue;
            const rel = dir ? `${dir}/${entry.name}` : entry.name;
            if (entry.isDirectory()) walk(rel);
            else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(rel);
        }
    };
    walk("");
    return out.sort();
}

export function importGraph(root = ROOT): Map<string, string[]> {
    const exists = (f: string) => fs.existsSync(path.join(root, f));
    return new Map(sourceFiles(root).map((f) => [f, relativeImports(f, fs.readFileSync(path.join(root, f), "utf8"), exists)]));
}

if (require.main === module) {
    const graph = importGraph();
    const layers = layerProblems(graph);
    const loops = cycles(graph);
    for (const p of layers) process.stderr.write(`${p.file}${p.imports ? ` imports ${p.imports}` : ""}: ${p.why}\n`);
    for (const c of loops) process.stderr.write(`import cycle: ${c.join(" <-> ")}\n`);
    if (layers.length + loops.length > 0) {
        process.stderr.write(`${layers.length} import(s) against the layering, ${loops.length} cycle(s); the floors are in tools/check-layers.ts\n`);
        process.exitCode = 1;
    } else {
        process.stdout.write(`imports follow the layering, no cycle (${graph.size} files)\n`);
    }
}
