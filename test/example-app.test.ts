// The example app project (examples/milvus-client) under mocks: it reads a
// Milvus stack through the consumer helper and wires the URI and the token
// into its Job without exposing the token. The Milvus stacks it reads are the
// shipped stacks' real outputs, serialized as the engine stores them.
import * as assert from "assert";
import { execFile } from "child_process";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { promisify } from "util";
import * as pulumi from "@pulumi/pulumi";
import type * as https from "https";
import { MilvusStackContractError, milvusConnection, readMilvusStack } from "@milvus-on-clouds/stack-outputs";
import { CA_DIR, CHECK_SCRIPT, CLIENT_CERT_DIR, TOKEN_KEY } from "../examples/milvus-client/client";
import { httpsServer, makeTestCa, type TestCa } from "./support/unit/tls-server";
import { awsContract, KUBECONFIG_CREDENTIAL, referencedStack, TOKEN_PASSWORD } from "./support/unit/contracts";
import { engineOutputs, leakingOutputs, one, plaintextPaths } from "./support/unit/inspect";
import {
    firstOf,
    installMocks,
    kubernetesAutoNames,
    referencedStacks,
    settle,
    stackOutputsOf,
    unwrapSecrets,
    SECRET_SIG,
    SECRET_SIG_KEY,
    type RecordedResource,
    type ReferencedStack,
} from "./support/unit/mocks";
import { evaluateStack, ROOT, shippedStacks } from "./support/unit/stacks";

const APP_PROJECT = "milvus-client";
const EXAMPLE_DIR = path.join(ROOT, "examples", APP_PROJECT);

type Program = () => Promise<Record<string, unknown>>;

interface AppRun {
    outputs: Record<string, unknown>;
    resources: RecordedResource[];
}

async function runApp(milvusStack: string, stacks: Record<string, ReferencedStack>, config: Record<string, string> = {}): Promise<AppRun> {
    const session = installMocks({
        project: APP_PROJECT,
        stack: "dev",
        config: Object.fromEntries(Object.entries({ milvusStack, ...config }).map(([k, v]) => [`${APP_PROJECT}:${k}`, v])),
        state: firstOf(referencedStacks(stacks), kubernetesAutoNames),
        call: stackOutputsOf(stacks),
    });

    const program = require(EXAMPLE_DIR) as Program;
    const outputs = await program();
    await settle();
    return { outputs, resources: session.resources };
}

interface Container {
    image: string;
    env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }>;
}

