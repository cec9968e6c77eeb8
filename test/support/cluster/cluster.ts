// A real Kubernetes control plane on 127.0.0.1 for the engine suite: etcd,
// kube-apiserver, kube-controller-manager and kube-scheduler (built by
// tools/kube-control-plane/build.sh), and kwok (tools/kwok/build.sh) for the
// nodes and the pod lifecycle a kubelet would report. Nothing listens beyond
// loopback, every process is ended by PID in stop() (and on process exit, also
// when a test fails), and the whole cluster lives in one temporary directory.
//
// What runs for real here: the API server's validation, admission and storage;
// every controller of kube-controller-manager (Deployments, ReplicaSets,
// StatefulSets, Jobs, CronJobs, the garbage collector, namespaces, service
// accounts, endpoints, PodDisruptionBudgets) and its in-tree hostPath
// provisioner, which binds each claim of the default StorageClass to a
// directory under /tmp/hostpath_pv (k8s.io/kubernetes v1.33.13
// pkg/volume/hostpath/host_path.go, hostPathProvisioner.Provision; enabled by
// --enable-hostpath-provisioner); the scheduler. What kwok plays: the kubelet
// (nodes Ready with leases, scheduled pods Ready, pods of Jobs Succeeded).
// What nothing here does: run containers, route Service traffic, enforce
// NetworkPolicies, resize volumes (the hostPath plugin is not expandable).
import { execFileSync, spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

const REPO = path.resolve(__dirname, "..", "..", "..");

/** A node the cluster gets (kwok registers it and keeps it Ready). */
export interface NodeSpec {
    name: string;
    /** The machine's capacity. */
    cpu: string;
    memory: string;
    /** What the kubelet offers pods (capacity minus its reservations); default: the capacity. */
    allocatable?: { cpu: string; memory: string };
    pods?: number;
    labels?: Record<string, string>;
    taints?: Array<{ key: string; value?: string; effect: string }>;
}

export interface ClusterOptions {
    nodes: NodeSpec[];
    /**
     * The StorageClasses the cluster starts with. Default: one default class of
     * kube-controller-manager's hostPath provisioner (a local cluster's). A fake
     * EKS or AKS cluster passes its cloud's built-in classes instead.
     */
    storageClasses?: KubeObject[];
    /** Bearer tokens the API server accepts as cluster admins (the stand-ins for `aws eks get-token` and `kubelogin`). */
    adminTokens?: string[];
    /** CustomResourceDefinition manifests (YAML files) to install before the cluster is handed out. */
    crds?: string[];
}

const builtDirs = new Map<string, string>();

/** The directory a build script printed last (each builds once per machine, then reuses its cache); asked once per process. */
export function built(script: string): string {
    let dir = builtDirs.get(script);
    if (dir === undefined) {
        const out = execFileSync(path.join(REPO, "tools", script, "build.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        dir = out.trim().split("\n").pop() ?? "";
        builtDirs.set(script, dir);
    }
    return dir;
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** Listens on `port` (accepting nothing useful) so no other process takes it; close the server to hand the port over. */
async function holdPort(port: number): Promise<net.Server> {
    return new Promise((resolve, reject) => {
        const server = net.createServer((socket) => socket.destroy());
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve(server));
    });
}

function openssl(args: string[], cwd: string): void {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * A CA, the API server's serving certificate, an admin client certificate and
 * the service-account key pair, all ECDSA P-256: Kubernetes takes EC keys for
 * each (k8s.io/client-go util/keyutil reads "EC PRIVATE KEY"), and an RSA key
 * took 0.66 s to make here against 0.05 s, four per cluster, for every cluster
 * of a run.
 */
function makeCertificates(dir: string): void {
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=engine-suite-ca"], dir);
    fs.writeFileSync(
        path.join(dir, "server.ext"),
        [
            "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1",
            "extendedKeyUsage=serverAuth",
        ].join("\n"),
    );
    openssl(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=kube-apiserver"], dir);
    openssl(
        [
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
        dir,
    );
    fs.writeFileSync(path.join(dir, "client.ext"), "extendedKeyUsage=clientAuth\n");
    openssl(["req", ...ec, "-keyout", "admin.key", "-out", "admin.csr", "-subj", "/O=system:masters/CN=engine-suite-admin"], dir);
    openssl(
        [
            "x509",
            "-req",
            "-in",
            "admin.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "admin.crt",
            "-days",
            "2",
            "-extfile",
            "client.ext",
        ],
        dir,
    );
    openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sa.key"], dir);
    openssl(["ec", "-in", "sa.key", "-pubout", "-out", "sa.pub"], dir);
}

/** etcd data in /dev/shm whose cluster directory is gone (a run killed outright): memory nobody frees otherwise. */
function sweepOrphanedEtcdData(): void {
    if (!fs.existsSync("/dev/shm")) return;
    for (const name of fs.readdirSync("/dev/shm")) {
        const m = /^(milvus-cluster-.+)-etcd$/.exec(name);
        if (m && !fs.existsSync(path.join(os.tmpdir(), m[1]))) fs.rmSync(path.join("/dev/shm", name), { recursive: true, force: true });
    }
}

export interface KubeResponse {
    status: number;
    body: unknown;
}

/** Clusters not stopped yet: one "exit" listener ends them all (a listener each would pass Node's limit of 10). */
const LIVE = new Set<Cluster>();
process.on("exit", () => {
    for (const c of LIVE) c.stop();
});

/**
 * A cluster; `stop()` ends every process it started. Made with `start()`
 * (running when it returns) or `create()`: certificates, kubeconfig and
 * address at once, the processes on first use (a connection to its address,
 * or a call of request/watch/boot). A stack whose config is refused never
 * reaches its cluster, so a created cluster of such a stack never starts.
 */
export class Cluster {
    private readonly processes: Array<{ name: string; child: ChildProcess }> = [];
    /** `clusterIP:port` of a Service -> the loopback port of whoever plays its pods (see routeService). */
    private readonly routes = new Map<string, number>();
    private egress?: net.Server;
    /** The address handed out: it starts the cluster on first connection and then forwards to the API server. */
    private front?: net.Server;
    /**
     * Holds the API server's port from creation until the API server starts: a
     * lazily started cluster may start minutes after it was created, and a port
     * that was free then may be taken by then (seen 2026-12-06: kube-apiserver
     * exited (1) as a cluster created earlier in the test started).
     */
    private apiPortHold?: net.Server;
    private stopped = false;
    private booting?: Promise<void>;
    private bootStarted = false;
    readonly server: string;
    readonly kubeconfigPath: string;

    /**
     * etcd's data: in memory (/dev/shm) where the machine has it, as nothing here
     * outlives the run. On disk, etcd's fsyncs kept the 2 cores waiting on I/O
     * (seen here: 43 % I/O wait in top during an engine run).
     */
    readonly etcdDir: string;

    private constructor(
        readonly dir: string,
        readonly port: number,
        private readonly apiPort: number,
        private readonly options: ClusterOptions,
    ) {
        this.server = `https://127.0.0.1:${port}`;
        this.etcdDir = fs.existsSync("/dev/shm") ? path.join("/dev/shm", `${path.basename(dir)}-etcd`) : path.join(dir, "etcd");
        this.kubeconfigPath = path.join(dir, "admin.kubeconfig");
        LIVE.add(this);
    }

    /** Starts etcd, the control plane and kwok, registers the nodes, installs the CRDs, and waits until the nodes are Ready. */
    static async start(options: ClusterOptions): Promise<Cluster> {
        const cluster = await Cluster.create(options);
        await cluster.boot();
        return cluster;
    }

    /** A cluster with its certificates, kubeconfig and address, whose processes start on first use. */
    static async create(options: ClusterOptions): Promise<Cluster> {
        sweepOrphanedEtcdData();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "milvus-cluster-"));
        const [frontPort, apiPort] = await Promise.all([freePort(), freePort()]);
        const cluster = new Cluster(dir, frontPort, apiPort, options);
        try {
            cluster.apiPortHold = await holdPort(apiPort);
            makeCertificates(dir);
            fs.writeFileSync(
                path.join(dir, "tokens.csv"),
                (options.adminTokens ?? []).map((t, i) => `${t},engine-suite-token-${i},token-${i},"system:masters"`).join("\n") + "\n",
            );
            fs.writeFileSync(cluster.kubeconfigPath, cluster.kubeconfig());
            // The control plane's own components talk to the API server directly, never through the front
            // (which waits for the start they are part of).
            fs.writeFileSync(path.join(dir, "internal.kubeconfig"), cluster.kubeconfig(`https://127.0.0.1:${apiPort}`));
            const front = net.createServer((socket) => {
                socket.pause();
                cluster.boot().then(
                    () => {
                        const upstream = net.connect(apiPort, "127.0.0.1", () => {
                            socket.pipe(upstream);
                            upstream.pipe(socket);
                            socket.resume();
                        });
                        upstream.on("error", () => socket.destroy());
                        socket.on("error", () => upstream.destroy());
                    },
                    () => socket.destroy(),
                );
            });
            await new Promise<void>((resolve) => front.listen(frontPort, "127.0.0.1", resolve));
            cluster.front = front;
            return cluster;
        } catch (e) {
            cluster.stop();
            throw e;
        }
    }

    private startListeners: Array<() => void> = [];

    /** Resolves once the cluster runs, started by whatever uses it first; never starts it. */
    running(): Promise<void> {
        if (this.booting !== undefined) return this.booting;
        return new Promise<void>((resolve) => this.startListeners.push(() => resolve())).then(() => this.booting);
    }

    /** Whether the cluster's processes were started (by a connection or a call). */
    get started(): boolean {
        return this.bootStarted;
    }

    /** Starts the processes once; resolves when the nodes are Ready. */
    boot(): Promise<void> {
        if (this.booting === undefined) {
            this.bootStarted = true;
            this.booting = this.startProcesses();
            this.booting.catch(() => this.stop());
            for (const listener of this.startListeners.splice(0)) listener();
        }
        return this.booting;
    }

    private async startProcesses(): Promise<void> {
        const started = Date.now();
        const options = this.options;
        const dir = this.dir;
        const apiPort = this.apiPort;
        const controlPlane = built("kube-control-plane");
        const kwok = built("kwok");
        const [etcdClient, etcdPeer, kcmPort, schedPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
        const kubeconfig = path.join(dir, "internal.kubeconfig");
        const etcdUrl = `http://127.0.0.1:${etcdClient}`;
        this.run("etcd", path.join(controlPlane, "etcd"), [
            "--name=engine-suite",
            `--data-dir=${this.etcdDir}`,
            `--listen-client-urls=${etcdUrl}`,
            `--advertise-client-urls=${etcdUrl}`,
            `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
            `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
            `--initial-cluster=engine-suite=http://127.0.0.1:${etcdPeer}`,
            "--log-level=warn",
        ]);
        const pki = (f: string) => path.join(dir, f);
        await this.startEgressProxy();
        await new Promise<void>((resolve) => (this.apiPortHold ? this.apiPortHold.close(() => resolve()) : resolve()));
        this.apiPortHold = undefined;
        this.run("kube-apiserver", path.join(controlPlane, "kube-apiserver"), [
            `--etcd-servers=${etcdUrl}`,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${apiPort}`,
            `--tls-cert-file=${pki("server.crt")}`,
            `--tls-private-key-file=${pki("server.key")}`,
            `--client-ca-file=${pki("ca.crt")}`,
            `--service-account-key-file=${pki("sa.pub")}`,
            `--service-account-signing-key-file=${pki("sa.key")}`,
            "--service-account-issuer=https://kubernetes.default.svc",
            "--service-cluster-ip-range=10.96.0.0/16",
            "--authorization-mode=RBAC",
            `--token-auth-file=${pki("tokens.csv")}`,
            "--allow-privileged=true",
            "--profiling=false",
            "-v=0",
            `--egress-selector-config-file=${pki("egress.yaml")}`,
        ]);
        await this.waitFor("the API server to be ready", async () => (await this.request("GET", "/readyz")).status === 200, 120_000);
        this.run("kube-controller-manager", path.join(controlPlane, "kube-controller-manager"), [
            `--kubeconfig=${kubeconfig}`,
            `--authentication-kubeconfig=${kubeconfig}`,
            `--authorization-kubeconfig=${kubeconfig}`,
            "--bind-address=127.0.0.1",
            `--secure-port=${kcmPort}`,
            "--leader-elect=false",
            `--service-account-private-key-file=${pki("sa.key")}`,
            `--root-ca-file=${pki("ca.crt")}`,
            "--use-service-account-credentials=true",
            "--enable-hostpath-provisioner=true",
            "--profiling=false",
            "-v=0",
        ]);
        this.run("kube-scheduler", path.join(controlPlane, "kube-scheduler"), [
            `--kubeconfig=${kubeconfig}`,
            `--authentication-kubeconfig=${kubeconfig}`,
            `--authorization-kubeconfig=${kubeconfig}`,
            "--bind-address=127.0.0.1",
            `--secure-port=${schedPort}`,
            "--leader-elect=false",
            "--profiling=false",
            "-v=0",
        ]);
        this.run("kwok", path.join(kwok, "kwok"), [
            `--kubeconfig=${kubeconfig}`,
            "--manage-all-nodes=false",
            "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
            `--config=${path.join(kwok, "stages.yaml")}`,
            "--node-ip=127.0.0.1",
            "--cidr=10.244.0.1/16",
            // Node leases renewed every 40 s / 4. Without the flag kwok keeps no lease (its default of 40 is set only
            // on a KwokConfiguration document, kwok v0.8.0 pkg/apis/config/v1alpha1 defaults; our --config holds Stages),
            // and seen here: the node lifecycle controller found every node not-Ready 50 s in, marked every pod
            // NotReady, and kwok never made them Ready again, so Helm waited on a Deployment that never became available.
            "--node-lease-duration-seconds=40",
        ]);
        for (const storageClass of options.storageClasses ?? [defaultStorageClass()]) await this.apply(storageClass);
        for (const node of options.nodes) await this.addNode(node);
        for (const file of options.crds ?? []) await this.installCrds(file);
        await this.waitFor(
            "the nodes to be Ready",
            async () => {
                const nodes = (await this.get("/api/v1/nodes")) as {
                    items: Array<{ status?: { conditions?: Array<{ type: string; status: string }> } }>;
                };
                return (
                    nodes.items.length === options.nodes.length &&
                    nodes.items.every((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))
                );
            },
            120_000,
        );
        await this.waitFor(
            "the default service account",
            async () => (await this.request("GET", "/api/v1/namespaces/default/serviceaccounts/default")).status === 200,
            60_000,
        );
        this.startedInMs = Date.now() - started;
    }

    /**
     * The API server's way into the cluster network (webhooks, aggregated APIs):
     * an HTTP CONNECT proxy on a Unix socket in the cluster's directory, named
     * as the `cluster` egress of an EgressSelectorConfiguration (HTTPConnect
     * over `uds`). Not over `tcp` with an http:// URL: validation accepts that
     * (k8s.io/apiserver v0.33.13 pkg/server/egressselector/config.go), but the
     * dialer then reads a TLS config that is not there and the API server
     * panics at start (egress_selector.go:271, seen here). Pods here are kwok's and have no network, so a Service's
     * ClusterIP leads nowhere (seen here: the machine's network intercepts it);
     * the proxy sends a connection to a routed Service to whoever plays its pods
     * on loopback, and refuses every other.
     */
    private async startEgressProxy(): Promise<void> {
        const server = net.createServer((socket) => {
            let head = Buffer.alloc(0);
            const onData = (d: Buffer) => {
                head = Buffer.concat([head, d]);
                const end = head.indexOf("\r\n\r\n");
                if (end < 0) return;
                socket.removeListener("data", onData);
                const target = /^CONNECT (\S+) HTTP\/1\.[01]\r\n/.exec(head.toString("latin1"))?.[1];
                const port = target === undefined ? undefined : this.routes.get(target);
                if (port === undefined) {
                    socket.end("HTTP/1.1 503 Service Unavailable\r\n\r\n");
                    return;
                }
                const upstream = net.connect(port, "127.0.0.1", () => {
                    socket.write("HTTP/1.1 200 Connection established\r\n\r\n");
                    const rest = head.subarray(end + 4);
                    if (rest.length > 0) upstream.write(rest);
                    socket.pipe(upstream);
                    upstream.pipe(socket);
                });
                upstream.on("error", () => socket.destroy());
                socket.on("error", () => upstream.destroy());
            };
            socket.on("data", onData);
            socket.on("error", () => socket.destroy());
        });
        const socket = path.join(this.dir, "egress.sock");
        await new Promise<void>((resolve) => server.listen(socket, resolve));
        this.egress = server;
        fs.writeFileSync(
            path.join(this.dir, "egress.yaml"),
            YAML.stringify({
                apiVersion: "apiserver.k8s.io/v1beta1",
                kind: "EgressSelectorConfiguration",
                egressSelections: [{ name: "cluster", connection: { proxyProtocol: "HTTPConnect", transport: { uds: { udsName: socket } } } }],
            }),
        );
    }

    /** Sends the API server's connections to a Service's port (its ClusterIP) to a loopback port, where a test plays the Service's pods. */
    async routeService(namespace: string, name: string, port: number, localPort: number): Promise<void> {
        const service = (await this.get(`/api/v1/namespaces/${namespace}/services/${name}`)) as { spec: { clusterIP: string } };
        this.routes.set(`${service.spec.clusterIP}:${port}`, localPort);
    }

    /** Wall time from the start of the processes to Ready nodes (builds included when they were cached). */
    startedInMs = 0;

    /** A kubeconfig for the cluster admin (client certificate), embedded, for a provider or a program. */
    kubeconfig(server = this.server): string {
        const b64 = (f: string) => fs.readFileSync(path.join(this.dir, f)).toString("base64");
        return YAML.stringify({
            apiVersion: "v1",
            kind: "Config",
            "current-context": "engine-suite",
            clusters: [{ name: "engine-suite", cluster: { server, "certificate-authority-data": b64("ca.crt") } }],
            users: [{ name: "admin", user: { "client-certificate-data": b64("admin.crt"), "client-key-data": b64("admin.key") } }],
            contexts: [{ name: "engine-suite", context: { cluster: "engine-suite", user: "admin" } }],
        });
    }

    /** The cluster CA (PEM), for a fake cloud that hands out this cluster's endpoint. */
    caCertificate(): string {
        return fs.readFileSync(path.join(this.dir, "ca.crt"), "utf8");
    }

    private run(name: string, binary: string, args: string[]): void {
        const log = fs.openSync(path.join(this.dir, `${name}.log`), "a");
        const child = spawn(binary, args, { stdio: ["ignore", log, log], detached: false });
        fs.closeSync(log);
        child.on("exit", (code, signal) => {
            if (!this.stopped)
                process.stderr.write(`      cluster: ${name} exited (${code ?? signal}); its log: ${path.join(this.dir, `${name}.log`)}\n`);
        });
        this.processes.push({ name, child });
    }

    /** One request to the API server as the cluster admin (the cluster starts first when it has not). */
    async request(method: string, apiPath: string, body?: unknown, contentType = "application/json"): Promise<KubeResponse> {
        if (!this.bootStarted) await this.boot();
        const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        return new Promise((resolve, reject) => {
            const req = https.request(
                {
                    host: "127.0.0.1",
                    port: this.apiPort,
                    method,
                    path: apiPath,
                    ca: fs.readFileSync(path.join(this.dir, "ca.crt")),
                    cert: fs.readFileSync(path.join(this.dir, "admin.crt")),
                    key: fs.readFileSync(path.join(this.dir, "admin.key")),
                    headers: payload === undefined ? {} : { "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload) },
                    timeout: 30_000,
                },
                (res) => {
                    let text = "";
                    res.on("data", (d: Buffer) => {
                        text += d.toString();
                    });
                    res.on("end", () => {
                        let parsed: unknown = text;
                        try {
                            parsed = JSON.parse(text);
                        } catch {
                            /* plain text, e.g. /readyz */
                        }
                        resolve({ status: res.statusCode ?? 0, body: parsed });
                    });
                },
            );
            req.on("timeout", () => req.destroy(new Error(`${method} ${apiPath}: no answer in 30 s`)));
            req.on("error", reject);
            if (payload !== undefined) req.write(payload);
            req.end();
        });
    }

    /**
     * Watches a collection (`?watch=true`): every version of every object the
     * API server reports, from the current state on, until the returned stop
     * is called. Sees what a poll could miss between two reads.
     */
    watch(collectionPath: string, onEvent: (type: string, object: KubeObject) => void): () => void {
        const sep = collectionPath.includes("?") ? "&" : "?";
        let ended = false;
        let current: ReturnType<typeof https.request> | undefined;
        const open = () => {
            if (ended || this.stopped) return;
            current = https.request(
                {
                    host: "127.0.0.1",
                    port: this.apiPort,
                    method: "GET",
                    path: `${collectionPath}${sep}watch=true`,
                    ca: fs.readFileSync(path.join(this.dir, "ca.crt")),
                    cert: fs.readFileSync(path.join(this.dir, "admin.crt")),
                    key: fs.readFileSync(path.join(this.dir, "admin.key")),
                },
                (res) => {
                    // Not a watch stream (a 404 before a CRD is served, a 503 or 429 while the API server is busy): its body is one
                    // Status object, not events. Seen once in a CI run on 2026-12-06, where the Status reached the handler as an
                    // event without an object. Watch again shortly.
                    if (res.statusCode !== 200) {
                        res.resume();
                        res.on("end", () => setTimeout(open, 1000));
                        return;
                    }
                    let buffered = "";
                    res.on("data", (d: Buffer) => {
                        buffered += d.toString();
                        let nl: number;
                        while ((nl = buffered.indexOf("\n")) >= 0) {
                            const line = buffered.slice(0, nl).trim();
                            buffered = buffered.slice(nl + 1);
                            if (line) {
                                const event = JSON.parse(line) as { type?: string; object?: KubeObject };
                                // ERROR carries a Status (e.g. 410 Gone: the stream ends and is opened again), BOOKMARK no change.
                                if (event.type && event.object && event.type !== "ERROR" && event.type !== "BOOKMARK")
                                    onEvent(event.type, event.object);
                            }
                        }
                    });
                    // The API server ends a watch after its request timeout: watch again (from the current state).
                    res.on("end", () => setTimeout(open, 200));
                },
            );
            current.on("error", () => {
                /* ended by stop() or by the cluster going away */
            });
            current.end();
        };
        // Opened once the cluster runs: a watch alone does not start it.
        this.running().then(open, () => undefined);
        return () => {
            ended = true;
            current?.destroy();
        };
    }

    /** GET that must succeed. */
    async get(apiPath: string): Promise<unknown> {
        const r = await this.request("GET", apiPath);
        if (r.status !== 200) throw new Error(`GET ${apiPath}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
        return r.body;
    }

    /** GET that may find nothing (404 -> undefined). */
    async find(apiPath: string): Promise<unknown> {
        const r = await this.request("GET", apiPath);
        if (r.status === 404) return undefined;
        if (r.status !== 200) throw new Error(`GET ${apiPath}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
        return r.body;
    }

    /** Server-side apply of one object, as the field manager "engine-suite" (what the test itself writes). */
    async apply(object: KubeObject, fieldManager = "engine-suite"): Promise<unknown> {
        const r = await this.request(
            "PATCH",
            `${objectPath(object)}?fieldManager=${fieldManager}&force=true`,
            object,
            "application/apply-patch+yaml",
        );
        if (r.status !== 200 && r.status !== 201)
            throw new Error(`apply ${object.kind} ${object.metadata.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 800)}`);
        return r.body;
    }

    /** A merge patch of a subresource such as `status` (what a controller that cannot run here would write). */
    async patchStatus(apiPath: string, status: unknown): Promise<unknown> {
        const r = await this.request("PATCH", `${apiPath}/status`, { status }, "application/merge-patch+json");
        if (r.status !== 200) throw new Error(`PATCH ${apiPath}/status: ${r.status} ${JSON.stringify(r.body).slice(0, 800)}`);
        return r.body;
    }

    /**
     * Registers a kwok node with its capacity and allocatable in the same request, as a kubelet
     * registers its Node (the API server keeps a Node's status on create: k8s.io/kubernetes v1.33.13
     * pkg/registry/core/node/strategy.go PrepareForCreate clears nothing of it). Created first and
     * sized by a second request, a node could be seen by kwok in between: its node-initialize stage
     * (kwok v0.8.0 kustomize/stage/node/fast/node-initialize.yaml) writes cpu 1k / memory 1Ti where
     * the node has no allocatable yet, and its write could land after ours. The too-small-nodes check
     * met exactly that on 2026-12-06 (a 2 CPU node holding 22 pods). An existing node is resized.
     */
    async addNode(node: NodeSpec): Promise<void> {
        const capacity = { cpu: node.cpu, memory: node.memory, pods: String(node.pods ?? 110), "ephemeral-storage": "500Gi" };
        const status = { capacity, allocatable: { ...capacity, ...node.allocatable } };
        const object = {
            apiVersion: "v1",
            kind: "Node",
            metadata: {
                name: node.name,
                annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
                labels: {
                    "kubernetes.io/hostname": node.name,
                    "kubernetes.io/os": "linux",
                    "kubernetes.io/arch": "amd64",
                    type: "kwok",
                    ...node.labels,
                },
            },
            spec: { taints: node.taints ?? [] },
        };
        const created = await this.request("POST", "/api/v1/nodes", { ...object, status });
        if (created.status === 201) return;
        if (created.status !== 409) throw new Error(`create Node ${node.name}: ${created.status} ${JSON.stringify(created.body).slice(0, 800)}`);
        await this.apply(object);
        await this.patchStatus(`/api/v1/nodes/${node.name}`, status);
    }

    /** Installs the CustomResourceDefinitions of one manifest file and waits until each is Established. */
    async installCrds(file: string): Promise<void> {
        const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))
            .map((d) => d.toJSON() as KubeObject | null)
            .filter((d): d is KubeObject => d !== null);
        for (const crd of docs) {
            if (crd.kind !== "CustomResourceDefinition") throw new Error(`${file}: expected only CustomResourceDefinitions, found ${crd.kind}`);
            await this.apply(crd);
            await this.waitFor(
                `CRD ${crd.metadata.name} to be Established`,
                async () => {
                    const live = (await this.get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`)) as {
                        status?: { conditions?: Array<{ type: string; status: string }> };
                    };
                    return live.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ?? false;
                },
                60_000,
            );
        }
    }

    async waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        let last: unknown;
        while (Date.now() < deadline) {
            try {
                if (await check()) return;
            } catch (e) {
                last = e;
            }
            const dead = this.processes.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
            if (dead) throw new Error(`cluster: ${dead.name} exited while waiting for ${what}; its log: ${this.logTail(dead.name)}`);
            await new Promise((r) => setTimeout(r, everyMs));
        }
        throw new Error(`cluster: timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
    }

    logTail(name: string): string {
        const file = path.join(this.dir, `${name}.log`);
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8").slice(-3000) : "(no log)";
    }

    /** The PIDs of the cluster's processes (the suite checks none is left). */
    pids(): number[] {
        return this.processes.map((p) => p.child.pid).filter((p): p is number => p !== undefined);
    }

    private killAll(): void {
        for (const { child } of [...this.processes].reverse()) {
            if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
                try {
                    process.kill(child.pid, "SIGKILL");
                } catch {
                    /* already gone */
                }
            }
        }
    }

    /** Ends every process by PID and removes the cluster's directory (ENGINE_KEEP keeps it for a post-mortem). */
    stop(): void {
        if (this.stopped) return;
        this.stopped = true;
        this.killAll();
        this.egress?.close();
        this.front?.close();
        this.apiPortHold?.close();
        LIVE.delete(this);
        fs.rmSync(this.etcdDir, { recursive: true, force: true });
        if (!process.env.ENGINE_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; [k: string]: unknown };
    [k: string]: unknown;
}

const CLUSTER_SCOPED = new Set([
    "Node",
    "Namespace",
    "StorageClass",
    "PersistentVolume",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleBinding",
]);

/** The REST path of an object (plural: the kind lower-cased plus "s", or "es"/"ies" where English wants it). */
export function objectPath(o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): string {
    const group = o.apiVersion.includes("/") ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
    const lower = o.kind.toLowerCase();
    const plural = lower.endsWith("y") ? `${lower.slice(0, -1)}ies` : lower.endsWith("s") ? `${lower}es` : `${lower}s`;
    const ns = CLUSTER_SCOPED.has(o.kind) ? "" : `/namespaces/${o.metadata.namespace ?? "default"}`;
    return `${group}${ns}/${plural}/${o.metadata.name}`;
}

/**
 * The default StorageClass: kube-controller-manager's in-tree hostPath
 * provisioner makes a PersistentVolume for each claim (volumeBindingMode
 * Immediate, as that provisioner does not take part in topology-aware
 * binding). allowVolumeExpansion is true so the API server accepts a larger
 * request; no resizer runs here, so a test that grows a claim plays the
 * resizer's part (writes the new capacity) and says so.
 */
function defaultStorageClass(): KubeObject {
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "kubernetes.io/host-path",
        reclaimPolicy: "Delete",
        volumeBindingMode: "Immediate",
        allowVolumeExpansion: true,
    };
}
