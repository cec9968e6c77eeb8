// Builds the offline plan of one shipped stack: evaluate the program under the
// recording mocks (no Pulumi CLI, no cloud, no credentials), then describe
// what it would create, with which chart values, sized how, for how much,
// and how long the first `pulumi up` should take.
import * as pulumi from "@pulumi/pulumi";
import type { ComponentSettings, MilvusSettings } from "../../components/config/resolve";
import { CLUSTER_COMPONENTS, type MilvusInput } from "../../components/config/schema";
import { validateStackConfig, type StackConfig } from "../../components/platforms";
import { existingClusterNodes, type ExistingClusterNodes } from "../../components/config/demand";
import { GIB, WOODPECKER_RETENTION_HOURS, woodpeckerLogGiB } from "../../components/sizing/formulas";
import { totalDemand } from "../../components/sizing/nodes";
import type { PlacementRole } from "../../components/shared/milvus-layout";
import { fakeSecret, type RecordedResource } from "../offline/mocks";
import { standIns } from "../offline/stand-ins";
import { configWarnings } from "../../components/config/warnings";
import { PROJECT, evaluateStack, rawProjectConfig, stackFileConfig } from "../offline/stacks";
import { chartVolumes, estimateCost, type CostEstimate, type Volume } from "./cost";
import { estimateDeployTime, type DeployEstimate } from "./deploy-time";
import { maskSecrets } from "./mask";
import { resourceTree, type TreeNode } from "./tree";
import { roundTo } from "../../components/shared/numbers";

type Resources = NonNullable<ComponentSettings["resources"]>;

export interface SizingRow {
    role: PlacementRole;
    name: string;
    replicas: number;
    requests: Record<string, string | number>;
    limits: Record<string, string | number>;
    /** Where the numbers come from. */
    source: "explicit" | "sized" | "default";
}

export interface SizingTable {
    mode: MilvusSettings["mode"];
    messageQueue: MilvusSettings["messageQueue"];
    workload?: {
        vectors: number;
        dimension: number;
        indexType: string;
        replicas: number;
        segmentSizeMB: number;
        scalarBytesPerEntity: number;
        rawGiB: number;
        indexMemoryGiB: number;
        loadingMemoryGiB: number;
        localDiskGiB: number;
    };
    rows: SizingRow[];
    volumes: Volume[];
    /** Sum of requests. */
    totals: { pods: number; cpu: number; memoryGiB: number; localDiskGiB: number };
    /** Local platform: the nodes the existing cluster needs (components/config/demand.ts existingClusterNodes). */
    existingClusterNodes?: ExistingClusterNodes;
    /** Woodpecker: the write-ahead log's share of the object store (components/sizing/formulas.ts woodpeckerLogGiB); undefined without a workload. */
    woodpeckerLog?: { retentionHours: number; gib?: number };
}

export interface ChartRelease {
    /** The Pulumi resource's name. */
    resource: string;
    /** The release's name as Helm knows it (`helm list`). */
    release: string;
    chart: string;
    version: string;
    namespace: string;
    /** Effective values, secrets masked. */
    values: unknown;
    /** Values in them that exist only in the offline evaluation (a fake's ARN, id or GUID; tools/offline/stand-ins.ts). */
    standIns: string[];
}

export interface PlanReport {
    stack: string;
    cloud: StackConfig["cloud"];
    environment: StackConfig["environment"];
    region?: string;
    evaluatedInSeconds: number;
    resources: { count: number; byType: Record<string, number>; tree: TreeNode[] };
    charts: ChartRelease[];
    sizing: SizingTable;
    cost: CostEstimate;
    deployTime: DeployEstimate;
    /** What `pulumi preview` warns about too (components/config/sizing-warnings.ts). */
    warnings: string[];
}

const amounts = (a: Record<string, unknown> | undefined): Record<string, string | number> =>
    Object.fromEntries(Object.entries(a ?? {}).filter((e): e is [string, string | number] => typeof e[1] === "string" || typeof e[1] === "number"));

/** Each pod kind with its effective resources and where they came from. */
function sizingRows(config: StackConfig, input: MilvusInput): SizingRow[] {
    const m = config.milvus;
    const sized = m.sizing !== undefined;
    const row = (role: PlacementRole, name: string, replicas: number, resources: Resources, explicit: boolean): SizingRow => ({
        role,
        name,
        replicas,
        requests: amounts(resources.requests),
        limits: amounts(resources.limits),
        source: explicit ? "explicit" : sized ? "sized" : "default",
    });
    const rows: SizingRow[] = [];
    if (m.mode === "standalone") {
        rows.push(row("standalone", "standalone", 1, m.standalone.resources, input.components?.standalone?.resources !== undefined));
    } else {
        for (const c of CLUSTER_COMPONENTS)
            rows.push(row(c, c, m.components[c].replicas, m.components[c].resources, input.components?.[c]?.resources !== undefined));
    }
    const demand = config.demand.dependencies;
    for (const d of demand) {
        const resources =
            d.name === "etcd"
                ? m.etcd.resources
                : d.name === "minio"
                  ? m.minio.resources
                  : m.pulsar.resources[d.name.replace("pulsar.", "") as "zookeeper" | "bookkeeper" | "broker" | "proxy"];
        rows.push(row("dependencies", d.name, d.replicas, resources, false));
    }
    return rows;
}

