// The S3 bucket Milvus keeps its data in (segments, indexes and, with
// Woodpecker, its write-ahead log): no public access of any kind, encrypted
// at rest, reachable over TLS only, owned by the bucket owner (no ACLs), and
// versioned so an overwrite or delete can be undone. Old versions and
// abandoned multipart uploads expire so versioning does not grow unbounded.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsSettings } from "./config";

export interface MilvusBucketArgs {
    settings: AwsSettings["bucket"];
    /** prod: the bucket and its objects are protected, kept on stack deletion and never force-emptied. */
    protectData: boolean;
}

export class MilvusBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: MilvusBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:MilvusBucket", name, {}, opts);
        const { settings, protectData } = args;
        // prod: hardening outlives the program too; deleting it from the stack must not leave the bucket bare.
        const child = { parent: this, retainOnDelete: protectData };

        this.bucket = new aws.s3.Bucket(
            name,
            {
                // Undefined: Pulumi picks a unique name once and keeps it.
                bucket: settings.name,
                forceDestroy: !protectData,
            },
            { ...child, protect: protectData },
        );
        this.name = this.bucket.bucket;
        this.arn = this.bucket.arn;

        this.harden(name, settings, child);
        this.registerOutputs({ name: this.name, arn: this.arn });
    }

    /** No public access, owner-enforced objects, encryption, versioning with expiry, and TLS only. */
    private harden(name: string, settings: MilvusBucketArgs["settings"], child: pulumi.CustomResourceOptions): void {
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            {
                bucket: this.bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            child,
        );
        new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            {
                bucket: this.bucket.id,
                rule: { objectOwnership: "BucketOwnerEnforced" },
            },
            child,
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: this.bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            },
            child,
        );
        const versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            {
                bucket: this.bucket.id,
                versioningConfiguration: { status: "Enabled" },
            },
            child,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: this.bucket.id,
                rules: [
                    {
                        id: "expire-noncurrent-versions-and-abandoned-uploads",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: settings.noncurrentVersionExpirationDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            { ...child, dependsOn: [versioning] },
        );
        new aws.s3.BucketPolicy(
            `${name}-tls-only`,
            {
                bucket: this.bucket.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "DenyInsecureTransport",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: [this.bucket.arn, pulumi.interpolate`${this.bucket.arn}/*`],
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                }),
            },
            { ...child, dependsOn: [publicAccess] },
        );
    }
}
