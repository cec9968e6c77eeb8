// Managed node groups, one per configured pool, in the private subnets of
// every zone. Each starts from a launch template that requires IMDSv2 (hop
// limit 1: pods cannot borrow the node's role; they use IRSA) and gives the
// node an encrypted gp3 root volume. Pools carry their labels and taints, so
// Milvus roles can be placed on them (placement.ts).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { amiTypeFor, architectureOf } from "./architecture";
import { NODE_POOL_LABEL, type NodePoolSettings, type TaintEffect } from "./config";
import { managedPolicyArn, serviceRole } from "./iam-roles";
import type { Partition } from "./partition";

/** Root device of the Amazon Linux 2023 EKS AMIs. */
const ROOT_DEVICE = "/dev/xvda";

const EKS_TAINT_EFFECT: Record<TaintEffect, string> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
};

const NODE_ROLE_POLICIES = [
    "AmazonEKSWorkerNodePolicy",
    // vpc-cni runs on the host network and assigns pod addresses with the node's role.
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
];

export interface NodePoolsArgs {
    clusterName: pulumi.Input<string>;
    kubernetesVersion: pulumi.Input<string>;
    pools: NodePoolSettings[];
    privateSubnetIds: pulumi.Input<string>[];
    /** Security groups every node gets: the EKS cluster group and the network's node group. */
    securityGroupIds: pulumi.Input<string>[];
    partition: Partition;
    /** What nodes need before they can join: pod networking add-ons and egress routes. */
    after: pulumi.Resource[];
}

export class NodePools extends pulumi.ComponentResource {
    readonly nodeGroups: aws.eks.NodeGroup[];

    constructor(name: string, args: NodePoolsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:NodePools", name, {}, opts);

        const role = serviceRole(`${name}-role`, "ec2.amazonaws.com", "EKS nodes for Milvus", { parent: this });
        const attachments = NODE_ROLE_POLICIES.map(
            (policy) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-${policy}`,
                    {
                        role: role.name,
                        policyArn: managedPolicyArn(args.partition.name, policy),
                    },
                    { parent: this },
                ),
        );

        this.nodeGroups = args.pools.map((pool) => {
            const template = new aws.ec2.LaunchTemplate(
                `${name}-${pool.name}`,
                {
                    description: `Milvus node pool ${pool.name}`,
                    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                    blockDeviceMappings: [
                        {
                            deviceName: ROOT_DEVICE,
                            ebs: { volumeType: "gp3", volumeSize: pool.diskSizeGiB, encrypted: "true", deleteOnTermination: "true" },
                        },
                    ],
                    vpcSecurityGroupIds: args.securityGroupIds,
                    tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags: { Name: `${name}-${pool.name}` } })),
                    updateDefaultVersion: true,
                },
                { parent: this },
            );

            return new aws.eks.NodeGroup(
                `${name}-${pool.name}`,
                {
                    clusterName: args.clusterName,
                    version: args.kubernetesVersion,
                    nodeRoleArn: role.arn,
                    subnetIds: args.privateSubnetIds,
                    instanceTypes: pool.instanceTypes,
                    capacityType: pool.capacityType,
                    amiType: amiTypeFor(architectureOf(pool.instanceTypes[0])),
                    scalingConfig: { minSize: pool.minSize, desiredSize: pool.desiredSize, maxSize: pool.maxSize },
                    updateConfig: { maxUnavailable: 1 },
                    launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
                    labels: { ...pool.labels, [NODE_POOL_LABEL]: pool.name },
                    taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] })),
                },
                {
                    parent: this,
                    dependsOn: [...attachments, ...args.after],
                    // An autoscaler may move the desired size; a config edit must not undo that.
                    ignoreChanges: ["scalingConfig.desiredSize"],
                    customTimeouts: { create: "30m", update: "60m", delete: "30m" },
                },
            );
        });
        this.registerOutputs({ nodeGroups: this.nodeGroups.map((g) => g.nodeGroupName) });
    }
}
