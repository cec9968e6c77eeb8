// The `azure` block of the stack config: its syntax (zod) and its defaults.
// Read only when `cloud` is "azure". Cross-key rules live in ./rules.ts.
// Pure: no Pulumi, no Azure SDK, so validation runs before any resource exists.
import { z } from "zod";
import { defaultOf, key, withDefaults, type ResolvedKeys } from "../config/key-meta";
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

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const uuid = (what: string) => z.string().regex(UUID, `must be ${what} (a GUID such as "11111111-2222-3333-4444-555555555555")`);

const ipv4Cidr = cidrBlock("IPv4", "10.42.0.0/16");
const ipv4Address = z.string().refine((v) => parseIpv4(v) !== undefined, 'must be an IPv4 address such as "10.0.0.10"');

const SUBNET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
const VM_SIZE = /^Standard_[A-Za-z0-9_]+$/;
const vmSize = z.string().regex(VM_SIZE, 'must be an Azure VM size such as "Standard_D4ds_v5"');

const poolSchema = z.strictObject({
    vmSize: vmSize.optional(),
    minCount: z.number().int().min(0).max(1000).optional(),
    maxCount: z.number().int().min(1).max(1000).optional(),
    osDiskSizeGB: z.number().int().min(30).max(2048).optional(),
});

