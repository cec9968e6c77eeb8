// Fills in every default so the rest of the program works with a complete,
// typed configuration. A default that is a value (one, or one per environment)
// is declared on the key's schema node (config/schema.ts) and read from there
// (defaultOf); the ones computed from other keys (`mode`, the workload, the
// platform) are computed here.
import type { KafkaSaslMechanism, KafkaSecurityProtocol } from "../shared/kafka";
import type { PlacementRole } from "../shared/milvus-layout";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "./alert-thresholds";
import { defaultOf, withDefaults, type ResolvedKeys } from "./key-meta";
import { clusterThresholdBytes, rawDataBytes, type SegmentSizeMB, type Workload } from "../sizing/formulas";
import type { PodDemand } from "../sizing/nodes";
import { baselineResources, sizeWorkload, type SizingResult } from "../sizing/size";
import type { PlatformCapabilities } from "./capabilities";
import {
    commonShape,
    milvusSchema,
    workloadSchema,
    type ClusterComponent,
    type CommonInput,
    type Environment,
    type MessageQueueKind,
    type MilvusInput,
    type Mode,
    type ResourcesInput,
    type WorkloadInput,
} from "./schema";

/** The schema nodes of the milvus block whose declared defaults resolution reads. */
const M = milvusSchema.shape;
const W = workloadSchema.shape;
const MINIO = M.minio.unwrap().shape;
const PULSAR = M.pulsar.unwrap().shape;
const KAFKA = M.externalKafka.unwrap().shape;
const KAFKA_SECRET = KAFKA.credentialsSecret.unwrap().shape;
const TLS = M.tls.unwrap().shape;
const BACKUP = M.backup.unwrap().shape;

export const DEFAULT_CHART_VERSION = defaultOf(M.chartVersion);
export const DEFAULT_IMAGE_TAG = defaultOf(M.imageTag);
/** The default of milvus.chartRepository: the chart's upstream Helm repository. */
export const CHART_REPOSITORY = defaultOf(M.chartRepository);
export const CHART_NAME = "milvus";

export type Resources = ResourcesInput;

export interface ComponentSettings {
    replicas: number;
    /** What each pod reserves: explicit, else sized from the workload, else the sizing tool's smallest size. */
    resources: Resources;
}

/** An existing Kafka: every key of its schema block (a new one with its declared default), the SASL ones computed. */
export type KafkaSettings = Omit<ResolvedKeys<typeof M.externalKafka>, "securityProtocol" | "saslMechanism" | "credentialsSecret"> & {
    securityProtocol: KafkaSecurityProtocol;
    saslMechanism?: KafkaSaslMechanism;
    credentialsSecret?: { name: string; usernameKey: string; passwordKey: string };
};

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

/**
 * milvus-backup (components/milvus/backup.ts): scheduled backups, an optional
 * restore, pre-upgrade backups in prod. The keys as the schema declares them
 * (collections empty: every collection of every database; bucket undefined:
 * the Milvus bucket), plus whether a backup runs before each change of chart
 * version or image tag.
 */
export type BackupSettings = Omit<ResolvedKeys<typeof M.backup>, "restore"> & {
    beforeUpgrade: boolean;
    restore?: ResolvedKeys<typeof BACKUP.restore>;
};

/**
 * The keys of the milvus block that resolution computes (from other keys, or into another shape); the others are taken as
 * given or with their declared default.
 */
type ComputedMilvusKey =
    | "mode"
    | "messageQueue"
    | "workload"
    | "components"
    | "etcd"
    | "minio"
    | "pulsar"
    | "standaloneStorageSize"
    | "externalKafka"
    | "auth"
    | "tls"
    | "backup"
    | "exposure"
    | "attu"
    | "networkPolicies"
    | "metrics";

/**
 * The milvus block resolved. Its plain keys (chartVersion, chartRepository,
 * imageTag, imagePullSecrets, namespace, releaseName, paused, values, and any
 * key added to the schema) follow the schema, each with its declared default.
 */
