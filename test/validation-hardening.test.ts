// Inputs that parse but would fail late or undo what the program guarantees
// (issue 13): each is refused before any resource, naming the key, or made
// harmless by merging.
import * as assert from "assert";
import { parse } from "yaml";
import { nearMissNamespaceProblems } from "../components/config/namespaces";
import { ConfigValidationError } from "../components/config/problems";
import { sizingWarnings } from "../components/config/sizing-warnings";
import { MILVUS_ENV } from "../components/shared/chart-names";
import { validateStackConfig } from "../components/platforms";
import { configProblems } from "./support/unit/config";
import { at, milvusRelease } from "./support/unit/inspect";
import { evaluate } from "./support/unit/stacks";

const local = (milvus: Record<string, unknown>, environment = "dev") => ({ cloud: "local", environment, milvus });

function problemsAt(raw: Record<string, unknown>, key: string): string[] {
    return configProblems(raw)
        .filter((p) => p.key === key || p.key.startsWith(`${key}.`))
        .map((p) => `${p.key}: ${JSON.stringify(p.given)} ${p.allowed}`);
}

async function renderedValues(milvus: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { resources } = await evaluate({ "milvus-on-clouds:cloud": "local", "milvus-on-clouds:milvus": milvus });
    return milvusRelease(resources).values;
}

describe("validation: milvus.values cannot undo what the program guarantees", () => {
    for (const [what, values, key, reason] of [
        [
            "the service account the cloud identity is bound to",
            { serviceAccount: { name: "other" } },
            "milvus.values.serviceAccount",
            /cloud identity/,
        ],
        ["a floating image tag", { image: { all: { tag: "latest" } } }, "milvus.values.image.all.tag", /milvus\.imageTag/],
        ["the chart Service (type, source ranges)", { service: { type: "LoadBalancer" } }, "milvus.values.service", /milvus\.exposure/],
        ["the mode", { cluster: { enabled: true } }, "milvus.values.cluster", /milvus\.mode/],
        ["the object store", { externalS3: { enabled: true, host: "s3.example" } }, "milvus.values.externalS3", /keyless/],
        ["MinIO's credentials Secret", { minio: { existingSecret: "mine" } }, "milvus.values.minio.existingSecret", /generated keys/],
        ["the Attu ingress", { attu: { ingress: { enabled: true } } }, "milvus.values.attu.ingress", /milvus\.attu\.ingress/],
        ["TLS key material in the values", { proxy: { tls: { enabled: true } } }, "milvus.values.proxy.tls", /key material/],
    ] as const) {
        it(`refuses ${what}`, () => {
            const found = problemsAt(local({ values }), key);
            assert.strictEqual(found.length, 1, JSON.stringify(configProblems(local({ values }))));
            assert.match(found[0], reason);
        });
    }

    it("an extraEnv entry is added to the program's credential variables, not put in their place", async () => {
        const values = await renderedValues({ values: { standalone: { extraEnv: [{ name: "GODEBUG", value: "madvdontneed=1" }] } } });
        const names = (at(values, "standalone.extraEnv") as Array<{ name: string }>).map((e) => e.name);
        assert.deepStrictEqual(
            names.filter((n) => n === MILVUS_ENV.rootPassword || n === "GODEBUG").sort(),
            [MILVUS_ENV.rootPassword, "GODEBUG"].sort(),
        );
        assert.ok(names.includes(MILVUS_ENV.minioAccessKey) && names.includes(MILVUS_ENV.minioSecretKey), names.join(", "));
    });

    it("an extraEnv entry may not take the name of a credential variable", () => {
        const found = problemsAt(
            local({ values: { standalone: { extraEnv: [{ name: MILVUS_ENV.rootPassword, value: "Milvus" }] } } }),
            "milvus.values.standalone.extraEnv",
        );
        assert.strictEqual(found.length, 1);
        assert.match(found[0], /^milvus\.values\.standalone\.extraEnv\.0\.name: "COMMON_SECURITY_DEFAULTROOTPASSWORD" is set by the program/);
    });

    it("a user.yaml is merged into the program's, which keeps authorization on", async () => {
        const values = await renderedValues({ values: { extraConfigFiles: { "user.yaml": "queryNode:\n  mmap:\n    vectorField: true\n" } } });
        const doc = parse(
            String(at(values, "extraConfigFiles.user\\.yaml") ?? (values.extraConfigFiles as Record<string, string>)["user.yaml"]),
        ) as Record<string, unknown>;
        assert.strictEqual(at(doc, "common.security.authorizationEnabled"), true);
        assert.strictEqual(at(doc, "queryNode.mmap.vectorField"), true);
    });

    for (const environment of ["dev", "prod"]) {
        it(`a user.yaml that turns authorization off is refused (${environment})`, () => {
            const found = problemsAt(
                local({ values: { extraConfigFiles: { "user.yaml": "common:\n  security:\n    authorizationEnabled: false\n" } } }, environment),
                "milvus.values.extraConfigFiles.user.yaml",
            );
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.match(found[0], /common\.security\.authorizationEnabled is set by the program/);
        });
    }

    it("a user.yaml that is not a YAML mapping is refused", () => {
        assert.match(
            problemsAt(local({ values: { extraConfigFiles: { "user.yaml": "- a\n- b\n" } } }), "milvus.values.extraConfigFiles.user.yaml")[0],
            /YAML mapping/,
        );
        assert.match(
            problemsAt(local({ values: { extraConfigFiles: { "user.yaml": "a: [" } } }), "milvus.values.extraConfigFiles.user.yaml")[0],
            /valid YAML/,
        );
    });

    it("values the program does not own still reach the chart", async () => {
        const values = await renderedValues({ values: { queryNode: { nodeSelector: { pool: "search" } }, log: { level: "debug" } } });
        assert.strictEqual(at(values, "log.level"), "debug");
    });
});

