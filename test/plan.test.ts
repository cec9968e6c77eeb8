// The offline plan of every shipped stack: structure, key numbers, masked
// secrets, and the CLI itself (fast, no credentials).
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generatedSecrets, milvusRelease } from "./support/unit/inspect";
import { SECRET_SIG, SECRET_SIG_KEY } from "./support/unit/mocks";
import { ROOT, evaluateStack, rawProjectConfig, shippedStacks, stackFileConfig } from "./support/unit/stacks";
import { MASK, maskSecrets } from "../tools/plan/mask";
import { DURATION_RULES } from "../tools/plan/deploy-time";
import { buildPlan, type PlanReport } from "../tools/plan/report";
import { docFiles, markers } from "../tools/docs/markdown";
import { renderPlan } from "../tools/plan/render";
import { validateStackConfig } from "../components/platforms";
import type { TreeNode } from "../tools/plan/tree";

const flatten = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);
const cloudOf = (stack: string) => String(rawProjectConfig(stackFileConfig(stack)).cloud);
const PLATFORM_TYPES: Record<string, string> = {
    local: "milvus-on-clouds:local:LocalPlatform",
    aws: "milvus-on-clouds:aws:AwsPlatform",
    azure: "milvus-on-clouds:azure:AzurePlatform",
};

describe("plan: masking", () => {
    it("replaces Pulumi secrets, credential-named keys and known secret texts, and leaves the rest alone", () => {
        const masked = maskSecrets(
            {
                a: { [SECRET_SIG_KEY]: SECRET_SIG, value: "hunter2" },
                externalS3: { accessKey: "AKIA123", secretKey: "", host: "s3" },
                env: [{ name: "X", value: "prefix-GENERATED-suffix" }],
            },
            ["GENERATED"],
        );
        assert.deepStrictEqual(masked, {
            a: MASK,
            externalS3: { accessKey: MASK, secretKey: "", host: "s3" },
            env: [{ name: "X", value: MASK }],
        });
    });
});

