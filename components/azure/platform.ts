// The Azure platform: resource group, network, AKS, Blob storage with
// workload identity and a premium disk StorageClass, handed to MilvusRelease
// as the same cloud-neutral contract the other platforms return.
import * as resources from "@pulumi/azure-native/resources";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/resolve";
import { chartFullname } from "../milvus/names";
import type { MessageQueue, MilvusPlatform } from "../platform/contract";
import type { PlatformOutputs } from "../platforms";
import { AksCluster } from "./cluster";
import type { AzureSettings } from "./config";
import { MilvusIdentity } from "./identity";
import {
    INTERNAL_LB_ANNOTATION, WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, WORKLOAD_IDENTITY_USE_LABEL, baseName,
} from "./names";
import { AksNetwork } from "./network";
import { placementFor } from "./placement";
import { sizeAzurePools } from "./pool-sizing";
import { BlobStore } from "./storage";
import { PremiumStorageClass } from "./storage-class";

export interface AzurePlatformArgs {
    config: StackConfig;
}

export class AzurePlatform extends pulumi.ComponentResource {
    readonly contract: MilvusPlatform;
    readonly outputs: PlatformOutputs;

    constructor(name: string, args: AzurePlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:azure:AzurePlatform", name, {}, opts);
        const { milvus, environment } = args.config;
        const azure = args.config.azure;
        // Validation requires the block when cloud is azure; this guards direct callers.
        if (!azure) throw new Error("the azure platform needs the `azure` config block");
        const prod = environment === "prod";
        const stack = pulumi.getStack();
        const base = baseName(azure.name, stack);
        // Azure tag names may not contain '/'.
        const tags = { "milvus-on-clouds-stack": stack, environment, ...azure.tags };

        const group = new resources.ResourceGroup(`${name}-rg`, {
            resourceGroupName: azure.resourceGroupName ?? `${base}-rg`,
            location: azure.location,
            tags,
        }, { parent: this, protect: prod });

        const network = new AksNetwork(`${name}-network`, {
            azure, baseName: base, resourceGroupName: group.name, tags,
        }, { parent: this });

        const aks = new AksCluster(`${name}-aks`, {
            azure, sizes: sizeAzurePools(args.config, azure), environment, baseName: base, resourceGroupName: group.name, subnetId: network.subnetId, tags,
        }, { parent: this });

        const blob = new BlobStore(`${name}-blob`, {
            azure, environment, resourceGroupName: group.name, resourceGroupId: group.id, subnetId: network.subnetId, tags,
        }, { parent: this });

        // kubelogin exec kubeconfig: works with local accounts disabled.
        const provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: aks.kubeconfig }, { parent: this });

        const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, {
            metadata: { name: milvus.namespace, labels: { "app.kubernetes.io/part-of": milvus.releaseName } },
        }, { parent: this, provider, protect: prod });

        const storageClass = new PremiumStorageClass(`${name}-disk`, { azure, environment, provider }, { parent: this });

        // The chart creates this service account; the federated credential trusts exactly it.
        const serviceAccountName = chartFullname(milvus.releaseName, milvus.values);
        const identity = new MilvusIdentity(`${name}-milvus`, {
            baseName: base,
            location: azure.location,
            resourceGroupName: group.name,
            oidcIssuerUrl: aks.oidcIssuerUrl,
            namespace: milvus.namespace,
            serviceAccountName,
            dataScope: blob.container.id,
            tags,
        }, { parent: this });

        this.contract = {
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
            messageQueue: azureMessageQueue(args.config),
            serviceAccount: {
                name: serviceAccountName,
                annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: identity.clientId },
                podLabels: { [WORKLOAD_IDENTITY_USE_LABEL]: "true" },
            },
            exposure: {
                loadBalancerAnnotations: {
                    internal: { [INTERNAL_LB_ANNOTATION]: "true" },
                    public: {},
                },
            },
            zoneSpread: zoneSpread(azure),
            placement: placementFor(azure),
            // Milvus needs its nodes, its disks and blob access from the first pod on.
            dependsOn: [
                storageClass.storageClass, ...storageClass.builtInPatches, ...aks.userPools,
                identity.federatedCredential, identity.dataAccess,
            ],
        };

        this.outputs = {
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
    }
}

/** Zone-hard spreading only when the pools span several zones. */
export function zoneSpread(azure: AzureSettings): MilvusPlatform["zoneSpread"] {
    return azure.zones.length >= 2 ? "DoNotSchedule" : "ScheduleAnyway";
}

function azureMessageQueue({ milvus }: StackConfig): MessageQueue {
    switch (milvus.messageQueue) {
        case "pulsar":
            // In-cluster Pulsar; its volumes use the default class, the premium one.
            return { kind: "pulsar" };
        case "woodpecker":
            // WAL in the Milvus container (embedded in the streaming nodes).
            return { kind: "woodpecker" };
        case "kafka":
            // Validation refuses Kafka on Azure (PLATFORM_CAPABILITIES.azure.refusedQueues).
            throw new Error("kafka is not supported on the azure platform");
    }
}
