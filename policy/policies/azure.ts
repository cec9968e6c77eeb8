// Azure guardrails: AKS clusters and storage accounts.
import type { Policies } from "@pulumi/policy";
import { booleanSetting, enumSetting, resourcePolicy, type Subject } from "./framework";
import { at, booleanAt, isTree, knownStrings, listAt, stringAt, UNKNOWN } from "./known";
import { admitsEveryone } from "../../components/network/cidr";
import { AZURE } from "./types";

export const aksClusterHardened = resourcePolicy({
    name: "aks-cluster-hardened",
    group: "security",
    description:
        "AKS clusters disable local (certificate) accounts, use Kubernetes RBAC with Entra ID (Azure RBAC for Kubernetes authorization), and keep a public API server to listed client networks.",
    remediationSteps:
        "Set disableLocalAccounts: true, enableRBAC: true, aadProfile { managed: true, enableAzureRBAC: true }, and apiServerAccessProfile.authorizedIPRanges (or enablePrivateCluster).",
    enforcementLevel: "mandatory",
    config: {
        requireAzureRbac: booleanSetting("Also require aadProfile.enableAzureRBAC (Azure RBAC for Kubernetes authorization).", true),
    },
    appliesTo: AZURE.managedCluster,
    check({ props }, { config }, report) {
        const local = booleanAt(props, "disableLocalAccounts");
        if (local !== true && local !== UNKNOWN) report("disableLocalAccounts is not true: the static cluster-admin kubeconfig stays usable");
        if (booleanAt(props, "enableRBAC") === false) report("enableRBAC is false: Kubernetes RBAC is off");
        const privateCluster = booleanAt(props, "apiServerAccessProfile.enablePrivateCluster");
        const ranges = listAt(props, "apiServerAccessProfile.authorizedIPRanges");
        if (privateCluster !== true && privateCluster !== UNKNOWN && ranges !== UNKNOWN) {
            const known = knownStrings(ranges ?? []);
            if (known.length === 0)
                report("the API server is public with no apiServerAccessProfile.authorizedIPRanges: it admits the whole internet");
            else if (admitsEveryone(known)) report(`apiServerAccessProfile.authorizedIPRanges admits the whole internet (${known.join(", ")})`);
        }
        if (config.requireAzureRbac) {
            const azureRbac = booleanAt(props, "aadProfile.enableAzureRBAC");
            if (azureRbac !== true && azureRbac !== UNKNOWN && at(props, "aadProfile") !== UNKNOWN) {
                report("aadProfile.enableAzureRBAC is not true: access is not governed by Azure RBAC");
            }
        }
    },
});

const TLS_ORDER = ["TLS1_0", "TLS1_1", "TLS1_2", "TLS1_3"] as const;

export const storageAccountHardened = resourcePolicy({
    name: "storage-account-hardened",
    group: "security",
    description: "Storage accounts explicitly require a minimum TLS version (1.2 by default), accept HTTPS only, and forbid public blob access.",
    remediationSteps:
        'Set minimumTlsVersion: "TLS1_2", enableHttpsTrafficOnly: true and allowBlobPublicAccess: false (defaults vary with the API version, so set them).',
    enforcementLevel: "mandatory",
    config: {
        minimumTlsVersion: enumSetting("Lowest accepted minimumTlsVersion.", TLS_ORDER, "TLS1_2"),
    },
    appliesTo: AZURE.storageAccount,
    check({ props }, { config }, report) {
        const tls = stringAt(props, "minimumTlsVersion");
        const floor = TLS_ORDER.indexOf(config.minimumTlsVersion);
        if (tls !== UNKNOWN && !(tls !== undefined && TLS_ORDER.indexOf(tls as (typeof TLS_ORDER)[number]) >= floor)) {
            report(`minimumTlsVersion is ${tls ?? "not set"}; required: ${config.minimumTlsVersion} or later`);
        }
        const https = booleanAt(props, "enableHttpsTrafficOnly");
        if (https !== true && https !== UNKNOWN) report(`enableHttpsTrafficOnly is ${https ?? "not set"}; set it to true`);
        const publicBlobs = booleanAt(props, "allowBlobPublicAccess");
        if (publicBlobs !== false && publicBlobs !== UNKNOWN) report(`allowBlobPublicAccess is ${publicBlobs ?? "not set"}; set it to false`);
    },
});

/** VM sizes an Azure resource asks for (known values only). */
export function azureVmSizes(subject: Subject): string[] {
    if (AZURE.agentPool(subject.type)) return knownStrings(listAt(subject.props, "vmSize"));
    if (AZURE.managedCluster(subject.type)) {
        const pools = listAt(subject.props, "agentPoolProfiles");
        return Array.isArray(pools) ? pools.filter(isTree).flatMap((p) => knownStrings(listAt(p, "vmSize"))) : [];
    }
    return [];
}

export const DEFAULT_AZURE_VM_SIZES = [
    "Standard_B*",
    "Standard_D*s_v4",
    "Standard_D*s_v5",
    "Standard_D*s_v6",
    "Standard_E*s_v4",
    "Standard_E*s_v5",
    "Standard_E*s_v6",
    "Standard_L*s_v3",
];

export const AZURE_POLICIES: Policies = [aksClusterHardened, storageAccountHardened];
