// The shipped local stacks on a real Kubernetes: the real control plane
// (tools/cluster), the real pulumi-kubernetes provider at the version the
// program pins, the real Helm inside it installing the real Milvus chart from
// a chart repository on loopback (the air-gapped `milvus.chartRepository`).
// Each stack gets a namespace of its own in the one cluster of the run.
//
// What the test plays, because no such controller can run here (each named
// where it happens): the CSI resizer that grows a volume. kwok plays the
// kubelet (tools/cluster/cluster.ts).
import * as assert from "assert";
import { validateStackConfig } from "../../components/platforms";
import { COMPONENT_LABELS, credentialsSecretName, SECRET_KEYS } from "../../components/milvus/names";
import { stackOutputsSchema } from "../../components/outputs";
import type { EngineWorkspace } from "../../tools/engine/workspace";
import { rawProjectConfig, stackFileConfig } from "../../tools/offline/stacks";
import {
    assertClaimsBound, assertCredentialsOnlyInSecret, assertDisruptionBudgetsSelectPods, assertNetworkPoliciesSelectPods, claims, componentsUnderBudget, helmRevisions, isReady, list, runningPods, type Meta,
} from "./cluster-checks";
import { REPLACING_OPS, assertSucceeded, exportedResources, previewSteps, timed } from "./harness";
import { realKube, realWorkspace } from "./kube";

const LOCAL_STACKS = ["local", "local-cluster", "local-workload"] as const;

interface Deployment { metadata: Meta; spec: { replicas?: number }; status: { readyReplicas?: number; replicas?: number } }

