// Fills in every default so the rest of the program works with a complete,
// typed configuration. Defaults depend on `environment` (dev | prod), `mode`
// and the platform; the README's configuration reference lists them.
import { resolveAzure, type AzureSettings } from "../azure/config";
import { resolveAws, type AwsSettings } from "../aws/config";
import { PLATFORM_CAPABILITIES } from "../platform/capabilities";
import type {
    Cloud, ClusterComponent, Environment, ExposureType, LocalInput, MessageQueueKind, MilvusInput, Mode,
    ResourcesInput, StackInput,
} from "./schema";

export const DEFAULT_CHART_VERSION = "5.0.19";
export const DEFAULT_IMAGE_TAG = "v2.6.15";
export const CHART_REPOSITORY = "https://zilliztech.github.io/milvus-helm/";
export const CHART_NAME = "milvus";

export type Resources = ResourcesInput;

export interface ComponentSettings {
    replicas: number;
    resources?: Resources;
}

export interface KafkaSettings {
    brokers: string[];
    securityProtocol: "PLAINTEXT" | "SSL" | "SASL_PLAINTEXT" | "SASL_SSL";
    saslMechanism?: "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512";
    credentialsSecret?: { name: string; usernameKey: string; passwordKey: string };
}

export interface MilvusSettings {
    mode: Mode;
    chartVersion: string;
    imageTag: string;
    namespace: string;
    releaseName: string;
    messageQueue: MessageQueueKind;
    /** Standalone mode: the single standalone pod. */
    standalone: ComponentSettings & { storageSize: string };
    /** Cluster mode: one entry per Milvus 2.6 component. */
    components: Record<ClusterComponent, ComponentSettings>;
    /** Turned on whenever mixCoordinator runs more than one replica. */
    coordinatorActiveStandby: boolean;
    etcd: { replicas: number; storageSize: string };
    /** In-cluster MinIO, used only where the platform provides no bucket. */
    minio: { mode: "standalone" | "distributed"; replicas: number; storageSize: string };
    /** In-cluster Pulsar (chart key `pulsarv3`), used only when `messageQueue` is `pulsar`. */
    pulsar: {
        zookeeperReplicas: number; bookkeeperReplicas: number; brokerReplicas: number; proxyReplicas: number;
        journalSize: string; ledgersSize: string;
    };
    externalKafka?: KafkaSettings;
    auth: { enabled: boolean };
    exposure: { type: ExposureType; sourceRanges: string[]; annotations: Record<string, string> };
    attu: {
        enabled: boolean;
        ingress: {
            enabled: boolean; scope: "internal" | "public"; host?: string; tlsSecretName?: string;
            sourceRanges: string[]; annotations: Record<string, string>;
        };
    };
    metrics: { enabled: boolean; serviceMonitor: boolean };
    values: Record<string, unknown>;
}

export interface LocalSettings {
    kubeconfig?: string;
    context?: string;
    storageClass?: string;
    ingressClassName?: string;
}

export interface StackConfig {
    cloud: Cloud;
    environment: Environment;
    milvus: MilvusSettings;
    local: LocalSettings;
    /** Set when the stack has an `azure` block (validation requires one when cloud is azure). */
    azure?: AzureSettings;
    /** Set whenever the stack config has an `aws` block (required when cloud is aws). */
    aws?: AwsSettings;
}

/** Replicas per component when the config sets none. */
function defaultReplicas(environment: Environment): Record<ClusterComponent, number> {
    return environment === "prod"
        ? { mixCoordinator: 2, proxy: 2, queryNode: 2, dataNode: 2, streamingNode: 2 }
        : { mixCoordinator: 1, proxy: 1, queryNode: 1, dataNode: 1, streamingNode: 1 };
}

