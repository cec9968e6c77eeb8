// `npm run plan -- <stack | path/to/Pulumi.<name>.yaml> [--json]`: what a stack would deploy, how
// it is sized, what it costs per month and how long the first `pulumi up`
// takes, worked out offline (no Pulumi CLI, no cloud, no credentials).
import * as fs from "fs";
import { ConfigValidationError } from "../components/config/problems";
import { PROJECT, shippedStacks } from "./offline/stacks";
import { buildPlan } from "./plan/report";
import { renderPlan } from "./plan/render";

async function main(argv: string[]): Promise<number> {
    const json = argv.includes("--json");
    const names = argv.filter((a) => !a.startsWith("--"));
    const unknownFlags = argv.filter((a) => a.startsWith("--") && a !== "--json");
    const stacks = shippedStacks();
    if (names.length !== 1 || unknownFlags.length > 0) {
        process.stderr.write(`usage: npm run plan -- <stack | path/to/Pulumi.<name>.yaml> [--json]\nshipped stacks: ${stacks.join(", ")}\n`);
        return 2;
    }
    const stack = names[0];
    if (stack.endsWith(".yaml") ? !fs.existsSync(stack) : !stacks.includes(stack)) {
        process.stderr.write(`no stack "${stack}" in stacks/; shipped stacks: ${stacks.join(", ")}\n`);
        return 2;
    }
    try {
        const plan = await buildPlan(stack);
        process.stdout.write(json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan));
        return 0;
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (json) {
            // A script reading --json gets JSON on failure too: the message and, for bad config, each problem.
            const problems =
                error instanceof ConfigValidationError
                    ? error.problems.map((p) => ({ key: p.absolute ? p.key : `${PROJECT}:${p.key}`, given: p.given ?? null, allowed: p.allowed }))
                    : undefined;
            process.stdout.write(`${JSON.stringify({ stack, error: message, ...(problems ? { problems } : {}) }, null, 2)}\n`);
        } else {
            process.stderr.write(`${message}\n`);
        }
        return 1;
    }
}

main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
