// Stack config validation: defaults, impossible combinations, and bad input
// rejected before any resource is registered, with the key named.
import * as assert from "assert";
import { validateStackConfig } from "../components/platforms";
import { configProblems } from "./support/unit/config";
import { attempt } from "./support/unit/stacks";

const problemsOf = (raw: Record<string, unknown>): string[] =>
    configProblems(raw).map((p) => `${p.key}: got ${JSON.stringify(p.given)}; ${p.allowed}`);

const local = (milvus: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ cloud: "local", milvus, ...extra });

describe("stack config: defaults", () => {
    it("dev defaults to a standalone Milvus on Woodpecker with authentication on", () => {
        const c = validateStackConfig({ cloud: "local" });
        assert.strictEqual(c.environment, "dev");
        assert.strictEqual(c.milvus.mode, "standalone");
        assert.strictEqual(c.milvus.messageQueue, "woodpecker");
        assert.strictEqual(c.milvus.auth.enabled, true);
        assert.strictEqual(c.milvus.chartVersion, "5.0.19");
        assert.strictEqual(c.milvus.imageTag, "v2.6.15");
        assert.strictEqual(c.milvus.exposure.type, "clusterIP");
    });

    it("prod defaults to an HA cluster: two coordinators in active-standby, two proxies, three etcd members", () => {
        const c = validateStackConfig({ cloud: "local", environment: "prod" });
        assert.strictEqual(c.milvus.mode, "cluster");
        assert.strictEqual(c.milvus.components.mixCoordinator.replicas, 2);
        assert.strictEqual(c.milvus.coordinatorActiveStandby, true);
        assert.strictEqual(c.milvus.components.proxy.replicas, 2);
        assert.strictEqual(c.milvus.etcd.replicas, 3);
        assert.strictEqual(c.milvus.messageQueue, "pulsar", "the local platform's cluster-mode queue is in-cluster Pulsar");
    });

    it("turns active-standby on by itself when mixCoordinator has more than one replica, and off with one", () => {
        const two = validateStackConfig(local({ mode: "cluster", components: { mixCoordinator: { replicas: 2 } } }));
        const one = validateStackConfig(local({ mode: "cluster", components: { mixCoordinator: { replicas: 1 } } }));
        assert.strictEqual(two.milvus.coordinatorActiveStandby, true);
        assert.strictEqual(one.milvus.coordinatorActiveStandby, false);
    });

    it("picks kafka when external brokers are given and no queue is named", () => {
        const c = validateStackConfig(
            local({
                mode: "cluster",
                externalKafka: { brokers: ["b-1.kafka:9096"], credentialsSecret: { name: "kafka-sasl" } },
            }),
        );
        assert.strictEqual(c.milvus.messageQueue, "kafka");
        assert.deepStrictEqual(c.milvus.externalKafka?.credentialsSecret, { name: "kafka-sasl", usernameKey: "username", passwordKey: "password" });
        assert.strictEqual(c.milvus.externalKafka?.saslMechanism, "SCRAM-SHA-512");
    });
});

