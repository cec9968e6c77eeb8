// What the mocks could not see, each proven here through the real CLI, the
// real Kubernetes provider and a real cluster per stack (see
// stacks.engine.ts): config validation by the CLI, secret config kept secret
// in the state, reads of chart objects during previews, rotation, upgrade,
// restore and TLS as the cluster holds them, and bad config reported as one
// clear message with no JavaScript stack trace and nothing created.
import * as assert from "assert";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { credentialsSecretName } from "../../components/shared/chart-names";
import { stackOutputsSchema } from "../../components/outputs";
import type { Cluster } from "../support/cluster/cluster";
import { playIngressController } from "../support/engine/controller-stand-ins";
import { STACKS_DIR } from "../../tools/offline/stacks";
import { helmReleaseValues, jobNames, list, type Meta } from "../support/engine/cluster-checks";
import {
    REPLACING_OPS,
    STACK_TRACE_LINE,
    assertSucceeded,
    previewSteps,
    disposeWorkspace,
    exportedResources,
    liveObjects,
    openWorkspace,
    stateFiles,
    transcript,
    workspace,
} from "../support/engine/harness";
import { clusterOf } from "../support/engine/kube";

/** The CA cert-manager (played: test/support/engine/controller-stand-ins.ts) wrote into the Certificate's Secret. */
async function issuedCa(cluster: Cluster, namespace: string, secretName: string): Promise<string> {
    const secret = (await cluster.get(`/api/v1/namespaces/${namespace}/secrets/${secretName}`)) as { data: Record<string, string> };
    return Buffer.from(secret.data["ca.crt"], "base64").toString("utf8");
}

/** A stack file of the project copy, beside the shipped ones. */
function writeStack(name: string, body: string): void {
    fs.writeFileSync(path.join(workspace().project, "stacks", `Pulumi.${name}.yaml`), body);
}

const LOCAL = fs.readFileSync(path.join(STACKS_DIR, "Pulumi.local.yaml"), "utf8");

