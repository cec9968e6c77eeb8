// A kubeconfig for the EKS cluster that holds no credential: kubectl and the
// Pulumi Kubernetes provider get a short-lived token from `aws eks get-token`
// with whatever AWS identity runs them.
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import type { DeployerTool } from "../platform/deployer-tools";

/** What the machine running `pulumi up` needs for this kubeconfig. */
export const AWS_DEPLOYER_TOOLS: DeployerTool[] = [
    {
        command: "aws",
        why: "the EKS kubeconfig gets its tokens from `aws eks get-token`",
        install: "install the AWS CLI v2 and sign in (aws configure, or the role of your CI runner)",
    },
];

export interface ClusterEndpoint {
    name: pulumi.Input<string>;
    endpoint: pulumi.Input<string>;
    /** Base64 certificate authority data. */
    certificateAuthority: pulumi.Input<string>;
    region: string;
}

export function kubeconfigFor(cluster: ClusterEndpoint): pulumi.Output<string> {
    return pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority]).apply(([name, server, ca]) =>
        stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name, cluster: { server, "certificate-authority-data": ca } }],
            contexts: [{ name, context: { cluster: name, user: name } }],
            "current-context": name,
            users: [
                {
                    name,
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "aws",
                            args: ["eks", "get-token", "--cluster-name", name, "--region", cluster.region, "--output", "json"],
                            interactiveMode: "Never",
                        },
                    },
                },
            ],
        }),
    );
}
