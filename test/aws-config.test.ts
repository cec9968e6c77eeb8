// The `aws` config block: defaults, and every impossible combination refused
// before any resource is registered, with the key, the value and what is allowed.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { architectureOf } from "../components/aws/architecture";
import { zoneSubnets } from "../components/network/zone-subnets";
import { parseIpv4Cidr } from "../components/network/ipv4";
import { rootVolumeGiB, sizeAwsNodePools } from "../components/aws/pool-sizing";
import { configProblems, configOn } from "./support/unit/config";
import { INSTANCE_SIZES, instanceSize } from "../components/sizing/nodes";
import { ROOT, rawProjectConfig, stackFileConfig } from "./support/unit/stacks";

/** Every stack validated here is on aws: its settings are typed. */
const validateStackConfig = (raw: Record<string, unknown>) => configOn("aws", raw);

/** The problems for one key, as one string each (key, value, allowed). */
function problemsFor(raw: Record<string, unknown>, key: string): string[] {
    return configProblems(raw)
        .filter((p) => p.key === key)
        .map((p) => `${JSON.stringify(p.given)} ${p.allowed}`);
}

const aws = (block: Record<string, unknown>, milvus: Record<string, unknown> = {}, environment = "dev") => ({
    cloud: "aws",
    environment,
    milvus,
    aws: { region: "us-west-2", ...block },
});

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
        assert.deepStrictEqual(
            c.aws.nodePools.map((p) => [p.instanceTypes, p.minSize, p.desiredSize]),
            [[["m6i.2xlarge"], 3, 3]],
        );
        assert.strictEqual(c.aws.msk.type, "provisioned");
        assert.match(c.aws.msk.kafkaVersion, /^3\./);
    });

    it("a Kubernetes version before 1.30 is refused (gp2 would stay the default class)", () => {
        assert.deepStrictEqual(
            configProblems(aws({ cluster: { version: "1.29" } })).map((p) => p.key),
            ["aws.cluster.version"],
        );
        assert.deepStrictEqual(configProblems(aws({ cluster: { version: "1.33" } })), []);
    });
});

describe("aws config: refused combinations", () => {
    it("cloud aws without an aws block names aws.region", () => {
        const problems = configProblems({ cloud: "aws" });
        assert.deepStrictEqual(
            problems.map((p) => p.key),
            ["aws.region"],
        );
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
        assert.match(
            problemsFor(aws({ msk: { instanceType: "kafka.m7g.large" } }, { mode: "cluster", messageQueue: "pulsar" }), "aws.msk")[0],
            /read only when milvus.messageQueue is "kafka" \(it is "pulsar"\)/,
        );
        const external = { brokers: ["b-1.example:9096"], credentialsSecret: { name: "kafka" } };
        assert.match(problemsFor(aws({}, { mode: "cluster", externalKafka: external }), "milvus.externalKafka")[0], /creates Amazon MSK/);
    });

    it("Kafka 4 is refused: Milvus supports Kafka 2.x and 3.x", () => {
        assert.strictEqual(
            problemsFor(aws({ msk: { kafkaVersion: "4.0.x" } }, { mode: "cluster", messageQueue: "kafka" }), "aws.msk.kafkaVersion").length,
            1,
        );
    });

    it("the public API endpoint cannot be opened to the whole internet", () => {
        assert.match(
            problemsFor(aws({ cluster: { publicAccessCidrs: ["0.0.0.0/0"] } }), "aws.cluster.publicAccessCidrs")[0],
            /^"0.0.0.0\/0" must not admit the whole internet/,
        );
    });

    it("an existing VPC needs its private subnets, and the new-VPC keys are refused with it", () => {
        assert.deepStrictEqual(
            configProblems(aws({ network: { vpcId: "vpc-0123456789abcdef0", natGateways: "single" } }))
                .map((p) => p.key)
                .sort(),
            ["aws.network.natGateways", "aws.network.privateSubnetIds"],
        );
        assert.deepStrictEqual(
            configProblems(aws({ network: { privateSubnetIds: ["subnet-01234567", "subnet-89abcdef"] } })).map((p) => p.key),
            ["aws.network.vpcId"],
        );
    });

    it("more than three existing subnets need aws.msk.subnetIds (MSK uses two or three zones)", () => {
        const network = { vpcId: "vpc-01234567", privateSubnetIds: ["subnet-00000001", "subnet-00000002", "subnet-00000003", "subnet-00000004"] };
        const kafka = { mode: "cluster", messageQueue: "kafka" };
        assert.deepStrictEqual(
            configProblems(aws({ network }, kafka)).map((p) => p.key),
            ["aws.msk.subnetIds"],
        );
        assert.deepStrictEqual(
            configProblems(aws({ network, msk: { subnetIds: ["subnet-00000001", "subnet-00000002", "subnet-00000003"] } }, kafka)),
            [],
        );
    });

    it("availability zones must belong to the region, the VPC CIDR must be a network address", () => {
        assert.match(
            problemsFor(aws({ network: { availabilityZones: ["us-west-2a", "eu-west-1b"] } }), "aws.network.availabilityZones")[0],
            /^"eu-west-1b" must be zones of aws.region "us-west-2"/,
        );
        assert.strictEqual(problemsFor(aws({ network: { cidr: "10.0.1.0/16" } }), "aws.network.cidr").length, 1);
        assert.strictEqual(problemsFor(aws({ network: { cidr: "10.0.0.0/12" } }), "aws.network.cidr").length, 1, "too large for the subnet layout");
    });

    it("an aws block on another cloud is refused", () => {
        assert.deepStrictEqual(
            configProblems({ cloud: "local", aws: { region: "us-west-2" } }).map((p) => p.key),
            ["aws"],
        );
    });
});

