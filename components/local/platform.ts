// The local platform: an existing Kubernetes cluster (kind, minikube, k3d, an
// on-prem cluster) reached through the current kubeconfig. It creates the
// namespace and MinIO credentials; everything else runs in-cluster from the chart.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { MilvusSettings } from "../config/resolve";
import type { PlatformOutputs } from "../outputs";
import type { ExposureHints, MessageQueue, MilvusPlatform } from "../platform/contract";
import type { PlatformContext } from "../platform/module";
import { createMilvusNamespace } from "../platform/namespace";
import { backupServiceAccountName, milvusServiceAccountName, usesBackupTool } from "../platform/service-account";
import { zoneSpreadFor } from "../platform/zones";
import type { LocalSettings } from "./config";
import { kubernetesProvider } from "../platform/kubernetes-provider";

/** Annotation read by ingress-nginx (and compatible controllers) for allowed client CIDRs. */
export const NGINX_SOURCE_RANGES_ANNOTATION = "nginx.ingress.kubernetes.io/whitelist-source-range";

export interface LocalPlatformArgs {
    context: PlatformContext;
    settings: LocalSettings;
}

export class LocalPlatform extends pulumi.ComponentResource {
    readonly contract: MilvusPlatform;
    readonly outputs: PlatformOutputs;

    constructor(name: string, args: LocalPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:local:LocalPlatform", name, {}, opts);
        const { settings: local, context } = args;
        const { milvus, protectData } = context.config;

        const provider = kubernetesProvider(
            `${name}-k8s`,
            {
                // Both undefined: the provider uses $KUBECONFIG / ~/.kube/config and its current context.
                // A kubeconfig (or its path) may carry credentials: always a secret in the state.
                kubeconfig: local.kubeconfig === undefined ? undefined : pulumi.secret(local.kubeconfig),
                context: local.context,
            },
            { parent: this },
        );

        const namespace = createMilvusNamespace(name, this, { milvus, labels: context.labels, protect: protectData, provider });

        // Never the chart's minioadmin/minioadmin: generated, secret, stored only in state and a Secret.
        const minioAccessKey = new random.RandomPassword(
            `${name}-minio-access-key`,
            {
                length: 20,
                special: false,
                upper: true,
                lower: true,
                numeric: true,
            },
            { parent: this },
        );
        const minioSecretKey = new random.RandomPassword(
            `${name}-minio-secret-key`,
            {
                length: 40,
                special: false,
            },
            { parent: this },
        );

        const exposure: ExposureHints = {
            // A plain LoadBalancer Service (MetalLB, kind's cloud-provider-kind, ...); no private variant.
            loadBalancerAnnotations: { public: {} },
            ingress: local.ingressClassName
                ? {
                      className: local.ingressClassName,
                      annotations: { internal: {}, public: {} },
                      sourceRangesAnnotation: NGINX_SOURCE_RANGES_ANNOTATION,
                  }
                : undefined,
        };

        this.contract = {
            cloud: "local",
            provider,
            namespace: namespace.metadata.name,
            storageClassName: local.storageClass,
            objectStore: {
                kind: "minio",
                accessKey: pulumi.secret(minioAccessKey.result),
                secretKey: pulumi.secret(minioSecretKey.result),
            },
            messageQueue: localMessageQueue(milvus),
            serviceAccount: { name: milvusServiceAccountName(milvus), annotations: {}, podLabels: {} },
            ...(usesBackupTool(milvus) ? { backupServiceAccount: { name: backupServiceAccountName(milvus), annotations: {}, podLabels: {} } } : {}),
            exposure,
            // Local clusters rarely label zones: counted as one, so spreading never blocks scheduling.
            // No internal load balancer here; an internal Attu ingress admits what its controller admits.
            networkRanges: [],
            zoneSpread: zoneSpreadFor(1),
            labels: context.labels,
            placement: {},
            dependsOn: [],
        };
        // The chart's MinIO creates this bucket (minio.bucketName default).
        // No kubeconfig: the cluster and its kubeconfig are the user's own, and
        // exporting them would hand the user's credentials to every stack reader.
        // No region and no cloud section either.
        this.outputs = { objectStoreName: "milvus-bucket" };
        this.registerOutputs({ namespace: namespace.metadata.name });
    }
}

function localMessageQueue(milvus: MilvusSettings): MessageQueue {
    switch (milvus.messageQueue) {
        case "woodpecker":
            return { kind: "woodpecker" };
        case "pulsar":
            return { kind: "pulsar" };
        case "kafka": {
            // Validation guarantees externalKafka is set: the local platform creates no Kafka.
            const kafka = milvus.externalKafka;
            if (!kafka) throw new Error("milvus.externalKafka is required for kafka on the local platform");
            const secret = kafka.credentialsSecret;
            return {
                kind: "kafka",
                brokers: kafka.brokers.join(","),
                securityProtocol: kafka.securityProtocol,
                sasl:
                    secret && kafka.saslMechanism
                        ? {
                              mechanism: kafka.saslMechanism,
                              credentials: {
                                  kind: "secretRef",
                                  secretName: secret.name,
                                  usernameKey: secret.usernameKey,
                                  passwordKey: secret.passwordKey,
                              },
                          }
                        : undefined,
            };
        }
    }
}
