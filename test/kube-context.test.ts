// The local platform's preflight (components/local/kube-context.ts): which
// kubeconfig and context it reads, and whether the cluster answers, checked
// against real files and a real HTTPS server on loopback.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { RunError } from "@pulumi/pulumi";
import { stringify } from "yaml";
import { chosenCluster, probeApiServer, readKubeconfig, requireReachableCluster } from "../components/local/kube-context";

interface Ctx {
    name: string;
    cluster: string;
}
interface Clu {
    name: string;
    server: string;
    caData?: string;
    insecure?: boolean;
}

function kubeconfigText(current: string | undefined, contexts: Ctx[], clusters: Clu[]): string {
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        ...(current !== undefined ? { "current-context": current } : {}),
        contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.cluster, user: "u" } })),
        clusters: clusters.map((c) => ({
            name: c.name,
            cluster: {
                server: c.server,
                ...(c.caData ? { "certificate-authority-data": c.caData } : {}),
                ...(c.insecure ? { "insecure-skip-tls-verify": true } : {}),
            },
        })),
        users: [{ name: "u", user: {} }],
    });
}

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

describe("local platform preflight: the kube context and its cluster", function () {
    this.timeout(60_000);
    let dir: string;
    let server: https.Server | undefined;
    let serverPort = 0;
    let caData = "";

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-context-"));
        // A self-signed certificate for 127.0.0.1: the API server's stand-in here only has to answer HTTPS.
        const key = path.join(dir, "server.key");
        const crt = path.join(dir, "server.crt");
        execFileSync(
            "openssl",
            [
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key,
                "-out",
                crt,
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ],
            { stdio: "ignore" },
        );
        caData = fs.readFileSync(crt).toString("base64");
        server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(crt) }, (_req, res) => {
            // As a cluster that refuses anonymous requests answers: reachable all the same.
            res.writeHead(401).end();
        });
        await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
        serverPort = (server.address() as net.AddressInfo).port;
    });
    after(async () => {
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    function file(name: string, text: string): string {
        const p = path.join(dir, name);
        fs.writeFileSync(p, text);
        return p;
    }

    it("reads the files of $KUBECONFIG in order: the first to set current-context or a name wins", () => {
        const a = file("a.yaml", kubeconfigText("ctx-a", [{ name: "shared", cluster: "from-a" }], [{ name: "from-a", server: "https://10.0.0.1" }]));
        const b = file(
            "b.yaml",
            kubeconfigText(
                "ctx-b",
                [
                    { name: "shared", cluster: "from-b" },
                    { name: "ctx-a", cluster: "from-b" },
                ],
                [{ name: "from-b", server: "https://10.0.0.2" }],
            ),
        );
        const view = readKubeconfig({}, { KUBECONFIG: [a, b].join(path.delimiter) }, dir);
        assert.strictEqual(view.currentContext, "ctx-a");
        assert.deepStrictEqual(view.contexts.get("shared"), { cluster: "from-a" });
        assert.deepStrictEqual([...view.contexts.keys()].sort(), ["ctx-a", "shared"]);
        assert.strictEqual(view.clusters.get("from-b")?.server, "https://10.0.0.2");
    });

    it("without $KUBECONFIG reads ~/.kube/config, and says which file is missing", () => {
        const home = fs.mkdtempSync(path.join(dir, "home-"));
        assert.throws(
            () => readKubeconfig({}, {}, home),
            (err: Error) => {
                assert.ok(
                    err.message.includes(`no kubeconfig: ${path.join(home, ".kube", "config")} (the default location) does not exist`),
                    err.message,
                );
                assert.match(err.message, /kind create cluster/);
                return true;
            },
        );
        fs.mkdirSync(path.join(home, ".kube"));
        fs.writeFileSync(
            path.join(home, ".kube", "config"),
            kubeconfigText("home", [{ name: "home", cluster: "c" }], [{ name: "c", server: "https://10.0.0.3" }]),
        );
        assert.strictEqual(readKubeconfig({}, {}, home).currentContext, "home");
    });

    it("local.kubeconfig is a path or the file's contents, as the provider takes it", () => {
        const text = kubeconfigText("inline", [{ name: "inline", cluster: "c" }], [{ name: "c", server: "https://10.0.0.4" }]);
        const inline = readKubeconfig({ kubeconfig: text }, { KUBECONFIG: "/nowhere" }, dir);
        assert.strictEqual(inline.source, "local.kubeconfig (inline)");
        assert.strictEqual(inline.currentContext, "inline");
        const byPath = readKubeconfig({ kubeconfig: file("given.yaml", text) }, { KUBECONFIG: "/nowhere" }, dir);
        assert.strictEqual(byPath.currentContext, "inline");
        assert.throws(
            () => readKubeconfig({ kubeconfig: path.join(dir, "missing.yaml") }, {}, dir),
            /missing\.yaml \(local\.kubeconfig\) does not exist/,
        );
    });

    it("a context that is not in the kubeconfig is named, with the contexts there are", () => {
        const view = readKubeconfig({
            kubeconfig: file(
                "two.yaml",
                kubeconfigText(
                    "kind-a",
                    [
                        { name: "kind-a", cluster: "a" },
                        { name: "kind-b", cluster: "a" },
                    ],
                    [{ name: "a", server: "https://10.0.0.5" }],
                ),
            ),
        });
        assert.strictEqual(chosenCluster(view, {}).context, "kind-a");
        assert.strictEqual(chosenCluster(view, { context: "kind-b" }).cluster.server, "https://10.0.0.5");
        assert.throws(
            () => chosenCluster(view, { context: "kind-milvus" }),
            (err: Error) => {
                assert.match(
                    err.message,
                    /kube context "kind-milvus" \(local\.context\) is not in the kubeconfig .*two\.yaml \(its contexts: kind-a, kind-b\)/,
                );
                assert.match(err.message, /nothing was created/);
                return true;
            },
        );
        const none = readKubeconfig({ kubeconfig: file("none.yaml", kubeconfigText(undefined, [], [])) });
        assert.throws(() => chosenCluster(none, {}), /has no current-context and local\.context is not set \(it has no contexts\)/);
    });

    it("a cluster that answers HTTPS is reachable, even when it refuses anonymous requests", async () => {
        assert.strictEqual(
            await probeApiServer({ server: `https://127.0.0.1:${serverPort}`, ca: Buffer.from(caData, "base64"), insecure: false }, 5000),
            undefined,
        );
        const kubeconfig = file(
            "up.yaml",
            kubeconfigText("up", [{ name: "up", cluster: "c" }], [{ name: "c", server: `https://127.0.0.1:${serverPort}`, caData }]),
        );
        await requireReachableCluster({ kubeconfig });
    });

    it("a server certificate the kubeconfig's CA did not sign is reported, unless the kubeconfig skips verification", async () => {
        const problem = await probeApiServer({ server: `https://127.0.0.1:${serverPort}`, insecure: false }, 5000);
        assert.match(problem ?? "", /SELF_SIGNED|self.signed|unable to verify/i);
        assert.strictEqual(await probeApiServer({ server: `https://127.0.0.1:${serverPort}`, insecure: true }, 5000), undefined);
    });

    it("a cluster that does not answer stops the run with one message naming the context and its server", async () => {
        const port = await closedPort();
        const kubeconfig = file(
            "down.yaml",
            kubeconfigText("kind-gone", [{ name: "kind-gone", cluster: "c" }], [{ name: "c", server: `https://127.0.0.1:${port}`, caData }]),
        );
        await assert.rejects(requireReachableCluster({ kubeconfig }), (err: Error) => {
            // A RunError: the Node.js runtime prints its message alone, without a stack trace.
            assert.ok(RunError.isInstance(err), "not a RunError");
            assert.ok(
                err.message.includes(`the cluster of kube context "kind-gone" (https://127.0.0.1:${port}) did not answer: ECONNREFUSED`),
                err.message,
            );
            assert.match(err.message, /kubectl --context kind-gone cluster-info/);
            return true;
        });
    });
});
