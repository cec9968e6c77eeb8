// What each platform can provide, known before any resource is registered.
// Config validation uses this table to reject impossible combinations
// (for example Kafka on a platform that creates none) up front.
import type { Cloud, MessageQueueKind } from "../config/schema";

export interface PlatformCapabilities {
    /** The platform creates a managed Kafka when `messageQueue` is `kafka`. */
    providesKafka: boolean;
    /** Message queues this platform supports, with the reason for each it refuses. */
    refusedQueues: Partial<Record<MessageQueueKind, string>>;
    /** The platform can put the Milvus Service behind an internal (private) load balancer. */
    internalLoadBalancer: boolean;
    /** The platform has an ingress controller for Attu without extra config. */
    ingress: boolean;
    /** Message queue used in cluster mode when the config names none. */
    defaultClusterQueue: MessageQueueKind;
    /** Object storage: in-cluster MinIO, or a cloud bucket with keyless access. */
    objectStore: "minio" | "bucket";
}

/**
 * Why Kafka is refused on Azure: the managed Kafka there is the Event Hubs
 * Kafka endpoint, which cannot carry Milvus's traffic.
 */
export const EVENT_HUBS_REFUSAL =
    "Azure Event Hubs' Kafka endpoint cannot carry Milvus: it limits events to 1 MB (Milvus sends messages up to 10 MiB), " +
    "a Standard namespace holds at most 10 event hubs (Milvus uses 16 or more topics), and it supports only gzip compression " +
    "(Milvus uses zstd) with SAS connection-string authentication; use pulsar (in-cluster, the default) or woodpecker (WAL in Blob, Milvus v2.6.3 or later)";

export const PLATFORM_CAPABILITIES: Record<Cloud, PlatformCapabilities> = {
    local: {
        providesKafka: false,
        refusedQueues: {},
        internalLoadBalancer: false,
        ingress: false,
        defaultClusterQueue: "pulsar",
        objectStore: "minio",
    },
    aws: {
        // Kafka is Amazon MSK (provisioned, SASL/SCRAM); MSK Serverless is refused by components/aws/rules.ts.
        providesKafka: true,
        refusedQueues: {},
        internalLoadBalancer: true,
        ingress: true,
        defaultClusterQueue: "kafka",
        objectStore: "bucket",
    },
    azure: {
        providesKafka: false,
        refusedQueues: { kafka: EVENT_HUBS_REFUSAL },
        internalLoadBalancer: true,
        ingress: false,
        defaultClusterQueue: "pulsar",
        objectStore: "bucket",
    },
};
