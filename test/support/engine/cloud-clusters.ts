// Real Kubernetes clusters behind the fake clouds. The fake EKS and AKS APIs
// (test/support/engine/fake-provider.ts) hand out what the real services hand out,
// an endpoint and a CA, but of a real control plane running on loopback
// (test/support/cluster): creating an EKS or AKS cluster starts one, a node group or
// agent pool registers its nodes (kwok), deleting the cluster stops it. A
// local stack gets a cluster of its own the same way, as the deploying
// machine's current kube context.
//
// The broker runs in the test process, which owns every cluster and stops
// each by PID; the provider plugins (one process per `pulumi` command) reach
// it over HTTP on 127.0.0.1 (FAKE_CLOUD_CLUSTERS).
import * as http from "http";
import type { AddressInfo } from "net";
import { Cluster, type KubeObject, type NodeSpec } from "../cluster/cluster";
import { playControllers, type Cloud } from "./controller-stand-ins";

/** The bearer token the stand-ins for `aws eks get-token` and `kubelogin get-token` hand out; every broker cluster takes it as a cluster admin. */
export const CLOUD_ADMIN_TOKEN = "engine-suite-cloud-deployer-token";

/** What a created cluster hands out. */
export interface ClusterAccess {
    server: string;
    /** Base64 PEM, as EKS `certificateAuthority.data` and kubeconfig `certificate-authority-data` carry it. */
    caData: string;
    /** An admin kubeconfig (client certificate): the deploying machine's own context, for local stacks. */
    kubeconfig: string;
}

export interface ClusterRequest {
    key: string;
    /** The stack whose resource made the cluster (a test finds a stack's cluster by it). */
    stack: string;
    cloud: Cloud;
    /** The region or location the fake cloud put the cluster in (load balancer names carry it). */
    region?: string;
    /** Nodes a cluster gets at creation (local stacks: the machine's own cluster; AKS: its system pool). */
    pools?: Record<string, NodeSpec[]>;
}

/**
 * The StorageClasses a new managed cluster comes with. AKS: `default` (the
 * default class) and `managed-csi` on Standard SSD, `managed-csi-premium`,
 * and the Azure Files classes (learn.microsoft.com/azure/aks/create-volume-azure-disk,
 * "Built-in storage classes"; the program patches the first two to not be
 * default). EKS: none the program relies on (its gp2 class is not a default
 * one on clusters of Kubernetes 1.30 and later), so none here. A local
 * cluster: the default hostPath class of test/support/cluster.
 */
function builtInStorageClasses(cloud: Cloud): KubeObject[] | undefined {
    const disk = (name: string, sku: string, isDefault: boolean): KubeObject => ({
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: {
            name,
            ...(isDefault ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } : {}),
            labels: { "addonmanager.kubernetes.io/mode": "EnsureExists", "kubernetes.io/cluster-service": "true" },
        },
        provisioner: "disk.csi.azure.com",
        parameters: { skuname: sku },
        reclaimPolicy: "Delete",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
    });
    const files = (name: string, sku: string): KubeObject => ({
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name },
        provisioner: "file.csi.azure.com",
        parameters: { skuName: sku },
        reclaimPolicy: "Delete",
        volumeBindingMode: "Immediate",
        allowVolumeExpansion: true,
    });
    if (cloud === "azure")
        return [
            disk("default", "StandardSSD_LRS", true),
            disk("managed-csi", "StandardSSD_LRS", false),
            disk("managed-csi-premium", "Premium_LRS", false),
            files("azurefile-csi", "Standard_LRS"),
            files("azurefile-csi-premium", "Premium_LRS"),
        ];
    if (cloud === "aws") return [];
    return undefined;
}

interface Held {
    stack: string;
    cluster: Cluster;
    stopPlaying: () => void;
    pools: Map<string, string[]>;
}

export class ClusterBroker {
    private readonly clusters = new Map<string, Promise<Held>>();
    private constructor(
        private readonly server: http.Server,
        readonly url: string,
        private readonly crds: string[],
    ) {}