export function resolveMilvus(cloud: Cloud, environment: Environment, m: MilvusInput = {}): MilvusSettings {
    const prod = environment === "prod";
    const mode: Mode = m.mode ?? (prod ? "cluster" : "standalone");
    const capabilities = PLATFORM_CAPABILITIES[cloud];
    const messageQueue: MessageQueueKind =
        m.messageQueue ?? (m.externalKafka ? "kafka" : mode === "standalone" ? "woodpecker" : capabilities.defaultClusterQueue);
    const replicaDefaults = defaultReplicas(environment);
    const components = Object.fromEntries(
        (Object.keys(replicaDefaults) as ClusterComponent[]).map((name) => {
            const given = m.components?.[name];
            return [name, { replicas: given?.replicas ?? replicaDefaults[name], resources: given?.resources }];
        }),
    ) as Record<ClusterComponent, ComponentSettings>;
    const cluster = mode === "cluster";
    const minioMode = m.minio?.mode ?? (prod ? "distributed" : "standalone");
    const kafka = m.externalKafka;
    return {
        mode,
        chartVersion: m.chartVersion ?? DEFAULT_CHART_VERSION,
        imageTag: m.imageTag ?? DEFAULT_IMAGE_TAG,
        namespace: m.namespace ?? "milvus",
        releaseName: m.releaseName ?? "milvus",
        messageQueue,
        standalone: {
            replicas: m.components?.standalone?.replicas ?? 1,
            resources: m.components?.standalone?.resources,
            storageSize: m.standaloneStorageSize ?? "50Gi",
        },
        components,
        coordinatorActiveStandby: components.mixCoordinator.replicas > 1,
        etcd: {
            replicas: m.etcd?.replicas ?? (cluster ? 3 : 1),
            storageSize: m.etcd?.storageSize ?? (cluster ? "20Gi" : "10Gi"),
        },
        minio: {
            mode: minioMode,
            replicas: m.minio?.replicas ?? 4,
            storageSize: m.minio?.storageSize ?? (prod ? "500Gi" : "50Gi"),
        },
        pulsar: {
            zookeeperReplicas: m.pulsar?.zookeeperReplicas ?? (prod ? 3 : 1),
            bookkeeperReplicas: m.pulsar?.bookkeeperReplicas ?? (prod ? 3 : 1),
            brokerReplicas: m.pulsar?.brokerReplicas ?? (prod ? 2 : 1),
            proxyReplicas: m.pulsar?.proxyReplicas ?? (prod ? 2 : 1),
            journalSize: m.pulsar?.journalSize ?? (prod ? "100Gi" : "10Gi"),
            ledgersSize: m.pulsar?.ledgersSize ?? (prod ? "200Gi" : "20Gi"),
        },
        externalKafka: kafka && {
            brokers: kafka.brokers,
            securityProtocol: kafka.securityProtocol ?? "SASL_SSL",
            saslMechanism: kafka.saslMechanism ?? (kafka.credentialsSecret ? "SCRAM-SHA-512" : undefined),
            credentialsSecret: kafka.credentialsSecret && {
                name: kafka.credentialsSecret.name,
                usernameKey: kafka.credentialsSecret.usernameKey ?? "username",
                passwordKey: kafka.credentialsSecret.passwordKey ?? "password",
            },
        },
        auth: { enabled: m.auth?.enabled ?? true },
        exposure: {
            type: m.exposure?.type ?? "clusterIP",
            sourceRanges: m.exposure?.sourceRanges ?? [],
            annotations: m.exposure?.annotations ?? {},
        },
        attu: {
            enabled: m.attu?.enabled ?? false,
            ingress: {
                enabled: m.attu?.ingress?.enabled ?? false,
                scope: m.attu?.ingress?.scope ?? "internal",
                host: m.attu?.ingress?.host,
                tlsSecretName: m.attu?.ingress?.tlsSecretName,
                sourceRanges: m.attu?.ingress?.sourceRanges ?? [],
                annotations: m.attu?.ingress?.annotations ?? {},
            },
        },
        metrics: {
            enabled: m.metrics?.enabled ?? true,
            serviceMonitor: m.metrics?.serviceMonitor ?? false,
        },
        values: m.values ?? {},
    };
}

function resolveLocal(l: LocalInput = {}): LocalSettings {
    return { ...l };
}

export function resolveStack(input: StackInput): StackConfig {
    const environment = input.environment ?? "dev";
    return {
        cloud: input.cloud,
        environment,
        milvus: resolveMilvus(input.cloud, environment, input.milvus),
        local: resolveLocal(input.local),
        azure: input.azure && resolveAzure(input.azure, environment),
        aws: input.aws && resolveAws(input.aws, environment),
    };
}
