// The `aws` config block: defaults, and every impossible combination refused
// before any resource is registered, with the key, the value and what is allowed.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { architectureOf } from "../components/aws/architecture";
import { parseIpv4Cidr, zoneSubnets } from "../components/aws/cidr";
import { ConfigValidationError, type ConfigProblem } from "../components/config/problems";
import { validateStackConfig } from "../components/config/validate";
import { INSTANCE_SIZES, instanceSize } from "../components/sizing/nodes";
import { ROOT } from "./harness/stacks";

function problemsOf(raw: Record<string, unknown>): ConfigProblem[] {
    try {
        validateStackConfig(raw);
    } catch (e) {
        assert.ok(e instanceof ConfigValidationError, `expected a ConfigValidationError, got ${String(e)}`);
        return e.problems;
    }
    return [];
}

/** The problems for one key, as one string each (key, value, allowed). */
function problemsFor(raw: Record<string, unknown>, key: string): string[] {
    return problemsOf(raw).filter((p) => p.key === key).map((p) => `${JSON.stringify(p.given)} ${p.allowed}`);
}

const aws = (block: Record<string, unknown>, milvus: Record<string, unknown> = {}, environment = "dev") =>
    ({ cloud: "aws", environment, milvus, aws: { region: "us-west-2", ...block } });

describe("aws config: defaults", () => {
    it("dev: one small general pool, a new VPC with a single NAT gateway, keyless bucket under rootPath milvus", () => {
        const c = validateStackConfig(aws({}));
        assert.ok(c.aws);
        assert.deepStrictEqual(c.aws.network, { kind: "create", cidr: "10.0.0.0/16", availabilityZones: undefined, natGateways: "single" });
        assert.strictEqual(c.aws.nodePools.length, 1);
        assert.strictEqual(c.aws.nodePools[0].name, "general");
        assert.strictEqual(c.aws.bucket.rootPath, "milvus");
        assert.deepStrictEqual(c.aws.cluster.publicAccessCidrs, [], "the public API endpoint is off unless CIDRs are given");
        assert.strictEqual(c.milvus.messageQueue, "woodpecker", "standalone dev uses Woodpecker on the bucket");
    });

    it("prod: cluster mode on Amazon MSK, three m6i.2xlarge nodes, a NAT gateway per zone", () => {
        const c = validateStackConfig(aws({}, {}, "prod"));
        assert.ok(c.aws);
        assert.strictEqual(c.milvus.mode, "cluster");
        assert.strictEqual(c.milvus.messageQueue, "kafka");
        assert.strictEqual(c.aws.network.kind === "create" && c.aws.network.natGateways, "perZone");
        assert.deepStrictEqual(c.aws.nodePools.map((p) => [p.instanceTypes, p.minSize, p.desiredSize]), [[["m6i.2xlarge"], 3, 3]]);
        assert.strictEqual(c.aws.msk.type, "provisioned");
        assert.match(c.aws.msk.kafkaVersion, /^3\./);
    });

    it("a Kubernetes version before 1.30 is refused (gp2 would stay the default class)", () => {
        assert.deepStrictEqual(problemsOf(aws({ cluster: { version: "1.29" } })).map((p) => p.key), ["aws.cluster.version"]);
        assert.deepStrictEqual(problemsOf(aws({ cluster: { version: "1.33" } })), []);
    });
});