// Each bad config names the key it must report, and a word of what is allowed.
const BAD_CONFIGS: Array<{ what: string; raw: Record<string, unknown>; key: string; mentions: RegExp }> = [
    { what: "an unknown cloud", raw: { cloud: "gcp" }, key: "cloud", mentions: /"local" \| "aws" \| "azure"/ },
    { what: "a missing cloud", raw: { milvus: {} }, key: "cloud", mentions: /required/ },
    { what: "an unknown environment", raw: { cloud: "local", environment: "staging" }, key: "environment", mentions: /"dev" \| "prod"/ },
    { what: "a misspelt top-level key", raw: { cloud: "local", milvs: {} }, key: "milvs", mentions: /allowed keys: cloud, environment, milvus/ },
    { what: "a misspelt milvus key", raw: local({ replica: 2 }), key: "milvus.replica", mentions: /unknown key; allowed keys under milvus: mode/ },
    { what: "an unknown mode", raw: local({ mode: "distributed" }), key: "milvus.mode", mentions: /"standalone" \| "cluster"/ },
    { what: "a chart version range", raw: local({ chartVersion: "^5.0.0" }), key: "milvus.chartVersion", mentions: /exact chart version/ },
    { what: "the latest image tag", raw: local({ imageTag: "latest" }), key: "milvus.imageTag", mentions: /never "latest"/ },
    { what: "a Milvus older than the 2.6 layout", raw: local({ imageTag: "v2.5.16" }), key: "milvus.imageTag", mentions: /v2\.6\.0 or later/ },
    { what: "a namespace with capitals", raw: local({ namespace: "Milvus" }), key: "milvus.namespace", mentions: /DNS-1123/ },
    {
        what: "zero proxies",
        raw: local({ mode: "cluster", components: { proxy: { replicas: 0 } } }),
        key: "milvus.components.proxy.replicas",
        mentions: /at least 1/,
    },
    {
        what: "a bad memory quantity",
        raw: local({ components: { standalone: { resources: { requests: { memory: "4GB" } } } } }),
        key: "milvus.components.standalone.resources.requests.memory",
        mentions: /512Mi/,
    },
    {
        what: "standalone mode with two replicas",
        raw: local({ mode: "standalone", components: { standalone: { replicas: 2 } } }),
        key: "milvus.components.standalone.replicas",
        mentions: /single Milvus pod/,
    },
    {
        what: "cluster replicas in standalone mode",
        raw: local({ mode: "standalone", components: { queryNode: { replicas: 3 } } }),
        key: "milvus.components.queryNode.replicas",
        mentions: /only in cluster mode/,
    },
    {
        what: "kafka on a platform without Kafka and no brokers",
        raw: local({ mode: "cluster", messageQueue: "kafka" }),
        key: "milvus.messageQueue",
        mentions: /creates no Kafka; set milvus\.externalKafka\.brokers/,
    },
    {
        what: "external Kafka brokers with another queue",
        raw: local({ messageQueue: "pulsar", externalKafka: { brokers: ["k:9092"], securityProtocol: "PLAINTEXT" } }),
        key: "milvus.externalKafka",
        mentions: /only when messageQueue is "kafka"/,
    },
    {
        what: "SASL Kafka without credentials",
        raw: local({ messageQueue: "kafka", externalKafka: { brokers: ["k:9096"] } }),
        key: "milvus.externalKafka.credentialsSecret",
        mentions: /required with securityProtocol SASL_SSL/,
    },
    {
        what: "a broker without a port",
        raw: local({ messageQueue: "kafka", externalKafka: { brokers: ["kafka.internal"], securityProtocol: "PLAINTEXT" } }),
        key: "milvus.externalKafka.brokers.0",
        mentions: /host:port/,
    },
    {
        what: "an internal load balancer on the local platform",
        raw: local({ exposure: { type: "internal" } }),
        key: "milvus.exposure.type",
        mentions: /no internal load balancer/,
    },
    {
        what: "public exposure without source ranges",
        raw: local({ exposure: { type: "public" } }),
        key: "milvus.exposure.sourceRanges",
        mentions: /required when exposure\.type is public/,
    },
    {
        what: "public exposure open to the internet",
        raw: local({ exposure: { type: "public", sourceRanges: ["0.0.0.0/0"] } }),
        key: "milvus.exposure.sourceRanges",
        mentions: /whole internet/,
    },
    {
        what: "a malformed CIDR",
        raw: local({ exposure: { type: "public", sourceRanges: ["10.0.0.0"] } }),
        key: "milvus.exposure.sourceRanges.0",
        mentions: /CIDR/,
    },
    {
        what: "an Attu ingress without Attu",
        raw: local({ attu: { ingress: { enabled: true } } }, { local: { ingressClassName: "nginx" } }),
        key: "milvus.attu.ingress.enabled",
        mentions: /requires milvus\.attu\.enabled/,
    },
    {
        what: "an Attu ingress without an ingress class on the local platform",
        raw: local({ attu: { enabled: true, ingress: { enabled: true } } }),
        key: "milvus.attu.ingress.enabled",
        mentions: /local\.ingressClassName/,
    },
    {
        what: "authentication off in prod",
        raw: { cloud: "local", environment: "prod", milvus: { auth: { enabled: false } } },
        key: "milvus.auth.enabled",
        mentions: /must require authentication/,
    },
    {
        what: "one etcd member in a prod cluster",
        raw: { cloud: "local", environment: "prod", milvus: { etcd: { replicas: 1 } } },
        key: "milvus.etcd.replicas",
        mentions: /single point of failure/,
    },
    { what: "an even etcd quorum", raw: local({ etcd: { replicas: 2 } }), key: "milvus.etcd.replicas", mentions: /1, 3 or 5/ },
    {
        what: "a ServiceMonitor without metrics",
        raw: local({ metrics: { enabled: false, serviceMonitor: true } }),
        key: "milvus.metrics.serviceMonitor",
        mentions: /requires milvus\.metrics\.enabled/,
    },
    {
        what: "a credential in the values escape hatch",
        raw: local({ values: { minio: { secretKey: "hunter22" } } }),
        key: "milvus.values.minio.secretKey",
        mentions: /not allowed in chart values/,
    },
    {
        what: "pulsar settings with another queue",
        raw: local({ messageQueue: "woodpecker", pulsar: { brokerReplicas: 2 } }),
        key: "milvus.pulsar",
        mentions: /only when messageQueue is "pulsar"/,
    },
    {
        what: "another cloud's block",
        raw: { cloud: "local", aws: { region: "eu-west-1" } },
        key: "aws",
        mentions: /unknown key|only when cloud is "aws"/,
    },
];

