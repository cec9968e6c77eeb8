// Estimated monthly cost of what a stack creates: cloud resources from the
// recorded program, volumes and load balancers from the effective chart
// values, bucket storage from the sized workload. Pure: prices come from
// prices.ts, nothing is fetched.
import { CHART_ZOOKEEPER_DATA_SIZE } from "../../components/config/deployment-record";
import { parseGiB } from "../../components/sizing/quantities";
import type { RecordedResource } from "../offline/mocks";
import { PRICES, type AwsRegionPrices, type AzureRegionPrices, type PriceTable } from "./prices";
import { roundTo } from "../../components/shared/numbers";

export interface CostLine {
    item: string;
    /** The resource (type and name) the line prices, when there is one. */
    resource?: string;
    quantity: string;
    /** USD per month; null when the price table has no entry for it. */
    monthly: number | null;
    note?: string;
}

export interface CostEstimate {
    currency: "USD";
    pricesAsOf: string;
    /** The stack's region, and the region whose prices were used. */
    region?: string;
    priceRegion?: string;
    monthlyTotal: number;
    lines: CostLine[];
    notes: string[];
    /** What milvus.paused saves; present when the stack is paused. */
    paused?: PauseSaving;
}

/**
 * The saving of a pause (milvus.paused): the Milvus pods' share of the nodes
 * that run pods (their share of the pods' CPU requests), and how much of it
 * goes away, which depends on whether idle nodes are removed.
 */
export interface PauseSaving {
    /** Share of the pods' CPU requests that are Milvus's own (0..1). */
    milvusShare: number;
    /** USD per month of the nodes Milvus's pods use: the share of the node lines. */
    nodeShareMonthly: number;
    /** USD per month actually saved while paused. */
    savedMonthly: number;
    how: string;
}

export interface Volume {
    name: string;
    count: number;
    sizeGiB: number;
}

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => v !== null && typeof v === "object" && !Array.isArray(v);
const get = (v: unknown, path: string): unknown =>
    path.split(".").reduce<unknown>((o, k) => (isTree(o) ? o[k] : Array.isArray(o) && /^\d+$/.test(k) ? o[Number(k)] : undefined), v);
const num = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Persistent volumes the Milvus chart will claim, read from its effective values. */
export function chartVolumes(values: Tree): Volume[] {
    const volumes: Volume[] = [];
    const add = (name: string, count: number, size: unknown) => {
        const s = str(size);
        if (s && count > 0) volumes.push({ name, count, sizeGiB: parseGiB(s) });
    };
    if (get(values, "cluster.enabled") === false) {
        add("standalone", 1, get(values, "standalone.persistence.persistentVolumeClaim.size"));
    }
    add("etcd", num(get(values, "etcd.replicaCount"), 1), get(values, "etcd.persistence.size"));
    if (get(values, "minio.enabled") === true) {
        const replicas = get(values, "minio.mode") === "distributed" ? num(get(values, "minio.replicas"), 4) : 1;
        add("minio", replicas, get(values, "minio.persistence.size"));
    }
    if (get(values, "pulsarv3.enabled") === true) {
        const bookies = num(get(values, "pulsarv3.bookkeeper.replicaCount"), 1);
        add("pulsar bookkeeper journal", bookies, get(values, "pulsarv3.bookkeeper.volumes.journal.size"));
        add("pulsar bookkeeper ledgers", bookies, get(values, "pulsarv3.bookkeeper.volumes.ledgers.size"));
        add(
            "pulsar zookeeper",
            num(get(values, "pulsarv3.zookeeper.replicaCount"), 1),
            get(values, "pulsarv3.zookeeper.volumes.data.size") ?? CHART_ZOOKEEPER_DATA_SIZE,
        );
    }
    return volumes;
}

/**
 * Load balancers the chart will have created: Attu's Ingress. (The chart's own
 * `service.type: LoadBalancer` is refused by validation; Milvus is exposed by
 * the program's Service, serviceLoadBalancers.)
 */
