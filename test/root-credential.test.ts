// The root-credential Job: its script runs here, in a real shell with a real
// curl, against a stand-in for the one Milvus API it calls (RESTful v2
// users/describe and users/update_password, as documented in zilliztech/zdoc:
// Bearer token `user:password`, JSON replies with `code` 0 on success). No
// Milvus image runs on this machine; the stand-in answers the way Milvus's
// credential check does: one root password, the old one needed to change it.
import * as assert from "assert";
import { spawn } from "child_process";
import * as http from "http";
import type { AddressInfo } from "net";
import { ROOT_CREDENTIAL_SCRIPT, rootCredentialJob, rootCredentialJobName } from "../components/milvus/root-credential";
import { SECRET_KEYS } from "../components/shared/chart-names";
import { validateStackConfig } from "../components/platforms";
import { awsCalls, awsState } from "./support/unit/aws";
import { milvusRelease, one } from "./support/unit/inspect";
import { evaluate, stackFileConfig, type Evaluation } from "./support/unit/stacks";

interface FakeMilvus {
    url: string;
    password: string;
    calls: string[];
    /** How the server refuses a wrong password: Milvus's JSON code, or a bare HTTP 401. */
    refuseWith: "code" | "http401";
    /** Requests answered 503 before the server starts answering (Milvus still starting). */
    unavailableFor: number;
    close(): Promise<void>;
}

