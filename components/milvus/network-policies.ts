// NetworkPolicies for the release: etcd, MinIO and Pulsar run without
// authentication, so each admits only the Milvus pods and its own peers (and
// MinIO the milvus-backup pods, when the stack runs them: backup.ts);
// Milvus admits its own namespace, the configured client and monitoring
// namespaces, and the load balancer path when it is exposed. Ingress rules
// only: egress (DNS, the cloud's object store and queue) is left open.
// `networkPolicies` is pure; `registerNetworkPolicies` creates one
// NetworkPolicy per entry under MilvusRelease.
//
// Pod labels are the chart's (zilliztech/milvus-helm 5.0.19, rendered with
// helm 3.17.2): Milvus and Attu pods carry milvus.matchLabels
// (app.kubernetes.io/name, app.kubernetes.io/instance); etcd (bitnami 8.12.0)
// app.kubernetes.io/name=etcd and app.kubernetes.io/instance; MinIO (8.0.17)
// app=minio and release; Pulsar (pulsarv3, 3.3.0) app=pulsarv3 and release,
// and its two init Jobs' pods carry only the Job's name.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { MilvusSettings } from "../config/resolve";
import type { ReleaseContext } from "./context";
import { MILVUS_GRPC_PORT, backupPodSelector, releaseSelector } from "../shared/chart-names";

/** Milvus's metrics port (also /healthz and /management). */
export const MILVUS_METRICS_PORT = 9091;
/** Attu's HTTP port (templates/attu-deployment.yaml). */
export const ATTU_PORT = 3000;

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: "In"; values: string[] }> };
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: { cidr: string } };
type Port = { port: number; protocol: "TCP" };

export interface PolicySpec {
    /** The NetworkPolicy's name, and the suffix of its Pulumi name. */
    name: string;
    target: string;
    spec: {
        podSelector: Selector;
        policyTypes: ["Ingress"];
        ingress: Array<{ from?: Peer[]; ports?: Port[] }>;
    };
}

export interface NetworkPolicyInputs {
    milvus: Pick<MilvusSettings, "releaseName" | "values" | "networkPolicies" | "exposure" | "attu" | "messageQueue" | "backup">;
    /** In-cluster MinIO (the platform has no cloud bucket). */
    inClusterMinio: boolean;
    /** The sources the load balancer admits, and the cluster's own network (LB health checks, SNAT from nodes). */
    loadBalancerSources: string[];
    networkRanges: string[];
}

const tcp = (port: number): Port => ({ port, protocol: "TCP" });
const namespaces = (names: string[]): Peer => ({
    namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: names }] },
});

/** Every NetworkPolicy the release gets; none when `milvus.networkPolicies.enabled` is false. */
export function networkPolicies(inputs: NetworkPolicyInputs): PolicySpec[] {
    const { milvus } = inputs;
    const np = milvus.networkPolicies;
    if (!np.enabled) return [];
    const release = milvus.releaseName;
    const milvusPods: Selector = { matchLabels: releaseSelector(release, milvus.values.nameOverride) };
    const fromMilvus: Peer = { podSelector: milvusPods };
    const policies: PolicySpec[] = [];

    const milvusRules: PolicySpec["spec"]["ingress"] = [
        // Clients and the components themselves, in the release's namespace.
        { from: [{ podSelector: {} }] },
    ];
    if (np.clientNamespaces.length > 0) milvusRules.push({ from: [namespaces(np.clientNamespaces)], ports: [tcp(MILVUS_GRPC_PORT)] });
    if (np.monitoringNamespaces.length > 0) milvusRules.push({ from: [namespaces(np.monitoringNamespaces)], ports: [tcp(MILVUS_METRICS_PORT)] });
    if (milvus.exposure.type !== "clusterIP") {
        const cidrs = [...new Set([...inputs.loadBalancerSources, ...inputs.networkRanges])];
        milvusRules.push({ from: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(MILVUS_GRPC_PORT)] });
    }
    if (milvus.attu.enabled && milvus.attu.ingress.enabled) {
        // The ingress controller (in its own namespace, or an ALB in the VPC) filters the clients.
        milvusRules.push({ ports: [tcp(ATTU_PORT)] });
    }
    policies.push({ name: `${release}-milvus`, target: "milvus", spec: { podSelector: milvusPods, policyTypes: ["Ingress"], ingress: milvusRules } });

    const etcdPods: Selector = { matchLabels: { "app.kubernetes.io/name": "etcd", "app.kubernetes.io/instance": release } };
    policies.push({
        name: `${release}-etcd`,
        target: "etcd",
        spec: { podSelector: etcdPods, policyTypes: ["Ingress"], ingress: [{ from: [fromMilvus, { podSelector: etcdPods }] }] },
    });

    if (inputs.inClusterMinio) {
        const minioPods: Selector = { matchLabels: { app: "minio", release } };
        // milvus-backup (backup.ts) reads and writes the bucket when backups or a restore are configured.
        const backupPods: Peer[] =
            milvus.backup.enabled || milvus.backup.restore ? [{ podSelector: { matchLabels: backupPodSelector(release) } }] : [];
        policies.push({
            name: `${release}-minio`,
            target: "minio",
            spec: { podSelector: minioPods, policyTypes: ["Ingress"], ingress: [{ from: [fromMilvus, { podSelector: minioPods }, ...backupPods] }] },
        });
    }
    if (milvus.messageQueue === "pulsar") {
        const pulsarPods: Selector = { matchLabels: { app: "pulsarv3", release } };
        const initJobs: Selector = {
            matchExpressions: [
                {
                    key: "batch.kubernetes.io/job-name",
                    operator: "In",
                    values: [`${release}-pulsarv3-pulsar-init`, `${release}-pulsarv3-bookie-init`],
                },
            ],
        };
        policies.push({
            name: `${release}-pulsar`,
            target: "pulsar",
            spec: {
                podSelector: pulsarPods,
                policyTypes: ["Ingress"],
                ingress: [{ from: [fromMilvus, { podSelector: pulsarPods }, { podSelector: initJobs }] }],
            },
        });
    }
    return policies;
}

/**
 * The NetworkPolicies, in place before the chart's pods start. Which policies exist follows from the settings
 * alone; their rules wait for the load balancer's sources and the cluster's network ranges.
 */
export function registerNetworkPolicies(
    ctx: ReleaseContext,
    sources: pulumi.Output<Pick<NetworkPolicyInputs, "loadBalancerSources" | "networkRanges">>,
): k8s.networking.v1.NetworkPolicy[] {
    const { milvus } = ctx;
    const inClusterMinio = ctx.platform.objectStore.kind === "minio";
    const targets = networkPolicies({ milvus, inClusterMinio, loadBalancerSources: [], networkRanges: [] });
    return targets.map(
        ({ target, name }) =>
            new k8s.networking.v1.NetworkPolicy(
                `${ctx.name}-${target}-network-policy`,
                {
                    metadata: { name, namespace: ctx.namespace, labels: ctx.labels },
                    spec: sources.apply((s) => {
                        const found = networkPolicies({ milvus, inClusterMinio, ...s }).find((p) => p.target === target);
                        if (!found) throw new Error(`network policy ${target} is missing once the platform's values are known`);
                        return found.spec;
                    }),
                },
                ctx.options(),
            ),
    );
}