function jobContainer(resources: RecordedResource[]): Container {
    const job = one(resources, "kubernetes:batch/v1:Job");
    const containers = (job.inputs.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;
    assert.strictEqual(containers.length, 1);
    return containers[0];
}

function envOf(container: Container, name: string): Container["env"][number] | undefined {
    return container.env.find((e) => e.name === name);
}

const isWireSecret = (v: unknown): boolean => v !== null && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;

/** Every place a credential appears outside a secret, in any resource's inputs or the app's outputs. */
async function exposures(run: AppRun, credential: string): Promise<string[]> {
    return [
        ...run.resources.flatMap((r) => plaintextPaths(r.rawInputs, credential).map((p) => `${r.type} ${r.name}: ${p}`)),
        ...(await leakingOutputs(run.outputs, [credential])).map((o) => `stack output ${o}`),
    ];
}

describe("example app project (examples/milvus-client)", () => {
    for (const stack of shippedStacks()) {
        describe(`reading the shipped stack ${stack}`, () => {
            const name = `acme/milvus-on-clouds/${stack}`;
            let milvus: Record<string, unknown>;
            let run: AppRun;
            before(async () => {
                const exported = await engineOutputs((await evaluateStack(stack)).outputs);
                milvus = exported.values;
                run = await runApp(name, { [name]: { outputs: exported.wire, secretOutputNames: exported.secretOutputNames } });
            });

            it("gives the Job the Milvus stack's URI", () => {
                assert.deepStrictEqual(envOf(jobContainer(run.resources), "MILVUS_URI"), { name: "MILVUS_URI", value: milvus.milvusUri });
                assert.strictEqual(run.outputs.milvusStack, name);
            });

            it("gives the Job the token only through the app's Secret", () => {
                const secret = one(run.resources, "kubernetes:core/v1:Secret");
                // The SDK wraps the whole stringData as one secret; either way the token must sit inside a wrapper.
                assert.strictEqual((secret.inputs.stringData as Record<string, unknown>)[TOKEN_KEY], milvus.milvusToken);
                assert.deepStrictEqual(plaintextPaths(secret.rawInputs, String(milvus.milvusToken)), []);
                const job = one(run.resources, "kubernetes:batch/v1:Job");
                const namespace = one(run.resources, "kubernetes:core/v1:Namespace");
                const appNamespace = (namespace.inputs.metadata as { name: string }).name;
                assert.strictEqual((secret.inputs.metadata as { namespace: string }).namespace, appNamespace);
                assert.strictEqual((job.inputs.metadata as { namespace: string }).namespace, appNamespace);
                assert.deepStrictEqual(envOf(jobContainer(run.resources), "MILVUS_TOKEN"), {
                    name: "MILVUS_TOKEN",
                    valueFrom: { secretKeyRef: { name: `${secret.name}-a1b2c3`, key: TOKEN_KEY } },
                });
            });

            it("never exposes the token or its password", async () => {
                const token = String(milvus.milvusToken);
                assert.deepStrictEqual(await exposures(run, token), []);
                assert.deepStrictEqual(await exposures(run, token.slice(token.indexOf(":") + 1)), []);
            });

            it("deploys into the Milvus cluster through its own provider (ambient kubeconfig for local stacks)", () => {
                const provider = one(run.resources, "pulumi:providers:kubernetes");
                assert.strictEqual(provider.inputs.kubeconfig, milvus.kubeconfig);
                for (const r of run.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
                    assert.ok(r.provider.startsWith(`${provider.urn}::`), `${r.type} ${r.name} uses the app's provider`);
                }
            });
        });
    }

    describe("reading a cloud stack that exports its kubeconfig", () => {
        const name = "acme/milvus-on-clouds/aws-prod";
        let run: AppRun;
        before(async () => {
            run = await runApp(name, { [name]: referencedStack(awsContract()) });
        });

        it("hands the kubeconfig to the provider as a secret", () => {
            const provider = one(run.resources, "pulumi:providers:kubernetes");
            assert.ok(isWireSecret(provider.rawInputs.kubeconfig));
            assert.strictEqual(unwrapSecrets(provider.rawInputs.kubeconfig), awsContract().kubeconfig);
        });

        it("exposes neither the kubeconfig nor the token", async () => {
            assert.deepStrictEqual(await exposures(run, KUBECONFIG_CREDENTIAL), []);
            assert.deepStrictEqual(await exposures(run, TOKEN_PASSWORD), []);
        });

        it("refuses a kubeContext, which would point the stack's kubeconfig elsewhere", async () => {
            await assert.rejects(runApp(name, { [name]: referencedStack(awsContract()) }, { kubeContext: "kind-kind" }), /kubeContext is only for/);
        });
    });

    it("runs without a Secret or token when the Milvus stack has auth disabled", async () => {
        const name = "acme/milvus-on-clouds/open";
        const { milvusToken: _token, ...open } = awsContract({ milvusAuthEnabled: false });
        const run = await runApp(name, { [name]: referencedStack(open) });
        assert.deepStrictEqual(
            run.resources.filter((r) => r.type === "kubernetes:core/v1:Secret"),
            [],
        );
        assert.strictEqual(envOf(jobContainer(run.resources), "MILVUS_TOKEN"), undefined);
        assert.strictEqual(envOf(jobContainer(run.resources), "MILVUS_URI")?.value, open.milvusUri);
    });

    it("stops before deploying anything when the Milvus stack misses the contract", async () => {
        const name = "acme/milvus-on-clouds/broken";
        const { milvusUri: _uri, ...broken } = awsContract();
        let resources: RecordedResource[] = [];
        await assert.rejects(
            (async () => {
                const session = installMocks({
                    project: APP_PROJECT,
                    stack: "dev",
                    config: { [`${APP_PROJECT}:milvusStack`]: name },
                    state: referencedStacks({ [name]: referencedStack(broken) }),
                    call: stackOutputsOf({ [name]: referencedStack(broken) }),
                });
                resources = session.resources;
                await (require(EXAMPLE_DIR) as Program)();
            })(),
            (err: unknown) => err instanceof MilvusStackContractError && /milvusUri: missing/.test(err.message),
        );
        await settle();
        assert.deepStrictEqual(
            resources.filter((r) => !r.read).map((r) => r.type),
            [],
        );
    });

    describe("the Job's check script, run by sh and curl against a fake Milvus", () => {
        const TOKEN = `root:${TOKEN_PASSWORD}`;
        let server: http.Server;
        let uri: string;
        const seen: Array<{ method?: string; url?: string; authorization?: string }> = [];
        before(async () => {
            server = http.createServer((req, res) => {
                seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
                const ok = req.headers.authorization === `Bearer ${TOKEN}`;
                res.setHeader("Content-Type", "application/json");
                res.end(ok ? '{"code":0,"data":[]}' : '{"code":1800,"message":"user hasn\'t authenticated"}');
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        });
        after(() => new Promise<void>((resolve) => server.close(() => resolve())));

        async function check(token: string | undefined): Promise<{ code: number; output: string }> {
            const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, MILVUS_URI: uri, ...(token === undefined ? {} : { MILVUS_TOKEN: token }) };
            try {
                const { stdout, stderr } = await promisify(execFile)("sh", ["-c", CHECK_SCRIPT], { env });
                return { code: 0, output: stdout + stderr };
            } catch (err) {
                const e = err as { code: number; stdout: string; stderr: string };
                return { code: e.code, output: e.stdout + e.stderr };
            }
        }

        it("lists collections with the token as a bearer token and succeeds on code 0, printing no token", async () => {
            seen.length = 0;
            const result = await check(TOKEN);
            assert.strictEqual(result.code, 0, result.output);
            assert.deepStrictEqual(seen, [{ method: "POST", url: "/v2/vectordb/collections/list", authorization: `Bearer ${TOKEN}` }]);
            assert.ok(!result.output.includes(TOKEN_PASSWORD), result.output);
        });

        it("fails when Milvus refuses the token, and sends no Authorization header without one", async () => {
            assert.notStrictEqual((await check(`root:wrong`)).code, 0);
            seen.length = 0;
            assert.notStrictEqual((await check(undefined)).code, 0);
            assert.deepStrictEqual(
                seen.map((s) => s.authorization),
                [undefined],
            );
        });
    });

    describe("reading a stack with client TLS", () => {
        const name = "acme/milvus-on-clouds/tls";
        const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBfakeCA\n-----END CERTIFICATE-----\n";
        const tlsStack = (mode: "server" | "mutual") =>
            referencedStack(
                awsContract({
                    milvusTls: true,
                    milvusTlsMode: mode,
                    milvusUri: "https://milvus.milvus.svc.cluster.local:19530",
                    milvusCaCertificate: CA_PEM,
                }),
            );

        it("mounts the stack's CA from a ConfigMap (not a Secret: a CA is public) and points the Job at it", async () => {
            const run = await runApp(name, { [name]: tlsStack("server") });
            const configMap = one(run.resources, "kubernetes:core/v1:ConfigMap");
            assert.deepStrictEqual(configMap.inputs.data, { "ca.crt": CA_PEM });
            const container = jobContainer(run.resources) as Container & { volumeMounts: Array<{ name: string; mountPath: string }> };
            assert.strictEqual(envOf(container, "MILVUS_CA_FILE")?.value, `${CA_DIR}/ca.crt`);
            assert.strictEqual(envOf(container, "MILVUS_URI")?.value, "https://milvus.milvus.svc.cluster.local:19530");
            assert.deepStrictEqual(
                container.volumeMounts.map((m) => m.mountPath),
                [CA_DIR],
            );
            assert.strictEqual(envOf(container, "MILVUS_CLIENT_CERT"), undefined);
        });

        it("in mutual mode presents the client certificate of the Secret the app names", async () => {
            const run = await runApp(name, { [name]: tlsStack("mutual") }, { clientCertificateSecret: "milvus-client-cert" });
            const job = one(run.resources, "kubernetes:batch/v1:Job");
            const volumes = (job.inputs.spec as { template: { spec: { volumes: Array<{ name: string; secret?: { secretName: string } }> } } })
                .template.spec.volumes;
            assert.deepStrictEqual(volumes.find((v) => v.secret)?.secret?.secretName, "milvus-client-cert");
            assert.strictEqual(envOf(jobContainer(run.resources), "MILVUS_CLIENT_CERT")?.value, `${CLIENT_CERT_DIR}/tls.crt`);
        });

        it("an app gets the connection in one secret Output: uri, token, tls and the CA", async () => {
            installMocks({
                project: APP_PROJECT,
                stack: "dev",
                state: referencedStacks({ [name]: tlsStack("server") }),
                call: stackOutputsOf({ [name]: tlsStack("server") }),
            });
            const stack = await readMilvusStack(name);
            const connection = milvusConnection(stack);
            assert.strictEqual(await pulumi.isSecret(connection), true);
            const value = await new Promise((resolve) =>
                connection.apply((v) => {
                    resolve(v);
                    return v;
                }),
            );
            assert.deepStrictEqual(value, {
                uri: "https://milvus.milvus.svc.cluster.local:19530",
                tls: true,
                token: `root:${TOKEN_PASSWORD}`,
                caCertificate: CA_PEM,
            });
        });
    });

    describe("the Job's check script over TLS, by sh and curl against a server with an openssl-made CA", function () {
        this.timeout(30000);
        let ca: TestCa;
        const servers: https.Server[] = [];
        before(() => {
            ca = makeTestCa();
        });
        after(() => {
            for (const s of servers) s.close();
            ca.dispose();
        });
        const milvus: http.RequestListener = (req, res) => {
            req.resume();
            res.setHeader("Content-Type", "application/json");
            res.end('{"code":0,"data":[]}');
        };
        const start = async (mutual: boolean) => {
            const s = await httpsServer(ca, milvus, mutual);
            servers.push(s.server);
            return s.url;
        };
        const check = async (env: Record<string, string>) => {
            try {
                const { stdout } = await promisify(execFile)("sh", ["-c", CHECK_SCRIPT], { env: { PATH: process.env.PATH, ...env } });
                return { code: 0, output: stdout };
            } catch (err) {
                const e = err as { code: number; stdout: string; stderr: string };
                return { code: e.code, output: e.stdout + e.stderr };
            }
        };

        it("verifies Milvus with the mounted CA, and refuses a server it cannot verify", async () => {
            const url = await start(false);
            assert.strictEqual((await check({ MILVUS_URI: url, MILVUS_CA_FILE: ca.ca })).code, 0);
            const unverified = await check({ MILVUS_URI: url });
            assert.notStrictEqual(unverified.code, 0);
            assert.match(unverified.output, /certificate/i);
        });

        it("mutual TLS: succeeds with the client pair, fails its handshake without", async () => {
            const url = await start(true);
            assert.strictEqual(
                (await check({ MILVUS_URI: url, MILVUS_CA_FILE: ca.ca, MILVUS_CLIENT_CERT: ca.client.cert, MILVUS_CLIENT_KEY: ca.client.key })).code,
                0,
            );
            assert.notStrictEqual((await check({ MILVUS_URI: url, MILVUS_CA_FILE: ca.ca })).code, 0);
        });
    });
});
