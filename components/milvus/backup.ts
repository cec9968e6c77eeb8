// Backup and restore with the Milvus project's own tool, milvus-backup
// (zilliztech/milvus-backup v0.5.16, image milvusdb/milvus-backup): the
// specs (pure), and the ConfigMap, ServiceAccount, CronJob and Jobs made from
// them.
//
// How the tool is configured (read in its v0.5.16 source):
// - internal/cfg/load.go: a YAML file (--config) under environment variables
//   under --set; so the file (a ConfigMap) holds what is not secret, and the
//   root password and MinIO keys come from the credentials Secret as
//   MILVUS_PASSWORD, MINIO_ACCESS_KEY and MINIO_SECRET_KEY (internal/cfg/cfg.go).
// - Keyless storage: minio.useIAM. On AWS the minio-go IAM provider reads the
//   IRSA web identity token; on Azure it is DefaultAzureCredential (workload
//   identity), with the account name in accessKeyID (internal/storage/azure.go,
//   factory.go). Every backup* key inherits the Milvus storage's value unless
//   set (cfg.go MinioConfig.Resolve), so only the backup bucket and prefix are
//   named.
// - Commands: `create -n NAME [--filter db.coll,...]`, `list` (prints
//   ">> Backups:" and one name per line), `delete -n NAME`, `restore -n NAME
//   [--filter] [--suffix] [--rebuild_index] [--drop_exist_collection]`; each
//   exits non-zero on failure (cobra.CheckErr).
// - Backup names: a letter or '_' first, then letters, digits and '_'
//   (core/backup/func.go ValidateName); the program's are
//   `<prefix>_YYYY_MM_DD_HH_MM_SS`, so sorting them sorts them by time.
// - GC pause goes to the management API on port 9091, which the proxy serves
//   (milvus internal/http: RouteGcPause, "proxy management restful api");
//   a failed pause does not fail the backup.
// - etcd is read only with --backup_index_extra, which the program never
//   passes, so backup pods need no access to etcd.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { stringify } from "yaml";
import { inClusterMinioLocation } from "../config/backup-rules";
import type { BackupSettings } from "../config/resolve";
import type { ExternalBucket, Placement } from "../platform/contract";
import { mirroredImage } from "../shared/images";
import type { ReleaseContext } from "./context";
import { milvusPodPullSecrets } from "./images";
import { tlsSecretName } from "./tls";
import { MILVUS_GRPC_PORT, SECRET_KEYS, backupPodSelector } from "../shared/chart-names";
import { MILVUS_METRICS_PORT } from "./network-policies";

export const MILVUS_BACKUP_VERSION = "v0.5.16";
export const MILVUS_BACKUP_IMAGE = `milvusdb/milvus-backup:${MILVUS_BACKUP_VERSION}`;
/** The binary in the image (its Dockerfile: WORKDIR /app, COPY milvus-backup .). */
export const MILVUS_BACKUP_BINARY = "/app/milvus-backup";
const CONFIG_DIR = "/etc/milvus-backup";
export const BACKUP_CONFIG_PATH = `${CONFIG_DIR}/backup.yaml`;
const CERTS = "/etc/milvus/certs";
/** The only writable place (an emptyDir): the root filesystem is read-only, and the tool writes a log file. */
const WORK_DIR = "/tmp";

/** Names of the backups the CronJob takes; retention deletes only these. */
export const SCHEDULED_PREFIX = "scheduled";
/** Names of the backups taken before an upgrade; kept until deleted by hand. */
export const PRE_UPGRADE_PREFIX = "preupgrade";

/** Where Milvus keeps its data, as the platform wired it. */
export type BackupStore = { kind: "minio"; address: string; port: number; bucketName: string; rootPath: string } | pulumi.Unwrap<ExternalBucket>;

export interface BackupConfigInputs {
    /** The Milvus Service's DNS name inside the cluster. */
    milvusHost: string;
    auth: boolean;
    /** Client TLS on the proxy: verify it with the Secret's CA; in mutual mode present its pair. */
    tls?: { mutual: boolean };
    store: BackupStore;
    backup: Pick<BackupSettings, "rootPath" | "bucket">;
}

