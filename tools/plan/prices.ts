// On-demand list prices the plan's cost estimate uses: USD, Linux, no
// discounts, no taxes, no data transfer. Update `asOf` and the numbers together.
//
// Recorded 2026-11-22 from the providers' public pricing pages named in
// `sources`. The us-east-1 EC2 rates were cross-checked against AWS Price List
// data as published in aws/karpenter-provider-aws
// pkg/providers/pricing/zz_generated.pricing_aws.go (generated 2026-01-19).
// The other entries are the published list prices as known when recorded;
// the build environment has no network, so they were not re-fetched: re-check
// them on the pages below before using the estimate for a budget.

export interface AwsRegionPrices {
    /** EC2 on-demand, per instance-hour. */
    instanceHourly: Record<string, number>;
    /** EKS control plane in standard support, per cluster-hour. */
    eksClusterHourly: number;
    /** MSK provisioned standard brokers, per broker-hour. */
    mskBrokerHourly: Record<string, number>;
    /** MSK broker storage, per GB-month. */
    mskStorageGbMonth: number;
    /** NAT gateway, per hour (data processing not included). */
    natGatewayHourly: number;
    /** Public IPv4 address, per hour. */
    publicIpv4Hourly: number;
    /** Network or application load balancer, per hour (capacity units not included). */
    loadBalancerHourly: number;
    /** EBS gp3, per GB-month (baseline IOPS and throughput). */
    ebsGp3GbMonth: number;
    /** S3 Standard, first 50 TB, per GB-month (requests not included). */
    s3StandardGbMonth: number;
    /** KMS customer-managed key, per key-month. */
    kmsKeyMonth: number;
    /** Secrets Manager, per secret-month. */
    secretMonth: number;
}

export interface AzureRegionPrices {
    /** Virtual machines (Linux, pay as you go), per hour. */
    vmHourly: Record<string, number>;
    /** AKS Standard tier (uptime SLA), per cluster-hour; the Free tier costs nothing. */
    aksStandardHourly: number;
    /** AKS Premium tier, per cluster-hour. */
    aksPremiumHourly: number;
    natGatewayHourly: number;
    /** Standard static public IP, per hour. */
    publicIpHourly: number;
    /** Standard load balancer (first five rules), per hour. */
    loadBalancerHourly: number;
    /** Premium SSD (LRS) managed disks: billed per disk tier, smallest tier at least the requested size. */
    premiumSsdMonth: Array<{ tier: string; sizeGiB: number; month: number }>;
    /** Blob storage, hot tier, LRS, first 50 TB, per GB-month. */
    blobHotGbMonth: number;
    /** Key Vault key (software-protected), per key-month (operations not included). */
    keyVaultKeyMonth: number;
}

export interface PriceTable {
    asOf: string;
    currency: "USD";
    hoursPerMonth: number;
    sources: string[];
    note: string;
    aws: Record<string, AwsRegionPrices>;
    azure: Record<string, AzureRegionPrices>;
    /** Region used when the stack's region has no entry. */
    fallbackRegion: { aws: string; azure: string };
}

