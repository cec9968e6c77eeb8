// The Kafka security protocols and SASL mechanisms the program accepts, named once for the
// config, the platform contract and the chart values (the chart's externalKafka.securityProtocol
// and externalKafka.sasl.mechanisms, values.yaml of milvus-5.0.19; milvus/values.ts).

export const KAFKA_SECURITY_PROTOCOLS = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];

export const KAFKA_SASL_MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];
