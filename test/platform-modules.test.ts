// The platform registry and what every platform shares: one module per
// platform, the stack schema and validation built from the list, and the
// cross-cutting decisions (protection, tags, labels, service account, zone
// spreading) made once for all platforms.
import * as assert from "assert";
import { z } from "zod";
import { key } from "../components/config/key-meta";
import type { PlatformConfigModule } from "../components/config/platform-config";
import { commonShape } from "../components/config/schema";
import { createValidator } from "../components/config/validate";
import { CLOUDS, PLATFORMS, stackSchema, validateStackConfig } from "../components/platforms";
import { milvusServiceAccountName } from "../components/platform/service-account";
import { PROGRAM_TAG_KEYS, stackLabels, stackTags } from "../components/platform/tags";
import { zoneSpreadFor } from "../components/platform/zones";
import { configOn, configProblems } from "./support/unit/config";

const onCloud: Record<string, Record<string, unknown>> = {
    local: { cloud: "local" },
    aws: { cloud: "aws", aws: { region: "us-west-2" } },
    azure: {
        cloud: "azure",
        azure: {
            location: "westeurope",
            adminGroupObjectIds: ["0b1f6c3e-5d2a-4c8e-9f7b-2a6d4e8c1b3f"],
            apiServer: { authorizedIpRanges: ["81.2.69.0/24"] },
        },
    },
};

describe("platform registry", () => {
    it("names each platform once, and the stack schema is the common keys plus one block per platform", () => {
        assert.deepStrictEqual([...CLOUDS], ["local", "aws", "azure"]);
        assert.deepStrictEqual(Object.keys(stackSchema.shape).sort(), ["cloud", ...Object.keys(commonShape), ...CLOUDS].sort());
        assert.deepStrictEqual(Object.keys(onCloud).sort(), [...CLOUDS].sort(), "the cases below cover every platform");
    });

    it("a cloud that no module names is refused, listing the registry's", () => {
        const [problem] = configProblems({ cloud: "gcp" });
        assert.strictEqual(problem.key, "cloud");
        assert.match(problem.allowed, /"local" \| "aws" \| "azure"/);
    });

    it("a fourth platform plugs in with a module alone: its block, defaults, capabilities and rules reach validation", () => {
        const edge: PlatformConfigModule<"edge", { site: string }, { site: string; nodes: number }> = {
            cloud: "edge",
            schema: key(z.strictObject({ site: key(z.string().regex(/^[a-z]+$/, "must be a site code"), { doc: "The site code." }) }), {
                default: { text: "`{}`" },
                doc: "An edge site.",
                keys: "table",
            }),
            missingBlock: { key: "edge.site", given: undefined, allowed: "required when cloud is edge" },
            resolve: (block, { environment }) => ({ site: block.site, nodes: environment === "prod" ? 3 : 1 }),
            capabilities: () => ({
                providesKafka: false,
                refusedQueues: { pulsar: "no room for Pulsar at the edge" },
                internalLoadBalancer: false,
                defaultClusterQueue: "woodpecker",
                objectStore: "minio",
            }),
            check: (_input, config, settings) =>
                settings.site === "xx" ? [{ key: "edge.site", given: settings.site, allowed: `is retired (${config.environment})` }] : [],
        };
        const validate = createValidator([...PLATFORMS, edge]);
        const config = validate({ cloud: "edge", environment: "prod", edge: { site: "par" } });
        assert.strictEqual(config.cloud, "edge");
        if (config.cloud !== "edge") return;
        assert.deepStrictEqual(config.edge, { site: "par", nodes: 3 });
        assert.strictEqual(config.milvus.messageQueue, "woodpecker", "the module's default queue for cluster mode");
        assert.ok(
            config.demand.dependencies.some((p) => p.name === "minio"),
            "in-cluster MinIO counts in the demand",
        );
        const problems = (raw: Record<string, unknown>) => {
            try {
                validate(raw);
            } catch (e) {
                return (e as { problems: Array<{ key: string; allowed: string }> }).problems;
            }
            return [];
        };
        assert.deepStrictEqual(
            problems({ cloud: "edge" }).map((p) => p.key),
            ["edge.site"],
        );
        assert.deepStrictEqual(
            problems({ cloud: "edge", edge: { site: "xx" } }).map((p) => p.allowed),
            ["is retired (dev)"],
        );
        assert.match(
            problems({ cloud: "edge", edge: { site: "par" }, milvus: { mode: "cluster", messageQueue: "pulsar" } })[0].allowed,
            /no room for Pulsar/,
        );
        assert.match(problems({ cloud: "edge", edge: { site: "par" }, aws: { region: "us-west-2" } })[0].allowed, /read only when cloud is "aws"/);
    });

    it("aws and azure need their block; local works without one", () => {
        assert.deepStrictEqual(
            configProblems({ cloud: "aws" }).map((p) => p.key),
            ["aws.region"],
        );
        assert.deepStrictEqual(
            configProblems({ cloud: "azure" }).map((p) => p.key),
            ["azure"],
        );
        assert.deepStrictEqual(configProblems({ cloud: "local" }), []);
    });
});

