// Cross-key rules for `cloud: azure`: combinations that parse but cannot
// work on AKS. The platform module (./module.ts) hands them to validation, so
// every problem is reported before any resource is registered.
import type { PlatformRule } from "../config/platform-config";
import { backupPrefixProblems } from "../config/backup-rules";
import type { ConfigProblem } from "../config/problems";
import { openToAnywhere, semverOf } from "../config/rule-kit";
import { cloudTagProblems, reservedTagProblems } from "../platform/tags";
import { blockSize, containsAddress, containsBlock, overlaps, parseNetworkCidr, parseIpv4, usableAddresses, type Ipv4Block } from "../network/ipv4";
import type { AzureInput, AzureSettings } from "./config";
import { sizeAzurePools } from "./pool-sizing";

/** Woodpecker writes its WAL to Azure Blob only from this Milvus release on. */
export const WOODPECKER_AZURE_MIN = [2, 6, 3] as const;

/** Ranges AKS refuses for the service and pod CIDRs. */
export const AKS_RESERVED_RANGES = ["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"];

/** Azure reserves five addresses in every subnet (the first four and the last). */
const AZURE_RESERVED_ADDRESSES = 5;

/** Addresses kept free in the node subnet for internal load balancers and upgrade surge. */
const SUBNET_HEADROOM = 16;

type AzureRule = PlatformRule<AzureInput, AzureSettings>;

const apiServerIsRestricted: AzureRule = (input, _config, { apiServer }) => {
    const problems = openToAnywhere("azure.apiServer.authorizedIpRanges", apiServer.authorizedIpRanges);
    if (!apiServer.privateCluster && apiServer.authorizedIpRanges.length === 0) {
        problems.push({
            key: "azure.apiServer.authorizedIpRanges",
            given: input.block?.apiServer?.authorizedIpRanges,
            allowed:
                "required unless azure.apiServer.privateCluster is true: the CIDRs allowed to reach the Kubernetes API server (include the address Pulumi runs from)",
        });
    }
    if (apiServer.privateCluster && apiServer.authorizedIpRanges.length > 0) {
        problems.push({
            key: "azure.apiServer.authorizedIpRanges",
            given: apiServer.authorizedIpRanges,
            allowed: "must be empty when azure.apiServer.privateCluster is true (a private API server has no public endpoint to restrict)",
        });
    }
    return problems;
};

function parsed(key: string, value: string, problems: ConfigProblem[]): Ipv4Block | undefined {
    const block = parseNetworkCidr(value);
    if (!block) problems.push({ key, given: value, allowed: "must be an IPv4 CIDR block with no host bits set" });
    return block;
}

/** Nodes at full scale across the system pool and every user pool. */
export function maxNodes(azure: AzureSettings): number {
    return azure.systemPool.maxCount + azure.nodePools.reduce((sum, p) => sum + p.maxCount, 0);
}

const addressPlanIsSound: AzureRule = (input, _config, azure) => {
    const net = azure.network;
    const problems: ConfigProblem[] = [];
    const given = input.block?.network ?? {};
    if (net.subnetId) {
        for (const key of ["vnetCidr", "nodeSubnetCidr"] as const) {
            if (given[key] !== undefined) {
                problems.push({
                    key: `azure.network.${key}`,
                    given: given[key],
                    allowed: "is read only when the program creates the network; azure.network.subnetId names an existing subnet",
                });
            }
        }
    }
    const pods = parsed("azure.network.podCidr", net.podCidr, problems);
    const services = parsed("azure.network.serviceCidr", net.serviceCidr, problems);
    const vnet = net.subnetId ? undefined : parsed("azure.network.vnetCidr", net.vnetCidr, problems);
    const nodes = net.subnetId ? undefined : parsed("azure.network.nodeSubnetCidr", net.nodeSubnetCidr, problems);
    const nodeCount = maxNodes(azure);

    if (vnet && nodes) {
        if (!containsBlock(vnet, nodes)) {
            problems.push({
                key: "azure.network.nodeSubnetCidr",
                given: net.nodeSubnetCidr,
                allowed: `must lie inside azure.network.vnetCidr (${net.vnetCidr})`,
            });
        } else if (usableAddresses(nodes, AZURE_RESERVED_ADDRESSES) < nodeCount + SUBNET_HEADROOM) {
            problems.push({
                key: "azure.network.nodeSubnetCidr",
                given: net.nodeSubnetCidr,
                allowed: `too small: ${usableAddresses(nodes, AZURE_RESERVED_ADDRESSES)} usable addresses for ${nodeCount} nodes at full autoscale plus ${SUBNET_HEADROOM} for load balancers and upgrade surge; use a larger block`,
            });
        }
    }
    const clash = (key: string, value: string, block: Ipv4Block | undefined, otherName: string, other: Ipv4Block | undefined) => {
        if (block && other && overlaps(block, other)) {
            problems.push({ key, given: value, allowed: `must not overlap ${otherName}` });
        }
    };
    clash("azure.network.podCidr", net.podCidr, pods, `azure.network.vnetCidr (${net.vnetCidr})`, vnet);
    clash("azure.network.serviceCidr", net.serviceCidr, services, `azure.network.vnetCidr (${net.vnetCidr})`, vnet);
    clash("azure.network.serviceCidr", net.serviceCidr, services, `azure.network.podCidr (${net.podCidr})`, pods);
    for (const reserved of AKS_RESERVED_RANGES) {
        const block = parseNetworkCidr(reserved);
        clash("azure.network.podCidr", net.podCidr, pods, `${reserved} (reserved by AKS)`, block);
        clash("azure.network.serviceCidr", net.serviceCidr, services, `${reserved} (reserved by AKS)`, block);
    }
    // Azure CNI Overlay gives every node a /24 of the pod range.
    if (pods && (pods.prefix > 24 || blockSize(pods) / 256 < nodeCount)) {
        problems.push({
            key: "azure.network.podCidr",
            given: net.podCidr,
            allowed: `too small: Azure CNI Overlay gives each node a /24, and the pools can grow to ${nodeCount} nodes; use a /16 or a block with at least ${nodeCount} /24s`,
        });
    }
    const dns = parseIpv4(net.dnsServiceIp);
    if (services && dns !== undefined) {
        if (!containsAddress(services, dns)) {
            problems.push({
                key: "azure.network.dnsServiceIp",
                given: net.dnsServiceIp,
                allowed: `must lie inside azure.network.serviceCidr (${net.serviceCidr})`,
            });
        } else if (dns === services.start || dns === services.start + 1) {
            problems.push({
                key: "azure.network.dnsServiceIp",
                given: net.dnsServiceIp,
                allowed: "must not be the first or second address of the service range (the network address and the kubernetes API service)",
            });
        }
    }
    return problems;
};

