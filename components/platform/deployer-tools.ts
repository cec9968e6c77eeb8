// Command-line tools the machine running `pulumi up` needs for a platform:
// the kubeconfigs the cloud platforms build authenticate through an exec
// plugin (`aws eks get-token`, `kubelogin get-token`), which the Kubernetes
// provider runs only once the cluster exists, minutes into the first deploy.
// Checked before any resource is registered, so a missing one fails at once.
import * as fs from "fs";
import * as path from "path";
import { RunError } from "@pulumi/pulumi";

export interface DeployerTool {
    /** The executable looked up on the PATH. */
    command: string;
    /** What the program uses it for. */
    why: string;
    /** How to get it. */
    install: string;
}

function onPath(command: string, pathEnv: string): boolean {
    return pathEnv
        .split(path.delimiter)
        .filter(Boolean)
        .some((dir) => {
            try {
                fs.accessSync(path.join(dir, command), fs.constants.X_OK);
                return true;
            } catch {
                return false;
            }
        });
}

/** The tools that are not on the PATH. */
export function missingTools(tools: DeployerTool[], pathEnv: string = process.env.PATH ?? ""): DeployerTool[] {
    return tools.filter((t) => !onPath(t.command, pathEnv));
}

/** Throws one RunError (message only, no stack trace) listing every missing tool. */
export function requireDeployerTools(platform: string, tools: DeployerTool[], pathEnv?: string): void {
    const missing = missingTools(tools, pathEnv);
    if (missing.length === 0) return;
    const lines = missing.map((t) => `  - \`${t.command}\`: ${t.why}; ${t.install}`);
    throw new RunError(
        `The ${platform} platform needs ${missing.length === 1 ? "a tool" : "tools"} on the PATH of the machine running pulumi:\n${lines.join("\n")}`,
    );
}
