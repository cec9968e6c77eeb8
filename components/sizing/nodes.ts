// From sized pods to nodes: the instance sizes platforms offer, the headroom a
// node keeps for the kubelet, the OS and system pods (CNI, kube-proxy, CSI,
// log and metrics agents), the resources a sized pod reserves, and a
// first-fit-decreasing packer that says how many nodes hold the pods. Pure.
import type { PodResources as ResourcesInput } from "../shared/milvus-layout";
import { roundTo } from "../shared/numbers";

export interface Machine {
    cpu: number;
    memoryGiB: number;
}

export interface InstanceSize extends Machine {
    cloud: "aws" | "azure";
}

/** EC2 sizes from large to 16xlarge: their vCPUs (memory is the family's GiB per vCPU times that). */
const EC2_SIZES: Readonly<Record<string, number>> = {
    large: 2,
    xlarge: 4,
    "2xlarge": 8,
    "4xlarge": 16,
    "8xlarge": 32,
    "12xlarge": 48,
    "16xlarge": 64,
};

/** Every EC2_SIZES size of each family, all with `gibPerVcpu` GiB per vCPU (true of the m, r and c families listed below). */
function ec2Families(gibPerVcpu: number, families: string[]): Record<string, InstanceSize> {
    return Object.fromEntries(
        families.flatMap((family) =>
            Object.entries(EC2_SIZES).map(([size, cpu]) => [`${family}.${size}`, { cloud: "aws" as const, cpu, memoryGiB: cpu * gibPerVcpu }]),
        ),
    );
}

/** vCPU and memory of the common node sizes (AWS EC2 and Azure VM product pages). */
export const INSTANCE_SIZES: Readonly<Record<string, InstanceSize>> = {
    // AWS burstable (t3.medium has 2 GiB per vCPU, the others 4)
    "t3.medium": { cloud: "aws", cpu: 2, memoryGiB: 4 },
    "t3.large": { cloud: "aws", cpu: 2, memoryGiB: 8 },
    "t3.xlarge": { cloud: "aws", cpu: 4, memoryGiB: 16 },
    "t3.2xlarge": { cloud: "aws", cpu: 8, memoryGiB: 32 },
    // AWS general purpose (4 GiB per vCPU: m6i.2xlarge = 8 vCPU / 32 GiB); i = Intel, a = AMD, g = Graviton (arm64)
    ...ec2Families(4, ["m5", "m6i", "m6a", "m6g", "m7i", "m7a", "m7g"]),
    // AWS memory optimised (8 GiB per vCPU: r6i.2xlarge = 8 vCPU / 64 GiB): query nodes
    ...ec2Families(8, ["r5", "r6i", "r6a", "r6g", "r7i", "r7a", "r7g"]),
    // AWS compute optimised (2 GiB per vCPU: c6i.2xlarge = 8 vCPU / 16 GiB)
    ...ec2Families(2, ["c6i", "c6a", "c6g", "c7i", "c7a", "c7g"]),
    // Azure general purpose Dsv5 (4 GiB per vCPU)
    Standard_D2s_v5: { cloud: "azure", cpu: 2, memoryGiB: 8 },
    Standard_D4s_v5: { cloud: "azure", cpu: 4, memoryGiB: 16 },
    Standard_D8s_v5: { cloud: "azure", cpu: 8, memoryGiB: 32 },
    Standard_D16s_v5: { cloud: "azure", cpu: 16, memoryGiB: 64 },
    Standard_D32s_v5: { cloud: "azure", cpu: 32, memoryGiB: 128 },
    // Azure memory optimised Esv5 (8 GiB per vCPU)
    Standard_E2s_v5: { cloud: "azure", cpu: 2, memoryGiB: 16 },
    Standard_E4s_v5: { cloud: "azure", cpu: 4, memoryGiB: 32 },
    Standard_E8s_v5: { cloud: "azure", cpu: 8, memoryGiB: 64 },
    Standard_E16s_v5: { cloud: "azure", cpu: 16, memoryGiB: 128 },
    Standard_E32s_v5: { cloud: "azure", cpu: 32, memoryGiB: 256 },
    Standard_D2ds_v5: { cloud: "azure", cpu: 2, memoryGiB: 8 },
    Standard_D4ds_v5: { cloud: "azure", cpu: 4, memoryGiB: 16 },
    Standard_D8ds_v5: { cloud: "azure", cpu: 8, memoryGiB: 32 },
    Standard_D16ds_v5: { cloud: "azure", cpu: 16, memoryGiB: 64 },
    Standard_D32ds_v5: { cloud: "azure", cpu: 32, memoryGiB: 128 },
    Standard_E2ds_v5: { cloud: "azure", cpu: 2, memoryGiB: 16 },
    Standard_E4ds_v5: { cloud: "azure", cpu: 4, memoryGiB: 32 },
    Standard_E8ds_v5: { cloud: "azure", cpu: 8, memoryGiB: 64 },
    Standard_E16ds_v5: { cloud: "azure", cpu: 16, memoryGiB: 128 },
    // The largest sized query node (32 CPU / 128 GiB) fits only a 32-vCPU node.
    Standard_E32ds_v5: { cloud: "azure", cpu: 32, memoryGiB: 256 },
};

export function instanceSize(name: string): InstanceSize {
    const found = INSTANCE_SIZES[name];
    if (!found) {
        throw new Error(`unknown instance size "${name}"; known sizes: ${Object.keys(INSTANCE_SIZES).join(", ")}`);
    }
    return found;
}

