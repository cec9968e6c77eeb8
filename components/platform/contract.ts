// The contract every platform (local, AWS, Azure) hands to MilvusRelease.
// It is deliberately small and cloud-neutral: MilvusRelease reads only this,
// never a cloud SDK, so a new platform plugs in by returning one of these.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { KafkaSaslMechanism, KafkaSecurityProtocol } from "../shared/kafka";
import type { PlacementRole } from "../shared/milvus-layout";

/** In-cluster MinIO (installed by the chart) with credentials the platform generated. */
export interface InClusterMinio {
    kind: "minio";
    /** Secret outputs; MilvusRelease stores them in its Kubernetes Secret. */
    accessKey: pulumi.Output<string>;
    secretKey: pulumi.Output<string>;
}

/** A cloud bucket reached without keys (IRSA, workload identity). */
export interface ExternalBucket {
    kind: "bucket";
    cloudProvider: "aws" | "azure" | "gcp";
    host: pulumi.Input<string>;
    port: number;
    useSSL: boolean;
    bucketName: pulumi.Input<string>;
    rootPath: string;
    /**
     * The bucket's region, where the SDK needs it (S3).
     * @default "" (none)
     */
    region?: pulumi.Input<string>;
    /**
     * Not a secret: Azure needs the storage account name in `accessKey`
     * even with keyless access. Leave undefined on AWS.
     * @default "" (none)
     */
    accountName?: pulumi.Input<string>;
    /**
     * Virtual-hosted-style addresses (`<bucket>.<host>`), which S3 needs.
     * @default false (path style)
     */
    useVirtualHost?: boolean;
}

export type ObjectStore = InClusterMinio | ExternalBucket;

/** SASL credentials for Kafka: either values MilvusRelease stores, or an existing Secret. */
export type KafkaCredentials =
    | { kind: "values"; username: pulumi.Input<string>; password: pulumi.Output<string> }
    | { kind: "secretRef"; secretName: pulumi.Input<string>; usernameKey: string; passwordKey: string };

export type MessageQueue =
    | { kind: "woodpecker" }
    | { kind: "pulsar" }
    | {
          kind: "kafka";
          /** Comma-separated host:port list. */
          brokers: pulumi.Input<string>;
          securityProtocol: KafkaSecurityProtocol;
          /**
           * SASL authentication, with the credentials' source.
           * @default undefined (no SASL)
           */
          sasl?: { mechanism: KafkaSaslMechanism; credentials: KafkaCredentials };
      };

/** The Kubernetes service account the Milvus pods run as, and how it gets cloud identity. */
export interface ServiceAccountIdentity {
    name: string;
    /** Annotations that bind the account to a cloud identity (IRSA role ARN, workload identity client id). */
    annotations: Record<string, pulumi.Input<string>>;
    /** Labels every Milvus pod needs (e.g. `azure.workload.identity/use: "true"`). */
    podLabels: Record<string, string>;
}

export type ExposureScope = "internal" | "public";

/** How this platform exposes Services and Ingresses. An absent scope is unsupported. */
export interface ExposureHints {
    loadBalancerAnnotations: Partial<Record<ExposureScope, Record<string, string>>>;
    /**
     * The ingress controller Attu's Ingress goes through.
     * @default undefined (the platform offers no ingress controller)
     */
    ingress?: {
        className: string;
        annotations: Partial<Record<ExposureScope, Record<string, string>>>;
        /**
         * The annotation this ingress controller reads allowed source CIDRs from (comma-separated).
         * @default undefined (the controller takes none: the ranges are not set)
         */
        sourceRangesAnnotation?: string;
    };
}

/** Where pods of a role run: node pool labels and taints. */
export interface Placement {
    /** @default undefined (any node) */
    nodeSelector?: Record<string, string>;
    /** @default undefined (no taint tolerated) */
    tolerations?: Array<{ key: string; operator: "Equal" | "Exists"; value?: string; effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute" }>;
}

export interface MilvusPlatform {
    /** The platform's name (its `cloud` value). */
    cloud: string;
    /** Every in-cluster resource is created through this provider. */
    provider: k8s.Provider;
    /** The Milvus namespace; an Output of the Namespace resource, so consumers wait for it. */
    namespace: pulumi.Output<string>;
    /**
     * Storage class for Milvus, etcd and MinIO volumes.
     * @default undefined (the cluster's default class)
     */
    storageClassName?: pulumi.Input<string>;
    objectStore: ObjectStore;
    messageQueue: MessageQueue;
    serviceAccount: ServiceAccountIdentity;
    /**
     * The account milvus-backup runs as, bound to the same cloud identity as Milvus; MilvusRelease creates it.
     * Present exactly when the stack uses milvus-backup (platform/service-account.ts usesBackupTool).
     * @default undefined (no milvus-backup pods)
     */
    backupServiceAccount?: ServiceAccountIdentity;
    exposure: ExposureHints;
    /**
     * The cluster's own network (VPC / VNet address ranges): what internal
     * exposure admits when the config lists no source ranges. Empty where the
     * platform has no internal load balancer.
     */
    networkRanges: pulumi.Input<string[]>;
    /** `DoNotSchedule` when nodes carry zone labels across several zones; `ScheduleAnyway` otherwise. */
    zoneSpread: "DoNotSchedule" | "ScheduleAnyway";
    placement: Partial<Record<PlacementRole, Placement>>;
    /** Labels of every Kubernetes object the program creates (platform/tags.ts stackLabels). */
    labels: Record<string, string>;
    /** Resources the release must wait for (storage class, node pools, controllers). */
    dependsOn: pulumi.Resource[];
}
