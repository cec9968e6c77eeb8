// The `azure` block of the stack config: its syntax (zod) and its defaults.
// Read only when `cloud` is "azure". Cross-key rules live in ./rules.ts.
// Pure: no Pulumi, no Azure SDK, so validation runs before any resource exists.
import { z } from "zod";
import { cidrBlock, type Environment } from "../config/schema";
import { parseIpv4 } from "../network/ipv4";

/** Roles a user node pool can take; each maps to chart nodeSelector/tolerations. */
export const POOL_ROLES = ["query", "data", "dependencies"] as const;
export type PoolRole = (typeof POOL_ROLES)[number];

export const NETWORK_POLICIES = ["cilium", "calico", "azure"] as const;
export const DISK_SKUS = ["Premium_LRS", "PremiumV2_LRS"] as const;
export const STORAGE_REPLICATIONS = ["LRS", "ZRS", "GRS", "GZRS", "RAGRS", "RAGZRS"] as const;
export const CLUSTER_TIERS = ["Free", "Standard", "Premium"] as const;
/** kubelogin `--login` modes that need no browser (Pulumi runs non-interactively). */
export const KUBELOGIN_MODES = ["azurecli", "workloadidentity", "msi", "spn"] as const;
export const ZONES = ["1", "2", "3"] as const;

export const DEFAULT_KUBERNETES_VERSION = "1.34";

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const uuid = (what: string) => z.string().regex(UUID, `must be ${what} (a GUID such as "11111111-2222-3333-4444-555555555555")`);

const ipv4Cidr = cidrBlock("IPv4", "10.42.0.0/16");
const ipv4Address = z.string().refine((v) => parseIpv4(v) !== undefined, "must be an IPv4 address such as \"10.0.0.10\"");

const SUBNET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
const VM_SIZE = /^Standard_[A-Za-z0-9_]+$/;
const vmSize = z.string().regex(VM_SIZE, "must be an Azure VM size such as \"Standard_D4ds_v5\"");

const poolSchema = z.strictObject({
    vmSize: vmSize.optional(),
    minCount: z.number().int().min(0).max(1000).optional(),
    maxCount: z.number().int().min(1).max(1000).optional(),
    osDiskSizeGB: z.number().int().min(30).max(2048).optional(),
});

export const azureSchema = z.strictObject({
    /** Azure region, e.g. "westeurope". */
    location: z.string().regex(/^[a-z][a-z0-9]+$/, "must be an Azure region name such as \"westeurope\" (lower-case, no spaces)"),
    /** Base of every resource name; defaults to milvus-<stack>. */
    name: z.string().regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, "must be 3-40 lower-case letters, digits and '-', starting with a letter").optional(),
    resourceGroupName: z.string().regex(/^[-\w._()]{1,89}[-\w_()]$/, "must be a resource group name (letters, digits, '-', '_', '.', '(', ')'; at most 90 characters; not ending in '.')").optional(),
    tags: z.record(z.string(), z.string()).optional(),
    /** Entra ID tenant of the cluster's admins; defaults to the subscription's tenant. */
    tenantId: uuid("an Entra ID tenant id").optional(),
    /** Entra ID groups whose members are cluster admins (local accounts are disabled). */
    adminGroupObjectIds: z.array(uuid("an Entra ID group object id")).min(1),
    kubernetesVersion: z.string().regex(/^1\.[0-9]{2}(\.[0-9]+)?$/, "must be a Kubernetes version such as \"1.34\" or \"1.34.2\"").optional(),
    tier: z.enum(CLUSTER_TIERS).optional(),
    zones: z.array(z.enum(ZONES)).max(3)
        .refine((zs) => new Set(zs).size === zs.length, "must not repeat a zone").optional(),
    apiServer: z.strictObject({
        privateCluster: z.boolean().optional(),
        authorizedIpRanges: z.array(ipv4Cidr).optional(),
    }).optional(),
    network: z.strictObject({
        /** An existing subnet for the nodes; when set, no VNet is created. */
        subnetId: z.string().regex(SUBNET_ID, "must be a subnet resource id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>").optional(),
        vnetCidr: ipv4Cidr.optional(),
        nodeSubnetCidr: ipv4Cidr.optional(),
        podCidr: ipv4Cidr.optional(),
        serviceCidr: ipv4Cidr.optional(),
        dnsServiceIp: ipv4Address.optional(),
        networkPolicy: z.enum(NETWORK_POLICIES).optional(),
    }).optional(),
    systemPool: z.strictObject({
        vmSize: vmSize.optional(),
        minCount: z.number().int().min(1).max(1000).optional(),
        maxCount: z.number().int().min(1).max(1000).optional(),
    }).optional(),
    nodePools: z.strictObject({
        query: poolSchema.optional(),
        data: poolSchema.optional(),
        dependencies: poolSchema.optional(),
    }).optional(),
    disk: z.strictObject({
        skuName: z.enum(DISK_SKUS).optional(),
        storageClassName: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a DNS-1123 label (StorageClass name)").optional(),
    }).optional(),
    storage: z.strictObject({
        /** Globally unique; defaults to "milvus" plus a hash of the resource group id. */
        accountName: z.string().regex(/^[a-z0-9]{3,24}$/, "must be 3-24 lower-case letters and digits (globally unique)").optional(),
        containerName: z.string().regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "must be a blob container name: 3-63 lower-case letters, digits and single '-'").optional(),
        rootPath: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/, "must be a path inside the container such as \"milvus\" (no leading '/')").optional(),
        replication: z.enum(STORAGE_REPLICATIONS).optional(),
        networkAccess: z.enum(["vnet", "public"]).optional(),
    }).optional(),
    kubelogin: z.strictObject({
        loginMode: z.enum(KUBELOGIN_MODES).optional(),
    }).optional(),
});

