// The cost estimate prices what the program records, per region, from the
// dated price table. Expected totals are worked out by hand from prices.ts
// (730 hours a month).
import * as assert from "assert";
import type { RecordedResource } from "../tools/offline/mocks";
import { chartLoadBalancers, chartVolumes, estimateCost, premiumSsdTier } from "../tools/plan/cost";
import { PRICES } from "../tools/plan/prices";

function rec(type: string, name: string, inputs: Record<string, unknown> = {}): RecordedResource {
    return {
        urn: `urn:pulumi:t::p::${type}::${name}`,
        type,
        name,
        read: false,
        custom: true,
        parent: "",
        provider: "",
        dependencies: [],
        protect: false,
        retainOnDelete: false,
        rawInputs: inputs,
        inputs,
    };
}

const awsStack = [
    rec("aws:eks/cluster:Cluster", "eks"),
    rec("aws:eks/nodeGroup:NodeGroup", "nodes", { instanceTypes: ["m6i.2xlarge"], scalingConfig: { desiredSize: 3 }, diskSize: 50 }),
    rec("aws:msk/cluster:Cluster", "msk", {
        numberOfBrokerNodes: 3,
        brokerNodeGroupInfo: { instanceType: "kafka.m5.large", storageInfo: { ebsStorageInfo: { volumeSize: 100 } } },
    }),
    rec("aws:ec2/natGateway:NatGateway", "nat"),
];

describe("cost: price table", () => {
    it("is dated, names its sources and covers both regions per cloud for every instance size", () => {
        assert.match(PRICES.asOf, /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(PRICES.sources.some((s) => s.includes("aws.amazon.com/ec2/pricing")));
        assert.ok(PRICES.sources.some((s) => s.includes("azure.microsoft.com/pricing/details/virtual-machines")));
        assert.deepStrictEqual(Object.keys(PRICES.aws).sort(), ["eu-west-1", "us-east-1"]);
        assert.deepStrictEqual(Object.keys(PRICES.azure).sort(), ["eastus", "westeurope"]);
        assert.deepStrictEqual(
            Object.keys(PRICES.aws["eu-west-1"].instanceHourly).sort(),
            Object.keys(PRICES.aws["us-east-1"].instanceHourly).sort(),
        );
        assert.deepStrictEqual(Object.keys(PRICES.azure.westeurope.vmHourly).sort(), Object.keys(PRICES.azure.eastus.vmHourly).sort());
    });
});

describe("cost: AWS root volumes come from the launch template", () => {
    it("a node group with a launch template is priced at the template's volume size, not EKS's 20 GiB default", () => {
        const template = rec("aws:ec2/launchTemplate:LaunchTemplate", "lt", {
            blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeType: "gp3", volumeSize: 100 } }],
        });
        const group = {
            ...rec("aws:eks/nodeGroup:NodeGroup", "pool", {
                instanceTypes: ["m6i.2xlarge"],
                scalingConfig: { desiredSize: 2 },
                launchTemplate: { id: "lt-1", version: "1" },
            }),
            dependencies: [template.urn],
        };
        const c = estimateCost({ cloud: "aws", region: "us-east-1", resources: [template, group], milvusValues: {} });
        const root = c.lines.find((l) => l.item === "EBS root volumes (gp3)");
        assert.strictEqual(root?.quantity, "2 x 100 GiB");
        // gp3 0.08 x 100 x 2 = 16
        assert.ok(Math.abs((root?.monthly ?? 0) - 16) < 1e-9);
    });
});

