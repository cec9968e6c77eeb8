// The pure values function: platform wiring + Milvus settings -> chart values.
// No Pulumi here; each test pins one behaviour a wrong key or value would break.
import * as assert from "assert";
import { MILVUS_ENV, SECRET_KEYS, chartFullname } from "../components/shared/chart-names";
import { buildChartValues, deepMerge } from "../components/milvus/values";
import { at } from "./support/unit/inspect";
import { SECRET, settings, wiring } from "./support/unit/chart-wiring";

const envNames = (env: unknown) => (env as Array<{ name: string }>).map((e) => e.name);

describe("chart values: layout and message queue", () => {
    it("standalone on Woodpecker: cluster off, standalone queue woodpecker, Pulsar off", () => {
        const v = buildChartValues(wiring(), settings({ mode: "standalone" }));
        assert.strictEqual(at(v, "cluster.enabled"), false);
        assert.strictEqual(at(v, "standalone.messageQueue"), "woodpecker");
        assert.strictEqual(at(v, "pulsarv3.enabled"), false);
        assert.strictEqual(at(v, "externalKafka.enabled"), false);
        assert.strictEqual(at(v, "proxy"), undefined, "cluster components are not rendered in standalone mode");
    });

    it("cluster on Woodpecker: woodpecker.enabled selects it (embedded), Pulsar off", () => {
        const v = buildChartValues(wiring(), settings({ mode: "cluster", messageQueue: "woodpecker" }));
        assert.strictEqual(at(v, "cluster.enabled"), true);
        assert.strictEqual(at(v, "woodpecker.enabled"), true);
        assert.strictEqual(at(v, "streaming.woodpecker.embedded"), true);
        assert.strictEqual(at(v, "pulsarv3.enabled"), false);
    });

    it("cluster on Pulsar: pulsarv3 on and sized from config, with a write quorum the bookies can meet", () => {
        const v = buildChartValues(
            wiring({ messageQueue: { kind: "pulsar" } }),
            settings({ mode: "cluster", messageQueue: "pulsar", pulsar: { bookkeeperReplicas: 1, brokerReplicas: 3 } }),
        );
        assert.strictEqual(at(v, "pulsarv3.enabled"), true);
        assert.strictEqual(at(v, "woodpecker.enabled"), false);
        assert.strictEqual(at(v, "pulsarv3.bookkeeper.replicaCount"), 1);
        assert.strictEqual(at(v, "pulsarv3.broker.replicaCount"), 3);
        assert.strictEqual(at(v, "pulsarv3.broker.configData.managedLedgerDefaultEnsembleSize"), "1");
        assert.strictEqual(at(v, "pulsarv3.broker.configData.managedLedgerDefaultAckQuorum"), "1");
    });

    it("external Kafka: brokers and SASL settings in values, username and password only from the Secret", () => {
        const v = buildChartValues(
            wiring({
                messageQueue: {
                    kind: "kafka",
                    brokers: "b-1:9096,b-2:9096",
                    securityProtocol: "SASL_SSL",
                    sasl: { mechanism: "SCRAM-SHA-512", secretName: "kafka-sasl", usernameKey: "user", passwordKey: "pass" },
                },
            }),
            settings({ mode: "cluster", externalKafka: { brokers: ["b-1:9096"], credentialsSecret: { name: "kafka-sasl" } } }),
        );
        assert.strictEqual(at(v, "externalKafka.enabled"), true);
        assert.strictEqual(at(v, "externalKafka.brokerList"), "b-1:9096,b-2:9096");
        assert.strictEqual(at(v, "externalKafka.sasl.mechanisms"), "SCRAM-SHA-512");
        assert.strictEqual(at(v, "externalKafka.sasl.password"), "");
        assert.strictEqual(at(v, "externalKafka.sasl.username"), "");
        assert.strictEqual(at(v, "pulsarv3.enabled"), false);
        const env = at(v, "queryNode.extraEnv") as Array<{ name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }>;
        const password = env.find((e) => e.name === MILVUS_ENV.kafkaPassword);
        assert.deepStrictEqual(password?.valueFrom.secretKeyRef, { name: "kafka-sasl", key: "pass" });
    });

    it("HA coordinators: two mixCoordinator replicas with active-standby, index node off (merged into data node in 2.6)", () => {
        const v = buildChartValues(wiring(), settings({ mode: "cluster", components: { mixCoordinator: { replicas: 2 } } }));
        assert.strictEqual(at(v, "mixCoordinator.replicas"), 2);
        assert.strictEqual(at(v, "mixCoordinator.activeStandby.enabled"), true);
        assert.strictEqual(at(v, "indexNode.enabled"), false);
        const single = buildChartValues(wiring(), settings({ mode: "cluster", components: { mixCoordinator: { replicas: 1 } } }));
        assert.strictEqual(at(single, "mixCoordinator.activeStandby.enabled"), false);
    });

    it("per-component replicas and resources land on the right component", () => {
        const v = buildChartValues(
            wiring(),
            settings({
                mode: "cluster",
                components: { queryNode: { replicas: 5, resources: { requests: { cpu: "4", memory: "16Gi" } } }, proxy: { replicas: 3 } },
            }),
        );
        assert.strictEqual(at(v, "queryNode.replicas"), 5);
        assert.deepStrictEqual(at(v, "queryNode.resources"), { requests: { cpu: "4", memory: "16Gi" } });
        assert.strictEqual(at(v, "proxy.replicas"), 3);
        // A component the config gives no resources reserves the sizing tool's smallest size (a data node: 2 CPU / 8 GiB).
        assert.deepStrictEqual(at(v, "dataNode.resources"), { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } });
    });
});

