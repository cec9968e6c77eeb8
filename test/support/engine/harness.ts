// Helpers of the engine suite: one workspace for the whole run, typed views
// of what the real CLI prints (preview JSON, stack exports), and the timings
// docs/development.md (Measured times) and the session note report.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseUrn, type LiveObject } from "./fake-cloud";
import { type EngineWorkspace, REPO, type CommandResult } from "./workspace";
import { realWorkspace } from "./kube";

let shared: EngineWorkspace | undefined;

/** npm projects of their own that the suite runs: installed from their lock files when missing. */
const OWN_PROJECTS = ["policy", path.join("examples", "milvus-client")];

/** Opens the workspace a file's tests share (in its `before`). */
export async function openWorkspace(): Promise<EngineWorkspace> {
    if (shared === undefined) {
        for (const project of OWN_PROJECTS) {
            if (!fs.existsSync(path.join(REPO, project, "node_modules"))) {
                execFileSync("npm", ["ci", "--prefix", project, "--no-audit", "--no-fund"], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
            }
        }
        shared = await realWorkspace();
        process.stdout.write(
            `      engine workspace ${shared.root}; pulumi ${shared.cli.version} from ${shared.cli.dir}; language host: ${shared.cli.languageHost}\n`,
        );
    }
    return shared;
}

/** The workspace openWorkspace() opened. */
export function workspace(): EngineWorkspace {
    if (shared === undefined) throw new Error("no engine workspace: call openWorkspace() in the file's before hook");
    return shared;
}

/** Ends the workspace's clusters and removes its files (in the file's `after`). */
export async function disposeWorkspace(): Promise<void> {
    await shared?.dispose();
    shared = undefined;
}

/** What a command printed, for assertion messages. */
export function transcript(r: CommandResult): string {
    return `exit ${r.code}\n--- stdout\n${r.stdout.slice(-6000)}\n--- stderr\n${r.stderr.slice(-4000)}`;
}

export function assertSucceeded(r: CommandResult, what: string): void {
    assert.strictEqual(r.code, 0, `${what} failed: ${transcript(r)}`);
}

export interface PreviewStep {
    op: string;
    urn: string;
    oldState?: { protect?: boolean; type?: string };
    newState?: { protect?: boolean; type?: string };
    diffReasons?: string[];
    replaceReasons?: string[];
}

/** `pulumi preview --json`: the planned steps. */
export function previewSteps(r: CommandResult): PreviewStep[] {
    const doc = JSON.parse(r.stdout) as { steps?: PreviewStep[] };
    return doc.steps ?? [];
}

export const REPLACING_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced"]);

export interface ExportedResource {
    urn: string;
    type: string;
    protect?: boolean;
    custom?: boolean;
}

/** `pulumi stack export`: the resources in the stack's state. */
export function exportedResources(r: CommandResult): ExportedResource[] {
    const doc = JSON.parse(r.stdout) as { deployment?: { resources?: ExportedResource[] } };
    return doc.deployment?.resources ?? [];
}

/** Cloud resources (AWS, Azure, random) still alive in the fake cloud for one stack; Kubernetes objects are read from the cluster. */
export function liveObjects(ws: EngineWorkspace, stack: string): LiveObject[] {
    const dir = path.join(ws.cloud, "resources");
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as LiveObject)
        .filter((o) => parseUrn(o.urn).stack === stack);
}

/** Every file of the file backend that belongs to a stack (state, backups, history). */
export function stateFiles(ws: EngineWorkspace, stack: string): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            // .pulumi/stacks/<project>/<stack>.json[.bak], and .pulumi/{backups,history}/<project>/<stack>/*
            else if (path.basename(dir) === stack || new RegExp(`^${stack.replace(/[.-]/g, "\\$&")}\\.json`).test(e.name)) out.push(p);
        }
    };
    walk(ws.backend);
    return out;
}

/** A line of a JavaScript stack trace (`    at fn (file.ts:12:3)`). */
export const STACK_TRACE_LINE = /^\s+at .+[.](ts|js):\d+(:\d+)?\)?$/m;

const timings: Array<{ stack: string; step: string; ms: number }> = [];

export function timed(stack: string, step: string, r: CommandResult): CommandResult {
    timings.push({ stack, step, ms: r.ms });
    return r;
}

/** The per-stack wall times of `preview` and `up`, printed at the end of the run. */
export function timingReport(): string {
    const stacks = [...new Set(timings.map((t) => t.stack))];
    const cell = (stack: string, step: string) => {
        const t = timings.find((x) => x.stack === stack && x.step === step);
        return t ? `${(t.ms / 1000).toFixed(1)} s` : "-";
    };
    const rows = stacks.map((s) => `      ${s.padEnd(20)} preview ${cell(s, "preview").padStart(7)}   up ${cell(s, "up").padStart(7)}`);
    return ["      wall time per stack (real CLI, engine, Kubernetes provider and cluster; fake cloud APIs):", ...rows].join("\n");
}
