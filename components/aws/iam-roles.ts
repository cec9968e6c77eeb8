// IAM roles: for Kubernetes service accounts (IRSA: the role trusts the
// cluster's OIDC provider, and only tokens issued to one namespace/service
// account for the STS audience; no access keys exist anywhere), and for the
// AWS services (EKS, EC2) that act for the cluster.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Service-account annotation that binds a pod's identity to an IAM role. */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

export interface ClusterOidc {
    /** ARN of the IAM OIDC provider registered for the cluster. */
    providerArn: pulumi.Input<string>;
    /** The issuer without `https://`, as IAM condition keys name it. */
    issuerHost: pulumi.Input<string>;
}

export interface ServiceAccountRoleArgs {
    oidc: ClusterOidc;
    namespace: pulumi.Input<string>;
    serviceAccount: pulumi.Input<string>;
    /**
     * Further service accounts of the same namespace that may assume the role (milvus-backup's).
     * @default [] (only serviceAccount)
     */
    alsoServiceAccounts?: string[];
    description: string;
}

/** The `sub` claim of a Kubernetes service account token. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

export function serviceAccountRole(name: string, args: ServiceAccountRoleArgs, opts: pulumi.CustomResourceOptions): aws.iam.Role {
    const trust = pulumi
        .all([args.oidc.providerArn, args.oidc.issuerHost, args.namespace, args.serviceAccount])
        .apply(([providerArn, issuerHost, namespace, serviceAccount]) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: providerArn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: {
                                // Several values of one key are alternatives (IAM: condition keys with multiple values);
                                // one account keeps the plain string the role always had.
                                [`${issuerHost}:sub`]: args.alsoServiceAccounts?.length
                                    ? [serviceAccount, ...args.alsoServiceAccounts].map((sa) => serviceAccountSubject(namespace, sa))
                                    : serviceAccountSubject(namespace, serviceAccount),
                                [`${issuerHost}:aud`]: "sts.amazonaws.com",
                            },
                        },
                    },
                ],
            }),
        );
    return new aws.iam.Role(name, { description: args.description, assumeRolePolicy: trust }, opts);
}

/** A role an AWS service (eks, ec2) assumes. */
export function serviceRole(name: string, service: string, description: string, opts: pulumi.CustomResourceOptions): aws.iam.Role {
    return new aws.iam.Role(
        name,
        {
            description,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
            }),
        },
        opts,
    );
}

/** ARN of an AWS-managed policy in the partition. */
export function managedPolicyArn(partition: string, path: string): string {
    return `arn:${partition}:iam::aws:policy/${path}`;
}