describe("chart values: credentials stay in the Secret", () => {
    it("in-cluster MinIO reads generated keys from the credentials Secret; the values hold no key", () => {
        const v = buildChartValues(wiring(), settings());
        assert.strictEqual(at(v, "minio.enabled"), true);
        assert.strictEqual(at(v, "minio.existingSecret"), SECRET);
        assert.strictEqual(at(v, "minio.accessKey"), "", "the chart default minioadmin must be overridden");
        assert.strictEqual(at(v, "minio.secretKey"), "");
        const env = at(v, "standalone.extraEnv") as Array<{ name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }>;
        assert.deepStrictEqual(
            env.map((e) => [e.name, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key]),
            [
                [MILVUS_ENV.rootPassword, SECRET, SECRET_KEYS.rootPassword],
                [MILVUS_ENV.minioAccessKey, SECRET, "accesskey"],
                [MILVUS_ENV.minioSecretKey, SECRET, "secretkey"],
            ],
        );
    });

    it("every cluster component gets the same credential environment", () => {
        const v = buildChartValues(wiring(), settings({ mode: "cluster" }));
        for (const c of ["mixCoordinator", "proxy", "queryNode", "dataNode", "streamingNode"]) {
            assert.deepStrictEqual(
                envNames(at(v, `${c}.extraEnv`)),
                [MILVUS_ENV.rootPassword, MILVUS_ENV.minioAccessKey, MILVUS_ENV.minioSecretKey],
                c,
            );
        }
    });

    it("authentication is switched on through user.yaml, and the root password only through the environment", () => {
        const on = buildChartValues(wiring(), settings());
        assert.match(String((at(on, "extraConfigFiles") as Record<string, string>)["user.yaml"]), /authorizationEnabled: true/);
        const off = buildChartValues(wiring(), settings({ auth: { enabled: false } }));
        assert.match(String((at(off, "extraConfigFiles") as Record<string, string>)["user.yaml"]), /authorizationEnabled: false/);
        assert.ok(!envNames(at(off, "standalone.extraEnv")).includes(MILVUS_ENV.rootPassword));
    });

    it("a keyless cloud bucket: MinIO off, externalS3 with IAM and no secret key", () => {
        const v = buildChartValues(
            wiring({
                objectStore: {
                    kind: "bucket",
                    cloudProvider: "aws",
                    host: "s3.eu-west-1.amazonaws.com",
                    port: 443,
                    useSSL: true,
                    bucketName: "milvus-data",
                    rootPath: "milvus",
                    region: "eu-west-1",
                },
            }),
            settings(),
        );
        assert.strictEqual(at(v, "minio.enabled"), false);
        assert.deepStrictEqual(at(v, "externalS3"), {
            enabled: true,
            cloudProvider: "aws",
            host: "s3.eu-west-1.amazonaws.com",
            port: 443,
            useSSL: true,
            bucketName: "milvus-data",
            rootPath: "milvus",
            useIAM: true,
            accessKey: "",
            secretKey: "",
            region: "eu-west-1",
            useVirtualHost: false,
        });
        assert.deepStrictEqual(envNames(at(v, "standalone.extraEnv")), [MILVUS_ENV.rootPassword], "no MinIO keys without MinIO");
    });
});