export interface MilvusSettings extends Omit<ResolvedKeys<typeof milvusSchema>, ComputedMilvusKey> {
    mode: Mode;
    /** The top-level imageRegistry: every image from there (components/shared/images.ts); undefined: each image's own registry. */
    imageRegistry?: string;
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
    // etcd, MinIO and Pulsar: every key of the schema (a new one with its declared default), the sized ones computed.
    etcd: Omit<ResolvedKeys<typeof M.etcd>, "replicas" | "storageSize"> & { replicas: number; storageSize: string; resources: Resources };
    /** In-cluster MinIO, used only where the platform provides no bucket. */
    minio: ResolvedKeys<typeof M.minio> & { resources: Resources };
    /** In-cluster Pulsar (chart key `pulsarv3`), used only when `messageQueue` is `pulsar`. */
    pulsar: ResolvedKeys<typeof M.pulsar> & {
        /** Sized only; undefined keeps the chart's default. */
        zookeeperDataSize?: string;
        /** Sized from the workload, else the sizing tool's smallest sizes. */
        resources: Record<PulsarRole, Resources>;
    };
    externalKafka?: KafkaSettings;
    // The blocks below mirror their schema: each key as given or with its declared default (withDefaults).
    /** rootPasswordGeneration: raising it by one rotates the root password (components/milvus/root-credential.ts). */
    auth: ResolvedKeys<typeof M.auth>;
    exposure: ResolvedKeys<typeof M.exposure>;
    attu: ResolvedKeys<typeof M.attu>;
    /**
     * prometheusLabels: what the Prometheus of the cluster selects ServiceMonitors and rules by (kube-prometheus-stack:
     * `release: <its release>`).
     */
    metrics: Omit<ResolvedKeys<typeof M.metrics>, "alerts" | "dashboard" | "alertThresholds"> & {
        alerts: boolean;
        dashboard: boolean;
        alertThresholds: AlertThresholds;
    };
    /** Which pods may reach Milvus and its dependencies (components/milvus/network-policies.ts). */
    networkPolicies: ResolvedKeys<typeof M.networkPolicies>;
    tls: TlsSettings;
    backup: BackupSettings;
    /** True when `values` carries a secret config value: the chart values are then a Pulumi secret (state encrypted). */
    valuesAreSecret?: boolean;
}

export type PulsarRole = "zookeeper" | "bookkeeper" | "broker" | "proxy";

/** The pods each placement role runs, with their requests (components/config/demand.ts). */
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
        scalarBytesPerEntity: w.scalarBytesPerEntity ?? defaultOf(W.scalarBytesPerEntity),
        replicas: w.replicas ?? defaultOf(W.replicas),
        // The schema admits only the sizing tool's segment sizes.
        segmentSizeMB: (w.segmentSizeMB ?? defaultOf(W.segmentSizeMB)) as SegmentSizeMB,
        hnswM: w.hnswM ?? defaultOf(W.hnswM),
        nlist: w.nlist ?? defaultOf(W.nlist),
        diskannMaxDegree: w.diskannMaxDegree ?? defaultOf(W.diskannMaxDegree),
    };
}

/**
 * Mode when the config names none: the environment's (standalone in dev,
 * cluster in prod), but cluster for a workload larger than the sizing tool's
 * standalone threshold (10M x 768-dim raw; 50M x 768 for DiskANN), where the
 * tool switches to cluster.
 */
function defaultMode(environment: Environment, workload: Workload | undefined): Mode {
    return workload && rawDataBytes(workload) > clusterThresholdBytes(workload.indexType) ? "cluster" : defaultOf(M.mode, environment);
}

const gi = (n: number) => `${n}Gi`;

