// The cluster's default StorageClass: encrypted gp3 through the EBS CSI
// driver, bound when the pod is scheduled (so the volume lands in the pod's
// zone) and expandable.
//
// The gp2 class EKS applies is left alone: "Starting with 1.30, Amazon EKS no
// longer includes the default annotation on the gp2 StorageClass resource
// applied to newly created clusters" (EKS user guide, Kubernetes 1.30 release
// notes), and this program creates its clusters at 1.30 or later (the config
// refuses older versions). Patching gp2 would fail wherever it does not exist.
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
    /** The StorageClass: volumes must not be claimed before it exists. */
    readonly resources: pulumi.Resource[];

    constructor(name: string, args: Gp3StorageClassArgs, opts?: pulumi.ComponentResourceOptions) {
        // The gp2 patch of earlier versions is removed (see above): deleting a Patch resource only gives up the
        // field it set, so gp2 keeps no default annotation.
        super("milvus-on-clouds:aws:Gp3StorageClass", name, {}, opts);
        const gp3 = new k8s.storage.v1.StorageClass(
            `${name}-gp3`,
            {
                metadata: { name: GP3_STORAGE_CLASS, labels: args.labels, annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } },
                provisioner: "ebs.csi.aws.com",
                parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                reclaimPolicy: args.protectData ? "Retain" : "Delete",
            },
            { parent: this },
        );
        this.name = gp3.metadata.name;
        this.resources = [gp3];
        this.registerOutputs({ name: this.name });
    }
}
