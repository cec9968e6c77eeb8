// The local platform module: an existing Kubernetes cluster (kind, minikube,
// k3d, on-prem). In-cluster MinIO, Woodpecker or Pulsar, the cluster's own
// storage and ingress classes; no cloud account, no deployer tools.
import type { PlatformModule } from "../platform/module";
import { localSchema, resolveLocal, type LocalInput, type LocalSettings } from "./config";

export const localPlatform: PlatformModule<"local", LocalInput, LocalSettings> = {
    cloud: "local",
    schema: localSchema,
    resolve: (block) => resolveLocal(block),
    capabilities: (settings) => ({
        providesKafka: false,
        refusedQueues: {},
        internalLoadBalancer: false,
        noIngress: settings?.ingressClassName
            ? undefined
            : "requires an ingress controller: set local.ingressClassName to the cluster's IngressClass",
        defaultClusterQueue: "pulsar",
        objectStore: "minio",
        volumeExpansion: settings?.volumeExpansion
            ? undefined
            : "needs a StorageClass that expands claims, and the program cannot know the cluster's (local-path provisioners such as kind's and k3d's do not resize volumes): set local.volumeExpansion: true once the class of local.storageClass (or the default class) has allowVolumeExpansion: true and a driver that resizes",
    }),
    check: () => [],
    deployerTools: () => [],
    async preflight(settings) {
        const { requireReachableCluster } = await import("./kube-context");
        await requireReachableCluster(settings);
    },
    userTags: () => ({}),
    async create(name, context, settings, opts) {
        const { LocalPlatform } = await import("./platform");
        const platform = new LocalPlatform(name, { context, settings }, opts);
        return { contract: platform.contract, outputs: platform.outputs };
    },
};
