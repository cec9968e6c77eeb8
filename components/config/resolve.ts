// Fills in every default so the rest of the program works with a complete,
// typed configuration. Defaults depend on `environment` (dev | prod), `mode`
// and the platform; docs/configuration.md and the platform pages list them.
import type { PlacementRole } from "../shared/milvus-layout";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "./alert-thresholds";
import {
    DEFAULT_INDEX_PARAMS, DEFAULT_SEGMENT_SIZE_MB, clusterThresholdBytes, rawDataBytes, type SegmentSizeMB, type Workload,
} from "../sizing/formulas";
import type { PodDemand } from "../sizing/nodes";
import { baselineResources, sizeWorkload, type SizingResult } from "../sizing/size";
import type { PlatformCapabilities } from "./capabilities";
import type {
    ClusterComponent, CommonInput, Environment, ExposureType, MessageQueueKind, MilvusInput, Mode,
    ResourcesInput, WorkloadInput,
} from "./schema";

export const DEFAULT_CHART_VERSION = "5.0.19";
export const DEFAULT_IMAGE_TAG = "v2.6.15";
/** The default of milvus.chartRepository: the chart's upstream Helm repository. */
export const CHART_REPOSITORY = "https://zilliztech.github.io/milvus-helm/";
export const CHART_NAME = "milvus";

export type Resources = ResourcesInput;

export interface ComponentSettings {
    replicas: number;
    /** What each pod reserves: explicit, else sized from the workload, else the sizing tool's smallest size. */
    resources: Resources;
}

export interface KafkaSettings {
    brokers: string[];
    securityProtocol: "PLAINTEXT" | "SSL" | "SASL_PLAINTEXT" | "SASL_SSL";
    saslMechanism?: "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512";
    credentialsSecret?: { name: string; usernameKey: string; passwordKey: string };
}

/** Client TLS on the Milvus proxy (components/milvus/tls.ts). */
export type TlsSettings =
    | { mode: "off" }
    | {
        mode: "server" | "mutual";
        /** Where the server certificate comes from: a Certificate the program asks cert-manager for, or an existing Secret. */
        source: { kind: "issuer"; name: string; issuerKind: "Issuer" | "ClusterIssuer" } | { kind: "secret"; name: string };
        /** Names the certificate covers besides the Service's own (e.g. the load balancer's DNS name). */
        dnsNames: string[];
    };

/** milvus-backup (components/milvus/backup.ts): scheduled backups, an optional restore, pre-upgrade backups in prod. */
export interface BackupSettings {
    enabled: boolean;
    /** Cron schedule in UTC. */
    schedule: string;
    /** How many scheduled backups are kept; older ones are deleted after each new one. */
    retention: number;
    /** milvus-backup --filter entries; empty: every collection of every database. */
    collections: string[];
    /** Prefix of the backups in the bucket (milvus-backup backupRootPath). */
    rootPath: string;
    /** Another bucket of the in-cluster MinIO; undefined: the Milvus bucket. */
    bucket?: string;
    /** A backup taken before each change of chart version or image tag (prod with backups on). */
    beforeUpgrade: boolean;
    restore?: { backup: string; collections: string[]; suffix?: string; dropExisting: boolean };
}

