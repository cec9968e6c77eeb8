// MilvusRelease: installs the official Milvus Helm chart on whatever platform
// handed it a MilvusPlatform. Cloud-neutral by construction: it imports no
// cloud SDK, only the platform contract, Kubernetes and random.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { CHART_NAME, type MilvusSettings } from "../config/resolve";
import { chartSource } from "../platform/chart-source";
import { mirroredImage } from "../platform/images";
import { MILVUS_IMAGE_REPOSITORY, milvusPodPullSecrets } from "./images";
import type { MilvusPlatform } from "../platform/contract";
import {
    MILVUS_GRPC_PORT, SECRET_KEYS, chartFullname, credentialsSecretName, releaseSelector, subchartFullname,
} from "./names";
import { externalService } from "./external-service";
import { networkPolicies } from "./network-policies";
import { ROOT_CREDENTIAL_WAIT_SECONDS, rootCredentialJob } from "./root-credential";
import {
    MILVUS_BACKUP_IMAGE, backupConfigYaml, backupCronJob, backupLocation, preUpgradeJob, restoreJob,
    type BackupPodInputs, type BackupStore,
} from "./backup";
import { inClusterMinioLocation } from "../config/backup-rules";
import { certificateDnsNames, certificateSpec, tlsSecretName } from "./tls";
import { buildChartValues, disruptionBudgetTargets, type ChartValues, type ChartWiring } from "./values";
import type { DeploymentRecord } from "../config/deployment-record";
import { GROWTH_TIMEOUT, claimGrowths, growthAwait } from "./volumes";
import { pauseRenderArgs } from "./pause";
import { GRAFANA_DASHBOARD_LABEL, alertRuleGroups, grafanaDashboard, type MonitoringTarget } from "./monitoring";

export interface MilvusReleaseArgs {
    platform: MilvusPlatform;
    milvus: MilvusSettings;
    /** Protect the release and its credentials Secret (CommonConfig.protectData). */
    protectData: boolean;
    /** What this deployment records (config/deployment-record.ts): the StatefulSets' claim templates among it. */
    deployment: DeploymentRecord;
}

/** Two tries of the root-credential Job (backoffLimit 1) of ROOT_CREDENTIAL_WAIT_SECONDS each, plus five minutes for pods to start: 15m. */
const ROOT_CREDENTIAL_JOB_TIMEOUT = `${(2 * ROOT_CREDENTIAL_WAIT_SECONDS) / 60 + 5}m`;

/** How long Helm may wait for every pod to be ready before rolling back (seconds). */
export const HELM_TIMEOUT_SECONDS = 20 * 60;

export class MilvusRelease extends pulumi.ComponentResource {
    /** gRPC/HTTP URI of Milvus inside the cluster. */
    readonly uri: pulumi.Output<string>;
    /** The Service in front of the proxy (or the standalone pod). */
    readonly serviceName: pulumi.Output<string>;
    /** The Service's DNS name inside the cluster: `<service>.<namespace>.svc.cluster.local`. */
    readonly host: pulumi.Output<string>;
    /** The proxy port; Milvus serves gRPC and its RESTful API on it. */
    readonly port: number;
    /** Whether clients must use TLS (milvus.tls): then the URI is `https://`. */
    readonly tls: boolean;
    /** `server` or `mutual` when TLS is on. */
    readonly tlsMode: "server" | "mutual" | undefined;
    /** The CA that signed the proxy's certificate (PEM, not secret), when TLS is on and the Secret holds `ca.crt`. */
    readonly caCertificate: pulumi.Output<string | undefined> | undefined;
    /** The cert-manager Certificate, when milvus.tls names an issuer. */
    readonly certificate: k8s.apiextensions.CustomResource | undefined;
    readonly namespace: pulumi.Output<string>;
    readonly releaseName: string;
    /** `root:<password>`, a secret. */
    readonly rootToken: pulumi.Output<string>;
    readonly rootPassword: pulumi.Output<string>;
    /** Load balancer address when the Service is exposed; undefined (no output at all) for clusterIP. */
    readonly externalEndpoint: pulumi.Output<string | undefined> | undefined;
    /** Attu URL when Attu has an ingress; undefined otherwise. */
    readonly attuUrl: pulumi.Output<string | undefined> | undefined;
    readonly release: k8s.helm.v3.Release;
    /** Who may reach Milvus and its dependencies; empty when milvus.networkPolicies.enabled is false. */
    readonly networkPolicies: k8s.networking.v1.NetworkPolicy[];
    /** The load balancer in front of Milvus; undefined for clusterIP exposure. */
    readonly externalService: k8s.core.v1.Service | undefined;
    readonly chartValues: pulumi.Output<ChartValues>;
    /** Keeps Milvus's root credential equal to rootPassword; undefined when authentication is off. */
    readonly rootCredentialJob: k8s.batch.v1.Job | undefined;
    /** Where milvus-backup keeps the backups; undefined when the stack does not run it. */
    readonly backupLocation: pulumi.Output<string> | undefined;
    /** The scheduled backup (milvus.backup.enabled). */
    readonly backupCronJob: k8s.batch.v1.CronJob | undefined;
    /** The backup before Helm upgrades the release (prod with backups on); one per chart version and image tag. */
    readonly preUpgradeBackupJob: k8s.batch.v1.Job | undefined;
    /** The restore milvus.backup.restore asks for. */
    readonly restoreJob: k8s.batch.v1.Job | undefined;
    /** The PrometheusRule with the Milvus alerts (milvus.metrics.alerts). */
    readonly alertRules: k8s.apiextensions.CustomResource | undefined;
    /** The Grafana dashboard ConfigMap (milvus.metrics.dashboard). */
    readonly dashboard: k8s.core.v1.ConfigMap | undefined;
    /** The StatefulSet claims grown beyond their templates' size (volumes.ts). */
    readonly volumeGrowths: k8s.core.v1.PersistentVolumeClaimPatch[];