export const azureSchema = key(
    z.strictObject({
        location: key(z.string().regex(/^[a-z][a-z0-9]+$/, 'must be an Azure region name such as "westeurope" (lower-case, no spaces)'), {
            doc: "Azure region, e.g. `westeurope`. Everything is created there.",
        }),
        name: key(
            z
                .string()
                .regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, "must be 3-40 lower-case letters, digits and '-', starting with a letter")
                .optional(),
            {
                default: { text: "`milvus-<stack>`" },
                doc: "Base of every resource name (3–40 lower-case letters, digits, `-`).",
            },
        ),
        resourceGroupName: key(
            z
                .string()
                .regex(
                    /^[-\w._()]{1,89}[-\w_()]$/,
                    "must be a resource group name (letters, digits, '-', '_', '.', '(', ')'; at most 90 characters; not ending in '.')",
                )
                .optional(),
            {
                default: { text: "`<name>-rg`" },
                doc: "The resource group the program creates.",
            },
        ),
        tags: key(z.record(z.string(), z.string()).optional(), {
            default: { value: {} },
            doc: "Your own tags on every taggable Azure resource. The program adds `project`, `stack` and `environment`, which these may not override; the policy pack also asks for `owner`.",
        }),
        tenantId: key(uuid("an Entra ID tenant id").optional(), {
            default: { text: "the subscription's tenant" },
            doc: "Entra ID tenant for the cluster's AAD integration; required with `kubelogin.loginMode: spn`.",
        }),
        adminGroupObjectIds: key(z.array(uuid("an Entra ID group object id")).min(1), {
            doc: "Entra ID group object ids (at least one) whose members are cluster admins. Local accounts are disabled, so this is how anyone (including Pulumi) administers the cluster.",
        }),
        kubernetesVersion: key(
            z
                .string()
                .regex(/^1\.[0-9]{2}(\.[0-9]+)?$/, 'must be a Kubernetes version such as "1.34" or "1.34.2"')
                .optional(),
            {
                default: { value: "1.34" },
                doc: "AKS minor (or `major.minor.patch`) version. Patch upgrades are automatic (`upgradeChannel: patch`), node images too (`NodeImage`). Check `az aks get-versions -l <location>` for what your region offers.",
            },
        ),
        tier: key(z.enum(CLUSTER_TIERS).optional(), {
            default: { dev: "Free", prod: "Standard" },
            doc: "AKS pricing tier. prod refuses `Free` (no API server uptime SLA).",
        }),
        zones: key(
            z
                .array(z.enum(ZONES))
                .max(3)
                .refine((zs) => new Set(zs).size === zs.length, "must not repeat a zone")
                .optional(),
            {
                default: { value: [...ZONES] },
                doc: "Availability zones of every node pool. With 2 or more zones, Milvus pods spread across zones with `DoNotSchedule`; `[]` for regions without zones.",
            },
        ),
        apiServer: z
            .strictObject({
                privateCluster: key(z.boolean().optional(), {
                    default: { value: false },
                    doc: "Private API server (no public endpoint); excludes `authorizedIpRanges`.",
                }),
                authorizedIpRanges: key(z.array(ipv4Cidr).optional(), {
                    default: { value: [] },
                    doc: "IPv4 CIDRs allowed to reach the public API server. Required unless `privateCluster`; never `0.0.0.0/0`.",
                }),
            })
            .optional(),
        network: z
            .strictObject({
                subnetId: key(
                    z
                        .string()
                        .regex(
                            SUBNET_ID,
                            "must be a subnet resource id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
                        )
                        .optional(),
                    {
                        default: { text: "—" },
                        doc: "Existing node subnet (full resource id). When set, no VNet is created and `vnetCidr`/`nodeSubnetCidr` are refused. With `storage.networkAccess: vnet` the subnet needs the `Microsoft.Storage` service endpoint (checked at the first preview, before anything is created).",
                    },
                ),
                vnetCidr: key(ipv4Cidr.optional(), {
                    default: { value: "10.42.0.0/16" },
                    doc: "Address space of the created VNet.",
                }),
                nodeSubnetCidr: key(ipv4Cidr.optional(), {
                    default: { value: "10.42.0.0/20" },
                    doc: "Node subnet inside it; must hold every node at full autoscale plus 16 spare addresses (internal load balancers, upgrade surge).",
                }),
                // The overlay pod range and the service range sit outside the VNet and apart from each other.
                podCidr: key(ipv4Cidr.optional(), {
                    default: { value: "10.244.0.0/16" },
                    doc: "Azure CNI Overlay pod range (each node takes a /24); must not overlap the VNet, the service range or AKS-reserved ranges.",
                }),
                serviceCidr: key(ipv4Cidr.optional(), {
                    default: { value: "10.0.0.0/16" },
                    doc: "Kubernetes service range; same non-overlap rules.",
                }),
                dnsServiceIp: key(ipv4Address.optional(), {
                    default: { value: "10.0.0.10" },
                    doc: "Cluster DNS address, inside `serviceCidr` (not its first two addresses).",
                }),
                networkPolicy: key(z.enum(NETWORK_POLICIES).optional(), {
                    default: { value: "cilium" },
                    doc: "`cilium` (Azure CNI powered by Cilium), `calico` or `azure`.",
                }),
            })
            .optional(),
        systemPool: z
            .strictObject({
                vmSize: key(vmSize.optional(), {
                    default: { value: "Standard_D4ds_v5" },
                    doc: "System pool VM size.",
                }),
                minCount: key(z.number().int().min(1).max(1000).optional(), {
                    default: { dev: 1, prod: 3 },
                    doc: "Autoscaling bounds of the system pool; the maximum holds what cluster mode reserves without a workload when the system pool runs Milvus too.",
                }),
                // Room for what cluster mode without a workload reserves when the system pool runs Milvus too (no dependencies pool):
                // on Standard_D4ds_v5 (2.5 CPU / 10.15 GiB for pods after AKS's reservations and add-ons) dev's 12 pods take 8
                // nodes, prod's 23 (two of each component, in-cluster Pulsar) 15. Never below minCount.
                maxCount: key(z.number().int().min(1).max(1000).optional(), { joinsPrevious: true, default: { dev: 8, prod: 15 } }),
            })
            .optional(),
        nodePools: z
            .strictObject({
                query: key(poolSchema.optional(), {
                    default: { text: "—" },
                    doc: "Pool for query nodes (tainted `milvus-on-clouds/role=query:NoSchedule`). Keys `vmSize` (default `Standard_E8ds_v5`), `minCount` (3 prod / 1 dev), `maxCount` (6 prod / 3 dev), `osDiskSizeGB`.",
                    keys: "folded",
                }),
                data: key(poolSchema.optional(), {
                    default: { text: "—" },
                    doc: "Pool for data, streaming, coordinator and proxy pods (and standalone), tainted `…=data`. Default `Standard_D8ds_v5`.",
                    keys: "folded",
                }),
                dependencies: key(poolSchema.optional(), {
                    default: { text: "—" },
                    doc: "Pool for etcd (by nodeSelector), left **untainted** so Pulsar, Attu and chart hooks, which the chart cannot place, run there. Default `Standard_D4ds_v5`. When it exists, the system pool is reserved for system pods (`CriticalAddonsOnly`).",
                    keys: "folded",
                }),
            })
            .optional(),
        disk: z
            .strictObject({
                skuName: key(z.enum(DISK_SKUS).optional(), {
                    default: { value: "Premium_LRS" },
                    doc: "`Premium_LRS` (read caching) or `PremiumV2_LRS` (no caching; needs `zones`).",
                }),
                storageClassName: key(
                    z
                        .string()
                        .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a DNS-1123 label (StorageClass name)")
                        .optional(),
                    {
                        default: { value: "milvus-premium" },
                        doc: "Name of the premium StorageClass.",
                    },
                ),
            })
            .optional(),
        storage: z
            .strictObject({
                accountName: key(
                    z
                        .string()
                        .regex(/^[a-z0-9]{3,24}$/, "must be 3-24 lower-case letters and digits (globally unique)")
                        .optional(),
                    {
                        default: { text: "`milvus` + hash of the resource group id" },
                        doc: "Storage account name (3–24 lower-case letters/digits, globally unique). The derived name is stable across updates.",
                    },
                ),
                containerName: key(
                    z
                        .string()
                        .regex(
                            /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
                            "must be a blob container name: 3-63 lower-case letters, digits and single '-'",
                        )
                        .optional(),
                    {
                        default: { value: "milvus" },
                        doc: "Blob container holding Milvus data (and the Woodpecker WAL).",
                    },
                ),
                rootPath: key(
                    z
                        .string()
                        .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/, "must be a path inside the container such as \"milvus\" (no leading '/')")
                        .optional(),
                    {
                        default: { value: "milvus" },
                        doc: "Path prefix inside the container.",
                    },
                ),
                replication: key(z.enum(STORAGE_REPLICATIONS).optional(), {
                    default: { dev: "LRS", prod: "ZRS" },
                    doc: "`LRS`, `ZRS`, `GRS`, `GZRS`, `RAGRS`, `RAGZRS` (sku `Standard_<value>`).",
                }),
                networkAccess: key(z.enum(["vnet", "public"]).optional(), {
                    default: { value: "vnet" },
                    doc: "`vnet`: the account firewall denies everything but the node subnet (service endpoint); `public`: any network, still Entra ID only.",
                }),
            })
            .optional(),
        kubelogin: z
            .strictObject({
                loginMode: key(z.enum(KUBELOGIN_MODES).optional(), {
                    default: { value: "azurecli" },
                    doc: "How the kubeconfig obtains tokens: `azurecli`, `workloadidentity`, `msi`, `spn`.",
                }),
            })
            .optional(),
    }),
    {
        // Pulumi.yaml's default for a block: an empty block is read as none.
        default: { text: "`{}`" },
        doc: "The Azure platform ([Azure](azure.md)); read only when `cloud` is `azure`, where its required keys are listed.",
        keys: "table",
    },
);