export interface MilvusSettings {
    mode: Mode;
    chartVersion: string;
    /** An http(s) Helm repository, or an oci:// registry reference without the chart name (components/platform/chart-source.ts). */
    chartRepository: string;
    imageTag: string;
    /** The top-level imageRegistry: every image from there (components/platform/images.ts); undefined: each image's own registry. */
    imageRegistry?: string;
    /** Secrets in the Milvus namespace every Milvus pod (the chart's and the program's Jobs) pulls its image with. */
    imagePullSecrets: string[];
    namespace: string;
    releaseName: string;
    messageQueue: MessageQueueKind;
    /** The workload the config described, with defaults filled in; undefined when sizing is manual. */
    workload?: Workload;
    /** What the sizing formulas made of the workload (applied below wherever the config set nothing). */
    sizing?: SizingResult;
    /** Standalone mode: the single standalone pod. */
    standalone: ComponentSettings & { storageSize: string };
    /** Cluster mode: one entry per Milvus 2.6 component. */
    components: Record<ClusterComponent, ComponentSettings>;
    /** Turned on whenever mixCoordinator runs more than one replica. */
    coordinatorActiveStandby: boolean;
    etcd: { replicas: number; storageSize: string; resources: Resources };
    /** In-cluster MinIO, used only where the platform provides no bucket. */
    minio: { mode: "standalone" | "distributed"; replicas: number; storageSize: string; resources: Resources };
    /** In-cluster Pulsar (chart key `pulsarv3`), used only when `messageQueue` is `pulsar`. */
    pulsar: {
        zookeeperReplicas: number; bookkeeperReplicas: number; brokerReplicas: number; proxyReplicas: number;
        journalSize: string; ledgersSize: string;
        /** Sized only; undefined keeps the chart's default. */
        zookeeperDataSize?: string;
        /** Sized from the workload, else the sizing tool's smallest sizes. */
        resources: Record<PulsarRole, Resources>;
    };
    externalKafka?: KafkaSettings;
    /** rootPasswordGeneration: raising it by one rotates the root password (components/milvus/root-credential.ts). */
    auth: { enabled: boolean; rootPasswordGeneration: number };
    exposure: { type: ExposureType; sourceRanges: string[]; annotations: Record<string, string> };
    attu: {
        enabled: boolean;
        ingress: {
            enabled: boolean; scope: "internal" | "public"; host?: string; tlsSecretName?: string;
            sourceRanges: string[]; annotations: Record<string, string>;
        };
    };
    metrics: {
        enabled: boolean; serviceMonitor: boolean; alerts: boolean; dashboard: boolean;
        /** Labels the Prometheus of the cluster selects ServiceMonitors and rules by (kube-prometheus-stack: `release: <its release>`). */
        prometheusLabels: Record<string, string>;
        alertThresholds: AlertThresholds;
    };
    /** Which pods may reach Milvus and its dependencies (components/milvus/network-policies.ts). */
    networkPolicies: { enabled: boolean; clientNamespaces: string[]; monitoringNamespaces: string[] };
    tls: TlsSettings;
    backup: BackupSettings;
    /** Every Milvus pod scaled to zero (etcd, MinIO, Pulsar and all data stay); milvus.paused. */
    paused: boolean;
    values: Record<string, unknown>;
    /** True when `values` carries a secret config value: the chart values are then a Pulumi secret (state encrypted). */
    valuesAreSecret?: boolean;
}

export type PulsarRole = "zookeeper" | "bookkeeper" | "broker" | "proxy";

/** The pods each placement role runs, with their requests (components/sizing/demand.ts). */
export type RoleDemand = Record<PlacementRole, PodDemand[]>;

/**
 * The part of the stack configuration every platform shares. The whole
 * configuration (components/platforms.ts) adds the platform's own settings
 * under the key named by `cloud`.
 */
export interface CommonConfig {
    cloud: string;
    environment: Environment;
    /**
     * Stateful resources (volumes, buckets, queues, clusters, the namespace)
     * are protected from deletion and keep their data when their owner goes:
     * decided once, here (prod), and passed down as this one value.
     */
    protectData: boolean;
    /** Every image from this registry (top-level imageRegistry; "" and unset: undefined, each image's own registry). */
    imageRegistry?: string;
    milvus: MilvusSettings;
    /** What the Milvus pods need per placement role, computed once; platforms only fit node pools to it. */
    demand: RoleDemand;
    /** What the chosen platform provides with its settings. */
    capabilities: PlatformCapabilities;
}

/** Replicas per component when the config sets none. */
function defaultReplicas(environment: Environment): Record<ClusterComponent, number> {
    return environment === "prod"
        ? { mixCoordinator: 2, proxy: 2, queryNode: 2, dataNode: 2, streamingNode: 2 }
        : { mixCoordinator: 1, proxy: 1, queryNode: 1, dataNode: 1, streamingNode: 1 };
}

/** The workload with every default filled in (the sizing tool's defaults). */
export function resolveWorkload(w: WorkloadInput): Workload {
    return {
        vectors: w.vectors,
        dimension: w.dimension,
        indexType: w.indexType,
        scalarBytesPerEntity: w.scalarBytesPerEntity ?? 0,
        replicas: w.replicas ?? 1,
        segmentSizeMB: (w.segmentSizeMB as SegmentSizeMB | undefined) ?? DEFAULT_SEGMENT_SIZE_MB,
        hnswM: w.hnswM ?? DEFAULT_INDEX_PARAMS.hnswM,
        nlist: w.nlist ?? DEFAULT_INDEX_PARAMS.nlist,
        diskannMaxDegree: w.diskannMaxDegree ?? DEFAULT_INDEX_PARAMS.diskannMaxDegree,
    };
}

