// The images the Milvus chart pulls and where its values name them, and
// where its pods' pull secrets go: read in chart milvus-5.0.19 (values.yaml and
// the vendored subcharts etcd 8.12.0, minio 8.0.17, pulsar 3.3.0):
// - Milvus (every component, also the CDC and the embedded Woodpecker):
//   `image.all` milvusdb/milvus (templates/*-deployment.yaml); heaptrack init
//   containers `heaptrack.image` milvusdb/heaptrack, only with
//   <component>.heaptrack.enabled. There is no `image.tools` in this chart:
//   /milvus/tools is an emptyDir.
// - Woodpecker runs inside the Milvus processes (streaming.woodpecker.embedded,
//   which the program sets); its own StatefulSet (`woodpecker.image`,
//   milvusdb/woodpecker:latest) renders only when not embedded, so it is not here.
// - Attu `attu.image` zilliz/attu (templates/attu-deployment.yaml).
// - etcd (Bitnami, common.images.image): `<registry>/<repository>:<tag>` with
//   `etcd.image.registry` docker.io and the Milvus chart's repository
//   milvusdb/etcd; the volumePermissions init container (off by default)
//   `etcd.volumePermissions.image` docker.io/bitnami/bitnami-shell.
// - MinIO `minio.image` minio/minio; its bucket and metrics Jobs (off unless
//   minio.buckets, defaultBucket or metrics.serviceMonitor are set)
//   `minio.mcImage` minio/mc and `minio.helmKubectlJqImage` bskim45/helm-kubectl-jq.
// - Pulsar v3 (alias pulsarv3): `images.{zookeeper,bookie,autorecovery,broker,proxy}`
//   apachepulsar/pulsar, also the bookie-init Job (images.bookie), and the
//   pulsar-init Job `pulsar_metadata.image` apachepulsar/pulsar.
// - Not here, because the program never runs them: the Kafka subchart (kafka.*
//   is the program's and stays off), Pulsar v2 (`pulsar`), TEI, Pulsar's
//   toolset, functions and manager (off in the Milvus chart's values).

export interface ChartImage {
    /** The image block in the chart values. */
    path: string;
    /** The chart's default repository. */
    repository: string;
    /** Bitnami charts: the registry is a value of its own (the chart's default). */
    registry?: string;
}

/** The Milvus image's repository (chart default of `image.all.repository`). */
export const MILVUS_IMAGE_REPOSITORY = "milvusdb/milvus";

export const MILVUS_CHART_IMAGES: readonly ChartImage[] = [
    { path: "image.all", repository: MILVUS_IMAGE_REPOSITORY },
    { path: "heaptrack.image", repository: "milvusdb/heaptrack" },
    { path: "attu.image", repository: "zilliz/attu" },
    { path: "etcd.image", registry: "docker.io", repository: "milvusdb/etcd" },
    { path: "etcd.volumePermissions.image", registry: "docker.io", repository: "bitnami/bitnami-shell" },
    { path: "minio.image", repository: "minio/minio" },
    { path: "minio.mcImage", repository: "minio/mc" },
    { path: "minio.helmKubectlJqImage", repository: "bskim45/helm-kubectl-jq" },
    ...["zookeeper", "bookie", "autorecovery", "broker", "proxy"].map((c) => ({ path: `pulsarv3.images.${c}`, repository: "apachepulsar/pulsar" })),
    { path: "pulsarv3.pulsar_metadata.image", repository: "apachepulsar/pulsar" },
];

/** Where each chart reads its pods' pull secrets, and in which form. */
export const PULL_SECRET_VALUES: ReadonlyArray<{ path: string; form: "names" | "references" }> = [
    // templates/*-deployment.yaml and woodpecker-statefulset.yaml: `- name: {{ . }}` for each.
    { path: "image.all.pullSecrets", form: "names" },
    { path: "attu.image.pullSecrets", form: "names" },
    // Bitnami common.images.pullSecrets: a list of names.
    { path: "etcd.image.pullSecrets", form: "names" },
    // minio _helpers.tpl minio.imagePullSecrets: toYaml of the list, so `- name: x` entries.
    { path: "minio.imagePullSecrets", form: "references" },
    // pulsar _helpers.tpl pulsar.imagePullSecrets: `- name: {{ . }}` for each.
    { path: "pulsarv3.images.imagePullSecrets", form: "names" },
];