    constructor(name: string, args: MilvusReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:milvus:MilvusRelease", name, {}, opts);
        const { platform, milvus, protectData, deployment } = args;
        const provider = platform.provider;
        const releaseName = milvus.releaseName;
        const secretName = credentialsSecretName(releaseName);
        this.releaseName = releaseName;
        this.namespace = platform.namespace;

        // Root password: generated once per generation, secret end to end. Milvus takes defaultRootPassword only
        // when no root credential exists yet (rootcoord initCredentials), so a new password must reach Milvus through
        // its API: the root-credential Job below (root-credential.ts). An edit of the generator settings never
        // replaces a password (ignoreChanges); `milvus.auth.rootPasswordGeneration` is the one deliberate way.
        const generation = milvus.auth.rootPasswordGeneration;
        const rootPassword = rootPasswordOf(name, generation, this, protectData);
        // The previous generation stays while it is the one Milvus may still hold; unprotected, so the next rotation
        // can delete it.
        const previousPassword = generation > 1 ? rootPasswordOf(name, generation - 1, this, false) : undefined;
        this.rootPassword = pulumi.secret(rootPassword.result);
        this.rootToken = pulumi.secret(pulumi.interpolate`root:${rootPassword.result}`);

        const secretData: Record<string, pulumi.Input<string>> = {};
        if (milvus.auth.enabled) secretData[SECRET_KEYS.rootPassword] = this.rootPassword;
        if (milvus.auth.enabled && previousPassword) secretData[SECRET_KEYS.previousRootPassword] = pulumi.secret(previousPassword.result);
        if (platform.objectStore.kind === "minio") {
            secretData[SECRET_KEYS.minioAccessKey] = pulumi.secret(platform.objectStore.accessKey);
            secretData[SECRET_KEYS.minioSecretKey] = pulumi.secret(platform.objectStore.secretKey);
        }
        const queue = platform.messageQueue;
        if (queue.kind === "kafka" && queue.sasl?.credentials.kind === "values") {
            secretData[SECRET_KEYS.kafkaUsername] = pulumi.secret(queue.sasl.credentials.username);
            secretData[SECRET_KEYS.kafkaPassword] = pulumi.secret(queue.sasl.credentials.password);
        }
        const credentials = new k8s.core.v1.Secret(`${name}-credentials`, {
            metadata: {
                name: secretName,
                namespace: platform.namespace,
                // The stack's labels carry `environment`, the marker the policy pack (policy/) reads to know a stack is prod.
                labels: { ...platform.labels, "app.kubernetes.io/part-of": releaseName },
            },
            type: "Opaque",
            stringData: secretData,
        }, { parent: this, provider, protect: protectData });

        const wiring: pulumi.Output<ChartWiring> = pulumi.output({
            releaseName,
            credentialsSecretName: secretName,
            storageClassName: platform.storageClassName,
            objectStore: platform.objectStore.kind === "minio" ? { kind: "minio" as const } : platform.objectStore,
            messageQueue: kafkaWiring(platform, secretName),
            serviceAccount: platform.serviceAccount,
            exposure: platform.exposure,
            networkRanges: platform.networkRanges,
            zoneSpread: platform.zoneSpread,
            placement: platform.placement,
        }) as pulumi.Output<ChartWiring>;
        this.chartValues = wiring.apply((w) => buildChartValues(w, milvus, deployment.claimTemplates));

        // The load balancer, when exposed: the program's own Service with the Milvus port only (external-service.ts).
        const lb = wiring.apply((w) => externalService(w, milvus, chartFullname(releaseName, milvus.values)));

        // Who may reach Milvus, etcd, MinIO and Pulsar (network-policies.ts); in place before the chart's pods start.
        const policyInputs = pulumi.all([wiring, lb]).apply(([w, l]) => ({
            milvus,
            inClusterMinio: w.objectStore.kind === "minio",
            loadBalancerSources: l?.spec.loadBalancerSourceRanges ?? [],
            networkRanges: w.networkRanges,
        }));
        const policyTargets = networkPolicies({ milvus, inClusterMinio: platform.objectStore.kind === "minio", loadBalancerSources: [], networkRanges: [] });
        this.networkPolicies = policyTargets.map(({ target, name: policyName }) => new k8s.networking.v1.NetworkPolicy(`${name}-${target}-network-policy`, {
            metadata: { name: policyName, namespace: platform.namespace, labels: { ...platform.labels, "app.kubernetes.io/part-of": releaseName } },
            spec: policyInputs.apply((i) => {
                const found = networkPolicies(i).find((p) => p.target === target);
                if (!found) throw new Error(`network policy ${target} is missing once the platform's values are known`);
                return found.spec;
            }),
        }, { parent: this, provider }));

        // Client TLS (tls.ts): a Certificate from the named issuer, ready before the chart's proxy mounts its Secret.
        const tls = milvus.tls;
        const tlsSecret = tlsSecretName(releaseName, tls);
        const serviceName = chartFullname(releaseName, milvus.values);
        this.certificate = tls.mode === "off" || tls.source.kind !== "issuer" ? undefined : new k8s.apiextensions.CustomResource(`${name}-tls-certificate`, {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: {
                name: `${releaseName}-milvus-tls`,
                namespace: platform.namespace,
                labels: { ...platform.labels, "app.kubernetes.io/part-of": releaseName },
                // pulumi-kubernetes waits for the Ready condition cert-manager sets once the Secret is written.
                annotations: { "pulumi.com/waitFor": "condition=Ready" },
            },
            spec: platform.namespace.apply((ns) => certificateSpec(releaseName, tls, certificateDnsNames(serviceName, ns, tls.dnsNames))),
        }, { parent: this, provider, dependsOn: platform.dependsOn, customTimeouts: { create: "10m", update: "10m" } });

        // milvus-backup (backup.ts): its config, its account, and the backup taken before Helm upgrades the release.
        const milvusHost = pulumi.interpolate`${serviceName}.${platform.namespace}.svc.cluster.local`;
        const backupAccount = platform.backupServiceAccount;
        const backupPod = backupAccount && this.backupPodInputs(name, { milvus, platform, secretName, tlsSecret, milvusHost, account: backupAccount, credentials });
        this.preUpgradeBackupJob = backupPod && milvus.backup.beforeUpgrade ? new k8s.batch.v1.Job(`${name}-pre-upgrade-backup`, pulumi.all([backupPod.inputs, milvusHost, platform.namespace]).apply(([p, host, namespace]) => {
            const job = preUpgradeJob(p, { milvusHost: host, chartVersion: milvus.chartVersion, imageTag: milvus.imageTag, collections: milvus.backup.collections });
            return { metadata: { ...job.metadata, namespace }, spec: job.spec };
        }), {
            parent: this, provider, dependsOn: backupPod.dependsOn,
            // A backup of a large deployment takes long; Helm waits for it.
            customTimeouts: { create: "3h", update: "3h" },
        }) : undefined;

        this.release = new k8s.helm.v3.Release(`${name}-chart`, {
            name: releaseName,
            namespace: platform.namespace,
            // milvus.chartRepository: an http(s) Helm repository, or an oci:// registry (platform/chart-source.ts).
            ...chartSource(milvus.chartRepository, CHART_NAME),
            version: milvus.chartVersion,
            // A secret config value under milvus.values makes the whole values a secret, so the state keeps it encrypted.
            values: milvus.valuesAreSecret ? pulumi.secret(this.chartValues) : this.chartValues,
            atomic: true,
            cleanupOnFail: true,
            timeout: HELM_TIMEOUT_SECONDS,
            maxHistory: 10,
            createNamespace: false,
            // Paused standalone: rendered at zero replicas (pause.ts).
            ...pauseRenderArgs(milvus),
        }, {
            parent: this,
            provider,
            dependsOn: [
                credentials, ...this.networkPolicies, ...platform.dependsOn, ...(this.certificate ? [this.certificate] : []),
                ...(this.preUpgradeBackupJob ? [this.preUpgradeBackupJob] : []),
            ],
            protect: protectData,
            customTimeouts: { create: "40m", update: "40m", delete: "20m" },
        });

        for (const { label } of disruptionBudgetTargets(milvus)) {
            new k8s.policy.v1.PodDisruptionBudget(`${name}-${label}-pdb`, {
                metadata: { name: `${releaseName}-${label}`, namespace: platform.namespace, labels: platform.labels },
                spec: {
                    maxUnavailable: 1,
                    selector: { matchLabels: { ...releaseSelector(releaseName), component: label } },
                },
            }, { parent: this, provider, dependsOn: [this.release] });
        }

        // Larger volumes of the StatefulSets (volumes.ts): each claim they made grows in place; nothing is replaced.
        // The claims' requests belong to the StatefulSet controller that created them, hence the forced apply.
        // Kept on delete: deleting a Patch gives its fields up (pulumi-kubernetes ssa.Relinquish), and a claim
        // without a storage request is invalid, so a destroy would fail on it; a claim never shrinks anyway.
        // The up waits until the volume has grown (volumes.ts, growthAwait): a larger request alone only asks the
        // resizer, which takes minutes on a cloud and can fail.
        this.volumeGrowths = claimGrowths(deployment, releaseName).map((g) => new k8s.core.v1.PersistentVolumeClaimPatch(`${name}-${g.claimName}-size`, {
            metadata: { name: g.claimName, namespace: platform.namespace, annotations: { "pulumi.com/patchForce": "true", ...growthAwait(g.size) } },
            spec: { resources: { requests: { storage: g.size } } },
        }, { parent: this, provider, dependsOn: [this.release], retainOnDelete: true, customTimeouts: { create: GROWTH_TIMEOUT, update: GROWTH_TIMEOUT } }));

        // Alerts and the dashboard (monitoring.ts), on the names the chart gives its objects.
        const monitoring = platform.namespace.apply((namespace): MonitoringTarget => ({
            namespace, releaseName, fullname: chartFullname(releaseName, milvus.values), etcdStatefulSet: subchartFullname(releaseName, "etcd"),
            thresholds: milvus.metrics.alertThresholds,
        }));
        const partOf = { ...platform.labels, "app.kubernetes.io/part-of": releaseName };
        this.alertRules = !milvus.metrics.alerts ? undefined : new k8s.apiextensions.CustomResource(`${name}-alerts`, {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PrometheusRule",
            metadata: { name: `${releaseName}-milvus-alerts`, namespace: platform.namespace, labels: { ...partOf, ...milvus.metrics.prometheusLabels } },
            spec: monitoring.apply((t) => ({ groups: alertRuleGroups(t) })),
        }, { parent: this, provider, dependsOn: platform.dependsOn });
        this.dashboard = !milvus.metrics.dashboard ? undefined : new k8s.core.v1.ConfigMap(`${name}-dashboard`, {
            metadata: { name: `${releaseName}-milvus-dashboard`, namespace: platform.namespace, labels: { ...partOf, ...GRAFANA_DASHBOARD_LABEL } },
            data: monitoring.apply((t) => ({ [`milvus-${t.namespace}-${releaseName}.json`]: JSON.stringify(grafanaDashboard(t), null, 1) })),
        }, { parent: this, provider, dependsOn: platform.dependsOn });

        const fullname = this.chartValues.apply((v) => chartFullname(releaseName, v));
        this.serviceName = fullname;
        this.host = pulumi.interpolate`${fullname}.${platform.namespace}.svc.cluster.local`;

        // Milvus's root credential follows the stack's password (root-credential.ts): checked after each install or
        // upgrade that brings a new generation, changed through the Milvus API when it is the previous one.
        this.rootCredentialJob = !milvus.auth.enabled ? undefined : (() => {
            const job = pulumi.all([this.chartValues, this.host, platform.namespace]).apply(([values, host, namespace]) => {
                const spec = rootCredentialJob({
                    releaseName, host, generation, credentialsSecretName: secretName,
                    image: milvusImage(values), imagePullSecrets: milvusPullSecrets(values), labels: platform.labels,
                    ...(tlsSecret ? { tls: { secretName: tlsSecret, mutual: tls.mode === "mutual" } } : {}),
                });
                return { ...spec, metadata: { ...spec.metadata, namespace } };
            });
            return new k8s.batch.v1.Job(`${name}-root-credential`, {
                metadata: job.metadata,
                spec: job.spec,
            }, {
                parent: this, provider, dependsOn: [this.release, credentials],
                // The Job waits up to ROOT_CREDENTIAL_WAIT_SECONDS for Milvus, twice (backoffLimit 1), plus pod start-up.
                customTimeouts: { create: ROOT_CREDENTIAL_JOB_TIMEOUT, update: ROOT_CREDENTIAL_JOB_TIMEOUT },
            });
        })();
        // The schedule and the restore run once Milvus is installed (and, for a restore, its root credential is the stack's).
        this.backupCronJob = backupPod && milvus.backup.enabled ? new k8s.batch.v1.CronJob(`${name}-backup`, pulumi.all([backupPod.inputs, platform.namespace]).apply(([p, namespace]) => {
            const cron = backupCronJob(p, milvus.backup, milvus.paused);
            return { metadata: { ...cron.metadata, namespace }, spec: cron.spec };
        }), { parent: this, provider, dependsOn: [this.release, ...backupPod.dependsOn] }) : undefined;
        const restore = milvus.backup.restore;
        this.restoreJob = backupPod && restore ? new k8s.batch.v1.Job(`${name}-restore`, pulumi.all([backupPod.inputs, platform.namespace]).apply(([p, namespace]) => {
            const job = restoreJob(p, restore);
            return { metadata: { ...job.metadata, namespace }, spec: job.spec };
        }), {
            parent: this, provider, dependsOn: [this.release, ...backupPod.dependsOn, ...(this.rootCredentialJob ? [this.rootCredentialJob] : [])],
            customTimeouts: { create: "3h", update: "3h" },
        }) : undefined;
        this.backupLocation = backupPod?.location;

        this.port = MILVUS_GRPC_PORT;
        this.tls = tls.mode !== "off";
        this.tlsMode = tls.mode === "off" ? undefined : tls.mode;
        this.uri = pulumi.interpolate`${this.tls ? "https" : "http"}://${this.host}:${this.port}`;
        // The CA clients verify the proxy with: `ca.crt` of the TLS Secret, read once it exists (the Certificate is
        // ready, or the release that mounts a user's Secret is installed), so the read waits during a first preview.
        this.caCertificate = !tlsSecret ? undefined : pulumi.unsecret(k8s.core.v1.Secret.get(`${name}-tls-secret`,
            // Through the Certificate's id, unknown until it is created: a first preview must not read a Secret that
            // cert-manager has yet to write (the engine reads whenever the id is known; the engine suite caught this).
            this.certificate
                ? pulumi.all([this.certificate.id, this.certificate.metadata.namespace]).apply(([, namespace]) => `${namespace}/${tlsSecret}`)
                : pulumi.interpolate`${this.release.status.namespace}/${tlsSecret}`,
            { parent: this, provider, dependsOn: [this.certificate ?? this.release] },
        ).data.apply((data) => {
            const ca = data?.["ca.crt"];
            return ca ? Buffer.from(ca, "base64").toString("utf8") : undefined;
        }));

        this.externalService = milvus.exposure.type === "clusterIP" ? undefined : new k8s.core.v1.Service(`${name}-external`, {
            metadata: {
                name: lb.apply((l) => l?.name ?? ""),
                namespace: platform.namespace,
                labels: { ...platform.labels, "app.kubernetes.io/part-of": releaseName },
                annotations: lb.apply((l) => l?.annotations ?? {}),
            },
            spec: lb.apply((l) => l?.spec ?? {}),
        }, { parent: this, provider, dependsOn: [this.release] });
        this.externalEndpoint = this.externalService && loadBalancerAddress(this.externalService.status)
            .apply((address) => address && `${address}:${MILVUS_GRPC_PORT}`);

        const attuIngress = milvus.attu.enabled && milvus.attu.ingress.enabled;
        const attuScheme = milvus.attu.ingress.tlsSecretName ? "https" : "http";
        this.attuUrl = !attuIngress
            ? undefined
            : milvus.attu.ingress.host
                ? pulumi.output(`${attuScheme}://${milvus.attu.ingress.host}`)
                : loadBalancerAddress(
                    k8s.networking.v1.Ingress.get(`${name}-attu-ingress`, chartObjectId(this.release, pulumi.interpolate`${fullname}-attu`), {
                        parent: this, provider, dependsOn: [this.release],
                    }).status,
                ).apply((address) => address && `${attuScheme}://${address}`);

        this.registerOutputs({
            uri: this.uri,
            serviceName: this.serviceName,
            rootToken: this.rootToken,
            externalEndpoint: this.externalEndpoint,
            attuUrl: this.attuUrl,
            caCertificate: this.caCertificate,
            backupLocation: this.backupLocation,
        });
    }

