// The documentation of every key of the `azure` block: its default and what it means,
// next to the schema that defines it. The configuration tables of docs/azure.md
// are generated from these (npm run docs); a test fails when the docs, the
// schema or the resolved defaults disagree with them (test/config-docs.test.ts).
import type { KeyDoc } from "../config/key-docs";

/** The block itself, as the top-level table shows it. */
export const AZURE_BLOCK_DOC: KeyDoc = {
    label: "`azure`",
    keys: ["azure"],
    type: "object",
    default: "`{}`",
    meaning: "The Azure platform ([Azure](azure.md)); read only when `cloud` is `azure`, where its required keys are listed.",
};

export const AZURE_DOCS: readonly KeyDoc[] = [
    {
        label: "`location`",
        keys: ["azure.location"],
        default: "— (required)",
        meaning: "Azure region, e.g. `westeurope`. Everything is created there.",
    },
    {
        label: "`adminGroupObjectIds`",
        keys: ["azure.adminGroupObjectIds"],
        default: "— (required, ≥ 1)",
        meaning: "Entra ID group object ids whose members are cluster admins. Local accounts are disabled, so this is how anyone (including Pulumi) administers the cluster.",
    },
    {
        label: "`tenantId`",
        keys: ["azure.tenantId"],
        default: "the subscription's tenant",
        meaning: "Entra ID tenant for the cluster's AAD integration; required with `kubelogin.loginMode: spn`.",
    },
    {
        label: "`name`",
        keys: ["azure.name"],
        default: "`milvus-<stack>`",
        meaning: "Base of every resource name (3–40 lower-case letters, digits, `-`).",
    },
    {
        label: "`resourceGroupName`",
        keys: ["azure.resourceGroupName"],
        default: "`<name>-rg`",
        meaning: "The resource group the program creates.",
    },
    {
        label: "`tags`",
        keys: ["azure.tags"],
        default: "`{}`",
        meaning: "Your own tags on every taggable Azure resource. The program adds `project`, `stack` and `environment`, which these may not override; the policy pack also asks for `owner`.",
    },
    {
        label: "`kubernetesVersion`",
        keys: ["azure.kubernetesVersion"],
        default: "`1.34`",
        meaning: "AKS minor (or `major.minor.patch`) version. Patch upgrades are automatic (`upgradeChannel: patch`), node images too (`NodeImage`). Check `az aks get-versions -l <location>` for what your region offers.",
    },
    {
        label: "`tier`",
        keys: ["azure.tier"],
        default: "`Standard` in prod, `Free` in dev",
        meaning: "AKS pricing tier. prod refuses `Free` (no API server uptime SLA).",
    },
    {
        label: "`zones`",
        keys: ["azure.zones"],
        default: "`[\"1\",\"2\",\"3\"]`",
        meaning: "Availability zones of every node pool. With 2 or more zones, Milvus pods spread across zones with `DoNotSchedule`; `[]` for regions without zones.",
    },
    {
        label: "`apiServer.authorizedIpRanges`",
        keys: ["azure.apiServer.authorizedIpRanges"],
        default: "`[]`",
        meaning: "IPv4 CIDRs allowed to reach the public API server. Required unless `privateCluster`; never `0.0.0.0/0`.",
    },
    {
        label: "`apiServer.privateCluster`",
        keys: ["azure.apiServer.privateCluster"],
        default: "`false`",
        meaning: "Private API server (no public endpoint); excludes `authorizedIpRanges`.",
    },
    {
        label: "`network.subnetId`",
        keys: ["azure.network.subnetId"],
        default: "—",
        meaning: "Existing node subnet (full resource id). When set, no VNet is created and `vnetCidr`/`nodeSubnetCidr` are refused. With `storage.networkAccess: vnet` the subnet needs the `Microsoft.Storage` service endpoint (checked at the first preview, before anything is created).",
    },
    {
        label: "`network.vnetCidr`",
        keys: ["azure.network.vnetCidr"],
        default: "`10.42.0.0/16`",
        meaning: "Address space of the created VNet.",
    },
    {
        label: "`network.nodeSubnetCidr`",
        keys: ["azure.network.nodeSubnetCidr"],
        default: "`10.42.0.0/20`",
        meaning: "Node subnet inside it; must hold every node at full autoscale plus 16 spare addresses (internal load balancers, upgrade surge).",
    },
    {
        label: "`network.podCidr`",
        keys: ["azure.network.podCidr"],
        default: "`10.244.0.0/16`",
        meaning: "Azure CNI Overlay pod range (each node takes a /24); must not overlap the VNet, the service range or AKS-reserved ranges.",
    },
    {
        label: "`network.serviceCidr`",
        keys: ["azure.network.serviceCidr"],
        default: "`10.0.0.0/16`",
        meaning: "Kubernetes service range; same non-overlap rules.",
    },
    {
        label: "`network.dnsServiceIp`",
        keys: ["azure.network.dnsServiceIp"],
        default: "`10.0.0.10`",
        meaning: "Cluster DNS address, inside `serviceCidr` (not its first two addresses).",
    },
    {
        label: "`network.networkPolicy`",
        keys: ["azure.network.networkPolicy"],
        default: "`cilium`",
        meaning: "`cilium` (Azure CNI powered by Cilium), `calico` or `azure`.",
    },
    {
        label: "`systemPool.vmSize`",
        keys: ["azure.systemPool.vmSize"],
        default: "`Standard_D4ds_v5`",
        meaning: "System pool VM size.",
    },
    {
        label: "`systemPool.minCount` / `maxCount`",
        keys: ["azure.systemPool.minCount", "azure.systemPool.maxCount"],
        default: "3 / 15 in prod, 1 / 8 in dev",
        meaning: "Autoscaling bounds of the system pool; the maximum holds what cluster mode reserves without a workload when the system pool runs Milvus too.",
    },
    {
        label: "`nodePools.query`",
        keys: ["azure.nodePools.query"],
        default: "—",
        meaning: "Pool for query nodes (tainted `milvus-on-clouds/role=query:NoSchedule`). Keys `vmSize` (default `Standard_E8ds_v5`), `minCount` (3 prod / 1 dev), `maxCount` (6 prod / 3 dev), `osDiskSizeGB`.",
    },
    {
        label: "`nodePools.data`",
        keys: ["azure.nodePools.data"],
        default: "—",
        meaning: "Pool for data, streaming, coordinator and proxy pods (and standalone), tainted `…=data`. Default `Standard_D8ds_v5`.",
    },
    {
        label: "`nodePools.dependencies`",
        keys: ["azure.nodePools.dependencies"],
        default: "—",
        meaning: "Pool for etcd (by nodeSelector), left **untainted** so Pulsar, Attu and chart hooks, which the chart cannot place, run there. Default `Standard_D4ds_v5`. When it exists, the system pool is reserved for system pods (`CriticalAddonsOnly`).",
    },
    {
        label: "`disk.skuName`",
        keys: ["azure.disk.skuName"],
        default: "`Premium_LRS`",
        meaning: "`Premium_LRS` (read caching) or `PremiumV2_LRS` (no caching; needs `zones`).",
    },
    {
        label: "`disk.storageClassName`",
        keys: ["azure.disk.storageClassName"],
        default: "`milvus-premium`",
        meaning: "Name of the premium StorageClass.",
    },
    {
        label: "`storage.accountName`",
        keys: ["azure.storage.accountName"],
        default: "`milvus` + hash of the resource group id",
        meaning: "Storage account name (3–24 lower-case letters/digits, globally unique). The derived name is stable across updates.",
    },
    {
        label: "`storage.containerName`",
        keys: ["azure.storage.containerName"],
        default: "`milvus`",
        meaning: "Blob container holding Milvus data (and the Woodpecker WAL).",
    },
    {
        label: "`storage.rootPath`",
        keys: ["azure.storage.rootPath"],
        default: "`milvus`",
        meaning: "Path prefix inside the container.",
    },
    {
        label: "`storage.replication`",
        keys: ["azure.storage.replication"],
        default: "`ZRS` in prod, `LRS` in dev",
        meaning: "`LRS`, `ZRS`, `GRS`, `GZRS`, `RAGRS`, `RAGZRS` (sku `Standard_<value>`).",
    },
    {
        label: "`storage.networkAccess`",
        keys: ["azure.storage.networkAccess"],
        default: "`vnet`",
        meaning: "`vnet`: the account firewall denies everything but the node subnet (service endpoint); `public`: any network, still Entra ID only.",
    },
    {
        label: "`kubelogin.loginMode`",
        keys: ["azure.kubelogin.loginMode"],
        default: "`azurecli`",
        meaning: "How the kubeconfig obtains tokens: `azurecli`, `workloadidentity`, `msi`, `spn`.",
    },
];
