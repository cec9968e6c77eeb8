// Rules for the `aws` block that span several keys (or the `milvus` block):
// combinations that parse but cannot work on AWS. Like the generic rules,
// each returns problems instead of throwing, so all are reported together.
import type { PlatformRule } from "../config/platform-config";
import { backupPrefixProblems } from "../config/backup-rules";
import type { ConfigProblem } from "../config/problems";
import { openToAnywhere, plainHttpProblem } from "../config/rule-kit";
import { cloudTagProblems, reservedTagProblems } from "../platform/tags";
import { architectureOf } from "./architecture";
import { isNetworkAddress, parseIpv4Cidr } from "../network/ipv4";
import { NODE_POOL_LABEL, type AwsInput, type AwsSettings } from "./config";
import { repels, sizeAwsNodePools } from "./pool-sizing";

type AwsRule = PlatformRule<AwsInput, AwsSettings>;

const RESERVED_LABEL_PREFIXES = ["kubernetes.io/", "k8s.io/", "eks.amazonaws.com/"];

const networkIsComplete: AwsRule = (input, _config, { network }) => {
    const given = input.block?.network ?? {};
    const problems: ConfigProblem[] = [];
    if (network.kind === "existing") {
        if (given.vpcId === undefined) {
            problems.push({
                key: "aws.network.vpcId",
                given: undefined,
                allowed: "required with aws.network.privateSubnetIds: the VPC those subnets belong to",
            });
        }
        if (given.privateSubnetIds === undefined) {
            problems.push({
                key: "aws.network.privateSubnetIds",
                given: undefined,
                allowed:
                    "required with aws.network.vpcId: at least two private subnets in different availability zones (nodes, MSK brokers, internal load balancers)",
            });
        }
        for (const key of ["cidr", "availabilityZones", "natGateways"] as const) {
            if (given[key] !== undefined) {
                problems.push({
                    key: `aws.network.${key}`,
                    given: given[key],
                    allowed: "is read only when the program creates the VPC; remove it, or remove aws.network.vpcId",
                });
            }
        }
        return problems;
    }
    const block = parseIpv4Cidr(network.cidr);
    if (block && !isNetworkAddress(block)) {
        problems.push({
            key: "aws.network.cidr",
            given: network.cidr,
            allowed: "must start at its block's network address (e.g. 10.0.0.0/16, not 10.0.1.0/16)",
        });
    }
    for (const zone of network.availabilityZones ?? []) {
        if (!zone.startsWith(input.block?.region ?? "")) {
            problems.push({
                key: "aws.network.availabilityZones",
                given: zone,
                allowed: `must be zones of aws.region "${input.block?.region}" (such as "${input.block?.region}a")`,
            });
        }
    }
    const zones = network.availabilityZones ?? [];
    if (new Set(zones).size !== zones.length) {
        problems.push({ key: "aws.network.availabilityZones", given: zones, allowed: "must name each zone once" });
    }
    return problems;
};

const clusterEndpointIsRestricted: AwsRule = (_input, _config, { cluster }) =>
    openToAnywhere("aws.cluster.publicAccessCidrs", cluster.publicAccessCidrs);

function poolKey(index: number, field: string): string {
    return `aws.nodePools.${index}.${field}`;
}