describe("aws config: refused combinations", () => {
    it("cloud aws without an aws block names aws.region", () => {
        const problems = problemsOf({ cloud: "aws" });
        assert.deepStrictEqual(problems.map((p) => p.key), ["aws.region"]);
        assert.match(problems[0].allowed, /required when cloud is aws/);
    });

    it("a malformed region is refused with an example", () => {
        assert.match(problemsFor(aws({ region: "mars-north" }), "aws.region")[0], /"mars-north" must be an AWS region such as "us-west-2"/);
    });

    it("MSK Serverless is refused with the reason: IAM-only client authentication", () => {
        const [problem] = problemsFor(aws({ msk: { type: "serverless" } }, { mode: "cluster", messageQueue: "kafka" }), "aws.msk.type");
        assert.match(problem, /^"serverless" allowed: provisioned/);
        assert.match(problem, /IAM/);
    });

    it("an msk block with another queue is refused, and so is milvus.externalKafka", () => {
        assert.match(problemsFor(aws({ msk: { instanceType: "kafka.m7g.large" } }, { mode: "cluster", messageQueue: "pulsar" }), "aws.msk")[0], /read only when milvus.messageQueue is "kafka" \(it is "pulsar"\)/);
        const external = { brokers: ["b-1.example:9096"], credentialsSecret: { name: "kafka" } };
        assert.match(problemsFor(aws({}, { mode: "cluster", externalKafka: external }), "milvus.externalKafka")[0], /creates Amazon MSK/);
    });

    it("Kafka 4 is refused: Milvus supports Kafka 2.x and 3.x", () => {
        assert.strictEqual(problemsFor(aws({ msk: { kafkaVersion: "4.0.x" } }, { mode: "cluster", messageQueue: "kafka" }), "aws.msk.kafkaVersion").length, 1);
    });

    it("the public API endpoint cannot be opened to the whole internet", () => {
        assert.match(problemsFor(aws({ cluster: { publicAccessCidrs: ["0.0.0.0/0"] } }), "aws.cluster.publicAccessCidrs")[0], /^"0.0.0.0\/0" must not include the whole internet/);
    });

    it("an existing VPC needs its private subnets, and the new-VPC keys are refused with it", () => {
        assert.deepStrictEqual(problemsOf(aws({ network: { vpcId: "vpc-0123456789abcdef0", natGateways: "single" } })).map((p) => p.key).sort(),
            ["aws.network.natGateways", "aws.network.privateSubnetIds"]);
        assert.deepStrictEqual(problemsOf(aws({ network: { privateSubnetIds: ["subnet-01234567", "subnet-89abcdef"] } })).map((p) => p.key), ["aws.network.vpcId"]);
    });

    it("more than three existing subnets need aws.msk.subnetIds (MSK uses two or three zones)", () => {
        const network = { vpcId: "vpc-01234567", privateSubnetIds: ["subnet-00000001", "subnet-00000002", "subnet-00000003", "subnet-00000004"] };
        const kafka = { mode: "cluster", messageQueue: "kafka" };
        assert.deepStrictEqual(problemsOf(aws({ network }, kafka)).map((p) => p.key), ["aws.msk.subnetIds"]);
        assert.deepStrictEqual(problemsOf(aws({ network, msk: { subnetIds: ["subnet-00000001", "subnet-00000002", "subnet-00000003"] } }, kafka)), []);
    });

    it("availability zones must belong to the region, the VPC CIDR must be a network address", () => {
        assert.match(problemsFor(aws({ network: { availabilityZones: ["us-west-2a", "eu-west-1b"] } }), "aws.network.availabilityZones")[0], /^"eu-west-1b" must be zones of aws.region "us-west-2"/);
        assert.strictEqual(problemsFor(aws({ network: { cidr: "10.0.1.0/16" } }), "aws.network.cidr").length, 1);
        assert.strictEqual(problemsFor(aws({ network: { cidr: "10.0.0.0/12" } }), "aws.network.cidr").length, 1, "too large for the subnet layout");
    });

    it("an aws block on another cloud is refused", () => {
        assert.deepStrictEqual(problemsOf({ cloud: "local", aws: { region: "us-west-2" } }).map((p) => p.key), ["aws"]);
    });
});

describe("aws config: node pools", () => {
    const pool = (name: string, extra: Record<string, unknown> = {}) => ({ name, instanceTypes: ["m6i.xlarge"], ...extra });
    const cluster = { mode: "cluster" };
    const taint = { key: "milvus.io/role", value: "query", effect: "NoSchedule" };

    it("dedicated pools for query nodes and dependencies, with a general pool for system pods, are accepted", () => {
        const c = validateStackConfig(aws({
            nodePools: [pool("general"), pool("query", { roles: ["queryNode"], taints: [taint] }), pool("deps", { roles: ["dependencies"] })],
        }, cluster));
        assert.deepStrictEqual(c.aws?.nodePools.map((p) => p.roles), [[], ["queryNode"], ["dependencies"]]);
    });

    it("an unknown key inside a pool lists the keys a pool allows", () => {
        const [problem] = problemsOf(aws({ nodePools: [pool("general", { instanceType: "m6i.large" })] }));
        assert.strictEqual(problem.key, "aws.nodePools.0.instanceType");
        assert.match(problem.allowed, /allowed keys under aws.nodePools.0: name, instanceTypes,/);
    });

    it("refuses duplicate names, a role on two pools, and a role the mode does not deploy", () => {
        const keys = problemsOf(aws({
            nodePools: [pool("general", { roles: ["queryNode", "standalone"] }), pool("general", { roles: ["queryNode"] })],
        }, cluster)).map((p) => `${p.key}=${JSON.stringify(p.given)}`).sort();
        assert.deepStrictEqual(keys, ["aws.nodePools.0.roles=\"standalone\"", "aws.nodePools.1.name=\"general\"", "aws.nodePools.1.roles=\"queryNode\""]);
    });

    it("needs one pool without NoSchedule taints for system pods, and roles on every tainted pool", () => {
        assert.deepStrictEqual(problemsOf(aws({ nodePools: [pool("query", { roles: ["queryNode"], taints: [taint] })] }, cluster)).map((p) => p.key), ["aws.nodePools"]);
        assert.deepStrictEqual(problemsOf(aws({ nodePools: [pool("general"), pool("idle", { taints: [taint] })] }, cluster)).map((p) => p.key), ["aws.nodePools.1.taints"]);
    });

    it("refuses mixed CPU architectures, reserved labels and sizes out of order", () => {
        const keys = problemsOf(aws({
            nodePools: [pool("general", {
                instanceTypes: ["m6i.xlarge", "m7g.xlarge"],
                labels: { "milvus-on-clouds/node-pool": "x", "node.kubernetes.io/role": "y", team: "search" },
                minSize: 3, desiredSize: 2, maxSize: 4,
            })],
        })).map((p) => `${p.key}=${JSON.stringify(p.given)}`).sort();
        assert.deepStrictEqual(keys, [
            "aws.nodePools.0.desiredSize={\"minSize\":3,\"desiredSize\":2,\"maxSize\":4}",
            "aws.nodePools.0.instanceTypes=[\"m6i.xlarge\",\"m7g.xlarge\"]",
            "aws.nodePools.0.labels.milvus-on-clouds/node-pool=\"x\"",
            "aws.nodePools.0.labels.node.kubernetes.io/role=\"y\"",
        ]);
    });
});

