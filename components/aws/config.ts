// The `aws:` block of the stack config: its syntax (zod schema), its resolved
// form with every default filled in, and the defaults themselves.
// Rules that span several keys live in ./rules.ts.
//
// This module must stay free of @pulumi/aws (local stacks load it too).
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import { defaultOf, key, withDefaults, type ResolvedKeys } from "../config/key-meta";
import { cidrBlock, helmRepository, type Environment } from "../config/schema";
import type { PlacementRole } from "../shared/milvus-layout";

/** Roles a node pool can host, as the platform contract names them. */
export const PLACEMENT_ROLES = [
    "standalone",
    "mixCoordinator",
    "proxy",
    "queryNode",
    "dataNode",
    "streamingNode",
    "dependencies",
] as const satisfies readonly PlacementRole[];
/** Fails to compile when the contract gains a role this list does not name. */
export type EveryPlacementRoleListed = [Exclude<PlacementRole, (typeof PLACEMENT_ROLES)[number]>] extends [never] ? true : never;
export const everyPlacementRoleListed: EveryPlacementRoleListed = true;

/** Node label every pool's nodes carry (value: the pool name); Milvus placement selects on it. */
export const NODE_POOL_LABEL = "milvus-on-clouds/node-pool";

export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Commercial, China and GovCloud regions (partitions aws, aws-cn, aws-us-gov). */
const REGION = /^(us-gov|[a-z]{2})-[a-z]+-[0-9]+$/;
const AVAILABILITY_ZONE = /^(us-gov|[a-z]{2})-[a-z]+-[0-9]+[a-z]$/;
const IPV4_CIDR_16_TO_20 = /^([0-9]{1,3}\.){3}[0-9]{1,3}\/(1[6-9]|20)$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const KUBERNETES_VERSION = /^1\.(3[0-9]|[4-9][0-9])$/;
const IAM_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)\/[\w+=,.@/-]+$/;
const EC2_INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const MSK_INSTANCE_TYPE = /^kafka\.[a-z0-9-]+\.[a-z0-9]+$/;
const MSK_KAFKA_3 = /^3\.[0-9]+\.([0-9]+|x)$/;
const NODE_POOL_NAME = /^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ROOT_PATH = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
const SEMVER = /^[0-9]+\.[0-9]+\.[0-9]+$/;

const subnetId = z.string().regex(SUBNET_ID, 'must be a subnet id such as "subnet-0123456789abcdef0"');
const logRetentionDays = z
    .number()
    .int()
    .refine(
        (n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n),
        `must be a CloudWatch Logs retention period: ${LOG_RETENTION_DAYS.join(", ")}`,
    );
const labelKey = z
    .string()
    .regex(LABEL_KEY, "must be a Kubernetes label key such as \"example.com/pool\" (letters, digits, '-', '_', '.', an optional DNS prefix)");
const labelValue = z.string().regex(LABEL_VALUE, "must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.')");

