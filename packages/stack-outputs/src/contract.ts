// The stack outputs contract: what every Milvus stack exports, on every cloud,
// for app projects that read it through a stack reference.
//
// This file is the single source: the zod schema below defines the outputs,
// their types are inferred from it, the program exports what its
// `toStackOutputs` (components/outputs.ts) builds, and the consumer helper
// (consumer.ts) validates a referenced stack against the same schema.
//
// It depends only on zod: app projects install it as a package
// (@milvus-on-clouds/stack-outputs) without the program's cloud SDKs.
//
// Versioning: `contractVersion` changes when an output is removed or renamed,
// or changes type or meaning. Adding an optional output, or a field to a
// cloud section, keeps the version: consumers ignore what they do not know.
import { z } from "zod";
import { deploymentRecordSchema } from "./deployment-record";

/** The environments a stack may be (the program's `environment` key). */
export const ENVIRONMENTS = ["dev", "prod"] as const;

export const CONTRACT_VERSION = 1;

const text = z.string().min(1);

/** AWS extras (EKS): what an app project needs to work beside Milvus on AWS. */
const awsSectionSchema = z.object({
    /** The EKS cluster name (for `aws eks update-kubeconfig`, IRSA, add-ons). */
    clusterName: text,
    /** ARN of the bucket Milvus stores its data in (`objectStoreName` is its name). */
    bucketArn: text,
    /** Comma-separated SASL/SCRAM bootstrap brokers of the MSK cluster, when Milvus uses MSK. */
    kafkaBootstrapBrokers: text.optional(),
    /** The VPC the cluster runs in (created or given). */
    vpcId: text.optional(),
    /** The IAM role Milvus assumes through IRSA (its only grant is the bucket). */
    milvusRoleArn: text.optional(),
});

/** Azure extras (AKS). */
const azureSectionSchema = z.object({
    resourceGroupName: text,
    /** The AKS cluster name. */
    clusterName: text,
    /** The storage account holding the Milvus container (`objectStoreName`). */
    storageAccountName: text,
    /** Client id of the user-assigned identity Milvus runs as (workload identity). */
    identityClientId: text,
    /** The AKS OIDC issuer, for app projects that federate identities of their own. */
    oidcIssuerUrl: text.optional(),
});

/** Cloud-specific extras, keyed by cloud; only the stack's own cloud may appear. */
const platformSectionSchema = z.object({
    aws: awsSectionSchema.optional(),
    azure: azureSectionSchema.optional(),
});

