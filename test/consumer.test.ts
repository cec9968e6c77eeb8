// The consumer helper against mocked stack references: the engine's view of
// a referenced stack (outputs with secrets wrapped, plus secretOutputNames)
// is what the mocks return for `pulumi:pulumi:StackReference`.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as pulumi from "@pulumi/pulumi";
import { MilvusStackContractError, readMilvusStack, type MilvusStack } from "@milvus-on-clouds/stack-outputs";
import { OUTPUT_NAMES, SECRET_OUTPUT_NAMES, type StackContract } from "../components/outputs";
import { awsContract, KUBECONFIG_CREDENTIAL, referencedStack, TOKEN_PASSWORD } from "./support/unit/contracts";
import {
    installMocks,
    referencedStacks,
    settle,
    stackOutputsOf,
    STACK_REFERENCE,
    valueOf,
    wireSecret,
    type ReferencedStack,
    type RecordedResource,
} from "./support/unit/mocks";
import { ROOT } from "./support/unit/stacks";

const STACK = "acme/milvus-on-clouds/prod";

async function read(stack: ReferencedStack, name = STACK): Promise<{ milvus: MilvusStack; resources: RecordedResource[] }> {
    const session = installMocks({
        project: "app",
        stack: "dev",
        state: referencedStacks({ [STACK]: stack }),
        call: stackOutputsOf({ [STACK]: stack }),
    });
    const milvus = await readMilvusStack(name);
    await settle();
    return { milvus, resources: session.resources };
}

async function readError(stack: ReferencedStack, name = STACK): Promise<MilvusStackContractError> {
    try {
        await read(stack, name);
    } catch (err) {
        if (err instanceof MilvusStackContractError) return err;
        throw err;
    }
    throw new Error("expected readMilvusStack to throw");
}

function without(contract: StackContract, ...names: string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(contract).filter(([k]) => !names.includes(k)));
}

/** Resolved values of every output the helper returned. */
async function resolved(milvus: MilvusStack): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const name of OUTPUT_NAMES) {
        const output = milvus[name];
        if (output !== undefined) out[name] = await valueOf<unknown>(output);
    }
    return out;
}

async function secretNames(milvus: MilvusStack): Promise<string[]> {
    const names: string[] = [];
    for (const name of OUTPUT_NAMES) {
        const output: pulumi.Output<unknown> | undefined = milvus[name];
        if (output !== undefined && (await pulumi.isSecret(output))) names.push(name);
    }
    return names.sort();
}

