// Every key path the program hands the Milvus chart must exist in the chart's
// default values (free-form maps excepted): Helm would silently ignore a typo.
import * as assert from "assert";
import { DEFAULT_CHART_VERSION, resolveMilvus } from "../components/config/resolve";
import type { MilvusInput } from "../components/config/schema";
import { buildChartValues, type ChartWiring } from "../components/milvus/values";
import { chartDirectory, loadChartDefaults, missingChartReason, unknownKeyPaths } from "./support/unit/chart-contract";
import { milvusRelease } from "./support/unit/inspect";
import { evaluateStack, shippedStacks } from "./support/unit/stacks";
import { localPlatform } from "../components/local/module";

const localCapabilities = localPlatform.capabilities(undefined);

const dir = chartDirectory(DEFAULT_CHART_VERSION);

describe(`chart contract (milvus ${DEFAULT_CHART_VERSION})`, function () {
    before(function () {
        if (!dir) {
            console.warn(`  SKIPPED: ${missingChartReason(DEFAULT_CHART_VERSION)}`);
            this.skip();
        }
    });
    let cached: Record<string, unknown> | undefined;
    const defaults = () => (cached ??= loadChartDefaults(dir as string));

    it("reads the subcharts' defaults under their keys (pulsar under its alias pulsarv3)", () => {
        const d = defaults();
        assert.ok((d.etcd as Record<string, unknown>).replicaCount !== undefined);
        assert.ok((d.minio as Record<string, unknown>).existingSecret !== undefined, "minio.existingSecret comes from the minio subchart defaults");
        assert.ok((d.pulsarv3 as Record<string, unknown>).bookkeeper !== undefined);
        assert.ok((d.kafka as Record<string, unknown>).persistence !== undefined);
    });

    it("flags unknown keys, wrong shapes, and accepts free-form maps (the checker itself can fail)", () => {
        const d = defaults();
        assert.deepStrictEqual(unknownKeyPaths({ proxy: { replica: 2 } }, d), ["proxy.replica: not a key of the chart"]);
        assert.deepStrictEqual(unknownKeyPaths({ externalS3: { enabled: { yes: true } } }, d), [
            "externalS3.enabled: the chart expects a single value",
        ]);
        assert.deepStrictEqual(unknownKeyPaths({ service: { loadBalancerSourceRanges: "10.0.0.0/8" } }, d), [
            "service.loadBalancerSourceRanges: the chart expects a list",
        ]);
        assert.deepStrictEqual(unknownKeyPaths({ pulsarv3: { broker: { replicas: 2 } } }, d), ["pulsarv3.broker.replicas: not a key of the chart"]);
        assert.deepStrictEqual(unknownKeyPaths({ proxy: { annotations: { anything: "goes" }, resources: { limits: { cpu: "1" } } } }, d), []);
    });

    for (const stack of shippedStacks()) {
        it(`stack ${stack}: every emitted key exists in the chart`, async () => {
            const { resources } = await evaluateStack(stack);
            assert.deepStrictEqual(unknownKeyPaths(milvusRelease(resources).values, defaults()), []);
        });
    }

    // Beyond the shipped stacks: every branch of the values function.
    const wiring: ChartWiring = {
        releaseName: "milvus",
        credentialsSecretName: "s",
        storageClassName: "fast",
        objectStore: { kind: "minio" },
        messageQueue: { kind: "woodpecker" },
        serviceAccount: { name: "milvus", annotations: { a: "b" }, podLabels: { c: "d" } },
        exposure: {
            loadBalancerAnnotations: { internal: { x: "y" }, public: {} },
            ingress: { className: "alb", annotations: { internal: {}, public: {} }, sourceRangesAnnotation: "alb/cidrs" },
        },
        networkRanges: ["10.0.0.0/16"],
        zoneSpread: "DoNotSchedule",
        placement: {
            queryNode: { nodeSelector: { r: "q" } },
            standalone: { nodeSelector: { r: "s" } },
            dependencies: { tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }] },
        },
    };
    const variants: Array<[string, Partial<ChartWiring>, MilvusInput]> = [
        ["standalone, woodpecker, MinIO", {}, { mode: "standalone", components: { standalone: { resources: { limits: { memory: "8Gi" } } } } }],
        [
            "cluster, pulsar, distributed MinIO, Attu ingress",
            { messageQueue: { kind: "pulsar" } },
            {
                mode: "cluster",
                messageQueue: "pulsar",
                minio: { mode: "distributed" },
                components: { proxy: { replicas: 2 }, queryNode: { replicas: 3, resources: { requests: { cpu: "2" } } } },
                attu: { enabled: true, ingress: { enabled: true, host: "attu.x", tlsSecretName: "t", sourceRanges: ["10.0.0.0/8"] } },
                metrics: { serviceMonitor: true },
            },
        ],
        [
            "cluster, external kafka, cloud bucket, internal LB",
            {
                objectStore: {
                    kind: "bucket",
                    cloudProvider: "azure",
                    host: "core.windows.net",
                    port: 443,
                    useSSL: true,
                    bucketName: "c",
                    rootPath: "m",
                    accountName: "acct",
                },
                messageQueue: {
                    kind: "kafka",
                    brokers: "k:9096",
                    securityProtocol: "SASL_SSL",
                    sasl: { mechanism: "SCRAM-SHA-512", secretName: "k", usernameKey: "u", passwordKey: "p" },
                },
            },
            {
                mode: "cluster",
                externalKafka: { brokers: ["k:9096"], credentialsSecret: { name: "k" } },
                exposure: { type: "internal", sourceRanges: ["10.0.0.0/8"] },
            },
        ],
        [
            "standalone, pulsar, public LB",
            { messageQueue: { kind: "pulsar" } },
            { mode: "standalone", messageQueue: "pulsar", exposure: { type: "public", sourceRanges: ["203.0.113.0/24"] } },
        ],
    ];
    for (const [name, w, m] of variants) {
        it(`values variant "${name}": every emitted key exists in the chart`, () => {
            const values = buildChartValues({ ...wiring, ...w }, resolveMilvus(localCapabilities, "dev", m));
            assert.deepStrictEqual(unknownKeyPaths(values, defaults()), []);
        });
    }
});