const nodePoolSchema = z.strictObject({
    name: key(
        z
            .string()
            .regex(NODE_POOL_NAME, "must be lower-case letters, digits and '-', at most 32 characters (it names the node group and the node label)"),
        {
            doc: "Pool name (lower-case, at most 32 characters); nodes get the label `milvus-on-clouds/node-pool=<name>`.",
        },
    ),
    instanceTypes: key(z.array(z.string().regex(EC2_INSTANCE_TYPE, 'must be an EC2 instance type such as "m6i.2xlarge"')).min(1), {
        doc: "EC2 instance types, one CPU architecture per pool (Graviton pools get the ARM64 AMI).",
    }),
    capacityType: key(z.enum(["ON_DEMAND", "SPOT"]).optional(), {
        default: { value: "ON_DEMAND" },
        doc: "`ON_DEMAND` or `SPOT`.",
    }),
    minSize: key(z.number().int().min(0).max(450).optional(), {
        default: { dev: 1, prod: 3 },
        doc: "Node counts; `desiredSize` is left alone after creation (an autoscaler may change it).",
    }),
    desiredSize: key(z.number().int().min(0).max(450).optional(), { joinsPrevious: true, default: { dev: 2, prod: 3, note: "at least `minSize`" } }),
    maxSize: key(z.number().int().min(1).max(450).optional(), { joinsPrevious: true, default: { text: "2 x `desiredSize`" } }),
    diskSizeGiB: key(z.number().int().min(20).max(16384).optional(), {
        default: { dev: 50, prod: 100 },
        doc: "Encrypted gp3 root volume size.",
    }),
    labels: key(z.record(labelKey, labelValue).optional(), {
        default: { value: {} },
        doc: "Extra node labels (`kubernetes.io/`, `k8s.io/`, `eks.amazonaws.com/` prefixes are reserved).",
    }),
    taints: key(
        z
            .array(
                z.strictObject({
                    key: labelKey,
                    value: labelValue.optional(),
                    effect: z.enum(TAINT_EFFECTS),
                }),
            )
            .optional(),
        {
            default: { value: [] },
            doc: "`{key, value?, effect: NoSchedule \\| PreferNoSchedule \\| NoExecute}`.",
            keys: "folded",
        },
    ),
    roles: key(z.array(z.enum(PLACEMENT_ROLES)).optional(), {
        default: { value: [] },
        doc: "Milvus roles scheduled on this pool: `mixCoordinator`, `proxy`, `queryNode`, `dataNode`, `streamingNode`, `dependencies` (etcd) in cluster mode; `standalone`, `dependencies` in standalone mode. Each role on at most one pool; roles on no pool run on any untainted node.",
    }),
});

/** Of the control plane and of the brokers alike. */
const LOG_RETENTION = { dev: 7, prod: 90 };

