// The AWS Load Balancer Controller: turns the Milvus Service into an NLB and
// the Attu Ingress into an ALB. It runs under its own IRSA role with the
// controller's published policy, and is told the region and VPC (the nodes'
// IMDS hop limit keeps pods from looking them up there).
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { IRSA_ROLE_ANNOTATION, serviceAccountRole, type ClusterOidc } from "./iam-roles";
import { lbControllerPolicy } from "./lb-controller-policy";
import type { Partition } from "./partition";

export const LB_CONTROLLER_CHART = { repo: "https://aws.github.io/eks-charts", name: "aws-load-balancer-controller" };
export const LB_CONTROLLER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-load-balancer-controller" };

export interface LoadBalancerControllerArgs {
    chartVersion: string;
    clusterName: pulumi.Input<string>;
    region: string;
    vpcId: pulumi.Input<string>;
    oidc: ClusterOidc;
    partition: Partition;
    /** The controller's pods need nodes (and cluster DNS) to run on. */
    after: pulumi.Resource[];
}

export class LoadBalancerController extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:LoadBalancerController", name, {}, opts);
        const role = serviceAccountRole(`${name}-role`, {
            oidc: args.oidc,
            namespace: LB_CONTROLLER_SERVICE_ACCOUNT.namespace,
            serviceAccount: LB_CONTROLLER_SERVICE_ACCOUNT.name,
            description: "AWS Load Balancer Controller: manages the NLBs and ALBs of this cluster",
        }, { parent: this });
        const policy = new aws.iam.Policy(`${name}-policy`, {
            description: "AWS Load Balancer Controller (published policy)",
            policy: JSON.stringify(lbControllerPolicy(args.partition.name)),
        }, { parent: this });
        const attachment = new aws.iam.RolePolicyAttachment(`${name}-policy`, { role: role.name, policyArn: policy.arn }, { parent: this });

        this.release = new k8s.helm.v3.Release(name, {
            name: LB_CONTROLLER_CHART.name,
            chart: LB_CONTROLLER_CHART.name,
            version: args.chartVersion,
            repositoryOpts: { repo: LB_CONTROLLER_CHART.repo },
            namespace: LB_CONTROLLER_SERVICE_ACCOUNT.namespace,
            values: {
                clusterName: args.clusterName,
                region: args.region,
                vpcId: args.vpcId,
                serviceAccount: {
                    create: true,
                    name: LB_CONTROLLER_SERVICE_ACCOUNT.name,
                    annotations: { [IRSA_ROLE_ANNOTATION]: role.arn },
                },
                // Only Services that ask for it (aws-load-balancer-type: external) get an AWS load balancer.
                enableServiceMutatorWebhook: false,
            },
            atomic: true,
            timeout: 600,
        }, { parent: this, dependsOn: [attachment, ...args.after], customTimeouts: { create: "15m", update: "15m" } });
        this.registerOutputs({ roleArn: role.arn });
    }
}