describe("plan: every shipped stack plans offline", () => {
    const plans = new Map<string, PlanReport>();
    const planOf = async (stack: string) => {
        const cached = plans.get(stack);
        if (cached) return cached;
        const plan = await buildPlan(stack);
        plans.set(stack, plan);
        return plan;
    };

    for (const stack of shippedStacks()) {
        describe(`stack ${stack}`, () => {
            it("groups every recorded resource under its component", async () => {
                const plan = await planOf(stack);
                const { resources } = await evaluateStack(stack);
                const nodes = flatten(plan.resources.tree);
                assert.strictEqual(nodes.length, resources.length);
                assert.strictEqual(plan.resources.count, resources.length);
                // The two components (the read of the stack's own last outputs is an invoke, no resource).
                assert.deepStrictEqual(
                    plan.resources.tree.map((n) => [n.type, n.component]),
                    [
                        [PLATFORM_TYPES[cloudOf(stack)], true],
                        ["milvus-on-clouds:milvus:MilvusRelease", true],
                    ],
                );
                const release = plan.resources.tree[1];
                assert.ok(
                    release.children.some((c) => c.type === "kubernetes:helm.sh/v3:Release"),
                    "the Helm release sits under MilvusRelease",
                );
                assert.ok(
                    flatten(plan.resources.tree[0].children).some((c) => c.type === "kubernetes:core/v1:Namespace"),
                    "the namespace sits under the platform",
                );
            });

            it("prices the Milvus load balancer exactly when the config exposes Milvus through one", async () => {
                const plan = await planOf(stack);
                // The oracle is the stack file: exposure.type other than clusterIP asks for a LoadBalancer Service.
                const exposed = validateStackConfig(rawProjectConfig(stackFileConfig(stack))).milvus.exposure.type !== "clusterIP";
                const lines = plan.cost.lines.filter((l) => /Load Balancer: Milvus Service|Load balancer rules: Milvus Service/.test(l.item));
                assert.strictEqual(lines.length, exposed ? 1 : 0, `${stack}: ${plan.cost.lines.map((l) => l.item).join(", ")}`);
                for (const l of lines) assert.ok((l.monthly ?? 0) > 0, `${l.item} is not priced`);
            });

            it("shows the effective Milvus chart values and never a secret", async () => {
                const plan = await planOf(stack);
                const { resources } = await evaluateStack(stack);
                const milvus = plan.charts.filter((c) => c.chart === "milvus");
                assert.deepStrictEqual(
                    milvus.map((c) => c.version),
                    ["5.0.19"],
                );
                // The plan shows the release's values with every credential-named key masked.
                assert.deepStrictEqual(milvus[0].values, maskSecrets(milvusRelease(resources).values, generatedSecrets(resources)));
                const text = JSON.stringify(plan) + renderPlan(plan);
                const secrets = generatedSecrets(resources);
                assert.ok(secrets.length >= 1);
                for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} leaked into the plan`);
                assert.ok(!text.includes(SECRET_SIG), "no secret wrapper reaches the plan");
            });

            it(
                cloudOf(stack) === "local" ? "costs nothing on the local platform, and says so" : "prices the cloud resources it creates",
                async () => {
                    const plan = await planOf(stack);
                    assert.match(plan.cost.pricesAsOf, /^\d{4}-\d{2}-\d{2}$/);
                    if (cloudOf(stack) === "local") {
                        assert.strictEqual(plan.cost.monthlyTotal, 0);
                        assert.match(plan.cost.notes[0], /local platform: the program creates no billable cloud resources/);
                        return;
                    }
                    assert.ok(plan.cost.monthlyTotal > 50, `a managed cluster and its nodes cost something: ${plan.cost.monthlyTotal}`);
                    assert.ok(!renderPlan(plan).includes("(no price)"), "every node size the shipped stacks use is priced");
                    const text = renderPlan(plan);
                    assert.match(text, cloudOf(stack) === "aws" ? /EKS control plane/ : /AKS|Standard_/);
                },
            );

            it("estimates the deploy time from the graph, ending with the 4-8 min Helm release of Milvus", async () => {
                const plan = await planOf(stack);
                assert.ok(plan.deployTime.total.min >= 4.1 && plan.deployTime.total.max >= 8.2, JSON.stringify(plan.deployTime.total));
                assert.ok(plan.deployTime.criticalPath.some((t) => t.type === "kubernetes:helm.sh/v3:Release"));
                if (cloudOf(stack) !== "local") {
                    assert.ok(plan.deployTime.total.max > 20, `creating a managed cluster takes longer: ${JSON.stringify(plan.deployTime.total)}`);
                }
            });

            it("lists a sizing row per pod kind the mode runs, and renders every section", async () => {
                const plan = await planOf(stack);
                const roles = new Set(plan.sizing.rows.map((r) => r.role));
                assert.ok(plan.sizing.mode === "standalone" ? roles.has("standalone") : roles.has("queryNode") && !roles.has("standalone"));
                assert.ok(plan.sizing.rows.some((r) => r.name === "etcd"));
                const text = renderPlan(plan);
                for (const heading of [
                    "Resources (",
                    "== Sizing",
                    "Estimated monthly cost (prices as of",
                    "Estimated deploy time",
                    "Chart values: milvus 5.0.19",
                ]) {
                    assert.ok(text.includes(heading), `missing "${heading}"`);
                }
            });
        });
    }

    it("stack local-cluster: explicit query-node resources are marked explicit, the rest default; Pulsar pods are listed", async () => {
        const plan = await planOf("local-cluster");
        const qn = plan.sizing.rows.find((r) => r.name === "queryNode");
        assert.deepStrictEqual([qn?.replicas, qn?.requests, qn?.source], [2, { cpu: "1", memory: "4Gi" }, "explicit"]);
        assert.strictEqual(plan.sizing.rows.find((r) => r.name === "proxy")?.source, "default");
        assert.deepStrictEqual(
            plan.sizing.rows.filter((r) => r.role === "dependencies").map((r) => `${r.name} x${r.replicas}`),
            ["etcd x3", "minio x4", "pulsar.zookeeper x1", "pulsar.bookkeeper x2", "pulsar.broker x1", "pulsar.proxy x1"],
        );
    });

    it("stack local-workload: 1M x 1024 HNSW with 64 scalar bytes sizes every pod (numbers worked by hand)", async () => {
        const plan = await planOf("local-workload");
        const w = plan.sizing.workload;
        assert.ok(w);
        // raw = 1e6 x 1024 x 4 + 1e6 x 64 = 4,160,000,000 B = 3.87 GiB
        // loading = (4,336,000,000 + 2 x 1,073,741,824) x 1.15 + 64,000,000 = 7,520,006,195.2 B = 7.00 GiB -> the [0, 8) row
        assert.deepStrictEqual([w.rawGiB, w.loadingMemoryGiB], [3.87, 7]);
        const row = (name: string) => plan.sizing.rows.find((r) => r.name === name);
        // Every pod reserves the tool's size: requests = limits (sizingTool.ts helmYmlGenerator)
        assert.deepStrictEqual(
            [row("queryNode")?.requests, row("queryNode")?.limits, row("queryNode")?.source],
            [{ cpu: "2", memory: "8Gi" }, { cpu: "2", memory: "8Gi" }, "sized"],
        );
        assert.deepStrictEqual(row("proxy")?.requests, { cpu: "1", memory: "4Gi" });
        // MinIO: ceil((4.16e9 + 7.52e9) / GiB) = ceil(10.88) = 11 -> the 30 Gi floor; etcd 20 Gi
        assert.deepStrictEqual(
            plan.sizing.volumes.map((v) => `${v.name} ${v.count}x${v.sizeGiB}`),
            ["etcd 3x20", "minio 4x30"],
        );
        // requests: 2 x 1 (proxy, mixCoord) + 3 x 2 (query, data, streaming) + 3 x 1 (etcd) + 4 x 1 (MinIO) = 15 CPU
        //   memory: 2 x 4 + 3 x 8 + 3 x 4 + 4 x 8 = 8 + 24 + 12 + 32 = 76 GiB
        assert.deepStrictEqual([plan.sizing.totals.pods, plan.sizing.totals.cpu, plan.sizing.totals.memoryGiB], [12, 15, 76]);
        // the existing cluster's nodes (test/sizing.test.ts works them out): 1 x 32 CPU / 128 GiB; nodes of at least 4 / 16
        const nodes = plan.sizing.existingClusterNodes;
        assert.deepStrictEqual(
            [nodes?.nodes, nodes?.machine, nodes?.smallest, nodes?.smaller?.machine],
            [1, { cpu: 32, memoryGiB: 128 }, { cpu: 4, memoryGiB: 16 }, { cpu: 2, memoryGiB: 8 }],
        );
        // Woodpecker's log: ceil(3.87 GiB of raw data) = 4 GiB for its 72 h retention
        assert.deepStrictEqual(plan.sizing.woodpeckerLog, { retentionHours: 72, gib: 4 });
        assert.match(JSON.stringify(plan.charts[0].values), /maxSize: 1024/);
    });
});

describe("plan: the docs state what the plan computes", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const stack of ["local-cluster", "local-workload"]) {
        it(`${stack}: the requests the README's Stacks table gives are the plan's totals`, async () => {
            const row = readme.split("\n").find((l) => l.startsWith(`| \`${stack}\` |`));
            const stated = /request about (\d+) CPUs and (\d+) GiB/.exec(row ?? "");
            assert.ok(stated, `the README's row for ${stack} states no requests`);
            const { totals } = (await buildPlan(stack)).sizing;
            assert.deepStrictEqual([Number(stated[1]), Number(stated[2])], [Math.round(totals.cpu), Math.floor(totals.memoryGiB)]);
        });
    }

    // `<!-- plan: <type> -->25-40 min<!-- /plan -->`: a duration rule's range (test/docs.test.ts lets no other time through).
    const planMarkers = docFiles().flatMap((file) =>
        markers(fs.readFileSync(path.join(ROOT, file), "utf8"))
            .markers.filter((m) => m.kind === "plan")
            .map((m) => ({ ...m, file })),
    );

    it("the deploy times the docs give are the plan's duration rules", () => {
        const problems: string[] = [];
        for (const m of planMarkers.filter((p) => !p.id.startsWith("total "))) {
            const rule = DURATION_RULES.find((t) => t.type === m.id);
            const stated = /^(\d+(?:\.\d+)?)[-–](\d+(?:\.\d+)?)(?: min| minutes)?$/.exec(m.text);
            if (!rule) problems.push(`${m.file}:${m.line}: no duration rule for ${m.id}`);
            else if (!stated || Number(stated[1]) !== rule.minutes.min || Number(stated[2]) !== rule.minutes.max) {
                problems.push(`${m.file}:${m.line}: "${m.text}" but the rule for ${m.id} says ${rule.minutes.min}-${rule.minutes.max} min`);
            }
        }
        assert.deepStrictEqual(problems, []);
        // The long ones a person plans around are stated.
        const stated = new Set(planMarkers.map((m) => m.id));
        for (const type of [
            "aws:msk/cluster:Cluster",
            "aws:eks/cluster:Cluster",
            "azure-native:containerservice:ManagedCluster",
            "azure-native:containerservice:AgentPool",
        ]) {
            assert.ok(stated.has(type), `the docs state no deploy time for ${type}`);
        }
    });

    it("the estimates and critical paths docs/architecture.md gives are the plan's", async () => {
        const architecture = fs.readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");
        const blocks = [...architecture.matchAll(/^<!-- plan: critical path "([a-z0-9-]+)" -->\n(```mermaid\n[\s\S]*?\n```)$/gm)];
        const totals = planMarkers.filter((m) => m.id.startsWith("total "));
        assert.ok(blocks.length >= 3, "docs/architecture.md draws the critical path of at least three stacks");
        const problems: string[] = [];
        for (const [, stack, block] of blocks) {
            const expected = criticalPathBlock(await buildPlan(stack));
            if (block !== expected) problems.push(`docs/architecture.md: the critical path of ${stack} is now:\n${expected}`);
        }
        for (const m of totals) {
            const stack = /^total "([a-z0-9-]+)"$/.exec(m.id)?.[1] ?? "";
            const { total } = (await buildPlan(stack)).deployTime;
            const stated = /^(\d+(?:\.\d+)?)[-–](\d+(?:\.\d+)?) min$/.exec(m.text);
            if (!stated || Number(stated[1]) !== total.min || Number(stated[2]) !== total.max) {
                problems.push(`${m.file}:${m.line}: "${m.text}" but the plan estimates ${total.min}–${total.max} min for ${stack}`);
            }
        }
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(
            totals.map((m) => m.id).sort(),
            blocks.map(([, stack]) => `total "${stack}"`).sort(),
            "each drawn critical path states its total",
        );
    });
});