describe("validation: exposure annotations cannot change who reaches Milvus or Attu", () => {
    it("refuses a scheme flip on the load balancer", () => {
        const found = problemsAt(
            local({
                exposure: {
                    type: "public",
                    sourceRanges: ["81.2.69.0/24"],
                    annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" },
                },
            }),
            "milvus.exposure.annotations",
        );
        assert.strictEqual(found.length, 1);
        assert.match(found[0], /decides who can reach it/);
    });

    it("refuses source ranges set through the Attu ingress annotations", () => {
        const raw = {
            cloud: "local",
            local: { ingressClassName: "nginx" },
            milvus: {
                attu: {
                    enabled: true,
                    ingress: { enabled: true, annotations: { "nginx.ingress.kubernetes.io/whitelist-source-range": "0.0.0.0/0" } },
                },
            },
        };
        assert.strictEqual(problemsAt(raw, "milvus.attu.ingress.annotations").length, 1);
    });

    it("accepts annotations that do not decide reachability", () => {
        assert.deepStrictEqual(
            problemsAt(
                local({
                    exposure: {
                        type: "public",
                        sourceRanges: ["81.2.69.0/24"],
                        annotations: { "service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags": "team=search" },
                    },
                }),
                "milvus.exposure.annotations",
            ),
            [],
        );
    });
});

describe("validation: names and versions are checked before the cloud sees them", () => {
    for (const namespace of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
        it(`refuses the reserved namespace ${namespace} (it would be deleted on destroy)`, () => {
            const found = problemsAt(local({ namespace }), "milvus.namespace");
            assert.strictEqual(found.length, 1);
            assert.match(found[0], /deletes it on destroy/);
        });
    }

    it("refuses an Ingress host over 253 characters or with a label over 63", () => {
        const long = `${Array.from({ length: 5 }, () => "a".repeat(60)).join(".")}.example`;
        const raw = (host: string) => ({
            cloud: "local",
            local: { ingressClassName: "nginx" },
            milvus: { attu: { enabled: true, ingress: { enabled: true, host } } },
        });
        assert.match(problemsAt(raw(long), "milvus.attu.ingress.host")[0], /at most 253 characters/);
        assert.match(problemsAt(raw(`${"b".repeat(64)}.example`), "milvus.attu.ingress.host")[0], /labels of 1-63/);
        assert.deepStrictEqual(problemsAt(raw("attu.search.example"), "milvus.attu.ingress.host"), []);
    });

    it("refuses a chart version outside the 5.x line and an image newer than the chart's Milvus", () => {
        assert.match(problemsAt(local({ chartVersion: "4.2.58" }), "milvus.chartVersion")[0], /5\.x chart version/);
        assert.match(problemsAt(local({ imageTag: "v2.7.0" }), "milvus.imageTag")[0], /allowed with chart 5\.0\.19: v2\.6\.x/);
        assert.deepStrictEqual(problemsAt(local({ imageTag: "v2.6.3" }), "milvus.imageTag"), []);
    });
});

