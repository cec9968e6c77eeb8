// Names and well-known identifiers the Azure platform uses. Pure.
import { createHash } from "crypto";

/** Built-in role "Storage Blob Data Contributor". */
export const STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
/**
 * Built-in role "Azure Kubernetes Service RBAC Cluster Admin" (Azure built-in
 * roles reference): every Kubernetes action in the cluster, through Azure RBAC.
 */
export const AKS_RBAC_CLUSTER_ADMIN = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b";
/** Built-in role "Network Contributor" (AKS needs it on a subnet it joins and puts load balancers in). */
export const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";
/** Audience Entra ID expects in tokens exchanged for workload identity. */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";
/** Application id of the AKS AAD server (the audience kubelogin requests tokens for). */
export const AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** Node label and taint key that marks a user pool's role. */
export const POOL_ROLE_KEY = "milvus-on-clouds/role";

/** Annotation and label the AKS workload identity webhook reads. */
export const WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";
export const WORKLOAD_IDENTITY_USE_LABEL = "azure.workload.identity/use";
export const INTERNAL_LB_ANNOTATION = "service.beta.kubernetes.io/azure-load-balancer-internal";
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** `milvus-<stack>`, lower-cased and trimmed to what every Azure name here accepts. */
export function baseName(configured: string | undefined, stack: string): string {
    if (configured) return configured;
    const cleaned = `milvus-${stack}`
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-+/g, "-");
    return cleaned.slice(0, 40).replace(/-+$/, "");
}

/**
 * A storage account name (3-24 lower-case letters and digits, globally
 * unique) derived from the resource group id, which contains the
 * subscription id: stable across updates and distinct per subscription.
 */
export function storageAccountName(resourceGroupId: string): string {
    const digest = createHash("sha256").update(resourceGroupId.toLowerCase()).digest("hex");
    return `milvus${digest.slice(0, 18)}`;
}

/** "/subscriptions/<id>" of an ARM resource id. */
export function subscriptionScope(resourceId: string): string {
    const m = /^\/subscriptions\/[^/]+/i.exec(resourceId);
    if (!m) throw new Error(`not an Azure resource id: ${resourceId}`);
    return m[0];
}

/** Full id of a built-in role definition in the subscription that holds `scopeId`. */
export function roleDefinitionId(scopeId: string, roleGuid: string): string {
    return `${subscriptionScope(scopeId)}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/** The subject Entra ID matches against the Kubernetes service account token. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccount}`;
}
