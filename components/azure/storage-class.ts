// The premium Azure Disk StorageClass Milvus, etcd and Pulsar volumes use.
// The chart's Pulsar subchart has no storage class key this program can set,
// so this class is made the cluster default, and AKS's built-in default
// classes are patched to non-default. (Even if AKS put its annotation back,
// Kubernetes >= 1.26 picks the newest default class, which is this one.)
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AzureSettings } from "./config";
import { DEFAULT_CLASS_ANNOTATION } from "./names";

/** AKS-managed classes that may carry the default annotation. */
export const AKS_BUILT_IN_DEFAULT_CLASSES = ["default", "managed-csi"] as const;

export interface PremiumStorageClassArgs {
    azure: AzureSettings;
    /** Protect the stateful resources and keep their data (CommonConfig.protectData). */
    protectData: boolean;
    provider: k8s.Provider;
    /** The stack's labels (platform/tags.ts). */
    labels: Record<string, string>;
}

export function storageClassParameters(disk: AzureSettings["disk"]): Record<string, string> {
    return disk.skuName === "PremiumV2_LRS"
        ? // Premium SSD v2 supports no host caching.
          { skuName: "PremiumV2_LRS", cachingMode: "None" }
        : { skuName: "Premium_LRS", cachingMode: "ReadOnly" };
}

export class PremiumStorageClass extends pulumi.ComponentResource {
    readonly storageClass: k8s.storage.v1.StorageClass;
    readonly builtInPatches: k8s.storage.v1.StorageClassPatch[];
    readonly name: pulumi.Output<string>;

    constructor(name: string, args: PremiumStorageClassArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:azure:PremiumStorageClass", name, {}, opts);
        const provider = args.provider;
        // Patch the built-in classes first so the cluster never has two defaults for long.
        this.builtInPatches = AKS_BUILT_IN_DEFAULT_CLASSES.map(
            (className) =>
                new k8s.storage.v1.StorageClassPatch(
                    `${name}-${className}-not-default`,
                    {
                        metadata: {
                            name: className,
                            annotations: {
                                [DEFAULT_CLASS_ANNOTATION]: "false",
                                // Take the field over from AKS's field manager.
                                "pulumi.com/patchForce": "true",
                            },
                        },
                    },
                    { parent: this, provider },
                ),
        );

        this.storageClass = new k8s.storage.v1.StorageClass(
            `${name}-class`,
            {
                metadata: {
                    name: args.azure.disk.storageClassName,
                    annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" },
                    labels: args.labels,
                },
                provisioner: "disk.csi.azure.com",
                parameters: storageClassParameters(args.azure.disk),
                // Binds where the pod is scheduled, so zonal disks follow zone spreading.
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                // In prod a deleted claim leaves its disk behind for recovery.
                reclaimPolicy: args.protectData ? "Retain" : "Delete",
            },
            { parent: this, provider, dependsOn: this.builtInPatches },
        );

        this.name = this.storageClass.metadata.name;
        this.registerOutputs({ name: this.name });
    }
}