describe("cost: AWS", () => {
    it("us-east-1: EKS 73 + 3 x m6i.2xlarge 840.96 + root disks 12 + MSK 459.90 + MSK storage 30 + NAT 32.85 = $1448.71", () => {
        // EKS 0.10 x 730 = 73; nodes 0.384 x 3 x 730 = 840.96; root gp3 0.08 x 50 x 3 = 12
        // MSK 0.21 x 3 x 730 = 459.90; storage 0.10 x 100 x 3 = 30; NAT 0.045 x 730 = 32.85
        const c = estimateCost({ cloud: "aws", region: "us-east-1", resources: awsStack, milvusValues: {} });
        assert.strictEqual(c.priceRegion, "us-east-1");
        assert.strictEqual(c.monthlyTotal, 1448.71);
        assert.deepStrictEqual(
            c.lines.map((l) => l.monthly),
            [73, 840.96, 12, 459.9, 30, 32.85],
        );
    });

    it("eu-west-1 prices differ: 73 + 937.32 + 13.20 + 494.94 + 33 + 35.04 = $1586.50", () => {
        // nodes 0.428 x 3 x 730 = 937.32; gp3 0.088 x 150 = 13.2; MSK 0.226 x 3 x 730 = 494.94; 0.11 x 300 = 33; NAT 0.048 x 730 = 35.04
        assert.strictEqual(estimateCost({ cloud: "aws", region: "eu-west-1", resources: awsStack, milvusValues: {} }).monthlyTotal, 1586.5);
    });

    it("chart volumes become gp3, the program's LoadBalancer Service an NLB, a sized workload S3 storage", () => {
        const values = {
            cluster: { enabled: true },
            etcd: { replicaCount: 3, persistence: { size: "20Gi" } },
            minio: { enabled: false },
            pulsarv3: { enabled: false },
        };
        const lb = rec("kubernetes:core/v1:Service", "milvus-external", { metadata: { name: "milvus-lb" }, spec: { type: "LoadBalancer" } });
        const clusterIp = rec("kubernetes:core/v1:Service", "other", { metadata: { name: "other" }, spec: { type: "ClusterIP" } });
        const c = estimateCost({
            cloud: "aws",
            region: "us-east-1",
            resources: [rec("aws:s3/bucketV2:BucketV2", "data"), lb, clusterIp],
            milvusValues: values,
            objectStoreBytes: 257 * 1024 ** 3,
        });
        // S3 0.023 x 257 = 5.911 -> 5.91; etcd gp3 0.08 x 20 x 3 = 4.80; NLB 0.0225 x 730 = 16.425 -> 16.43 (rounded per line)
        assert.deepStrictEqual(
            c.lines.map((l) => [l.item, l.monthly]),
            [
                ["S3 Standard storage", 5.91],
                ["EBS gp3 volumes: etcd", 4.8],
                ["Network Load Balancer: Milvus Service milvus-lb", 16.43],
            ],
        );
        assert.strictEqual(c.monthlyTotal, 27.14);
        // The chart's own service.type (refused by validation) is not what creates a load balancer.
        assert.deepStrictEqual(chartLoadBalancers({ service: { type: "LoadBalancer" } }), []);
    });

    it("kept backups are priced as the bucket's storage: 7 x 100 GB at S3 Standard 0.023 = $16.10; unsized, a zero line that says so", () => {
        const bucket = [rec("aws:s3/bucketV2:BucketV2", "data")];
        const sized = estimateCost({
            cloud: "aws",
            region: "us-east-1",
            resources: bucket,
            milvusValues: {},
            backups: { kept: 7, bytesEach: 100 * 1024 ** 3 },
        });
        const line = sized.lines.find((l) => l.item.startsWith("Backups"));
        assert.deepStrictEqual([line?.quantity, line?.monthly], ["7 kept x 100 GB (sized)", 16.1]);
        const unsized = estimateCost({ cloud: "aws", region: "us-east-1", resources: bucket, milvusValues: {}, backups: { kept: 7 } });
        assert.match(String(unsized.lines.find((l) => l.item.startsWith("Backups"))?.note), /backup size not estimated/);
        assert.strictEqual(
            estimateCost({ cloud: "aws", region: "us-east-1", resources: bucket, milvusValues: {} }).lines.some((l) => l.item.startsWith("Backups")),
            false,
        );
    });

    it("a region without prices falls back to us-east-1 and says so; an unknown instance type is left out with a note", () => {
        const c = estimateCost({
            cloud: "aws",
            region: "ap-south-1",
            milvusValues: {},
            resources: [rec("aws:eks/nodeGroup:NodeGroup", "gpu", { instanceTypes: ["g5.xlarge"], scalingConfig: { desiredSize: 1 } })],
        });
        assert.strictEqual(c.priceRegion, "us-east-1");
        assert.ok(c.notes.some((n) => n.includes("no prices recorded for region ap-south-1")));
        assert.strictEqual(c.lines[0].monthly, null);
        assert.match(c.lines[0].note ?? "", /no price for g5\.xlarge/);
        // only the default 20 GiB root disk is priced: 0.08 x 20 = 1.60
        assert.strictEqual(c.monthlyTotal, 1.6);
    });
});

