// Loads the shipped stack files and evaluates the program for one of them
// under the recording mocks, exactly as `pulumi up` would read its config.
// No Pulumi CLI, no cloud, no credentials. Used by the tests and the plan tool.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { OFFLINE_EVALUATION_ENV } from "../../components/platform/run-mode";
import { installMocks, settle, type CallHandler, type RecordedResource, type StateOverride } from "./mocks";

export const ROOT = path.resolve(__dirname, "..", "..");
export const STACKS_DIR = path.join(ROOT, "stacks");
export const PROJECT = "milvus-on-clouds";

/** Names of the shipped stacks (stacks/Pulumi.<name>.yaml). */
export function shippedStacks(): string[] {
    return fs
        .readdirSync(STACKS_DIR)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((n): n is string => n !== undefined)
        .sort();
}

/** The stack file's `config:` section as raw values (objects stay objects). */
/** A shipped stack's name (stacks/Pulumi.<name>.yaml), or the path of any stack file ending in .yaml. */
export function stackFilePath(stack: string): string {
    return stack.endsWith(".yaml") ? path.resolve(stack) : path.join(STACKS_DIR, `Pulumi.${stack}.yaml`);
}

/** The stack's name: as given, or taken from a stack file's name (`Pulumi.<name>.yaml`). */
export function stackNameOf(stack: string): string {
    return stack.endsWith(".yaml")
        ? path
              .basename(stack)
              .replace(/^Pulumi\./, "")
              .replace(/\.yaml$/, "")
        : stack;
}

export function stackFileConfig(stack: string): Record<string, unknown> {
    const doc = parse(fs.readFileSync(stackFilePath(stack), "utf8")) as { config?: Record<string, unknown> };
    return doc.config ?? {};
}

/** Project keys without the namespace, as the program validates them. */
export function rawProjectConfig(config: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(config)
            .filter(([k]) => k.startsWith(`${PROJECT}:`))
            .map(([k, v]) => [k.slice(PROJECT.length + 1), v]),
    );
}

/** The `default` of every key Pulumi.yaml declares, as `project:key` entries. */
export function projectDefaults(): Record<string, unknown> {
    const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config?: Record<string, { default?: unknown }> };
    return Object.fromEntries(
        Object.entries(project.config ?? {})
            .filter(([, declaration]) => declaration.default !== undefined)
            .map(([key, declaration]) => [`${PROJECT}:${key}`, declaration.default]),
    );
}

/**
 * What the Pulumi CLI hands the program: the stack's values merged over the
 * defaults Pulumi.yaml declares (the CLI applies them before the program
 * starts), every value as text, objects as JSON.
 */
function asPulumiConfig(config: Record<string, unknown>): Record<string, string> {
    const merged = { ...projectDefaults(), ...config };
    return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

export interface Evaluation {
    outputs: Record<string, unknown>;
    resources: RecordedResource[];
}

type Program = () => Promise<Record<string, unknown>>;

/**
 * Runs the program as an offline evaluation (components/platform/run-mode.ts):
 * the shipped example stacks keep their placeholders, and the cloud CLIs a
 * deployment needs are not looked for, so the evaluation says explicitly that
 * it deploys nothing.
 */
async function offline(program: Program): Promise<Record<string, unknown>> {
    const before = process.env[OFFLINE_EVALUATION_ENV];
    process.env[OFFLINE_EVALUATION_ENV] = "true";
    try {
        return await program();
    } finally {
        if (before === undefined) delete process.env[OFFLINE_EVALUATION_ENV];
        else process.env[OFFLINE_EVALUATION_ENV] = before;
    }
}

/**
 * Runs the program (index.ts) with the given stack config and returns the
 * stack outputs (Outputs still wrapped) and every recorded resource.
 */
export async function evaluate(
    config: Record<string, unknown>,
    options: { stack?: string; state?: StateOverride; call?: CallHandler } = {},
): Promise<Evaluation> {
    const session = installMocks({
        project: PROJECT,
        stack: options.stack ?? "test",
        config: asPulumiConfig(config),
        state: options.state,
        call: options.call,
    });
    const program = require(path.join(ROOT, "index")) as Program;
    const outputs = await offline(program);
    await settle();
    return { outputs, resources: session.resources };
}

/** Like evaluate, but returns the failure (if any) together with what was registered before it. */
export async function attempt(config: Record<string, unknown>): Promise<{ error?: unknown; resources: RecordedResource[] }> {
    const session = installMocks({ project: PROJECT, stack: "test", config: asPulumiConfig(config) });
    const program = require(path.join(ROOT, "index")) as Program;
    try {
        await offline(program);
        await settle();
        return { resources: session.resources };
    } catch (error) {
        await settle();
        return { error, resources: session.resources };
    }
}

export function evaluateStack(stack: string, options: { state?: StateOverride; call?: CallHandler } = {}): Promise<Evaluation> {
    return evaluate(stackFileConfig(stack), { stack: stackNameOf(stack), ...options });
}