/** A critical path as docs/architecture.md draws it: a Mermaid chain, one node per resource that takes time. */
function criticalPathBlock(plan: PlanReport): string {
    const steps = plan.deployTime.criticalPath.filter((t) => t.minutes.max > 0);
    const range = (min: number, max: number) => (min === max ? `${min} min` : `${min}–${max} min`);
    return [
        "```mermaid",
        "flowchart TD",
        ...steps.map((t, i) => `    p${i}["${t.name}<br/>${t.type}<br/>${range(t.minutes.min, t.minutes.max)}"]`),
        ...steps.slice(1).map((_, i) => `    p${i} --> p${i + 1}`),
        "```",
    ].join("\n");
}

describe("plan: what a person reads", () => {
    it("identical cost lines are one line with their count: aws-prod's three NAT gateways, public IPv4 addresses and KMS keys", async () => {
        const plan = await buildPlan("aws-prod");
        const line = (item: string) => plan.cost.lines.filter((l) => l.item === item);
        // us-east-1: NAT gateway 0.045 x 730 = 32.85 each -> 98.55; public IPv4 0.005 x 730 = 3.65 each -> 10.95; KMS 1.00 a key
        assert.deepStrictEqual(
            line("NAT gateway").map((l) => [l.quantity, l.monthly]),
            [["3 x 730 h", 98.55]],
        );
        assert.deepStrictEqual(
            line("Public IPv4 address").map((l) => [l.quantity, l.monthly]),
            [["3 x 730 h", 10.95]],
        );
        assert.deepStrictEqual(
            line("KMS key").map((l) => [l.quantity, l.monthly]),
            [["3 keys", 3]],
        );
        assert.strictEqual(line("NAT gateway")[0].resource?.split(", ").length, 3, "the combined line names the three gateways");
    });

    it("names the Helm release as Helm does, and marks the chart values only the offline evaluation has", async () => {
        const plan = await buildPlan("aws-prod");
        const milvus = plan.charts.find((c) => c.chart === "milvus");
        assert.deepStrictEqual([milvus?.release, milvus?.resource], ["milvus", "milvus-chart"]);
        const text = renderPlan(plan);
        assert.match(text, /Chart values: milvus 5\.0\.19 \(Helm release milvus, namespace milvus; Pulumi resource milvus-chart\)/);
        const lines = text.split("\n");
        // The IRSA role's ARN comes from the fake AWS: marked. The bucket's region comes from the stack file: not.
        const roleArn = lines.filter((l) => l.includes("eks.amazonaws.com/role-arn: arn:aws:fake:"));
        assert.ok(roleArn.length > 0 && roleArn.every((l) => l.endsWith("# offline stand-in: the cloud gives the real value")), roleArn.join("\n"));
        const region = lines.filter((l) => /^\s+region: us-west-2$/.test(l));
        assert.ok(region.length > 0, "the chart values carry the bucket's region");
    });
});

