// Secret config values: which paths the program sees as secret, where a secret
// value is refused, and that the chart values become a Pulumi secret. The
// engine suite proves the same through the real CLI and a state file.
import * as assert from "assert";
import * as path from "path";
import { RunError } from "@pulumi/pulumi";
import { parse } from "yaml";
import { withoutUnusedCloudBlocks } from "../components/config/from-pulumi";
import { ConfigValidationError } from "../components/config/problems";
import { chartValuesAreSecret, secretPaths, secretPlacementProblems, secureLeaves } from "../components/config/secrets";
import { validateStackConfig } from "../components/platforms";
import { installMocks, settle, SECRET_SIG, SECRET_SIG_KEY } from "../tools/offline/mocks";

const STACK_FILE = parse(`
config:
  milvus-on-clouds:cloud: local
  milvus-on-clouds:local:
    kubeconfig:
      secure: v1:abc
    context: kind-kind
  milvus-on-clouds:milvus:
    values:
      annotations:
        owner:
          secure: v1:def
  other-project:token:
    secure: v1:ghi
`);

describe("secret config values", () => {
    it("finds the secure leaves of this project's keys in a stack file", () => {
        assert.deepStrictEqual(secureLeaves(STACK_FILE, "milvus-on-clouds").sort(), ["local.kubeconfig", "milvus.values.annotations.owner"]);
    });

    it("counts a whole key as secret when the stack file shows no leaf for it", () => {
        assert.deepStrictEqual(secretPaths(["milvus", "aws"], ["milvus.values.a"]), ["milvus.values.a", "aws"]);
    });

    it("accepts secrets under milvus.values and local.kubeconfig only", () => {
        assert.deepStrictEqual(secretPlacementProblems(["milvus.values.annotations.owner", "local.kubeconfig"]), []);
        const refused = secretPlacementProblems(["milvus.namespace", "aws", "milvus", "milvus.values.fullnameOverride", "local.context"]).map(
            (p) => p.key,
        );
        assert.deepStrictEqual(refused, ["milvus.namespace", "aws", "milvus", "milvus.values.fullnameOverride", "local.context"]);
    });

    it("refuses a misplaced secret in the validation error, with the other problems", () => {
        assert.throws(
            () => validateStackConfig({ cloud: "local", milvus: { namespace: "vectors" } }, ["milvus.namespace"]),
            (err: unknown) => {
                assert.ok(err instanceof ConfigValidationError);
                assert.match(err.message, /milvus-on-clouds:milvus\.namespace: got "\[secret\]"; allowed: a plain value/);
                return true;
            },
        );
    });

    it("is a RunError, so the Node.js runtime prints the message without a stack trace", () => {
        assert.throws(
            () => validateStackConfig({ cloud: "nowhere" }),
            (err: unknown) => RunError.isInstance(err),
        );
    });

    it("marks the chart values secret exactly when a secret lies under milvus.values", () => {
        assert.strictEqual(chartValuesAreSecret(["milvus.values.x.y"]), true);
        assert.strictEqual(chartValuesAreSecret(["local.kubeconfig"]), false);
        assert.strictEqual(validateStackConfig({ cloud: "local" }, ["milvus.values.annotations.owner"]).milvus.valuesAreSecret, true);
        assert.strictEqual(validateStackConfig({ cloud: "local" }).milvus.valuesAreSecret, false);
    });

    it("sends the Helm release its values as a secret when they carry one", async () => {
        const session = installMocks({ stack: "secret-values" });
        const program = require(path.join(__dirname, "..", "index")) as { deploy(config: unknown): Promise<unknown> };
        await program.deploy(
            validateStackConfig({ cloud: "local", milvus: { values: { annotations: { owner: "team-a" } } } }, ["milvus.values.annotations.owner"]),
        );
        await settle();
        const release = session.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
        const values = release?.rawInputs.values as Record<string, unknown> | undefined;
        assert.strictEqual(values?.[SECRET_SIG_KEY], SECRET_SIG, "the release values are not a secret");
    });

    it("keeps the local kubeconfig a secret in the provider's inputs", async () => {
        const session = installMocks({ stack: "secret-kubeconfig" });
        const program = require(path.join(__dirname, "..", "index")) as { deploy(config: unknown): Promise<unknown> };
        await program.deploy(validateStackConfig({ cloud: "local", local: { kubeconfig: "/home/me/.kube/prod" } }));
        await settle();
        const provider = session.resources.find((r) => r.type === "pulumi:providers:kubernetes");
        const kubeconfig = provider?.rawInputs.kubeconfig as Record<string, unknown> | undefined;
        assert.strictEqual(kubeconfig?.[SECRET_SIG_KEY], SECRET_SIG, "the kubeconfig is not a secret");
    });
});

describe("platform blocks defaulted by Pulumi.yaml", () => {
    it("drops the empty blocks of the clouds a stack does not use, and keeps the rest", () => {
        assert.deepStrictEqual(withoutUnusedCloudBlocks({ cloud: "aws", aws: {}, azure: {}, local: {} }), { cloud: "aws", aws: {} });
        assert.deepStrictEqual(withoutUnusedCloudBlocks({ cloud: "local", aws: { region: "us-west-2" }, local: {} }), {
            cloud: "local",
            aws: { region: "us-west-2" },
            local: {},
        });
    });

    it("still refuses a non-empty block of another cloud", () => {
        assert.throws(
            () => validateStackConfig(withoutUnusedCloudBlocks({ cloud: "local", aws: { region: "us-west-2" } })),
            /milvus-on-clouds:aws: .*read only when cloud is "aws"/,
        );
    });
});
