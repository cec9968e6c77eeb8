// The local platform module: an existing Kubernetes cluster (kind, minikube,
// k3d, on-prem). In-cluster MinIO, Woodpecker or Pulsar, the cluster's own
// storage and ingress classes; no cloud account, no deployer tools.
import type { PlatformModule } from "../platform/module";
import { LOCAL_BLOCK_DOC, LOCAL_DOCS } from "./config-docs";
import { localSchema, resolveLocal, type LocalInput, type LocalSettings } from "./config";

export const localPlatform: PlatformModule<"local", LocalInput, LocalSettings> = {
    cloud: "local",
    schema: localSchema,
    docs: { block: LOCAL_BLOCK_DOC, keys: LOCAL_DOCS },
    resolve: (block) => resolveLocal(block),
    capabilities: (settings) => ({
        providesKafka: false,
        refusedQueues: {},
        internalLoadBalancer: false,
        noIngress: settings?.ingressClassName ? undefined : "requires an ingress controller: set local.ingressClassName to the cluster's IngressClass",
        defaultClusterQueue: "pulsar",
        objectStore: "minio",
    }),
    check: () => [],
    deployerTools: () => [],
    userTags: () => ({}),
    async create(name, context, settings, opts) {
        const { LocalPlatform } = await import("./platform");
        const platform = new LocalPlatform(name, { context, settings }, opts);
        return { contract: platform.contract, outputs: platform.outputs };
    },
};