export function chartLoadBalancers(values: Tree): string[] {
    return get(values, "attu.enabled") === true && get(values, "attu.ingress.enabled") === true ? ["Attu Ingress"] : [];
}

/**
 * Load balancers the program's own Services of type LoadBalancer will get
 * from the cloud (components/milvus/exposure.ts, `milvus.exposure`):
 * one per Service, named as Kubernetes names it.
 */
export function serviceLoadBalancers(resources: RecordedResource[]): string[] {
    return live(resources, "kubernetes:core/v1:Service")
        .filter((r) => get(r.inputs, "spec.type") === "LoadBalancer")
        .map((r) => `Milvus Service ${str(get(r.inputs, "metadata.name")) ?? r.name}`);
}

export interface CostInputs {
    cloud: "local" | "aws" | "azure";
    region?: string;
    resources: RecordedResource[];
    /** Effective values of the Milvus Helm release. */
    milvusValues: Tree;
    /** Bytes the object store will hold, when a workload was sized. */
    objectStoreBytes?: number;
    /**
     * Scheduled backups (milvus.backup): how many are kept, and the bytes of one when a workload was sized.
     * milvus-backup copies the collections' binlogs (not index files: a restore rebuilds indexes), so one
     * backup holds about the raw data.
     */
    backups?: { kept: number; bytesEach?: number };
    /** milvus.paused: the share of the pods' CPU requests that are Milvus's own (the rest: etcd, MinIO, Pulsar). */
    paused?: { milvusShare: number };
    prices?: PriceTable;
}

/** Node lines (EC2 instances, AKS VMs): where the pods run. */
const isNodes = (l: CostLine) => / nodes$/.test(l.item);

/**
 * `reducibleMonthly`: what the nodes above each autoscaled pool's minimum
 * cost (AKS), the most an autoscaler can take away; undefined without one.
 */
function pauseSaving(lines: CostLine[], share: number, reducibleMonthly: number | undefined): PauseSaving {
    const nodes = lines.filter(isNodes).reduce((t, l) => t + (l.monthly ?? 0), 0);
    const nodeShareMonthly = roundTo(nodes * share);
    return reducibleMonthly !== undefined
        ? {
              milvusShare: roundTo(share),
              nodeShareMonthly,
              savedMonthly: roundTo(Math.min(nodeShareMonthly, reducibleMonthly)),
              how: "the AKS cluster autoscaler removes the nodes the Milvus pods leave idle, but never below a pool's minCount (lower the pools' minCount for a larger saving; the figure is an upper bound)",
          }
        : {
              milvusShare: roundTo(share),
              nodeShareMonthly,
              savedMonthly: 0,
              how: "the EKS node groups run no autoscaler, so their nodes keep running while paused: the pods stop, the bill does not; lower the node groups' desired size by hand (aws eks update-nodegroup-config) for the saving, and put it back before resuming",
          };
}

const resourceLabel = (r: RecordedResource) => `${r.type} ${r.name}`;

/** The kept scheduled backups, priced as the bucket's storage class; undefined when backups are off. */
function backupLine(backups: CostInputs["backups"], gbMonth: number, tier: string, resource: string): (CostLine & { note: string }) | undefined {
    if (!backups) return undefined;
    if (backups.bytesEach === undefined) {
        return {
            item: `Backups (milvus-backup, ${tier})`,
            resource,
            quantity: `${backups.kept} kept x usage`,
            monthly: 0,
            note: "no milvus.workload: backup size not estimated",
        };
    }
    const gb = Math.ceil(backups.bytesEach / 1024 ** 3);
    return {
        item: `Backups (milvus-backup, ${tier})`,
        resource,
        quantity: `${backups.kept} kept x ${gb} GB (sized)`,
        monthly: gbMonth * gb * backups.kept,
        note: "each a full copy of the raw data; pre-upgrade backups come on top until deleted",
    };
}
/**
 * The launch template a node group uses: when it has one, EKS takes the root
 * volume from the template's block device mapping and ignores `diskSize`
 * (which defaults to 20 GiB only without a template).
 */
