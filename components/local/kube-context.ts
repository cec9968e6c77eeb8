// Before anything is created on a local stack: the kube context the program
// will deploy to exists, and its cluster answers. Without this check a
// missing kind cluster shows up minutes into `pulumi up`, as whatever the
// Kubernetes provider prints about its first failed call.
//
// Which kubeconfig and context, as kubectl and the Kubernetes provider read
// them (kubernetes/kubernetes staging/src/k8s.io/client-go/tools/clientcmd/
// loader.go at v1.33.13, ClientConfigLoadingRules.Load: the files of
// $KUBECONFIG in order, the first to set a name or current-context wins; else
// ~/.kube/config; pulumi-kubernetes v4.25.0 provider/pkg/provider/provider.go
// takes `kubeconfig` as either a path or the file's contents, and `context`
// over the current one).
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { RunError } from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import type { LocalSettings } from "./config";

interface Named {
    name: string;
    value: Record<string, unknown>;
}

export interface KubeCluster {
    server: string;
    ca?: Buffer;
    insecure: boolean;
    tlsServerName?: string;
    proxyUrl?: string;
}

/** The kubeconfig as the program will use it: where it came from, and its merged contexts and clusters. */
export interface KubeconfigView {
    /** For messages: the file(s) read, or "local.kubeconfig (inline)". */
    source: string;
    currentContext?: string;
    contexts: Map<string, { cluster?: string }>;
    clusters: Map<string, KubeCluster>;
}

function entries(doc: Record<string, unknown>, key: string): Named[] {
    const list = doc[key];
    if (!Array.isArray(list)) return [];
    return list.flatMap((item: unknown) => {
        if (typeof item !== "object" || item === null) return [];
        const entry = item as Record<string, unknown>;
        const inner = entry[key.slice(0, -1)];
        return typeof entry.name === "string" && typeof inner === "object" && inner !== null
            ? [{ name: entry.name, value: inner as Record<string, unknown> }]
            : [];
    });
}

function readFileRelative(file: string | undefined, base: string): Buffer | undefined {
    return file === undefined ? undefined : fs.readFileSync(path.isAbsolute(file) ? file : path.join(base, file));
}

/** Adds one kubeconfig document to the view; names already set (by an earlier file) win. */
function merge(view: KubeconfigView, text: string, baseDir: string): void {
    const doc: unknown = parseYaml(text);
    if (typeof doc !== "object" || doc === null) return;
    const record = doc as Record<string, unknown>;
    if (view.currentContext === undefined && typeof record["current-context"] === "string" && record["current-context"] !== "") {
        view.currentContext = record["current-context"];
    }
    for (const { name, value } of entries(record, "contexts")) {
        if (!view.contexts.has(name)) view.contexts.set(name, { cluster: typeof value.cluster === "string" ? value.cluster : undefined });
    }
    for (const { name, value } of entries(record, "clusters")) {
        if (view.clusters.has(name) || typeof value.server !== "string") continue;
        const caData = value["certificate-authority-data"];
        const caFile = value["certificate-authority"];
        view.clusters.set(name, {
            server: value.server,
            ca:
                typeof caData === "string"
                    ? Buffer.from(caData, "base64")
                    : readFileRelative(typeof caFile === "string" ? caFile : undefined, baseDir),
            insecure: value["insecure-skip-tls-verify"] === true,
            tlsServerName: typeof value["tls-server-name"] === "string" ? value["tls-server-name"] : undefined,
            proxyUrl: typeof value["proxy-url"] === "string" ? value["proxy-url"] : undefined,
        });
    }
}

/** Whether local.kubeconfig holds a kubeconfig's contents rather than a path (the provider accepts both). */
function isInlineKubeconfig(value: string): boolean {
    return value.includes("\n") || /^\s*(apiVersion|clusters|contexts|current-context|kind)\s*:/m.test(value);
}

/**
 * The kubeconfig the Kubernetes provider will read for these settings; throws
 * a RunError when there is none.
 */
