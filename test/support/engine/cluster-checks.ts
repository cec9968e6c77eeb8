// Assertions on what a real cluster holds after the program ran: the objects
// themselves, read from the API server, not what Pulumi reported.
import * as assert from "assert";
import { gunzipSync } from "zlib";
import { parseCpu, parseGiB } from "../../../components/sizing/quantities";
import type { Cluster } from "../cluster/cluster";

export interface Meta {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string }>;
}
export interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
export interface Container {
    name: string;
    image: string;
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
}
export interface Pod {
    metadata: Meta;
    spec: { nodeName?: string; containers: Container[]; initContainers?: Container[] };
    status: { phase?: string; conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
}
interface List<T> {
    items: T[];
}

export async function list<T>(cluster: Cluster, apiPath: string): Promise<T[]> {
    return ((await cluster.get(apiPath)) as List<T>).items;
}

/** Whether a label selector (as PDBs and NetworkPolicies carry it) selects these labels (apimachinery labels.Selector semantics). */
export function selects(selector: LabelSelector, labels: Record<string, string> = {}): boolean {
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
    for (const e of selector.matchExpressions ?? []) {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        const value = labels[e.key];
        switch (e.operator) {
            case "In":
                if (!has || !(e.values ?? []).includes(value)) return false;
                break;
            case "NotIn":
                if (has && (e.values ?? []).includes(value)) return false;
                break;
            case "Exists":
                if (!has) return false;
                break;
            case "DoesNotExist":
                if (has) return false;
                break;
            default:
                throw new Error(`unknown selector operator ${e.operator}`);
        }
    }
    return true;
}

export const isReady = (p: Pod) => p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

/** Every pod of the namespace that is not a finished Job pod. */
export async function runningPods(cluster: Cluster, namespace: string): Promise<Pod[]> {
    const pods = await list<Pod>(cluster, `/api/v1/namespaces/${namespace}/pods`);
    return pods.filter((p) => p.status.phase !== "Succeeded" && p.status.phase !== "Failed");
}

/** Each PodDisruptionBudget selects at least one of the chart's pods, and only pods of its own component. */
export async function assertDisruptionBudgetsSelectPods(cluster: Cluster, namespace: string): Promise<number> {
    const pdbs = await list<{ metadata: Meta; spec: { selector: LabelSelector } }>(
        cluster,
        `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets`,
    );
    const pods = await runningPods(cluster, namespace);
    for (const pdb of pdbs) {
        const selected = pods.filter((p) => selects(pdb.spec.selector, p.metadata.labels));
        assert.ok(
            selected.length > 0,
            `PodDisruptionBudget ${pdb.metadata.name} selects no pod (selector ${JSON.stringify(pdb.spec.selector)}); pods: ${pods.map((p) => p.metadata.name).join(", ")}`,
        );
    }
    return pdbs.length;
}

/** The `component` labels of the pods some PodDisruptionBudget of the namespace selects. */
export async function componentsUnderBudget(cluster: Cluster, namespace: string): Promise<string[]> {
    const pdbs = await list<{ spec: { selector: LabelSelector } }>(cluster, `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets`);
    const pods = await runningPods(cluster, namespace);
    const covered = pods.filter((p) => pdbs.some((b) => selects(b.spec.selector, p.metadata.labels))).map((p) => p.metadata.labels?.component ?? "");
    return [...new Set(covered)].filter((c) => c !== "").sort();
}

/**
 * Each NetworkPolicy selects pods that exist, and every running pod of the
 * namespace is selected by at least one policy (nothing left open by a label
 * the chart does not set).
 */
export async function assertNetworkPoliciesSelectPods(cluster: Cluster, namespace: string): Promise<number> {
    const policies = await list<{ metadata: Meta; spec: { podSelector: LabelSelector } }>(
        cluster,
        `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
    );
    const pods = await runningPods(cluster, namespace);
    for (const policy of policies) {
        const selected = pods.filter((p) => selects(policy.spec.podSelector, p.metadata.labels));
        assert.ok(
            selected.length > 0,
            `NetworkPolicy ${policy.metadata.name} selects no pod (podSelector ${JSON.stringify(policy.spec.podSelector)})`,
        );
    }
    if (policies.length > 0) {
        const uncovered = pods.filter((p) => !policies.some((pol) => selects(pol.spec.podSelector, p.metadata.labels)));
        assert.deepStrictEqual(
            uncovered.map((p) => p.metadata.name),
            [],
            "pods no NetworkPolicy selects",
        );
    }
    return policies.length;
}

/** The credentials Secret holds the root password, and no ConfigMap of the namespace holds it (nor any Secret value of it). */
export async function assertCredentialsOnlyInSecret(cluster: Cluster, namespace: string, secretName: string, key: string): Promise<string> {
    const secret = (await cluster.get(`/api/v1/namespaces/${namespace}/secrets/${secretName}`)) as { data?: Record<string, string> };
    const encoded = secret.data?.[key];
    assert.ok(encoded, `Secret ${secretName} has no ${key}`);
    const password = Buffer.from(encoded, "base64").toString("utf8");
    assert.ok(password.length >= 16, `the root password in ${secretName} is ${password.length} characters`);
    const leaks = [
        ...(await list<{ metadata: Meta; data?: Record<string, string> }>(cluster, `/api/v1/namespaces/${namespace}/configmaps`))
            .filter((c) => JSON.stringify(c.data ?? {}).includes(password))
            .map((c) => `ConfigMap ${c.metadata.name}`),
        ...(await runningPods(cluster, namespace)).flatMap((p) =>
            [...p.spec.containers, ...(p.spec.initContainers ?? [])]
                .filter((c) => (c.env ?? []).some((e) => e.value?.includes(password)))
                .map((c) => `plain env of ${p.metadata.name}/${c.name}`),
        ),
    ];
    assert.deepStrictEqual(leaks, [], "the root password is readable outside its Secret");
    return password;
}

export interface Claim {
    metadata: Meta;
    spec: { resources: { requests: { storage: string } }; storageClassName?: string; volumeName?: string };
    status: { phase?: string; capacity?: { storage?: string } };
}

export async function claims(cluster: Cluster, namespace: string): Promise<Claim[]> {
    return list<Claim>(cluster, `/api/v1/namespaces/${namespace}/persistentvolumeclaims`);
}

export async function assertClaimsBound(cluster: Cluster, namespace: string): Promise<Claim[]> {
    const all = await claims(cluster, namespace);
    const unbound = all.filter((c) => c.status.phase !== "Bound").map((c) => `${c.metadata.name}: ${c.status.phase}`);
    assert.deepStrictEqual(unbound, [], "claims not Bound");
    return all;
}

/** Helm's release records (Secrets of type helm.sh/release.v1, one per revision) in the namespace. */
export async function helmRevisions(cluster: Cluster, namespace: string, release: string): Promise<Array<{ revision: number; status: string }>> {
    const secrets = await list<{ metadata: Meta; type: string }>(
        cluster,
        `/api/v1/namespaces/${namespace}/secrets?labelSelector=owner%3Dhelm,name%3D${release}`,
    );
    return secrets
        .filter((s) => s.type === "helm.sh/release.v1")
        .map((s) => ({ revision: Number(s.metadata.labels?.version), status: String(s.metadata.labels?.status) }))
        .sort((a, b) => a.revision - b.revision);
}

/**
 * The values a Helm release was installed or upgraded with (its `config`), as
 * Helm stores them: the latest `sh.helm.release.v1.<release>.v<revision>`
 * Secret's `release` key, base64 of base64 of gzipped JSON (helm.sh/helm/v3
 * pkg/storage/driver/util.go encodeRelease).
 */
export async function helmReleaseValues(cluster: Cluster, namespace: string, release: string): Promise<Record<string, unknown>> {
    const revisions = await helmRevisions(cluster, namespace, release);
    const latest = revisions[revisions.length - 1];
    assert.ok(latest, `no Helm release ${release} in ${namespace}`);
    const secret = (await cluster.get(`/api/v1/namespaces/${namespace}/secrets/sh.helm.release.v1.${release}.v${latest.revision}`)) as {
        data: { release: string };
    };
    const gzipped = Buffer.from(Buffer.from(secret.data.release, "base64").toString("utf8"), "base64");
    return (JSON.parse(gunzipSync(gzipped).toString("utf8")) as { config?: Record<string, unknown> }).config ?? {};
}

/** The names of the Jobs of a namespace (or of the whole cluster), as `namespace/name`. */
export async function jobNames(cluster: Cluster, namespace?: string): Promise<string[]> {
    const jobs = await list<{ metadata: Meta }>(cluster, namespace ? `/apis/batch/v1/namespaces/${namespace}/jobs` : "/apis/batch/v1/jobs");
    return jobs.map((j) => `${j.metadata.namespace}/${j.metadata.name}`).sort();
}

/** A pod's requests as the scheduler adds them up: its containers' (init containers run first and alone, so at most their largest). */
export function podRequests(pod: Pod): { cpu: number; memoryGiB: number } {
    const sum = (cs: Container[]) =>
        cs.reduce(
            (t, c) => ({
                cpu: t.cpu + parseCpu(c.resources?.requests?.cpu ?? "0"),
                memoryGiB: t.memoryGiB + parseGiB(c.resources?.requests?.memory ?? "0"),
            }),
            { cpu: 0, memoryGiB: 0 },
        );
    const main = sum(pod.spec.containers);
    const init = (pod.spec.initContainers ?? []).map((c) => sum([c]));
    return {
        cpu: Math.max(main.cpu, ...init.map((i) => i.cpu)),
        memoryGiB: Math.max(main.memoryGiB, ...init.map((i) => i.memoryGiB)),
    };
}

/** The scheduler's verdict on a pod it could not place: PodScheduled False, Unschedulable, and its message. */
export function unschedulable(pod: Pod): string | undefined {
    const c = pod.status.conditions?.find((x) => x.type === "PodScheduled");
    return c?.status === "False" && c.reason === "Unschedulable" ? (c.message ?? "") : undefined;
}