describe("cost: Azure", () => {
    it("eastus: AKS Standard 73 + 5 x E8s_v5 1839.60 + system pool 2 x D4s_v5 280.32 + OS disks 2 x P10 39.42 + NAT 32.85 = $2265.19", () => {
        // AKS 0.10 x 730 = 73; E8s_v5 0.504 x 5 x 730 = 1839.6 (ephemeral OS disk: no disk line)
        // D4s_v5 0.192 x 2 x 730 = 280.32; default 128 GiB managed OS disk -> P10 19.71 x 2 = 39.42; NAT 0.045 x 730 = 32.85
        const resources = [
            rec("azure-native:containerservice:ManagedCluster", "aks", {
                sku: { tier: "Standard" },
                agentPoolProfiles: [{ name: "system", vmSize: "Standard_D4s_v5", count: 2 }],
            }),
            rec("azure-native:containerservice:AgentPool", "query", { vmSize: "Standard_E8s_v5", count: 5, osDiskType: "Ephemeral" }),
            rec("azure-native:network:NatGateway", "nat"),
        ];
        const c = estimateCost({ cloud: "azure", region: "eastus", resources, milvusValues: {} });
        assert.strictEqual(c.monthlyTotal, 2265.19);
        // westeurope is dearer
        assert.ok(estimateCost({ cloud: "azure", region: "westeurope", resources, milvusValues: {} }).monthlyTotal > 2265.19);
    });

    it("Premium SSD is billed per tier: 20 GiB -> P4, 100 GiB -> P10, 257 GiB -> P20", () => {
        const p = PRICES.azure.eastus;
        assert.strictEqual(premiumSsdTier(p, 20)?.tier, "P4");
        assert.strictEqual(premiumSsdTier(p, 100)?.tier, "P10");
        assert.strictEqual(premiumSsdTier(p, 257)?.tier, "P20");
        assert.strictEqual(premiumSsdTier(p, 5000), undefined);
    });
});

describe("cost: local and chart volumes", () => {
    it("the local platform costs nothing and says so, listing the volumes the chart will claim", () => {
        const values = {
            cluster: { enabled: false },
            standalone: { persistence: { persistentVolumeClaim: { size: "20Gi" } } },
            etcd: { replicaCount: 1, persistence: { size: "10Gi" } },
            minio: { enabled: true, mode: "standalone", persistence: { size: "20Gi" } },
        };
        const c = estimateCost({ cloud: "local", resources: [], milvusValues: values });
        assert.strictEqual(c.monthlyTotal, 0);
        assert.deepStrictEqual(c.lines, []);
        assert.match(c.notes.join("\n"), /no billable cloud resources, so its own cost is 0/);
        assert.match(c.notes.join("\n"), /1 x 20 GiB standalone, 1 x 10 GiB etcd, 1 x 20 GiB minio \(50 GiB in total\)/);
    });

    it("reads Pulsar and distributed MinIO volumes, and the chart's 20Gi zookeeper default when none is set", () => {
        const values = {
            cluster: { enabled: true },
            etcd: { replicaCount: 3, persistence: { size: "20Gi" } },
            minio: { enabled: true, mode: "distributed", replicas: 4, persistence: { size: "30Gi" } },
            pulsarv3: {
                enabled: true,
                bookkeeper: { replicaCount: 3, volumes: { journal: { size: "2Gi" }, ledgers: { size: "20Gi" } } },
                zookeeper: { replicaCount: 3 },
            },
            attu: { enabled: true, ingress: { enabled: true } },
        };
        assert.deepStrictEqual(
            chartVolumes(values).map((v) => `${v.name} ${v.count}x${v.sizeGiB}`),
            ["etcd 3x20", "minio 4x30", "pulsar bookkeeper journal 3x2", "pulsar bookkeeper ledgers 3x20", "pulsar zookeeper 3x20"],
        );
        assert.deepStrictEqual(chartLoadBalancers(values), ["Attu Ingress"]);
    });
});
