// Client TLS (issue 14): validated config, the chart values Milvus reads
// (rendered shape checked here; the chart itself was rendered with helm 3.17.2
// during development), the cert-manager Certificate, the outputs, and the
// root-credential Job over https against a real TLS server with a CA made by
// openssl on this machine.
import * as assert from "assert";
import { spawn } from "child_process";
import type * as https from "https";
import { parse } from "yaml";
import { ROOT_CREDENTIAL_SCRIPT, rootCredentialJob } from "../components/milvus/root-credential";
import { TLS_MOUNT_PATH, certificateDnsNames } from "../components/milvus/tls";
import { configProblems } from "./support/unit/config";
import { at, milvusRelease, one } from "./support/unit/inspect";
import { httpsServer, makeTestCa, type TestCa } from "./support/unit/tls-server";
import { evaluate } from "./support/unit/stacks";

const local = (milvus: Record<string, unknown>, environment = "dev") => ({ cloud: "local", environment, milvus });
const keysOf = (raw: Record<string, unknown>) => configProblems(raw).map((p) => `${p.key}: ${p.allowed}`);
const ISSUER = { tls: { mode: "server", issuer: { name: "internal-ca" } } };

describe("tls: configuration", () => {
    it("a mode needs exactly one certificate source", () => {
        assert.match(keysOf(local({ tls: { mode: "server" } })).join("\n"), /milvus\.tls: needs milvus\.tls\.issuer .* or milvus\.tls\.secretName/);
        assert.match(
            keysOf(local({ tls: { mode: "server", issuer: { name: "a" }, secretName: "b" } })).join("\n"),
            /milvus\.tls\.secretName: set either/,
        );
        assert.deepStrictEqual(keysOf(local(ISSUER)), []);
        assert.deepStrictEqual(keysOf(local({ tls: { mode: "mutual", secretName: "milvus-certs" } })), []);
    });

    it("a source without a mode is refused, not ignored", () => {
        assert.match(
            keysOf(local({ tls: { issuer: { name: "a" } } })).join("\n"),
            /milvus\.tls\.issuer: is read only when milvus\.tls\.mode is server or mutual/,
        );
    });

    it("prod with public exposure requires TLS, with the reason", () => {
        const raw = local({ exposure: { type: "public", sourceRanges: ["81.2.69.0/24"] } }, "prod");
        assert.match(
            keysOf(raw).join("\n"),
            /milvus\.tls\.mode: allowed in prod with exposure\.type public: server or mutual — clients send the token/,
        );
        assert.ok(
            !keysOf(local({ ...ISSUER, exposure: { type: "public", sourceRanges: ["81.2.69.0/24"] } }, "prod")).some((k) =>
                k.startsWith("milvus.tls"),
            ),
        );
    });

    it("Attu cannot run with TLS on (the chart's Attu speaks plain http to Milvus)", () => {
        assert.match(keysOf(local({ ...ISSUER, attu: { enabled: true } })).join("\n"), /milvus\.attu\.enabled: allowed with milvus\.tls on: false/);
    });

    it("an Attu host in prod needs its TLS Secret", () => {
        const raw = {
            cloud: "local",
            environment: "prod",
            local: { ingressClassName: "nginx" },
            milvus: { attu: { enabled: true, ingress: { enabled: true, host: "attu.example.com" } } },
        };
        assert.match(keysOf(raw).join("\n"), /milvus\.attu\.ingress\.tlsSecretName: required in prod with attu\.ingress\.host/);
    });

    it("values may not set the TLS keys the program owns", () => {
        assert.match(keysOf(local({ values: { proxy: { tls: { enabled: true, key: "x" } } } })).join("\n"), /key material in the chart values/);
        assert.match(
            keysOf(local({ values: { extraConfigFiles: { "user.yaml": "common:\n  security:\n    tlsMode: 0\n" } } })).join("\n"),
            /TLS from milvus\.tls/,
        );
    });
});