describe("decided once for every platform", () => {
    for (const cloud of CLOUDS) {
        it(`${cloud}: stateful resources are protected in prod and only there`, () => {
            assert.strictEqual(validateStackConfig({ ...onCloud[cloud], environment: "prod" }).protectData, true);
            assert.strictEqual(validateStackConfig({ ...onCloud[cloud] }).protectData, false);
        });

        it(`${cloud}: the chart's service account is the program's (a values override is refused)`, () => {
            const problems = configProblems({ ...onCloud[cloud], milvus: { values: { serviceAccount: { name: "mine" } } } });
            assert.deepStrictEqual(
                problems.map((p) => p.key),
                ["milvus.values.serviceAccount"],
            );
        });
    }

    it("the service account is the chart's full name, so the cloud identity trusts the account the chart creates", () => {
        assert.strictEqual(milvusServiceAccountName({ releaseName: "milvus", values: {} }), "milvus");
        assert.strictEqual(milvusServiceAccountName({ releaseName: "vectors", values: {} }), "vectors-milvus");
        assert.strictEqual(milvusServiceAccountName({ releaseName: "vectors", values: { fullnameOverride: "search" } }), "search");
    });

    it("zones: hard spreading from two zones on, on every platform", () => {
        assert.deepStrictEqual([1, 2, 3].map(zoneSpreadFor), ["ScheduleAnyway", "DoNotSchedule", "DoNotSchedule"]);
    });

    it("tags: the user's own, under the program's markers, which always win", () => {
        const tags = stackTags(
            { project: "milvus-on-clouds", stack: "aws-prod", environment: "prod" },
            { owner: "search-team", environment: "dev", cost: "42" },
        );
        assert.deepStrictEqual(tags, { owner: "search-team", cost: "42", environment: "prod", project: "milvus-on-clouds", stack: "aws-prod" });
        assert.deepStrictEqual([...PROGRAM_TAG_KEYS].sort(), ["environment", "project", "stack"]);
    });

    it("labels: valid Kubernetes label values whatever the stack is called", () => {
        const labels = stackLabels({ project: "milvus-on-clouds", stack: "org/team.prod_eu-1", environment: "prod" });
        assert.strictEqual(labels.environment, "prod");
        assert.strictEqual(labels["milvus-on-clouds/stack"], "org-team.prod_eu-1");
        for (const value of Object.values(labels)) assert.match(value, /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/);
    });

    for (const cloud of ["aws", "azure"] as const) {
        it(`${cloud}: user tags may not take over a program marker (a dev stack tagged environment: prod)`, () => {
            const block = onCloud[cloud][cloud] as Record<string, unknown>;
            const problems = configProblems({ ...onCloud[cloud], [cloud]: { ...block, tags: { Environment: "prod", owner: "me" } } });
            assert.deepStrictEqual(
                problems.map((p) => [p.key, p.given]),
                [[`${cloud}.tags.Environment`, "prod"]],
            );
            const config = configOn(cloud, { ...onCloud[cloud], [cloud]: { ...block, tags: { owner: "me" } } });
            assert.deepStrictEqual(Reflect.get(config, cloud)?.tags, { owner: "me" });
        });
    }

    it("the demand is computed once, from the platform's object store: MinIO pods only where the platform has no bucket", () => {
        const local = validateStackConfig({ cloud: "local" }).demand.dependencies.map((p) => p.name);
        const aws = validateStackConfig(onCloud.aws).demand.dependencies.map((p) => p.name);
        assert.ok(local.includes("minio"));
        assert.ok(!aws.includes("minio"));
    });
});
