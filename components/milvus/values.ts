// Pure function: (platform wiring, Milvus settings) -> Helm values for the
// official Milvus chart. No Pulumi, no I/O, so it is unit-tested directly and
// every key it emits is checked against the chart's defaults.
//
// Credentials never appear here: the values only name the Secret and the
// environment variables that read from it.
import { allowedSources } from "./exposure";
import { parse, stringify } from "yaml";
import { ENV_COMPONENTS } from "../config/values-ownership";
import { tlsMountValues, tlsUserConfig } from "./tls";
import type { ClaimTemplateSizes } from "../config/deployment-record";
import type { MilvusSettings, PulsarRole } from "../config/resolve";
import type { ClusterComponent } from "../config/schema";
import type * as pulumi from "@pulumi/pulumi";
import type { ExposureHints, ExternalBucket, Placement } from "../platform/contract";
import type { PlacementRole } from "../shared/milvus-layout";
import { MILVUS_ENV, SECRET_KEYS, releaseSelector } from "../shared/chart-names";
import { mirroredImageValues, pullSecretValues } from "./images";

export type ChartValues = Record<string, unknown>;

/** The platform contract with every Input resolved to a plain value. */
export interface ChartWiring {
    releaseName: string;
    credentialsSecretName: string;
    storageClassName?: string;
    /** In-cluster MinIO (its keys are in the Secret, never here), or the platform's bucket with its Inputs resolved. */
    objectStore: { kind: "minio" } | pulumi.Unwrap<ExternalBucket>;
    messageQueue:
        | { kind: "woodpecker" }
        | { kind: "pulsar" }
        | {
              kind: "kafka";
              brokers: string;
              securityProtocol: string;
              sasl?: { mechanism: string; secretName: string; usernameKey: string; passwordKey: string };
          };
    serviceAccount: { name: string; annotations: Record<string, string>; podLabels: Record<string, string> };
    exposure: ExposureHints;
    /** The cluster's own network: the sources internal exposure admits when the config lists none. */
    networkRanges: string[];
    zoneSpread: "DoNotSchedule" | "ScheduleAnyway";
    placement: Partial<Record<PlacementRole, Placement>>;
}