describe("aws config: node pools", () => {
    const pool = (name: string, extra: Record<string, unknown> = {}) => ({ name, instanceTypes: ["m6i.xlarge"], ...extra });
    const cluster = { mode: "cluster" };
    const taint = { key: "milvus.io/role", value: "query", effect: "NoSchedule" };

    it("dedicated pools for query nodes and dependencies, with a general pool for system pods, are accepted", () => {
        const c = validateStackConfig(
            aws(
                {
                    nodePools: [pool("general"), pool("query", { roles: ["queryNode"], taints: [taint] }), pool("deps", { roles: ["dependencies"] })],
                },
                cluster,
            ),
        );
        assert.deepStrictEqual(
            c.aws?.nodePools.map((p) => p.roles),
            [[], ["queryNode"], ["dependencies"]],
        );
    });

    it("an unknown key inside a pool lists the keys a pool allows", () => {
        const [problem] = configProblems(aws({ nodePools: [pool("general", { instanceType: "m6i.large" })] }));
        assert.strictEqual(problem.key, "aws.nodePools.0.instanceType");
        assert.match(problem.allowed, /allowed keys under aws.nodePools.0: name, instanceTypes,/);
    });

    it("refuses duplicate names, a role on two pools, and a role the mode does not deploy", () => {
        const keys = configProblems(
            aws(
                {
                    nodePools: [pool("general", { roles: ["queryNode", "standalone"] }), pool("general", { roles: ["queryNode"] })],
                },
                cluster,
            ),
        )
            .map((p) => `${p.key}=${JSON.stringify(p.given)}`)
            .sort();
        assert.deepStrictEqual(keys, ['aws.nodePools.0.roles="standalone"', 'aws.nodePools.1.name="general"', 'aws.nodePools.1.roles="queryNode"']);
    });

    it("needs one pool without NoSchedule taints for system pods, and roles on every tainted pool", () => {
        assert.deepStrictEqual(
            configProblems(aws({ nodePools: [pool("query", { roles: ["queryNode"], taints: [taint] })] }, cluster)).map((p) => p.key),
            ["aws.nodePools"],
        );
        assert.deepStrictEqual(
            configProblems(aws({ nodePools: [pool("general"), pool("idle", { taints: [taint] })] }, cluster)).map((p) => p.key),
            ["aws.nodePools.1.taints"],
        );
    });

    it("refuses mixed CPU architectures, reserved labels and sizes out of order", () => {
        const keys = configProblems(
            aws({
                nodePools: [
                    pool("general", {
                        instanceTypes: ["m6i.xlarge", "m7g.xlarge"],
                        labels: { "milvus-on-clouds/node-pool": "x", "node.kubernetes.io/role": "y", team: "search" },
                        minSize: 3,
                        desiredSize: 2,
                        maxSize: 4,
                    }),
                ],
            }),
        )
            .map((p) => `${p.key}=${JSON.stringify(p.given)}`)
            .sort();
        assert.deepStrictEqual(keys, [
            'aws.nodePools.0.desiredSize={"minSize":3,"desiredSize":2,"maxSize":4}',
            'aws.nodePools.0.instanceTypes=["m6i.xlarge","m7g.xlarge"]',
            'aws.nodePools.0.labels.milvus-on-clouds/node-pool="x"',
            'aws.nodePools.0.labels.node.kubernetes.io/role="y"',
        ]);
    });
});

