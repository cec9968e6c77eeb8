// The Azure platform module: AKS with Entra ID and workload identity, Blob
// storage, premium disks; Pulsar or Woodpecker for the queue. Config and rules
// are pure; the component (./platform.ts, with @pulumi/azure-native) loads
// only when chosen.
import type { PlatformModule } from "../platform/module";
import { azureSchema, resolveAzure, type AzureInput, type AzureSettings } from "./config";
import { azureDeployerTools } from "./kubeconfig";
import { AZURE_RULES } from "./rules";

/**
 * Why Kafka is refused on Azure: the managed Kafka there is the Event Hubs
 * Kafka endpoint, which cannot carry Milvus's traffic.
 */
export const EVENT_HUBS_REFUSAL =
    "Azure Event Hubs' Kafka endpoint cannot carry Milvus: it limits events to 1 MB (Milvus sends messages up to 10 MiB), " +
    "a Standard namespace holds at most 10 event hubs (Milvus uses 16 or more topics), and it supports only gzip compression " +
    "(Milvus uses zstd) with SAS connection-string authentication; use pulsar (in-cluster, the default) or woodpecker (WAL in Blob, Milvus v2.6.3 or later)";

export const azurePlatform: PlatformModule<"azure", AzureInput, AzureSettings> = {
    cloud: "azure",
    schema: azureSchema,
    missingBlock: {
        key: "azure",
        given: undefined,
        allowed: 'required when cloud is "azure": set at least azure.location and azure.adminGroupObjectIds',
    },
    resolve: (block, { environment }) => resolveAzure(block, environment),
    capabilities: () => ({
        providesKafka: false,
        refusedQueues: { kafka: EVENT_HUBS_REFUSAL },
        internalLoadBalancer: true,
        noIngress: "requires an ingress controller, and the azure platform installs none; reach Attu with kubectl port-forward instead",
        defaultClusterQueue: "pulsar",
        objectStore: "bucket",
    }),
    check: (input, config, settings) => AZURE_RULES.flatMap((rule) => rule(input, config, settings)),
    deployerTools: (settings) => azureDeployerTools(settings.kubelogin),
    userTags: (settings) => settings.tags,
    async create(name, context, settings, opts) {
        const [{ AzurePlatform }, { checkExistingSubnet }] = await Promise.all([import("./platform"), import("./network")]);
        const platform = new AzurePlatform(name, { context, settings }, opts);
        // Cloud-side checks first: a failed one leaves nothing created.
        await checkExistingSubnet(settings, { parent: platform, provider: platform.provider });
        return platform.build();
    },
};