describe("consumer helper: readMilvusStack", () => {
    it("reads a good stack as typed Outputs through one stack reference, secrets secret", async () => {
        const contract = awsContract();
        const { milvus, resources } = await read(referencedStack(contract));
        assert.deepStrictEqual(await resolved(milvus), contract);
        assert.deepStrictEqual(await secretNames(milvus), ["kubeconfig", "milvusToken"]);
        const references = resources.filter((r) => r.type === STACK_REFERENCE);
        assert.deepStrictEqual(
            references.map((r) => [r.name, r.inputs.name, r.read]),
            [[STACK, STACK, true]],
        );
        assert.strictEqual(milvus.attuUrl, undefined, "an optional output the stack does not export is undefined");
    });

    it("keeps the contract's secrets secret even when the stack did not mark them", async () => {
        const { milvus } = await read(referencedStack(awsContract(), "unmarked"));
        assert.deepStrictEqual(await secretNames(milvus), [...SECRET_OUTPUT_NAMES].sort());
        assert.strictEqual(await valueOf(milvus.milvusUri), awsContract().milvusUri);
    });

    it("keeps any output the stack marked secret secret, and taints no other output", async () => {
        const stack = referencedStack(awsContract());
        stack.outputs.milvusExternalEndpoint = wireSecret("internal-lb.example:19530");
        stack.secretOutputNames.push("milvusExternalEndpoint");
        const { milvus } = await read(stack);
        assert.deepStrictEqual(await secretNames(milvus), ["kubeconfig", "milvusExternalEndpoint", "milvusToken"]);
    });

    it("reads a local stack: no kubeconfig, no region, no cloud section", async () => {
        const local = without(
            awsContract({ cloud: "local", environment: "dev", objectStoreName: "milvus-bucket" }),
            "kubeconfig",
            "region",
            "platform",
            "milvusExternalEndpoint",
        );
        const { milvus } = await read(referencedStack(local));
        assert.strictEqual(milvus.kubeconfig, undefined);
        assert.strictEqual(milvus.region, undefined);
        assert.strictEqual(milvus.platform, undefined);
        assert.strictEqual(await valueOf(milvus.cloud), "local");
        assert.deepStrictEqual(await secretNames(milvus), ["milvusToken"]);
    });

    it("ignores outputs and cloud-section fields a newer producer added within the same version", async () => {
        const contract = awsContract();
        const newer = {
            ...contract,
            grafanaUrl: "http://grafana",
            platform: { aws: { ...contract.platform?.aws, nodeRoleArn: "arn:aws:iam::1:role/nodes" } },
        };
        const { milvus } = await read(referencedStack(newer));
        assert.deepStrictEqual(await resolved(milvus), contract);
    });

    it("names every missing output", async () => {
        const err = await readError(referencedStack(without(awsContract(), "milvusUri", "namespace")));
        assert.deepStrictEqual(err.problems.map((p) => p.split(":")[0]).sort(), ["milvusUri", "namespace"]);
        assert.match(err.message, /Milvus stack "acme\/milvus-on-clouds\/prod" does not satisfy the outputs contract v1/);
        assert.match(err.message, /milvusUri: missing \(required by contract v1, string\)/);
    });

    it("refuses an older contract version, saying what to do", async () => {
        const err = await readError(referencedStack({ ...awsContract(), contractVersion: 0 }));
        assert.strictEqual(err.problems.length, 1);
        assert.match(err.message, /exports contract v0, older than this helper reads \(v1\)/);
        assert.match(err.message, /pulumi up/);
    });

    it("refuses a stack deployed before the contract (no contractVersion)", async () => {
        // The outputs this program exported before the contract existed.
        const preContract = {
            cloud: "local",
            environment: "dev",
            milvusUri: "http://milvus.milvus.svc.cluster.local:19530",
            rootToken: wireSecret("root:OLDX9"),
            namespace: "milvus",
        };
        const err = await readError({ outputs: preContract, secretOutputNames: ["rootToken"] });
        assert.strictEqual(err.kind, "contract-version");
        assert.match(
            err.message,
            /exports milvusUri but no contractVersion: it was deployed by a milvus-on-clouds version older than the outputs contract; run pulumi up on it/,
        );
        assert.ok(!err.message.includes("OLDX9"), err.message);
    });

    // The four ways a first try goes wrong, each told apart with what to do (the engine suite runs them through the CLI).
    it("says a stack that does not exist does not exist, and registers no StackReference", async () => {
        const session = installMocks({ project: "app", stack: "dev", state: referencedStacks({}), call: stackOutputsOf({}) });
        await assert.rejects(readMilvusStack(STACK), (err: unknown) => {
            assert.ok(err instanceof MilvusStackContractError);
            assert.strictEqual(err.kind, "missing");
            assert.match(err.message, /^Milvus stack "acme\/milvus-on-clouds\/prod" does not exist:/);
            assert.match(err.message, /in the milvus-on-clouds project: pulumi stack init prod && pulumi up/);
            return true;
        });
        await settle();
        assert.deepStrictEqual(
            session.resources.filter((r) => r.type === STACK_REFERENCE),
            [],
        );
    });

    it("says a stack without outputs was never deployed (or its first update failed)", async () => {
        const err = await readError({ outputs: {}, secretOutputNames: [] });
        assert.strictEqual(err.kind, "no-outputs");
        assert.match(
            err.message,
            /^Milvus stack "acme\/milvus-on-clouds\/prod" has no outputs yet:\n {2}- it was never deployed, or its first update failed/,
        );
        assert.doesNotMatch(err.message, /contractVersion|not a milvus-on-clouds/);
    });

    it("says a stack of another project is not a milvus-on-clouds stack, naming its outputs but no value", async () => {
        const err = await readError({ outputs: { bucketName: "my-bucket", password: wireSecret("S3CRETX9") }, secretOutputNames: ["password"] });
        assert.strictEqual(err.kind, "not-milvus");
        assert.match(err.message, /is not a milvus-on-clouds stack:\n {2}- its outputs \(bucketName, password\) have no contractVersion/);
        assert.ok(!err.message.includes("S3CRETX9") && !err.message.includes("my-bucket"), err.message);
    });

    it("is a RunError, so the Pulumi CLI prints its message without a stack trace", async () => {
        const err = await readError({ outputs: {}, secretOutputNames: [] });
        assert.ok(pulumi.RunError.isInstance(err));
    });

    it("refuses a newer contract version, and registers no StackReference for it", async () => {
        const newer = referencedStack({ ...awsContract(), contractVersion: 2 });
        const session = installMocks({
            project: "app",
            stack: "dev",
            state: referencedStacks({ [STACK]: newer }),
            call: stackOutputsOf({ [STACK]: newer }),
        });
        await assert.rejects(readMilvusStack(STACK), (err: unknown) => {
            assert.ok(err instanceof MilvusStackContractError);
            assert.strictEqual(err.kind, "contract-version");
            assert.match(err.message, /exports contract v2, newer than this helper reads \(v1\)/);
            return true;
        });
        await settle();
        assert.deepStrictEqual(
            session.resources.filter((r) => r.type === STACK_REFERENCE),
            [],
        );
    });

    it("reports a malformed secret output without printing its value", async () => {
        const err = await readError(referencedStack(awsContract({ milvusToken: TOKEN_PASSWORD, kubeconfig: "" })));
        assert.deepStrictEqual(err.problems.map((p) => p.split(":")[0]).sort(), ["kubeconfig", "milvusToken"]);
        assert.ok(!err.message.includes(TOKEN_PASSWORD), err.message);
        assert.ok(!err.message.includes(KUBECONFIG_CREDENTIAL), err.message);
    });

    it("refuses a stack name that is not org/project/stack before reading anything", async () => {
        const session = installMocks({ project: "app", stack: "dev", state: referencedStacks({}) });
        await assert.rejects(
            readMilvusStack("prod"),
            (err: unknown) => err instanceof MilvusStackContractError && /<organization>\/<project>\/<stack>/.test(err.message),
        );
        await settle();
        assert.deepStrictEqual(
            session.resources.filter((r) => r.type === STACK_REFERENCE),
            [],
        );
    });

    it("loads no cloud SDK and not @pulumi/kubernetes", () => {
        // A fresh process, so modules other tests loaded do not count.
        const script = [
            "require('ts-node/register/transpile-only');",
            "require('@milvus-on-clouds/stack-outputs');",
            "console.log(JSON.stringify(Object.keys(require.cache)));",
        ].join("");
        const loaded = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as string[];
        const heavy = loaded.filter((f) => /node_modules[\\/]@pulumi[\\/](aws|azure-native|kubernetes|random)[\\/]/.test(f));
        assert.deepStrictEqual(heavy, []);
        assert.ok(
            loaded.some((f) => /node_modules[\\/]zod[\\/]/.test(f)),
            "the check saw the module graph",
        );
    });
});