describe("validation: a key under a near miss of the project's namespace is refused", () => {
    it("names the key and the namespace it meant", () => {
        const problems = nearMissNamespaceProblems(
            ["milvus-on-cloud:environment", "aws:region", "kubernetes:context", "milvus_on_clouds:cloud", "other-project:x"],
            "milvus-on-clouds",
        );
        assert.deepStrictEqual(
            problems.map((p) => p.key),
            ["milvus-on-cloud:environment", "milvus_on_clouds:cloud"],
        );
        assert.match(problems[0].allowed, /did you mean milvus-on-clouds:environment\?/);
    });

    it("fails the validation with the whole key, not prefixed by the project's namespace", () => {
        assert.throws(
            () => validateStackConfig({ cloud: "local" }, [], { otherConfigKeys: ["milvus-on-cloud:environment"] }),
            (error: unknown) => {
                assert.ok(error instanceof ConfigValidationError);
                assert.match(
                    error.message,
                    /\n {2}- milvus-on-cloud:environment: got "\(a value the program never reads\)"; the namespace "milvus-on-cloud" is not the project's/,
                );
                return true;
            },
        );
    });
});

describe("validation: Kubernetes quantities are checked before the scheduler sees them", () => {
    for (const [what, milvus, key, reason] of [
        ["a zero volume", { etcd: { storageSize: "0" } }, "milvus.etcd.storageSize", /must be more than 0/],
        ["a volume no cloud offers", { etcd: { storageSize: "99999999999999999999Pi" } }, "milvus.etcd.storageSize", /at most 65,536 GiB/],
        [
            "a CPU count no machine has",
            { mode: "cluster", components: { proxy: { resources: { requests: { cpu: "100000" } } } } },
            "milvus.components.proxy.resources.requests.cpu",
            /at most 448 cores/,
        ],
        [
            "a CPU in exponent notation",
            { mode: "cluster", components: { proxy: { resources: { requests: { cpu: "1e300" } } } } },
            "milvus.components.proxy.resources.requests.cpu",
            /must be a CPU quantity/,
        ],
        [
            "zero memory",
            { mode: "cluster", components: { proxy: { resources: { limits: { memory: "0Mi" } } } } },
            "milvus.components.proxy.resources.limits.memory",
            /more than 0/,
        ],
        [
            "a request above its limit",
            { mode: "cluster", components: { queryNode: { resources: { requests: { memory: "16Gi" }, limits: { memory: "8Gi" } } } } },
            "milvus.components.queryNode.resources.requests.memory",
            /must not exceed limits\.memory \("8Gi"\)/,
        ],
        [
            "a CPU request above its limit (millicores)",
            { components: { standalone: { resources: { requests: { cpu: "2" }, limits: { cpu: "500m" } } } } },
            "milvus.components.standalone.resources.requests.cpu",
            /must not exceed limits\.cpu \("500m"\)/,
        ],
    ] as const) {
        it(`refuses ${what}`, () => {
            const found = problemsAt(local(milvus), key);
            assert.strictEqual(found.length, 1, JSON.stringify(configProblems(local(milvus))));
            assert.match(found[0], reason);
        });
    }

    it("accepts requests equal to limits", () => {
        assert.deepStrictEqual(
            configProblems(
                local({
                    mode: "cluster",
                    components: { proxy: { resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "2000m", memory: "4096Mi" } } } },
                }),
            ),
            [],
        );
    });

    it("refuses a workload that sizes beyond one deployment, and says what it would take", () => {
        const found = problemsAt(local({ workload: { vectors: 10_000_000_000, dimension: 32768, indexType: "HNSW" } }), "milvus.workload");
        assert.strictEqual(found.length, 1, found.join("\n"));
        assert.match(found[0], /queryNode pods/);
        assert.match(found[0], /split the data over several deployments/);
        assert.deepStrictEqual(
            problemsAt(local({ workload: { vectors: 100_000_000, dimension: 768, indexType: "DISKANN" } }), "milvus.workload"),
            [],
        );
    });
});

describe("validation: cloud naming and tagging rules", () => {
    const aws = (block: Record<string, unknown>) => ({ cloud: "aws", aws: { region: "us-west-2", ...block } });
    const azure = (block: Record<string, unknown>) => ({
        cloud: "azure",
        azure: {
            location: "westeurope",
            adminGroupObjectIds: ["5b0e7f0c-3a6d-4c1e-9a4b-2f8d6e1c7a90"],
            apiServer: { authorizedIpRanges: ["81.2.69.0/24"] },
            ...block,
        },
    });

    for (const [name, reason] of [
        ["192.168.1.1", /IP address/],
        ["milvus..data", /adjacent periods/],
        ["xn--milvus", /reserves/],
        ["milvus-s3alias", /reserves/],
    ] as const) {
        it(`refuses the S3 bucket name ${name}`, () => {
            assert.match(problemsAt(aws({ bucket: { name } }), "aws.bucket.name")[0] ?? "", reason);
        });
    }

    it("refuses AWS tags with the reserved aws: prefix, in keys and values", () => {
        assert.match(problemsAt(aws({ tags: { "aws:team": "search" } }), "aws.tags")[0], /may not start with aws:/);
        assert.match(problemsAt(aws({ tags: { team: "AWS:search" } }), "aws.tags")[0], /values may not start with aws:/);
        assert.deepStrictEqual(problemsAt(aws({ tags: { team: "search", "cost-center": "42" } }), "aws.tags"), []);
    });

    it("refuses more tags than the cloud allows beside the program's three", () => {
        const tags = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`t${i}`, "x"]));
        assert.match(problemsAt(azure({ tags }), "azure.tags")[0], /at most 47/);
        assert.match(problemsAt(aws({ tags }), "aws.tags")[0], /at most 47/);
        delete tags.t0;
        assert.deepStrictEqual(problemsAt(azure({ tags }), "azure.tags"), []);
    });

    it("refuses Azure tag names with characters Azure does not take", () => {
        assert.match(problemsAt(azure({ tags: { "team/search": "x" } }), "azure.tags")[0], /may not contain/);
    });
});