export function resolveMilvus(
    capabilities: Pick<PlatformCapabilities, "defaultClusterQueue">,
    environment: Environment,
    m: MilvusInput = {},
    imageRegistry?: string,
): MilvusSettings {
    const prod = environment === "prod";
    const workload = m.workload && resolveWorkload(m.workload);
    const mode: Mode = m.mode ?? defaultMode(environment, workload);
    const sizing = workload && sizeWorkload(workload, mode);
    const messageQueue: MessageQueueKind =
        m.messageQueue ?? (m.externalKafka ? "kafka" : mode === "standalone" ? "woodpecker" : capabilities.defaultClusterQueue);
    // Without a workload every pod still reserves the sizing tool's smallest size.
    const base = baselineResources(mode);
    const components = resolveComponents(m, sizing, base, environment);
    const cluster = mode === "cluster";
    const metrics = withDefaults(M.metrics, m.metrics, environment);
    // Resolved below into the standalone pod's settings.
    const { standaloneStorageSize: _standaloneStorageSize, ...plain } = withDefaults(milvusSchema, m, environment);
    return {
        ...plain,
        mode,
        imageRegistry,
        messageQueue,
        workload,
        sizing,
        standalone: {
            replicas: m.components?.standalone?.replicas ?? 1,
            resources: m.components?.standalone?.resources ?? sizing?.standalone?.resources ?? base.standalone,
            storageSize:
                m.standaloneStorageSize ??
                (sizing?.standaloneStorageGiB !== undefined ? gi(sizing.standaloneStorageGiB) : defaultOf(M.standaloneStorageSize)),
        },
        components,
        coordinatorActiveStandby: components.mixCoordinator.replicas > 1,
        etcd: resolveEtcd(m.etcd, sizing, base, environment, cluster),
        minio: resolveMinio(m.minio, sizing, base, environment, cluster),
        pulsar: resolvePulsar(m.pulsar, sizing, base, environment),
        externalKafka: m.externalKafka && resolveKafka(m.externalKafka, environment),
        auth: withDefaults(M.auth, m.auth, environment),
        exposure: withDefaults(M.exposure, m.exposure, environment),
        attu: withDefaults(M.attu, m.attu, environment),
        metrics: {
            ...metrics,
            // On by default in prod wherever the stack says the Prometheus operator is there (serviceMonitor).
            alerts: m.metrics?.alerts ?? (prod && metrics.serviceMonitor),
            dashboard: m.metrics?.dashboard ?? (prod && metrics.serviceMonitor),
            // The declared default names every threshold (alert-thresholds.ts); the node's type leaves each optional.
            alertThresholds: { ...DEFAULT_ALERT_THRESHOLDS, ...m.metrics?.alertThresholds },
        },
        tls: resolveTls(m.tls),
        backup: resolveBackup(m.backup, environment),
        networkPolicies: withDefaults(M.networkPolicies, m.networkPolicies, environment),
    };
}

/**
 * Explicit settings win; then the sized value (never fewer replicas than the environment's default, so prod keeps its HA
 * pairs); then the default.
 */
function resolveComponents(
    m: MilvusInput,
    sizing: SizingResult | undefined,
    base: ReturnType<typeof baselineResources>,
    environment: Environment,
): Record<ClusterComponent, ComponentSettings> {
    const replicaDefaults = defaultReplicas(environment);
    return Object.fromEntries(
        (Object.keys(replicaDefaults) as ClusterComponent[]).map((name) => {
            const given = m.components?.[name];
            const sized = sizing?.components?.[name];
            return [
                name,
                {
                    replicas: given?.replicas ?? (sized ? Math.max(sized.replicas, replicaDefaults[name]) : replicaDefaults[name]),
                    resources: given?.resources ?? sized?.resources ?? base.components[name],
                },
            ];
        }),
    ) as Record<ClusterComponent, ComponentSettings>;
}

function resolveEtcd(
    e: MilvusInput["etcd"],
    sizing: SizingResult | undefined,
    base: ReturnType<typeof baselineResources>,
    environment: Environment,
    cluster: boolean,
): MilvusSettings["etcd"] {
    return {
        ...withDefaults(M.etcd, e, environment),
        replicas: e?.replicas ?? sizing?.etcd.replicas ?? (cluster ? 3 : 1),
        storageSize: e?.storageSize ?? (sizing ? gi(sizing.etcd.volumeGiB) : cluster ? "20Gi" : "10Gi"),
        resources: sizing?.etcd.resources ?? base.etcd,
    };
}