describe("plan: the command", function () {
    this.timeout(60_000);
    const tsNode = path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js");
    const run = (args: string[]) =>
        spawnSync(process.execPath, [tsNode, "--transpile-only", "--project", "tsconfig.json", "tools/plan.ts", ...args], {
            cwd: ROOT,
            encoding: "utf8",
            // Offline and credential-free: no cloud or Pulumi credentials, no Pulumi CLI on the path.
            env: { PATH: path.dirname(process.execPath), HOME: "/nonexistent" },
        });

    it("prints the plan as JSON in a few seconds, without credentials or the Pulumi CLI", () => {
        const started = Date.now();
        const result = run(["local", "--json"]);
        const seconds = (Date.now() - started) / 1000;
        assert.strictEqual(result.status, 0, result.stderr);
        const plan = JSON.parse(result.stdout) as PlanReport;
        assert.strictEqual(plan.stack, "local");
        assert.strictEqual(plan.cost.monthlyTotal, 0);
        assert.ok(seconds < 15, `took ${seconds} s`);
    });

    it("prints JSON on failure too: the message and each problem, naming the key", () => {
        const dir = planDir();
        const file = path.join(dir, "Pulumi.typo.yaml");
        fs.writeFileSync(
            file,
            "config:\n  milvus-on-clouds:cloud: local\n  milvus-on-cloud:environment: prod\n  milvus-on-clouds:milvus:\n    namespace: kube-system\n",
        );
        const result = run([file, "--json"]);
        assert.strictEqual(result.status, 1, result.stderr);
        const doc = JSON.parse(result.stdout) as { stack: string; error: string; problems: Array<{ key: string; given: unknown; allowed: string }> };
        assert.match(doc.error, /Invalid stack configuration/);
        assert.deepStrictEqual(
            doc.problems.map((p) => p.key),
            ["milvus-on-cloud:environment", "milvus-on-clouds:milvus.namespace"],
        );
        assert.strictEqual(doc.problems[1].given, "kube-system");
    });

    it("prints the sizing warnings a preview would show", () => {
        const dir = planDir();
        const file = path.join(dir, "Pulumi.undersized.yaml");
        fs.writeFileSync(
            file,
            "config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:milvus:\n    mode: cluster\n    workload: { vectors: 100000000, dimension: 768, indexType: DISKANN }\n    components: { queryNode: { replicas: 1 } }\n",
        );
        const text = run([file]);
        assert.strictEqual(text.status, 0, text.stderr);
        assert.match(text.stdout, /warning: milvus\.components\.queryNode\.replicas is 1, far below the 6/);
        const json = JSON.parse(run([file, "--json"]).stdout) as PlanReport;
        assert.ok(
            json.warnings.some((w) => w.includes("far below")),
            json.warnings.join("\n"),
        );
    });

    it("refuses an unknown stack with the list of shipped ones", () => {
        const bad = run(["nope"]);
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stderr, new RegExp(`no stack "nope" in stacks/; shipped stacks: ${shippedStacks().join(", ")}`));
    });
});

/** Stack files the plan tests write, removed when the file's tests end. */
const planDirs: string[] = [];

function planDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    planDirs.push(dir);
    return dir;
}

after(() => {
    for (const dir of planDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
