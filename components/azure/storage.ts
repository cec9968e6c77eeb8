// Milvus's object storage on Azure: a hardened StorageV2 account that only
// accepts Entra ID (shared keys disabled, so no key exists to leak), and a
// private container. In prod both are protected and the account carries a
// CanNotDelete lock, so neither a stray `pulumi destroy` nor a portal click
// removes the data, and a config edit that would replace them fails instead.
import * as authorization from "@pulumi/azure-native/authorization";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import type { AzureSettings } from "./config";
import { storageAccountName } from "./names";

export interface BlobStoreArgs {
    azure: AzureSettings;
    /** Protect the stateful resources and keep their data (CommonConfig.protectData). */
    protectData: boolean;
    resourceGroupName: pulumi.Input<string>;
    /** Used to derive a stable, globally unique account name when none is configured. */
    resourceGroupId: pulumi.Input<string>;
    /** The node subnet the account firewall admits (storage.networkAccess: vnet). */
    subnetId: pulumi.Input<string>;
    tags: Record<string, string>;
}

export class BlobStore extends pulumi.ComponentResource {
    readonly account: storage.StorageAccount;
    readonly container: storage.BlobContainer;
    readonly accountName: pulumi.Output<string>;
    readonly containerName: pulumi.Output<string>;

    constructor(name: string, args: BlobStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:azure:BlobStore", name, {}, opts);
        const { azure } = args;
        const settings = azure.storage;
        const accountName = settings.accountName ?? pulumi.output(args.resourceGroupId).apply(storageAccountName);

        this.account = new storage.StorageAccount(
            `${name}-account`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName,
                location: azure.location,
                kind: "StorageV2",
                sku: { name: `Standard_${settings.replication}` },
                accessTier: "Hot",
                minimumTlsVersion: "TLS1_2",
                enableHttpsTrafficOnly: true,
                allowBlobPublicAccess: false,
                // Keyless: every request must carry an Entra ID token (workload identity).
                allowSharedKeyAccess: false,
                defaultToOAuthAuthentication: true,
                allowCrossTenantReplication: false,
                isHnsEnabled: false,
                publicNetworkAccess: "Enabled",
                networkRuleSet:
                    settings.networkAccess === "vnet"
                        ? {
                              defaultAction: "Deny",
                              bypass: "AzureServices",
                              virtualNetworkRules: [{ virtualNetworkResourceId: args.subnetId, action: "Allow" }],
                              ipRules: [],
                          }
                        : { defaultAction: "Allow", bypass: "AzureServices" },
                tags: args.tags,
            },
            { parent: this, protect: args.protectData },
        );

        this.container = new storage.BlobContainer(
            `${name}-container`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: this.account.name,
                containerName: settings.containerName,
                publicAccess: "None",
            },
            { parent: this, protect: args.protectData },
        );

        if (args.protectData) {
            new authorization.ManagementLockByScope(
                `${name}-lock`,
                {
                    scope: this.account.id,
                    lockName: "milvus-data-cannot-delete",
                    level: "CanNotDelete",
                    notes: "Milvus data: remove this lock deliberately before deleting the account",
                },
                { parent: this, dependsOn: [this.container] },
            );
        }

        this.accountName = this.account.name;
        this.containerName = this.container.name;
        this.registerOutputs({ accountName: this.accountName, containerName: this.containerName });
    }
}
