// Inputs that parse but would fail late or undo what the program guarantees
// (issue 13): each is refused before any resource, naming the key, or made
// harmless by merging.
import * as assert from "assert";
import { parse } from "yaml";
import { nearMissNamespaceProblems } from "../components/config/namespaces";
import { ConfigValidationError } from "../components/config/problems";
import { MILVUS_ENV } from "../components/milvus/names";
import { validateStackConfig } from "../components/platforms";
import { configProblems } from "./harness/config";
import { at, milvusRelease } from "./harness/inspect";
import { evaluate } from "./harness/stacks";

const local = (milvus: Record<string, unknown>, environment = "dev") => ({ cloud: "local", environment, milvus });

function problemsAt(raw: Record<string, unknown>, key: string): string[] {
    return configProblems(raw).filter((p) => p.key === key || p.key.startsWith(`${key}.`)).map((p) => `${p.key}: ${JSON.stringify(p.given)} ${p.allowed}`);
}

async function renderedValues(milvus: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { resources } = await evaluate({ "milvus-on-clouds:cloud": "local", "milvus-on-clouds:milvus": milvus });
    return milvusRelease(resources).values;
}

describe("validation: milvus.values cannot undo what the program guarantees", () => {
    for (const [what, values, key, reason] of [
        ["the service account the cloud identity is bound to", { serviceAccount: { name: "other" } }, "milvus.values.serviceAccount", /cloud identity/],
        ["a floating image tag", { image: { all: { tag: "latest" } } }, "milvus.values.image.all.tag", /milvus\.imageTag/],
        ["the chart Service (type, source ranges)", { service: { type: "LoadBalancer" } }, "milvus.values.service", /milvus\.exposure/],
        ["the mode", { cluster: { enabled: true } }, "milvus.values.cluster", /milvus\.mode/],
        ["the object store", { externalS3: { enabled: true, host: "s3.example" } }, "milvus.values.externalS3", /keyless/],
        ["MinIO's credentials Secret", { minio: { existingSecret: "mine" } }, "milvus.values.minio.existingSecret", /generated keys/],
        ["the Attu ingress", { attu: { ingress: { enabled: true } } }, "milvus.values.attu.ingress", /milvus\.attu\.ingress/],
        ["client TLS the outputs would not report", { proxy: { tls: { enabled: true } } }, "milvus.values.proxy.tls", /milvusTls: false/],
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
        assert.deepStrictEqual(names.filter((n) => n === MILVUS_ENV.rootPassword || n === "GODEBUG").sort(), [MILVUS_ENV.rootPassword, "GODEBUG"].sort());
        assert.ok(names.includes(MILVUS_ENV.minioAccessKey) && names.includes(MILVUS_ENV.minioSecretKey), names.join(", "));
    });

    it("an extraEnv entry may not take the name of a credential variable", () => {
        const found = problemsAt(local({ values: { standalone: { extraEnv: [{ name: MILVUS_ENV.rootPassword, value: "Milvus" }] } } }), "milvus.values.standalone.extraEnv");
        assert.strictEqual(found.length, 1);
        assert.match(found[0], /^milvus\.values\.standalone\.extraEnv\.0\.name: "COMMON_SECURITY_DEFAULTROOTPASSWORD" is set by the program/);
    });

    it("a user.yaml is merged into the program's, which keeps authorization on", async () => {
        const values = await renderedValues({ values: { extraConfigFiles: { "user.yaml": "queryNode:\n  mmap:\n    vectorField: true\n" } } });
        const doc = parse(String(at(values, "extraConfigFiles.user\\.yaml") ?? (values.extraConfigFiles as Record<string, string>)["user.yaml"])) as Record<string, unknown>;
        assert.strictEqual(at(doc, "common.security.authorizationEnabled"), true);
        assert.strictEqual(at(doc, "queryNode.mmap.vectorField"), true);
    });

    for (const environment of ["dev", "prod"]) {
        it(`a user.yaml that turns authorization off is refused (${environment})`, () => {
            const found = problemsAt(local({ values: { extraConfigFiles: { "user.yaml": "common:\n  security:\n    authorizationEnabled: false\n" } } }, environment), "milvus.values.extraConfigFiles.user.yaml");
            assert.strictEqual(found.length, 1, found.join("\n"));
            assert.match(found[0], /common\.security\.authorizationEnabled is set by the program/);
        });
    }

    it("a user.yaml that is not a YAML mapping is refused", () => {
        assert.match(problemsAt(local({ values: { extraConfigFiles: { "user.yaml": "- a\n- b\n" } } }), "milvus.values.extraConfigFiles.user.yaml")[0], /YAML mapping/);
        assert.match(problemsAt(local({ values: { extraConfigFiles: { "user.yaml": "a: [" } } }), "milvus.values.extraConfigFiles.user.yaml")[0], /valid YAML/);
    });

    it("values the program does not own still reach the chart", async () => {
        const values = await renderedValues({ values: { queryNode: { nodeSelector: { pool: "search" } }, log: { level: "debug" } } });
        assert.strictEqual(at(values, "log.level"), "debug");
    });
});

describe("validation: exposure annotations cannot change who reaches Milvus or Attu", () => {
    it("refuses a scheme flip on the load balancer", () => {
        const found = problemsAt(local({ exposure: { type: "public", sourceRanges: ["81.2.69.0/24"], annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" } } }), "milvus.exposure.annotations");
        assert.strictEqual(found.length, 1);
        assert.match(found[0], /decides who can reach it/);
    });

    it("refuses source ranges set through the Attu ingress annotations", () => {
        const raw = { cloud: "local", local: { ingressClassName: "nginx" }, milvus: { attu: { enabled: true, ingress: { enabled: true, annotations: { "nginx.ingress.kubernetes.io/whitelist-source-range": "0.0.0.0/0" } } } } };
        assert.strictEqual(problemsAt(raw, "milvus.attu.ingress.annotations").length, 1);
    });

    it("accepts annotations that do not decide reachability", () => {
        assert.deepStrictEqual(problemsAt(local({ exposure: { type: "public", sourceRanges: ["81.2.69.0/24"], annotations: { "service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags": "team=search" } } }), "milvus.exposure.annotations"), []);
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
        const raw = (host: string) => ({ cloud: "local", local: { ingressClassName: "nginx" }, milvus: { attu: { enabled: true, ingress: { enabled: true, host } } } });
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
        const problems = nearMissNamespaceProblems(["milvus-on-cloud:environment", "aws:region", "kubernetes:context", "milvus_on_clouds:cloud", "other-project:x"], "milvus-on-clouds");
        assert.deepStrictEqual(problems.map((p) => p.key), ["milvus-on-cloud:environment", "milvus_on_clouds:cloud"]);
        assert.match(problems[0].allowed, /did you mean milvus-on-clouds:environment\?/);
    });

    it("fails the validation with the whole key, not prefixed by the project's namespace", () => {
        assert.throws(() => validateStackConfig({ cloud: "local" }, [], { otherConfigKeys: ["milvus-on-cloud:environment"] }), (error: unknown) => {
            assert.ok(error instanceof ConfigValidationError);
            assert.match(error.message, /\n {2}- milvus-on-cloud:environment: got "\(a value the program never reads\)"; the namespace "milvus-on-cloud" is not the project's/);
            return true;
        });
    });
});
