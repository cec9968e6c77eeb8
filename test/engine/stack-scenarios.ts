// The engine suite's stack scenarios: every shipped stack through the real Pulumi CLI, engine
// and deployment (file backend, passphrase secrets), the real Node.js runtime
// of @pulumi/pulumi loading index.ts as `pulumi up` does, the real policy pack
// and real StackReferences, the real pulumi-kubernetes provider and its Helm
// installing the real charts (from a repository on loopback) into a real
// cluster of each stack's own: the EKS or AKS cluster the fake cloud created
// (test/support/engine/fake-managed-kubernetes.ts), or the local stack's. Fakes
// stand only where a cloud API would answer (test/support/engine/fake-provider.ts),
// and the controllers that cannot run here are played by
// test/support/engine/controller-stand-ins.ts (cloud load balancers, CSI volumes,
// cert-manager); kwok plays the kubelet. Run alone with `npm run test:engine`.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { COMPONENT_LABELS, credentialsSecretName, SECRET_KEYS } from "../../components/shared/chart-names";
import { validateStackConfig, type Cloud } from "../../components/platforms";
import { SECRET_OUTPUT_NAMES, stackOutputsSchema } from "../../components/outputs";
import { GENERATED_SECRET_PREFIX } from "../support/engine/fake-cloud";
import { REPO } from "../support/engine/workspace";
import { rawProjectConfig, shippedStacks, stackFileConfig } from "../../tools/offline/stacks";
import {
    assertClaimsBound,
    assertCredentialsOnlyInSecret,
    assertDisruptionBudgetsSelectPods,
    assertNetworkPoliciesSelectPods,
    claims,
    componentsUnderBudget,
    helmRevisions,
    isReady,
    list,
    podRequests,
    runningPods,
    unschedulable,
    type Meta,
    type Pod,
} from "../support/engine/cluster-checks";
import {
    REPLACING_OPS,
    assertSucceeded,
    disposeWorkspace,
    exportedResources,
    liveObjects,
    openWorkspace,
    previewSteps,
    stateFiles,
    timed,
    timingReport,
    transcript,
    workspace,
} from "../support/engine/harness";
import { clusterOf } from "../support/engine/kube";
import { existingClusterNodes } from "../../components/config/demand";
import { usableCapacity, type Machine } from "../../components/sizing/nodes";
import type { NodeSpec } from "../support/cluster/cluster";

interface Deployment {
    metadata: Meta;
    spec: { replicas?: number };
    status: { readyReplicas?: number };
}

/** Deployment name suffixes of the chart's Milvus components (templates/*-deployment.yaml of milvus-5.0.19). */
const DEPLOYMENT_SUFFIX = {
    standalone: "standalone",
    proxy: "proxy",
    mixCoordinator: "mixcoord",
    queryNode: "querynode",
    dataNode: "datanode",
    streamingNode: "streamingnode",
} as const;
const CLUSTER_COMPONENTS = ["proxy", "mixCoordinator", "queryNode", "dataNode", "streamingNode"] as const;

/**
 * The URNs of every protected resource, per shipped stack: a contract. Moving
 * one (a new parent, name or type) without an alias makes the next `pulumi up`
 * plan a replacement that protection then blocks.
 */
const PROTECTED_URNS = path.join(__dirname, "protected-urns.json");

/** The stack the example app consumes through a real StackReference. */
const CONSUMED_STACK = "local";

/**
 * An edit a platform team makes every week: one more query node in cluster
 * mode, a larger CPU request in standalone mode. It must update the Helm
 * release in place and replace nothing.
 */
function innocentEdit(stack: string): { path: string; value: string; type: "int" | "string" } {
    const config = validateStackConfig(rawProjectConfig(stackFileConfig(stack)));
    if (config.milvus.mode === "cluster") {
        return { path: "milvus.components.queryNode.replicas", value: String(config.milvus.components.queryNode.replicas + 1), type: "int" };
    }
    return { path: "milvus.components.standalone.resources.requests.cpu", value: "1500m", type: "string" };
}

/**
 * Nodes of `machine` whose kubelet offers pods what the plan's headroom leaves
 * (components/sizing/nodes.ts usableCapacity: its kube-reserved, eviction
 * threshold and system pods), across two zones.
 */