describe("aws helpers", () => {
    it("cuts the VPC into three private subnets and three small public ones, all inside it and disjoint", () => {
        for (const vpc of ["10.0.0.0/16", "172.20.0.0/20"]) {
            const subnets = zoneSubnets(vpc, 3).flatMap((s) => [s.privateCidr, s.publicCidr]).map((c) => parseIpv4Cidr(c)!);
            const outer = parseIpv4Cidr(vpc)!;
            const ranges = subnets.map((b) => [b.base, b.base + 2 ** (32 - b.prefix)] as const).sort((a, b) => a[0] - b[0]);
            for (const [start, end] of ranges) assert.ok(start >= outer.base && end <= outer.base + 2 ** (32 - outer.prefix), `${vpc}: outside`);
            for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i][0] >= ranges[i - 1][1], `${vpc}: overlapping subnets`);
        }
        assert.deepStrictEqual(zoneSubnets("10.0.0.0/16", 2), [
            { privateCidr: "10.0.0.0/18", publicCidr: "10.0.192.0/20" },
            { privateCidr: "10.0.64.0/18", publicCidr: "10.0.208.0/20" },
        ]);
    });

    it("tells Graviton instance types from x86 ones", () => {
        assert.deepStrictEqual(["m7g.large", "c6gn.xlarge", "r8gd.2xlarge", "m6i.2xlarge", "g4dn.xlarge", "m7i-flex.large"].map(architectureOf),
            ["arm64", "arm64", "arm64", "x86_64", "x86_64", "x86_64"]);
    });

    it("knows the vCPU and memory of the EC2 types the stacks and defaults use, and of their families (EC2 product pages)", () => {
        const size = (name: string) => { const s = instanceSize(name); return `${s.cloud} ${s.cpu}/${s.memoryGiB}`; };
        // defaults and stacks: dev m6i.xlarge, prod m6i.2xlarge; the README's query pool r6i.2xlarge
        assert.strictEqual(size("m6i.xlarge"), "aws 4/16");
        assert.strictEqual(size("m6i.2xlarge"), "aws 8/32");
        assert.strictEqual(size("r6i.2xlarge"), "aws 8/64");
        // general purpose 4 GiB, memory optimised 8 GiB, compute optimised 2 GiB per vCPU; t3.medium is 2 vCPU / 4 GiB
        assert.deepStrictEqual(["m7g.xlarge", "m5.16xlarge", "r7g.16xlarge", "r7i.8xlarge", "c6i.2xlarge", "c7g.large", "t3.medium", "t3.2xlarge"].map(size),
            ["aws 4/16", "aws 64/256", "aws 64/512", "aws 32/256", "aws 8/16", "aws 2/4", "aws 2/4", "aws 8/32"]);
        assert.ok(Object.entries(INSTANCE_SIZES).every(([name, s]) => (s.cloud === "aws") === /^[a-z][a-z0-9]*\.[a-z0-9]+$/.test(name)), "aws entries are EC2 names");
    });

    it("config modules never load @pulumi/aws, so local stacks start without it", () => {
        const seen = new Set<string>();
        const offenders: string[] = [];
        const visit = (file: string): void => {
            if (seen.has(file)) return;
            seen.add(file);
            const source = fs.readFileSync(file, "utf8");
            for (const [, spec] of source.matchAll(/^import (?!type )[^;]*? from "([^"]+)";/gms)) {
                if (spec.startsWith("@pulumi/aws")) offenders.push(path.relative(ROOT, file));
                if (spec.startsWith(".")) visit(path.resolve(path.dirname(file), `${spec}.ts`));
            }
        };
        visit(path.join(ROOT, "components", "config", "validate.ts"));
        visit(path.join(ROOT, "components", "platforms.ts"));
        assert.ok(seen.has(path.join(ROOT, "components", "aws", "rules.ts")), "the walk reaches the aws rules");
        assert.deepStrictEqual(offenders, []);
    });
});