interface EnvVar {
    name: string;
    valueFrom: { secretKeyRef: { name: string; key: string } };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Deep merge: objects merge key by key, everything else (arrays too) is replaced by `override`. */
export function deepMerge(base: ChartValues, override: ChartValues): ChartValues {
    const out: ChartValues = { ...base };
    for (const [key, value] of Object.entries(override)) {
        const current = out[key];
        out[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
    }
    return out;
}

function secretEnv(name: string, secretName: string, key: string): EnvVar {
    return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

/** Environment variables that carry credentials from Secrets into every Milvus pod. */
function credentialEnv(w: ChartWiring, m: MilvusSettings): EnvVar[] {
    const env: EnvVar[] = [];
    if (m.auth.enabled) env.push(secretEnv(MILVUS_ENV.rootPassword, w.credentialsSecretName, SECRET_KEYS.rootPassword));
    if (w.objectStore.kind === "minio") {
        env.push(secretEnv(MILVUS_ENV.minioAccessKey, w.credentialsSecretName, SECRET_KEYS.minioAccessKey));
        env.push(secretEnv(MILVUS_ENV.minioSecretKey, w.credentialsSecretName, SECRET_KEYS.minioSecretKey));
    }
    if (w.messageQueue.kind === "kafka" && w.messageQueue.sasl) {
        const { secretName, usernameKey, passwordKey } = w.messageQueue.sasl;
        env.push(secretEnv(MILVUS_ENV.kafkaUsername, secretName, usernameKey));
        env.push(secretEnv(MILVUS_ENV.kafkaPassword, secretName, passwordKey));
    }
    return env;
}

function placementValues(p: Placement | undefined): ChartValues {
    if (!p) return {};
    return {
        ...(p.nodeSelector ? { nodeSelector: p.nodeSelector } : {}),
        ...(p.tolerations ? { tolerations: p.tolerations } : {}),
    };
}

function needsSpreading(m: MilvusSettings): boolean {
    return m.mode === "cluster" && Object.values(m.components).some((c) => c.replicas > 1);
}

/** Spread each component's pods over zones and nodes (one constraint set, grouped by the `component` label). */
function topologySpread(w: ChartWiring, m: MilvusSettings): unknown[] {
    if (!needsSpreading(m)) return [];
    const labelSelector = { matchLabels: releaseSelector(w.releaseName) };
    return [
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: w.zoneSpread, labelSelector, matchLabelKeys: ["component"] },
        { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector, matchLabelKeys: ["component"] },
    ];
}

function componentValues(m: MilvusSettings, w: ChartWiring, env: EnvVar[]): ChartValues {
    if (m.mode === "standalone") {
        const queue = w.messageQueue.kind === "pulsar" ? "pulsar" : w.messageQueue.kind;
        return {
            standalone: {
                replicas: 1,
                resources: m.standalone.resources,
                extraEnv: env,
                messageQueue: queue,
                persistence: {
                    persistentVolumeClaim: {
                        size: m.standalone.storageSize,
                        ...(w.storageClassName ? { storageClass: w.storageClassName } : {}),
                    },
                },
                // With disk.enabled (the chart's default) templates/standalone-deployment.yaml mounts an
                // emptyDir at /var/lib/milvus/data, Milvus's localStorage.path, over the volume above
                // (mounted at /var/lib/milvus): DiskANN index, mmap and cache files would land on the
                // node's ephemeral disk instead of the sized volume. Off, they stay on the volume.
                disk: { enabled: false },
                ...placementValues(w.placement.standalone),
            },
        };
    }
    const one = (name: ClusterComponent): ChartValues => ({
        // Paused (milvus.paused): every Deployment at zero; the chart renders replicas of 0 (`if ge replicas 0`).
        replicas: m.paused ? 0 : m.components[name].replicas,
        resources: m.components[name].resources,
        extraEnv: env,
        ...placementValues(w.placement[name]),
    });
    return {
        mixCoordinator: { enabled: true, ...one("mixCoordinator"), activeStandby: { enabled: m.coordinatorActiveStandby } },
        proxy: { enabled: true, ...one("proxy") },
        queryNode: { enabled: true, ...one("queryNode") },
        dataNode: { enabled: true, ...one("dataNode") },
        streamingNode: one("streamingNode"),
        // Milvus 2.6 merges the index node into the data node.
        indexNode: { enabled: false },
    };
}

function objectStoreValues(w: ChartWiring, m: MilvusSettings, templates: Partial<ClaimTemplateSizes>): ChartValues {
    const store = w.objectStore;
    if (store.kind === "minio") {
        return {
            minio: {
                enabled: true,
                mode: m.minio.mode,
                ...(m.minio.mode === "distributed" ? { replicas: m.minio.replicas } : {}),
                // Empty in the values (so never in the ConfigMap); MinIO reads the
                // generated keys from existingSecret and Milvus from its environment.
                accessKey: "",
                secretKey: "",
                existingSecret: w.credentialsSecretName,
                persistence: {
                    // Distributed MinIO is a StatefulSet: its claims were created at the template's size (volumes.ts).
                    size: m.minio.mode === "distributed" ? (templates.minio ?? m.minio.storageSize) : m.minio.storageSize,
                    ...(w.storageClassName ? { storageClass: w.storageClassName } : {}),
                },
                resources: m.minio.resources,
                ...placementValues(w.placement.dependencies),
            },
            externalS3: { enabled: false },
        };
    }
    return {
        minio: { enabled: false },
        externalS3: {
            enabled: true,
            cloudProvider: store.cloudProvider,
            host: store.host,
            port: store.port,
            useSSL: store.useSSL,
            bucketName: store.bucketName,
            rootPath: store.rootPath,
            useIAM: true,
            // Azure's keyless mode needs the account name here; it is not a secret.
            accessKey: store.accountName ?? "",
            secretKey: "",
            region: store.region ?? "",
            useVirtualHost: store.useVirtualHost ?? false,
        },
    };
}

function messageQueueValues(w: ChartWiring, m: MilvusSettings, templates: Partial<ClaimTemplateSizes>): ChartValues {
    const queue = w.messageQueue;
    const cluster = m.mode === "cluster";
    switch (queue.kind) {
        case "woodpecker":
            return {
                pulsarv3: { enabled: false },
                // In cluster mode the chart picks Woodpecker from `woodpecker.enabled`
                // (embedded in the streaming nodes, WAL in the object store).
                woodpecker: { enabled: cluster },
                streaming: { enabled: true, woodpecker: { embedded: true } },
                externalKafka: { enabled: false },
            };
        case "pulsar": {
            const p = m.pulsar;
            const quorum = String(Math.min(2, p.bookkeeperReplicas));
            const resources = (role: PulsarRole): ChartValues => ({ resources: p.resources[role] });
            return {
                woodpecker: { enabled: false },
                externalKafka: { enabled: false },
                pulsarv3: {
                    enabled: true,
                    zookeeper: {
                        replicaCount: p.zookeeperReplicas,
                        ...(p.zookeeperDataSize ? { volumes: { data: { size: templates.zookeeper ?? p.zookeeperDataSize } } } : {}),
                        ...resources("zookeeper"),
                    },
                    bookkeeper: {
                        replicaCount: p.bookkeeperReplicas,
                        volumes: { journal: { size: templates.journal ?? p.journalSize }, ledgers: { size: templates.ledgers ?? p.ledgersSize } },
                        ...resources("bookkeeper"),
                    },
                    broker: {
                        replicaCount: p.brokerReplicas,
                        configData: {
                            managedLedgerDefaultEnsembleSize: quorum,
                            managedLedgerDefaultWriteQuorum: quorum,
                            managedLedgerDefaultAckQuorum: quorum,
                        },
                        ...resources("broker"),
                    },
                    proxy: { replicaCount: p.proxyReplicas, ...resources("proxy") },
                },
            };
        }
        case "kafka":
            return {
                pulsarv3: { enabled: false },
                woodpecker: { enabled: false },
                externalKafka: {
                    enabled: true,
                    brokerList: queue.brokers,
                    securityProtocol: queue.securityProtocol,
                    // The username and password stay empty here and reach Milvus from the Secret.
                    sasl: { mechanisms: queue.sasl?.mechanism ?? "PLAIN", username: "", password: "" },
                },
            };
    }
}

/**
 * The chart's Service is always ClusterIP: the load balancer, when the
 * exposure asks for one, is the program's own Service with the Milvus port
 * only (./exposure.ts). The empty source ranges clear the chart's
 * 0.0.0.0/0 default, should anyone switch the type through `values`.
 */
function serviceValues(m: MilvusSettings): ChartValues {
    return {
        service: { type: "ClusterIP", loadBalancerSourceRanges: [], annotations: m.exposure.type === "clusterIP" ? m.exposure.annotations : {} },
    };
}

function attuValues(w: ChartWiring, m: MilvusSettings): ChartValues {
    const { attu } = m;
    if (!attu.enabled) return { attu: { enabled: false } };
    const ingress = attu.ingress;
    if (!ingress.enabled || !w.exposure.ingress) return { attu: { enabled: true, ingress: { enabled: false } } };
    const hints = w.exposure.ingress;
    const allowed = allowedSources(w, ingress.scope, ingress.sourceRanges);
    const sourceRanges = hints.sourceRangesAnnotation && allowed.length > 0 ? { [hints.sourceRangesAnnotation]: allowed.join(",") } : {};
    return {
        attu: {
            enabled: true,
            ingress: {
                enabled: true,
                ingressClassName: hints.className,
                annotations: { ...(hints.annotations[ingress.scope] ?? {}), ...sourceRanges, ...ingress.annotations },
                // The chart writes `rules` only per host and a `defaultBackend` only with TLS
                // (templates/attu-ingress.yaml), and Kubernetes refuses an Ingress with neither.
                // Without a host, one rule with an empty host: a rule without host matches every host.
                hosts: ingress.host ? [ingress.host] : [""],
                tls: ingress.host && ingress.tlsSecretName ? [{ secretName: ingress.tlsSecretName, hosts: [ingress.host] }] : [],
            },
        },
    };
}

/** Milvus settings that are not credentials, rendered into the chart's user.yaml. */
function milvusUserConfig(m: MilvusSettings): string {
    const tls = tlsUserConfig(m.tls);
    return stringify({
        ...tls,
        common: { security: { authorizationEnabled: m.auth.enabled, ...((tls.common as { security?: object } | undefined)?.security ?? {}) } },
        // The sizing assumed this segment size; pin it so Milvus seals segments there.
        ...(m.workload ? { dataCoord: { segment: { maxSize: m.workload.segmentSizeMB } } } : {}),
    });
}

/**
 * The chart's values. `claimTemplates` are the sizes the StatefulSets' claim
 * templates were created with (the deployment record's): a StatefulSet's
 * templates never change, so the chart keeps them and larger sizes reach the
 * claims themselves (volumes.ts). Without them, the settings' sizes.
 */
export function buildChartValues(w: ChartWiring, m: MilvusSettings, claimTemplates: Partial<ClaimTemplateSizes> = {}): ChartValues {
    const env = credentialEnv(w, m);
    const spread = topologySpread(w, m);
    const values: ChartValues = {
        cluster: { enabled: m.mode === "cluster" },
        image: { all: { tag: m.imageTag } },
        serviceAccount: { create: true, name: w.serviceAccount.name, annotations: w.serviceAccount.annotations },
        labels: w.serviceAccount.podLabels,
        topologySpreadConstraints: spread,
        extraConfigFiles: { "user.yaml": milvusUserConfig(m) },
        ...componentValues(m, w, env),
        ...objectStoreValues(w, m, claimTemplates),
        ...messageQueueValues(w, m, claimTemplates),
        etcd: {
            replicaCount: m.etcd.replicas,
            persistence: { size: claimTemplates.etcd ?? m.etcd.storageSize, ...(w.storageClassName ? { storageClass: w.storageClassName } : {}) },
            resources: m.etcd.resources,
            ...placementValues(w.placement.dependencies),
        },
        ...serviceValues(m),
        ...attuValues(w, m),
        metrics: {
            enabled: m.metrics.enabled,
            serviceMonitor: {
                enabled: m.metrics.serviceMonitor,
                ...(Object.keys(m.metrics.prometheusLabels).length ? { additionalLabels: m.metrics.prometheusLabels } : {}),
            },
        },
    };
    // Air-gapped installs (images.ts): every image from the stack's imageRegistry, every pod with the pull secrets.
    // Nothing is added without them, so the values of a stack that sets neither stay as they were.
    const sourced = [
        ...(m.imageRegistry !== undefined ? mirroredImageValues(m.imageRegistry) : []),
        ...(m.imagePullSecrets.length > 0 ? pullSecretValues(m.imagePullSecrets) : []),
    ].reduce<ChartValues>((merged, part) => deepMerge(merged, part), values);
    const withTls = deepMerge(sourced, tlsMountValues(w.releaseName, m.tls, m.mode));
    return deepMerge(withTls, withProgramEntries(withTls, m.values));
}

/**
 * The user's `values` with the two lists the program also fills merged in
 * (a plain deep merge would replace them; config/values-ownership.ts refuses
 * what would collide): each component's `extraEnv` keeps the program's
 * credential variables first, and `extraConfigFiles."user.yaml"` is the
 * program's document with the user's settings merged into it.
 */
function withProgramEntries(program: ChartValues, user: ChartValues): ChartValues {
    const out: ChartValues = { ...user };
    // The certificate mount (tls.ts): the user's volumes are added to it.
    for (const [section, key] of [
        ["proxy", "volumes"],
        ["proxy", "volumeMounts"],
        ["", "volumes"],
        ["", "volumeMounts"],
    ] as const) {
        const mineSection = section ? program[section] : program;
        const theirsSection = section ? out[section] : out;
        if (!isObject(mineSection) || !isObject(theirsSection) || !Array.isArray(mineSection[key]) || !Array.isArray(theirsSection[key])) continue;
        const merged = { ...theirsSection, [key]: [...(mineSection[key] as unknown[]), ...(theirsSection[key] as unknown[])] };
        if (section) out[section] = merged;
        else Object.assign(out, merged);
    }
    for (const component of ENV_COMPONENTS) {
        const mine = program[component];
        const theirs = user[component];
        if (!isObject(mine) || !isObject(theirs) || !Array.isArray(theirs.extraEnv) || !Array.isArray(mine.extraEnv)) continue;
        out[component] = {
            ...(isObject(out[component]) ? (out[component] as ChartValues) : theirs),
            extraEnv: [...mine.extraEnv, ...theirs.extraEnv],
        };
    }
    const files = user.extraConfigFiles;
    const programFiles = program.extraConfigFiles;
    if (isObject(files) && typeof files["user.yaml"] === "string" && isObject(programFiles) && typeof programFiles["user.yaml"] === "string") {
        const theirs: unknown = parse(files["user.yaml"]);
        const mine = parse(programFiles["user.yaml"]) as ChartValues;
        out.extraConfigFiles = { ...files, "user.yaml": stringify(isObject(theirs) ? deepMerge(mine, theirs) : mine) };
    }
    return out;
}