/** The tool's config file (v0.5.16 layout, configs/backup.yaml); no credential is in it. */
export function backupConfig(i: BackupConfigInputs): Record<string, unknown> {
    const s = i.store;
    const storage =
        s.kind === "minio"
            ? { storageType: "minio", address: s.address, port: s.port, useSSL: false, useIAM: false }
            : {
                  storageType: s.cloudProvider,
                  address: s.host,
                  port: s.port,
                  useSSL: s.useSSL,
                  useIAM: true,
                  ...(s.region ? { region: s.region } : {}),
                  // Azure: the storage account's name, not a secret (internal/storage/factory.go).
                  ...(s.accountName ? { accessKeyID: s.accountName } : {}),
              };
    return {
        log: { level: "info", console: true, file: { filename: `${WORK_DIR}/milvus-backup.log` } },
        milvus: {
            address: i.milvusHost,
            port: MILVUS_GRPC_PORT,
            ...(i.auth ? { user: "root" } : {}),
            // 0 off, 1 server, 2 mutual (configs/backup.yaml).
            tlsMode: i.tls ? (i.tls.mutual ? 2 : 1) : 0,
            ...(i.tls ? { caCertPath: `${CERTS}/ca.crt`, serverName: i.milvusHost } : {}),
            ...(i.tls?.mutual ? { mtlsCertPath: `${CERTS}/tls.crt`, mtlsKeyPath: `${CERTS}/tls.key` } : {}),
        },
        minio: {
            ...storage,
            bucketName: s.bucketName,
            rootPath: s.rootPath,
            backupBucketName: i.backup.bucket ?? s.bucketName,
            backupRootPath: i.backup.rootPath,
        },
        backup: { gcPause: { enable: true, address: `http://${i.milvusHost}:${MILVUS_METRICS_PORT}` } },
    };
}

export function backupConfigYaml(i: BackupConfigInputs): string {
    return stringify(backupConfig(i));
}

/** Where the backups are, for the stack output: a URL of the bucket (or container) and prefix. */
export function backupLocation(store: BackupStore, backup: Pick<BackupSettings, "rootPath" | "bucket">): string {
    if (store.kind === "minio")
        return `minio://${backup.bucket ?? store.bucketName}/${backup.rootPath}/ (in-cluster MinIO ${store.address}:${store.port})`;
    if (store.cloudProvider === "azure") return `https://${store.accountName}.blob.${store.host}/${store.bucketName}/${backup.rootPath}/`;
    if (store.cloudProvider === "aws") return `s3://${store.bucketName}/${backup.rootPath}/`;
    return `gs://${store.bucketName}/${backup.rootPath}/`;
}

/**
 * The CronJob's script: one backup named `<prefix>_<UTC time>`, then
 * retention: every backup of that prefix but the newest BACKUP_KEEP is deleted.
 * Backups of other prefixes (pre-upgrade, by hand) are never touched.
 */
export const SCHEDULED_BACKUP_SCRIPT = `set -eu
mb() { "$MILVUS_BACKUP" --config "$BACKUP_CONFIG" "$@"; }
name="\${BACKUP_PREFIX}_$(date -u +%Y_%m_%d_%H_%M_%S)"
echo "milvus-backup: creating $name (\${BACKUP_FILTER:-every collection})"
if [ -n "\${BACKUP_FILTER:-}" ]; then mb create -n "$name" --filter "$BACKUP_FILTER"; else mb create -n "$name"; fi
listing=$(mb list 2>&1) || { printf '%s\\n' "$listing" >&2; echo "milvus-backup: $name was created, but listing the backups for retention failed" >&2; exit 1; }
names=$(printf '%s\\n' "$listing" | sed -n '/^>> Backups:/,$p' | sed 1d | grep -E "^\${BACKUP_PREFIX}_[0-9]{4}(_[0-9]{2}){5}$" | sort || true)
count=$(printf '%s\\n' "$names" | grep -c . || true)
excess=$((count - BACKUP_KEEP))
echo "milvus-backup: $count $BACKUP_PREFIX backups, keeping $BACKUP_KEEP"
if [ "$excess" -gt 0 ]; then
  for old in $(printf '%s\\n' "$names" | head -n "$excess"); do
    echo "milvus-backup: deleting $old (retention)"
    mb delete -n "$old"
  done
fi
`;