    static async start(crds: string[]): Promise<ClusterBroker> {
        let broker: ClusterBroker | undefined;
        const server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (d: Buffer) => {
                body += d.toString();
            });
            req.on("end", () => {
                (broker as ClusterBroker)
                    .handle(req.method ?? "GET", new URL(req.url ?? "/", "http://127.0.0.1"), body)
                    .then(([status, answer]) => {
                        res.writeHead(status, { "Content-Type": "application/json" });
                        res.end(JSON.stringify(answer));
                    })
                    .catch((e: unknown) => {
                        res.writeHead(500, { "Content-Type": "application/json" });
                        res.end(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
                    });
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        broker = new ClusterBroker(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, crds);
        return broker;
    }

    private async handle(method: string, url: URL, body: string): Promise<[number, unknown]> {
        const key = url.searchParams.get("key") ?? "";
        if (url.pathname === "/clusters" && method === "POST") return [200, await this.ensure(JSON.parse(body) as ClusterRequest)];
        if (url.pathname === "/clusters" && method === "GET") {
            const held = this.clusters.get(key);
            return held ? [200, access(await held)] : [404, { error: `no cluster ${key}` }];
        }
        if (url.pathname === "/clusters" && method === "DELETE") {
            await this.remove(key);
            return [200, {}];
        }
        if (url.pathname === "/workspaces" && method === "DELETE") {
            await this.stopAll(url.searchParams.get("prefix") ?? "\u0000");
            return [200, {}];
        }
        if (url.pathname === "/pools" && method === "PUT") {
            const { pool, nodes } = JSON.parse(body) as { pool: string; nodes: NodeSpec[] };
            await this.setPool(key, pool, nodes);
            return [200, {}];
        }
        if (url.pathname === "/pools" && method === "DELETE") {
            await this.setPool(key, url.searchParams.get("pool") ?? "", []);
            return [200, {}];
        }
        return [404, { error: `${method} ${url.pathname}: no such call` }];
    }

    /** The cluster under `key`, started (with its controllers played) on first ask. */
    ensure(request: ClusterRequest): Promise<ClusterAccess> {
        let held = this.clusters.get(request.key);
        if (held === undefined) {
            held = (async () => {
                // A local stack's cluster (the deploying machine's) starts when the program first reaches it, with its
                // nodes: a stack whose config is refused never does. An EKS or AKS cluster runs once created, as there.
                const local = request.cloud === "local";
                const options = {
                    nodes: local ? Object.values(request.pools ?? {}).flat() : [],
                    crds: this.crds,
                    adminTokens: [CLOUD_ADMIN_TOKEN],
                    storageClasses: builtInStorageClasses(request.cloud),
                };
                const cluster = local ? await Cluster.create(options) : await Cluster.start(options);
                const h: Held = {
                    stack: request.stack,
                    cluster,
                    stopPlaying: playControllers(cluster, request.cloud, request.region ?? "local"),
                    pools: new Map(),
                };
                if (local)
                    for (const pool of Object.keys(request.pools ?? {}))
                        h.pools.set(
                            pool,
                            (request.pools?.[pool] ?? []).map((n) => n.name),
                        );
                const report = () =>
                    process.stdout.write(
                        `      ${request.cloud} cluster ${request.key} on ${cluster.server}: up in ${(cluster.startedInMs / 1000).toFixed(1)} s\n`,
                    );
                cluster.running().then(report, () => undefined);
                return h;
            })();
            this.clusters.set(request.key, held);
            held.catch(() => this.clusters.delete(request.key));
        }
        return held.then(async (h) => {
            for (const [pool, nodes] of Object.entries(request.pools ?? {})) if (!h.pools.has(pool)) await this.setPool(request.key, pool, nodes);
            return access(h);
        });
    }

    /** Makes the pool's nodes exactly `nodes`: registers the missing ones, deletes the others (a scale-in drains nothing here). */
    async setPool(key: string, pool: string, nodes: NodeSpec[]): Promise<void> {
        const held = this.clusters.get(key);
        if (held === undefined) throw new Error(`no cluster ${key} for pool ${pool}`);
        const h = await held;
        const wanted = new Set(nodes.map((n) => n.name));
        for (const name of h.pools.get(pool) ?? []) {
            if (!wanted.has(name)) await h.cluster.request("DELETE", `/api/v1/nodes/${name}`);
        }
        for (const node of nodes) await h.cluster.addNode(node);
        h.pools.set(pool, [...wanted]);
        if (nodes.length > 0) {
            await h.cluster.waitFor(
                `pool ${pool} to be Ready`,
                async () => {
                    const live = (await h.cluster.get("/api/v1/nodes")) as {
                        items: Array<{ metadata: { name: string }; status?: { conditions?: Array<{ type: string; status: string }> } }>;
                    };
                    return nodes.every((n) =>
                        live.items.some(
                            (l) => l.metadata.name === n.name && l.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
                        ),
                    );
                },
                120_000,
            );
        }
    }

    async remove(key: string): Promise<void> {
        const held = this.clusters.get(key);
        this.clusters.delete(key);
        if (held === undefined) return;
        const h = await held.catch(() => undefined);
        h?.stopPlaying();
        h?.cluster.stop();
    }

    /** Stops every cluster whose key starts with `prefix` (a workspace's), or all. */
    async stopAll(prefix = ""): Promise<void> {
        for (const key of [...this.clusters.keys()]) if (key.startsWith(prefix)) await this.remove(key);
    }

    /** The cluster a stack of a workspace (`prefix`) deploys to, for a test that reads it directly. */
    async clusterOf(prefix: string, stack: string): Promise<Cluster | undefined> {
        for (const [key, held] of this.clusters) {
            if (!key.startsWith(prefix)) continue;
            const h = await held.catch(() => undefined);
            if (h?.stack === stack) return h.cluster;
        }
        return undefined;
    }

    async close(): Promise<void> {
        await this.stopAll();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
}

function access(h: Held): ClusterAccess {
    return { server: h.cluster.server, caData: Buffer.from(h.cluster.caCertificate()).toString("base64"), kubeconfig: h.cluster.kubeconfig() };
}

/** A call from a provider plugin to the broker of its workspace (FAKE_CLOUD_CLUSTERS). */
export function brokerCall<T>(
    method: string,
    call: string,
    query: Record<string, string>,
    body?: unknown,
    env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
    const base = env.FAKE_CLOUD_CLUSTERS;
    if (!base) throw new Error("FAKE_CLOUD_CLUSTERS is not set: the fake clouds create real clusters only inside the engine suite");
    const url = new URL(call, base);
    // Keys are the workspace's own (FAKE_CLOUD_CLUSTER_PREFIX): two workspaces never share a cluster.
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, k === "key" ? `${env.FAKE_CLOUD_CLUSTER_PREFIX ?? ""}${v}` : v);
    const withKey =
        body !== null && typeof body === "object" && "key" in body
            ? { ...body, key: `${env.FAKE_CLOUD_CLUSTER_PREFIX ?? ""}${String((body as { key: unknown }).key)}` }
            : body;
    const payload = withKey === undefined ? undefined : JSON.stringify(withKey);
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method, headers: payload === undefined ? {} : { "Content-Type": "application/json" } }, (res) => {
            let text = "";
            res.on("data", (d: Buffer) => {
                text += d.toString();
            });
            res.on("end", () => {
                const parsed = JSON.parse(text || "{}") as T & { error?: string };
                if ((res.statusCode ?? 500) >= 300) reject(new Error(`cluster broker: ${method} ${call}: ${parsed.error ?? res.statusCode}`));
                else resolve(parsed);
            });
        });
        req.on("error", reject);
        if (payload !== undefined) req.write(payload);
        req.end();
    });
}
