// Estimated duration of a first `pulumi up`: the critical path of the
// recorded dependency graph, with typical creation times per resource type.
//
// The graph follows the engine's rules: a resource waits for its explicit
// (dependsOn) and property dependencies and for its provider; a dependency on
// a component resource means waiting for everything inside it; children wait
// for whatever their parent waits for. Component resources take no time.
import type { RecordedResource } from "../offline/mocks";
import { roundTo } from "../../components/shared/numbers";

/** Minutes, as a typical range. */
export interface Minutes {
    min: number;
    max: number;
}

interface DurationRule {
    /** An exact type token, or a prefix ending in ':' or '/'. */
    type: string;
    minutes: Minutes;
}

const m = (min: number, max = min): Minutes => ({ min, max });

/**
 * Typical creation times (minutes). The long ones are from the providers'
 * documentation and field experience: MSK 25-40 (AWS: "can take 20-60"),
 * EKS control plane 10-15, managed node group 3-5, AKS 6-10 (its system pool
 * included), AKS user pool 3-6, a Helm release that waits for Milvus's pods 4-8.
 * Exact tokens were checked against `__pulumiType` in @pulumi/aws 7.48.0,
 * @pulumi/azure-native 3.28.0 and @pulumi/kubernetes 4.25.0.
 */
