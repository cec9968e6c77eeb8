// The Helm release of the official Milvus chart: the platform contract
// resolved into the chart's wiring, the values built from it (values.ts), and
// the release itself, atomic and waiting, from the stack's chart repository.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CHART_NAME } from "../config/resolve";
import { chartSource } from "../platform/chart-source";
import type { ReleaseContext } from "./context";
import { SECRET_KEYS } from "../shared/chart-names";
import { pauseRenderArgs } from "./pause";
import { buildChartValues, type ChartValues, type ChartWiring } from "./values";

/** How long Helm may wait for every pod to be ready before rolling back (seconds). */
export const HELM_TIMEOUT_SECONDS = 20 * 60;

/** The platform contract with its Inputs resolved, as values.ts takes it. */
export function chartWiring(ctx: ReleaseContext): pulumi.Output<ChartWiring> {
    const { platform } = ctx;
    return pulumi.output({
        releaseName: ctx.releaseName,
        credentialsSecretName: ctx.credentialsSecretName,
        storageClassName: platform.storageClassName,
        objectStore: platform.objectStore.kind === "minio" ? { kind: "minio" as const } : platform.objectStore,
        messageQueue: kafkaWiring(ctx),
        serviceAccount: platform.serviceAccount,
        exposure: platform.exposure,
        networkRanges: platform.networkRanges,
        zoneSpread: platform.zoneSpread,
        placement: platform.placement,
    }) as pulumi.Output<ChartWiring>;
}

export function chartValues(ctx: ReleaseContext, wiring: pulumi.Output<ChartWiring>): pulumi.Output<ChartValues> {
    return wiring.apply((w) => buildChartValues(w, ctx.milvus, ctx.deployment.claimTemplates));
}

/** What the release waits for: what its pods need, and the backup taken before it changes. */
export interface ReleasePrerequisites {
    credentials: k8s.core.v1.Secret;
    networkPolicies: pulumi.Resource[];
    certificate?: pulumi.Resource;
    preUpgradeBackup?: pulumi.Resource;
}

export function chartRelease(ctx: ReleaseContext, values: pulumi.Output<ChartValues>, after: ReleasePrerequisites): k8s.helm.v3.Release {
    const { milvus } = ctx;
    return new k8s.helm.v3.Release(
        `${ctx.name}-chart`,
        {
            name: ctx.releaseName,
            namespace: ctx.namespace,
            // milvus.chartRepository: an http(s) Helm repository, or an oci:// registry (platform/chart-source.ts).
            ...chartSource(milvus.chartRepository, CHART_NAME),
            version: milvus.chartVersion,
            // A secret config value under milvus.values makes the whole values a secret, so the state keeps it encrypted.
            values: milvus.valuesAreSecret ? pulumi.secret(values) : values,
            atomic: true,
            cleanupOnFail: true,
            timeout: HELM_TIMEOUT_SECONDS,
            maxHistory: 10,
            createNamespace: false,
            // Paused standalone: rendered at zero replicas (pause.ts).
            ...pauseRenderArgs(milvus),
        },
        ctx.options({
            dependsOn: [
                after.credentials,
                ...after.networkPolicies,
                ...ctx.platform.dependsOn,
                ...(after.certificate ? [after.certificate] : []),
                ...(after.preUpgradeBackup ? [after.preUpgradeBackup] : []),
            ],
            protect: ctx.protectData,
            customTimeouts: { create: "40m", update: "40m", delete: "20m" },
        }),
    );
}

/** Kafka's SASL credentials: from the release's own Secret when the platform handed values, else the user's Secret. */
function kafkaWiring(ctx: ReleaseContext): pulumi.Input<ChartWiring["messageQueue"]> {
    const queue = ctx.platform.messageQueue;
    if (queue.kind !== "kafka") return queue;
    const credentials = queue.sasl?.credentials;
    return pulumi.output({
        kind: "kafka" as const,
        brokers: queue.brokers,
        securityProtocol: queue.securityProtocol,
        sasl:
            queue.sasl &&
            credentials &&
            (credentials.kind === "values"
                ? {
                      mechanism: queue.sasl.mechanism,
                      secretName: ctx.credentialsSecretName,
                      usernameKey: SECRET_KEYS.kafkaUsername,
                      passwordKey: SECRET_KEYS.kafkaPassword,
                  }
                : {
                      mechanism: queue.sasl.mechanism,
                      secretName: credentials.secretName,
                      usernameKey: credentials.usernameKey,
                      passwordKey: credentials.passwordKey,
                  }),
    });
}