export type AzureInput = z.infer<typeof azureSchema>;

/** The schema nodes whose declared defaults resolution reads. */
const A = azureSchema.shape;
const SYSTEM_POOL = A.systemPool.unwrap().shape;

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
    // These blocks mirror their schema: each key as given or with its declared default (withDefaults).
    apiServer: ResolvedKeys<typeof azureSchema.shape.apiServer>;
    network: ResolvedKeys<typeof azureSchema.shape.network>;
    systemPool: { vmSize: string; minCount: number; maxCount: number };
    /** User pools, in role order; roles without a pool are absent. */
    nodePools: NodePoolSettings[];
    disk: ResolvedKeys<typeof azureSchema.shape.disk>;
    storage: ResolvedKeys<typeof azureSchema.shape.storage>;
    kubelogin: ResolvedKeys<typeof azureSchema.shape.kubelogin>;
}

const POOL_NAMES: Record<PoolRole, string> = { query: "query", data: "data", dependencies: "deps" };
const POOL_VM_SIZES: Record<PoolRole, string> = {
    // Query nodes hold the loaded segments and indexes in memory: memory-optimised.
    query: "Standard_E8ds_v5",
    data: "Standard_D8ds_v5",
    dependencies: "Standard_D4ds_v5",
};

export function resolveAzure(a: AzureInput, environment: Environment): AzureSettings {
    const prod = environment === "prod";
    const nodePools = POOL_ROLES.flatMap((role): NodePoolSettings[] => {
        const given = a.nodePools?.[role];
        if (!given) return [];
        const minCount = given.minCount ?? (prod ? 3 : 1);
        return [
            {
                role,
                name: POOL_NAMES[role],
                vmSize: given.vmSize ?? POOL_VM_SIZES[role],
                minCount,
                maxCount: given.maxCount ?? Math.max(minCount, prod ? 6 : 3),
                osDiskSizeGB: given.osDiskSizeGB,
            },
        ];
    });
    const systemMin = a.systemPool?.minCount ?? defaultOf(SYSTEM_POOL.minCount, environment);
    return {
        location: a.location,
        name: a.name,
        resourceGroupName: a.resourceGroupName,
        tags: a.tags ?? defaultOf(A.tags),
        tenantId: a.tenantId,
        adminGroupObjectIds: a.adminGroupObjectIds,
        kubernetesVersion: a.kubernetesVersion ?? defaultOf(A.kubernetesVersion),
        tier: a.tier ?? defaultOf(A.tier, environment),
        zones: a.zones ?? defaultOf(A.zones),
        apiServer: withDefaults(A.apiServer, a.apiServer, environment),
        network: withDefaults(A.network, a.network, environment),
        systemPool: {
            vmSize: a.systemPool?.vmSize ?? defaultOf(SYSTEM_POOL.vmSize),
            minCount: systemMin,
            maxCount: a.systemPool?.maxCount ?? Math.max(systemMin, defaultOf(SYSTEM_POOL.maxCount, environment)),
        },
        nodePools,
        disk: withDefaults(A.disk, a.disk, environment),
        storage: withDefaults(A.storage, a.storage, environment),
        kubelogin: withDefaults(A.kubelogin, a.kubelogin, environment),
    };
}