function launchTemplateOf(resources: RecordedResource[], nodeGroup: RecordedResource): RecordedResource | undefined {
    if (get(nodeGroup.inputs, "launchTemplate") === undefined) return undefined;
    return resources.find((t) => t.type === "aws:ec2/launchTemplate:LaunchTemplate" && nodeGroup.dependencies.includes(t.urn));
}

const live = (resources: RecordedResource[], type: string | RegExp) =>
    resources.filter((r) => !r.read && (typeof type === "string" ? r.type === type : type.test(r.type)));

function awsLines(p: AwsRegionPrices, hours: number, inputs: CostInputs): { lines: CostLine[]; notes: string[] } {
    const lines: CostLine[] = [];
    const notes: string[] = [];
    const { resources } = inputs;
    for (const r of live(resources, "aws:eks/cluster:Cluster")) {
        lines.push({ item: "EKS control plane", resource: resourceLabel(r), quantity: `1 x ${hours} h`, monthly: p.eksClusterHourly * hours });
    }
    for (const r of live(resources, "aws:eks/nodeGroup:NodeGroup")) {
        const types = get(r.inputs, "instanceTypes");
        const type = Array.isArray(types) && typeof types[0] === "string" ? types[0] : "t3.medium";
        const count = num(get(r.inputs, "scalingConfig.desiredSize"), 1);
        const hourly = p.instanceHourly[type];
        const lineNotes = [
            ...(Array.isArray(types) ? [] : ["no instanceTypes given: EKS's default t3.medium assumed"]),
            ...(hourly === undefined ? [`no price for ${type} in the table`] : []),
        ];
        lines.push({
            item: `EC2 ${type} nodes`,
            resource: resourceLabel(r),
            quantity: `${count} x ${hours} h`,
            monthly: hourly === undefined ? null : hourly * count * hours,
            ...(lineNotes.length ? { note: lineNotes.join("; ") } : {}),
        });
        const disk = num(get(launchTemplateOf(resources, r)?.inputs, "blockDeviceMappings.0.ebs.volumeSize"), num(get(r.inputs, "diskSize"), 20));
        lines.push({
            item: "EBS root volumes (gp3)",
            resource: resourceLabel(r),
            quantity: `${count} x ${disk} GiB`,
            monthly: p.ebsGp3GbMonth * disk * count,
        });
    }
    for (const r of live(resources, "aws:msk/cluster:Cluster")) {
        const type = str(get(r.inputs, "brokerNodeGroupInfo.instanceType")) ?? "kafka.m5.large";
        const brokers = num(get(r.inputs, "numberOfBrokerNodes"), 3);
        const storage = num(get(r.inputs, "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"), 1000);
        const hourly = p.mskBrokerHourly[type];
        lines.push({
            item: `MSK brokers ${type}`,
            resource: resourceLabel(r),
            quantity: `${brokers} x ${hours} h`,
            monthly: hourly === undefined ? null : hourly * brokers * hours,
            ...(hourly === undefined ? { note: `no price for ${type} in the table` } : {}),
        });
        lines.push({
            item: "MSK broker storage",
            resource: resourceLabel(r),
            quantity: `${brokers} x ${storage} GB`,
            monthly: p.mskStorageGbMonth * storage * brokers,
        });
    }
    for (const r of live(resources, "aws:ec2/natGateway:NatGateway")) {
        lines.push({
            item: "NAT gateway",
            resource: resourceLabel(r),
            quantity: `1 x ${hours} h`,
            monthly: p.natGatewayHourly * hours,
            note: "data processing per GB not included",
        });
    }
    for (const r of live(resources, "aws:ec2/eip:Eip")) {
        lines.push({ item: "Public IPv4 address", resource: resourceLabel(r), quantity: `1 x ${hours} h`, monthly: p.publicIpv4Hourly * hours });
    }
    for (const r of live(resources, "aws:lb/loadBalancer:LoadBalancer")) {
        lines.push({
            item: "Load balancer",
            resource: resourceLabel(r),
            quantity: `1 x ${hours} h`,
            monthly: p.loadBalancerHourly * hours,
            note: "capacity units not included",
        });
    }
    for (const r of live(resources, "aws:kms/key:Key"))
        lines.push({ item: "KMS key", resource: resourceLabel(r), quantity: "1 key", monthly: p.kmsKeyMonth });
    for (const r of live(resources, "aws:secretsmanager/secret:Secret"))
        lines.push({ item: "Secrets Manager secret", resource: resourceLabel(r), quantity: "1 secret", monthly: p.secretMonth });
    for (const r of live(resources, /^aws:s3\/bucket(V2)?:Bucket(V2)?$/)) {
        if (inputs.objectStoreBytes === undefined) {
            lines.push({
                item: "S3 storage",
                resource: resourceLabel(r),
                quantity: "usage",
                monthly: 0,
                note: "no milvus.workload: stored data not estimated",
            });
        } else {
            const gb = Math.ceil(inputs.objectStoreBytes / 1024 ** 3);
            lines.push({
                item: "S3 Standard storage",
                resource: resourceLabel(r),
                quantity: `${gb} GB (sized)`,
                monthly: p.s3StandardGbMonth * gb,
                note: "requests not included",
            });
        }
        const b = backupLine(inputs.backups, p.s3StandardGbMonth, "S3 Standard", resourceLabel(r));
        if (b) lines.push({ ...b, note: `${b.note}; the bucket is versioned, so a deleted backup is billed until its noncurrent versions expire` });
    }
    for (const v of chartVolumes(inputs.milvusValues)) {
        lines.push({ item: `EBS gp3 volumes: ${v.name}`, quantity: `${v.count} x ${v.sizeGiB} GiB`, monthly: p.ebsGp3GbMonth * v.sizeGiB * v.count });
    }
    for (const lb of serviceLoadBalancers(resources)) {
        lines.push({
            item: `Network Load Balancer: ${lb}`,
            quantity: `1 x ${hours} h`,
            monthly: p.loadBalancerHourly * hours,
            note: "created by the AWS Load Balancer Controller; capacity units not included",
        });
    }
    for (const lb of chartLoadBalancers(inputs.milvusValues)) {
        lines.push({
            item: `Load balancer: ${lb}`,
            quantity: `1 x ${hours} h`,
            monthly: p.loadBalancerHourly * hours,
            note: "created by the AWS Load Balancer Controller; capacity units not included",
        });
    }
    if (live(resources, "aws:eks/nodeGroup:NodeGroup").length === 0 && live(resources, "aws:eks/cluster:Cluster").length > 0) {
        notes.push("no managed node groups were recorded: node costs are missing");
    }
    return { lines, notes };
}

