// `npm run plan -- <stack> [--json]`: what a shipped stack would deploy, how
// it is sized, what it costs per month and how long the first `pulumi up`
// takes, worked out offline (no Pulumi CLI, no cloud, no credentials).
import { shippedStacks } from "./offline/stacks";
import { buildPlan } from "./plan/report";
import { renderPlan } from "./plan/render";

async function main(argv: string[]): Promise<number> {
    const json = argv.includes("--json");
    const names = argv.filter((a) => !a.startsWith("--"));
    const unknownFlags = argv.filter((a) => a.startsWith("--") && a !== "--json");
    const stacks = shippedStacks();
    if (names.length !== 1 || unknownFlags.length > 0) {
        process.stderr.write(`usage: npm run plan -- <stack> [--json]\nshipped stacks: ${stacks.join(", ")}\n`);
        return 2;
    }
    const stack = names[0];
    if (!stacks.includes(stack)) {
        process.stderr.write(`no stack "${stack}" in stacks/; shipped stacks: ${stacks.join(", ")}\n`);
        return 2;
    }
    try {
        const plan = await buildPlan(stack);
        process.stdout.write(json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan));
        return 0;
    } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
    }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