describe("engine suite: the local stacks on a real Kubernetes", function () {
    this.timeout(20 * 60 * 1000);
    let ws: EngineWorkspace;

    before(async () => {
        ws = await realWorkspace();
    });
    after(() => ws?.dispose());

    for (const stack of LOCAL_STACKS) {
        describe(stack, () => {
            const config = validateStackConfig(rawProjectConfig(stackFileConfig(stack)));
            const namespace = `e2e-${stack}`;
            const release = config.milvus.releaseName;
            let outputs: Record<string, unknown> = {};

            it("previews and goes up, with the chart from the loopback repository", async () => {
                const { charts } = await realKube();
                assertSucceeded(await ws.pulumi(["stack", "init", stack]), "stack init");
                for (const [key, value] of [["milvus.namespace", namespace], ["milvus.chartRepository", charts.url]]) {
                    assertSucceeded(await ws.pulumi(["config", "set", "--path", key, value, "--stack", stack]), `config set ${key}`);
                }
                assertSucceeded(timed(stack, "preview", await ws.pulumi(["preview", "--stack", stack])), "preview");
                const up = timed(stack, "up", await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]));
                assertSucceeded(up, "up");
                const warnings = up.stdout.split("\n").filter((l) => /^\s*warning: /.test(l) && !/using pulumi-language-nodejs from \$PATH/.test(l));
                assert.deepStrictEqual(warnings, [], "pulumi up printed warnings");
            });

            it("the outputs are complete after one up", async () => {
                const shown = await ws.pulumi(["stack", "output", "--json", "--show-secrets", "--stack", stack]);
                assertSucceeded(shown, "stack output");
                outputs = JSON.parse(shown.stdout) as Record<string, unknown>;
                const contract = stackOutputsSchema.safeParse(outputs);
                assert.ok(contract.success, `outputs break the contract: ${JSON.stringify(contract.error?.issues)}`);
                if (config.milvus.attu.enabled && config.milvus.attu.ingress.enabled) {
                    assert.ok(typeof outputs.attuUrl === "string" && outputs.attuUrl !== "", `attuUrl is empty after the first up: ${JSON.stringify(outputs.attuUrl)}`);
                }
            });

            it("the cluster holds the release: Deployments at the configured replicas and Ready, claims Bound", async () => {
                const { cluster } = await realKube();
                const revisions = await helmRevisions(cluster, namespace, release);
                assert.deepStrictEqual(revisions, [{ revision: 1, status: "deployed" }]);
                const deployments = await list<Deployment>(cluster, `/apis/apps/v1/namespaces/${namespace}/deployments`);
                const wanted: Record<string, number> = config.milvus.mode === "standalone"
                    ? { standalone: 1 }
                    : Object.fromEntries((["proxy", "mixCoordinator", "queryNode", "dataNode", "streamingNode"] as const).map((c) => [c, config.milvus.components[c].replicas]));
                const suffix: Record<string, string> = { standalone: "standalone", proxy: "proxy", mixCoordinator: "mixcoord", queryNode: "querynode", dataNode: "datanode", streamingNode: "streamingnode" };
                for (const [component, replicas] of Object.entries(wanted)) {
                    const d = deployments.find((x) => x.metadata.name.endsWith(`-${suffix[component]}`));
                    assert.ok(d, `no Deployment for ${component}; found ${deployments.map((x) => x.metadata.name).join(", ")}`);
                    assert.strictEqual(d.spec.replicas, replicas, `${d.metadata.name} replicas`);
                    assert.strictEqual(d.status.readyReplicas ?? 0, replicas, `${d.metadata.name} ready replicas`);
                }
                const pods = await runningPods(cluster, namespace);
                assert.deepStrictEqual(pods.filter((p) => !isReady(p)).map((p) => p.metadata.name), [], "pods not Ready");
                await assertClaimsBound(cluster, namespace);
            });

            it("PodDisruptionBudgets and NetworkPolicies select the chart's pods; the password lives only in its Secret", async () => {
                const { cluster } = await realKube();
                await assertDisruptionBudgetsSelectPods(cluster, namespace);
                const policies = await assertNetworkPoliciesSelectPods(cluster, namespace);
                assert.ok(policies > 0, "no NetworkPolicy in the namespace");
                // A budget for every cluster component that runs more than one pod (one pod alone could never be drained).
                const replicated = config.milvus.mode === "cluster"
                    ? (["proxy", "mixCoordinator", "queryNode", "dataNode", "streamingNode"] as const).filter((c) => config.milvus.components[c].replicas > 1)
                    : [];
                const budgeted = await componentsUnderBudget(cluster, namespace);
                for (const c of replicated) assert.ok(budgeted.includes(COMPONENT_LABELS[c]), `no PodDisruptionBudget covers the ${c} pods; covered: ${budgeted.join(", ")}`);
                const password = await assertCredentialsOnlyInSecret(cluster, namespace, credentialsSecretName(release), SECRET_KEYS.rootPassword);
                assert.strictEqual(String(outputs.milvusToken).split(":")[1], password, "milvusToken is not the password the cluster holds");
            });

            it("a preview and a refresh right after the up find no change", async () => {
                assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", stack]), "preview --expect-no-changes");
                assertSucceeded(await ws.pulumi(["refresh", "--yes", "--expect-no-changes", "--stack", stack]), "refresh --expect-no-changes");
            });

            it("an innocent edit upgrades the release in place to revision 2 and replaces nothing", async () => {
                const { cluster } = await realKube();
                const edit = config.milvus.mode === "cluster"
                    ? { path: "milvus.components.queryNode.replicas", value: String(config.milvus.components.queryNode.replicas + 1), type: "int" }
                    : { path: "milvus.components.standalone.resources.requests.cpu", value: "1500m", type: "string" };
                assertSucceeded(await ws.pulumi(["config", "set", "--path", edit.path, edit.value, "--type", edit.type, "--stack", stack]), "config set");
                const preview = await ws.pulumi(["preview", "--json", "--stack", stack]);
                assertSucceeded(preview, "preview");
                const steps = previewSteps(preview);
                assert.deepStrictEqual(steps.filter((s) => REPLACING_OPS.has(s.op) || s.op === "delete").map((s) => `${s.op} ${s.urn}`), []);
                assert.strictEqual(steps.find((s) => s.urn.endsWith("kubernetes:helm.sh/v3:Release::milvus-chart"))?.op, "update");
                assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), "up after the edit");
                assert.deepStrictEqual((await helmRevisions(cluster, namespace, release)).map((r) => r.revision), [1, 2]);
                if (config.milvus.mode === "cluster") {
                    const query = (await list<Deployment>(cluster, `/apis/apps/v1/namespaces/${namespace}/deployments`)).find((d) => d.metadata.name.endsWith("-querynode"));
                    assert.strictEqual(query?.spec.replicas, config.milvus.components.queryNode.replicas + 1);
                } else {
                    const pods = (await runningPods(cluster, namespace)).filter((p) => p.metadata.labels?.component === "standalone");
                    assert.deepStrictEqual(pods.map((p) => p.spec.containers[0].resources?.requests?.cpu), ["1500m"]);
                }
            });

            it("destroy removes every object and every volume of the stack", async () => {
                const { cluster } = await realKube();
                assertSucceeded(await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy");
                assert.deepStrictEqual(exportedResources(await ws.pulumi(["stack", "export", "--stack", stack])).map((r) => r.urn), []);
                await cluster.waitFor(`namespace ${namespace} to be gone`, async () => (await cluster.find(`/api/v1/namespaces/${namespace}`)) === undefined, 180_000, 1000);
                assert.deepStrictEqual((await claims(cluster, namespace)).map((c) => c.metadata.name), []);
                const volumes = await list<{ metadata: Meta; spec: { claimRef?: { namespace?: string } } }>(cluster, "/api/v1/persistentvolumes");
                assert.deepStrictEqual(volumes.filter((v) => v.spec.claimRef?.namespace === namespace).map((v) => v.metadata.name), [], "volumes of the stack left behind");
            });
        });
    }
});
