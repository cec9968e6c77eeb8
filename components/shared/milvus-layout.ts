// How a Milvus deployment is laid out, named once for every layer: its modes,
// the 2.6 components, where their pods are placed, and the shape of a pod's
// resources. Nothing here depends on anything else in the program.

export const MODES = ["standalone", "cluster"] as const;
export type Mode = (typeof MODES)[number];

/** Milvus 2.6 components whose replicas and resources the config may set. */
export const CLUSTER_COMPONENTS = ["mixCoordinator", "proxy", "queryNode", "dataNode", "streamingNode"] as const;
export const COMPONENTS = ["standalone", ...CLUSTER_COMPONENTS] as const;
export type ClusterComponent = (typeof CLUSTER_COMPONENTS)[number];
export type Component = (typeof COMPONENTS)[number];

/** Whose pods a node pool's labels and taints are for: a Milvus component, standalone Milvus, or etcd/MinIO/Pulsar. */
export type PlacementRole = ClusterComponent | "standalone" | "dependencies";

/** Kubernetes quantities of one kind of reservation (config/schema.ts validates them). */
export type ResourceAmounts = {
    cpu?: string | number;
    memory?: string;
    "ephemeral-storage"?: string;
};

/** What a pod requests and is limited to. */
export type PodResources = {
    requests?: ResourceAmounts;
    limits?: ResourceAmounts;
};
