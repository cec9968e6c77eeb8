// NetworkPolicies: each dependency admits only Milvus pods and its peers;
// Milvus admits its namespace, the configured namespaces and, when exposed,
// its load balancer's sources. Checked on the pure function and on what a
// stack registers (under the mocks).
import * as assert from "assert";
import { localPlatform } from "../components/local/module";
import { resolveMilvus } from "../components/config/resolve";
import type { MilvusInput } from "../components/config/schema";
import { networkPolicies, type PolicySpec } from "../components/milvus/network-policies";
import { at, ofType } from "./support/unit/inspect";
import { evaluateStack } from "./support/unit/stacks";

const milvus = (m: MilvusInput = {}) => resolveMilvus(localPlatform.capabilities(undefined), "dev", m);
const byTarget = (policies: PolicySpec[]) => Object.fromEntries(policies.map((p) => [p.target, p]));
const MILVUS_PODS = { "app.kubernetes.io/name": "milvus", "app.kubernetes.io/instance": "milvus" };

describe("network policies", () => {
    it("etcd admits only the Milvus pods and its own peers", () => {
        const { etcd } = byTarget(networkPolicies({ milvus: milvus(), inClusterMinio: true, loadBalancerSources: [], networkRanges: [] }));
        assert.deepStrictEqual(etcd.spec.podSelector, { matchLabels: { "app.kubernetes.io/name": "etcd", "app.kubernetes.io/instance": "milvus" } });
        assert.deepStrictEqual(etcd.spec.ingress, [
            { from: [{ podSelector: { matchLabels: MILVUS_PODS } }, { podSelector: etcd.spec.podSelector }] },
        ]);
        assert.deepStrictEqual(etcd.spec.policyTypes, ["Ingress"]);
    });

    it("MinIO only when it runs in the cluster; Pulsar only when it is the queue, with its init Jobs admitted", () => {
        const bucket = byTarget(networkPolicies({ milvus: milvus(), inClusterMinio: false, loadBalancerSources: [], networkRanges: [] }));
        assert.deepStrictEqual(Object.keys(bucket).sort(), ["etcd", "milvus"]);
        const pulsar = byTarget(
            networkPolicies({
                milvus: milvus({ mode: "cluster", messageQueue: "pulsar" }),
                inClusterMinio: true,
                loadBalancerSources: [],
                networkRanges: [],
            }),
        );
        assert.deepStrictEqual(Object.keys(pulsar).sort(), ["etcd", "milvus", "minio", "pulsar"]);
        assert.deepStrictEqual(pulsar.minio.spec.podSelector, { matchLabels: { app: "minio", release: "milvus" } });
        const peers = pulsar.pulsar.spec.ingress[0].from ?? [];
        assert.deepStrictEqual(
            peers.map((p) => p.podSelector),
            [
                { matchLabels: MILVUS_PODS },
                { matchLabels: { app: "pulsarv3", release: "milvus" } },
                // The chart's pulsar-init and bookie-init Jobs set no pod labels: their pods carry only the Job's name.
                {
                    matchExpressions: [
                        {
                            key: "batch.kubernetes.io/job-name",
                            operator: "In",
                            values: ["milvus-pulsarv3-pulsar-init", "milvus-pulsarv3-bookie-init"],
                        },
                    ],
                },
            ],
        );
    });

    it("Milvus: its own namespace by default; client namespaces on 19530 and monitoring namespaces on 9091 when configured", () => {
        const plain = byTarget(
            networkPolicies({ milvus: milvus(), inClusterMinio: true, loadBalancerSources: [], networkRanges: ["10.0.0.0/16"] }),
        ).milvus;
        assert.deepStrictEqual(plain.spec.ingress, [{ from: [{ podSelector: {} }] }], "clusterIP: nothing from outside the namespace");
        const wide = byTarget(
            networkPolicies({
                milvus: milvus({ networkPolicies: { clientNamespaces: ["search-api"], monitoringNamespaces: ["monitoring"] } }),
                inClusterMinio: true,
                loadBalancerSources: [],
                networkRanges: [],
            }),
        ).milvus;
        assert.deepStrictEqual(wide.spec.ingress.slice(1), [
            {
                from: [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["search-api"] }] } }],
                ports: [{ port: 19530, protocol: "TCP" }],
            },
            {
                from: [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["monitoring"] }] } }],
                ports: [{ port: 9091, protocol: "TCP" }],
            },
        ]);
    });

    it("exposed: the load balancer's sources and the cluster network reach 19530, nothing else", () => {
        const exposed = byTarget(
            networkPolicies({
                milvus: milvus({ exposure: { type: "public", sourceRanges: ["81.2.69.0/24"] } }),
                inClusterMinio: true,
                loadBalancerSources: ["81.2.69.0/24"],
                networkRanges: ["10.42.0.0/16"],
            }),
        ).milvus;
        assert.deepStrictEqual(exposed.spec.ingress[1], {
            from: [{ ipBlock: { cidr: "81.2.69.0/24" } }, { ipBlock: { cidr: "10.42.0.0/16" } }],
            ports: [{ port: 19530, protocol: "TCP" }],
        });
    });

    it("off when milvus.networkPolicies.enabled is false", () => {
        assert.deepStrictEqual(
            networkPolicies({
                milvus: milvus({ networkPolicies: { enabled: false } }),
                inClusterMinio: true,
                loadBalancerSources: [],
                networkRanges: [],
            }),
            [],
        );
    });

    for (const stack of ["local-cluster", "aws-prod", "azure-prod"]) {
        it(`${stack}: the policies are registered in the Milvus namespace, before the chart`, async () => {
            const { resources } = await evaluateStack(stack);
            const policies = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
            const etcd = policies.find((p) => (at(p.inputs, "metadata.name") as string).endsWith("-etcd"));
            assert.ok(etcd, "an etcd policy");
            assert.strictEqual(at(etcd.inputs, "metadata.namespace"), "milvus");
            const chart = resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "milvus");
            assert.ok(chart && policies.every((p) => chart.dependencies.includes(p.urn)), "the chart waits for every policy");
        });
    }

    it("aws-prod (internal exposure, no ranges configured): the VPC's CIDR reaches the Milvus port through the NLB", async () => {
        const { resources } = await evaluateStack("aws-prod");
        const vpc = ofType(resources, "aws:ec2/vpc:Vpc")[0];
        const policy = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find(
            (p) => at(p.inputs, "metadata.name") === "milvus-milvus",
        );
        const rules = at(policy?.inputs, "spec.ingress") as Array<{ from?: Array<{ ipBlock?: { cidr: string } }>; ports?: Array<{ port: number }> }>;
        assert.deepStrictEqual(
            rules.filter((r) => r.from?.some((f) => f.ipBlock)).map((r) => [r.from?.map((f) => f.ipBlock?.cidr), r.ports?.map((p) => p.port)]),
            [[[vpc.inputs.cidrBlock], [19530]]],
        );
    });

    it("EKS: the VPC CNI add-on turns its network policy agent on (otherwise policies are not enforced)", async () => {
        const { resources } = await evaluateStack("aws-dev");
        const cni = ofType(resources, "aws:eks/addon:Addon").find((a) => a.inputs.addonName === "vpc-cni");
        assert.deepStrictEqual(JSON.parse(String(cni?.inputs.configurationValues)), { enableNetworkPolicy: "true" });
    });
});
