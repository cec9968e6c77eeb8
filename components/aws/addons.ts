// EKS managed add-ons. vpc-cni and kube-proxy are DaemonSets nodes need to
// become Ready, so they come before the node groups; CoreDNS and the EBS CSI
// driver are Deployments that need nodes, so they come after. The EBS CSI
// controller gets its own IRSA role with only the EBS driver policy.
// EKS picks each add-on's default version for the cluster's Kubernetes version.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn, serviceAccountRole, type ClusterOidc } from "./iam-roles";
import type { Partition } from "./partition";

export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" };

/** The managed vpc-cni add-on's documented switch for the network policy agent (a string, not a boolean). */
export const VPC_CNI_CONFIGURATION = JSON.stringify({ enableNetworkPolicy: "true" });

const ADDON_TIMEOUTS = { create: "20m", update: "20m", delete: "20m" };

function addon(
    name: string,
    clusterName: pulumi.Input<string>,
    addonName: string,
    opts: pulumi.CustomResourceOptions,
    extra: Partial<aws.eks.AddonArgs> = {},
): aws.eks.Addon {
    return new aws.eks.Addon(
        name,
        {
            clusterName,
            addonName,
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "PRESERVE",
            ...extra,
        },
        { customTimeouts: ADDON_TIMEOUTS, ...opts },
    );
}

/** Add-ons the nodes need to join: pod networking and service routing. */
export class NodeNetworkingAddons extends pulumi.ComponentResource {
    readonly addons: aws.eks.Addon[];

    constructor(name: string, args: { clusterName: pulumi.Input<string> }, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:NodeNetworkingAddons", name, {}, opts);
        this.addons = [
            // The VPC CNI enforces NetworkPolicies (the program ships some) only with its network policy agent on.
            addon(`${name}-vpc-cni`, args.clusterName, "vpc-cni", { parent: this }, { configurationValues: VPC_CNI_CONFIGURATION }),
            addon(`${name}-kube-proxy`, args.clusterName, "kube-proxy", { parent: this }),
        ];
        this.registerOutputs({});
    }
}

export interface ClusterServiceAddonsArgs {
    clusterName: pulumi.Input<string>;
    oidc: ClusterOidc;
    partition: Partition;
    /** The node groups: these add-ons run Deployments and only become healthy on nodes. */
    after: pulumi.Resource[];
}

/** Add-ons that run on the nodes: cluster DNS and the EBS CSI driver (gp3 volumes). */
export class ClusterServiceAddons extends pulumi.ComponentResource {
    readonly addons: aws.eks.Addon[];
    readonly ebsCsiRole: aws.iam.Role;

    constructor(name: string, args: ClusterServiceAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:ClusterServiceAddons", name, {}, opts);
        const coreDns = addon(`${name}-coredns`, args.clusterName, "coredns", { parent: this, dependsOn: args.after });

        this.ebsCsiRole = serviceAccountRole(
            `${name}-ebs-csi`,
            {
                oidc: args.oidc,
                namespace: EBS_CSI_SERVICE_ACCOUNT.namespace,
                serviceAccount: EBS_CSI_SERVICE_ACCOUNT.name,
                description: "EBS CSI controller: creates, attaches and deletes EBS volumes",
            },
            { parent: this },
        );
        const ebsPolicy = new aws.iam.RolePolicyAttachment(
            `${name}-ebs-csi`,
            {
                role: this.ebsCsiRole.name,
                policyArn: managedPolicyArn(args.partition.name, "service-role/AmazonEBSCSIDriverPolicy"),
            },
            { parent: this },
        );
        const ebsCsi = addon(
            `${name}-ebs-csi`,
            args.clusterName,
            "aws-ebs-csi-driver",
            { parent: this, dependsOn: [ebsPolicy, ...args.after] },
            {
                serviceAccountRoleArn: this.ebsCsiRole.arn,
            },
        );

        this.addons = [coreDns, ebsCsi];
        this.registerOutputs({});
    }
}
