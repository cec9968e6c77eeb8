// The documentation of every key of the `aws` block: its default and what it means,
// next to the schema that defines it. The configuration tables of docs/aws.md
// are generated from these (npm run docs); a test fails when the docs, the
// schema or the resolved defaults disagree with them (test/config-docs.test.ts).
import type { KeyDoc } from "../config/key-docs";

/** The block itself, as the top-level table shows it. */
export const AWS_BLOCK_DOC: KeyDoc = {
    label: "`aws`",
    keys: ["aws"],
    type: "object",
    default: "`{}`",
    meaning: "The AWS platform ([AWS](aws.md)); read only when `cloud` is `aws`, where `aws.region` is required.",
};

export const AWS_DOCS: readonly KeyDoc[] = [
    {
        label: "`region`",
        keys: ["aws.region"],
        default: "(required)",
        meaning: "AWS region, e.g. `us-west-2`.",
    },
    {
        label: "`tags`",
        keys: ["aws.tags"],
        default: "`{}`",
        meaning: "Your own tags on every AWS resource (through the provider's default tags). The program adds `project`, `stack` and `environment`, which these may not override; the policy pack also asks for `owner`.",
    },
    {
        label: "`network.vpcId`",
        keys: ["aws.network.vpcId"],
        default: "(create a VPC)",
        meaning: "Existing VPC to use; requires `network.privateSubnetIds`.",
    },
    {
        label: "`network.privateSubnetIds`",
        keys: ["aws.network.privateSubnetIds"],
        default: "—",
        meaning: "Existing private subnets (two or more, different zones) for nodes, the EKS control plane ENIs, MSK brokers and internal load balancers. One subnet per zone is assumed when deciding zone spreading.",
    },
    {
        label: "`network.cidr`",
        keys: ["aws.network.cidr"],
        default: "`10.0.0.0/16`",
        meaning: "CIDR of a created VPC, `/16` to `/20`.",
    },
    {
        label: "`network.availabilityZones`",
        keys: ["aws.network.availabilityZones"],
        default: "first three available zones",
        meaning: "Two or three zones of the region for a created VPC.",
    },
    {
        label: "`network.natGateways`",
        keys: ["aws.network.natGateways"],
        default: "dev `single`, prod `perZone`",
        meaning: "NAT gateways of a created VPC.",
    },
    {
        label: "`cluster.name`",
        keys: ["aws.cluster.name"],
        default: "`<project>-<stack>`",
        meaning: "EKS cluster name.",
    },
    {
        label: "`cluster.version`",
        keys: ["aws.cluster.version"],
        default: "`1.35`",
        meaning: "Kubernetes version (1.30 or later).",
    },
    {
        label: "`cluster.publicAccessCidrs`",
        keys: ["aws.cluster.publicAccessCidrs"],
        default: "`[]` (public endpoint off)",
        meaning: "CIDRs allowed to reach the public API endpoint. `0.0.0.0/0` is refused.",
    },
    {
        label: "`cluster.adminPrincipalArns`",
        keys: ["aws.cluster.adminPrincipalArns"],
        default: "`[]`",
        meaning: "IAM role or user ARNs given cluster-admin access entries, besides the deployer (who always gets one; listing the deployer here adds no second entry, which EKS would refuse).",
    },
    {
        label: "`cluster.logRetentionDays`",
        keys: ["aws.cluster.logRetentionDays"],
        default: "dev 7, prod 90",
        meaning: "Retention of the control-plane logs (a CloudWatch Logs period).",
    },
    {
        label: "`nodePools`",
        keys: ["aws.nodePools"],
        default: "one pool `general`: dev 2 x `m6i.xlarge` (1-4), prod 3 x `m6i.2xlarge` (3-6)",
        meaning: "Managed node groups, see below. At least one pool must have no `NoSchedule`/`NoExecute` taint (system pods run there).",
    },
    {
        label: "`nodePools[].name`",
        keys: ["aws.nodePools[].name"],
        default: "(required)",
        meaning: "Pool name (lower-case, at most 32 characters); nodes get the label `milvus-on-clouds/node-pool=<name>`.",
    },
    {
        label: "`nodePools[].instanceTypes`",
        keys: ["aws.nodePools[].instanceTypes"],
        default: "(required)",
        meaning: "EC2 instance types, one CPU architecture per pool (Graviton pools get the ARM64 AMI).",
    },
    {
        label: "`nodePools[].capacityType`",
        keys: ["aws.nodePools[].capacityType"],
        default: "`ON_DEMAND`",
        meaning: "`ON_DEMAND` or `SPOT`.",
    },
    {
        label: "`nodePools[].minSize` / `desiredSize` / `maxSize`",
        keys: ["aws.nodePools[].minSize", "aws.nodePools[].desiredSize", "aws.nodePools[].maxSize"],
        default: "dev 1 / 2 / 2 x desired, prod 3 / 3 / 2 x desired",
        meaning: "Node counts; `desiredSize` is left alone after creation (an autoscaler may change it).",
    },
    {
        label: "`nodePools[].diskSizeGiB`",
        keys: ["aws.nodePools[].diskSizeGiB"],
        default: "dev 50, prod 100",
        meaning: "Encrypted gp3 root volume size.",
    },
    {
        label: "`nodePools[].labels`",
        keys: ["aws.nodePools[].labels"],
        default: "`{}`",
        meaning: "Extra node labels (`kubernetes.io/`, `k8s.io/`, `eks.amazonaws.com/` prefixes are reserved).",
    },
    {
        label: "`nodePools[].taints`",
        keys: ["aws.nodePools[].taints"],
        default: "`[]`",
        meaning: "`{key, value?, effect: NoSchedule \\| PreferNoSchedule \\| NoExecute}`.",
    },
    {
        label: "`nodePools[].roles`",
        keys: ["aws.nodePools[].roles"],
        default: "`[]`",
        meaning: "Milvus roles scheduled on this pool: `mixCoordinator`, `proxy`, `queryNode`, `dataNode`, `streamingNode`, `dependencies` (etcd) in cluster mode; `standalone`, `dependencies` in standalone mode. Each role on at most one pool; roles on no pool run on any untainted node.",
    },
    {
        label: "`bucket.name`",
        keys: ["aws.bucket.name"],
        default: "generated, unique",
        meaning: "S3 bucket name.",
    },
    {
        label: "`bucket.rootPath`",
        keys: ["aws.bucket.rootPath"],
        default: "`milvus`",
        meaning: "Key prefix Milvus writes under.",
    },
    {
        label: "`bucket.noncurrentVersionExpirationDays`",
        keys: ["aws.bucket.noncurrentVersionExpirationDays"],
        default: "dev 7, prod 30",
        meaning: "Days old object versions are kept.",
    },
    {
        label: "`msk.type`",
        keys: ["aws.msk.type"],
        default: "`provisioned`",
        meaning: "`serverless` is refused (IAM-only authentication).",
    },
    {
        label: "`msk.kafkaVersion`",
        keys: ["aws.msk.kafkaVersion"],
        default: "`3.8.x`",
        meaning: "MSK Kafka 3.x version.",
    },
    {
        label: "`msk.instanceType`",
        keys: ["aws.msk.instanceType"],
        default: "dev `kafka.t3.small`, prod `kafka.m7g.large`",
        meaning: "Broker instance type.",
    },
    {
        label: "`msk.brokersPerZone`",
        keys: ["aws.msk.brokersPerZone"],
        default: "`1`",
        meaning: "Brokers in each MSK subnet.",
    },
    {
        label: "`msk.volumeSizeGiB`",
        keys: ["aws.msk.volumeSizeGiB"],
        default: "dev 50, prod 500",
        meaning: "EBS storage per broker.",
    },
    {
        label: "`msk.subnetIds`",
        keys: ["aws.msk.subnetIds"],
        default: "the private subnets",
        meaning: "Two or three subnets in different zones for the brokers; required when `network.privateSubnetIds` lists more than three.",
    },
    {
        label: "`msk.logRetentionDays`",
        keys: ["aws.msk.logRetentionDays"],
        default: "dev 7, prod 90",
        meaning: "Retention of the broker logs.",
    },
    {
        label: "`loadBalancerController.chartVersion`",
        keys: ["aws.loadBalancerController.chartVersion"],
        default: "`3.5.0`",
        meaning: "Version of the `aws-load-balancer-controller` chart.",
    },
    {
        label: "`loadBalancerController.chartRepository`",
        keys: ["aws.loadBalancerController.chartRepository"],
        default: "`https://aws.github.io/eks-charts`",
        meaning: "Where the `aws-load-balancer-controller` chart comes from: a Helm repository URL or an `oci://` registry reference without the chart name; the same rules as `milvus.chartRepository`. Its image follows the top-level `imageRegistry`.",
    },
];
