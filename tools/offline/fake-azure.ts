// What Azure would report back under the mocks: realistic ARM resource ids,
// and the output-only properties the program reads (identity client and
// principal ids, the AKS OIDC issuer, resource names), plus the answer to the
// one invoke the Azure platform makes (the AKS user-credential kubeconfig).
// installMocks falls back to these for azure-native types, so any test can
// evaluate an Azure stack; a test's own `state`/`call` still wins.
import { createHash } from "crypto";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { stringify } from "yaml";
import { standIn } from "./stand-ins";

export const FAKE_SUBSCRIPTION = standIn("0f0f0f0f-1111-4222-8333-444455556666");
export const FAKE_TENANT = standIn("7a7a7a7a-1111-4222-8333-444455556666");
export const FAKE_CA_DATA = "RkFLRS1BS1MtQ0xVU1RFUi1DQQ==";
export const LIST_USER_CREDENTIALS = "azure-native:containerservice:listManagedClusterUserCredentials";

const str = (v: unknown): string => (typeof v === "string" ? v : String(v));

/** A deterministic GUID from a seed, so ids are stable within and across runs. */
export function fakeGuid(seed: string): string {
    const h = createHash("sha256").update(seed).digest("hex");
    return standIn(`${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`);
}

export function fakeIssuerUrl(clusterName: string): string {
    return standIn(`https://westeurope.oic.prod-aks.azure.com/${FAKE_TENANT}/${fakeGuid(`issuer/${clusterName}`)}/`);
}

function group(inputs: Record<string, unknown>): string {
    return `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/${str(inputs.resourceGroupName)}`;
}

/** The ARM id Azure would give a created azure-native resource; undefined for other types. */
export function azureResourceId(args: MockResourceArgs): string | undefined {
    const i = args.inputs as Record<string, unknown>;
    switch (args.type) {
        case "azure-native:resources:ResourceGroup":
            return group(i);
        case "azure-native:network:VirtualNetwork":
            return `${group(i)}/providers/Microsoft.Network/virtualNetworks/${str(i.virtualNetworkName)}`;
        case "azure-native:network:Subnet":
            return `${group(i)}/providers/Microsoft.Network/virtualNetworks/${str(i.virtualNetworkName)}/subnets/${str(i.subnetName)}`;
        case "azure-native:managedidentity:UserAssignedIdentity":
            return `${group(i)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${str(i.resourceName)}`;
        case "azure-native:managedidentity:FederatedIdentityCredential":
            return `${group(i)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${str(i.resourceName)}/federatedIdentityCredentials/${str(i.federatedIdentityCredentialResourceName)}`;
        case "azure-native:containerservice:ManagedCluster":
            return `${group(i)}/providers/Microsoft.ContainerService/managedClusters/${str(i.resourceName)}`;
        case "azure-native:containerservice:AgentPool":
            return `${group(i)}/providers/Microsoft.ContainerService/managedClusters/${str(i.resourceName)}/agentPools/${str(i.agentPoolName)}`;
        case "azure-native:storage:StorageAccount":
            return `${group(i)}/providers/Microsoft.Storage/storageAccounts/${str(i.accountName)}`;
        case "azure-native:storage:BlobContainer":
            return `${group(i)}/providers/Microsoft.Storage/storageAccounts/${str(i.accountName)}/blobServices/default/containers/${str(i.containerName)}`;
        case "azure-native:authorization:RoleAssignment":
            return `${str(i.scope)}/providers/Microsoft.Authorization/roleAssignments/${fakeGuid(args.name)}`;
        case "azure-native:authorization:ManagementLockByScope":
            return `${str(i.scope)}/providers/Microsoft.Authorization/locks/${str(i.lockName)}`;
        default:
            return undefined;
    }
}