function resolveMinio(
    i: MilvusInput["minio"],
    sizing: SizingResult | undefined,
    base: ReturnType<typeof baselineResources>,
    environment: Environment,
    cluster: boolean,
): MilvusSettings["minio"] {
    return {
        ...withDefaults(M.minio, i, environment),
        mode: i?.mode ?? (sizing ? (cluster ? "distributed" : "standalone") : defaultOf(MINIO.mode, environment)),
        replicas: i?.replicas ?? (sizing && cluster ? sizing.minio.replicas : defaultOf(MINIO.replicas)),
        storageSize: i?.storageSize ?? (sizing ? gi(sizing.minio.volumeGiB) : defaultOf(MINIO.storageSize, environment)),
        resources: sizing?.minio.resources ?? base.minio,
    };
}

function resolvePulsar(
    p: MilvusInput["pulsar"],
    sizing: SizingResult | undefined,
    base: ReturnType<typeof baselineResources>,
    environment: Environment,
): MilvusSettings["pulsar"] {
    const sized = sizing?.pulsar;
    return {
        ...withDefaults(M.pulsar, p, environment),
        zookeeperReplicas: p?.zookeeperReplicas ?? sized?.zookeeper.replicas ?? defaultOf(PULSAR.zookeeperReplicas, environment),
        bookkeeperReplicas: p?.bookkeeperReplicas ?? sized?.bookkeeper.replicas ?? defaultOf(PULSAR.bookkeeperReplicas, environment),
        brokerReplicas: p?.brokerReplicas ?? sized?.broker.replicas ?? defaultOf(PULSAR.brokerReplicas, environment),
        proxyReplicas: p?.proxyReplicas ?? sized?.proxy.replicas ?? defaultOf(PULSAR.proxyReplicas, environment),
        journalSize: p?.journalSize ?? (sized ? gi(sized.bookkeeper.journalGiB) : defaultOf(PULSAR.journalSize, environment)),
        ledgersSize: p?.ledgersSize ?? (sized ? gi(sized.bookkeeper.ledgersGiB) : defaultOf(PULSAR.ledgersSize, environment)),
        zookeeperDataSize: sized && gi(sized.zookeeper.volumeGiB),
        resources: sized
            ? {
                  zookeeper: sized.zookeeper.resources,
                  bookkeeper: sized.bookkeeper.resources,
                  broker: sized.broker.resources,
                  proxy: sized.proxy.resources,
              }
            : base.pulsar,
    };
}

/** SCRAM-SHA-512 when credentials are given and no mechanism is named. */
function resolveKafka(kafka: NonNullable<MilvusInput["externalKafka"]>, environment: Environment): KafkaSettings {
    return {
        ...withDefaults(M.externalKafka, kafka, environment),
        securityProtocol: kafka.securityProtocol ?? defaultOf(KAFKA.securityProtocol),
        saslMechanism: kafka.saslMechanism ?? (kafka.credentialsSecret ? "SCRAM-SHA-512" : undefined),
        credentialsSecret: kafka.credentialsSecret && {
            name: kafka.credentialsSecret.name,
            usernameKey: kafka.credentialsSecret.usernameKey ?? defaultOf(KAFKA_SECRET.usernameKey),
            passwordKey: kafka.credentialsSecret.passwordKey ?? defaultOf(KAFKA_SECRET.passwordKey),
        },
    };
}

/** The environment of a stack that names none. */
export const DEFAULT_ENVIRONMENT: Environment = defaultOf(commonShape.environment);

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
    const mode = t?.mode ?? defaultOf(TLS.mode);
    if (mode === "off") return { mode };
    const source: Extract<TlsSettings, { mode: "server" | "mutual" }>["source"] = t?.secretName
        ? { kind: "secret", name: t.secretName }
        : { kind: "issuer", name: t?.issuer?.name ?? "", issuerKind: t?.issuer?.kind ?? defaultOf(TLS.issuer.unwrap().shape.kind) };
    return { mode, source, dnsNames: t?.dnsNames ?? defaultOf(TLS.dnsNames) };
}

/** Pre-upgrade backups are a prod safeguard: only there, and only with backups on. */
function resolveBackup(b: MilvusInput["backup"], environment: Environment): BackupSettings {
    const backup = withDefaults(M.backup, b, environment);
    return {
        ...backup,
        beforeUpgrade: environment === "prod" && backup.enabled,
        restore: b?.restore && withDefaults(BACKUP.restore, b.restore, environment),
    };
}
