// The engine suite: every shipped stack through the real Pulumi CLI, engine
// and deployment (file backend, passphrase secrets), the real Node.js runtime
// of @pulumi/pulumi loading index.ts as `pulumi up` does, the real policy pack
// and real StackReferences. Fakes stand only where a cloud API would answer
// (tools/engine/fake-provider.ts). Run alone with `npm run test:engine`.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { validateStackConfig } from "../../components/platforms";
import { SECRET_OUTPUT_NAMES, stackOutputsSchema } from "../../components/outputs";
import { GENERATED_SECRET_PREFIX } from "../../tools/engine/fake-cloud";
import { REPO } from "../../tools/engine/workspace";
import { rawProjectConfig, shippedStacks, stackFileConfig } from "../../tools/offline/stacks";
import {
    REPLACING_OPS, assertSucceeded, disposeWorkspace, exportedResources, liveObjects, previewSteps, stateFiles, timed, timingReport, transcript, workspace,
} from "./harness";

/**
 * The URNs of every protected resource, per shipped stack: a contract. Moving
 * one (a new parent, name or type) without an alias makes the next `pulumi up`
 * plan a replacement that protection then blocks.
 */
const PROTECTED_URNS = path.join(__dirname, "protected-urns.json");

/** The stack the example app consumes through a real StackReference. */
const CONSUMED_STACK = "local";

/**
 * An edit a platform team makes every week: one more query node in cluster
 * mode, a larger CPU request in standalone mode. It must update the Helm
 * release in place and replace nothing.
 */
function innocentEdit(stack: string): { path: string; value: string; type: "int" | "string" } {
    const config = validateStackConfig(rawProjectConfig(stackFileConfig(stack)));
    if (config.milvus.mode === "cluster") {
        return { path: "milvus.components.queryNode.replicas", value: String(config.milvus.components.queryNode.replicas + 1), type: "int" };
    }
    return { path: "milvus.components.standalone.resources.requests.cpu", value: "1500m", type: "string" };
}

