// Builds the kubeconfig Pulumi (and the stack output) uses for AKS. Local
// accounts are disabled, so there is no static credential to use: the user
// entry runs `kubelogin get-token`, which exchanges the caller's Entra ID
// login (az CLI, workload identity, managed identity or service principal)
// for a token. Only the server address and CA are taken from the cluster's
// user-credential kubeconfig; its user entry (device-code login) is dropped.
import { parse, stringify } from "yaml";
import type { DeployerTool } from "../platform/deployer-tools";
import type { AzureSettings } from "./config";
import { AKS_AAD_SERVER_ID } from "./names";

/** What the machine running `pulumi up` needs for this kubeconfig, given the kubelogin login mode. */
export function azureDeployerTools(kubelogin: AzureSettings["kubelogin"]): DeployerTool[] {
    const tools: DeployerTool[] = [
        {
            command: "kubelogin",
            why: "the AKS kubeconfig gets its Entra ID tokens from `kubelogin get-token` (local accounts are disabled)",
            install: "install kubelogin (az aks install-cli installs it with kubectl)",
        },
    ];
    if (kubelogin.loginMode === "azurecli") {
        tools.push({
            command: "az",
            why: "azure.kubelogin.loginMode is azurecli: kubelogin reuses the Azure CLI login",
            install: "install the Azure CLI and run az login, or choose another azure.kubelogin.loginMode",
        });
    }
    return tools;
}

export interface ClusterEndpoint {
    server: string;
    certificateAuthorityData: string;
}

type RawKubeconfig = { clusters?: Array<{ cluster?: { server?: unknown; "certificate-authority-data"?: unknown } }> };

/** Server and CA from a kubeconfig returned by listManagedClusterUserCredentials (base64 text). */
export function endpointFromCredential(base64Kubeconfig: string): ClusterEndpoint {
    const doc = parse(Buffer.from(base64Kubeconfig, "base64").toString("utf8")) as RawKubeconfig | null;
    const cluster = doc?.clusters?.[0]?.cluster;
    const server = cluster?.server;
    const ca = cluster?.["certificate-authority-data"];
    if (typeof server !== "string" || typeof ca !== "string" || server === "" || ca === "") {
        throw new Error("the AKS user credential kubeconfig has no cluster server or certificate-authority-data");
    }
    return { server, certificateAuthorityData: ca };
}

/** `kubelogin get-token` arguments for a non-interactive login mode. */
export function kubeloginArgs(kubelogin: AzureSettings["kubelogin"], tenantId: string | undefined): string[] {
    const args = ["get-token", "--login", kubelogin.loginMode, "--server-id", AKS_AAD_SERVER_ID];
    // A service principal login needs the tenant; the other modes take it from their environment.
    if (kubelogin.loginMode === "spn" && tenantId) args.push("--tenant-id", tenantId);
    return args;
}

export function kubeloginKubeconfig(clusterName: string, endpoint: ClusterEndpoint, args: string[]): string {
    const user = `${clusterName}-kubelogin`;
    return stringify(
        {
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: clusterName, cluster: { server: endpoint.server, "certificate-authority-data": endpoint.certificateAuthorityData } }],
            contexts: [{ name: clusterName, context: { cluster: clusterName, user } }],
            "current-context": clusterName,
            users: [
                {
                    name: user,
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "kubelogin",
                            args,
                            interactiveMode: "Never",
                            provideClusterInfo: false,
                            installHint:
                                "install kubelogin (https://azure.github.io/kubelogin/install.html) and, for the azurecli mode, run az login",
                        },
                    },
                },
            ],
        },
        { lineWidth: 0 },
    );
}