export const awsSchema = key(
    z.strictObject({
        region: key(z.string().regex(REGION, 'must be an AWS region such as "us-west-2"'), {
            doc: "AWS region, e.g. `us-west-2`.",
        }),
        tags: key(z.record(z.string().min(1).max(128), z.string().max(256)).optional(), {
            default: { value: {} },
            doc: "Your own tags on every AWS resource (through the provider's default tags). The program adds `project`, `stack` and `environment`, which these may not override; the policy pack also asks for `owner`.",
        }),
        network: z
            .strictObject({
                vpcId: key(z.string().regex(VPC_ID, 'must be a VPC id such as "vpc-0123456789abcdef0"').optional(), {
                    default: { text: "(create a VPC)" },
                    doc: "Existing VPC to use; requires `network.privateSubnetIds`.",
                }),
                privateSubnetIds: key(z.array(subnetId).min(2).optional(), {
                    default: { text: "—" },
                    doc: "Existing private subnets (two or more, different zones) for nodes, the EKS control plane ENIs, MSK brokers and internal load balancers. One subnet per zone is assumed when deciding zone spreading.",
                }),
                cidr: key(z.string().regex(IPV4_CIDR_16_TO_20, 'must be an IPv4 CIDR block from /16 to /20 such as "10.0.0.0/16"').optional(), {
                    default: { value: "10.0.0.0/16" },
                    doc: "CIDR of a created VPC, `/16` to `/20`.",
                }),
                availabilityZones: key(
                    z.array(z.string().regex(AVAILABILITY_ZONE, 'must be an availability zone name such as "us-west-2a"')).min(2).max(3).optional(),
                    {
                        default: { text: "first three available zones" },
                        doc: "Two or three zones of the region for a created VPC.",
                    },
                ),
                natGateways: key(z.enum(["single", "perZone"]).optional(), {
                    default: { dev: "single", prod: "perZone" },
                    doc: "NAT gateways of a created VPC.",
                }),
            })
            .optional(),
        cluster: z
            .strictObject({
                name: key(
                    z
                        .string()
                        .regex(
                            EKS_CLUSTER_NAME,
                            "must be an EKS cluster name (letters, digits, '-' and '_', at most 100 characters, starting with a letter or digit)",
                        )
                        .optional(),
                    {
                        default: { text: "`<project>-<stack>`" },
                        doc: "EKS cluster name.",
                    },
                ),
                version: key(z.string().regex(KUBERNETES_VERSION, 'must be a Kubernetes minor version from 1.30 on, such as "1.35"').optional(), {
                    default: { value: "1.35" },
                    doc: "Kubernetes version (1.30 or later).",
                }),
                publicAccessCidrs: key(z.array(cidrBlock("IPv4", "198.51.100.0/24")).optional(), {
                    default: { value: [], note: "public endpoint off" },
                    doc: "CIDRs allowed to reach the public API endpoint. `0.0.0.0/0` is refused.",
                }),
                adminPrincipalArns: key(
                    z
                        .array(
                            z
                                .string()
                                .regex(
                                    IAM_PRINCIPAL_ARN,
                                    'must be an IAM role or user ARN such as "arn:aws:iam::123456789012:role/platform-admins" (EKS access entries do not take sts assumed-role ARNs)',
                                ),
                        )
                        .optional(),
                    {
                        default: { value: [] },
                        doc: "IAM role or user ARNs given cluster-admin access entries, besides the deployer (who always gets one; listing the deployer here adds no second entry, which EKS would refuse).",
                    },
                ),
                logRetentionDays: key(logRetentionDays.optional(), {
                    default: LOG_RETENTION,
                    doc: "Retention of the control-plane logs (a CloudWatch Logs period).",
                }),
            })
            .optional(),
        nodePools: key(z.array(nodePoolSchema).min(1).optional(), {
            default: { text: "one pool `general`: dev 2 x `m6i.xlarge` (1-4), prod 3 x `m6i.2xlarge` (3-6)" },
            doc: "Managed node groups, see below. At least one pool must have no `NoSchedule`/`NoExecute` taint (system pods run there).",
            keys: "rows",
        }),
        bucket: z
            .strictObject({
                name: key(
                    z
                        .string()
                        .regex(S3_BUCKET_NAME, "must be an S3 bucket name: 3-63 lower-case letters, digits, '.' and '-'")
                        .refine((n) => !ipaddr.IPv4.isValidFourPartDecimal(n), "must not be formatted as an IP address (S3 bucket naming rules)")
                        .refine((n) => !n.includes(".."), "must not contain two adjacent periods (S3 bucket naming rules)")
                        .refine(
                            (n) => !/^(xn--|sthree-|amzn-s3-demo-)/.test(n) && !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(n),
                            "must not use a prefix or suffix S3 reserves (xn--, sthree-, amzn-s3-demo-, -s3alias, --ol-s3, .mrap, --x-s3, --table-s3)",
                        )
                        .optional(),
                    {
                        default: { text: "generated, unique" },
                        doc: "S3 bucket name.",
                    },
                ),
                rootPath: key(
                    z.string().regex(ROOT_PATH, "must be a relative object key prefix such as \"milvus\" (no leading or trailing '/')").optional(),
                    {
                        default: { value: "milvus" },
                        doc: "Key prefix Milvus writes under.",
                    },
                ),
                noncurrentVersionExpirationDays: key(z.number().int().min(1).max(3650).optional(), {
                    default: { dev: 7, prod: 30 },
                    doc: "Days old object versions are kept.",
                }),
            })
            .optional(),
        msk: z
            .strictObject({
                type: key(z.enum(["provisioned", "serverless"]).optional(), {
                    default: { value: "provisioned" },
                    doc: "`serverless` is refused (IAM-only authentication).",
                }),
                kafkaVersion: key(
                    z
                        .string()
                        .regex(MSK_KAFKA_3, 'must be an Amazon MSK Apache Kafka 3.x version such as "3.8.x" (Milvus supports Kafka 2.x and 3.x)')
                        .optional(),
                    {
                        default: { value: "3.8.x" },
                        doc: "MSK Kafka 3.x version.",
                    },
                ),
                instanceType: key(z.string().regex(MSK_INSTANCE_TYPE, 'must be an MSK broker instance type such as "kafka.m7g.large"').optional(), {
                    default: { dev: "kafka.t3.small", prod: "kafka.m7g.large" },
                    doc: "Broker instance type.",
                }),
                brokersPerZone: key(z.number().int().min(1).max(10).optional(), {
                    default: { value: 1 },
                    doc: "Brokers in each MSK subnet.",
                }),
                volumeSizeGiB: key(z.number().int().min(1).max(16384).optional(), {
                    default: { dev: 50, prod: 500 },
                    doc: "EBS storage per broker.",
                }),
                subnetIds: key(z.array(subnetId).min(2).max(3).optional(), {
                    default: { text: "the private subnets" },
                    doc: "Two or three subnets in different zones for the brokers; required when `network.privateSubnetIds` lists more than three.",
                }),
                logRetentionDays: key(logRetentionDays.optional(), {
                    default: LOG_RETENTION,
                    doc: "Retention of the broker logs.",
                }),
            })
            .optional(),
        loadBalancerController: z
            .strictObject({
                // Its IAM policy (./lb-controller-policy.ts) is the one this version of the chart needs.
                chartVersion: key(z.string().regex(SEMVER, 'must be an exact chart version such as "3.5.0"').optional(), {
                    default: { value: "3.5.0" },
                    doc: "Version of the `aws-load-balancer-controller` chart.",
                }),
                /** The same rule as milvus.chartRepository (config/schema.ts). */
                chartRepository: key(helmRepository.optional(), {
                    default: { value: "https://aws.github.io/eks-charts" },
                    doc: "Where the `aws-load-balancer-controller` chart comes from: a Helm repository URL or an `oci://` registry reference without the chart name; the same rules as `milvus.chartRepository`. Its image follows the top-level `imageRegistry`.",
                }),
            })
            .optional(),
    }),
    {
        // Pulumi.yaml's default for a block: an empty block is read as none.
        default: { text: "`{}`" },
        doc: "The AWS platform ([AWS](aws.md)); read only when `cloud` is `aws`, where `aws.region` is required.",
        keys: "table",
    },
);