function machineNodes(prefix: string, count: number, machine: Machine): NodeSpec[] {
    const usable = usableCapacity(machine);
    return Array.from({ length: count }, (_, i) => ({
        name: `${prefix}-${i + 1}`,
        cpu: String(machine.cpu),
        memory: `${machine.memoryGiB}Gi`,
        allocatable: { cpu: `${Math.floor(usable.cpu * 1000 + 1e-6)}m`, memory: `${Math.floor(usable.memoryGiB * 1024 + 1e-6)}Mi` },
        labels: { "topology.kubernetes.io/zone": `zone-${1 + (i % 2)}` },
    }));
}

/**
 * A pod the program sizes: not a Job's (they come and go), nor Attu's or Pulsar's autorecovery (component
 * `recovery`), which the sizing tool does not size and which keep the chart's requests (docs/sizing.md, "What each pod
 * reserves").
 */
function sizedPod(p: Pod): boolean {
    return !p.metadata.ownerReferences?.some((o) => o.kind === "Job") && !/-attu-|-pulsarv3-recovery-/.test(p.metadata.name);
}

/**
 * The scenarios of every shipped stack of one platform, in one describe with a workspace of its own. One spec file per
 * platform (stacks-<cloud>.engine.ts) calls it, so that mocha's parallel mode (.mocharc.engine.json) runs the platforms
 * side by side.
 */