describe("tls: what the program deploys", () => {
    const deploy = (milvus: Record<string, unknown>) => evaluate({ "milvus-on-clouds:cloud": "local", "milvus-on-clouds:milvus": milvus });

    it("cluster mode: the proxy mounts the Certificate's Secret and user.yaml turns TLS on at those paths", async () => {
        const { resources } = await deploy({
            mode: "cluster",
            tls: { mode: "server", issuer: { name: "internal-ca", kind: "Issuer" }, dnsNames: ["milvus.example.com"] },
        });
        const values = milvusRelease(resources).values;
        assert.deepStrictEqual(at(values, "proxy.volumes"), [
            { name: "milvus-tls", secret: { secretName: "milvus-milvus-tls", defaultMode: 0o440 } },
        ]);
        assert.deepStrictEqual(at(values, "proxy.volumeMounts"), [{ name: "milvus-tls", mountPath: TLS_MOUNT_PATH, readOnly: true }]);
        const userYaml = parse((values.extraConfigFiles as Record<string, string>)["user.yaml"]) as Record<string, unknown>;
        assert.strictEqual(at(userYaml, "common.security.tlsMode"), 1);
        assert.strictEqual(at(userYaml, "common.security.authorizationEnabled"), true);
        assert.strictEqual(at(userYaml, "tls.serverPemPath"), `${TLS_MOUNT_PATH}/tls.crt`);
        assert.strictEqual(at(userYaml, "tls.caPemPath"), `${TLS_MOUNT_PATH}/ca.crt`);
        assert.ok(!JSON.stringify(values).includes("BEGIN"), "no key material in the chart values");

        const cert = one(resources, "kubernetes:cert-manager.io/v1:Certificate");
        assert.strictEqual(
            at(cert.inputs, "metadata.annotations.pulumi\\.com/waitFor") ??
                (cert.inputs.metadata as { annotations: Record<string, string> }).annotations["pulumi.com/waitFor"],
            "condition=Ready",
        );
        assert.deepStrictEqual(at(cert.inputs, "spec.issuerRef"), { name: "internal-ca", kind: "Issuer", group: "cert-manager.io" });
        assert.deepStrictEqual(at(cert.inputs, "spec.dnsNames"), [...certificateDnsNames("milvus", "milvus", []), "milvus.example.com"]);
        assert.ok(milvusRelease(resources).dependencies.includes(cert.urn), "the release waits for the certificate");
    });

    it("standalone mode mounts through the chart's global volumes; mutual mode is tlsMode 2", async () => {
        const { resources } = await deploy({ tls: { mode: "mutual", secretName: "milvus-certs" } });
        const values = milvusRelease(resources).values;
        assert.deepStrictEqual(at(values, "volumes"), [{ name: "milvus-tls", secret: { secretName: "milvus-certs", defaultMode: 0o440 } }]);
        assert.strictEqual(at(parse((values.extraConfigFiles as Record<string, string>)["user.yaml"]), "common.security.tlsMode"), 2);
        assert.strictEqual(
            resources.filter((r) => r.type === "kubernetes:cert-manager.io/v1:Certificate").length,
            0,
            "a user's Secret needs no Certificate",
        );
        const job = one(resources, "kubernetes:batch/v1:Job");
        const env = (at(job.inputs, "spec.template.spec.containers.0.env") ??
            (job.inputs.spec as { template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } } }).template.spec
                .containers[0].env) as Array<{ name: string; value?: string }>;
        assert.match(env.find((e) => e.name === "MILVUS_URL")?.value ?? "", /^https:\/\//);
        assert.deepStrictEqual(
            env.filter((e) => e.name.startsWith("MILVUS_CLIENT")).map((e) => e.name),
            ["MILVUS_CLIENT_CERT", "MILVUS_CLIENT_KEY"],
        );
    });

    it("the outputs say TLS, https and carry the CA (not secret) read from the Secret", async () => {
        const { outputs } = await deploy(ISSUER);
        const value = <T>(o: unknown) => new Promise<T>((resolve) => (o as { apply(f: (v: T) => void): void }).apply(resolve));
        assert.strictEqual(outputs.milvusTls, true);
        assert.match(await value<string>(outputs.milvusUri), /^https:\/\/milvus\.milvus\.svc\.cluster\.local:19530$/);
        assert.ok("milvusCaCertificate" in outputs);
    });

    it("TLS off keeps http and no certificate", async () => {
        const { resources, outputs } = await deploy({});
        assert.strictEqual(outputs.milvusTls, false);
        assert.ok(!("milvusCaCertificate" in outputs));
        assert.strictEqual(resources.filter((r) => r.type.includes("cert-manager")).length, 0);
    });
});

describe("tls: the root-credential Job verifies the proxy with the CA (real sh, curl, openssl)", function () {
    this.timeout(30000);
    let ca: TestCa;
    let server: https.Server;
    let url: string;
    const PASSWORD = "TlsPassword0123456789abcdefABCDE";

    before(async () => {
        ca = makeTestCa();
        ({ server, url } = await httpsServer(ca, (req, res) => {
            req.resume();
            req.on("end", () => {
                res.writeHead(200, { "Content-Type": "application/json" });
                res.end(
                    JSON.stringify(req.headers.authorization === `Bearer root:${PASSWORD}` ? { code: 0, data: {} } : { code: 1800, message: "auth" }),
                );
            });
        }));
    });
    after(() => {
        server.close();
        ca.dispose();
    });

    const script = (env: Record<string, string>) =>
        new Promise<{ code: number; stderr: string }>((resolve) => {
            const child = spawn("/bin/sh", ["-c", ROOT_CREDENTIAL_SCRIPT], {
                env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ROOT_CREDENTIAL_TRIES: "1", ROOT_CREDENTIAL_PAUSE_SECONDS: "0", ...env },
            });
            let stderr = "";
            child.stderr.on("data", (d) => {
                stderr += d;
            });
            child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
        });

    it("succeeds over https with the CA file the Job mounts", async () => {
        const r = await script({ MILVUS_URL: url, ROOT_PASSWORD: PASSWORD, GENERATION: "1", MILVUS_CA_FILE: ca.ca });
        assert.strictEqual(r.code, 0, r.stderr);
    });

    it("does not talk to a proxy it cannot verify (no CA given)", async () => {
        const r = await script({ MILVUS_URL: url, ROOT_PASSWORD: PASSWORD, GENERATION: "1" });
        assert.strictEqual(r.code, 1);
        assert.match(r.stderr, /did not answer/);
    });

    it("the Job mounts the TLS Secret read-only and points curl at its ca.crt", () => {
        const job = rootCredentialJob({
            releaseName: "milvus",
            host: "h",
            generation: 1,
            credentialsSecretName: "s",
            image: "i:t",
            imagePullSecrets: [],
            labels: {},
            tls: { secretName: "milvus-milvus-tls", mutual: false },
        });
        const pod = job.spec.template.spec;
        assert.deepStrictEqual(
            pod.volumes.find((v) => v.name === "milvus-tls"),
            { name: "milvus-tls", secret: { secretName: "milvus-milvus-tls", defaultMode: 0o440 } },
        );
        assert.strictEqual(pod.containers[0].env.find((e) => e.name === "MILVUS_CA_FILE")?.value, `${TLS_MOUNT_PATH}/ca.crt`);
    });
});