/**
 * The pre-upgrade Job's script: a backup before Helm upgrades the release.
 * Before the first install there is no Milvus Service to back up: curl's exit
 * code 6 ("could not resolve host") says so, and the Job succeeds at once.
 */
export const PRE_UPGRADE_SCRIPT = `set -eu
mb() { "$MILVUS_BACKUP" --config "$BACKUP_CONFIG" "$@"; }
set +e
curl -s -o /dev/null --max-time 10 "http://$MILVUS_HOST:${MILVUS_METRICS_PORT}/healthz"
probe=$?
set -e
if [ "$probe" -eq 6 ]; then
  echo "milvus-backup: no Milvus at $MILVUS_HOST yet (first install), nothing to back up"
  exit 0
fi
name="\${BACKUP_PREFIX}_$(date -u +%Y_%m_%d_%H_%M_%S)"
echo "milvus-backup: creating $name before upgrading to $UPGRADE_TO"
if [ -n "\${BACKUP_FILTER:-}" ]; then mb create -n "$name" --filter "$BACKUP_FILTER"; else mb create -n "$name"; fi
`;

export interface BackupPodInputs {
    releaseName: string;
    image: string;
    /** The Milvus pods' pull secrets; none: the pod spec has no imagePullSecrets. */
    imagePullSecrets?: Array<{ name: string }>;
    serviceAccountName: string;
    /** Labels the platform's identity needs on the pod (workload identity). */
    podLabels: Record<string, string>;
    labels: Record<string, string>;
    configMapName: string;
    credentialsSecretName: string;
    auth: boolean;
    /** In-cluster MinIO: its keys come from the credentials Secret. */
    minioKeys: boolean;
    tls?: { secretName: string };
    placement?: Placement;
}

interface EnvVar {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef: { name: string; key: string } };
}

function podTemplate(p: BackupPodInputs, component: string, command: string[], env: EnvVar[]) {
    const fromSecret = (name: string, key: string): EnvVar => ({ name, valueFrom: { secretKeyRef: { name: p.credentialsSecretName, key } } });
    const labels = {
        ...p.labels,
        ...p.podLabels,
        ...backupPodSelector(p.releaseName),
        "app.kubernetes.io/part-of": p.releaseName,
        "app.kubernetes.io/component": component,
    };
    return {
        metadata: { labels },
        spec: {
            restartPolicy: "Never",
            serviceAccountName: p.serviceAccountName,
            // The identity webhooks (EKS pod identity, Azure workload identity) inject their own projected token;
            // the Kubernetes API token is not needed.
            automountServiceAccountToken: false,
            // Only when there are some: an unchanged pod template keeps the deployed Jobs (a Job's template cannot change).
            ...(p.imagePullSecrets && p.imagePullSecrets.length > 0 ? { imagePullSecrets: p.imagePullSecrets } : {}),
            // The image runs as root by default; any user can run the binary.
            securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
            ...(p.placement?.nodeSelector ? { nodeSelector: p.placement.nodeSelector } : {}),
            ...(p.placement?.tolerations ? { tolerations: p.placement.tolerations } : {}),
            containers: [
                {
                    name: "milvus-backup",
                    image: p.image,
                    command,
                    env: [
                        { name: "MILVUS_BACKUP", value: MILVUS_BACKUP_BINARY },
                        { name: "BACKUP_CONFIG", value: BACKUP_CONFIG_PATH },
                        ...env,
                        ...(p.auth ? [fromSecret("MILVUS_PASSWORD", SECRET_KEYS.rootPassword)] : []),
                        ...(p.minioKeys
                            ? [fromSecret("MINIO_ACCESS_KEY", SECRET_KEYS.minioAccessKey), fromSecret("MINIO_SECRET_KEY", SECRET_KEYS.minioSecretKey)]
                            : []),
                    ],
                    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
                    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                    volumeMounts: [
                        { name: "config", mountPath: CONFIG_DIR, readOnly: true },
                        { name: "work", mountPath: WORK_DIR },
                        ...(p.tls ? [{ name: "milvus-tls", mountPath: CERTS, readOnly: true }] : []),
                    ],
                },
            ],
            volumes: [
                { name: "config", configMap: { name: p.configMapName } },
                { name: "work", emptyDir: { sizeLimit: "256Mi" } },
                ...(p.tls ? [{ name: "milvus-tls", secret: { secretName: p.tls.secretName, defaultMode: 0o440 } }] : []),
            ],
        },
    };
}