export type AwsInput = z.infer<typeof awsSchema>;

/** The schema nodes whose declared defaults resolution reads. */
const POOL = nodePoolSchema.shape;
const NETWORK = awsSchema.shape.network.unwrap().shape;
const LB_CONTROLLER = awsSchema.shape.loadBalancerController.unwrap().shape;

/** aws-load-balancer-controller chart (https://aws.github.io/eks-charts); its IAM policy is in ./lb-controller-policy.ts. */
export const DEFAULT_LB_CONTROLLER_CHART_VERSION = defaultOf(LB_CONTROLLER.chartVersion);
/** Where the aws-load-balancer-controller chart comes from by default: the eks-charts Helm repository. */
export const DEFAULT_LB_CONTROLLER_CHART_REPOSITORY = defaultOf(LB_CONTROLLER.chartRepository);

export interface Taint {
    key: string;
    value?: string;
    effect: TaintEffect;
}

export interface NodePoolSettings {
    name: string;
    instanceTypes: string[];
    capacityType: "ON_DEMAND" | "SPOT";
    minSize: number;
    desiredSize: number;
    maxSize: number;
    diskSizeGiB: number;
    labels: Record<string, string>;
    taints: Taint[];
    roles: PlacementRole[];
}

export type NetworkSettings =
    /** Existing VPC: nodes, MSK brokers and internal load balancers use its private subnets. */
    | { kind: "existing"; vpcId: string; privateSubnetIds: string[] }
    /** A new VPC; availability zones undefined: the region's first three available zones. */
    | { kind: "create"; cidr: string; availabilityZones?: string[]; natGateways: "single" | "perZone" };