const nodePoolsAreConsistent: AwsRule = (_input, { milvus }, { nodePools }) => {
    const problems: ConfigProblem[] = [];
    const names = new Set<string>();
    const roleOwner = new Map<string, string>();
    const usable = new Set<string>(
        milvus.mode === "standalone"
            ? ["standalone", "dependencies"]
            : ["mixCoordinator", "proxy", "queryNode", "dataNode", "streamingNode", "dependencies"],
    );
    nodePools.forEach((pool, i) => {
        if (names.has(pool.name)) problems.push({ key: poolKey(i, "name"), given: pool.name, allowed: "must be unique among aws.nodePools" });
        names.add(pool.name);
        if (!(pool.minSize <= pool.desiredSize && pool.desiredSize <= pool.maxSize)) {
            problems.push({
                key: poolKey(i, "desiredSize"),
                given: { minSize: pool.minSize, desiredSize: pool.desiredSize, maxSize: pool.maxSize },
                allowed: "allowed: minSize <= desiredSize <= maxSize",
            });
        }
        const architectures = new Set(pool.instanceTypes.map(architectureOf));
        if (architectures.size > 1) {
            problems.push({
                key: poolKey(i, "instanceTypes"),
                given: pool.instanceTypes,
                allowed: "must share one CPU architecture (all Graviton or all x86): a node group runs one AMI type",
            });
        }
        for (const key of Object.keys(pool.labels)) {
            if (key === NODE_POOL_LABEL || RESERVED_LABEL_PREFIXES.some((p) => key.startsWith(p) || key.includes(`.${p}`))) {
                problems.push({
                    key: poolKey(i, `labels.${key}`),
                    given: pool.labels[key],
                    allowed: `is reserved (${NODE_POOL_LABEL} is set by the program; kubernetes.io/, k8s.io/ and eks.amazonaws.com/ by Kubernetes and EKS)`,
                });
            }
        }
        for (const role of pool.roles) {
            if (!usable.has(role)) {
                problems.push({
                    key: poolKey(i, "roles"),
                    given: role,
                    allowed: `is not deployed in ${milvus.mode} mode; allowed: ${[...usable].join(", ")}`,
                });
            }
            const owner = roleOwner.get(role);
            if (owner !== undefined) {
                problems.push({
                    key: poolKey(i, "roles"),
                    given: role,
                    allowed: `is already placed on node pool "${owner}"; each role runs on one pool`,
                });
            }
            roleOwner.set(role, pool.name);
        }
        if (repels(pool) && pool.roles.length === 0) {
            problems.push({
                key: poolKey(i, "taints"),
                given: pool.taints,
                allowed:
                    "a tainted pool needs roles (Milvus pods tolerate only the taints of the pool their role is placed on); add roles or remove the taints",
            });
        }
    });
    if (nodePools.length > 0 && nodePools.every(repels)) {
        problems.push({
            key: "aws.nodePools",
            given: nodePools.map((p) => p.name),
            allowed:
                "at least one pool needs no NoSchedule/NoExecute taint: CoreDNS, the EBS CSI controller and the load balancer controller run there",
        });
    }
    return problems;
};

/**
 * Every pool can hold the pods placed on it (pool-sizing.ts): its first
 * instance type is known and large enough for each pod, and maxSize leaves
 * room for the nodes they need. The platform creates the pools from the
 * same calculation.
 */
const nodePoolsHoldTheWorkload: AwsRule = (_input, { demand }, { nodePools }) => sizeAwsNodePools(demand, nodePools).problems;

const tagsLeaveProgramMarkers: AwsRule = (_input, _config, { tags }) => [
    ...reservedTagProblems("aws.tags", tags),
    ...cloudTagProblems("aws.tags", tags, "aws"),
];

const queueFitsMsk: AwsRule = (input, { milvus }, { msk, network }) => {
    const problems: ConfigProblem[] = [];
    if (input.milvus?.externalKafka) {
        problems.push({
            key: "milvus.externalKafka",
            given: input.milvus.externalKafka,
            allowed: "is not used on aws: with messageQueue kafka the platform creates Amazon MSK (configure it under aws.msk)",
        });
    }
    if (milvus.messageQueue !== "kafka") {
        if (input.block?.msk) {
            problems.push({
                key: "aws.msk",
                given: input.block.msk,
                allowed: `is read only when milvus.messageQueue is "kafka" (it is "${milvus.messageQueue}")`,
            });
        }
        return problems;
    }
    if (msk.type === "serverless") {
        problems.push({
            key: "aws.msk.type",
            given: "serverless",
            allowed:
                "allowed: provisioned — MSK Serverless accepts only IAM (SigV4) client authentication, which Milvus's Kafka client does not support; provisioned MSK uses SASL/SCRAM",
        });
    }
    if (network.kind === "existing" && msk.subnetIds === undefined && network.privateSubnetIds.length > 3) {
        problems.push({
            key: "aws.msk.subnetIds",
            given: undefined,
            allowed: `required when aws.network.privateSubnetIds lists more than three subnets: MSK places its brokers in two or three subnets of different zones`,
        });
    }
    return problems;
};

/** The backups share the stack's bucket (the keyless identity's scope), under a prefix of their own. */
const backupBesideMilvus: AwsRule = (_input, { milvus }, { bucket }) =>
    backupPrefixProblems(milvus.backup.rootPath, bucket.rootPath, "aws.bucket.rootPath");

/** The controller's chart over plain http:// to another machine is refused in prod, as the Milvus chart's (rule-kit.ts). */
const chartSourceIsSafe: AwsRule = (_input, { environment }, { loadBalancerController }) =>
    plainHttpProblem("aws.loadBalancerController.chartRepository", loadBalancerController.chartRepository, environment);

/** Every rule of the `aws` block, in the order their problems are reported. */
export const AWS_RULES: readonly AwsRule[] = [
    networkIsComplete,
    clusterEndpointIsRestricted,
    nodePoolsAreConsistent,
    nodePoolsHoldTheWorkload,
    queueFitsMsk,
    tagsLeaveProgramMarkers,
    backupBesideMilvus,
    chartSourceIsSafe,
];