describe("engine suite: regressions found by the real CLI", function () {
    this.timeout(10 * 60 * 1000);
    before(async () => {
        await openWorkspace();
    });
    // Each test deploys stacks of its own and is done with them at its end.
    afterEach(async () => {
        await workspace().stopClusters();
    });
    after(async () => {
        await disposeWorkspace();
    });

    it("the CLI accepts a stack that sets only `cloud` (every other declared key has a default)", async () => {
        const ws = workspace();
        writeStack("only-cloud", "config:\n  milvus-on-clouds:cloud: local\n");
        assertSucceeded(await ws.pulumi(["stack", "init", "only-cloud"]), "stack init");
        assertSucceeded(await ws.pulumi(["preview", "--stack", "only-cloud"]), "preview");
    });

    it("the CLI refuses a platform block that is not an object, before the program runs", async () => {
        const ws = workspace();
        writeStack("not-object", "config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:local: my-cluster\n");
        await ws.pulumi(["stack", "init", "not-object"]);
        const r = await ws.pulumi(["preview", "--stack", "not-object"]);
        assert.notStrictEqual(r.code, 0, transcript(r));
        assert.match(r.stdout + r.stderr, /local/);
        assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE_LINE);
    });

    it("a bad config fails with one clear message, no stack trace, and nothing created", async () => {
        const ws = workspace();
        writeStack(
            "bad-config",
            [
                "config:",
                "  milvus-on-clouds:cloud: local",
                "  milvus-on-clouds:milvus:",
                "    mode: standalone",
                "    components:",
                "      standalone:",
                "        replicas: 2",
                "    exposure:",
                "      type: public",
                '      sourceRanges: ["0.0.0.0/0"]',
                "",
            ].join("\n"),
        );
        await ws.pulumi(["stack", "init", "bad-config"]);
        for (const command of [["preview"], ["up", "--yes", "--skip-preview"]]) {
            const r = await ws.pulumi([...command, "--stack", "bad-config"]);
            const text = r.stdout + r.stderr;
            assert.notStrictEqual(r.code, 0, `${command[0]} went through: ${transcript(r)}`);
            assert.match(text, /Invalid stack configuration \(2 problems\)/);
            assert.match(text, /milvus-on-clouds:milvus\.components\.standalone\.replicas: got 2; allowed: 1/);
            assert.match(text, /milvus-on-clouds:milvus\.exposure\.sourceRanges: got "0\.0\.0\.0\/0"; must not admit the whole internet/);
            assert.doesNotMatch(text, STACK_TRACE_LINE, `a JavaScript stack trace was printed: ${transcript(r)}`);
            assert.doesNotMatch(text, /unhandled exception|ConfigValidationError/);
        }
        const state = exportedResources(await ws.pulumi(["stack", "export", "--stack", "bad-config"]));
        assert.deepStrictEqual(
            state.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.urn),
            [],
        );
        assert.deepStrictEqual(liveObjects(ws, "bad-config"), []);
        assert.strictEqual((await clusterOf(ws, "bad-config")).started, false, "the program reached the cluster");
    });

    it("secret config values under local.kubeconfig and milvus.values stay encrypted in the state", async () => {
        const ws = workspace();
        writeStack("secret-config", LOCAL);
        await ws.pulumi(["stack", "init", "secret-config"]);
        // The stack's own cluster, named by a path the state must not show.
        const kubeconfig = await ws.localKubeconfig("secret-config");
        const annotation = "PLAINANNOTATION-0815";
        assertSucceeded(
            await ws.pulumi(["config", "set", "--secret", "--path", "local.kubeconfig", kubeconfig, "--stack", "secret-config"]),
            "config set",
        );
        assertSucceeded(
            await ws.pulumi(["config", "set", "--secret", "--path", "milvus.values.annotations.owner", annotation, "--stack", "secret-config"]),
            "config set",
        );
        assert.match(fs.readFileSync(path.join(ws.project, "stacks", "Pulumi.secret-config.yaml"), "utf8"), /secure:/);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "secret-config"]), "up");
        const decrypted = (await ws.pulumi(["stack", "export", "--show-secrets", "--stack", "secret-config"])).stdout;
        assert.ok(decrypted.includes(annotation) && decrypted.includes(kubeconfig), "the values did not reach the resources");
        for (const file of stateFiles(ws, "secret-config")) {
            const text = fs.readFileSync(file, "utf8");
            assert.ok(!text.includes(annotation), `${file} holds milvus.values in plain text`);
            assert.ok(!text.includes(kubeconfig), `${file} holds local.kubeconfig in plain text`);
        }
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "secret-config"]), "preview --expect-no-changes");
    });

    it("a secret config value where it would end up in plain text is refused, naming the key", async () => {
        const ws = workspace();
        writeStack("secret-name", LOCAL);
        await ws.pulumi(["stack", "init", "secret-name"]);
        assertSucceeded(
            await ws.pulumi(["config", "set", "--secret", "--path", "milvus.namespace", "vectors", "--stack", "secret-name"]),
            "config set",
        );
        const r = await ws.pulumi(["preview", "--stack", "secret-name"]);
        assert.notStrictEqual(r.code, 0, transcript(r));
        assert.match(r.stdout, /milvus-on-clouds:milvus\.namespace: got "\[secret\]"; allowed: a plain value/);
        assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE_LINE);
    });

    it("enabling an Attu ingress on a running stack previews (the chart's objects are read only after Helm ran)", async () => {
        const ws = workspace();
        writeStack("attu-later", LOCAL);
        await ws.pulumi(["stack", "init", "attu-later"]);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "attu-later"]), "first up");
        for (const [key, value, type] of [
            ["milvus.attu.enabled", "true", "bool"],
            ["milvus.attu.ingress.enabled", "true", "bool"],
            ["local.ingressClassName", "nginx", "string"],
        ]) {
            assertSucceeded(await ws.pulumi(["config", "set", "--path", key, value, "--type", type, "--stack", "attu-later"]), "config set");
        }
        assertSucceeded(await ws.pulumi(["preview", "--stack", "attu-later"]), "preview after enabling the Attu ingress");
        // The cluster's ingress controller (ingress-nginx, which cannot run here) is played: it writes the address it serves on.
        const stopController = playIngressController(await clusterOf(ws, "attu-later"), "nginx", { ip: "192.0.2.80" });
        try {
            assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "attu-later"]), "second up");
        } finally {
            stopController();
        }
        const url = await ws.pulumi(["stack", "output", "attuUrl", "--stack", "attu-later"]);
        assert.strictEqual(url.stdout.trim(), "http://192.0.2.80");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "attu-later"]), "preview --expect-no-changes");
    });

    it("a rename is seen as a replacement (the innocent-edit check can fail)", async () => {
        const ws = workspace();
        writeStack("renamed", LOCAL);
        await ws.pulumi(["stack", "init", "renamed"]);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "renamed"]), "up");
        assertSucceeded(await ws.pulumi(["config", "set", "--path", "milvus.releaseName", "vectors", "--stack", "renamed"]), "config set");
        const r = await ws.pulumi(["preview", "--json", "--stack", "renamed"]);
        assertSucceeded(r, "preview after the rename");
        const replaced = previewSteps(r)
            .filter((s) => REPLACING_OPS.has(s.op))
            .map((s) => s.urn.split("::").pop());
        assert.ok(replaced.includes("milvus-chart"), `the Helm release is not replaced: ${JSON.stringify(replaced)}`);
        assert.ok(replaced.includes("milvus-credentials"), `the credentials Secret is not replaced: ${JSON.stringify(replaced)}`);
    });

    it("a deployment refuses the example stacks' placeholders before anything is created", async () => {
        const ws = workspace();
        writeStack("placeholders", fs.readFileSync(path.join(STACKS_DIR, "Pulumi.aws-dev.yaml"), "utf8"));
        await ws.pulumi(["stack", "init", "placeholders"]);
        // The suite's workspace is an offline evaluation (the fake clouds take placeholders); a deployment is not.
        const r = await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "placeholders"], {
            env: { MILVUS_ON_CLOUDS_OFFLINE_EVALUATION: "false" },
        });
        assert.notStrictEqual(r.code, 0, transcript(r));
        assert.match(
            r.stdout,
            /milvus-on-clouds:aws\.cluster\.publicAccessCidrs\.0: got "203\.0\.113\.0\/24"; 203\.0\.113\.0\/24 is a documentation range \(RFC 5737\)/,
        );
        assert.deepStrictEqual(liveObjects(ws, "placeholders"), []);
    });

    // What the state may hold when nothing was created: the stack itself and the engine's built-in
    // `pulumi` provider, registered for the invoke that reads stack outputs (pulumi:pulumi:readStackOutputs).
    const PULUMI_OWN = new Set(["pulumi:pulumi:Stack", "pulumi:providers:pulumi"]);

    it("a local stack whose kube context is missing, or whose cluster does not answer, stops with one message before anything is created", async () => {
        const ws = workspace();
        writeStack("no-cluster", LOCAL);
        assertSucceeded(await ws.pulumi(["stack", "init", "no-cluster"]), "stack init");
        // A kubeconfig of a cluster that is gone (a deleted kind cluster leaves just this): nothing listens on its port.
        const closed = await new Promise<number>((resolve) => {
            const probe = net.createServer().listen(0, "127.0.0.1", () => {
                const { port } = probe.address() as net.AddressInfo;
                probe.close(() => resolve(port));
            });
        });
        const kubeconfig = path.join(ws.root, "gone.kubeconfig");
        fs.writeFileSync(
            kubeconfig,
            stringifyYaml({
                apiVersion: "v1",
                kind: "Config",
                "current-context": "kind-gone",
                contexts: [{ name: "kind-gone", context: { cluster: "kind-gone", user: "kind-gone" } }],
                clusters: [{ name: "kind-gone", cluster: { server: `https://127.0.0.1:${closed}`, "insecure-skip-tls-verify": true } }],
                users: [{ name: "kind-gone", user: { token: "unused" } }],
            }),
        );
        const runs: Array<[string[], RegExp]> = [
            [[], new RegExp(`the cluster of kube context "kind-gone" \\(https://127\\.0\\.0\\.1:${closed}\\) did not answer: ECONNREFUSED`)],
            [
                ["milvus-on-clouds:local.context", "kind-milvus"],
                /kube context "kind-milvus" \(local\.context\) is not in the kubeconfig .*gone\.kubeconfig \(its contexts: kind-gone\)/,
            ],
        ];
        for (const [set, message] of runs) {
            if (set.length > 0) assertSucceeded(await ws.pulumi(["config", "set", "--path", ...set, "--stack", "no-cluster"]), "config set");
            const r = await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "no-cluster"], { env: { KUBECONFIG: kubeconfig } });
            assert.notStrictEqual(r.code, 0, transcript(r));
            assert.match(r.stdout, message, transcript(r));
            assert.match(r.stdout, /nothing was created[\s\S]*kind create cluster/, transcript(r));
            assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE_LINE, transcript(r));
            const state = exportedResources(await ws.pulumi(["stack", "export", "--stack", "no-cluster"]));
            assert.deepStrictEqual(
                state.map((x) => x.type).filter((t) => !PULUMI_OWN.has(t)),
                [],
            );
        }
    });

    it("the example app tells a missing, a never-deployed, a foreign and a newer stack apart: one message each, no stack trace, nothing created", async () => {
        const ws = workspace();
        const dir = ws.addExample("milvus-client");
        // Stacks whose outputs have a given shape: `pulumi stack import` of a state holding only the stack resource.
        const withOutputs = async (cwd: string, project: string, stack: string, outputs: Record<string, unknown>) => {
            assertSucceeded(await ws.pulumi(["stack", "init", stack], { cwd }), `stack init ${stack}`);
            const file = path.join(ws.root, `${project}-${stack}.state.json`);
            fs.writeFileSync(
                file,
                JSON.stringify({
                    version: 3,
                    deployment: {
                        manifest: { time: new Date().toISOString(), magic: "", version: "" },
                        resources: [
                            {
                                urn: `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`,
                                custom: false,
                                type: "pulumi:pulumi:Stack",
                                outputs,
                            },
                        ],
                    },
                }),
            );
            assertSucceeded(await ws.pulumi(["stack", "import", "--file", file, "--stack", stack], { cwd }), `stack import ${stack}`);
        };
        assertSucceeded(await ws.pulumi(["stack", "init", "never-deployed"]), "stack init never-deployed");
        await withOutputs(ws.project, "milvus-on-clouds", "future", {
            contractVersion: 99,
            milvusUri: "http://milvus.milvus.svc.cluster.local:19530",
        });
        await withOutputs(dir, "milvus-client", "plain", { greeting: "hello" });
        assertSucceeded(await ws.pulumi(["stack", "init", "example-errors"], { cwd: dir }), "example stack init");
        const cases: Array<[string, RegExp]> = [
            [
                "organization/milvus-on-clouds/nowhere",
                /Milvus stack "organization\/milvus-on-clouds\/nowhere" does not exist:\n\s*- the backend you are logged in to .* has no such stack/,
            ],
            [
                "organization/milvus-on-clouds/never-deployed",
                /Milvus stack "organization\/milvus-on-clouds\/never-deployed" has no outputs yet:\n\s*- it was never deployed, or its first update failed/,
            ],
            [
                "organization/milvus-client/plain",
                /Milvus stack "organization\/milvus-client\/plain" is not a milvus-on-clouds stack:\n\s*- its outputs \(greeting\) have no contractVersion/,
            ],
            [
                "organization/milvus-on-clouds/future",
                /Milvus stack "organization\/milvus-on-clouds\/future" cannot be read:\n\s*- exports contract v99, newer than this helper reads \(v1\)/,
            ],
        ];
        for (const [milvusStack, message] of cases) {
            assertSucceeded(await ws.pulumi(["config", "set", "milvusStack", milvusStack, "--stack", "example-errors"], { cwd: dir }), "config set");
            const started = Date.now();
            const r = await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "example-errors"], { cwd: dir });
            const seconds = (Date.now() - started) / 1000;
            process.stdout.write(`        example app against ${milvusStack}: failed in ${seconds.toFixed(1)} s\n`);
            assert.notStrictEqual(r.code, 0, transcript(r));
            const printed = r.stdout + r.stderr;
            assert.match(printed, message, transcript(r));
            assert.strictEqual(printed.split(message).length - 1, 1, `the message is printed more than once: ${transcript(r)}`);
            assert.doesNotMatch(printed, STACK_TRACE_LINE, transcript(r));
            assert.doesNotMatch(printed, /unhandled exception|TypeError|\[object Object\]/i, transcript(r));
            // Before the fix the program type-checked the SDKs first (200 s on this machine); the main program starts in seconds.
            assert.ok(seconds < 60, `the example app took ${seconds.toFixed(1)} s to fail`);
            const state = exportedResources(await ws.pulumi(["stack", "export", "--stack", "example-errors"], { cwd: dir }));
            assert.deepStrictEqual(
                state.map((x) => x.type).filter((t) => !PULUMI_OWN.has(t)),
                [],
                `resources were created for ${milvusStack}`,
            );
        }
    });

    it("a deployment without the AWS CLI on the PATH stops before anything is created", async () => {
        const ws = workspace();
        const stackFile = fs.readFileSync(path.join(STACKS_DIR, "Pulumi.aws-dev.yaml"), "utf8").replaceAll("203.0.113.0/24", "81.2.69.0/24");
        writeStack("no-aws-cli", stackFile);
        await ws.pulumi(["stack", "init", "no-aws-cli"]);
        // This machine may have an `aws` of its own (e.g. a pyenv shim): leave its directories out.
        const pathWithoutAws = (ws.env.PATH ?? "")
            .split(path.delimiter)
            .filter((dir) => !fs.existsSync(path.join(dir, "aws")))
            .join(path.delimiter);
        const r = await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "no-aws-cli"], {
            env: { MILVUS_ON_CLOUDS_OFFLINE_EVALUATION: "false", PATH: pathWithoutAws },
        });
        assert.notStrictEqual(r.code, 0, transcript(r));
        assert.match(r.stdout, /The aws platform needs a tool on the PATH of the machine running pulumi/);
        assert.match(r.stdout, /`aws`: the EKS kubeconfig gets its tokens from `aws eks get-token`/);
        assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE_LINE);
        assert.deepStrictEqual(liveObjects(ws, "no-aws-cli"), []);
    });
    it("raising milvus.auth.rootPasswordGeneration rotates the root password: a new password and Job, nothing stateful replaced", async () => {
        const ws = workspace();
        // A prod stack: its credentials Secret is protected, so the rotation must update it in place (components/platform/kubernetes-provider.ts).
        writeStack("rotation", LOCAL.replace("milvus-on-clouds:environment: dev", "milvus-on-clouds:environment: prod"));
        await ws.pulumi(["stack", "init", "rotation"]);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "rotation"]), "first up");
        const token = async () => (await ws.pulumi(["stack", "output", "milvusToken", "--show-secrets", "--stack", "rotation"])).stdout.trim();
        const before = await token();
        assertSucceeded(
            await ws.pulumi(["config", "set", "--path", "milvus.auth.rootPasswordGeneration", "2", "--type", "int", "--stack", "rotation"]),
            "config set",
        );
        const r = await ws.pulumi(["preview", "--json", "--stack", "rotation"]);
        assertSucceeded(r, "preview of the rotation");
        const steps = previewSteps(r).map((s) => `${s.op} ${s.urn.split("::").pop()}`);
        assert.ok(steps.includes("create milvus-root-password-2"), steps.join("\n"));
        assert.ok(steps.includes("update milvus-credentials"), steps.join("\n"));
        // One Job per generation: the Job of generation 1 gives way to the one of generation 2.
        assert.ok(
            steps.some((s) => /^(replace|create-replacement) milvus-root-credential$/.test(s)),
            steps.join("\n"),
        );
        const replaced = previewSteps(r)
            .filter((s) => REPLACING_OPS.has(s.op))
            .map((s) => s.urn.split("::").pop());
        assert.deepStrictEqual([...new Set(replaced)], ["milvus-root-credential"]);
        assert.ok(!steps.some((s) => /^delete milvus-root-password$/.test(s)), "the previous password stays while Milvus may hold it");

        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "rotation"]), "up with generation 2");
        const after = await token();
        assert.match(after, /^root:[A-Za-z0-9]{32}$/);
        assert.notStrictEqual(after, before);
        const cluster = await clusterOf(ws, "rotation");
        assert.deepStrictEqual(
            (await jobNames(cluster, "milvus")).filter((j) => j.includes("root-credential")),
            ["milvus/milvus-root-credential-2"],
        );
        const secret = (await cluster.get(`/api/v1/namespaces/milvus/secrets/${credentialsSecretName("milvus")}`)) as {
            data: Record<string, string>;
        };
        assert.ok(
            Object.values(secret.data).some((v) => Buffer.from(v, "base64").toString("utf8") === after.split(":")[1]),
            "the cluster's Secret does not hold the new password",
        );
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "rotation"]), "preview --expect-no-changes");
    });
    it("a key under a near miss of the project's namespace stops the preview, naming it (the CLI itself accepts it)", async () => {
        const ws = workspace();
        writeStack("ns-typo", `${LOCAL.trimEnd()}\n  milvus-on-cloud:environment: prod\n`);
        await ws.pulumi(["stack", "init", "ns-typo"]);
        const r = await ws.pulumi(["preview", "--stack", "ns-typo"]);
        assert.notStrictEqual(r.code, 0, transcript(r));
        assert.match(
            r.stdout,
            /- milvus-on-cloud:environment: got "\(a value the program never reads\)"; the namespace "milvus-on-cloud" is not the project's: did you mean milvus-on-clouds:environment\?/,
        );
        assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE_LINE);
        assert.deepStrictEqual(liveObjects(ws, "ns-typo"), []);
    });

    it("explicit resources far below the workload are warned about in the preview, and the preview goes on", async () => {
        const ws = workspace();
        const milvus = {
            mode: "cluster",
            workload: { vectors: 100_000_000, dimension: 768, indexType: "DISKANN" },
            components: { queryNode: { replicas: 1 } },
        };
        writeStack("undersized", `config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:milvus: ${JSON.stringify(milvus)}\n`);
        await ws.pulumi(["stack", "init", "undersized"]);
        const r = await ws.pulumi(["preview", "--stack", "undersized"]);
        assertSucceeded(r, "preview");
        assert.match(r.stdout, /warning: milvus\.components\.queryNode\.replicas is 1, far below the 6 that milvus\.workload/);
    });

    it("in prod a new image tag first runs a backup Job, then Helm upgrades; nothing stateful is replaced", async () => {
        const ws = workspace();
        writeStack(
            "upgrade",
            "config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:environment: prod\n  milvus-on-clouds:milvus:\n    imageTag: v2.6.14\n",
        );
        await ws.pulumi(["stack", "init", "upgrade"]);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "upgrade"]), "first up");
        const cluster = await clusterOf(ws, "upgrade");
        const preUpgradeJobs = async () => (await jobNames(cluster, "milvus")).filter((id) => id.includes("pre-upgrade"));
        const first = await preUpgradeJobs();
        assert.strictEqual(first.length, 1, first.join(", "));
        assertSucceeded(await ws.pulumi(["config", "set", "--path", "milvus.imageTag", "v2.6.15", "--stack", "upgrade"]), "config set");
        const r = await ws.pulumi(["preview", "--json", "--stack", "upgrade"]);
        assertSucceeded(r, "preview of the upgrade");
        const steps = previewSteps(r).map((s) => `${s.op} ${s.urn.split("::").pop()}`);
        const backup = steps.findIndex((s) => /^(replace|create-replacement) milvus-pre-upgrade-backup$/.test(s));
        const upgrade = steps.indexOf("update milvus-chart");
        assert.ok(backup >= 0 && upgrade >= 0, steps.join("\n"));
        assert.ok(backup < upgrade, `the backup comes before the upgrade:\n${steps.join("\n")}`);
        // The root-credential Job runs in the Milvus image, so a new tag is a new pod template, which a Job cannot take
        // (pulumi-kubernetes v4.25.0 provider/pkg/provider/diff.go: a Job's `.spec.template` forces a new Job): it is
        // replaced after the upgrade and checks the credential again (root-credential.ts: accepted, nothing to do).
        const replaced = [
            ...new Set(
                previewSteps(r)
                    .filter((s) => REPLACING_OPS.has(s.op))
                    .map((s) => s.urn.split("::").pop()),
            ),
        ];
        assert.deepStrictEqual(replaced.sort(), ["milvus-pre-upgrade-backup", "milvus-root-credential"]);
        const recheck = steps.findIndex((s) => /^(replace|create-replacement) milvus-root-credential$/.test(s));
        assert.ok(recheck > upgrade, `the credential is checked again after the upgrade:\n${steps.join("\n")}`);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "upgrade"]), "up with the new tag");
        const second = await preUpgradeJobs();
        assert.strictEqual(second.length, 1, second.join(", "));
        assert.notDeepStrictEqual(second, first, "a Job of its own for the new versions");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "upgrade"]), "preview --expect-no-changes");
        const outputs = JSON.parse((await ws.pulumi(["stack", "output", "--json", "--stack", "upgrade"])).stdout) as Record<string, unknown>;
        assert.strictEqual(outputs.backupLocation, "minio://milvus-bucket/backup/ (in-cluster MinIO milvus-minio:9000)");
        assert.strictEqual(outputs.backupSchedule, "0 2 * * *");
    });

    it("a restore is a config edit: the preview shows its Job, up runs it once, removing the block deletes the finished Job", async () => {
        const ws = workspace();
        writeStack("restore", LOCAL);
        await ws.pulumi(["stack", "init", "restore"]);
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "restore"]), "first up");
        assertSucceeded(
            await ws.pulumi(["config", "set", "--path", "milvus.backup.restore.backup", "scheduled_2026_12_01_02_00_00", "--stack", "restore"]),
            "config set",
        );
        assertSucceeded(
            await ws.pulumi(["config", "set", "--path", "milvus.backup.restore.suffix", "_restored", "--stack", "restore"]),
            "config set",
        );
        const r = await ws.pulumi(["preview", "--json", "--stack", "restore"]);
        assertSucceeded(r, "preview of the restore");
        const steps = previewSteps(r).map((s) => `${s.op} ${s.urn.split("::").pop()}`);
        for (const step of ["create milvus-restore", "create milvus-backup-config", "create milvus-backup-account"])
            assert.ok(steps.includes(step), `${step}:\n${steps.join("\n")}`);
        assert.ok(!steps.some((s) => /milvus-chart$/.test(s) && !s.startsWith("same")), `the release is not touched:\n${steps.join("\n")}`);
        assert.deepStrictEqual(
            previewSteps(r).filter((s) => REPLACING_OPS.has(s.op)),
            [],
        );
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "restore"]), "up with the restore");
        const cluster = await clusterOf(ws, "restore");
        const restoreJobs = async () =>
            (await list<{ metadata: Meta; spec: unknown; status: { succeeded?: number } }>(cluster, "/apis/batch/v1/namespaces/milvus/jobs")).filter(
                (j) => j.metadata.name.includes("-restore-"),
            );
        const ran = await restoreJobs();
        assert.strictEqual(ran.length, 1);
        assert.strictEqual(ran[0].status.succeeded, 1, "the restore Job did not complete");
        assert.match(JSON.stringify(ran[0].spec), /"restore","-n","scheduled_2026_12_01_02_00_00","--suffix","_restored","--rebuild_index"/);
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "restore"]), "the same request does not run again");
        assertSucceeded(await ws.pulumi(["config", "rm", "--path", "milvus.backup.restore", "--stack", "restore"]), "config rm");
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "restore"]), "up without the restore");
        assert.deepStrictEqual(await restoreJobs(), []);
    });

    it("client TLS from a cert-manager issuer: the Certificate before the release, https outputs with the CA, and the example app verifies with it", async () => {
        const ws = workspace();
        writeStack(
            "tls",
            "config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:milvus:\n    tls:\n      mode: server\n      issuer:\n        name: internal-ca\n",
        );
        assertSucceeded(await ws.pulumi(["stack", "init", "tls"]), "stack init");
        const preview = await ws.pulumi(["preview", "--json", "--stack", "tls"]);
        assertSucceeded(preview, "preview");
        const steps = previewSteps(preview).map((s) => `${s.op} ${s.urn.split("::").pop()}`);
        assert.ok(
            steps.indexOf("create milvus-tls-certificate") >= 0 &&
                steps.indexOf("create milvus-tls-certificate") < steps.indexOf("create milvus-chart"),
            steps.join("\n"),
        );
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "tls"]), "up");
        const outputs = JSON.parse((await ws.pulumi(["stack", "output", "--json", "--show-secrets", "--stack", "tls"])).stdout) as Record<
            string,
            unknown
        >;
        const contract = stackOutputsSchema.safeParse(outputs);
        assert.ok(contract.success, JSON.stringify(contract.error?.issues));
        const cluster = await clusterOf(ws, "tls");
        const ca = await issuedCa(cluster, "milvus", "milvus-milvus-tls");
        assert.match(ca, /^-----BEGIN CERTIFICATE-----/);
        assert.deepStrictEqual(
            [outputs.milvusTls, outputs.milvusTlsMode, outputs.milvusUri, outputs.milvusCaCertificate],
            [true, "server", "https://milvus.milvus.svc.cluster.local:19530", ca],
        );
        const values = JSON.stringify(await helmReleaseValues(cluster, "milvus", "milvus"));
        assert.match(values, /tlsMode: 1\\ntls:\\n {2}serverPemPath: \/etc\/milvus\/certs\/tls.crt/);
        assert.doesNotMatch(values, /BEGIN CERTIFICATE|PRIVATE KEY/, "no key material in the chart values");

        const dir = ws.addExample("milvus-client");
        assertSucceeded(await ws.pulumi(["stack", "init", "example-tls"], { cwd: dir }), "example stack init");
        assertSucceeded(
            await ws.pulumi(["config", "set", "milvusStack", "organization/milvus-on-clouds/tls", "--stack", "example-tls"], { cwd: dir }),
            "config set",
        );
        const env = { KUBECONFIG: await ws.localKubeconfig("tls") };
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "example-tls"], { cwd: dir, env }), "example up");
        const maps = await list<{ metadata: Meta; data?: Record<string, string> }>(cluster, "/api/v1/configmaps");
        const appCa = maps.filter((m) => m.metadata.name !== "kube-root-ca.crt" && m.data?.["ca.crt"] !== undefined);
        assert.deepStrictEqual(
            appCa.map((m) => m.data?.["ca.crt"]),
            [ca],
            "the app's CA is not the issuer's",
        );
        const appJobs = await list<{ metadata: Meta; spec: unknown }>(cluster, "/apis/batch/v1/jobs");
        assert.ok(
            appJobs.some(
                (j) => j.metadata.namespace !== "milvus" && /"name":"MILVUS_CA_FILE","value":"\/etc\/milvus-ca\/ca.crt"/.test(JSON.stringify(j.spec)),
            ),
            "the app's Job does not verify with the CA",
        );
        assertSucceeded(await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "example-tls"], { cwd: dir, env }), "example destroy");
    });

    for (const stack of ["aws-dev", "azure-dev"]) {
        it(`client TLS on ${stack}: the cloud platform's release mounts the Certificate's Secret and the outputs are https with the CA`, async () => {
            const ws = workspace();
            const doc = parseYaml(fs.readFileSync(path.join(STACKS_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
            const milvus = (doc.config["milvus-on-clouds:milvus"] ?? {}) as Record<string, unknown>;
            doc.config["milvus-on-clouds:milvus"] = { ...milvus, tls: { mode: "server", issuer: { name: "internal-ca" } } };
            const name = `${stack}-tls`;
            writeStack(name, stringifyYaml(doc));
            assertSucceeded(await ws.pulumi(["stack", "init", name]), "stack init");
            assertSucceeded(await ws.pulumi(["preview", "--stack", name]), "preview");
            assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", name]), "up");
            const outputs = JSON.parse((await ws.pulumi(["stack", "output", "--json", "--show-secrets", "--stack", name])).stdout) as Record<
                string,
                unknown
            >;
            assert.ok(stackOutputsSchema.safeParse(outputs).success);
            const cluster = await clusterOf(ws, name);
            assert.deepStrictEqual([outputs.milvusTls, outputs.milvusCaCertificate], [true, await issuedCa(cluster, "milvus", "milvus-milvus-tls")]);
            assert.match(String(outputs.milvusUri), /^https:\/\//);
            assert.match(JSON.stringify(await helmReleaseValues(cluster, "milvus", "milvus")), /"secretName":"milvus-milvus-tls"/);
            assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", name]), "preview --expect-no-changes");
        });
    }

    it("an unsafe edit of a deployed stack (a downgrade, a new queue, a smaller volume) stops the preview, read against the stack's own last outputs", async () => {
        const ws = workspace();
        writeStack("guarded", "config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:milvus:\n    imageTag: v2.6.15\n");
        assertSucceeded(await ws.pulumi(["stack", "init", "guarded"]), "stack init");
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "guarded"]), "first up");
        const before = exportedResources(await ws.pulumi(["stack", "export", "--stack", "guarded"]))
            .map((r) => r.urn)
            .sort();
        const deployed = JSON.parse((await ws.pulumi(["stack", "output", "deployment", "--json", "--stack", "guarded"])).stdout) as Record<
            string,
            unknown
        >;
        assert.deepStrictEqual([deployed.imageTag, deployed.messageQueue, deployed.standaloneStorageSize], ["v2.6.15", "woodpecker", "50Gi"]);
        for (const [path, value, message] of [
            [
                "milvus.imageTag",
                "v2.6.14",
                /milvus-on-clouds:milvus\.imageTag: got "v2\.6\.14"; allowed: v2\.6\.15 \(deployed\) or later — Milvus has no downgrade/,
            ],
            ["milvus.messageQueue", "pulsar", /milvus-on-clouds:milvus\.messageQueue: got "pulsar"; allowed: woodpecker \(deployed\)/],
            [
                "milvus.standaloneStorageSize",
                "20Gi",
                /milvus-on-clouds:milvus\.standaloneStorageSize: got "20Gi"; allowed: 50Gi \(deployed\) or more/,
            ],
        ] as const) {
            assertSucceeded(await ws.pulumi(["config", "set", "--path", path, value, "--stack", "guarded"]), "config set");
            // The preview refuses each edit; `up` runs the same program, so one edit proves it refuses too.
            const commands = path === "milvus.imageTag" ? [["preview"], ["up", "--yes", "--skip-preview"]] : [["preview"]];
            for (const command of commands) {
                const r = await ws.pulumi([...command, "--stack", "guarded"]);
                assert.notStrictEqual(r.code, 0, `${command[0]} of ${path}=${value} went through: ${transcript(r)}`);
                assert.match(r.stdout, message);
                assert.doesNotMatch(r.stdout + r.stderr, STACK_TRACE_LINE);
            }
            assertSucceeded(await ws.pulumi(["config", "rm", "--path", path, "--stack", "guarded"]), "config rm");
        }
        assert.deepStrictEqual(
            exportedResources(await ws.pulumi(["stack", "export", "--stack", "guarded"]))
                .map((r) => r.urn)
                .sort(),
            before,
            "nothing changed",
        );
        assertSucceeded(await ws.pulumi(["config", "set", "--path", "milvus.imageTag", "v2.6.15", "--stack", "guarded"]), "config set");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "guarded"]), "the deployed settings still preview clean");
    });

    it("scaling any Milvus component (replicas or resources) is one in-place update of the Helm release, and more bookies are allowed", async () => {
        const ws = workspace();
        const milvus = { mode: "cluster", messageQueue: "pulsar", components: { queryNode: { replicas: 2 } } };
        writeStack("scale", `config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:milvus: ${JSON.stringify(milvus)}\n`);
        assertSucceeded(await ws.pulumi(["stack", "init", "scale"]), "stack init");
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "scale"]), "first up");
        const edits: Array<[string, string, string[]]> = [
            ["milvus.components.proxy.replicas", "3", ["--type", "int"]],
            ["milvus.components.queryNode.replicas", "4", ["--type", "int"]],
            ["milvus.components.dataNode.resources.requests.cpu", "2", []],
            ["milvus.components.streamingNode.resources.limits.memory", "8Gi", []],
            ["milvus.components.mixCoordinator.replicas", "2", ["--type", "int"]],
            ["milvus.pulsar.bookkeeperReplicas", "3", ["--type", "int"]],
        ];
        for (const [path, value, type] of edits) {
            assertSucceeded(await ws.pulumi(["config", "set", "--path", path, value, ...type, "--stack", "scale"]), "config set");
        }
        const r = await ws.pulumi(["preview", "--json", "--stack", "scale"]);
        assertSucceeded(r, "preview of the scaling");
        const changed = previewSteps(r)
            .filter((s) => s.op !== "same" && s.op !== "read")
            .map((s) => `${s.op} ${s.urn.split("::").pop()}`);
        // Helm rolls the components' Deployments; a component that now runs more than one replica gets its
        // PodDisruptionBudget (disruption-budgets.ts), so evictions take one pod at a time.
        assert.deepStrictEqual(changed.sort(), ["create milvus-mixcoord-pdb", "create milvus-proxy-pdb", "update milvus-chart"], changed.join("\n"));
        assert.deepStrictEqual(
            previewSteps(r).filter((s) => REPLACING_OPS.has(s.op)),
            [],
        );
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "scale"]), "up");
        assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", "scale"]), "preview --expect-no-changes");
    });
});