const truncate = (name: string) => name.slice(0, 63).replace(/-+$/, "");
const shortHash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 8);
const filterOf = (collections: string[]) => collections.join(",");

export function backupCronJobName(releaseName: string): string {
    return truncate(`${releaseName}-backup`);
}

/** The scheduled backup with retention; suspended while Milvus is paused (there is nothing to back up from). */
export function backupCronJob(p: BackupPodInputs, backup: Pick<BackupSettings, "schedule" | "retention" | "collections">, paused = false) {
    const name = backupCronJobName(p.releaseName);
    return {
        metadata: {
            name,
            labels: {
                ...p.labels,
                ...backupPodSelector(p.releaseName),
                "app.kubernetes.io/part-of": p.releaseName,
                "app.kubernetes.io/component": "backup",
            },
        },
        spec: {
            schedule: backup.schedule,
            timeZone: "Etc/UTC",
            suspend: paused,
            // One backup at a time; a run missed by more than an hour waits for the next slot.
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: 3600,
            successfulJobsHistoryLimit: 3,
            failedJobsHistoryLimit: 3,
            jobTemplate: {
                spec: {
                    backoffLimit: 1,
                    template: podTemplate(
                        p,
                        "backup",
                        ["/bin/sh", "-c", SCHEDULED_BACKUP_SCRIPT],
                        [
                            { name: "BACKUP_PREFIX", value: SCHEDULED_PREFIX },
                            { name: "BACKUP_KEEP", value: String(backup.retention) },
                            { name: "BACKUP_FILTER", value: filterOf(backup.collections) },
                        ],
                    ),
                },
            },
        },
    };
}

/** One Job per target version pair: a new chart version or image tag is a new Job, run before Helm upgrades. */
export function preUpgradeJobName(releaseName: string, chartVersion: string, imageTag: string): string {
    return truncate(`${releaseName}-pre-upgrade-${shortHash([chartVersion, imageTag])}`);
}

export function preUpgradeJob(p: BackupPodInputs, i: { milvusHost: string; chartVersion: string; imageTag: string; collections: string[] }) {
    return {
        metadata: {
            name: preUpgradeJobName(p.releaseName, i.chartVersion, i.imageTag),
            labels: {
                ...p.labels,
                ...backupPodSelector(p.releaseName),
                "app.kubernetes.io/part-of": p.releaseName,
                "app.kubernetes.io/component": "pre-upgrade-backup",
            },
        },
        spec: {
            backoffLimit: 1,
            template: podTemplate(
                p,
                "pre-upgrade-backup",
                ["/bin/sh", "-c", PRE_UPGRADE_SCRIPT],
                [
                    { name: "BACKUP_PREFIX", value: PRE_UPGRADE_PREFIX },
                    { name: "BACKUP_FILTER", value: filterOf(i.collections) },
                    { name: "MILVUS_HOST", value: i.milvusHost },
                    { name: "UPGRADE_TO", value: `chart ${i.chartVersion}, Milvus ${i.imageTag}` },
                ],
            ),
        },
    };
}