/**
 * Mode when the config names none: cluster in prod; in dev standalone, unless
 * a workload is larger than the sizing tool's standalone threshold
 * (10M x 768-dim raw; 50M x 768 for DiskANN), where the tool switches to cluster.
 */
function defaultMode(environment: Environment, workload: Workload | undefined): Mode {
    if (environment === "prod") return "cluster";
    return workload && rawDataBytes(workload) > clusterThresholdBytes(workload.indexType) ? "cluster" : "standalone";
}

const gi = (n: number) => `${n}Gi`;

export function resolveMilvus(
    capabilities: Pick<PlatformCapabilities, "defaultClusterQueue">, environment: Environment, m: MilvusInput = {}, imageRegistry?: string,
): MilvusSettings {
    const prod = environment === "prod";
    const workload = m.workload && resolveWorkload(m.workload);
    const mode: Mode = m.mode ?? defaultMode(environment, workload);
    const sizing = workload && sizeWorkload(workload, mode);
    const messageQueue: MessageQueueKind =
        m.messageQueue ?? (m.externalKafka ? "kafka" : mode === "standalone" ? "woodpecker" : capabilities.defaultClusterQueue);
    const replicaDefaults = defaultReplicas(environment);
    // Without a workload every pod still reserves the sizing tool's smallest size.
    const base = baselineResources(mode);
    // Explicit settings win; then the sized value (never fewer replicas than the
    // environment's default, so prod keeps its HA pairs); then the default.
    const components = Object.fromEntries(
        (Object.keys(replicaDefaults) as ClusterComponent[]).map((name) => {
            const given = m.components?.[name];
            const sized = sizing?.components?.[name];
            return [name, {
                replicas: given?.replicas ?? (sized ? Math.max(sized.replicas, replicaDefaults[name]) : replicaDefaults[name]),
                resources: given?.resources ?? sized?.resources ?? base.components[name],
            }];
        }),
    ) as Record<ClusterComponent, ComponentSettings>;
    const cluster = mode === "cluster";
    const minioMode = m.minio?.mode ?? (sizing ? (cluster ? "distributed" : "standalone") : prod ? "distributed" : "standalone");
    const kafka = m.externalKafka;
    const sizedPulsar = sizing?.pulsar;
    return {
        mode,
        chartVersion: m.chartVersion ?? DEFAULT_CHART_VERSION,
        chartRepository: m.chartRepository ?? CHART_REPOSITORY,
        imageTag: m.imageTag ?? DEFAULT_IMAGE_TAG,
        imageRegistry,
        imagePullSecrets: m.imagePullSecrets ?? [],
        namespace: m.namespace ?? "milvus",
        releaseName: m.releaseName ?? "milvus",
        messageQueue,
        workload,
        sizing,
        standalone: {
            replicas: m.components?.standalone?.replicas ?? 1,
            resources: m.components?.standalone?.resources ?? sizing?.standalone?.resources ?? base.standalone,
            storageSize: m.standaloneStorageSize ?? (sizing?.standaloneStorageGiB !== undefined ? gi(sizing.standaloneStorageGiB) : "50Gi"),
        },
        components,
        coordinatorActiveStandby: components.mixCoordinator.replicas > 1,
        etcd: {
            replicas: m.etcd?.replicas ?? sizing?.etcd.replicas ?? (cluster ? 3 : 1),
            storageSize: m.etcd?.storageSize ?? (sizing ? gi(sizing.etcd.volumeGiB) : cluster ? "20Gi" : "10Gi"),
            resources: sizing?.etcd.resources ?? base.etcd,
        },
        minio: {
            mode: minioMode,
            replicas: m.minio?.replicas ?? (sizing && cluster ? sizing.minio.replicas : 4),
            storageSize: m.minio?.storageSize ?? (sizing ? gi(sizing.minio.volumeGiB) : prod ? "500Gi" : "50Gi"),
            resources: sizing?.minio.resources ?? base.minio,
        },
        pulsar: {
            zookeeperReplicas: m.pulsar?.zookeeperReplicas ?? sizedPulsar?.zookeeper.replicas ?? (prod ? 3 : 1),
            bookkeeperReplicas: m.pulsar?.bookkeeperReplicas ?? sizedPulsar?.bookkeeper.replicas ?? (prod ? 3 : 1),
            brokerReplicas: m.pulsar?.brokerReplicas ?? sizedPulsar?.broker.replicas ?? (prod ? 2 : 1),
            proxyReplicas: m.pulsar?.proxyReplicas ?? sizedPulsar?.proxy.replicas ?? (prod ? 2 : 1),
            journalSize: m.pulsar?.journalSize ?? (sizedPulsar ? gi(sizedPulsar.bookkeeper.journalGiB) : prod ? "100Gi" : "10Gi"),
            ledgersSize: m.pulsar?.ledgersSize ?? (sizedPulsar ? gi(sizedPulsar.bookkeeper.ledgersGiB) : prod ? "200Gi" : "20Gi"),
            zookeeperDataSize: sizedPulsar && gi(sizedPulsar.zookeeper.volumeGiB),
            resources: sizedPulsar ? {
                zookeeper: sizedPulsar.zookeeper.resources,
                bookkeeper: sizedPulsar.bookkeeper.resources,
                broker: sizedPulsar.broker.resources,
                proxy: sizedPulsar.proxy.resources,
            } : base.pulsar,
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
        auth: { enabled: m.auth?.enabled ?? true, rootPasswordGeneration: m.auth?.rootPasswordGeneration ?? 1 },
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
            // On by default in prod wherever the stack says the Prometheus operator is there (serviceMonitor).
            alerts: m.metrics?.alerts ?? (prod && (m.metrics?.serviceMonitor ?? false)),
            dashboard: m.metrics?.dashboard ?? (prod && (m.metrics?.serviceMonitor ?? false)),
            prometheusLabels: m.metrics?.prometheusLabels ?? {},
            alertThresholds: { ...DEFAULT_ALERT_THRESHOLDS, ...m.metrics?.alertThresholds },
        },
        tls: resolveTls(m.tls),
        backup: resolveBackup(m.backup, prod),
        paused: m.paused ?? false,
        networkPolicies: {
            enabled: m.networkPolicies?.enabled ?? true,
            clientNamespaces: m.networkPolicies?.clientNamespaces ?? [],
            monitoringNamespaces: m.networkPolicies?.monitoringNamespaces ?? [],
        },
        values: m.values ?? {},
    };
}