export function describeShippedStacks(cloud: Cloud): void {
    describe(`engine suite: the shipped ${cloud} stacks through the real Pulumi CLI`, function () {
        this.timeout(15 * 60 * 1000);

        before(async () => {
            await openWorkspace();
        });
        after(async () => {
            process.stdout.write(`${timingReport()}\n`);
            await disposeWorkspace();
        });

        for (const stack of shippedStacks().filter((s) => validateStackConfig(rawProjectConfig(stackFileConfig(s))).cloud === cloud)) {
            describe(stack, () => {
                const config = validateStackConfig(rawProjectConfig(stackFileConfig(stack)));
                const prod = config.environment === "prod";
                const namespace = config.milvus.namespace;
                const release = config.milvus.releaseName;
                let outputs: Record<string, unknown> = {};
                // A local stack runs on the nodes the plan says it needs (npm run plan: "nodes: N x ..."); a cloud stack on the
                // node groups / pools the program sized and created.
                const planNodes = config.cloud === "local" ? existingClusterNodes(config.demand) : undefined;
                // The next stack gets a cluster of its own; this one's (a prod stack's, kept by protection) is done with.
                after(async () => {
                    await workspace().stopClusters();
                });

                it("pulumi preview succeeds", async () => {
                    const ws = workspace();
                    if (config.cloud === "local") {
                        assert.ok(planNodes, "the plan finds no node size for this local stack");
                        ws.setLocalNodes(stack, machineNodes("node", planNodes.nodes, planNodes.machine));
                    }
                    assertSucceeded(await ws.pulumi(["stack", "init", stack]), "stack init");
                    const r = timed(stack, "preview", await ws.pulumi(["preview", "--stack", stack]));
                    assertSucceeded(r, "preview");
                    assert.match(r.stdout, /\+ \d+ to create/);
                });

                it("pulumi up succeeds", async () => {
                    const r = timed(stack, "up", await workspace().pulumi(["up", "--yes", "--skip-preview", "--stack", stack]));
                    assertSucceeded(r, "up");
                    // No warning but the one the CLI prints for the stand-in language host (docs/development.md, "The Node.js language host").
                    const warnings = r.stdout
                        .split("\n")
                        .filter((l) => /^\s*warning: /.test(l) && !/using pulumi-language-nodejs from \$PATH/.test(l));
                    assert.deepStrictEqual(warnings, [], "pulumi up printed warnings");
                });

                it("protects exactly the resources of the protected-URN contract (test/engine/protected-urns.json)", async () => {
                    const state = exportedResources(await workspace().pulumi(["stack", "export", "--stack", stack]));
                    const protectedUrns = state
                        .filter((r) => r.protect)
                        .map((r) => r.urn)
                        .sort();
                    if (process.env.UPDATE_PROTECTED_URNS) {
                        const all = fs.existsSync(PROTECTED_URNS)
                            ? (JSON.parse(fs.readFileSync(PROTECTED_URNS, "utf8")) as Record<string, string[]>)
                            : {};
                        all[stack] = protectedUrns;
                        fs.writeFileSync(PROTECTED_URNS, `${JSON.stringify(Object.fromEntries(Object.entries(all).sort()), null, 2)}\n`);
                    }
                    const contract = (JSON.parse(fs.readFileSync(PROTECTED_URNS, "utf8")) as Record<string, string[]>)[stack];
                    assert.ok(contract !== undefined, `no protected-URN contract for ${stack}; run with UPDATE_PROTECTED_URNS=1 and review the diff`);
                    assert.deepStrictEqual(
                        protectedUrns,
                        contract,
                        "the protected resources moved or changed: a moved resource needs an alias (its URN is a contract), a new one a reviewed update of protected-urns.json",
                    );
                    assert.strictEqual(protectedUrns.length > 0, prod, prod ? "a prod stack protects nothing" : "a dev stack protects resources");
                });

                it("the stack outputs match the contract, and the secret ones show only with --show-secrets", async () => {
                    const ws = workspace();
                    const shown = await ws.pulumi(["stack", "output", "--json", "--show-secrets", "--stack", stack]);
                    assertSucceeded(shown, "stack output --show-secrets");
                    outputs = JSON.parse(shown.stdout) as Record<string, unknown>;
                    const contract = stackOutputsSchema.safeParse(outputs);
                    assert.ok(contract.success, `outputs break the contract: ${JSON.stringify(contract.error?.issues)}`);
                    const masked = JSON.parse((await ws.pulumi(["stack", "output", "--json", "--stack", stack])).stdout) as Record<string, unknown>;
                    for (const name of SECRET_OUTPUT_NAMES) {
                        if (outputs[name] === undefined) continue;
                        assert.strictEqual(masked[name], "[secret]", `${name} is printed without --show-secrets`);
                        assert.notStrictEqual(outputs[name], "[secret]");
                    }
                    for (const [name, value] of Object.entries(masked)) {
                        if (!(SECRET_OUTPUT_NAMES as readonly string[]).includes(name))
                            assert.deepStrictEqual(value, outputs[name], `${name} should not be secret`);
                    }
                });

                it("the cluster holds the release: revision 1 deployed, Deployments at the configured replicas and Ready, claims Bound", async () => {
                    const cluster = await clusterOf(workspace(), stack);
                    assert.deepStrictEqual(await helmRevisions(cluster, namespace, release), [{ revision: 1, status: "deployed" }]);
                    const deployments = await list<Deployment>(cluster, `/apis/apps/v1/namespaces/${namespace}/deployments`);
                    const wanted: Array<[keyof typeof DEPLOYMENT_SUFFIX, number]> =
                        config.milvus.mode === "standalone"
                            ? [["standalone", 1]]
                            : CLUSTER_COMPONENTS.map((c) => [c, config.milvus.components[c].replicas]);
                    for (const [component, replicas] of wanted) {
                        const d = deployments.find((x) => x.metadata.name.endsWith(`-${DEPLOYMENT_SUFFIX[component]}`));
                        assert.ok(d, `no Deployment for ${component}; found ${deployments.map((x) => x.metadata.name).join(", ")}`);
                        assert.strictEqual(d.spec.replicas, replicas, `${d.metadata.name} replicas`);
                        assert.strictEqual(d.status.readyReplicas ?? 0, replicas, `${d.metadata.name} ready replicas`);
                    }
                    const pods = await runningPods(cluster, namespace);
                    assert.deepStrictEqual(
                        pods.filter((p) => !isReady(p)).map((p) => p.metadata.name),
                        [],
                        "pods not Ready",
                    );
                    await assertClaimsBound(cluster, namespace);
                    // Every Milvus and dependency pod reserves its memory limit (Guaranteed memory), but where the stack file sets
                    // the component's resources itself (stack files: local's standalone, local-cluster's query nodes).
                    const input = rawProjectConfig(stackFileConfig(stack)).milvus as
                        { components?: Record<string, { resources?: unknown }> } | undefined;
                    const explicit: string[] = Object.entries(input?.components ?? {})
                        .filter(([, c]) => c.resources !== undefined)
                        .map(([name]) => COMPONENT_LABELS[name as keyof typeof COMPONENT_LABELS]);
                    const sized = pods.filter((p) => sizedPod(p) && !explicit.includes(p.metadata.labels?.component ?? ""));
                    assert.ok(sized.length > 0, "no sized pod found");
                    const unreserved = sized.flatMap((p) =>
                        p.spec.containers
                            .filter((c) => c.resources?.requests?.memory === undefined || c.resources.requests.memory !== c.resources.limits?.memory)
                            .map(
                                (c) =>
                                    `${p.metadata.name}/${c.name} requests ${c.resources?.requests?.memory ?? "nothing"}, limit ${c.resources?.limits?.memory ?? "none"}`,
                            ),
                    );
                    assert.deepStrictEqual(unreserved, [], "pods whose memory request is not their limit");
                });

                it("PodDisruptionBudgets and NetworkPolicies select the chart's pods; the root password lives only in its Secret", async () => {
                    const cluster = await clusterOf(workspace(), stack);
                    await assertDisruptionBudgetsSelectPods(cluster, namespace);
                    assert.ok((await assertNetworkPoliciesSelectPods(cluster, namespace)) > 0, "no NetworkPolicy in the namespace");
                    // A budget for every cluster component that runs more than one pod (one pod alone could never be drained).
                    const replicated =
                        config.milvus.mode === "cluster" ? CLUSTER_COMPONENTS.filter((c) => config.milvus.components[c].replicas > 1) : [];
                    const budgeted = await componentsUnderBudget(cluster, namespace);
                    for (const c of replicated)
                        assert.ok(
                            budgeted.includes(COMPONENT_LABELS[c]),
                            `no PodDisruptionBudget covers the ${c} pods; covered: ${budgeted.join(", ")}`,
                        );
                    const password = await assertCredentialsOnlyInSecret(
                        cluster,
                        namespace,
                        credentialsSecretName(release),
                        SECRET_KEYS.rootPassword,
                    );
                    assert.strictEqual(String(outputs.milvusToken).split(":")[1], password, "milvusToken is not the password the cluster holds");
                });

                it("the state holds no generated secret in plain text", async () => {
                    const ws = workspace();
                    const files = stateFiles(ws, stack);
                    assert.ok(files.length > 0, "no state files found");
                    const token = String(outputs.milvusToken ?? "");
                    for (const file of files) {
                        const text = fs.readFileSync(file, "utf8");
                        assert.ok(!text.includes(GENERATED_SECRET_PREFIX), `${file} holds a generated secret in plain text`);
                        if (token) assert.ok(!text.includes(token.split(":")[1]), `${file} holds the root password in plain text`);
                    }
                    // The fake cloud did generate them, so the search above looked for something real.
                    assert.ok(liveObjects(ws, stack).some((o) => JSON.stringify(o.outputs).includes(GENERATED_SECRET_PREFIX)));
                });

                it("a second preview and a refresh find no change (the program is idempotent; the cluster holds what the state says)", async () => {
                    const ws = workspace();
                    assertSucceeded(await ws.pulumi(["preview", "--expect-no-changes", "--stack", stack]), "preview --expect-no-changes");
                    // The first refresh gives the objects the program only reads (`.get`: the Attu Ingress for its address, the TLS
                    // Secret for its CA) the inputs their Read returns, and the engine shows that as an update of each (pulumi/pulumi#16401,
                    // open; seen here with the CLI 3.248.0 and pulumi-kubernetes 4.25.0). Nothing else may change, and then nothing at all.
                    const first = await ws.pulumi(["refresh", "--yes", "--stack", stack]);
                    assertSucceeded(first, "refresh");
                    // A resource's line (`~  <type> <name> updated ...`), not the summary's (`~ 1 updated`).
                    const updated = first.stdout.split("\n").filter((l) => /^\s*~\s+[a-z-]+:\S+ \S+ updated\b/.test(l));
                    const readOnly =
                        /kubernetes:(networking\.k8s\.io\/v1:Ingress \S+-attu-ingress|core\/v1:Secret \S+-tls-secret) updated .*\[diff: \+apiVersion,kind,metadata\]/;
                    assert.deepStrictEqual(
                        updated.filter((l) => !readOnly.test(l)),
                        [],
                        "refresh found drift in what the program manages",
                    );
                    if (updated.length > 0)
                        assertSucceeded(
                            await ws.pulumi(["refresh", "--yes", "--expect-no-changes", "--stack", stack]),
                            "a second refresh --expect-no-changes",
                        );
                    else
                        assert.doesNotMatch(
                            first.stdout,
                            /~ \d+ updated/,
                            "the refresh updated something this test did not recognise as a resource line",
                        );
                });

                it("the policy pack reports no mandatory violation, and every taggable resource carries the required tags", async () => {
                    const r = await workspace().pulumi(["preview", "--policy-pack", path.join(REPO, "policy"), "--stack", stack]);
                    assertSucceeded(r, "preview --policy-pack policy");
                    assert.match(r.stdout, /Policies:|Policy Packs run:/, "the policy pack did not run");
                    assert.doesNotMatch(r.stdout, /\[mandatory\]/);
                    const untagged = r.stdout.split("\n").filter((l) => /required-tags/.test(l));
                    assert.deepStrictEqual(untagged, [], "required-tags (advisory) flags resources");
                });

                it("an innocent edit upgrades the release in place to revision 2 and replaces nothing", async () => {
                    const ws = workspace();
                    const edit = innocentEdit(stack);
                    assertSucceeded(
                        await ws.pulumi(["config", "set", "--path", edit.path, edit.value, "--type", edit.type, "--stack", stack]),
                        "config set",
                    );
                    const r = await ws.pulumi(["preview", "--json", "--stack", stack]);
                    assertSucceeded(r, "preview after the edit");
                    const steps = previewSteps(r);
                    const replaced = steps.filter((s) => REPLACING_OPS.has(s.op) || s.op === "delete");
                    assert.deepStrictEqual(
                        replaced.map((s) => `${s.op} ${s.urn}`),
                        [],
                        "the edit replaces or deletes resources",
                    );
                    const chart = steps.find((s) => s.urn.endsWith("kubernetes:helm.sh/v3:Release::milvus-chart"));
                    assert.strictEqual(chart?.op, "update", `the edit of ${edit.path} did not reach the Helm release`);
                    assertSucceeded(timed(stack, "edit", await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", stack])), "up after the edit");
                    const cluster = await clusterOf(ws, stack);
                    assert.deepStrictEqual(
                        (await helmRevisions(cluster, namespace, release)).map((x) => x.revision),
                        [1, 2],
                    );
                    if (config.milvus.mode === "cluster") {
                        const query = (await list<Deployment>(cluster, `/apis/apps/v1/namespaces/${namespace}/deployments`)).find((d) =>
                            d.metadata.name.endsWith("-querynode"),
                        );
                        assert.strictEqual(query?.spec.replicas, Number(edit.value));
                    } else {
                        const pods = (await runningPods(cluster, namespace)).filter((p) => p.metadata.labels?.component === "standalone");
                        assert.deepStrictEqual(
                            pods.map((p) => p.spec.containers[0].resources?.requests?.cpu),
                            [edit.value],
                        );
                    }
                });

                if (stack === CONSUMED_STACK) {
                    it("examples/milvus-client goes up against it through a real StackReference", async () => {
                        const ws = workspace();
                        const dir = ws.addExample("milvus-client");
                        assertSucceeded(await ws.pulumi(["stack", "init", "example"], { cwd: dir }), "example stack init");
                        assertSucceeded(
                            await ws.pulumi(["config", "set", "milvusStack", `organization/milvus-on-clouds/${stack}`, "--stack", "example"], {
                                cwd: dir,
                            }),
                            "config set",
                        );
                        // The app deploys into the Milvus stack's cluster: for a local stack, the deploying machine's context.
                        const env = { KUBECONFIG: await ws.localKubeconfig(stack) };
                        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "example"], { cwd: dir, env }), "example up");
                        const out = JSON.parse((await ws.pulumi(["stack", "output", "--json", "--stack", "example"], { cwd: dir })).stdout) as Record<
                            string,
                            unknown
                        >;
                        assert.strictEqual(out.milvusUri, outputs.milvusUri);
                        for (const file of stateFiles(ws, "example")) {
                            assert.ok(
                                !fs.readFileSync(file, "utf8").includes(String(outputs.milvusToken).split(":")[1]),
                                `${file} holds the Milvus token in plain text`,
                            );
                        }
                        assertSucceeded(
                            await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "example"], { cwd: dir, env }),
                            "example destroy",
                        );
                    });
                }

                if (planNodes?.smaller) {
                    const smaller = planNodes.smaller;
                    it(`on nodes one size below the smallest the plan allows (${smaller.machine.cpu} CPU / ${smaller.machine.memoryGiB} GiB), the pods too large for them stay Pending with the scheduler's reason`, async () => {
                        const cluster = await clusterOf(workspace(), stack);
                        const room = usableCapacity(smaller.machine);
                        const fits = (p: Pod) => {
                            const r = podRequests(p);
                            return r.cpu <= room.cpu + 1e-9 && r.memoryGiB <= room.memoryGiB + 1e-9;
                        };
                        // The plan's nodes leave (cordoned, so nothing returns to them), as many smaller ones come, and every pod is
                        // deleted: the controllers make new ones, which only the smaller nodes can take.
                        const old = await list<{ metadata: Meta }>(cluster, "/api/v1/nodes");
                        for (const n of old)
                            await cluster.request(
                                "PATCH",
                                `/api/v1/nodes/${n.metadata.name}`,
                                { spec: { unschedulable: true } },
                                "application/merge-patch+json",
                            );
                        const added = machineNodes("smaller", planNodes.nodes, smaller.machine);
                        for (const n of added) await cluster.addNode(n);
                        // A new node carries the not-ready taint until the node lifecycle controller has seen kwok report it Ready;
                        // before that the scheduler would give the taint as its reason.
                        type Node = {
                            metadata: Meta;
                            spec?: { taints?: Array<{ key: string }> };
                            status?: { conditions?: Array<{ type: string; status: string }> };
                        };
                        await cluster.waitFor(
                            "the smaller nodes to be Ready and untainted",
                            async () =>
                                (await list<Node>(cluster, "/api/v1/nodes"))
                                    .filter((n) => added.some((a) => a.name === n.metadata.name))
                                    .filter(
                                        (n) =>
                                            n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") &&
                                            !(n.spec?.taints ?? []).some((t) => t.key === "node.kubernetes.io/not-ready"),
                                    ).length === added.length,
                            60_000,
                            250,
                        );
                        const before = (await runningPods(cluster, namespace)).filter(sizedPod);
                        assert.ok(
                            before.some((p) => !fits(p)),
                            `no pod of the stack is larger than a ${smaller.machine.cpu} CPU node: the plan's size is not the smallest`,
                        );
                        await cluster.request("DELETE", `/api/v1/namespaces/${namespace}/pods?gracePeriodSeconds=0`);
                        // Replacements come at the controllers' pace (a StatefulSet makes a pod only once its predecessor is gone,
                        // one at a time when ordered; one run waited 120 s for all of them): wait for the scheduler's verdict on those
                        // that exist, then check every too-large pod there is.
                        const smallerNames = new Set(added.map((n) => n.name));
                        let pods: Pod[] = [];
                        const asLarge = (p: Pod) => {
                            const r = podRequests(p);
                            return r.cpu >= smaller.tooLarge.cpu - 1e-9 && r.memoryGiB >= smaller.tooLarge.memoryGiB - 1e-9;
                        };
                        try {
                            await cluster.waitFor(
                                `a pod as large as the plan's ${smaller.tooLarge.name} refused by the scheduler`,
                                async () => {
                                    pods = (await runningPods(cluster, namespace)).filter(sizedPod);
                                    return pods.some((p) => asLarge(p) && /Insufficient (cpu|memory)/.test(unschedulable(p) ?? ""));
                                },
                                120_000,
                                500,
                            );
                        } catch (err) {
                            // What the cluster held when the verdict did not come: each pod's requests, phase, node and scheduling condition.
                            const seen = pods.map((p) => {
                                const r = podRequests(p);
                                const c = p.status.conditions?.find((x) => x.type === "PodScheduled");
                                return `${p.metadata.name} ${r.cpu} CPU/${r.memoryGiB.toFixed(2)} GiB ${p.status.phase} on ${p.spec.nodeName ?? "-"}: ${c ? `${c.status} ${c.reason ?? ""} ${c.message ?? ""}` : "not yet seen by the scheduler"}`;
                            });
                            throw new Error(`${err instanceof Error ? err.message : String(err)}\n${seen.join("\n")}`, { cause: err });
                        }
                        const tooLarge = pods.filter((p) => !fits(p));
                        for (const p of tooLarge) {
                            assert.ok(
                                !smallerNames.has(p.spec.nodeName ?? ""),
                                `${p.metadata.name} was placed on the smaller node ${p.spec.nodeName}`,
                            );
                            const reason = unschedulable(p);
                            if (reason !== undefined)
                                assert.match(reason, /Insufficient (cpu|memory)/, `${p.metadata.name}: the scheduler's reason is "${reason}"`);
                        }
                        const refused = tooLarge.filter((p) => unschedulable(p) !== undefined);
                        // A pod as large as the one the plan named is among the refused.
                        assert.ok(refused.some(asLarge), `no Pending pod requests what the plan's ${smaller.tooLarge.name} does`);
                    });
                }

                if (prod) {
                    it("pulumi destroy is stopped by protection", async () => {
                        const ws = workspace();
                        const r = await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]);
                        assert.notStrictEqual(r.code, 0, `destroy of a prod stack went through: ${transcript(r)}`);
                        assert.match(r.stdout + r.stderr, /protect/i);
                        const state = exportedResources(await ws.pulumi(["stack", "export", "--stack", stack]));
                        assert.ok(
                            state.some((res) => res.protect),
                            "no protected resource left in the state",
                        );
                        assert.ok(liveObjects(ws, stack).length > 0, "the fake cloud lost the stack's resources");
                        const cluster = await clusterOf(ws, stack);
                        assert.deepStrictEqual(
                            await helmRevisions(cluster, namespace, release).then((r) => r.map((x) => x.status)),
                            ["superseded", "deployed"],
                            "the release is not what the last up left",
                        );
                        assert.ok((await claims(cluster, namespace)).length > 0, "the stack's volumes are gone");
                    });
                } else {
                    it("pulumi destroy removes everything, in the cloud and in the cluster (namespace, claims, volumes)", async () => {
                        const ws = workspace();
                        // Only a local stack's cluster outlives the stack (a fake EKS or AKS cluster goes with it): look before.
                        const cluster = config.cloud === "local" ? await clusterOf(ws, stack) : undefined;
                        assertSucceeded(await ws.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy");
                        const state = exportedResources(await ws.pulumi(["stack", "export", "--stack", stack]));
                        assert.deepStrictEqual(
                            state.map((res) => res.urn),
                            [],
                        );
                        assert.deepStrictEqual(
                            liveObjects(ws, stack).map((o) => o.urn),
                            [],
                            "objects left in the fake cloud",
                        );
                        if (cluster !== undefined) {
                            await cluster.waitFor(
                                `namespace ${namespace} to be gone`,
                                async () => (await cluster.find(`/api/v1/namespaces/${namespace}`)) === undefined,
                                180_000,
                                1000,
                            );
                            // The volume controller deletes a released volume (reclaim policy Delete) on its own time, after its claim is gone.
                            type Volume = { metadata: Meta; spec: { claimRef?: { namespace?: string } }; status?: { phase?: string } };
                            const left = async () =>
                                (await list<Volume>(cluster, "/api/v1/persistentvolumes")).filter((v) => v.spec.claimRef?.namespace === namespace);
                            await cluster
                                .waitFor("the stack's volumes to be deleted", async () => (await left()).length === 0, 60_000, 500)
                                .catch(() => undefined);
                            assert.deepStrictEqual(
                                (await left()).map((v) => `${v.metadata.name} (${v.status?.phase ?? "?"})`),
                                [],
                                "volumes of the stack left behind",
                            );
                        } else {
                            await assert.rejects(clusterOf(ws, stack), /has no cluster/, "the cloud's cluster outlived the stack");
                        }
                    });
                }
            });
        }
    });
}
