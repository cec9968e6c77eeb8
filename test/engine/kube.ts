// The real Kubernetes half of the engine suite: one cluster (tools/cluster)
// and one chart repository on loopback for the whole run, started on first
// use and stopped by the root hook below (also when a test fails), and
// workspaces whose `kubernetes` provider is the real one.
import { built, Cluster, type NodeSpec } from "../../tools/cluster/cluster";
import { crdFiles } from "../../tools/cluster/crds";
import { serveCharts, type ChartRepository } from "../../tools/cluster/chart-repo";
import { EngineWorkspace, resolveCli } from "../../tools/engine/workspace";

/**
 * Nodes for every shipped local stack at once, each stack in its own
 * namespace. Sizes are the plan's figures for the largest one
 * (local-cluster) spread over four nodes, with room left.
 */
const NODES: NodeSpec[] = [1, 2, 3, 4].map((i) => ({ name: `node-${i}`, cpu: "16", memory: "64Gi", labels: { "topology.kubernetes.io/zone": `zone-${1 + (i % 2)}` } }));

let cluster: Cluster | undefined;
let charts: ChartRepository | undefined;
let providerDir: string | undefined;

export interface RealKube {
    cluster: Cluster;
    charts: ChartRepository;
}

export async function realKube(): Promise<RealKube> {
    providerDir ??= built("pulumi-kubernetes");
    charts ??= await serveCharts();
    if (cluster === undefined) {
        cluster = await Cluster.start({ nodes: NODES, crds: crdFiles() });
        process.stdout.write(`      real cluster ${cluster.server}: Ready in ${(cluster.startedInMs / 1000).toFixed(1)} s; charts on ${charts.url}\n`);
    }
    return { cluster, charts };
}

/** A workspace of its own (state, PULUMI_HOME, project copy) whose Kubernetes is the real cluster. */
export async function realWorkspace(): Promise<EngineWorkspace> {
    const { cluster: c } = await realKube();
    return new EngineWorkspace(resolveCli(), undefined, { providerDir: providerDir as string, kubeconfigPath: c.kubeconfigPath });
}

export async function stopRealKube(): Promise<void> {
    cluster?.stop();
    cluster = undefined;
    await charts?.close();
    charts = undefined;
}

/** Mocha root hooks (.mocharc.engine.json "require"): whatever a file started is ended once the run is over. */
export const mochaHooks = {
    async afterAll(): Promise<void> {
        await stopRealKube();
    },
};
