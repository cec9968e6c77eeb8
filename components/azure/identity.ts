// Workload identity for Milvus: a user-assigned managed identity that the
// Milvus service account may act as (federated credential: issuer = the AKS
// OIDC issuer, subject = that service account), with "Storage Blob Data
// Contributor" on the Milvus container only. No key or secret is involved.
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import { STORAGE_BLOB_DATA_CONTRIBUTOR, WORKLOAD_IDENTITY_AUDIENCE, roleDefinitionId, serviceAccountSubject } from "./names";

export interface MilvusIdentityArgs {
    baseName: string;
    location: string;
    resourceGroupName: pulumi.Input<string>;
    /** The AKS cluster's OIDC issuer URL (a cluster output). */
    oidcIssuerUrl: pulumi.Input<string>;
    namespace: string;
    serviceAccountName: string;
    /**
     * milvus-backup's account, when the stack runs it: a second federated credential of the same identity.
     * @default undefined (Milvus's account only)
     */
    backupServiceAccountName?: string;
    /** Resource id the data role is granted on (the blob container). */
    dataScope: pulumi.Input<string>;
    tags: Record<string, string>;
}

export class MilvusIdentity extends pulumi.ComponentResource {
    readonly identity: managedidentity.UserAssignedIdentity;
    readonly federatedCredential: managedidentity.FederatedIdentityCredential;
    readonly backupFederatedCredential: managedidentity.FederatedIdentityCredential | undefined;
    readonly dataAccess: authorization.RoleAssignment;
    readonly clientId: pulumi.Output<string>;

    constructor(name: string, args: MilvusIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:azure:MilvusIdentity", name, {}, opts);
        const identityName = `${args.baseName}-milvus`;
        this.identity = new managedidentity.UserAssignedIdentity(
            `${name}-identity`,
            {
                resourceGroupName: args.resourceGroupName,
                resourceName: identityName,
                location: args.location,
                tags: args.tags,
            },
            { parent: this },
        );

        this.federatedCredential = new managedidentity.FederatedIdentityCredential(
            `${name}-federation`,
            {
                resourceGroupName: args.resourceGroupName,
                resourceName: this.identity.name,
                federatedIdentityCredentialResourceName: `${args.namespace}-${args.serviceAccountName}`,
                issuer: args.oidcIssuerUrl,
                subject: serviceAccountSubject(args.namespace, args.serviceAccountName),
                audiences: [WORKLOAD_IDENTITY_AUDIENCE],
            },
            { parent: this },
        );

        // Azure refuses concurrent writes of federated credentials under one identity
        // (learn.microsoft.com, workload identity federation: "Considerations and restrictions"), hence dependsOn.
        this.backupFederatedCredential =
            args.backupServiceAccountName === undefined
                ? undefined
                : new managedidentity.FederatedIdentityCredential(
                      `${name}-backup-federation`,
                      {
                          resourceGroupName: args.resourceGroupName,
                          resourceName: this.identity.name,
                          federatedIdentityCredentialResourceName: `${args.namespace}-${args.backupServiceAccountName}`,
                          issuer: args.oidcIssuerUrl,
                          subject: serviceAccountSubject(args.namespace, args.backupServiceAccountName),
                          audiences: [WORKLOAD_IDENTITY_AUDIENCE],
                      },
                      { parent: this, dependsOn: [this.federatedCredential] },
                  );

        this.dataAccess = new authorization.RoleAssignment(
            `${name}-blob-data`,
            {
                principalId: this.identity.principalId,
                // Avoids failures while the new identity replicates through Entra ID.
                principalType: "ServicePrincipal",
                roleDefinitionId: pulumi.output(args.dataScope).apply((scope) => roleDefinitionId(scope, STORAGE_BLOB_DATA_CONTRIBUTOR)),
                scope: args.dataScope,
                description: `Milvus (${args.namespace}/${args.serviceAccountName}) reads and writes its container`,
            },
            { parent: this },
        );

        this.clientId = this.identity.clientId;
        this.registerOutputs({ clientId: this.clientId });
    }
}