describe("engine suite: every shipped stack through the real Pulumi CLI", function () {
    this.timeout(15 * 60 * 1000);

    before(() => { workspace(); });
    after(() => {
        process.stdout.write(`${timingReport()}\n`);
        disposeWorkspace();
    });

    for (const stack of shippedStacks()) {
        describe(stack, () => {
            const prod = validateStackConfig(rawProjectConfig(stackFileConfig(stack))).environment === "prod";
            let outputs: Record<string, unknown> = {};

            it("pulumi preview succeeds", async () => {
                const ws = workspace();
                assertSucceeded(await ws.pulumi(["stack", "init", stack]), "stack init");
                const r = timed(stack, "preview", await ws.pulumi(["preview", "--stack", stack]));
                assertSucceeded(r, "preview");
                assert.match(r.stdout, /\+ \d+ to create/);
            });

            it("pulumi up succeeds", async () => {
                const r = timed(stack, "up", await workspace().pulumi(["up", "--yes", "--skip-preview", "--stack", stack]));
                assertSucceeded(r, "up");
                // No warning but the one the CLI prints for the stand-in language host (README, Tests).
                const warnings = r.stdout.split("\n").filter((l) => /^\s*warning: /.test(l) && !/using pulumi-language-nodejs from \$PATH/.test(l));
                assert.deepStrictEqual(warnings, [], "pulumi up printed warnings");
            });

            it("protects exactly the resources of the protected-URN contract (test/engine/protected-urns.json)", async () => {
                const state = exportedResources(await workspace().pulumi(["stack", "export", "--stack", stack]));
                const protectedUrns = state.filter((r) => r.protect).map((r) => r.urn).sort();
                if (process.env.UPDATE_PROTECTED_URNS) {
                    const all = fs.existsSync(PROTECTED_URNS) ? JSON.parse(fs.readFileSync(PROTECTED_URNS, "utf8")) as Record<string, string[]> : {};
                    all[stack] = protectedUrns;
                    fs.writeFileSync(PROTECTED_URNS, `${JSON.stringify(Object.fromEntries(Object.entries(all).sort()), null, 2)}\n`);
                }
                const contract = (JSON.parse(fs.readFileSync(PROTECTED_URNS, "utf8")) as Record<string, string[]>)[stack];
                assert.ok(contract !== undefined, `no protected-URN contract for ${stack}; run with UPDATE_PROTECTED_URNS=1 and review the diff`);
                assert.deepStrictEqual(protectedUrns, contract,
                    "the protected resources moved or changed: a moved resource needs an alias (its URN is a contract), a new one a reviewed update of protected-urns.json");
                assert.strictEqual(protectedUrns.length > 0, prod, prod ? "a prod stack protects nothing" : "a dev stack protects resources");
            });

            it("the stack outputs match the contract, and the secret ones show only with --show-secrets", async () => {
                const ws = workspace();
                const shown = await ws.pulumi(["stack", "output", "--json", "--show-secrets", "--stack", stack]);
                assertSucceeded(shown, "stack output --show-secrets");
                outputs = JSON.parse(shown.stdout) as Record<string, unknown>;
                const contract = stackOutputsSchema.safeParse(outputs);
                assert.ok(contract.success, `outputs break the contract: ${JSON.stringify(contract.error?.issues)}`);
                const masked = JSON.parse((await ws.pulumi(["stack", "output", "--json", "--stack", stack])).stdout) as Record<string, unknown>;
                for (const name of SECRET_OUTPUT_NAMES) {
                    if (outputs[name] === undefined) continue;
                    assert.strictEqual(masked[name], "[secret]", `${name} is printed without --show-secrets`);
                    assert.notStrictEqual(outputs[name], "[secret]");
                }
                for (const [name, value] of Object.entries(masked)) {
                    if (!(SECRET_OUTPUT_NAMES as readonly string[]).includes(name)) assert.deepStrictEqual(value, outputs[name], `${name} should not be secret`);
                }
            });

            it("the state holds no generated secret in plain text", async () => {
                const ws = workspace();
                const files = stateFiles(ws, stack);
                assert.ok(files.length > 0, "no state files found");
                const token = String(outputs.milvusToken ?? "");
                for (const file of files) {
                    const text = fs.readFileSync(file, "utf8");
                    assert.ok(!text.includes(GENERATED_SECRET_PREFIX), `${file} holds a generated secret in plain text`);
                    if (token) assert.ok(!text.includes(token.split(":")[1]), `${file} holds the root password in plain text`);
                }
                // The fake cloud did generate them, so the search above looked for something real.
                assert.ok(liveObjects(ws, stack).some((o) => JSON.stringify(o.outputs).includes(GENERATED_SECRET_PREFIX)));
            });

            it("a second preview plans no change (the program is idempotent)", async () => {
                assertSucceeded(await workspace().pulumi(["preview", "--expect-no-changes", "--stack", stack]), "preview --expect-no-changes");
            });

            it("the policy pack reports no mandatory violation, and every taggable resource carries the required tags", async () => {
                const r = await workspace().pulumi(["preview", "--policy-pack", path.join(REPO, "policy"), "--stack", stack]);
                assertSucceeded(r, "preview --policy-pack policy");
                assert.match(r.stdout, /Policies:|Policy Packs run:/, "the policy pack did not run");
                assert.doesNotMatch(r.stdout, /\[mandatory\]/);
                const untagged = r.stdout.split("\n").filter((l) => /required-tags/.test(l));
                assert.deepStrictEqual(untagged, [], "required-tags (advisory) flags resources");
            });

            it("an innocent edit updates the release in place and replaces nothing", async () => {
                const ws = workspace();
                const edit = innocentEdit(stack);
                assertSucceeded(await ws.pulumi(["config", "set", "--path", edit.path, edit.value, "--type", edit.type, "--stack", stack]), "config set");
                const r = await ws.pulumi(["preview", "--json", "--stack", stack]);
                assertSucceeded(r, "preview after the edit");
                const steps = previewSteps(r);
                const replaced = steps.filter((s) => REPLACING_OPS.has(s.op) || s.op === "delete");
                assert.deepStrictEqual(replaced.map((s) => `${s.op} ${s.urn}`), [], "the edit replaces or deletes resources");
                const release = steps.find((s) => s.urn.endsWith("kubernetes:helm.sh/v3:Release::milvus-chart"));
                assert.strictEqual(release?.op, "update", `the edit of ${edit.path} did not reach the Helm release`);
            });

            if (stack === CONSUMED_STACK) {
                it("examples/milvus-client goes up against it through a real StackReference", async () => {
                    const ws = workspace();
                    const dir = ws.addExample("milvus-client");
                    assertSucceeded(await ws.pulumi(["stack", "init", "example"], { cwd: dir }), "example stack init");
                    assertSucceeded(await ws.pulumi(["config", "set", "milvusStack", `organization/milvus-on-clouds/${stack}`, "--stack", "example"], { cwd: dir }), "config set");
                    assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "example"], { cwd: dir }), "example up");
                    const out = JSON.parse((await ws.pulumi(["stack", "output", "--json", "--stack", "example"], { cwd: dir })).stdout) as Record<string, unknown>;
                    assert.strictEqual(out.milvusUri, outputs.milvusUri);
                    for (const file of stateFiles(ws, "example")) {
                        assert.ok(!fs.readFileSync(file, "utf8").includes(String(outputs.milvusToken).split(":")[1]), `${file} holds the Milvus token in plain text`);
                    }
                    assertSucceeded(await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "example"], { cwd: dir }), "example destroy");
                });
            }

            if (prod) {
                it("pulumi destroy is stopped by protection", async () => {
                    const ws = workspace();
                    const r = await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]);
                    assert.notStrictEqual(r.code, 0, `destroy of a prod stack went through: ${transcript(r)}`);
                    assert.match(r.stdout + r.stderr, /protect/i);
                    const state = exportedResources(await ws.pulumi(["stack", "export", "--stack", stack]));
                    assert.ok(state.some((res) => res.protect), "no protected resource left in the state");
                    assert.ok(liveObjects(ws, stack).length > 0, "the fake cloud lost the stack's resources");
                });
            } else {
                it("pulumi destroy removes everything", async () => {
                    const ws = workspace();
                    assertSucceeded(await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy");
                    const state = exportedResources(await ws.pulumi(["stack", "export", "--stack", stack]));
                    assert.deepStrictEqual(state.map((res) => res.urn), []);
                    assert.deepStrictEqual(liveObjects(ws, stack).map((o) => o.urn), [], "objects left in the fake cloud");
                });
            }
        });
    }
});