/**
 * What a node keeps back from its pods: `fraction` of its capacity plus a
 * fixed `cpu` (cores) and `memoryGiB`. The default (10% + 0.1 CPU + 0.5 GiB)
 * leaves 1.7 CPU / 6.7 GiB of a 2 vCPU / 8 GiB node and 7.1 CPU / 28.3 GiB of
 * an 8 vCPU / 32 GiB node; EKS reserves a little less than that for the
 * kubelet, eviction threshold and its system daemon sets. AKS reserves more
 * memory (it scales with max pods per node): the Azure platform sizes its
 * pools with `aksHeadroom` (components/azure/pool-sizing.ts).
 */
export interface Headroom {
    fraction: number;
    cpu: number;
    memoryGiB: number;
}

export const DEFAULT_HEADROOM: Headroom = { fraction: 0.1, cpu: 0.1, memoryGiB: 0.5 };

/** The share of a machine that pods may request. */
export function usableCapacity(machine: Machine, headroom: Headroom = DEFAULT_HEADROOM): Machine {
    return {
        cpu: machine.cpu * (1 - headroom.fraction) - headroom.cpu,
        memoryGiB: machine.memoryGiB * (1 - headroom.fraction) - headroom.memoryGiB,
    };
}

/**
 * Kubernetes resources for a component the sizing tool sized as a host of
 * `cpu` cores and `memoryGiB`: requests and limits both at the tool's figure,
 * so the pod reserves what the sizing says it needs and gets the Guaranteed
 * QoS class (requests = limits for every resource of every container), which
 * the kubelet evicts last under node memory pressure. The official tool's
 * Helm output reserves the same: etcd requests = limits, the Milvus
 * components and MinIO limits only (Kubernetes then copies the limits into
 * the requests), Pulsar requests only (milvus-io/milvus.io
 * src/utils/sizingTool.ts `helmYmlGenerator`, commit f57ab625). A node
 * therefore needs a little more than the tool's host size to hold one such
 * pod: its headroom (usableCapacity) comes on top. `extraRequests` adds e.g.
 * ephemeral-storage.
 */
export function sizedResources(host: Machine, extraRequests: Record<string, string> = {}): ResourcesInput {
    const reserved = { cpu: String(host.cpu), memory: `${host.memoryGiB}Gi` };
    return { requests: { ...reserved, ...extraRequests }, limits: reserved };
}

/** Pods of one kind a node pool must hold. */
export interface PodDemand {
    /** e.g. "queryNode", "etcd", "pulsar.bookkeeper". */
    name: string;
    /** Requested cores per pod. */
    cpu: number;
    /** Requested memory per pod (GiB). */
    memoryGiB: number;
    replicas: number;
    /** Local (ephemeral) disk per pod, e.g. DiskANN index files on a query node. */
    localDiskGiB?: number;
}

export interface PackedNode {
    pods: string[];
    cpu: number;
    memoryGiB: number;
    localDiskGiB: number;
}

const EPSILON = 1e-9;

/** Thrown when one pod is larger than what a node of the given size can give it. */
export class PodDoesNotFitError extends Error {
    constructor(
        readonly pod: PodDemand,
        readonly usable: Machine,
    ) {
        super(
            `a ${pod.name} pod requests ${pod.cpu} CPU / ${roundTo(pod.memoryGiB)} GiB, more than a node of this size can give a pod ` +
                `(${roundTo(usable.cpu)} CPU / ${roundTo(usable.memoryGiB)} GiB after headroom); choose a larger instance size`,
        );
        this.name = "PodDoesNotFitError";
    }
}

/**
 * Packs every pod onto nodes of one size, largest memory first, each into the
 * first node with room (first-fit decreasing). Returns the nodes it opened.
 */
export function packPods(pods: PodDemand[], instance: Machine, headroom: Headroom = DEFAULT_HEADROOM): PackedNode[] {
    const usable = usableCapacity(instance, headroom);
    const items = pods
        .flatMap((p) => Array.from({ length: p.replicas }, () => p))
        .sort((a, b) => b.memoryGiB - a.memoryGiB || b.cpu - a.cpu || a.name.localeCompare(b.name));
    const nodes: PackedNode[] = [];
    for (const pod of items) {
        if (pod.cpu > usable.cpu + EPSILON || pod.memoryGiB > usable.memoryGiB + EPSILON) throw new PodDoesNotFitError(pod, usable);
        const node = nodes.find((n) => n.cpu + pod.cpu <= usable.cpu + EPSILON && n.memoryGiB + pod.memoryGiB <= usable.memoryGiB + EPSILON);
        const target = node ?? { pods: [], cpu: 0, memoryGiB: 0, localDiskGiB: 0 };
        if (!node) nodes.push(target);
        target.pods.push(pod.name);
        target.cpu += pod.cpu;
        target.memoryGiB += pod.memoryGiB;
        target.localDiskGiB += pod.localDiskGiB ?? 0;
    }
    return nodes;
}

/** How many nodes of `instance` hold every pod, keeping `headroom` free on each. */
export function nodesNeeded(pods: PodDemand[], instance: Machine, headroom: Headroom = DEFAULT_HEADROOM): number {
    return packPods(pods, instance, headroom).length;
}

/** Sum of requests, e.g. for a sizing table. */
export function totalDemand(pods: PodDemand[]): { pods: number; cpu: number; memoryGiB: number; localDiskGiB: number } {
    return pods.reduce(
        (t, p) => ({
            pods: t.pods + p.replicas,
            cpu: t.cpu + p.cpu * p.replicas,
            memoryGiB: t.memoryGiB + p.memoryGiB * p.replicas,
            localDiskGiB: t.localDiskGiB + (p.localDiskGiB ?? 0) * p.replicas,
        }),
        { pods: 0, cpu: 0, memoryGiB: 0, localDiskGiB: 0 },
    );
}