function sizingTable(config: StackConfig, input: MilvusInput, milvusValues: Record<string, unknown>): SizingTable {
    const m = config.milvus;
    const s = m.sizing;
    const demand = config.demand;
    const totals = totalDemand(Object.values(demand).flat());
    return {
        mode: m.mode,
        messageQueue: m.messageQueue,
        ...(s && m.workload
            ? {
                  workload: {
                      vectors: m.workload.vectors,
                      dimension: m.workload.dimension,
                      indexType: m.workload.indexType,
                      replicas: m.workload.replicas,
                      segmentSizeMB: m.workload.segmentSizeMB,
                      scalarBytesPerEntity: m.workload.scalarBytesPerEntity,
                      rawGiB: roundTo(s.rawBytes / GIB),
                      indexMemoryGiB: roundTo(s.indexMemoryBytes / GIB),
                      loadingMemoryGiB: roundTo(s.loadingMemoryBytes / GIB),
                      localDiskGiB: roundTo(s.localDiskBytes / GIB),
                  },
              }
            : {}),
        rows: sizingRows(config, input),
        volumes: chartVolumes(milvusValues),
        totals: { pods: totals.pods, cpu: roundTo(totals.cpu), memoryGiB: roundTo(totals.memoryGiB), localDiskGiB: roundTo(totals.localDiskGiB) },
        ...(config.cloud === "local" ? { existingClusterNodes: existingClusterNodes(demand) } : {}),
        ...(m.messageQueue === "woodpecker"
            ? { woodpeckerLog: { retentionHours: WOODPECKER_RETENTION_HOURS, ...(s ? { gib: woodpeckerLogGiB(s.rawBytes) } : {}) } }
            : {}),
    };
}

/** The Milvus pods' share of every pod's CPU requests (the rest are etcd's, MinIO's and Pulsar's). */
function milvusShare(config: StackConfig): number {
    const all = totalDemand(Object.values(config.demand).flat()).cpu;
    const dependencies = totalDemand(config.demand.dependencies).cpu;
    return all > 0 ? (all - dependencies) / all : 0;
}

async function resolved(value: unknown): Promise<unknown> {
    if (value === undefined) return undefined;
    const output: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<unknown>);
    return new Promise((resolve) =>
        output.apply((v: unknown) => {
            resolve(v);
            return v;
        }),
    );
}

/** The made-up values (8 characters or more, so no short id matches by chance) that occur in `values`. */
function standInsIn(values: unknown): string[] {
    const text = JSON.stringify(values ?? {});
    return [...standIns()].filter((v) => v.length >= 8 && text.includes(v)).sort();
}

function helmReleases(resources: RecordedResource[], secrets: string[]): ChartRelease[] {
    return resources
        .filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && !r.read)
        .map((r) => ({
            resource: r.name,
            release: typeof r.inputs.name === "string" ? r.inputs.name : r.name,
            chart: String(r.inputs.chart ?? ""),
            version: String(r.inputs.version ?? ""),
            namespace: String(r.inputs.namespace ?? ""),
            values: maskSecrets(r.rawInputs.values ?? {}, secrets),
            standIns: standInsIn(r.rawInputs.values),
        }));
}

/** The stack's region: the platform's output, else the provider config in the stack file. */
async function regionOf(outputs: Record<string, unknown>, stackConfig: Record<string, unknown>): Promise<string | undefined> {
    const fromOutputs = await resolved(outputs.region);
    if (typeof fromOutputs === "string" && fromOutputs !== "") return fromOutputs;
    const fromConfig = stackConfig["aws:region"] ?? stackConfig["azure-native:location"];
    return typeof fromConfig === "string" ? fromConfig : undefined;
}

export async function buildPlan(stack: string): Promise<PlanReport> {
    const started = Date.now();
    const stackConfig = stackFileConfig(stack);
    const raw = rawProjectConfig(stackConfig);
    // As the program does: keys under a near miss of the project's namespace are refused too.
    const config = validateStackConfig(raw, [], { otherConfigKeys: Object.keys(stackConfig).filter((k) => !k.startsWith(`${PROJECT}:`)) });
    const { outputs, resources } = await evaluateStack(stack);
    const secrets = resources.filter((r) => r.type.startsWith("random:index/random") && !r.read).map((r) => fakeSecret(r.name));
    const charts = helmReleases(resources, secrets);
    const milvus = resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "milvus");
    const milvusValues = (milvus?.inputs.values ?? {}) as Record<string, unknown>;
    const region = await regionOf(outputs, stackConfig);
    const sizing = config.milvus.sizing;
    const byType: Record<string, number> = {};
    for (const r of resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
    return {
        stack,
        cloud: config.cloud,
        environment: config.environment,
        region,
        evaluatedInSeconds: roundTo((Date.now() - started) / 1000, 1),
        resources: { count: resources.length, byType, tree: resourceTree(resources) },
        charts,
        sizing: sizingTable(config, (raw.milvus ?? {}) as MilvusInput, milvusValues),
        cost: estimateCost({
            cloud: config.cloud,
            region,
            resources,
            milvusValues,
            // The sizing tool's object-storage figure: raw data plus what loading adds (index files).
            objectStoreBytes: sizing && sizing.rawBytes + sizing.loadingMemoryBytes,
            ...(config.milvus.backup.enabled
                ? { backups: { kept: config.milvus.backup.retention, ...(sizing ? { bytesEach: sizing.rawBytes } : {}) } }
                : {}),
            ...(config.milvus.paused ? { paused: { milvusShare: milvusShare(config) } } : {}),
        }),
        deployTime: estimateDeployTime(resources),
        warnings: configWarnings(config),
    };
}