export const PRICES: PriceTable = {
    asOf: "2026-11-22",
    currency: "USD",
    hoursPerMonth: 730,
    sources: [
        "https://aws.amazon.com/ec2/pricing/on-demand/",
        "https://aws.amazon.com/eks/pricing/",
        "https://aws.amazon.com/msk/pricing/",
        "https://aws.amazon.com/vpc/pricing/ (NAT gateway, public IPv4)",
        "https://aws.amazon.com/elasticloadbalancing/pricing/",
        "https://aws.amazon.com/ebs/pricing/",
        "https://aws.amazon.com/s3/pricing/",
        "https://aws.amazon.com/kms/pricing/ and https://aws.amazon.com/secrets-manager/pricing/",
        "AWS Price List data in aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go, generated 2026-01-19 (us-east-1 EC2 cross-check)",
        "https://azure.microsoft.com/pricing/details/virtual-machines/linux/",
        "https://azure.microsoft.com/pricing/details/kubernetes-service/",
        "https://azure.microsoft.com/pricing/details/azure-nat-gateway/ and https://azure.microsoft.com/pricing/details/ip-addresses/",
        "https://azure.microsoft.com/pricing/details/load-balancer/",
        "https://azure.microsoft.com/pricing/details/managed-disks/",
        "https://azure.microsoft.com/pricing/details/storage/blobs/",
        "https://azure.microsoft.com/pricing/details/key-vault/",
    ],
    note: "On-demand list prices, USD, Linux, 730 hours a month; no discounts, taxes, data transfer, requests or support plans.",
    fallbackRegion: { aws: "us-east-1", azure: "eastus" },
    aws: {
        "us-east-1": {
            instanceHourly: {
                "t3.medium": 0.0416,
                "t3.large": 0.0832,
                "t3.xlarge": 0.1664,
                "m6i.large": 0.096,
                "m6i.xlarge": 0.192,
                "m6i.2xlarge": 0.384,
                "m6i.4xlarge": 0.768,
                "m6i.8xlarge": 1.536,
                "m7i.large": 0.1008,
                "m7i.xlarge": 0.2016,
                "m7i.2xlarge": 0.4032,
                "m7i.4xlarge": 0.8064,
                "r6i.large": 0.126,
                "r6i.xlarge": 0.252,
                "r6i.2xlarge": 0.504,
                "r6i.4xlarge": 1.008,
                "r6i.8xlarge": 2.016,
            },
            eksClusterHourly: 0.1,
            mskBrokerHourly: {
                "kafka.t3.small": 0.0456,
                "kafka.m5.large": 0.21,
                "kafka.m5.xlarge": 0.42,
                "kafka.m5.2xlarge": 0.84,
                "kafka.m5.4xlarge": 1.68,
                "kafka.m7g.large": 0.204,
                "kafka.m7g.xlarge": 0.408,
                "kafka.m7g.2xlarge": 0.816,
            },
            mskStorageGbMonth: 0.1,
            natGatewayHourly: 0.045,
            publicIpv4Hourly: 0.005,
            loadBalancerHourly: 0.0225,
            ebsGp3GbMonth: 0.08,
            s3StandardGbMonth: 0.023,
            kmsKeyMonth: 1.0,
            secretMonth: 0.4,
        },
        "eu-west-1": {
            instanceHourly: {
                "t3.medium": 0.0456,
                "t3.large": 0.0912,
                "t3.xlarge": 0.1824,
                "m6i.large": 0.107,
                "m6i.xlarge": 0.214,
                "m6i.2xlarge": 0.428,
                "m6i.4xlarge": 0.856,
                "m6i.8xlarge": 1.712,
                "m7i.large": 0.1124,
                "m7i.xlarge": 0.2247,
                "m7i.2xlarge": 0.4494,
                "m7i.4xlarge": 0.8988,
                "r6i.large": 0.141,
                "r6i.xlarge": 0.282,
                "r6i.2xlarge": 0.564,
                "r6i.4xlarge": 1.128,
                "r6i.8xlarge": 2.256,
            },
            eksClusterHourly: 0.1,
            mskBrokerHourly: {
                "kafka.t3.small": 0.05,
                "kafka.m5.large": 0.226,
                "kafka.m5.xlarge": 0.452,
                "kafka.m5.2xlarge": 0.904,
                "kafka.m5.4xlarge": 1.808,
                "kafka.m7g.large": 0.2196,
                "kafka.m7g.xlarge": 0.4392,
                "kafka.m7g.2xlarge": 0.8784,
            },
            mskStorageGbMonth: 0.11,
            natGatewayHourly: 0.048,
            publicIpv4Hourly: 0.005,
            loadBalancerHourly: 0.0252,
            ebsGp3GbMonth: 0.088,
            s3StandardGbMonth: 0.023,
            kmsKeyMonth: 1.0,
            secretMonth: 0.4,
        },
    },
    azure: {
        eastus: {
            vmHourly: {
                Standard_D2s_v5: 0.096,
                Standard_D4s_v5: 0.192,
                Standard_D8s_v5: 0.384,
                Standard_D16s_v5: 0.768,
                Standard_D32s_v5: 1.536,
                Standard_E2s_v5: 0.126,
                Standard_E4s_v5: 0.252,
                Standard_E8s_v5: 0.504,
                Standard_E16s_v5: 1.008,
                Standard_E32s_v5: 2.016,
                // The "ds" variants (local temp disk) the Azure platform defaults to.
                Standard_D2ds_v5: 0.113,
                Standard_D4ds_v5: 0.226,
                Standard_D8ds_v5: 0.452,
                Standard_D16ds_v5: 0.904,
                Standard_D32ds_v5: 1.808,
                Standard_E2ds_v5: 0.144,
                Standard_E4ds_v5: 0.288,
                Standard_E8ds_v5: 0.576,
                Standard_E16ds_v5: 1.152,
                Standard_E32ds_v5: 2.304,
            },
            aksStandardHourly: 0.1,
            aksPremiumHourly: 0.6,
            natGatewayHourly: 0.045,
            publicIpHourly: 0.005,
            loadBalancerHourly: 0.025,
            premiumSsdMonth: [
                { tier: "P4", sizeGiB: 32, month: 5.28 },
                { tier: "P6", sizeGiB: 64, month: 10.21 },
                { tier: "P10", sizeGiB: 128, month: 19.71 },
                { tier: "P15", sizeGiB: 256, month: 38.02 },
                { tier: "P20", sizeGiB: 512, month: 73.22 },
                { tier: "P30", sizeGiB: 1024, month: 135.17 },
                { tier: "P40", sizeGiB: 2048, month: 259.05 },
                { tier: "P50", sizeGiB: 4096, month: 495.57 },
            ],
            blobHotGbMonth: 0.0184,
            keyVaultKeyMonth: 0.0,
        },
        westeurope: {
            vmHourly: {
                Standard_D2s_v5: 0.115,
                Standard_D4s_v5: 0.23,
                Standard_D8s_v5: 0.46,
                Standard_D16s_v5: 0.92,
                Standard_D32s_v5: 1.84,
                Standard_E2s_v5: 0.152,
                Standard_E4s_v5: 0.304,
                Standard_E8s_v5: 0.608,
                Standard_E16s_v5: 1.216,
                Standard_E32s_v5: 2.432,
                // Not read off the price page: eastus "ds" prices times this region's Ds_v5/Es_v5 ratio (1.198 / 1.206). Verify before budgeting.
                Standard_D2ds_v5: 0.135,
                Standard_D4ds_v5: 0.271,
                Standard_D8ds_v5: 0.541,
                Standard_D16ds_v5: 1.083,
                Standard_D32ds_v5: 2.166,
                Standard_E2ds_v5: 0.174,
                Standard_E4ds_v5: 0.347,
                Standard_E8ds_v5: 0.695,
                Standard_E16ds_v5: 1.389,
                Standard_E32ds_v5: 2.779,
            },
            aksStandardHourly: 0.1,
            aksPremiumHourly: 0.6,
            natGatewayHourly: 0.045,
            publicIpHourly: 0.005,
            loadBalancerHourly: 0.025,
            premiumSsdMonth: [
                { tier: "P4", sizeGiB: 32, month: 5.81 },
                { tier: "P6", sizeGiB: 64, month: 11.23 },
                { tier: "P10", sizeGiB: 128, month: 21.68 },
                { tier: "P15", sizeGiB: 256, month: 41.82 },
                { tier: "P20", sizeGiB: 512, month: 80.54 },
                { tier: "P30", sizeGiB: 1024, month: 148.69 },
                { tier: "P40", sizeGiB: 2048, month: 284.96 },
                { tier: "P50", sizeGiB: 4096, month: 545.13 },
            ],
            blobHotGbMonth: 0.0196,
            keyVaultKeyMonth: 0.0,
        },
    },
};
