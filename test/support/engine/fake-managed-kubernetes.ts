// The fake EKS and AKS APIs hand out real clusters (test/support/engine/cloud-clusters.ts):
// the endpoint and CA a created cluster reports are a real control plane's,
// each node group or agent pool registers its nodes with the labels, taints
// and capacity the cloud would give them, and deleting the cluster stops it.
// Everything else about these resources stays the fake cloud's answer.
import { instanceSize } from "../../../components/sizing/nodes";
import type { NodeSpec } from "../cluster/cluster";
import { brokerCall, type ClusterAccess } from "./cloud-clusters";
import { parseUrn, reveal, type Props } from "./fake-cloud";

const EKS_CLUSTER = "aws:eks/cluster:Cluster";
const EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const AKS_CLUSTER = "azure-native:containerservice:ManagedCluster";
const AKS_POOL = "azure-native:containerservice:AgentPool";
export const AKS_USER_CREDENTIALS = "azure-native:containerservice:listManagedClusterUserCredentials";

/** EKS's taint effects (the API's enum) as Kubernetes writes them on the node. */
const EKS_EFFECT: Record<string, string> = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" };

const str = (v: unknown): string => String(v ?? "");
/** EKS: the stack's cluster of that name (the fake account holds every stack's). AKS: as Azure keys it, by resource group and name. */
const eksKey = (stack: string, clusterName: string) => `aws/${stack}/${clusterName}`;
const aksKey = (resourceGroup: string, clusterName: string) => `azure/${resourceGroup}/${clusterName}`;

function nodes(
    pool: string,
    count: number,
    machine: string,
    zones: string[],
    labels: Record<string, string>,
    taints: NodeSpec["taints"],
): NodeSpec[] {
    const size = instanceSize(machine);
    return Array.from({ length: count }, (_, i) => ({
        name: `${pool}-${i}`.toLowerCase().replace(/[^a-z0-9-]/g, "-"),
        cpu: String(size.cpu),
        memory: `${size.memoryGiB}Gi`,
        labels: {
            "node.kubernetes.io/instance-type": machine,
            ...(zones.length > 0 ? { "topology.kubernetes.io/zone": zones[i % zones.length] } : {}),
            ...labels,
        },
        taints,
    }));
}

/** EKS: the node group's desired size of its first instance type, spread over the region's zones. */
function eksPool(inputs: Props, name: string): { cluster: string; pool: string; nodes: NodeSpec[] } {
    const scaling = (inputs.scalingConfig ?? {}) as { desiredSize?: number };
    const taints = ((inputs.taints ?? []) as Array<{ key: string; value?: string; effect: string }>).map((t) => ({
        key: t.key,
        value: t.value,
        effect: EKS_EFFECT[t.effect] ?? t.effect,
    }));
    const labels = { ...(inputs.labels as Record<string, string> | undefined), "eks.amazonaws.com/nodegroup": name };
    const zones = ["a", "b", "c"].map((z) => `us-west-2${z}`);
    return {
        cluster: str(inputs.clusterName),
        pool: name,
        nodes: nodes(`${name}`, Number(scaling.desiredSize ?? 1), str((inputs.instanceTypes as string[] | undefined)?.[0]), zones, labels, taints),
    };
}

interface AksPoolInputs {
    name?: string;
    agentPoolName?: string;
    count?: number;
    minCount?: number;
    vmSize?: string;
    availabilityZones?: string[];
    nodeLabels?: Record<string, string>;
    nodeTaints?: string[];
}

/** AKS: `count` nodes (or `minCount` when the autoscaler owns the count), labelled as AKS labels them. */
function aksPool(location: string, p: AksPoolInputs): { pool: string; nodes: NodeSpec[] } {
    const name = str(p.name ?? p.agentPoolName);
    const taints = (p.nodeTaints ?? []).map((t) => {
        const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(t);
        if (!m) throw new Error(`AKS refuses the taint ${t} (key=value:Effect)`);
        return { key: m[1], value: m[2], effect: m[3] };
    });
    const zones = (p.availabilityZones ?? []).map((z) => `${location}-${z}`);
    const labels = { ...p.nodeLabels, agentpool: name, "kubernetes.azure.com/agentpool": name };
    return { pool: name, nodes: nodes(`aks-${name}`, Number(p.count ?? p.minCount ?? 1), str(p.vmSize), zones, labels, taints) };
}

