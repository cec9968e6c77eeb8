// The identity the Milvus pods use for S3: an IRSA role that only the Milvus
// service account in the Milvus namespace can assume, allowed to list the
// bucket and to read, write and delete its objects, and nothing else.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceAccountRole, type ClusterOidc } from "./iam-roles";

export interface BucketIdentityArgs {
    oidc: ClusterOidc;
    namespace: pulumi.Input<string>;
    serviceAccount: string;
    /**
     * milvus-backup's account, when the stack runs it: the same role, the same bucket.
     * @default undefined (Milvus's account only)
     */
    backupServiceAccount?: string;
    bucketArn: pulumi.Input<string>;
}

export class BucketIdentity extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    /** The role's permissions: pods must not start before it is attached. */
    readonly policy: aws.iam.RolePolicy;

    constructor(name: string, args: BucketIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:BucketIdentity", name, {}, opts);
        this.role = serviceAccountRole(
            `${name}-role`,
            {
                oidc: args.oidc,
                namespace: args.namespace,
                serviceAccount: args.serviceAccount,
                ...(args.backupServiceAccount ? { alsoServiceAccounts: [args.backupServiceAccount] } : {}),
                description: "Milvus pods: read and write the Milvus bucket",
            },
            { parent: this },
        );
        this.policy = new aws.iam.RolePolicy(
            `${name}-bucket`,
            {
                role: this.role.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "ListTheBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [args.bucketArn] },
                        {
                            Sid: "ReadWriteItsObjects",
                            Effect: "Allow",
                            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                            Resource: [pulumi.interpolate`${args.bucketArn}/*`],
                        },
                    ],
                }),
            },
            { parent: this },
        );
        this.registerOutputs({ roleArn: this.role.arn });
    }
}