export type AzureInput = z.infer<typeof azureSchema>;

export interface NodePoolSettings {
    role: PoolRole;
    /** AKS pool name: lower-case letters and digits, at most 12 characters. */
    name: string;
    vmSize: string;
    minCount: number;
    maxCount: number;
    osDiskSizeGB?: number;
}

export interface AzureSettings {
    location: string;
    name?: string;
    resourceGroupName?: string;
    tags: Record<string, string>;
    tenantId?: string;
    adminGroupObjectIds: string[];
    kubernetesVersion: string;
    tier: (typeof CLUSTER_TIERS)[number];
    zones: string[];
    apiServer: { privateCluster: boolean; authorizedIpRanges: string[] };
    network: {
        subnetId?: string;
        vnetCidr: string;
        nodeSubnetCidr: string;
        podCidr: string;
        serviceCidr: string;
        dnsServiceIp: string;
        networkPolicy: (typeof NETWORK_POLICIES)[number];
    };
    systemPool: { vmSize: string; minCount: number; maxCount: number };
    /** User pools, in role order; roles without a pool are absent. */
    nodePools: NodePoolSettings[];
    disk: { skuName: (typeof DISK_SKUS)[number]; storageClassName: string };
    storage: {
        accountName?: string;
        containerName: string;
        rootPath: string;
        replication: (typeof STORAGE_REPLICATIONS)[number];
        networkAccess: "vnet" | "public";
    };
    kubelogin: { loginMode: (typeof KUBELOGIN_MODES)[number] };
}

const POOL_NAMES: Record<PoolRole, string> = { query: "query", data: "data", dependencies: "deps" };
const POOL_VM_SIZES: Record<PoolRole, string> = {
    // Query nodes hold the loaded segments and indexes in memory: memory-optimised.
    query: "Standard_E8ds_v5",
    data: "Standard_D8ds_v5",
    dependencies: "Standard_D4ds_v5",
};

export const NETWORK_DEFAULTS = {
    vnetCidr: "10.42.0.0/16",
    nodeSubnetCidr: "10.42.0.0/20",
    // Overlay pod range and service range sit outside the VNet and apart from each other.
    podCidr: "10.244.0.0/16",
    serviceCidr: "10.0.0.0/16",
    dnsServiceIp: "10.0.0.10",
} as const;

export function resolveAzure(a: AzureInput, environment: Environment): AzureSettings {
    const prod = environment === "prod";
    const nodePools = POOL_ROLES.flatMap((role): NodePoolSettings[] => {
        const given = a.nodePools?.[role];
        if (!given) return [];
        const minCount = given.minCount ?? (prod ? 3 : 1);
        return [{
            role,
            name: POOL_NAMES[role],
            vmSize: given.vmSize ?? POOL_VM_SIZES[role],
            minCount,
            maxCount: given.maxCount ?? Math.max(minCount, prod ? 6 : 3),
            osDiskSizeGB: given.osDiskSizeGB,
        }];
    });
    const systemMin = a.systemPool?.minCount ?? (prod ? 3 : 1);
    return {
        location: a.location,
        name: a.name,
        resourceGroupName: a.resourceGroupName,
        tags: a.tags ?? {},
        tenantId: a.tenantId,
        adminGroupObjectIds: a.adminGroupObjectIds,
        kubernetesVersion: a.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
        tier: a.tier ?? (prod ? "Standard" : "Free"),
        zones: a.zones ?? [...ZONES],
        apiServer: {
            privateCluster: a.apiServer?.privateCluster ?? false,
            authorizedIpRanges: a.apiServer?.authorizedIpRanges ?? [],
        },
        network: {
            subnetId: a.network?.subnetId,
            vnetCidr: a.network?.vnetCidr ?? NETWORK_DEFAULTS.vnetCidr,
            nodeSubnetCidr: a.network?.nodeSubnetCidr ?? NETWORK_DEFAULTS.nodeSubnetCidr,
            podCidr: a.network?.podCidr ?? NETWORK_DEFAULTS.podCidr,
            serviceCidr: a.network?.serviceCidr ?? NETWORK_DEFAULTS.serviceCidr,
            dnsServiceIp: a.network?.dnsServiceIp ?? NETWORK_DEFAULTS.dnsServiceIp,
            networkPolicy: a.network?.networkPolicy ?? "cilium",
        },
        systemPool: {
            vmSize: a.systemPool?.vmSize ?? "Standard_D4ds_v5",
            minCount: systemMin,
            // Room for what cluster mode without a workload reserves when the system pool runs Milvus too (no dependencies pool):
            // on Standard_D4ds_v5 (2.5 CPU / 10.15 GiB for pods after AKS's reservations and add-ons) dev's 12 pods take 8
            // nodes, prod's 23 (two of each component, in-cluster Pulsar) 15.
            maxCount: a.systemPool?.maxCount ?? Math.max(systemMin, prod ? 15 : 8),
        },
        nodePools,
        disk: {
            skuName: a.disk?.skuName ?? "Premium_LRS",
            storageClassName: a.disk?.storageClassName ?? "milvus-premium",
        },
        storage: {
            accountName: a.storage?.accountName,
            containerName: a.storage?.containerName ?? "milvus",
            rootPath: a.storage?.rootPath ?? "milvus",
            replication: a.storage?.replication ?? (prod ? "ZRS" : "LRS"),
            networkAccess: a.storage?.networkAccess ?? "vnet",
        },
        kubelogin: { loginMode: a.kubelogin?.loginMode ?? "azurecli" },
    };
}