/** Premium SSD tier for a disk of `sizeGiB`: the smallest tier at least that large. */
export function premiumSsdTier(p: AzureRegionPrices, sizeGiB: number): { tier: string; month: number } | undefined {
    return p.premiumSsdMonth.find((t) => t.sizeGiB >= sizeGiB - 1e-9);
}

function azureLines(p: AzureRegionPrices, hours: number, inputs: CostInputs): { lines: CostLine[]; notes: string[]; reducibleMonthly: number } {
    const lines: CostLine[] = [];
    const { resources } = inputs;
    let reducibleMonthly = 0;
    const pool = (label: string, resource: string, profile: unknown) => {
        const vmSize = str(get(profile, "vmSize")) ?? "Standard_D2s_v5";
        const count = num(get(profile, "count"), 1);
        const hourly = p.vmHourly[vmSize];
        if (get(profile, "enableAutoScaling") === true && hourly !== undefined) {
            reducibleMonthly += hourly * Math.max(0, count - num(get(profile, "minCount"), count)) * hours;
        }
        lines.push({
            item: `${label} ${vmSize} nodes`,
            resource,
            quantity: `${count} x ${hours} h`,
            monthly: hourly === undefined ? null : hourly * count * hours,
            ...(hourly === undefined ? { note: `no price for ${vmSize} in the table` } : {}),
        });
        if (get(profile, "osDiskType") !== "Ephemeral") {
            const size = num(get(profile, "osDiskSizeGB"), 128);
            const tier = premiumSsdTier(p, size);
            lines.push({
                item: `OS disks (Premium SSD ${tier?.tier ?? "?"})`,
                resource,
                quantity: `${count} x ${size} GiB`,
                monthly: tier ? tier.month * count : null,
            });
        }
    };
    for (const r of live(resources, "azure-native:containerservice:ManagedCluster")) {
        const tier = str(get(r.inputs, "sku.tier")) ?? "Free";
        const hourly = tier === "Standard" ? p.aksStandardHourly : tier === "Premium" ? p.aksPremiumHourly : 0;
        lines.push({ item: `AKS control plane (${tier} tier)`, resource: resourceLabel(r), quantity: `1 x ${hours} h`, monthly: hourly * hours });
        const profiles = get(r.inputs, "agentPoolProfiles");
        if (Array.isArray(profiles))
            for (const profile of profiles) pool(`AKS pool ${str(get(profile, "name")) ?? ""}`.trim(), resourceLabel(r), profile);
    }
    for (const r of live(resources, "azure-native:containerservice:AgentPool")) pool("AKS pool", resourceLabel(r), r.inputs);
    for (const r of live(resources, "azure-native:network:NatGateway")) {
        lines.push({
            item: "NAT gateway",
            resource: resourceLabel(r),
            quantity: `1 x ${hours} h`,
            monthly: p.natGatewayHourly * hours,
            note: "data processing per GB not included",
        });
    }
    for (const r of live(resources, "azure-native:network:PublicIPAddress")) {
        lines.push({ item: "Public IP address", resource: resourceLabel(r), quantity: `1 x ${hours} h`, monthly: p.publicIpHourly * hours });
    }
    for (const r of live(resources, "azure-native:keyvault:Key"))
        lines.push({ item: "Key Vault key", resource: resourceLabel(r), quantity: "1 key", monthly: p.keyVaultKeyMonth });
    for (const r of live(resources, "azure-native:storage:StorageAccount")) {
        if (inputs.objectStoreBytes === undefined) {
            lines.push({
                item: "Blob storage",
                resource: resourceLabel(r),
                quantity: "usage",
                monthly: 0,
                note: "no milvus.workload: stored data not estimated",
            });
        } else {
            const gb = Math.ceil(inputs.objectStoreBytes / 1024 ** 3);
            lines.push({
                item: "Blob storage (hot, LRS)",
                resource: resourceLabel(r),
                quantity: `${gb} GB (sized)`,
                monthly: p.blobHotGbMonth * gb,
                note: "operations not included",
            });
        }
        const b = backupLine(inputs.backups, p.blobHotGbMonth, "Blob hot", resourceLabel(r));
        if (b) lines.push(b);
    }
    for (const v of chartVolumes(inputs.milvusValues)) {
        const tier = premiumSsdTier(p, v.sizeGiB);
        lines.push({
            item: `Premium SSD volumes: ${v.name}`,
            quantity: `${v.count} x ${v.sizeGiB} GiB (${tier?.tier ?? "larger than P50"})`,
            monthly: tier ? tier.month * v.count : null,
        });
    }
    for (const lb of [...serviceLoadBalancers(resources), ...chartLoadBalancers(inputs.milvusValues)]) {
        lines.push({
            item: `Load balancer rules: ${lb}`,
            quantity: `1 x ${hours} h`,
            monthly: p.loadBalancerHourly * hours,
            note: "AKS's standard load balancer; data processed not included",
        });
    }
    return { lines, notes: [], reducibleMonthly };
}

