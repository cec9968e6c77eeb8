// The AKS cluster: a user-assigned control-plane identity (Network
// Contributor on the node subnet), the ManagedCluster with Entra ID + Azure
// RBAC, local accounts disabled, OIDC issuer and workload identity, network
// policy and a restricted API server, the system pool, the user pools from
// config, and a kubelogin-based kubeconfig.
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import type { AzureSettings } from "./config";
import { endpointFromCredential, kubeloginArgs, kubeloginKubeconfig } from "./kubeconfig";
import { AKS_RBAC_CLUSTER_ADMIN, NETWORK_CONTRIBUTOR, roleDefinitionId } from "./names";
import { CRITICAL_ADDONS_ONLY_TAINT, poolLabels, poolTaints, systemPoolDedicated } from "./placement";
import type { AzurePoolSizes } from "./pool-sizing";

export interface AksClusterArgs {
    azure: AzureSettings;
    /** Node counts and OS disks for the Milvus pods each pool runs (./pool-sizing.ts). */
    sizes: AzurePoolSizes;
    /** Protect the stateful resources and keep their data (CommonConfig.protectData). */
    protectData: boolean;
    baseName: string;
    resourceGroupName: pulumi.Input<string>;
    subnetId: pulumi.Input<string>;
    tags: Record<string, string>;
}

/** AKS control plane creation takes 10-15 minutes, longer with several zones. */
const CLUSTER_TIMEOUTS = { create: "45m", update: "45m", delete: "30m" };
const POOL_TIMEOUTS = { create: "30m", update: "30m", delete: "30m" };

export class AksCluster extends pulumi.ComponentResource {
    readonly cluster: containerservice.ManagedCluster;
    readonly clusterName: string;
    readonly userPools: containerservice.AgentPool[];
    /** The cluster's OIDC issuer URL (workload identity federation trusts it). */
    readonly oidcIssuerUrl: pulumi.Output<string>;
    /** kubelogin exec kubeconfig; a secret. Never a local-account credential. */
    readonly kubeconfig: pulumi.Output<string>;
    /**
     * The deploying identity's Kubernetes rights: local accounts are off and
     * Azure RBAC decides, so without this grant a CI principal outside
     * adminGroupObjectIds gets 403 on the first Namespace.
     */
    readonly deployerAccess: authorization.RoleAssignment;

    constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:azure:AksCluster", name, {}, opts);
        const { azure, sizes } = args;
        // Validation reports these before anything is registered; this guards direct callers.
        if (sizes.problems.length > 0) {
            throw new Error(`the AKS pools cannot hold the Milvus pods: ${sizes.problems.map((p) => `${p.key}: ${p.allowed}`).join("; ")}`);
        }
        this.clusterName = `${args.baseName}-aks`;

        // A user-assigned control-plane identity can be granted rights on the
        // subnet before the cluster exists (a system-assigned one cannot).
        const controlPlane = new managedidentity.UserAssignedIdentity(
            `${name}-identity`,
            {
                resourceGroupName: args.resourceGroupName,
                resourceName: `${args.baseName}-aks-control-plane`,
                location: azure.location,
                tags: args.tags,
            },
            { parent: this },
        );
        const subnetAccess = new authorization.RoleAssignment(
            `${name}-subnet-access`,
            {
                principalId: controlPlane.principalId,
                principalType: "ServicePrincipal",
                roleDefinitionId: pulumi.output(args.subnetId).apply((id) => roleDefinitionId(id, NETWORK_CONTRIBUTOR)),
                scope: args.subnetId,
                description: "AKS control plane: join the node subnet and place internal load balancers in it",
            },
            { parent: this },
        );

        this.cluster = new containerservice.ManagedCluster(`${name}-cluster`, managedClusterArgs(args, this.clusterName, controlPlane.id), {
            parent: this,
            dependsOn: [subnetAccess],
            // The cluster's nodes hold the etcd, Pulsar and Milvus disks.
            protect: args.protectData,
            customTimeouts: CLUSTER_TIMEOUTS,
            // The autoscaler owns the node count.
            ignoreChanges: ["agentPoolProfiles[0].count"],
        });

        // User pools are separate resources: AKS refuses new pools through a cluster update.
        // sizes.pools follows azure.nodePools, one entry each.
        this.userPools = azure.nodePools.map(
            (pool, i) =>
                new containerservice.AgentPool(`${name}-pool-${pool.name}`, userPoolArgs(args, this.cluster.name, pool, sizes.pools[i]), {
                    parent: this,
                    customTimeouts: POOL_TIMEOUTS,
                    ignoreChanges: ["count"],
                }),
        );

        this.oidcIssuerUrl = this.cluster.oidcIssuerProfile.apply((profile) => {
            const url = profile?.issuerURL;
            if (!url) throw new Error(`AKS cluster ${this.clusterName} reports no OIDC issuer URL (oidcIssuerProfile.enabled must be true)`);
            return url;
        });