describe("stack config: bad input is refused with the key, the value and what is allowed", () => {
    for (const bad of BAD_CONFIGS) {
        it(`refuses ${bad.what}`, () => {
            const problems = problemsOf(bad.raw);
            const match = problems.find((p) => p.startsWith(`${bad.key}: `));
            assert.ok(match, `no problem reported for ${bad.key}; got:\n${problems.join("\n")}`);
            assert.match(match, bad.mentions);
        });
    }

    it("names the given value in the message", () => {
        assert.throws(
            () => validateStackConfig(local({ mode: "distributed" })),
            /milvus-on-clouds:milvus\.mode: got "distributed"; allowed: "standalone" \| "cluster"/,
        );
    });

    it("reports every problem at once, syntax and combinations together", () => {
        const problems = problemsOf(
            local({
                mode: "standalone",
                typo: true,
                components: { standalone: { replicas: 2 } },
                exposure: { type: "public", sourceRanges: ["not-a-cidr"] },
            }),
        );
        const keys = problems.map((p) => p.split(": ")[0]);
        assert.ok(keys.includes("milvus.typo"), keys.join(", "));
        assert.ok(keys.includes("milvus.exposure.sourceRanges.0"), keys.join(", "));
        assert.ok(keys.includes("milvus.components.standalone.replicas"), keys.join(", "));
        // The invalid CIDR was dropped, so the public exposure has no ranges left; that is a consequence
        // of the problem already reported for the range, not a second mistake, so it is not repeated.
        assert.ok(!keys.includes("milvus.exposure.sourceRanges"), keys.join(", "));
        assert.strictEqual(problems.length, 3, problems.join("\n"));
    });

    it("accepts every good combination the bad ones are variations of", () => {
        for (const raw of [
            local({ mode: "cluster", messageQueue: "kafka", externalKafka: { brokers: ["k:9096"], credentialsSecret: { name: "kafka-sasl" } } }),
            local({ exposure: { type: "public", sourceRanges: ["10.0.0.0/8", "192.168.0.0/16"] } }),
            local({ attu: { enabled: true, ingress: { enabled: true, host: "attu.example.internal" } } }, { local: { ingressClassName: "nginx" } }),
            { cloud: "local", environment: "prod", milvus: { etcd: { replicas: 5 } } },
        ]) {
            assert.deepStrictEqual(problemsOf(raw), []);
        }
    });
});

describe("stack config: nothing is registered when the config is bad", () => {
    it("fails before the first resource reaches the engine", async () => {
        const { error, resources } = await attempt({
            "milvus-on-clouds:cloud": "local",
            "milvus-on-clouds:milvus": { mode: "standalone", components: { standalone: { replicas: 3 } } },
        });
        assert.match(String(error), /milvus\.components\.standalone\.replicas: got 3/);
        assert.deepStrictEqual(
            resources.map((r) => r.type),
            [],
        );
    });

    it("registers resources once the same config is fixed (the check above can fail)", async () => {
        const { error, resources } = await attempt({ "milvus-on-clouds:cloud": "local", "milvus-on-clouds:milvus": { mode: "standalone" } });
        assert.strictEqual(error, undefined);
        assert.ok(resources.length > 0);
    });
});