/** "1 x 730 h" -> "3 x 730 h", "1 key" -> "3 keys", anything else -> "3 x (...)". */
function times(count: number, quantity: string): string {
    const each = /^1 x (.+)$/.exec(quantity);
    if (each) return `${count} x ${each[1]}`;
    const unit = /^1 ([a-z]+)$/.exec(quantity);
    if (unit) return `${count} ${unit[1]}s`;
    return `${count} x (${quantity})`;
}

/**
 * Identical lines (the same item, quantity, price and note: three NAT
 * gateways, one per zone) become one, with the count in its quantity and the
 * resources it prices listed; lines keep the order of their first one.
 */
export function combineLines(lines: CostLine[]): CostLine[] {
    const groups = new Map<string, CostLine[]>();
    for (const l of lines) {
        const key = JSON.stringify([l.item, l.quantity, l.monthly, l.note ?? ""]);
        groups.set(key, [...(groups.get(key) ?? []), l]);
    }
    return [...groups.values()].map((group) => {
        if (group.length === 1) return group[0];
        const [first] = group;
        const resources = group.map((l) => l.resource).filter((r): r is string => r !== undefined);
        return {
            ...first,
            quantity: times(group.length, first.quantity),
            monthly: first.monthly === null ? null : roundTo(first.monthly * group.length),
            ...(resources.length ? { resource: resources.join(", ") } : {}),
        };
    });
}