async function fakeMilvus(password: string): Promise<FakeMilvus> {
    const state: Omit<FakeMilvus, "url" | "close"> = { password, calls: [], refuseWith: "code", unavailableFor: 0 };
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (chunk) => {
            body += chunk;
        });
        req.on("end", () => {
            state.calls.push(req.url ?? "");
            const reply = (status: number, json?: unknown) => {
                res.writeHead(status, { "Content-Type": "application/json" });
                res.end(json === undefined ? "" : JSON.stringify(json));
            };
            if (state.unavailableFor > 0) {
                state.unavailableFor -= 1;
                return reply(503);
            }
            const authorized = req.headers.authorization === `Bearer root:${state.password}`;
            if (!authorized) return state.refuseWith === "http401" ? reply(401) : reply(200, { code: 1800, message: "user hasn't authenticated" });
            const request = JSON.parse(body || "{}") as { userName?: string; password?: string; newPassword?: string };
            if (req.url === "/v2/vectordb/users/describe") return reply(200, { code: 0, data: [{ userName: request.userName, roles: ["admin"] }] });
            if (req.url === "/v2/vectordb/users/update_password") {
                if (request.userName !== "root" || request.password !== state.password || !request.newPassword) {
                    return reply(200, { code: 1100, message: "old password not correct" });
                }
                state.password = request.newPassword;
                return reply(200, { code: 0, data: {} });
            }
            return reply(404, { code: 404, message: "no route" });
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return Object.assign(state, {
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    });
}

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

function runScript(env: Record<string, string>): Promise<Run> {
    return new Promise((resolve, reject) => {
        const child = spawn("/bin/sh", ["-c", ROOT_CREDENTIAL_SCRIPT], {
            env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ROOT_CREDENTIAL_PAUSE_SECONDS: "0", ...env },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => {
            stdout += d;
        });
        child.stderr.on("data", (d) => {
            stderr += d;
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
}

const OLD = "OldPassword0123456789abcdefABCDE";
const NEW = "NewPassword0123456789abcdefABCDE";

describe("root credential Job script (real sh and curl, stand-in Milvus API)", function () {
    this.timeout(30000);
    let milvus: FakeMilvus;
    afterEach(async () => milvus && milvus.close());

    it("does nothing when Milvus already accepts the stack's password", async () => {
        milvus = await fakeMilvus(NEW);
        const run = await runScript({ MILVUS_URL: milvus.url, ROOT_PASSWORD: NEW, PREVIOUS_ROOT_PASSWORD: OLD, GENERATION: "2" });
        assert.strictEqual(run.code, 0, run.stderr);
        assert.match(run.stdout, /accepts the stack's root password \(generation 2\)/);
        assert.deepStrictEqual(milvus.calls, ["/v2/vectordb/users/describe"]);
    });

    it("changes Milvus's root password from the previous generation to the new one", async () => {
        milvus = await fakeMilvus(OLD);
        const run = await runScript({ MILVUS_URL: milvus.url, ROOT_PASSWORD: NEW, PREVIOUS_ROOT_PASSWORD: OLD, GENERATION: "3" });
        assert.strictEqual(run.code, 0, run.stderr);
        assert.strictEqual(milvus.password, NEW);
        assert.match(run.stdout, /changed from generation 2 to generation 3/);
        // Run again (a retried Job): the new password is accepted, nothing is changed twice.
        const again = await runScript({ MILVUS_URL: milvus.url, ROOT_PASSWORD: NEW, PREVIOUS_ROOT_PASSWORD: OLD, GENERATION: "3" });
        assert.strictEqual(again.code, 0, again.stderr);
        assert.strictEqual(milvus.calls.filter((c) => c.endsWith("update_password")).length, 1);
    });

    it("works the same when Milvus refuses with HTTP 401 instead of a JSON code", async () => {
        milvus = await fakeMilvus(OLD);
        milvus.refuseWith = "http401";
        const run = await runScript({ MILVUS_URL: milvus.url, ROOT_PASSWORD: NEW, PREVIOUS_ROOT_PASSWORD: OLD, GENERATION: "2" });
        assert.strictEqual(run.code, 0, run.stderr);
        assert.strictEqual(milvus.password, NEW);
    });

    it("fails with the reason when etcd holds neither password (a generation skipped)", async () => {
        milvus = await fakeMilvus("SomethingElse0123456789abcdefABC");
        const run = await runScript({ MILVUS_URL: milvus.url, ROOT_PASSWORD: NEW, PREVIOUS_ROOT_PASSWORD: OLD, GENERATION: "4" });
        assert.strictEqual(run.code, 1);
        assert.match(run.stderr, /refuses the root password of generation 4 and of generation 3/);
        assert.match(run.stderr, /may only rise by one/);
        assert.strictEqual(milvus.password, "SomethingElse0123456789abcdefABC");
    });

    it("fails with the reason and the way out when a first generation meets an earlier credential (surviving etcd)", async () => {
        milvus = await fakeMilvus(OLD);
        const run = await runScript({ MILVUS_URL: milvus.url, ROOT_PASSWORD: NEW, GENERATION: "1" });
        assert.strictEqual(run.code, 1);
        assert.match(run.stderr, /etcd holds an earlier root credential/);
        assert.match(run.stderr, /update_password/);
        assert.ok(!milvus.calls.some((c) => c.endsWith("update_password")), "no change is attempted without the old password");
    });

    it("waits while Milvus is not answering yet, then checks", async () => {
        milvus = await fakeMilvus(NEW);
        milvus.unavailableFor = 3;
        const run = await runScript({ MILVUS_URL: milvus.url, ROOT_PASSWORD: NEW, GENERATION: "1" });
        assert.strictEqual(run.code, 0, run.stderr);
        assert.strictEqual(milvus.calls.length, 4);
    });

    it("gives up with a clear line when Milvus never answers", async () => {
        milvus = await fakeMilvus(NEW);
        const url = milvus.url;
        await milvus.close();
        const run = await runScript({ MILVUS_URL: url, ROOT_PASSWORD: NEW, GENERATION: "1", ROOT_CREDENTIAL_TRIES: "2" });
        assert.strictEqual(run.code, 1);
        assert.match(run.stderr, /did not answer within/);
    });

    it("never puts a password on a command line (argv is visible to every process in the pod)", () => {
        const commandLines = ROOT_CREDENTIAL_SCRIPT.split("\n").filter((l) => /\bcurl\b/.test(l));
        assert.ok(commandLines.length > 0);
        for (const line of commandLines) assert.ok(!/PASSWORD|\$1/.test(line), line);
    });
});

describe("root credential Job (resources)", () => {
    it("runs the chart's Milvus image, reads both passwords from the credentials Secret, and is named per generation", () => {
        const job = rootCredentialJob({
            releaseName: "milvus",
            host: "milvus.milvus.svc.cluster.local",
            generation: 2,
            credentialsSecretName: "milvus-milvus-credentials",
            image: "registry.example/milvus:v2.6.15",
            imagePullSecrets: [{ name: "pull" }],
            labels: { environment: "prod" },
        });
        assert.strictEqual(job.metadata.name, "milvus-root-credential-2");
        const pod = job.spec.template.spec;
        assert.strictEqual(pod.containers[0].image, "registry.example/milvus:v2.6.15");
        assert.deepStrictEqual(pod.imagePullSecrets, [{ name: "pull" }]);
        const env = Object.fromEntries(pod.containers[0].env.map((e) => [e.name, e]));
        assert.strictEqual(env.MILVUS_URL.value, "http://milvus.milvus.svc.cluster.local:19530");
        assert.deepStrictEqual(env.ROOT_PASSWORD.valueFrom?.secretKeyRef, { name: "milvus-milvus-credentials", key: SECRET_KEYS.rootPassword });
        assert.deepStrictEqual(env.PREVIOUS_ROOT_PASSWORD.valueFrom?.secretKeyRef, {
            name: "milvus-milvus-credentials",
            key: SECRET_KEYS.previousRootPassword,
        });
        assert.ok(
            pod.containers[0].env.every((e) => !("value" in e) || !/password/i.test(e.name)),
            "no password as a literal value",
        );
        assert.ok(rootCredentialJobName("r".repeat(80), 12).length <= 63);
    });

    it("generation 1 has no previous password to read", () => {
        const job = rootCredentialJob({
            releaseName: "milvus",
            host: "h",
            generation: 1,
            credentialsSecretName: "s",
            image: "i:t",
            imagePullSecrets: [],
            labels: {},
        });
        assert.ok(!job.spec.template.spec.containers[0].env.some((e) => e.name === "PREVIOUS_ROOT_PASSWORD"));
    });
});

describe("root password rotation (program, mocks)", () => {
    const awsProd = (generation?: number) => {
        const config = stackFileConfig("aws-prod");
        const milvus = (config["milvus-on-clouds:milvus"] ?? {}) as Record<string, unknown>;
        if (generation !== undefined) {
            config["milvus-on-clouds:milvus"] = { ...milvus, auth: { ...((milvus.auth ?? {}) as object), rootPasswordGeneration: generation } };
        }
        return evaluate(config, { stack: "aws-prod", state: awsState, call: awsCalls });
    };
    const passwords = (resources: Evaluation["resources"]) =>
        resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name.startsWith("milvus-root-password"));

    it("generation 1 keeps the one root password under its original name, and a Job that checks it after the release", async () => {
        const { resources } = await awsProd();
        assert.deepStrictEqual(
            passwords(resources).map((r) => [r.name, r.protect]),
            [["milvus-root-password", true]],
        );
        const job = one(resources, "kubernetes:batch/v1:Job", "milvus-root-credential");
        assert.strictEqual((job.inputs.metadata as { name: string }).name, "milvus-root-credential-1");
        const release = milvusRelease(resources);
        const secret = one(resources, "kubernetes:core/v1:Secret");
        assert.ok(job.dependencies.includes(release.urn) && job.dependencies.includes(secret.urn), "the Job runs after the release and the Secret");
    });

    it("generation 3 in prod: the new password is protected, the previous one is not (the next rotation deletes it), both reach the Secret", async () => {
        const { resources } = await awsProd(3);
        assert.deepStrictEqual(
            passwords(resources)
                .map((r) => [r.name, r.protect])
                .sort(),
            [
                ["milvus-root-password-2", false],
                ["milvus-root-password-3", true],
            ],
        );
        const secret = one(resources, "kubernetes:core/v1:Secret");
        const data = secret.inputs.stringData as Record<string, string>;
        const result = (name: string) => passwords(resources).find((r) => r.name === name);
        assert.ok(result("milvus-root-password-3") && data[SECRET_KEYS.rootPassword] && data[SECRET_KEYS.previousRootPassword]);
        assert.notStrictEqual(data[SECRET_KEYS.rootPassword], data[SECRET_KEYS.previousRootPassword]);
        assert.strictEqual(
            (one(resources, "kubernetes:batch/v1:Job", "milvus-root-credential").inputs.metadata as { name: string }).name,
            "milvus-root-credential-3",
        );
    });

    it("no Job and no rotation without authentication; a generation above 1 is then refused", async () => {
        const { resources } = await evaluate({ "milvus-on-clouds:cloud": "local", "milvus-on-clouds:milvus": { auth: { enabled: false } } });
        assert.strictEqual(resources.filter((r) => r.type === "kubernetes:batch/v1:Job" && r.name === "milvus-root-credential").length, 0);
        assert.throws(
            () => validateStackConfig({ cloud: "local", milvus: { auth: { enabled: false, rootPasswordGeneration: 2 } } }),
            /milvus\.auth\.rootPasswordGeneration: got 2; requires milvus\.auth\.enabled: true/,
        );
        assert.throws(
            () => validateStackConfig({ cloud: "local", milvus: { auth: { rootPasswordGeneration: 0 } } }),
            /milvus\.auth\.rootPasswordGeneration/,
        );
    });
});
