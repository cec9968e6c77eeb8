// The deploy-time estimate follows the recorded graph: parallel branches
// overlap, a new dependency lengthens the critical path, a dependency on a
// component waits for its children, and children wait for their parent's
// dependencies. Durations (longest/shortest, minutes) come from DURATION_RULES:
//   VPC 0.3/0.1, MSK 40/25, EKS 15/10, node group 5/3, Helm release 8/4, Kubernetes objects 0.1/0.05.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, settle, type RecordedResource } from "../tools/offline/mocks";
import { creationMinutes, estimateDeployTime, overlap, type DeployEstimate } from "../tools/plan/deploy-time";
import { evaluateStack, shippedStacks } from "./support/unit/stacks";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    msk: "aws:msk/cluster:Cluster",
    eks: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    helm: "kubernetes:helm.sh/v3:Release",
    ns: "kubernetes:core/v1:Namespace",
    component: "milvus-on-clouds:test:Component",
};

/** A hand-built record: `deps` and `parent` name other records by their names. */
function rec(name: string, type: string, deps: string[] = [], extra: Partial<RecordedResource> & { parentName?: string } = {}): RecordedResource {
    const urn = (n: string) => `urn:pulumi:test::p::${n}`;
    const { parentName, ...rest } = extra;
    return {
        urn: urn(name),
        type,
        name,
        read: false,
        custom: type !== T.component,
        parent: parentName ? urn(parentName) : "",
        provider: "",
        dependencies: deps.map(urn),
        protect: false,
        retainOnDelete: false,
        rawInputs: {},
        inputs: {},
        ...rest,
    };
}

const byName = (d: DeployEstimate, name: string) => {
    const found = d.timeline.find((t) => t.name === name);
    assert.ok(found, `${name} is in the timeline`);
    return found;
};

describe("deploy time: critical path over hand-built graphs", () => {
    const parallel = [
        rec("vpc", T.vpc),
        rec("msk", T.msk, ["vpc"]),
        rec("eks", T.eks, ["vpc"]),
        rec("nodes", T.nodeGroup, ["eks"]),
        rec("milvus", T.helm, ["nodes", "msk"]),
    ];

    it("MSK and EKS both after the VPC run in parallel: 0.3 + max(40, 15 + 5) + 8 = 48.3 min (shortest 0.1 + 25 + 4 = 29.1)", () => {
        const d = estimateDeployTime(parallel);
        assert.deepStrictEqual(d.total, { min: 29.1, max: 48.3 });
        assert.deepStrictEqual(
            d.criticalPath.map((t) => t.name),
            ["vpc", "msk", "milvus"],
        );
        assert.ok(overlap(byName(d, "msk"), byName(d, "eks")), "MSK and EKS overlap in time");
        assert.strictEqual(byName(d, "eks").start, byName(d, "msk").start);
    });

    it("adding a dependency from MSK to the EKS cluster raises it to 0.3 + 15 + 40 + 8 = 63.3 min (shortest 0.1 + 10 + 25 + 4 = 39.1)", () => {
        const serial = parallel.map((r) => (r.name === "msk" ? rec("msk", T.msk, ["vpc", "eks"]) : r));
        const d = estimateDeployTime(serial);
        assert.deepStrictEqual(d.total, { min: 39.1, max: 63.3 });
        assert.deepStrictEqual(
            d.criticalPath.map((t) => t.name),
            ["vpc", "eks", "msk", "milvus"],
        );
        assert.ok(!overlap(byName(d, "msk"), byName(d, "eks")));
    });

    it("a dependency on a component waits for everything inside it: 15 + 5 + 8 = 28 min", () => {
        const graph = [
            rec("cluster", T.component),
            rec("eks", T.eks, [], { parentName: "cluster" }),
            rec("nodes", T.nodeGroup, ["eks"], { parentName: "cluster" }),
            rec("milvus", T.helm, ["cluster"]),
        ];
        const d = estimateDeployTime(graph);
        assert.strictEqual(d.total.max, 28);
        assert.deepStrictEqual(
            d.criticalPath.map((t) => t.name),
            ["eks", "nodes", "milvus"],
        );
    });

    it("children wait for what their parent waits for: a namespace inside a component that depends on MSK starts at 40 min", () => {
        const graph = [rec("msk", T.msk), rec("release", T.component, ["msk"]), rec("ns", T.ns, [], { parentName: "release" })];
        const d = estimateDeployTime(graph);
        assert.strictEqual(d.total.max, 40.1);
        assert.deepStrictEqual(
            d.criticalPath.map((t) => t.name),
            ["msk", "ns"],
        );
    });

    it("a resource waits for its provider, and the provider for what it was built from", () => {
        const graph = [
            rec("eks", T.eks),
            rec("k8s", "pulumi:providers:kubernetes", ["eks"]),
            rec("milvus", T.helm, [], { provider: "urn:pulumi:test::p::k8s::k8s-id" }),
        ];
        assert.strictEqual(estimateDeployTime(graph).total.max, 23);
    });

    it("unknown resource types count a few seconds and are listed; dependency cycles are an error", () => {
        const d = estimateDeployTime([rec("x", "gcp:container/cluster:Cluster")]);
        assert.deepStrictEqual(d.unknownTypes, ["gcp:container/cluster:Cluster"]);
        assert.strictEqual(d.total.max, 0.5);
        assert.throws(() => estimateDeployTime([rec("a", T.ns, ["b"]), rec("b", T.ns, ["a"])]), /dependency cycle/);
    });

    it("the duration table knows the AWS and Azure tokens the platforms use", () => {
        assert.deepStrictEqual(creationMinutes("aws:msk/cluster:Cluster").minutes, { min: 25, max: 40 });
        assert.deepStrictEqual(creationMinutes("azure-native:containerservice:ManagedCluster").minutes, { min: 6, max: 10 });
        assert.deepStrictEqual(creationMinutes("azure-native:containerservice:AgentPool").minutes, { min: 3, max: 6 });
        assert.strictEqual(creationMinutes("aws:iam/role:Role").known, true);
    });
});

