// One configuration problem, and the error that carries all of them.
import { RunError } from "@pulumi/pulumi";

export interface ConfigProblem {
    /** Dotted config key, as written in the stack file (e.g. `milvus.exposure.type`). */
    key: string;
    /** The value that was given (undefined when the key is missing). */
    given: unknown;
    /** What is allowed instead, or why the combination cannot work. */
    allowed: string;
    /** The key is a whole config key (`namespace:key`), printed without the project's namespace in front. */
    absolute?: boolean;
    /** The value is the program's default, not one the stack file sets (printed as "got 5 (the default)"). */
    defaulted?: boolean;
}

/** Renders a value the way the user wrote it, short enough for one line. */
export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing";
    const text = typeof value === "string" ? `"${value}"` : JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatProblem(p: ConfigProblem): string {
    return `${p.key}: got ${describeValue(p.given)}${p.defaulted ? " (the default)" : ""}; ${p.allowed}`;
}

/**
 * Thrown before any resource is registered when the stack config is invalid.
 * A `RunError`, so the Node.js runtime reports only the message: cmd/run/run.ts
 * logs a RunError without its stack and exits with the "already reported" code.
 */
export class ConfigValidationError extends RunError {
    readonly problems: ConfigProblem[];

    constructor(problems: ConfigProblem[], configNamespace: string) {
        const lines = problems.map((p) => `  - ${p.absolute ? "" : `${configNamespace}:`}${formatProblem(p)}`);
        super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
        this.name = "ConfigValidationError";
        this.problems = problems;
    }
}
