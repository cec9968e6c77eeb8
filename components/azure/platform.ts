// The Azure platform: resource group, network, AKS, Blob storage with
// workload identity and a premium disk StorageClass, handed to MilvusRelease
// as the same cloud-neutral contract the other platforms return.
import type * as k8s from "@pulumi/kubernetes";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import type { MilvusSettings } from "../config/resolve";
import type { PlatformOutputs } from "../outputs";
import type { MessageQueue, MilvusPlatform } from "../platform/contract";
import type { PlatformContext, PlatformDeployment } from "../platform/module";
import { createMilvusNamespace } from "../platform/namespace";
import { backupServiceAccountName, milvusServiceAccountName, usesBackupTool } from "../platform/service-account";
import { zoneSpreadFor } from "../platform/zones";
import { AksCluster } from "./cluster";
import type { AzureSettings } from "./config";
import { MilvusIdentity } from "./identity";
import { INTERNAL_LB_ANNOTATION, WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, WORKLOAD_IDENTITY_USE_LABEL, baseName } from "./names";
import { AksNetwork } from "./network";
import { waitForPropagation } from "./propagation";
import { placementFor } from "./placement";
import { sizeAzurePools } from "./pool-sizing";
import { BlobStore } from "./storage";
import { PremiumStorageClass } from "./storage-class";
import { kubernetesProvider } from "../platform/kubernetes-provider";

export interface AzurePlatformArgs {
    context: PlatformContext;
    settings: AzureSettings;
}

/**
 * The URN of the default azure-native provider the engine made for the stacks
 * this program deployed before it created its own: the explicit provider
 * takes it over through an alias, so no resource sees a provider change.
 */