export function readKubeconfig(
    settings: Pick<LocalSettings, "kubeconfig">,
    env: NodeJS.ProcessEnv = process.env,
    home: string = os.homedir(),
): KubeconfigView {
    const view = (source: string): KubeconfigView => ({ source, contexts: new Map(), clusters: new Map() });
    if (settings.kubeconfig !== undefined && isInlineKubeconfig(settings.kubeconfig)) {
        const v = view("local.kubeconfig (inline)");
        merge(v, settings.kubeconfig, process.cwd());
        return v;
    }
    const files =
        settings.kubeconfig !== undefined
            ? [settings.kubeconfig]
            : env.KUBECONFIG
              ? env.KUBECONFIG.split(path.delimiter).filter(Boolean)
              : [path.join(home, ".kube", "config")];
    const existing = files.filter((f) => fs.existsSync(f));
    const from = settings.kubeconfig !== undefined ? "local.kubeconfig" : env.KUBECONFIG ? "$KUBECONFIG" : "the default location";
    if (existing.length === 0) {
        throw noCluster(`no kubeconfig: ${files.join(path.delimiter)} (${from}) does not exist.`);
    }
    const v = view(existing.join(path.delimiter));
    for (const file of existing) merge(v, fs.readFileSync(file, "utf8"), path.dirname(file));
    return v;
}

const GET_A_CLUSTER =
    "Get a cluster and a context for it first, for example `kind create cluster` (https://kind.sigs.k8s.io), " +
    "or point the stack at one: milvus-on-clouds:local.context (kubectl config get-contexts) and milvus-on-clouds:local.kubeconfig.";

function noCluster(reason: string): RunError {
    return new RunError(
        `The local platform deploys to an existing Kubernetes cluster, and it has none to deploy to; nothing was created.\n  ${reason}\n${GET_A_CLUSTER}`,
    );
}

/** The context and cluster the program will use; throws a RunError naming what is missing. */
export function chosenCluster(view: KubeconfigView, settings: Pick<LocalSettings, "context">): { context: string; cluster: KubeCluster } {
    const context = settings.context ?? view.currentContext;
    const known = [...view.contexts.keys()];
    const knownText = known.length > 0 ? `its contexts: ${known.join(", ")}` : "it has no contexts";
    if (context === undefined) {
        throw noCluster(`the kubeconfig ${view.source} has no current-context and local.context is not set (${knownText}).`);
    }
    const entry = view.contexts.get(context);
    const from = settings.context !== undefined ? "local.context" : "the current context";
    if (entry === undefined) {
        throw noCluster(`kube context "${context}" (${from}) is not in the kubeconfig ${view.source} (${knownText}).`);
    }
    const cluster = entry.cluster === undefined ? undefined : view.clusters.get(entry.cluster);
    if (cluster === undefined) {
        throw noCluster(`kube context "${context}" names the cluster "${entry.cluster ?? ""}", which the kubeconfig ${view.source} does not define.`);
    }
    return { context, cluster };
}

/**
 * Resolves with undefined when the API server answers anything over HTTPS
 * (even 401/403: reachability, not authorization, is what is checked here;
 * the provider authenticates later), or with the reason it did not.
 */
export function probeApiServer(cluster: KubeCluster, timeoutMs: number): Promise<string | undefined> {
    return new Promise((resolve) => {
        let url: URL;
        try {
            url = new URL("/version", cluster.server);
        } catch {
            resolve(`its server "${cluster.server}" is not a URL`);
            return;
        }
        if (url.protocol !== "https:") {
            // Plain HTTP API servers are rare and legacy; the provider handles them, this check does not.
            resolve(undefined);
            return;
        }
        const request = https.request(
            url,
            {
                method: "GET",
                ca: cluster.ca,
                rejectUnauthorized: !cluster.insecure,
                servername: cluster.tlsServerName,
                timeout: timeoutMs,
            },
            (response) => {
                response.resume();
                resolve(undefined);
            },
        );
        request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
        request.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ? `${err.code}: ${err.message}` : err.message));
        request.end();
    });
}

/** The whole check: throws one RunError (no stack trace under the CLI) when the cluster cannot be used. */
export async function requireReachableCluster(settings: Pick<LocalSettings, "kubeconfig" | "context">, timeoutMs = 10_000): Promise<void> {
    const { context, cluster } = chosenCluster(readKubeconfig(settings), settings);
    // Through a proxy the API server is not reached directly; the provider uses the proxy, and so would this check have to.
    if (cluster.proxyUrl !== undefined) return;
    const problem = await probeApiServer(cluster, timeoutMs);
    if (problem !== undefined) {
        throw noCluster(
            `the cluster of kube context "${context}" (${cluster.server}) did not answer: ${problem}. ` +
                `Is it running? (kind get clusters; kubectl --context ${context} cluster-info)`,
        );
    }
}
