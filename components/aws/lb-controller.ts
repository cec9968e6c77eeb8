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
import { chartSource } from "../platform/chart-source";
import { mirroredImage } from "../shared/images";

export const LB_CONTROLLER_CHART = { name: "aws-load-balancer-controller" };
/**
 * The controller's image as chart 3.5.0 names it (values.yaml `image.repository`, tag v3.5.0, the appVersion):
 * public ECR, in every region; the chart has no regional default (templates/deployment.yaml:
 * "{{ .Values.image.repository }}:{{ .Values.image.tag }}", the region only goes to the --aws-region flag).
 */
export const LB_CONTROLLER_IMAGE_REPOSITORY = "public.ecr.aws/eks/aws-load-balancer-controller";
export const LB_CONTROLLER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-load-balancer-controller" };

export interface LoadBalancerControllerArgs {
    chartVersion: string;
    /** An http(s) Helm repository, or an oci:// registry reference (platform/chart-source.ts). */
    chartRepository: string;
    /**
     * The stack's imageRegistry: the controller's image from there (shared/images.ts).
     * @default undefined (the chart's own image, from public ECR)
     */
    imageRegistry?: string;
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
        const role = serviceAccountRole(
            `${name}-role`,
            {
                oidc: args.oidc,
                namespace: LB_CONTROLLER_SERVICE_ACCOUNT.namespace,
                serviceAccount: LB_CONTROLLER_SERVICE_ACCOUNT.name,
                description: "AWS Load Balancer Controller: manages the NLBs and ALBs of this cluster",
            },
            { parent: this },
        );
        const policy = new aws.iam.Policy(
            `${name}-policy`,
            {
                description: "AWS Load Balancer Controller (published policy)",
                policy: JSON.stringify(lbControllerPolicy(args.partition.name)),
            },
            { parent: this },
        );
        const attachment = new aws.iam.RolePolicyAttachment(`${name}-policy`, { role: role.name, policyArn: policy.arn }, { parent: this });

        this.release = new k8s.helm.v3.Release(
            name,
            {
                name: LB_CONTROLLER_CHART.name,
                ...chartSource(args.chartRepository, LB_CONTROLLER_CHART.name),
                version: args.chartVersion,
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
                    // The tag stays the chart's (its appVersion).
                    ...(args.imageRegistry !== undefined
                        ? { image: { repository: mirroredImage(args.imageRegistry, LB_CONTROLLER_IMAGE_REPOSITORY) } }
                        : {}),
                },
                atomic: true,
                timeout: 600,
            },
            { parent: this, dependsOn: [attachment, ...args.after], customTimeouts: { create: "15m", update: "15m" } },
        );
        this.registerOutputs({ roleArn: role.arn });
    }
}