export const stackOutputsSchema = z
    .object({
        contractVersion: z.literal(CONTRACT_VERSION),
        /** The platform: "local", "aws", "azure" (the registry in components/platforms.ts names them). */
        cloud: text,
        environment: z.enum(ENVIRONMENTS),
        /** Cloud region; absent on the local platform. */
        region: text.optional(),
        /** The namespace Milvus runs in. */
        namespace: text,
        /** The Helm release name. */
        releaseName: text,
        /** The Kubernetes Service in front of the Milvus proxy (or standalone pod). */
        milvusServiceName: text,
        /** The Service's DNS name inside the cluster. */
        milvusHost: text,
        /** gRPC and RESTful port. */
        milvusPort: z.number().int().min(1).max(65535),
        /** `http(s)://<milvusHost>:<milvusPort>`, what Milvus SDKs take as `uri`. */
        milvusUri: z.string().regex(/^https?:\/\/[^/\s:]+:[0-9]+$/, "must be http(s)://host:port"),
        /** Whether clients must use TLS (then `milvusUri` is https). */
        milvusTls: z.boolean(),
        /** With TLS: `server` (clients verify the proxy) or `mutual` (clients also present a certificate of the same CA). */
        milvusTlsMode: z.enum(["server", "mutual"]).optional(),
        /**
         * PEM of the CA that signed the proxy's certificate, when TLS is on and the
         * certificate's Secret carries `ca.crt` (not secret: clients need it to
         * verify Milvus). Absent with a publicly trusted CA: use the system's trust.
         */
        milvusCaCertificate: z.string().startsWith("-----BEGIN CERTIFICATE-----").optional(),
        /** host:port of the load balancer when Milvus is exposed outside the cluster. */
        milvusExternalEndpoint: text.optional(),
        milvusAuthEnabled: z.boolean(),
        /** Secret. `<user>:<password>`, the Milvus SDKs' `token`; present exactly when auth is enabled. */
        milvusToken: z
            .string()
            .regex(/^[^:\s]+:\S+$/, "must be <user>:<password>")
            .optional(),
        /**
         * Secret. A kubeconfig for the cluster, for a Kubernetes provider that deploys
         * next to Milvus. Present when the program created the cluster (AWS, Azure);
         * absent on the local platform, whose kubeconfig is the user's own.
         */
        kubeconfig: text.optional(),
        /** The bucket or container (in-cluster MinIO bucket on local) Milvus stores data in. */
        objectStoreName: text,
        /** The Milvus Helm chart version. */
        chartVersion: text,
        /** The Milvus image tag. */
        milvusVersion: text,
        /** Attu URL when Attu has an ingress. */
        attuUrl: text.optional(),
        /**
         * Where milvus-backup keeps the backups (s3://, https://<account>.blob..., or minio:// for the in-cluster
         * MinIO), when the stack runs it (milvus.backup.enabled, or a restore).
         */
        backupLocation: text.optional(),
        /** The scheduled backups' cron schedule (UTC), when milvus.backup.enabled. */
        backupSchedule: text.optional(),
        /**
         * What this stack deployed, as far as the safety of the next change depends on it (versions, layout,
         * stateful sizes). The next `pulumi up` reads it back from the stack's own last outputs (index.ts) and
         * refuses unsafe edits (components/config/transitions.ts). Not for app projects to depend on.
         */
        deployment: deploymentRecordSchema.optional(),
        /** Cloud-specific extras. */
        platform: platformSectionSchema.optional(),
    })
    .superRefine((o, ctx) => {
        if (o.milvusAuthEnabled && o.milvusToken === undefined) {
            ctx.addIssue({ code: "custom", path: ["milvusToken"], message: "required when milvusAuthEnabled is true" });
        }
        if (o.milvusTls !== (o.milvusTlsMode !== undefined)) {
            ctx.addIssue({
                code: "custom",
                path: ["milvusTlsMode"],
                message: o.milvusTls ? "required when milvusTls is true" : "must be absent when milvusTls is false",
            });
        }
        if (!o.milvusTls && o.milvusCaCertificate !== undefined) {
            ctx.addIssue({ code: "custom", path: ["milvusCaCertificate"], message: "must be absent when milvusTls is false" });
        }
        if (o.milvusTls !== o.milvusUri.startsWith("https://")) {
            ctx.addIssue({
                code: "custom",
                path: ["milvusUri"],
                message: `must be ${o.milvusTls ? "https" : "http"}:// when milvusTls is ${o.milvusTls}`,
            });
        }
        if (!o.milvusAuthEnabled && o.milvusToken !== undefined) {
            ctx.addIssue({ code: "custom", path: ["milvusToken"], message: "must be absent when milvusAuthEnabled is false" });
        }
        for (const section of Object.keys(o.platform ?? {})) {
            if (section !== o.cloud) {
                ctx.addIssue({ code: "custom", path: ["platform", section], message: `only platform.${o.cloud} may appear on a ${o.cloud} stack` });
            }
        }
    });

/** The outputs of a Milvus stack as plain values (what a stack reference reads). */
export type StackContract = z.infer<typeof stackOutputsSchema>;
export type PlatformSection = z.infer<typeof platformSectionSchema>;
export type OutputName = keyof StackContract;

/** Every output name of the contract, in schema order. */
export const OUTPUT_NAMES = Object.keys(stackOutputsSchema.shape) as OutputName[];

/** Outputs that are always Pulumi secrets. Other outputs are never secret. */
export const SECRET_OUTPUT_NAMES = ["milvusToken", "kubeconfig"] as const satisfies readonly OutputName[];
export type SecretOutputName = (typeof SECRET_OUTPUT_NAMES)[number];
