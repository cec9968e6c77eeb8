// `pulumi up` should evaluate quickly: a stack loads only its own cloud's SDK.
// Checked in a child process, since this test process has loaded them all.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { ROOT } from "./support/unit/stacks";

const SDKS = { aws: "/@pulumi/aws/", azure: "/@pulumi/azure-native/" } as const;

function sdksLoadedBy(stack: string): string[] {
    const script = [
        `require('./test/support/unit/stacks').evaluateStack(${JSON.stringify(stack)}).then(() => {`,
        `  const sdks = ${JSON.stringify(SDKS)};`,
        "  const loaded = Object.entries(sdks).filter(([, dir]) => Object.keys(require.cache).some((p) => p.includes(dir))).map(([cloud]) => cloud);",
        "  process.stdout.write(JSON.stringify(loaded));",
        "}, (e) => { console.error(e); process.exit(1); });",
    ].join("\n");
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" });
    return JSON.parse(out) as string[];
}

describe("loading only what a stack needs", function () {
    this.timeout(120000);
    for (const [stack, expected] of [
        ["local", []],
        ["aws-dev", ["aws"]],
        ["azure-dev", ["azure"]],
    ] as const) {
        it(`stack ${stack} loads ${expected.length ? `only the ${expected[0]} SDK` : "no cloud SDK"}`, () => {
            assert.deepStrictEqual(sdksLoadedBy(stack), expected);
        });
    }
});