export function estimateCost(inputs: CostInputs): CostEstimate {
    const prices = inputs.prices ?? PRICES;
    const base = { currency: "USD" as const, pricesAsOf: prices.asOf, region: inputs.region };
    if (inputs.cloud === "local") {
        const volumes = chartVolumes(inputs.milvusValues);
        const gib = volumes.reduce((t, v) => t + v.count * v.sizeGiB, 0);
        return {
            ...base,
            monthlyTotal: 0,
            lines: [],
            notes: [
                "local platform: the program creates no billable cloud resources, so its own cost is 0.",
                `The existing cluster's nodes and disks are not included; the chart will claim ${volumes.length ? volumes.map((v) => `${v.count} x ${v.sizeGiB} GiB ${v.name}`).join(", ") : "no volumes"} (${roundTo(gib)} GiB in total) from its storage class.`,
                ...(inputs.paused
                    ? [
                          `paused (milvus.paused): Milvus's pods, ${Math.round(inputs.paused.milvusShare * 100)}% of the pods' CPU requests, are at zero and leave that share of the cluster free.`,
                      ]
                    : []),
            ],
        };
    }
    const table = prices[inputs.cloud] as Record<string, AwsRegionPrices | AzureRegionPrices>;
    const requested = inputs.region;
    const priceRegion = requested && table[requested] ? requested : prices.fallbackRegion[inputs.cloud];
    const notes = [prices.note];
    if (requested !== priceRegion) notes.push(`no prices recorded for region ${requested ?? "(unknown)"}; ${priceRegion} prices used`);
    const {
        lines,
        notes: more,
        reducibleMonthly,
    } = inputs.cloud === "aws"
        ? { ...awsLines(table[priceRegion] as AwsRegionPrices, prices.hoursPerMonth, inputs), reducibleMonthly: undefined }
        : azureLines(table[priceRegion] as AzureRegionPrices, prices.hoursPerMonth, inputs);
    const rounded = combineLines(lines.map((l) => ({ ...l, monthly: l.monthly === null ? null : roundTo(l.monthly) })));
    const paused = inputs.paused && pauseSaving(rounded, inputs.paused.milvusShare, reducibleMonthly);
    const unpriced = rounded.filter((l) => l.monthly === null);
    if (unpriced.length) notes.push(`${unpriced.length} line(s) have no price in the table and are left out of the total`);
    return {
        ...base,
        priceRegion,
        monthlyTotal: roundTo(rounded.reduce((t, l) => t + (l.monthly ?? 0), 0)),
        lines: rounded,
        notes: [...notes, ...more],
        ...(paused ? { paused } : {}),
    };
}