function defaultProviderUrn(): string {
    const version = (require("@pulumi/azure-native/package.json") as { version: string }).version;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::pulumi:providers:azure-native::default_${version.replace(/[.-]/g, "_")}`;
}

/**
 * Made in two steps so that checks against the cloud run before anything is
 * created: the constructor registers only the component and its explicit
 * azure-native provider (the checks' invokes go through it), `build` creates
 * the platform.
 */
export class AzurePlatform extends pulumi.ComponentResource {
    /** Every Azure resource goes through this provider (children inherit it from the component). */
    readonly provider: AzureProvider;

    constructor(
        private readonly platformName: string,
        private readonly args: AzurePlatformArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("milvus-on-clouds:azure:AzurePlatform", platformName, {}, opts);
        this.provider = new AzureProvider(`${platformName}-azure`, {}, { parent: this, aliases: [defaultProviderUrn()] });
    }

    /** The resource group, the VNet, the AKS cluster and the Blob store, through the component's azure-native provider. */
    private infrastructure(name: string, base: string): { group: resources.ResourceGroup; network: AksNetwork; aks: AksCluster; blob: BlobStore } {
        const { context, settings: azure } = this.args;
        const { demand, protectData } = context.config;
        // azure-native has no default tags: each taggable resource takes these (platform/tags.ts) as its `tags`.
        const tags = context.tags;
        const azureProvider = this.provider;
        const inAzure = { parent: this, providers: [azureProvider] };

        const group = new resources.ResourceGroup(
            `${name}-rg`,
            {
                resourceGroupName: azure.resourceGroupName ?? `${base}-rg`,
                location: azure.location,
                tags,
            },
            { parent: this, provider: azureProvider, protect: protectData },
        );

        const network = new AksNetwork(
            `${name}-network`,
            {
                azure,
                baseName: base,
                resourceGroupName: group.name,
                tags,
            },
            inAzure,
        );

        const aks = new AksCluster(
            `${name}-aks`,
            {
                azure,
                sizes: sizeAzurePools(demand, azure),
                protectData,
                baseName: base,
                resourceGroupName: group.name,
                subnetId: network.subnetId,
                tags,
            },
            inAzure,
        );

        const blob = new BlobStore(
            `${name}-blob`,
            {
                azure,
                protectData,
                resourceGroupName: group.name,
                resourceGroupId: group.id,
                subnetId: network.subnetId,
                tags,
            },
            inAzure,
        );
        return { group, network, aks, blob };
    }

    build(): PlatformDeployment {
        const name = this.platformName;
        const { context, settings: azure } = this.args;
        const { milvus, protectData } = context.config;
        const base = baseName(azure.name, pulumi.getStack());
        const tags = context.tags;
        const inAzure = { parent: this, providers: [this.provider] };

        const { group, network, aks, blob } = this.infrastructure(name, base);

        // kubelogin exec kubeconfig: works with local accounts disabled.
        // In-cluster resources authenticate as the deployer, so they wait for its role assignment, and right
        // after the assignment is made, for it to reach the cluster's Azure RBAC (propagation.ts).
        // Only on a deployment: a preview must hand the provider the same kubeconfig every time (an output
        // the state lacks would be unknown in a preview and show the provider as changed).
        const kubeconfig =
            context.mode.preview || context.mode.offlineEvaluation
                ? aks.kubeconfig
                : pulumi.secret(
                      pulumi.all([aks.kubeconfig, aks.deployerAccess.createdOn]).apply(async ([config, createdOn]) => {
                          await waitForPropagation(createdOn);
                          return config;
                      }),
                  );
        const provider = kubernetesProvider(`${name}-k8s`, { kubeconfig }, { parent: this, dependsOn: [aks.deployerAccess] });

        const namespace = createMilvusNamespace(name, this, { milvus, labels: context.labels, protect: protectData, provider });

        const storageClass = new PremiumStorageClass(`${name}-disk`, { azure, protectData, provider, labels: context.labels }, { parent: this });

        // The chart creates this service account; the federated credential trusts exactly it.
        const serviceAccountName = milvusServiceAccountName(milvus);
        const backupAccount = usesBackupTool(milvus) ? backupServiceAccountName(milvus) : undefined;
        const identity = new MilvusIdentity(
            `${name}-milvus`,
            {
                baseName: base,
                location: azure.location,
                resourceGroupName: group.name,
                oidcIssuerUrl: aks.oidcIssuerUrl,
                namespace: milvus.namespace,
                serviceAccountName,
                ...(backupAccount ? { backupServiceAccountName: backupAccount } : {}),
                dataScope: blob.container.id,
                tags,
            },
            inAzure,
        );

        const contract = azureContract({
            context,
            azure,
            provider,
            namespace,
            storageClass,
            blob,
            identity,
            network,
            aks,
            serviceAccountName,
            backupAccount,
        });

        const outputs: PlatformOutputs = {
            region: azure.location,
            objectStoreName: blob.containerName,
            kubeconfig: aks.kubeconfig,
            extras: {
                azure: {
                    resourceGroupName: group.name,
                    clusterName: aks.cluster.name,
                    storageAccountName: blob.accountName,
                    identityClientId: identity.clientId,
                    oidcIssuerUrl: aks.oidcIssuerUrl,
                },
            },
        };
        this.registerOutputs({ clusterName: aks.cluster.name, storageAccount: blob.accountName });
        return { contract, outputs };
    }
}

interface AzureParts {
    context: PlatformContext;
    azure: AzureSettings;
    provider: k8s.Provider;
    namespace: k8s.core.v1.Namespace;
    storageClass: PremiumStorageClass;
    blob: BlobStore;
    identity: MilvusIdentity;
    network: AksNetwork;
    aks: AksCluster;
    serviceAccountName: string;
    backupAccount: string | undefined;
}

/** The shared contract MilvusRelease reads: Blob storage through workload identity, in-cluster queues. */
function azureContract({
    context,
    azure,
    provider,
    namespace,
    storageClass,
    blob,
    identity,
    network,
    aks,
    serviceAccountName,
    backupAccount,
}: AzureParts): MilvusPlatform {
    const milvus = context.config.milvus;
    return {
        cloud: "azure",
        provider,
        namespace: namespace.metadata.name,
        storageClassName: storageClass.name,
        objectStore: {
            kind: "bucket",
            cloudProvider: "azure",
            host: "core.windows.net",
            port: 443,
            useSSL: true,
            bucketName: blob.containerName,
            rootPath: azure.storage.rootPath,
            accountName: blob.accountName,
        },
        messageQueue: azureMessageQueue(milvus),
        serviceAccount: {
            name: serviceAccountName,
            annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: identity.clientId },
            podLabels: { [WORKLOAD_IDENTITY_USE_LABEL]: "true" },
        },
        ...(backupAccount
            ? {
                  backupServiceAccount: {
                      name: backupAccount,
                      annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: identity.clientId },
                      podLabels: { [WORKLOAD_IDENTITY_USE_LABEL]: "true" },
                  },
              }
            : {}),
        exposure: {
            loadBalancerAnnotations: {
                internal: { [INTERNAL_LB_ANNOTATION]: "true" },
                public: {},
            },
        },
        networkRanges: network.vnetRanges,
        zoneSpread: zoneSpreadFor(azure.zones.length),
        labels: context.labels,
        placement: placementFor(azure),
        // Milvus needs its nodes, its disks and blob access from the first pod on.
        dependsOn: [storageClass.storageClass, ...storageClass.builtInPatches, ...aks.userPools, identity.federatedCredential, identity.dataAccess],
    };
}

function azureMessageQueue(milvus: MilvusSettings): MessageQueue {
    switch (milvus.messageQueue) {
        case "pulsar":
            // In-cluster Pulsar; its volumes use the default class, the premium one.
            return { kind: "pulsar" };
        case "woodpecker":
            // WAL in the Milvus container (embedded in the streaming nodes).
            return { kind: "woodpecker" };
        case "kafka":
            // Validation refuses Kafka on Azure (the module's capabilities, refusedQueues).
            throw new Error("kafka is not supported on the azure platform");
    }
}
