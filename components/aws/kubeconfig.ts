// A kubeconfig for the EKS cluster that holds no credential: kubectl and the
// Pulumi Kubernetes provider get a short-lived token from `aws eks get-token`
// with whatever AWS identity runs them.
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";

export interface ClusterEndpoint {
    name: pulumi.Input<string>;
    endpoint: pulumi.Input<string>;
    /** Base64 certificate authority data. */
    certificateAuthority: pulumi.Input<string>;
    region: string;
}

export function kubeconfigFor(cluster: ClusterEndpoint): pulumi.Output<string> {
    return pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority]).apply(([name, server, ca]) => stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server, "certificate-authority-data": ca } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [{
            name,
            user: {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: "aws",
                    args: ["eks", "get-token", "--cluster-name", name, "--region", cluster.region, "--output", "json"],
                    interactiveMode: "Never",
                },
            },
        }],
    }));
}