/** The environment of a stack that names none. */
export const DEFAULT_ENVIRONMENT: Environment = "dev";

export function environmentOf(input: Pick<CommonInput, "environment">): Environment {
    return input.environment ?? DEFAULT_ENVIRONMENT;
}

/** The common configuration but the demand, for a platform that provides `capabilities`. */
export function resolveCommon(input: CommonInput, capabilities: PlatformCapabilities): Omit<CommonConfig, "demand"> {
    const environment = environmentOf(input);
    // Pulumi.yaml declares the key with the default "" (the CLI needs a default): none.
    const imageRegistry = input.imageRegistry || undefined;
    return {
        cloud: input.cloud,
        environment,
        protectData: environment === "prod",
        imageRegistry,
        milvus: resolveMilvus(capabilities, environment, input.milvus, imageRegistry),
        capabilities,
    };
}

/** Off unless the config turns it on; a mode without a source stays on so the rules can say what is missing. */
function resolveTls(t: MilvusInput["tls"]): TlsSettings {
    const mode = t?.mode ?? "off";
    if (mode === "off") return { mode };
    const source: Extract<TlsSettings, { mode: "server" | "mutual" }>["source"] = t?.secretName
        ? { kind: "secret", name: t.secretName }
        : { kind: "issuer", name: t?.issuer?.name ?? "", issuerKind: t?.issuer?.kind ?? "ClusterIssuer" };
    return { mode, source, dnsNames: t?.dnsNames ?? [] };
}

/** On by default in prod, off in dev; a week of daily backups. */
function resolveBackup(b: MilvusInput["backup"], prod: boolean): BackupSettings {
    const enabled = b?.enabled ?? prod;
    const restore = b?.restore;
    return {
        enabled,
        // 02:00 UTC every day.
        schedule: b?.schedule ?? "0 2 * * *",
        retention: b?.retention ?? 7,
        collections: b?.collections ?? [],
        rootPath: b?.rootPath ?? "backup",
        bucket: b?.bucket,
        beforeUpgrade: prod && enabled,
        restore: restore && {
            backup: restore.backup,
            collections: restore.collections ?? [],
            suffix: restore.suffix,
            dropExisting: restore.dropExisting ?? false,
        },
    };
}