const poolBoundsAreOrdered: AzureRule = (_input, _config, azure) => {
    const problems: ConfigProblem[] = [];
    if (azure.systemPool.minCount > azure.systemPool.maxCount) {
        problems.push({
            key: "azure.systemPool.maxCount",
            given: azure.systemPool.maxCount,
            allowed: `must be >= azure.systemPool.minCount (${azure.systemPool.minCount})`,
        });
    }
    for (const pool of azure.nodePools) {
        if (pool.minCount > pool.maxCount) {
            problems.push({
                key: `azure.nodePools.${pool.role}.maxCount`,
                given: pool.maxCount,
                allowed: `must be >= azure.nodePools.${pool.role}.minCount (${pool.minCount})`,
            });
        }
    }
    return problems;
};

/** Each pool that runs Milvus pods can hold them: known vmSize, pods that fit a node, enough maxCount, OS disk for DiskANN. */
const poolsHoldTheWorkload: AzureRule = (_input, { demand }, azure) => sizeAzurePools(demand, azure).problems;

const diskSkuFitsZones: AzureRule = (_input, _config, azure) =>
    azure.disk.skuName === "PremiumV2_LRS" && azure.zones.length === 0
        ? [
              {
                  key: "azure.disk.skuName",
                  given: "PremiumV2_LRS",
                  allowed: "allowed: Premium_LRS — Premium SSD v2 disks are zonal and need zonal node pools (set azure.zones)",
              },
          ]
        : [];

const prodHasSla: AzureRule = (_input, { environment }, azure) =>
    environment === "prod" && azure.tier === "Free"
        ? [{ key: "azure.tier", given: "Free", allowed: "allowed in prod: Standard or Premium — the Free tier has no API server uptime SLA" }]
        : [];

/** Lexicographic comparison of [major, minor, patch]. */
export function isBelow(version: readonly number[], minimum: readonly number[]): boolean {
    for (let i = 0; i < minimum.length; i++) {
        if ((version[i] ?? 0) !== minimum[i]) return (version[i] ?? 0) < minimum[i];
    }
    return false;
}

const woodpeckerWalOnBlob: AzureRule = (_input, { milvus }) => {
    if (milvus.messageQueue !== "woodpecker") return [];
    const tooOld = isBelow(semverOf(milvus.imageTag), WOODPECKER_AZURE_MIN);
    return tooOld
        ? [
              {
                  key: "milvus.imageTag",
                  given: milvus.imageTag,
                  allowed: `allowed with messageQueue woodpecker on azure: v${WOODPECKER_AZURE_MIN.join(".")} or later — Woodpecker keeps its WAL in Azure Blob only since Milvus ${WOODPECKER_AZURE_MIN.join(".")}; raise imageTag or use messageQueue pulsar`,
              },
          ]
        : [];
};

const kubeloginCanLogIn: AzureRule = (_input, _config, azure) =>
    azure.kubelogin.loginMode === "spn" && !azure.tenantId
        ? [
              {
                  key: "azure.tenantId",
                  given: undefined,
                  allowed: "required with azure.kubelogin.loginMode spn: kubelogin needs the tenant of the service principal",
              },
          ]
        : [];

const tagsLeaveProgramMarkers: AzureRule = (_input, _config, { tags }) => [
    ...reservedTagProblems("azure.tags", tags),
    ...cloudTagProblems("azure.tags", tags, "azure"),
];

/** The backups share the stack's bucket (the keyless identity's scope), under a prefix of their own. */
const backupBesideMilvus: AzureRule = (_input, { milvus }, { storage }) =>
    backupPrefixProblems(milvus.backup.rootPath, storage.rootPath, "azure.storage.rootPath");

/** Every rule of the `azure` block, in the order their problems are reported. */
export const AZURE_RULES: readonly AzureRule[] = [
    apiServerIsRestricted,
    addressPlanIsSound,
    poolBoundsAreOrdered,
    poolsHoldTheWorkload,
    diskSkuFitsZones,
    prodHasSla,
    woodpeckerWalOnBlob,
    kubeloginCanLogIn,
    tagsLeaveProgramMarkers,
    backupBesideMilvus,
];
