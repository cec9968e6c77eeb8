// What a platform can provide, in the terms validation and the defaults need
// (each platform module states its own: components/<platform>/module.ts).
import type { MessageQueueKind } from "./schema";

/** What a platform can provide, known before any resource is registered. */
export interface PlatformCapabilities {
    /** The platform creates a managed Kafka when `messageQueue` is `kafka`. */
    providesKafka: boolean;
    /** Message queues this platform refuses, with the reason for each. */
    refusedQueues: Partial<Record<MessageQueueKind, string>>;
    /** The platform can put the Milvus Service behind an internal (private) load balancer. */
    internalLoadBalancer: boolean;
    /** Undefined: the platform has an ingress controller for Attu. Otherwise why not, and what to do. */
    noIngress?: string;
    /** Message queue used in cluster mode when the config names none. */
    defaultClusterQueue: MessageQueueKind;
    /**
     * Undefined: the StorageClass of every volume allows expansion, so a larger
     * size grows the deployed claims in place. Otherwise why not, and what to do.
     */
    volumeExpansion?: string;
    /** Object storage: in-cluster MinIO, or a cloud bucket with keyless access. */
    objectStore: "minio" | "bucket";
}