    /** The ConfigMap and ServiceAccount every milvus-backup pod uses, and what its pods are made of. */
    private backupPodInputs(name: string, a: {
        milvus: MilvusSettings; platform: MilvusPlatform; secretName: string; tlsSecret: string | undefined;
        milvusHost: pulumi.Output<string>; account: NonNullable<MilvusPlatform["backupServiceAccount"]>; credentials: k8s.core.v1.Secret;
    }): { inputs: pulumi.Output<BackupPodInputs>; dependsOn: pulumi.Resource[]; location: pulumi.Output<string> } {
        const { milvus, platform, account } = a;
        const releaseName = milvus.releaseName;
        const provider = platform.provider;
        const labels = { ...platform.labels, "app.kubernetes.io/part-of": releaseName };
        const store: pulumi.Output<BackupStore> = platform.objectStore.kind === "minio"
            ? pulumi.output({ kind: "minio" as const, ...inClusterMinioAddress(releaseName, milvus.values), ...inClusterMinioLocation(milvus.values) })
            : pulumi.output(platform.objectStore).apply((o) => ({
                kind: "bucket" as const, cloudProvider: o.cloudProvider, host: o.host, port: o.port, useSSL: o.useSSL,
                bucketName: o.bucketName, rootPath: o.rootPath, region: o.region, accountName: o.accountName,
            }));
        const config = new k8s.core.v1.ConfigMap(`${name}-backup-config`, {
            metadata: { name: `${releaseName}-milvus-backup`, namespace: platform.namespace, labels },
            data: pulumi.all([store, a.milvusHost]).apply(([s, host]) => ({
                "backup.yaml": backupConfigYaml({
                    milvusHost: host, auth: milvus.auth.enabled, store: s, backup: milvus.backup,
                    ...(milvus.tls.mode !== "off" ? { tls: { mutual: milvus.tls.mode === "mutual" } } : {}),
                }),
            })),
        }, { parent: this, provider });
        const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-backup-account`, {
            metadata: { name: account.name, namespace: platform.namespace, labels, annotations: account.annotations },
            automountServiceAccountToken: false,
        }, { parent: this, provider, dependsOn: platform.dependsOn });
        // The image from the stack's imageRegistry, and the pull secrets every Milvus pod has (image.all.pullSecrets).
        const inputs = pulumi.all([config.metadata.name, serviceAccount.metadata.name]).apply(([configMapName, serviceAccountName]): BackupPodInputs => ({
            releaseName, image: mirroredImage(milvus.imageRegistry, MILVUS_BACKUP_IMAGE), imagePullSecrets: milvusPodPullSecrets(milvus),
            serviceAccountName, podLabels: account.podLabels, labels: platform.labels,
            configMapName, credentialsSecretName: a.secretName, auth: milvus.auth.enabled, minioKeys: platform.objectStore.kind === "minio",
            ...(a.tlsSecret ? { tls: { secretName: a.tlsSecret } } : {}),
            ...(platform.placement.dependencies ? { placement: platform.placement.dependencies } : {}),
        }));
        return {
            inputs,
            dependsOn: [config, serviceAccount, a.credentials, ...this.networkPolicies],
            location: store.apply((s) => backupLocation(s, milvus.backup)),
        };
    }
}

/** The in-cluster MinIO Service as Milvus's config.tpl names it: `<release>-minio`, or the release when it contains "minio"; port 9000. */
function inClusterMinioAddress(releaseName: string, values: Record<string, unknown>): { address: string; port: number } {
    const minio = (values.minio ?? {}) as { service?: { port?: unknown } };
    const port = typeof minio.service?.port === "number" ? minio.service.port : 9000;
    return { address: releaseName.includes("minio") ? releaseName : `${releaseName}-minio`, port };
}

/**
 * The root password of one generation. Generation 1 keeps the name it always had (protected-urns.json: a URN is a
 * contract); each later one is a resource of its own, so the previous one is still there to change Milvus from.
 */
function rootPasswordOf(name: string, generation: number, parent: pulumi.Resource, protect: boolean): random.RandomPassword {
    const suffix = generation === 1 ? "" : `-${generation}`;
    return new random.RandomPassword(`${name}-root-password${suffix}`, {
        // No special characters: the password travels in a token `root:<password>` and in JSON bodies.
        length: 32, special: false, minLower: 2, minUpper: 2, minNumeric: 2,
    }, {
        parent,
        protect,
        ignoreChanges: ["length", "special", "upper", "lower", "numeric", "minLower", "minUpper", "minNumeric", "minSpecial", "overrideSpecial", "keepers"],
    });
}

/** The image the chart runs Milvus from (`image.all`, from the imageRegistry when the stack names one), which the root-credential Job runs too. */
function milvusImage(values: ChartValues): string {
    const all = ((values.image as ChartValues | undefined)?.all ?? {}) as ChartValues;
    const repository = typeof all.repository === "string" ? all.repository : MILVUS_IMAGE_REPOSITORY;
    return `${repository}:${String(all.tag)}`;
}

/** The Milvus pods' pull secrets (milvus.imagePullSecrets, or image.all.pullSecrets under milvus.values), which the program's Jobs use too. */
function milvusPullSecrets(values: ChartValues): Array<{ name: string }> {
    const all = ((values.image as ChartValues | undefined)?.all ?? {}) as ChartValues;
    return Array.isArray(all.pullSecrets) ? all.pullSecrets.filter((s): s is string => typeof s === "string").map((s) => ({ name: s })) : [];
}

function kafkaWiring(platform: MilvusPlatform, ownSecret: string): pulumi.Input<ChartWiring["messageQueue"]> {
    const queue = platform.messageQueue;
    if (queue.kind !== "kafka") return queue;
    const credentials = queue.sasl?.credentials;
    return pulumi.output({
        kind: "kafka" as const,
        brokers: queue.brokers,
        securityProtocol: queue.securityProtocol,
        sasl: queue.sasl && credentials && (credentials.kind === "values"
            ? { mechanism: queue.sasl.mechanism, secretName: ownSecret, usernameKey: SECRET_KEYS.kafkaUsername, passwordKey: SECRET_KEYS.kafkaPassword }
            : { mechanism: queue.sasl.mechanism, secretName: credentials.secretName, usernameKey: credentials.usernameKey, passwordKey: credentials.passwordKey }),
    });
}

/**
 * The `namespace/name` id of an object the chart creates, taken from the
 * release's own status: unknown while the release is still to be installed or
 * upgraded, so the read waits for Helm. The engine runs reads during previews
 * whenever the id is known (pulumi/pulumi pkg/resource/deploy/step.go,
 * ReadStep.Apply), and an object the chart has not created yet does not exist.
 */
function chartObjectId(release: k8s.helm.v3.Release, name: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`${release.status.namespace}/${name}`;
}

type LoadBalancerStatus = { loadBalancer?: { ingress?: Array<{ hostname?: string; ip?: string }> } } | undefined;

function loadBalancerAddress(status: pulumi.Output<LoadBalancerStatus>): pulumi.Output<string | undefined> {
    return status.apply((s) => {
        const first = s?.loadBalancer?.ingress?.[0];
        return first?.hostname || first?.ip || undefined;
    });
}