describe("aws helpers", () => {
    it("cuts the VPC into three private subnets and three small public ones, all inside it and disjoint", () => {
        for (const vpc of ["10.0.0.0/16", "172.20.0.0/20"]) {
            const subnets = zoneSubnets(vpc, 3)
                .flatMap((s) => [s.privateCidr, s.publicCidr])
                .map((c) => parseIpv4Cidr(c)!);
            const outer = parseIpv4Cidr(vpc)!;
            const ranges = subnets.map((b) => [b.start, b.start + 2 ** (32 - b.prefix)] as const).sort((a, b) => a[0] - b[0]);
            for (const [start, end] of ranges) assert.ok(start >= outer.start && end <= outer.start + 2 ** (32 - outer.prefix), `${vpc}: outside`);
            for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i][0] >= ranges[i - 1][1], `${vpc}: overlapping subnets`);
        }
        assert.deepStrictEqual(zoneSubnets("10.0.0.0/16", 2), [
            { privateCidr: "10.0.0.0/18", publicCidr: "10.0.192.0/20" },
            { privateCidr: "10.0.64.0/18", publicCidr: "10.0.208.0/20" },
        ]);
    });

    it("tells Graviton instance types from x86 ones", () => {
        assert.deepStrictEqual(["m7g.large", "c6gn.xlarge", "r8gd.2xlarge", "m6i.2xlarge", "g4dn.xlarge", "m7i-flex.large"].map(architectureOf), [
            "arm64",
            "arm64",
            "arm64",
            "x86_64",
            "x86_64",
            "x86_64",
        ]);
    });

    it("knows the vCPU and memory of the EC2 types the stacks and defaults use, and of their families (EC2 product pages)", () => {
        const size = (name: string) => {
            const s = instanceSize(name);
            return `${s.cloud} ${s.cpu}/${s.memoryGiB}`;
        };
        // defaults and stacks: dev m6i.xlarge, prod m6i.2xlarge; the query pool of docs/aws.md, r6i.2xlarge
        assert.strictEqual(size("m6i.xlarge"), "aws 4/16");
        assert.strictEqual(size("m6i.2xlarge"), "aws 8/32");
        assert.strictEqual(size("r6i.2xlarge"), "aws 8/64");
        // general purpose 4 GiB, memory optimised 8 GiB, compute optimised 2 GiB per vCPU; t3.medium is 2 vCPU / 4 GiB
        assert.deepStrictEqual(
            ["m7g.xlarge", "m5.16xlarge", "r7g.16xlarge", "r7i.8xlarge", "c6i.2xlarge", "c7g.large", "t3.medium", "t3.2xlarge"].map(size),
            ["aws 4/16", "aws 64/256", "aws 64/512", "aws 32/256", "aws 8/16", "aws 2/4", "aws 2/4", "aws 8/32"],
        );
        assert.ok(
            Object.entries(INSTANCE_SIZES).every(([name, s]) => (s.cloud === "aws") === /^[a-z][a-z0-9]*\.[a-z0-9]+$/.test(name)),
            "aws entries are EC2 names",
        );
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

// Node pools sized from the workload (components/aws/pool-sizing.ts), against
// numbers worked out by hand. Usable room per node after headroom
// (10% + 0.1 CPU + 0.5 GiB): m6i.xlarge 3.5 CPU / 13.9 GiB, m6i.2xlarge
// 7.1 / 28.3, r6i.2xlarge 7.1 / 57.1, m6i.large 1.7 / 6.7. Sized pod requests
// (test/sizing.test.ts): 1/4 -> 0.8 CPU / 3.0996 GiB (3174Mi), 2/8 -> 1.7 / 6.6992
// (6860Mi), 1/8 -> 0.8 / 6.6992, 4/16 -> 3.5 / 13.8994 (14233Mi), 8/32 -> 7.1 / 28.2998.
describe("aws config: node pools sized from the workload", () => {
    const stack = (name: string) =>
        rawProjectConfig(stackFileConfig(name)) as { aws: Record<string, unknown>; milvus: Record<string, unknown> } & Record<string, unknown>;
    const sized = (raw: Record<string, unknown>) => {
        const c = validateStackConfig(raw);
        assert.ok(c.aws);
        return sizeAwsNodePools(c.demand, c.aws.nodePools).pools;
    };
    const counts = (p: { pool: { minSize: number; desiredSize: number; maxSize: number; diskSizeGiB: number } }) =>
        `${p.pool.minSize}/${p.pool.desiredSize}/${p.pool.maxSize} ${p.pool.diskSizeGiB}GiB`;
    /** aws-prod with the explicit component settings replaced by a workload. */
    const prodWith = (workload: Record<string, unknown>, aws: Record<string, unknown> = {}) => {
        const prod = stack("aws-prod");
        return { ...prod, aws: { ...prod.aws, ...aws }, milvus: { ...prod.milvus, components: undefined, workload } };
    };
    // 15M x 768 HNSW: raw 15e6 x 3072 B = 42.915 GiB; index (1 + 60/768) x raw = 46.268 GiB;
    // loading (46.268 + 2 x 1 GiB segments) x 1.15 = 55.51 GiB -> the 48-64 GiB band: 4 query nodes and
    // 2 data nodes of 4/16, proxy and mixCoord 2/8 (prod keeps 2 of each), streaming 2/8 (16 query cores
    // -> one unit; prod keeps 2), etcd 3 x 1/4.
    const fifteenM = { vectors: 15_000_000, dimension: 768, indexType: "HNSW" };

    it("the shipped stacks keep the sizes their files give: their pods fit (aws-dev 1 of 2 nodes, aws-prod exactly 3)", () => {
        // aws-dev: standalone 2 CPU / 8Gi (explicit) + etcd 0.5 / 1 (the standalone etcd's size, reserved) = 2.5 CPU / 9 GiB <=
        // 3.5 / 13.9: one m6i.xlarge;
        // desired stays the configured 2.
        const [dev] = sized(stack("aws-dev"));
        assert.strictEqual(dev.sizing?.packedNodes, 1);
        assert.strictEqual(counts(dev), "1/2/3 50GiB");
        // aws-prod: queryNode 2 x (2/8) and dataNode 2 x (1/4) explicit; streaming 2 x (2/8), mixCoord, proxy 2 x (1/4) and
        // etcd 3 x (1/4) reserve the smallest sizes. Total 17 CPU / 68 GiB: at least ceil(17 / 7.1) = 3 m6i.2xlarge (7.1 / 28.3).
        // First fit by memory: [qn, qn, sn, dn] 7 CPU / 28 GiB; sn #2 does not fit (8 CPU) -> [sn, dn, etcd x3, mixCoord] 7 / 28;
        // mixCoord #2 and the proxies -> [mixCoord, proxy x2] 3 / 12. Three nodes: the published 3 x m6i.2xlarge holds the profile.
        const [prod] = sized(stack("aws-prod"));
        assert.strictEqual(prod.sizing?.packedNodes, 3);
        assert.deepStrictEqual(
            prod.sizing?.packing.map((n) => n.pods.length),
            [4, 6, 3],
        );
        assert.strictEqual(counts(prod), "3/3/6 100GiB");
    });

    it("a workload needing more nodes raises minSize and desiredSize to the nodes needed (max stays): 15M x 768 HNSW on the prod pool -> 6 x m6i.2xlarge", () => {
        // The 6 pods of 4 / 16 take a node each (8 > 7.1 CPU); a 2/8 pod joins each (6 CPU / 24 GiB), and an etcd (1/4) the
        // first three (7 / 28) -> 6 nodes (CPU total 24 + 12 + 3 = 39 needs at least ceil(39 / 7.1) = 6).
        const [general] = sized(prodWith(fifteenM));
        assert.strictEqual(counts(general), "6/6/6 100GiB");
    });

    it("refuses a pool whose pods need more nodes than maxSize, naming the key, the need and a larger type", () => {
        // 30M x 1024 HNSW (test/sizing.test.ts): queryNode 5, proxy 2, mixCoord 2 of 8 / 32 and dataNode 8 of 8 / 16 do not fit an
        // m6i.2xlarge at all (7.1 CPU); on m6i.4xlarge (14.3 / 57.1) each takes a node (17), the streaming 2 x (4/16) and
        // etcd 3 x (1/4) fit beside them: 17 > 6.
        // m6i.8xlarge (28.7 CPU / 114.7 GiB) holds three 8-CPU pods: 3 x (3 of 32 GiB) + (3, 3, 2 data nodes) = 6 nodes, the
        // streaming and etcd pods beside them: 6 <= 6.
        const thirtyM = { vectors: 30_000_000, dimension: 1024, indexType: "HNSW" };
        const tooSmall = configProblems(prodWith(thirtyM));
        assert.deepStrictEqual(
            tooSmall.map((p) => `${p.key}=${JSON.stringify(p.given)}`),
            ['aws.nodePools.0.instanceTypes="m6i.2xlarge"'],
        );
        assert.match(
            tooSmall[0].allowed,
            /^a mixCoordinator pod requests 8 CPU \/ 32 GiB, more than one m6i\.2xlarge node can give a pod \(7\.1 CPU \/ 28\.3 GiB/,
        );
        assert.match(tooSmall[0].allowed, /a larger instance type such as m6i\.4xlarge/);
        const problems = configProblems(prodWith(thirtyM, { nodePools: [{ name: "general", instanceTypes: ["m6i.4xlarge"], maxSize: 6 }] }));
        assert.deepStrictEqual(
            problems.map((p) => `${p.key}=${JSON.stringify(p.given)}`),
            ["aws.nodePools.0.maxSize=6"],
        );
        assert.match(
            problems[0].allowed,
            /^allowed for this workload: at least 17 — its pods on this pool \(mixCoordinator x2, proxy x2, queryNode x5, dataNode x8, streamingNode x2, etcd x3\) need 17 x m6i\.4xlarge/,
        );
        assert.match(problems[0].allowed, /or a larger instance type \(6 x m6i\.8xlarge\)$/);
        assert.deepStrictEqual(
            configProblems(prodWith(thirtyM, { nodePools: [{ name: "general", instanceTypes: ["m6i.8xlarge"], maxSize: 6 }] })),
            [],
        );
    });

    it("refuses a first instance type too small for a pod, naming the pod, the room there is and the smallest type that fits", () => {
        // aws-dev's standalone pod asks 2 CPU / 8 GiB; an m6i.large gives 1.7 / 6.7; m6i.xlarge gives 3.5 / 13.9
        const dev = stack("aws-dev");
        const problems = configProblems({ ...dev, aws: { ...dev.aws, nodePools: [{ name: "general", instanceTypes: ["m6i.large"] }] } });
        assert.deepStrictEqual(
            problems.map((p) => `${p.key}=${JSON.stringify(p.given)}`),
            ['aws.nodePools.0.instanceTypes="m6i.large"'],
        );
        assert.match(
            problems[0].allowed,
            /^a standalone pod requests 2 CPU \/ 8 GiB, more than one m6i\.large node can give a pod \(1\.7 CPU \/ 6\.7 GiB after headroom/,
        );
        assert.match(problems[0].allowed, /allowed: a larger instance type such as m6i\.xlarge, or smaller standalone resources$/);
    });

    it("refuses an instance type of unknown size only on a pool that must hold pods", () => {
        const pool = (name: string, instanceType: string) => ({ name, instanceTypes: [instanceType] });
        const problems = configProblems(aws({ nodePools: [pool("general", "x2idn.16xlarge")] }));
        assert.deepStrictEqual(
            problems.map((p) => `${p.key}=${JSON.stringify(p.given)}`),
            ['aws.nodePools.0.instanceTypes="x2idn.16xlarge"'],
        );
        assert.match(
            problems[0].allowed,
            /sizes the pool for its Milvus pods \(standalone x1, etcd x1\).*allowed first: .*m6i, .*\(large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge\)/,
        );
        // the first untainted pool without roles holds the unplaced pods; a second one holds none and needs no known size
        assert.deepStrictEqual(configProblems(aws({ nodePools: [pool("general", "m6i.xlarge"), pool("spare", "x2idn.16xlarge")] })), []);
    });

    it("a dedicated pool holds only its roles' pods; the general pool holds every role placed on no pool", () => {
        // 15M x 768 HNSW with a query pool of r6i.2xlarge (7.1 / 57.1): 4 query nodes of 4 CPU, one per node -> 4 (desired 1 -> 4).
        // general keeps the rest: [dn, mixCoord] 6 CPU; [dn, mixCoord]; [proxy x2, streaming] 6; [streaming] -> 4 nodes.
        // (Had the query pods stayed on general too, it would need 6, as above.)
        const pools = sized(
            prodWith(fifteenM, {
                nodePools: [
                    { name: "general", instanceTypes: ["m6i.2xlarge"] },
                    {
                        name: "query",
                        instanceTypes: ["r6i.2xlarge"],
                        minSize: 1,
                        desiredSize: 1,
                        maxSize: 4,
                        roles: ["queryNode"],
                        taints: [{ key: "dedicated", value: "query", effect: "NoSchedule" }],
                    },
                    { name: "deps", instanceTypes: ["m6i.xlarge"], minSize: 1, desiredSize: 1, maxSize: 3, roles: ["dependencies"] },
                ],
            }),
        );
        assert.deepStrictEqual(
            pools.map((p) => p.sizing?.pods.map((d) => `${d.name} x${d.replicas}`)),
            [["mixCoordinator x2", "proxy x2", "dataNode x2", "streamingNode x2"], ["queryNode x4"], ["etcd x3"]],
        );
        assert.deepStrictEqual(
            pools.map((p) => p.roles),
            [["mixCoordinator", "proxy", "dataNode", "streamingNode"], ["queryNode"], ["dependencies"]],
        );
        // deps: 3 x (1 / 4) on one m6i.xlarge (3 / 12 <= 3.5 / 13.9)
        assert.deepStrictEqual(pools.map(counts), ["4/4/6 100GiB", "4/4/4 100GiB", "1/1/3 100GiB"]);
    });

    it("DiskANN: the root volume grows to hold the query nodes' index files beside the system, under the eviction threshold", () => {
        // 100M x 768 DiskANN: index disk (1 + 56/768) x 307.2e9 B = 306.97 GiB over 6 query nodes -> 52 GiB each; 4 CPU each,
        // three per m6i.4xlarge (12 of 14.3 CPU) -> 2 nodes with 156 GiB each: root volume ceil((156 + 20 GiB system) / 0.9) =
        // ceil(195.6) = 196 GiB. The general pool's pods have no local disk: its 100 GiB stays. (dataNode 4 + streaming 2 of
        // 4 / 16: three per node on 2 nodes, a mixCoord 2/8 beside each (14 CPU / 56 GiB); the proxies and etcd
        // 3 x (1/8; raw = 100M x 768 is "large") on a third: 3.)
        const pools = sized(
            prodWith(
                { vectors: 100_000_000, dimension: 768, indexType: "DISKANN" },
                {
                    nodePools: [
                        { name: "general", instanceTypes: ["m6i.4xlarge"] },
                        { name: "query", instanceTypes: ["m6i.4xlarge"], minSize: 1, desiredSize: 1, maxSize: 6, roles: ["queryNode"] },
                    ],
                },
            ),
        );
        assert.strictEqual(pools[1].sizing?.localDiskGiBPerNode, 156);
        assert.deepStrictEqual(pools.map(counts), ["3/3/6 100GiB", "2/2/6 196GiB"]);
        assert.strictEqual(rootVolumeGiB(100, 0), 100);
        assert.strictEqual(rootVolumeGiB(200, 104), 200, "a larger configured volume stays");
    });
});
