// Names the Milvus chart gives its objects, computed the way the chart's
// _helpers.tpl does, so outputs (service DNS names) match what Helm creates.

/** Keys of the credentials Secret that MilvusRelease creates. */
export const SECRET_KEYS = {
    rootPassword: "rootPassword",
    /** The generation before `rootPassword`, read only by the root-credential Job (root-credential.ts). */
    previousRootPassword: "previousRootPassword",
    /** MinIO's own chart reads these two names from `minio.existingSecret`. */
    minioAccessKey: "accesskey",
    minioSecretKey: "secretkey",
    kafkaUsername: "kafkaUsername",
    kafkaPassword: "kafkaPassword",
} as const;

/** Milvus reads environment variables before its YAML files; these override the ConfigMap's empty values. */
export const MILVUS_ENV = {
    rootPassword: "COMMON_SECURITY_DEFAULTROOTPASSWORD",
    minioAccessKey: "MINIO_ACCESS_KEY_ID",
    minioSecretKey: "MINIO_SECRET_ACCESS_KEY",
    kafkaUsername: "KAFKA_SASL_USERNAME",
    kafkaPassword: "KAFKA_SASL_PASSWORD",
} as const;

export const MILVUS_GRPC_PORT = 19530;

/**
 * Label (Kubernetes) and tag (cloud resources) carrying the stack's environment
 * (dev | prod). The policy pack treats a stack as prod when any resource carries
 * `environment: prod`, so every platform must set it (see docs/policy-pack.md).
 */
export const ENVIRONMENT_LABEL = "environment";

function trunc63(name: string): string {
    return name.slice(0, 63).replace(/-+$/, "");
}

type NameOverrides = { fullnameOverride?: unknown; nameOverride?: unknown };

/**
 * A chart's `<chart>.fullname` as Helm's standard helper computes it (the
 * Milvus chart's, and those of its etcd, minio and pulsar subcharts, whose
 * _helpers.tpl all read the same): the override, or the release when it
 * contains the chart's name, or `<release>-<name>`, cut to 63 characters.
 * A subchart's name is its alias (`pulsarv3`).
 */
export function subchartFullname(releaseName: string, chartName: string, overrides: NameOverrides = {}): string {
    if (typeof overrides.fullnameOverride === "string" && overrides.fullnameOverride !== "") {
        return trunc63(overrides.fullnameOverride);
    }
    const name = typeof overrides.nameOverride === "string" && overrides.nameOverride !== "" ? overrides.nameOverride : chartName;
    return releaseName.includes(name) ? trunc63(releaseName) : trunc63(`${releaseName}-${name}`);
}

/** `milvus.fullname` from the chart's _helpers.tpl. */
export function chartFullname(releaseName: string, overrides: NameOverrides = {}): string {
    return subchartFullname(releaseName, "milvus", overrides);
}

/** The name of the Secret holding every Milvus credential. */
export function credentialsSecretName(releaseName: string): string {
    return `${releaseName}-milvus-credentials`;
}

/** Pod label `component` the chart puts on each Milvus deployment. */
export const COMPONENT_LABELS = {
    standalone: "standalone",
    proxy: "proxy",
    mixCoordinator: "mixcoord",
    queryNode: "querynode",
    dataNode: "datanode",
    streamingNode: "streamingnode",
} as const;

/** Labels that select every pod of one release (the chart's `milvus.matchLabels`). */
export function releaseSelector(releaseName: string, nameOverride?: unknown): Record<string, string> {
    return {
        "app.kubernetes.io/name": typeof nameOverride === "string" && nameOverride !== "" ? nameOverride : "milvus",
        "app.kubernetes.io/instance": releaseName,
    };
}

/** Labels of every milvus-backup pod (backup.ts); the NetworkPolicy of in-cluster MinIO admits them. */
export function backupPodSelector(releaseName: string): Record<string, string> {
    return { "app.kubernetes.io/name": "milvus-backup", "app.kubernetes.io/instance": releaseName };
}