describe("validation: messages a person can act on", () => {
    it("says when the default is the problem", () => {
        // prod's defaults fit the default system pool maximum (15); two more query nodes need two more nodes than that
        const raw = {
            cloud: "azure",
            environment: "prod",
            milvus: { components: { queryNode: { replicas: 4 } } },
            azure: {
                location: "westeurope",
                adminGroupObjectIds: ["5b0e7f0c-3a6d-4c1e-9a4b-2f8d6e1c7a90"],
                apiServer: { authorizedIpRanges: ["81.2.69.0/24"] },
            },
        };
        assert.throws(
            () => validateStackConfig(raw),
            (error: unknown) => {
                assert.ok(error instanceof ConfigValidationError);
                assert.match(error.message, /azure\.systemPool\.maxCount: got 15 \(the default\); allowed for this workload: at least 17/);
                return true;
            },
        );
    });

    it("uses plain words for types and bounds", () => {
        const words = configProblems(local({ auth: { enabled: "yes" }, components: { proxy: { replicas: "two" } }, values: "x" })).map(
            (p) => p.allowed,
        );
        assert.ok(words.includes("allowed: true or false"), words.join("\n"));
        assert.ok(words.includes("allowed: a number"), words.join("\n"));
        assert.ok(words.includes("allowed: a map of names to values"), words.join("\n"));
        assert.ok(!words.some((w) => /of type|record|<=|>=/.test(w)), words.join("\n"));
        assert.deepStrictEqual(problemsAt(local({ workload: { vectors: 1e15, dimension: 8, indexType: "HNSW" } }), "milvus.workload.vectors"), [
            "milvus.workload.vectors: 1000000000000000 allowed: at most 10,000,000,000",
        ]);
    });

    it("lists the problems in the order of the stack file", () => {
        const raw = { cloud: "local", milvus: { namespace: "kube-system", auth: { enabled: "no" }, etcd: { storageSize: "0" } } };
        assert.deepStrictEqual(
            configProblems(raw).map((p) => p.key),
            ["milvus.namespace", "milvus.auth.enabled", "milvus.etcd.storageSize"],
        );
        const reversed = { cloud: "local", milvus: { etcd: { storageSize: "0" }, auth: { enabled: "no" }, namespace: "kube-system" } };
        assert.deepStrictEqual(
            configProblems(reversed).map((p) => p.key),
            ["milvus.etcd.storageSize", "milvus.auth.enabled", "milvus.namespace"],
        );
    });
});

describe("validation: explicit resources far below the workload are warned about, not refused", () => {
    it("warns for a query node far smaller than sized and for DiskANN without local disk", () => {
        const config = validateStackConfig(
            local({
                mode: "cluster",
                workload: { vectors: 100_000_000, dimension: 768, indexType: "DISKANN" },
                components: { queryNode: { replicas: 1, resources: { requests: { cpu: "1", memory: "2Gi" } } } },
            }),
        );
        const warnings = sizingWarnings(config.milvus);
        assert.ok(
            warnings.some((w) => /milvus\.components\.queryNode\.replicas is 1, far below the 6/.test(w)),
            warnings.join("\n"),
        );
        assert.ok(
            warnings.some((w) => /queryNode\.resources\.requests\.memory is 2Gi, far below/.test(w)),
            warnings.join("\n"),
        );
        assert.ok(
            warnings.some((w) => /sets no ephemeral-storage, but .* needs 52Gi/.test(w)),
            warnings.join("\n"),
        );
    });

    it("stays quiet when the sizing decides", () => {
        const config = validateStackConfig(local({ mode: "cluster", workload: { vectors: 100_000_000, dimension: 768, indexType: "DISKANN" } }));
        assert.deepStrictEqual(sizingWarnings(config.milvus), []);
    });
});
