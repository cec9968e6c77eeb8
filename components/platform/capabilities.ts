// What each platform can provide, known before any resource is registered.
// Config validation uses this table to reject impossible combinations
// (for example Kafka on a platform that creates none) up front.
import type { Cloud, MessageQueueKind } from "../config/schema";

export interface PlatformCapabilities {
    /** Undefined when the platform can be deployed; otherwise why it cannot. */
    unavailableReason?: string;
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
        unavailableReason: "the Azure platform (components/azure) is not implemented in this version",
        providesKafka: false,
        refusedQueues: {},
        internalLoadBalancer: true,
        ingress: false,
        defaultClusterQueue: "pulsar",
        objectStore: "bucket",
    },
};