/** The restore's arguments to milvus-backup (cmd/restore/restore.go flags). */
export function restoreArguments(restore: NonNullable<BackupSettings["restore"]>): string[] {
    return [
        "restore",
        "-n",
        restore.backup,
        ...(restore.collections.length > 0 ? ["--filter", filterOf(restore.collections)] : []),
        ...(restore.suffix ? ["--suffix", restore.suffix] : []),
        // Indexes are built again from the backed-up index definitions.
        "--rebuild_index",
        ...(restore.dropExisting ? ["--drop_exist_collection"] : []),
    ];
}

/** One Job per restore request: a changed request is a new Job; the same request never runs twice. */
export function restoreJobName(releaseName: string, restore: NonNullable<BackupSettings["restore"]>): string {
    return truncate(`${releaseName}-restore-${shortHash(restore)}`);
}

export function restoreJob(p: BackupPodInputs, restore: NonNullable<BackupSettings["restore"]>) {
    return {
        metadata: {
            name: restoreJobName(p.releaseName, restore),
            labels: {
                ...p.labels,
                ...backupPodSelector(p.releaseName),
                "app.kubernetes.io/part-of": p.releaseName,
                "app.kubernetes.io/component": "restore",
            },
        },
        spec: {
            // A failed restore may have created part of the collections: it is not retried blindly.
            backoffLimit: 0,
            template: podTemplate(p, "restore", [MILVUS_BACKUP_BINARY, "--config", BACKUP_CONFIG_PATH, ...restoreArguments(restore)], []),
        },
    };
}

/** What every milvus-backup pod is made of, and what must exist before one runs. */
export interface BackupPod {
    inputs: pulumi.Output<BackupPodInputs>;
    dependsOn: pulumi.Resource[];
    /** Where the backups are (a stack output). */
    location: pulumi.Output<string>;
}

/**
 * The ConfigMap and ServiceAccount every milvus-backup pod uses; none when the stack does not run the tool
 * (the platform hands a backup account exactly when it does).
 */
export function registerBackupPod(
    ctx: ReleaseContext,
    before: { credentials: k8s.core.v1.Secret; networkPolicies: pulumi.Resource[] },
): BackupPod | undefined {
    const { milvus, platform, releaseName } = ctx;
    const account = platform.backupServiceAccount;
    if (!account) return undefined;
    const store: pulumi.Output<BackupStore> =
        platform.objectStore.kind === "minio"
            ? pulumi.output({
                  kind: "minio" as const,
                  ...inClusterMinioAddress(releaseName, milvus.values),
                  ...inClusterMinioLocation(milvus.values),
              })
            : pulumi.output(platform.objectStore);
    const config = new k8s.core.v1.ConfigMap(
        `${ctx.name}-backup-config`,
        {
            metadata: { name: `${releaseName}-milvus-backup`, namespace: ctx.namespace, labels: ctx.labels },
            data: pulumi.all([store, ctx.host]).apply(([s, host]) => ({
                "backup.yaml": backupConfigYaml({
                    milvusHost: host,
                    auth: milvus.auth.enabled,
                    store: s,
                    backup: milvus.backup,
                    ...(milvus.tls.mode !== "off" ? { tls: { mutual: milvus.tls.mode === "mutual" } } : {}),
                }),
            })),
        },
        ctx.options(),
    );
    const serviceAccount = new k8s.core.v1.ServiceAccount(
        `${ctx.name}-backup-account`,
        {
            metadata: { name: account.name, namespace: ctx.namespace, labels: ctx.labels, annotations: account.annotations },
            automountServiceAccountToken: false,
        },
        ctx.options({ dependsOn: platform.dependsOn }),
    );
    const tlsSecret = tlsSecretName(releaseName, milvus.tls);
    // The image from the stack's imageRegistry, and the pull secrets every Milvus pod has (image.all.pullSecrets).
    const inputs = pulumi.all([config.metadata.name, serviceAccount.metadata.name]).apply(([configMapName, serviceAccountName]): BackupPodInputs => ({
        releaseName,
        image: mirroredImage(milvus.imageRegistry, MILVUS_BACKUP_IMAGE),
        imagePullSecrets: milvusPodPullSecrets(milvus),
        serviceAccountName,
        podLabels: account.podLabels,
        labels: ctx.stackLabels,
        configMapName,
        credentialsSecretName: ctx.credentialsSecretName,
        auth: milvus.auth.enabled,
        minioKeys: platform.objectStore.kind === "minio",
        ...(tlsSecret ? { tls: { secretName: tlsSecret } } : {}),
        ...(platform.placement.dependencies ? { placement: platform.placement.dependencies } : {}),
    }));
    return {
        inputs,
        dependsOn: [config, serviceAccount, before.credentials, ...before.networkPolicies],
        location: store.apply((s) => backupLocation(s, milvus.backup)),
    };
}

