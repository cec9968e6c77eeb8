// Broker settings Milvus needs from Kafka, as MSK configuration text.
// Milvus never creates topics itself and its producer sends messages of up
// to 10 MiB, while MSK's defaults are auto-create off and a 1 MB limit.

/** The largest message the Milvus producer sends (10 MiB). */
export const MILVUS_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export function brokerServerProperties(brokers: number): string {
    const replication = Math.min(3, brokers);
    const lines: Record<string, string | number | boolean> = {
        "auto.create.topics.enable": true,
        "message.max.bytes": MILVUS_MAX_MESSAGE_BYTES,
        // Followers must be able to fetch the largest message, or replication stalls.
        "replica.fetch.max.bytes": MILVUS_MAX_MESSAGE_BYTES,
        "default.replication.factor": replication,
        "min.insync.replicas": Math.max(1, replication - 1),
        "num.partitions": 1,
        "unclean.leader.election.enable": false,
    };
    return (
        Object.entries(lines)
            .map(([key, value]) => `${key}=${value}`)
            .join("\n") + "\n"
    );
}
