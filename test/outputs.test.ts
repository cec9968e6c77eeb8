// The outputs contract: every shipped stack exports exactly the contract,
// secrets are secret and nothing else is, and the values describe what the
// program actually deployed (read from the recorded resources, not from the
// code that computes the outputs).
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { chartFullname, SECRET_KEYS } from "../components/shared/chart-names";
import {
    CONTRACT_VERSION,
    OUTPUT_NAMES,
    SECRET_OUTPUT_NAMES,
    stackOutputsSchema,
    toStackOutputs,
    type OutputSources,
    type StackContract,
} from "../components/outputs";
import { engineOutputs, generatedSecrets, leakingOutputs, milvusRelease, one, type EngineOutputs } from "./support/unit/inspect";
import { awsContract } from "./support/unit/contracts";
import { installMocks } from "./support/unit/mocks";
import { evaluateStack, rawProjectConfig, shippedStacks, stackFileConfig, type Evaluation } from "./support/unit/stacks";

function issuePaths(value: unknown): string[] {
    const result = stackOutputsSchema.safeParse(value);
    return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
}

describe("outputs contract", () => {
    describe("the schema", () => {
        it("accepts a complete AWS contract and an Azure one", () => {
            assert.deepStrictEqual(issuePaths(awsContract()), []);
            const azure = awsContract({
                cloud: "azure",
                region: "westeurope",
                platform: {
                    azure: {
                        resourceGroupName: "rg-milvus",
                        clusterName: "aks-milvus",
                        storageAccountName: "stmilvus",
                        identityClientId: "00000000-0000-0000-0000-000000000001",
                    },
                },
            });
            assert.deepStrictEqual(issuePaths(azure), []);
        });

        it("rejects another cloud's section, a missing output and another contract version", () => {
            const wrongSection = awsContract({
                platform: { azure: { resourceGroupName: "rg", clusterName: "c", storageAccountName: "s", identityClientId: "i" } },
            });
            assert.deepStrictEqual(issuePaths(wrongSection), ["platform.azure"]);
            const { milvusUri: _dropped, ...missing } = awsContract();
            assert.deepStrictEqual(issuePaths(missing), ["milvusUri"]);
            assert.deepStrictEqual(issuePaths({ ...awsContract(), contractVersion: CONTRACT_VERSION + 1 }), ["contractVersion"]);
        });

        it("requires the token exactly when auth is enabled", () => {
            const { milvusToken: _token, ...noToken } = awsContract();
            assert.deepStrictEqual(issuePaths(noToken), ["milvusToken"]);
            assert.deepStrictEqual(issuePaths({ ...noToken, milvusAuthEnabled: false }), []);
            assert.deepStrictEqual(issuePaths(awsContract({ milvusAuthEnabled: false })), ["milvusToken"]);
        });

        it("TLS outputs agree: https, a mode, and a CA only when TLS is on", () => {
            const https = { milvusTls: true, milvusUri: "https://milvus.milvus.svc.cluster.local:19530" };
            assert.ok(stackOutputsSchema.safeParse(awsContract({ ...https, milvusTlsMode: "server" })).success);
            const issues = (o: Record<string, unknown>) =>
                (stackOutputsSchema.safeParse(awsContract(o)).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
            assert.deepStrictEqual(issues(https), ["milvusTlsMode: required when milvusTls is true"]);
            assert.deepStrictEqual(issues({ milvusTlsMode: "mutual" }), ["milvusTlsMode: must be absent when milvusTls is false"]);
            assert.deepStrictEqual(issues({ ...https, milvusTlsMode: "server", milvusUri: "http://milvus.milvus.svc.cluster.local:19530" }), [
                "milvusUri: must be https:// when milvusTls is true",
            ]);
        });

        it("lists the two credentials, and only them, as secret outputs", () => {
            assert.deepStrictEqual([...SECRET_OUTPUT_NAMES].sort(), ["kubeconfig", "milvusToken"]);
            for (const name of SECRET_OUTPUT_NAMES) assert.ok(OUTPUT_NAMES.includes(name), name);
        });
    });

    for (const stack of shippedStacks()) {
        describe(`stack ${stack}`, () => {
            let evaluation: Evaluation;
            let exported: EngineOutputs;
            let contract: StackContract;
            before(async () => {
                evaluation = await evaluateStack(stack);
                exported = await engineOutputs(evaluation.outputs);
                contract = stackOutputsSchema.parse(exported.values);
            });

            it("exports exactly the contract: nothing missing, nothing extra, current version", () => {
                // Parsing strips unknown keys at every level, so any extra output shows up as a difference.
                assert.deepStrictEqual(contract, exported.values);
                assert.strictEqual(contract.contractVersion, CONTRACT_VERSION);
            });

            it("exports the credentials as secrets and nothing else as a secret", async () => {
                const expected = SECRET_OUTPUT_NAMES.filter((n) => exported.values[n] !== undefined).sort();
                assert.deepStrictEqual(exported.secretOutputNames, expected);
                assert.deepStrictEqual(await leakingOutputs(evaluation.outputs, generatedSecrets(evaluation.resources)), []);
            });

            it("describes the Milvus release it deployed", () => {
                const { resources } = evaluation;
                const release = milvusRelease(resources);
                const namespace = one(resources, "kubernetes:core/v1:Namespace");
                const config = rawProjectConfig(stackFileConfig(stack));
                assert.strictEqual(contract.cloud, config.cloud);
                assert.strictEqual(contract.environment, config.environment ?? "dev");
                assert.strictEqual(contract.namespace, (namespace.inputs.metadata as { name: string }).name);
                assert.strictEqual(contract.namespace, release.inputs.namespace);
                assert.strictEqual(contract.releaseName, release.inputs.name);
                assert.strictEqual(contract.chartVersion, release.inputs.version);
                assert.strictEqual(contract.milvusVersion, (release.values.image as { all: { tag: string } }).all.tag);
                assert.strictEqual(contract.milvusServiceName, chartFullname(contract.releaseName, release.values));
                assert.strictEqual(contract.milvusHost, `${contract.milvusServiceName}.${contract.namespace}.svc.cluster.local`);
                assert.strictEqual(contract.milvusPort, 19530);
                assert.strictEqual(contract.milvusUri, `${contract.milvusTls ? "https" : "http"}://${contract.milvusHost}:19530`);
            });

            it("hands out the root password Milvus is given", () => {
                const secret = one(evaluation.resources, "kubernetes:core/v1:Secret");
                const password = (secret.inputs.stringData as Record<string, string>)[SECRET_KEYS.rootPassword];
                assert.strictEqual(contract.milvusAuthEnabled, password !== undefined);
                assert.strictEqual(contract.milvusToken, password === undefined ? undefined : `root:${password}`);
            });

            it("exports a kubeconfig, a region and a cloud section exactly when the program created the cluster", () => {
                const created = contract.cloud !== "local";
                assert.strictEqual(contract.kubeconfig !== undefined, created, "kubeconfig");
                assert.strictEqual(contract.region !== undefined, created, "region");
                assert.deepStrictEqual(Object.keys(contract.platform ?? {}), created ? [contract.cloud] : []);
            });
        });
    }

    describe("toStackOutputs for a platform that created its cluster", () => {
        function sources(overrides: Partial<OutputSources> = {}): OutputSources {
            return {
                cloud: "aws",
                environment: "prod",
                chartVersion: "5.0.19",
                milvusVersion: "v2.6.15",
                authEnabled: true,
                milvus: {
                    uri: pulumi.output("http://milvus.milvus.svc.cluster.local:19530"),
                    host: pulumi.output("milvus.milvus.svc.cluster.local"),
                    port: 19530,
                    tls: false,
                    serviceName: pulumi.output("milvus"),
                    namespace: pulumi.output("milvus"),
                    releaseName: "milvus",
                    rootToken: pulumi.output("root:TOKENPASSWORDX9"),
                    externalEndpoint: pulumi.output<string | undefined>(undefined),
                    attuUrl: pulumi.output<string | undefined>(undefined),
                },
                platform: {
                    region: "eu-west-1",
                    objectStoreName: pulumi.output("milvus-data-123"),
                    // Deliberately not marked secret by the platform: the contract must make it one.
                    kubeconfig: pulumi.output("apiVersion: v1\nusers: [{user: {token: KUBECONFIGCREDX9}}]"),
                    extras: { aws: { clusterName: pulumi.output("milvus-prod"), bucketArn: "arn:aws:s3:::milvus-data-123" } },
                },
                ...overrides,
            };
        }

        it("leaves out the optional outputs a stack does not have instead of exporting undefined", () => {
            const outputs = toStackOutputs(
                sources({
                    authEnabled: false,
                    platform: { region: undefined, objectStoreName: pulumi.output("milvus-bucket"), kubeconfig: undefined },
                    milvus: { ...sources().milvus, externalEndpoint: undefined, attuUrl: undefined },
                }),
            );
            for (const name of ["region", "kubeconfig", "platform", "milvusToken", "milvusExternalEndpoint", "attuUrl"]) {
                assert.ok(!(name in outputs), `${name} is exported although the stack has none`);
            }
            assert.ok("objectStoreName" in outputs && "milvusUri" in outputs);
        });

        it("exports the platform's region, kubeconfig and section, with every credential secret", async () => {
            installMocks();
            const exported = await engineOutputs(toStackOutputs(sources()));
            const contract = stackOutputsSchema.parse(exported.values);
            assert.deepStrictEqual(exported.secretOutputNames, ["kubeconfig", "milvusToken"]);
            assert.strictEqual(contract.region, "eu-west-1");
            assert.deepStrictEqual(contract.platform, { aws: { clusterName: "milvus-prod", bucketArn: "arn:aws:s3:::milvus-data-123" } });
            assert.ok(contract.kubeconfig?.includes("KUBECONFIGCREDX9"));
        });

        it("exports no token when auth is disabled", async () => {
            installMocks();
            const exported = await engineOutputs(toStackOutputs(sources({ authEnabled: false })));
            assert.strictEqual(exported.values.milvusToken, undefined);
            assert.strictEqual(exported.values.milvusAuthEnabled, false);
            assert.deepStrictEqual(exported.secretOutputNames, ["kubeconfig"]);
            stackOutputsSchema.parse(exported.values);
        });
    });
});