describe("chart values: exposure, identity and scheduling", () => {
    it("clusterIP clears the chart's 0.0.0.0/0 source range default", () => {
        const v = buildChartValues(wiring(), settings());
        assert.strictEqual(at(v, "service.type"), "ClusterIP");
        assert.deepStrictEqual(at(v, "service.loadBalancerSourceRanges"), []);
    });

    it("exposure: the chart's Service stays ClusterIP whatever the type (its metrics port 9091 never reaches a load balancer)", () => {
        for (const type of ["internal", "public"] as const) {
            const v = buildChartValues(wiring(), {
                ...settings(),
                exposure: { type, sourceRanges: ["10.0.0.0/8"], annotations: { "lb/type": "custom" } },
            });
            assert.strictEqual(at(v, "service.type"), "ClusterIP");
            assert.deepStrictEqual(at(v, "service.annotations"), {}, "the exposure's annotations belong to the load balancer");
        }
    });

    it("an internal Attu ingress with no source ranges admits the cluster's own network (an ALB's default is 0.0.0.0/0)", () => {
        const w = wiring({
            networkRanges: ["10.42.0.0/16"],
            exposure: {
                loadBalancerAnnotations: {},
                ingress: { className: "alb", annotations: { internal: {} }, sourceRangesAnnotation: "alb/inbound-cidrs" },
            },
        });
        const v = buildChartValues(w, settings({ attu: { enabled: true, ingress: { enabled: true } } }));
        assert.strictEqual((at(v, "attu.ingress.annotations") as Record<string, string>)["alb/inbound-cidrs"], "10.42.0.0/16");
    });

    it("Attu ingress: the platform's class, scope annotations and source ranges", () => {
        const w = wiring({
            exposure: {
                loadBalancerAnnotations: {},
                ingress: { className: "alb", annotations: { internal: { "alb/scheme": "internal" } }, sourceRangesAnnotation: "alb/inbound-cidrs" },
            },
        });
        const m = settings({
            attu: {
                enabled: true,
                ingress: { enabled: true, host: "attu.corp", tlsSecretName: "attu-tls", sourceRanges: ["10.1.0.0/16", "10.2.0.0/16"] },
            },
        });
        const v = buildChartValues(w, m);
        assert.strictEqual(at(v, "attu.ingress.ingressClassName"), "alb");
        assert.deepStrictEqual(at(v, "attu.ingress.annotations"), { "alb/scheme": "internal", "alb/inbound-cidrs": "10.1.0.0/16,10.2.0.0/16" });
        assert.deepStrictEqual(at(v, "attu.ingress.hosts"), ["attu.corp"]);
        assert.deepStrictEqual(at(v, "attu.ingress.tls"), [{ secretName: "attu-tls", hosts: ["attu.corp"] }]);
    });

    it("Attu ingress without a host: still one rule, so the Ingress the chart renders has rules or a default backend", () => {
        const w = wiring({
            exposure: { loadBalancerAnnotations: {}, ingress: { className: "alb", annotations: {}, sourceRangesAnnotation: undefined } },
        });
        const v = buildChartValues(w, settings({ attu: { enabled: true, ingress: { enabled: true } } }));
        // attu-ingress.yaml: `rules` per entry of hosts, `defaultBackend` only when tls is set.
        const hosts = at(v, "attu.ingress.hosts") as string[];
        const tls = at(v, "attu.ingress.tls") as unknown[];
        assert.ok(hosts.length > 0 || tls.length > 0, "the chart would render an Ingress with an empty spec");
        assert.deepStrictEqual(hosts, [""], "a rule without a host, which matches every host");
    });

    it("service account identity: the chart creates the named account with the platform's annotations; pods get its labels", () => {
        const v = buildChartValues(
            wiring({
                serviceAccount: {
                    name: "milvus-sa",
                    annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/milvus" },
                    podLabels: { "azure.workload.identity/use": "true" },
                },
            }),
            settings(),
        );
        assert.deepStrictEqual(at(v, "serviceAccount"), {
            create: true,
            name: "milvus-sa",
            annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/milvus" },
        });
        assert.deepStrictEqual(at(v, "labels"), { "azure.workload.identity/use": "true" });
    });

    it("spreads replicated components across zones and nodes, grouped by component", () => {
        const v = buildChartValues(wiring({ zoneSpread: "DoNotSchedule" }), settings({ mode: "cluster", components: { proxy: { replicas: 2 } } }));
        const spread = at(v, "topologySpreadConstraints") as Array<Record<string, unknown>>;
        assert.deepStrictEqual(
            spread.map((c) => [c.topologyKey, c.whenUnsatisfiable, c.matchLabelKeys]),
            [
                ["topology.kubernetes.io/zone", "DoNotSchedule", ["component"]],
                ["kubernetes.io/hostname", "ScheduleAnyway", ["component"]],
            ],
        );
        assert.deepStrictEqual(at(spread[0], "labelSelector.matchLabels"), {
            "app.kubernetes.io/name": "milvus",
            "app.kubernetes.io/instance": "milvus",
        });
        const single = buildChartValues(wiring(), settings({ mode: "cluster" }));
        assert.deepStrictEqual(at(single, "topologySpreadConstraints"), [], "nothing to spread with one replica each");
    });

    it("node pool placement reaches the component and the dependencies", () => {
        const v = buildChartValues(
            wiring({
                placement: {
                    queryNode: {
                        nodeSelector: { role: "query" },
                        tolerations: [{ key: "role", operator: "Equal", value: "query", effect: "NoSchedule" }],
                    },
                    dependencies: { nodeSelector: { role: "deps" } },
                },
            }),
            settings({ mode: "cluster" }),
        );
        assert.deepStrictEqual(at(v, "queryNode.nodeSelector"), { role: "query" });
        assert.strictEqual((at(v, "queryNode.tolerations") as unknown[]).length, 1);
        assert.deepStrictEqual(at(v, "etcd.nodeSelector"), { role: "deps" });
        assert.deepStrictEqual(at(v, "minio.nodeSelector"), { role: "deps" });
        assert.strictEqual(at(v, "proxy.nodeSelector"), undefined);
    });

    it("standalone: Milvus's local storage (DiskANN, mmap, cache) stays on the sized volume, not on an emptyDir over it", () => {
        // templates/standalone-deployment.yaml mounts an emptyDir at /var/lib/milvus/data when standalone.disk.enabled.
        const v = buildChartValues(wiring(), settings({ mode: "standalone", standaloneStorageSize: "300Gi" }));
        assert.strictEqual(at(v, "standalone.disk.enabled"), false);
        assert.strictEqual(at(v, "standalone.persistence.persistentVolumeClaim.size"), "300Gi");
    });

    it("the storage class reaches etcd, MinIO and the standalone volume; none means the cluster default", () => {
        const v = buildChartValues(wiring({ storageClassName: "gp3" }), settings());
        assert.strictEqual(at(v, "etcd.persistence.storageClass"), "gp3");
        assert.strictEqual(at(v, "minio.persistence.storageClass"), "gp3");
        assert.strictEqual(at(v, "standalone.persistence.persistentVolumeClaim.storageClass"), "gp3");
        const none = buildChartValues(wiring(), settings());
        assert.strictEqual(at(none, "etcd.persistence.storageClass"), undefined);
    });
});