export const DURATION_RULES: DurationRule[] = [
    // AWS
    { type: "aws:msk/cluster:Cluster", minutes: m(25, 40) },
    { type: "aws:msk/configuration:Configuration", minutes: m(0.1, 0.2) },
    { type: "aws:msk/scramSecretAssociation:ScramSecretAssociation", minutes: m(0.5, 1) },
    { type: "aws:eks/cluster:Cluster", minutes: m(10, 15) },
    { type: "aws:eks/nodeGroup:NodeGroup", minutes: m(3, 5) },
    { type: "aws:eks/addon:Addon", minutes: m(1, 3) },
    { type: "aws:eks/fargateProfile:FargateProfile", minutes: m(2, 5) },
    { type: "aws:eks/accessEntry:AccessEntry", minutes: m(0.1, 0.2) },
    { type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", minutes: m(0.1, 0.2) },
    { type: "aws:eks/podIdentityAssociation:PodIdentityAssociation", minutes: m(0.1, 0.2) },
    { type: "aws:ec2/natGateway:NatGateway", minutes: m(1, 3) },
    { type: "aws:ec2/vpcEndpoint:VpcEndpoint", minutes: m(1, 2) },
    { type: "aws:ec2/vpc:Vpc", minutes: m(0.1, 0.3) },
    { type: "aws:ec2/internetGateway:InternetGateway", minutes: m(0.1, 0.2) },
    { type: "aws:ec2/launchTemplate:LaunchTemplate", minutes: m(0.1, 0.2) },
    { type: "aws:lb/loadBalancer:LoadBalancer", minutes: m(2, 4) },
    { type: "aws:kms/key:Key", minutes: m(0.1, 0.3) },
    { type: "aws:iam/", minutes: m(0.1, 0.2) },
    { type: "aws:ec2/", minutes: m(0.05, 0.2) },
    { type: "aws:s3/", minutes: m(0.05, 0.2) },
    { type: "aws:", minutes: m(0.1, 0.5) },
    // Azure
    { type: "azure-native:containerservice:ManagedCluster", minutes: m(6, 10) },
    { type: "azure-native:containerservice:AgentPool", minutes: m(3, 6) },
    { type: "azure-native:network:NatGateway", minutes: m(1, 2) },
    { type: "azure-native:network:PrivateEndpoint", minutes: m(1, 2) },
    { type: "azure-native:keyvault:Vault", minutes: m(1, 2) },
    { type: "azure-native:operationalinsights:Workspace", minutes: m(1, 2) },
    { type: "azure-native:storage:StorageAccount", minutes: m(0.5, 1) },
    { type: "azure-native:authorization:RoleAssignment", minutes: m(0.2, 0.5) },
    { type: "azure-native:", minutes: m(0.1, 0.5) },
    // Kubernetes
    { type: "kubernetes:helm.sh/v3:Release", minutes: m(4, 8) },
    { type: "kubernetes:", minutes: m(0.05, 0.1) },
    // Providers and generated values take no real time.
    { type: "pulumi:providers:", minutes: m(0) },
    { type: "random:", minutes: m(0) },
];

/** Resource types not matched by any rule take this long; the plan lists them. */
export const UNKNOWN_TYPE_MINUTES: Minutes = m(0.1, 0.5);

export function creationMinutes(type: string): { minutes: Minutes; known: boolean } {
    const exact = DURATION_RULES.find((r) => r.type === type);
    if (exact) return { minutes: exact.minutes, known: true };
    const prefix = DURATION_RULES.find((r) => (r.type.endsWith(":") || r.type.endsWith("/")) && type.startsWith(r.type));
    return prefix ? { minutes: prefix.minutes, known: true } : { minutes: UNKNOWN_TYPE_MINUTES, known: false };
}

export interface ScheduledResource {
    urn: string;
    type: string;
    name: string;
    /** Minutes after `pulumi up` starts, with the longer (max) durations. */
    start: number;
    finish: number;
    minutes: Minutes;
}

export interface DeployEstimate {
    /** Length of the critical path with every resource at its shortest and at its longest typical time. */
    total: Minutes;
    /** The chain of resources that sets the total (longest durations), first to last. */
    criticalPath: ScheduledResource[];
    /** Every resource that takes a minute or more, with its start and finish (longest durations), by start time. */
    timeline: ScheduledResource[];
    /** Resource types with no duration rule (estimated at UNKNOWN_TYPE_MINUTES). */
    unknownTypes: string[];
}

interface Graph {
    byUrn: Map<string, RecordedResource>;
    children: Map<string, RecordedResource[]>;
}

function graphOf(resources: RecordedResource[]): Graph {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, RecordedResource[]>();
    for (const r of resources) {
        if (r.parent && byUrn.has(r.parent)) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    }
    return { byUrn, children };
}

/** A provider reference is `<urn>::<id>`. */
function providerUrn(reference: string): string | undefined {
    if (!reference) return undefined;
    const cut = reference.lastIndexOf("::");
    return cut > 0 ? reference.slice(0, cut) : reference;
}

const isComponent = (r: RecordedResource) => r.custom === false;

/** A point in time and the custom resource whose finish set it (undefined at time 0). */
interface Moment {
    at: number;
    via?: string;
}

class Scheduler {
    private readonly start = new Map<string, Moment>();
    private readonly finish = new Map<string, Moment>();
    private readonly visiting = new Set<string>();

    constructor(
        private readonly graph: Graph,
        private readonly duration: (r: RecordedResource) => number,
    ) {}

    /** When `urn` may start: after its dependencies, its provider, and whatever its parent waits for. */
    startOf(urn: string): Moment {
        const cached = this.start.get(urn);
        if (cached) return cached;
        const r = this.graph.byUrn.get(urn);
        if (!r) return { at: 0 };
        if (this.visiting.has(urn)) throw new Error(`dependency cycle through ${urn}`);
        this.visiting.add(urn);
        let best: Moment = { at: 0 };
        const consider = (candidate: Moment) => {
            if (candidate.at > best.at) best = candidate;
        };
        for (const dep of r.dependencies) if (dep !== urn && this.graph.byUrn.has(dep)) consider(this.finishOf(dep));
        const provider = providerUrn(r.provider);
        if (provider && provider !== urn && this.graph.byUrn.has(provider)) consider(this.finishOf(provider));
        if (r.parent && this.graph.byUrn.has(r.parent)) consider(this.startOf(r.parent));
        this.visiting.delete(urn);
        this.start.set(urn, best);
        return best;
    }

    /** When `urn` is done: a custom resource after its own time; a component when all its children are done. */
    finishOf(urn: string): Moment {
        const cached = this.finish.get(urn);
        if (cached) return cached;
        const r = this.graph.byUrn.get(urn);
        if (!r) return { at: 0 };
        const begin = this.startOf(urn);
        let result: Moment;
        if (isComponent(r)) {
            result = begin;
            for (const child of this.graph.children.get(urn) ?? []) {
                const f = this.finishOf(child.urn);
                if (f.at > result.at) result = f;
            }
        } else {
            result = { at: begin.at + this.duration(r), via: urn };
        }
        this.finish.set(urn, result);
        return result;
    }
}

/** The chain of custom resources that ends with `last`, each one the last thing its successor waited for. */
function criticalChain(scheduler: Scheduler, last: string): string[] {
    const chain: string[] = [];
    for (let current: string | undefined = last; current && !chain.includes(current); current = scheduler.startOf(current).via) {
        chain.push(current);
    }
    return chain.reverse();
}

export function estimateDeployTime(resources: RecordedResource[]): DeployEstimate {
    const graph = graphOf(resources);
    const durations = new Map(resources.map((r) => [r.urn, creationMinutes(r.type)]));
    const minutesOf = (r: RecordedResource): Minutes =>
        isComponent(r) ? m(0) : r.read ? m(0.05, 0.1) : (durations.get(r.urn)?.minutes ?? UNKNOWN_TYPE_MINUTES);
    const low = new Scheduler(graph, (r) => minutesOf(r).min);
    const high = new Scheduler(graph, (r) => minutesOf(r).max);

    let total = m(0);
    let last: string | undefined;
    for (const r of resources) {
        const lo = low.finishOf(r.urn).at;
        const hi = high.finishOf(r.urn);
        if (lo > total.min) total = { ...total, min: lo };
        if (hi.at > total.max) {
            total = { ...total, max: hi.at };
            last = hi.via;
        }
    }
    const scheduled = (urn: string): ScheduledResource => {
        const r = graph.byUrn.get(urn) as RecordedResource;
        return { urn, type: r.type, name: r.name, start: high.startOf(urn).at, finish: high.finishOf(urn).at, minutes: minutesOf(r) };
    };
    const criticalPath = last ? criticalChain(high, last).map(scheduled) : [];
    const timeline = resources
        .filter((r) => !isComponent(r) && minutesOf(r).max >= 1)
        .map((r) => scheduled(r.urn))
        .sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
    const unknownTypes = [...new Set(resources.filter((r) => !isComponent(r) && !durations.get(r.urn)?.known).map((r) => r.type))].sort();
    return { total: { min: roundTo(total.min, 1), max: roundTo(total.max, 1) }, criticalPath, timeline, unknownTypes };
}

/** True when the two scheduled resources overlap in time (run in parallel). */
export function overlap(a: ScheduledResource, b: ScheduledResource): boolean {
    return a.start < b.finish && b.start < a.finish;
}