/** A backup takes long on a large deployment; Helm and the restore wait for it. */
const BACKUP_JOB_TIMEOUTS = { create: "3h", update: "3h" };

/** The backup before Helm upgrades the release (prod with backups on): one Job per chart version and image tag. */
export function registerPreUpgradeBackup(ctx: ReleaseContext, pod: BackupPod | undefined): k8s.batch.v1.Job | undefined {
    const { milvus } = ctx;
    if (!pod || !milvus.backup.beforeUpgrade) return undefined;
    return new k8s.batch.v1.Job(
        `${ctx.name}-pre-upgrade-backup`,
        pulumi.all([pod.inputs, ctx.host, ctx.namespace]).apply(([p, host, namespace]) => {
            const job = preUpgradeJob(p, {
                milvusHost: host,
                chartVersion: milvus.chartVersion,
                imageTag: milvus.imageTag,
                collections: milvus.backup.collections,
            });
            return { metadata: { ...job.metadata, namespace }, spec: job.spec };
        }),
        ctx.options({ dependsOn: pod.dependsOn, customTimeouts: BACKUP_JOB_TIMEOUTS }),
    );
}

/** The schedule (milvus.backup.enabled), once Milvus is installed. */
export function registerBackupSchedule(
    ctx: ReleaseContext,
    pod: BackupPod | undefined,
    release: k8s.helm.v3.Release,
): k8s.batch.v1.CronJob | undefined {
    const { milvus } = ctx;
    if (!pod || !milvus.backup.enabled) return undefined;
    return new k8s.batch.v1.CronJob(
        `${ctx.name}-backup`,
        pulumi.all([pod.inputs, ctx.namespace]).apply(([p, namespace]) => {
            const cron = backupCronJob(p, milvus.backup, milvus.paused);
            return { metadata: { ...cron.metadata, namespace }, spec: cron.spec };
        }),
        ctx.options({ dependsOn: [release, ...pod.dependsOn] }),
    );
}

/** The restore milvus.backup.restore asks for, once Milvus is installed and its root credential is the stack's. */
export function registerRestore(
    ctx: ReleaseContext,
    pod: BackupPod | undefined,
    after: { release: k8s.helm.v3.Release; rootCredentialJob: k8s.batch.v1.Job | undefined },
): k8s.batch.v1.Job | undefined {
    const restore = ctx.milvus.backup.restore;
    if (!pod || !restore) return undefined;
    return new k8s.batch.v1.Job(
        `${ctx.name}-restore`,
        pulumi.all([pod.inputs, ctx.namespace]).apply(([p, namespace]) => {
            const job = restoreJob(p, restore);
            return { metadata: { ...job.metadata, namespace }, spec: job.spec };
        }),
        ctx.options({
            dependsOn: [after.release, ...pod.dependsOn, ...(after.rootCredentialJob ? [after.rootCredentialJob] : [])],
            customTimeouts: BACKUP_JOB_TIMEOUTS,
        }),
    );
}

/** The in-cluster MinIO Service as Milvus's config.tpl names it: `<release>-minio`, or the release when it contains "minio"; port 9000. */
function inClusterMinioAddress(releaseName: string, values: Record<string, unknown>): { address: string; port: number } {
    const minio = (values.minio ?? {}) as { service?: { port?: unknown } };
    const port = typeof minio.service?.port === "number" ? minio.service.port : 9000;
    return { address: releaseName.includes("minio") ? releaseName : `${releaseName}-minio`, port };
}