export interface AwsSettings {
    region: string;
    tags: Record<string, string>;
    network: NetworkSettings;
    // These blocks mirror their schema: each key as given or with its declared default (withDefaults).
    /** name undefined: `<project>-<stack>`; publicAccessCidrs empty: the public API endpoint is off (private endpoint only). */
    cluster: ResolvedKeys<typeof awsSchema.shape.cluster>;
    nodePools: NodePoolSettings[];
    bucket: ResolvedKeys<typeof awsSchema.shape.bucket>;
    /** subnetIds undefined: the private subnets. */
    msk: ResolvedKeys<typeof awsSchema.shape.msk>;
    /** chartRepository: an http(s) Helm repository, or an oci:// registry reference without the chart name. */
    loadBalancerController: ResolvedKeys<typeof awsSchema.shape.loadBalancerController>;
}

type NodePoolInput = NonNullable<AwsInput["nodePools"]>[number];

function defaultNodePools(prod: boolean): NodePoolInput[] {
    // prod: the published EKS guide's profile, three m6i.2xlarge nodes, one per zone. dev: up to four m6i.xlarge, what cluster
    // mode without a workload reserves (query, data and streaming nodes 2/8 each, proxy, mixCoord and three etcd 1/4: 4 nodes).
    return prod
        ? [{ name: "general", instanceTypes: ["m6i.2xlarge"], minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGiB: 100 }]
        : [{ name: "general", instanceTypes: ["m6i.xlarge"], minSize: 1, desiredSize: 2, maxSize: 4, diskSizeGiB: 50 }];
}

function resolveNodePool(p: NodePoolInput, environment: Environment): NodePoolSettings {
    const minSize = p.minSize ?? defaultOf(POOL.minSize, environment);
    const desiredSize = p.desiredSize ?? Math.max(minSize, defaultOf(POOL.desiredSize, environment));
    return {
        name: p.name,
        instanceTypes: p.instanceTypes,
        capacityType: p.capacityType ?? defaultOf(POOL.capacityType),
        minSize,
        desiredSize,
        maxSize: p.maxSize ?? Math.max(desiredSize * 2, 1),
        diskSizeGiB: p.diskSizeGiB ?? defaultOf(POOL.diskSizeGiB, environment),
        labels: p.labels ?? defaultOf(POOL.labels),
        taints: p.taints ?? defaultOf(POOL.taints),
        roles: p.roles ?? defaultOf(POOL.roles),
    };
}

function resolveNetwork(n: AwsInput["network"] = {}, environment: Environment): NetworkSettings {
    if (n.vpcId !== undefined || n.privateSubnetIds !== undefined) {
        // Both are required together; rules.ts reports a missing one.
        return { kind: "existing", vpcId: n.vpcId ?? "", privateSubnetIds: n.privateSubnetIds ?? [] };
    }
    return {
        kind: "create",
        cidr: n.cidr ?? defaultOf(NETWORK.cidr),
        availabilityZones: n.availabilityZones,
        natGateways: n.natGateways ?? defaultOf(NETWORK.natGateways, environment),
    };
}

export function resolveAws(a: AwsInput, environment: Environment): AwsSettings {
    return {
        region: a.region,
        tags: a.tags ?? defaultOf(awsSchema.shape.tags),
        network: resolveNetwork(a.network, environment),
        cluster: withDefaults(awsSchema.shape.cluster, a.cluster, environment),
        nodePools: (a.nodePools ?? defaultNodePools(environment === "prod")).map((p) => resolveNodePool(p, environment)),
        bucket: withDefaults(awsSchema.shape.bucket, a.bucket, environment),
        msk: withDefaults(awsSchema.shape.msk, a.msk, environment),
        loadBalancerController: withDefaults(awsSchema.shape.loadBalancerController, a.loadBalancerController, environment),
    };
}