describe("deploy time: a program built from the real AWS and Kubernetes SDK classes", () => {
    // The same shape the AWS platform will have, registered under the recording
    // mocks, so the type tokens and recorded dependencies are the SDK's own.
    async function awsLike(mskAfterEks: boolean): Promise<DeployEstimate> {
        const session = installMocks({ project: "milvus-on-clouds", stack: "prod-aws" });
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
        const subnet = new aws.ec2.Subnet("subnet", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
        const cluster = new aws.eks.Cluster("eks", { roleArn: "arn:aws:iam::1:role/eks", vpcConfig: { subnetIds: [subnet.id] } });
        new aws.msk.Cluster(
            "msk",
            {
                kafkaVersion: "3.8.x",
                numberOfBrokerNodes: 3,
                brokerNodeGroupInfo: {
                    instanceType: "kafka.m5.large",
                    clientSubnets: [subnet.id],
                    securityGroups: ["sg-0123"],
                    storageInfo: { ebsStorageInfo: { volumeSize: 100 } },
                },
            },
            { dependsOn: mskAfterEks ? [cluster] : [] },
        );
        const nodes = new aws.eks.NodeGroup("nodes", {
            clusterName: cluster.name,
            nodeRoleArn: "arn:aws:iam::1:role/node",
            subnetIds: [subnet.id],
            scalingConfig: { desiredSize: 3, minSize: 3, maxSize: 6 },
            instanceTypes: ["m6i.2xlarge"],
        });
        const provider = new k8s.Provider("k8s", { kubeconfig: pulumi.interpolate`${cluster.endpoint}` });
        new k8s.helm.v3.Release("milvus", { chart: "milvus", values: {} }, { provider, dependsOn: [nodes] });
        await settle();
        return estimateDeployTime(session.resources);
    }

    it("MSK and EKS overlap when MSK waits only for the network", async () => {
        const d = await awsLike(false);
        assert.ok(overlap(byName(d, "msk"), byName(d, "eks")), "MSK and EKS run in parallel");
        // VPC 0.3 + subnet 0.2 + max(MSK 40, EKS 15 + node group 5 + Helm 8 = 28) = 40.5
        assert.strictEqual(d.total.max, 40.5);
        assert.deepStrictEqual(
            d.criticalPath.map((t) => t.name),
            ["vpc", "subnet", "msk"],
        );
    });

    it("making MSK depend on the EKS cluster serialises them: 0.5 + 15 + 40 = 55.5 min", async () => {
        const d = await awsLike(true);
        assert.ok(!overlap(byName(d, "msk"), byName(d, "eks")));
        assert.strictEqual(d.total.max, 55.5);
    });
});

describe("deploy time: shipped stacks", () => {
    for (const stack of shippedStacks().filter((s) => s.startsWith("local"))) {
        it(`stack ${stack}: the Milvus Helm release is on the critical path, after its namespace and Secret`, async () => {
            const { resources } = await evaluateStack(stack);
            const d = estimateDeployTime(resources);
            const names = d.criticalPath.map((t) => t.type);
            assert.ok(names.includes(T.helm), names.join(" -> "));
            assert.ok(names.indexOf(T.helm) > names.indexOf("kubernetes:core/v1:Secret"));
            // namespace 0.1 + Secret 0.1 + release 8 (+ a PodDisruptionBudget 0.1 in cluster mode)
            assert.ok(d.total.max >= 8.2 && d.total.max <= 8.3, String(d.total.max));
            assert.deepStrictEqual(d.unknownTypes, []);
        });
    }

    for (const stack of shippedStacks().filter((s) => !s.startsWith("local"))) {
        it(`stack ${stack}: the cluster is created before the Milvus Helm release, and every resource type has a duration`, async () => {
            const { resources } = await evaluateStack(stack);
            const d = estimateDeployTime(resources);
            const types = d.criticalPath.map((t) => t.type);
            assert.strictEqual(types.filter((t) => t === T.helm).length >= 1, true, types.join(" -> "));
            assert.deepStrictEqual(d.unknownTypes, []);
            const cluster = d.timeline.find((t) => t.type === T.eks || t.type === "azure-native:containerservice:ManagedCluster");
            const release = d.timeline.find((t) => t.type === T.helm && t.name === "milvus-chart");
            assert.ok(cluster && release && release.start >= cluster.finish, "Milvus installs only once its cluster exists");
        });
    }

    it("stack aws-prod: MSK and EKS are created in parallel, so the first deploy takes about as long as MSK, not MSK + EKS", async () => {
        const { resources } = await evaluateStack("aws-prod");
        const d = estimateDeployTime(resources);
        const msk = d.timeline.find((t) => t.type === T.msk);
        const eks = d.timeline.find((t) => t.type === T.eks);
        assert.ok(msk && eks);
        assert.ok(overlap(msk, eks), `MSK ${msk.start}-${msk.finish} and EKS ${eks.start}-${eks.finish} overlap`);
        // Serialised, MSK (40) + EKS (15) alone would be 55 min before the Helm release (8).
        assert.ok(d.total.max < 40 + 15 + 8, String(d.total.max));
        assert.ok(
            d.criticalPath.some((t) => t.type === T.msk),
            "the longest branch is MSK",
        );
    });
});