/** Inputs echoed back plus the output-only properties Azure fills in; undefined for other types. */
export function azureState(args: MockResourceArgs): Record<string, unknown> | undefined {
    if (!args.type.startsWith("azure-native:")) return undefined;
    const i = args.inputs as Record<string, unknown>;
    const nameInput: Record<string, unknown> = {
        "azure-native:resources:ResourceGroup": i.resourceGroupName,
        "azure-native:network:VirtualNetwork": i.virtualNetworkName,
        "azure-native:network:Subnet": i.subnetName,
        "azure-native:managedidentity:UserAssignedIdentity": i.resourceName,
        "azure-native:managedidentity:FederatedIdentityCredential": i.federatedIdentityCredentialResourceName,
        "azure-native:containerservice:ManagedCluster": i.resourceName,
        "azure-native:containerservice:AgentPool": i.agentPoolName,
        "azure-native:storage:StorageAccount": i.accountName,
        "azure-native:storage:BlobContainer": i.containerName,
    };
    const state: Record<string, unknown> = { ...i, name: nameInput[args.type] ?? args.name };
    switch (args.type) {
        case "azure-native:managedidentity:UserAssignedIdentity":
            return { ...state, clientId: fakeGuid(`client/${args.name}`), principalId: fakeGuid(`principal/${args.name}`), tenantId: FAKE_TENANT };
        case "azure-native:containerservice:ManagedCluster": {
            const cluster = str(i.resourceName);
            return {
                ...state,
                fqdn: `${cluster}-dns.hcp.westeurope.azmk8s.io`,
                oidcIssuerProfile: { ...(i.oidcIssuerProfile as object | undefined), issuerURL: fakeIssuerUrl(cluster) },
            };
        }
        default:
            return state;
    }
}

/** The user-credential kubeconfig AKS returns for an Entra ID cluster (exec format, device-code login). */
export function fakeUserKubeconfig(
    clusterName: string,
    server = `https://${clusterName}-dns.hcp.westeurope.azmk8s.io:443`,
    caData = FAKE_CA_DATA,
): string {
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server, "certificate-authority-data": caData } }],
        contexts: [{ name: clusterName, context: { cluster: clusterName, user: `clusterUser_${clusterName}` } }],
        "current-context": clusterName,
        users: [
            {
                name: `clusterUser_${clusterName}`,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "kubelogin",
                        args: ["get-token", "--login", "devicecode", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"],
                    },
                },
            },
        ],
    });
}

/** The Entra ID object id of the identity the fakes say runs `pulumi up`. */
export const DEPLOYER_OBJECT_ID = fakeGuid("deployer/object");

/** The address space of any existing VNet the fakes are asked about. */
export const EXISTING_VNET_RANGES = ["10.60.0.0/16"];

/** Answers the Azure invokes the program makes; undefined for anything else. */
export function azureCall(args: MockCallArgs): Record<string, unknown> | undefined {
    const inputs = args.inputs as Record<string, unknown>;
    if (args.token === "azure-native:network:getSubnet") {
        // An existing node subnet; its name says whether it has the Microsoft.Storage service endpoint.
        const withEndpoint = !str(inputs.subnetName).includes("no-storage-endpoint");
        return { name: inputs.subnetName, serviceEndpoints: withEndpoint ? [{ service: "Microsoft.Storage" }] : [] };
    }
    if (args.token === "azure-native:authorization:getClientConfig") {
        return { clientId: fakeGuid("deployer/client"), objectId: DEPLOYER_OBJECT_ID, subscriptionId: FAKE_SUBSCRIPTION, tenantId: FAKE_TENANT };
    }
    if (args.token === "azure-native:network:getVirtualNetwork") {
        return { name: inputs.virtualNetworkName, addressSpace: { addressPrefixes: EXISTING_VNET_RANGES } };
    }
    if (args.token !== LIST_USER_CREDENTIALS) return undefined;
    const clusterName = str((args.inputs as Record<string, unknown>).resourceName);
    return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(fakeUserKubeconfig(clusterName)).toString("base64") }] };
}