        const credentials = containerservice.listManagedClusterUserCredentialsOutput(
            {
                resourceGroupName: args.resourceGroupName,
                resourceName: this.cluster.name,
                format: "exec",
            },
            { parent: this },
        );
        const args_ = kubeloginArgs(azure.kubelogin, azure.tenantId);
        // The identity running `pulumi up` (a user, or the service principal / managed identity of CI).
        const deployer = authorization.getClientConfigOutput({ parent: this });
        this.deployerAccess = new authorization.RoleAssignment(
            `${name}-deployer-access`,
            {
                principalId: deployer.objectId,
                roleDefinitionId: this.cluster.id.apply((id) => roleDefinitionId(id, AKS_RBAC_CLUSTER_ADMIN)),
                scope: this.cluster.id,
                description: "The identity running pulumi up: it creates Milvus's Kubernetes objects (the cluster has no local accounts)",
            },
            { parent: this },
        );

        this.kubeconfig = pulumi.secret(
            credentials.apply((result) => {
                const first = result.kubeconfigs?.[0];
                if (!first) throw new Error(`listManagedClusterUserCredentials returned no kubeconfig for ${this.clusterName}`);
                return kubeloginKubeconfig(this.clusterName, endpointFromCredential(first.value), args_);
            }),
        );

        this.registerOutputs({ clusterName: this.clusterName, oidcIssuerUrl: this.oidcIssuerUrl });
    }
}

/** The cluster: Entra ID with Azure RBAC and no local accounts, workload identity, Azure CNI overlay, the system pool. */
function managedClusterArgs(args: AksClusterArgs, clusterName: string, identityId: pulumi.Input<string>): containerservice.ManagedClusterArgs {
    const { azure } = args;
    const api = azure.apiServer;
    const system = args.sizes.system;
    const zones = azure.zones.length > 0 ? azure.zones : undefined;
    return {
        resourceGroupName: args.resourceGroupName,
        resourceName: clusterName,
        location: azure.location,
        dnsPrefix: clusterName,
        kubernetesVersion: azure.kubernetesVersion,
        sku: { name: "Base", tier: azure.tier },
        autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
        identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
        enableRBAC: true,
        disableLocalAccounts: true,
        aadProfile: {
            managed: true,
            enableAzureRBAC: true,
            adminGroupObjectIDs: azure.adminGroupObjectIds,
            tenantID: azure.tenantId,
        },
        apiServerAccessProfile: api.privateCluster
            ? { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false }
            : { enablePrivateCluster: false, authorizedIPRanges: api.authorizedIpRanges },
        oidcIssuerProfile: { enabled: true },
        securityProfile: { workloadIdentity: { enabled: true } },
        storageProfile: { diskCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
        networkProfile: {
            networkPlugin: "azure",
            networkPluginMode: "overlay",
            networkDataplane: azure.network.networkPolicy === "cilium" ? "cilium" : "azure",
            networkPolicy: azure.network.networkPolicy,
            podCidr: azure.network.podCidr,
            serviceCidr: azure.network.serviceCidr,
            dnsServiceIP: azure.network.dnsServiceIp,
            loadBalancerSku: "standard",
            outboundType: "loadBalancer",
        },
        agentPoolProfiles: [
            {
                name: "system",
                mode: "System",
                type: "VirtualMachineScaleSets",
                osType: "Linux",
                osSKU: "AzureLinux",
                vmSize: system.vmSize,
                osDiskSizeGB: system.osDiskSizeGB,
                availabilityZones: zones,
                enableAutoScaling: true,
                // At least the nodes the Milvus pods on this pool need (when it runs any).
                minCount: system.minCount,
                maxCount: system.maxCount,
                count: system.count,
                vnetSubnetID: args.subnetId,
                nodeTaints: systemPoolDedicated(azure) ? [CRITICAL_ADDONS_ONLY_TAINT] : [],
            },
        ],
        tags: args.tags,
    };
}

/** A user pool as its own resource: AKS refuses new pools through a cluster update. */
function userPoolArgs(
    args: AksClusterArgs,
    clusterName: pulumi.Input<string>,
    pool: AzureSettings["nodePools"][number],
    size: AzurePoolSizes["pools"][number],
): containerservice.AgentPoolArgs {
    const zones = args.azure.zones.length > 0 ? args.azure.zones : undefined;
    return {
        resourceGroupName: args.resourceGroupName,
        resourceName: clusterName,
        agentPoolName: pool.name,
        mode: "User",
        type: "VirtualMachineScaleSets",
        osType: "Linux",
        osSKU: "AzureLinux",
        vmSize: pool.vmSize,
        // Raised above the configured size only for DiskANN index files (./pool-sizing.ts).
        osDiskSizeGB: size.osDiskSizeGB,
        availabilityZones: zones,
        enableAutoScaling: true,
        // At least the nodes the pool's Milvus pods need.
        minCount: size.minCount,
        maxCount: size.maxCount,
        count: size.count,
        vnetSubnetID: args.subnetId,
        nodeLabels: poolLabels(pool),
        nodeTaints: poolTaints(pool),
        tags: args.tags,
    };
}