describe("chart values: escape hatch and names", () => {
    it("`values` is deep-merged last: it wins key by key and keeps the rest", () => {
        const v = buildChartValues(
            wiring(),
            settings({ values: { log: { level: "debug" }, minio: { mode: "distributed" }, etcd: { replicaCount: 5 } } }),
        );
        assert.strictEqual(at(v, "log.level"), "debug");
        assert.strictEqual(at(v, "minio.mode"), "distributed");
        assert.strictEqual(at(v, "minio.existingSecret"), SECRET, "siblings of an overridden key survive");
        assert.strictEqual(at(v, "etcd.replicaCount"), 5);
    });

    it("deepMerge replaces arrays instead of concatenating them", () => {
        assert.deepStrictEqual(deepMerge({ a: [1, 2], b: { c: 1 } }, { a: [3], b: { d: 2 } }), { a: [3], b: { c: 1, d: 2 } });
    });

    it("chartFullname follows the chart's helper: the release name alone when it contains 'milvus'", () => {
        assert.strictEqual(chartFullname("milvus"), "milvus");
        assert.strictEqual(chartFullname("my-milvus"), "my-milvus");
        assert.strictEqual(chartFullname("vectors"), "vectors-milvus");
        assert.strictEqual(chartFullname("vectors", { fullnameOverride: "vdb" }), "vdb");
        assert.strictEqual(chartFullname("a".repeat(60)).length, 63);
    });
});