/** After the fake cloud created or updated a resource: the real cluster and nodes behind it; the outputs as the cloud reports them. */
export async function realizeManagedKubernetes(urn: string, inputs: Props, outs: Props): Promise<Props> {
    const { type, stack } = parseUrn(urn);
    const plain = reveal(inputs) as Props;
    if (type === EKS_CLUSTER) {
        const access = await brokerCall<ClusterAccess>(
            "POST",
            "/clusters",
            {},
            { key: eksKey(stack, str(outs.name)), stack, cloud: "aws", region: "us-west-2" },
        );
        return { ...outs, endpoint: access.server, certificateAuthority: { data: access.caData } };
    }
    if (type === EKS_NODE_GROUP) {
        const pool = eksPool(plain, str(outs.nodeGroupName ?? outs.name ?? parseUrn(urn).name));
        await brokerCall("PUT", "/pools", { key: eksKey(stack, pool.cluster) }, { pool: pool.pool, nodes: pool.nodes });
        return outs;
    }
    if (type === AKS_CLUSTER) {
        const location = str(plain.location);
        const pools = Object.fromEntries(
            ((plain.agentPoolProfiles ?? []) as AksPoolInputs[]).map((p) => aksPool(location, p)).map((p) => [p.pool, p.nodes]),
        );
        await brokerCall(
            "POST",
            "/clusters",
            {},
            { key: aksKey(str(plain.resourceGroupName), str(plain.resourceName)), stack, cloud: "azure", region: location, pools },
        );
        return outs;
    }
    if (type === AKS_POOL) {
        const pool = aksPool(str((plain.location as string | undefined) ?? "westeurope"), plain as AksPoolInputs);
        await brokerCall(
            "PUT",
            "/pools",
            { key: aksKey(str(plain.resourceGroupName), str(plain.resourceName)) },
            { pool: pool.pool, nodes: pool.nodes },
        );
    }
    return outs;
}

/** After the fake cloud deleted a resource: its nodes go, or the whole cluster stops. */
export async function retireManagedKubernetes(urn: string, outputs: Props | undefined): Promise<void> {
    if (outputs === undefined) return;
    const { type, stack } = parseUrn(urn);
    const plain = reveal(outputs) as Props;
    if (type === EKS_CLUSTER) await brokerCall("DELETE", "/clusters", { key: eksKey(stack, str(plain.name)) });
    if (type === AKS_CLUSTER) await brokerCall("DELETE", "/clusters", { key: aksKey(str(plain.resourceGroupName), str(plain.resourceName)) });
    // A pool of a cluster already gone has no nodes left to delete.
    if (type === EKS_NODE_GROUP)
        await brokerCall("DELETE", "/pools", {
            key: eksKey(stack, str(plain.clusterName)),
            pool: str(plain.nodeGroupName ?? plain.name ?? parseUrn(urn).name),
        }).catch(() => undefined);
    if (type === AKS_POOL)
        await brokerCall("DELETE", "/pools", {
            key: aksKey(str(plain.resourceGroupName), str(plain.resourceName)),
            pool: str(plain.agentPoolName),
        }).catch(() => undefined);
}

/**
 * listManagedClusterUserCredentials: the Entra ID kubeconfig AKS returns
 * (exec through kubelogin, device-code login), for the real cluster behind
 * the AKS cluster of that name in this stack.
 */
export async function aksUserCredentials(
    inputs: Props,
    kubeconfigFor: (clusterName: string, server: string, caData: string) => string,
): Promise<Props> {
    const clusterName = str(inputs.resourceName);
    const access = await brokerCall<ClusterAccess>("GET", "/clusters", { key: aksKey(str(inputs.resourceGroupName), clusterName) });
    return {
        kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfigFor(clusterName, access.server, access.caData)).toString("base64") }],
    };
}
