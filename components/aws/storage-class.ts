// The cluster's default StorageClass: encrypted gp3 through the EBS CSI
// driver, bound when the pod is scheduled (so the volume lands in the pod's
// zone) and expandable. The EKS-created gp2 class is marked non-default.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
export const GP3_STORAGE_CLASS = "gp3";

export interface Gp3StorageClassArgs {
    /** prod: volumes outlive their claims (etcd holds Milvus's metadata). */
    protectData: boolean;
    /** The stack's labels (platform/tags.ts). */
    labels: Record<string, string>;
}

export class Gp3StorageClass extends pulumi.ComponentResource {
    readonly name: pulumi.Output<string>;
    /** The StorageClass and the gp2 patch: volumes must not be claimed before both exist. */
    readonly resources: pulumi.Resource[];

    constructor(name: string, args: Gp3StorageClassArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:Gp3StorageClass", name, {}, opts);
        const gp3 = new k8s.storage.v1.StorageClass(`${name}-gp3`, {
            metadata: { name: GP3_STORAGE_CLASS, labels: args.labels, annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            reclaimPolicy: args.protectData ? "Retain" : "Delete",
        }, { parent: this });
        // EKS (1.30+) no longer marks gp2 as default on new clusters; this makes it so on any cluster.
        const gp2 = new k8s.storage.v1.StorageClassPatch(`${name}-gp2-not-default`, {
            metadata: {
                name: "gp2",
                annotations: { [DEFAULT_CLASS_ANNOTATION]: "false", "pulumi.com/patchForce": "true" },
            },
        }, { parent: this });
        this.name = gp3.metadata.name;
        this.resources = [gp3, gp2];
        this.registerOutputs({ name: this.name });
    }
}
