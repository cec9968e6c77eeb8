// The real Kubernetes half of the engine suite, shared by every file of a
// run: the real pulumi-kubernetes provider (built once per machine), the
// cluster broker that gives each EKS, AKS and local stack a real cluster of
// its own (tools/engine/cloud-clusters.ts), and the Milvus and AWS Load
// Balancer Controller charts served on loopback. Started on first use and
// stopped by the root hook below, also when a test fails.
import { built, type Cluster } from "../../tools/cluster/cluster";
import { crdFiles } from "../../tools/cluster/crds";
import { serveCharts, type ChartRepository } from "../../tools/cluster/chart-repo";
import { ClusterBroker } from "../../tools/engine/cloud-clusters";
import { EngineWorkspace, killRunningCommands, resolveCli, type RealKubernetes } from "../../tools/engine/workspace";

let broker: ClusterBroker | undefined;
let charts: ChartRepository | undefined;
let providerDir: string | undefined;

export async function realKubernetes(): Promise<RealKubernetes> {
    providerDir ??= built("pulumi-kubernetes");
    charts ??= await serveCharts();
    broker ??= await ClusterBroker.start(crdFiles());
    return { providerDir, brokerUrl: broker.url, chartsUrl: charts.url };
}

/** A workspace of its own (state, PULUMI_HOME, project copy, clusters). */
export async function realWorkspace(): Promise<EngineWorkspace> {
    return new EngineWorkspace(resolveCli(), await realKubernetes());
}

/** The real cluster a stack of the workspace deployed to (its EKS or AKS cluster, or a local stack's own). */
export async function clusterOf(ws: EngineWorkspace, stack: string): Promise<Cluster> {
    const found = await broker?.clusterOf(ws.clusterPrefix, stack);
    if (found === undefined) throw new Error(`stack ${stack} has no cluster in this workspace`);
    return found;
}

export async function stopRealKubernetes(): Promise<void> {
    await broker?.close();
    broker = undefined;
    await charts?.close();
    charts = undefined;
}

// An interrupted run (Ctrl-C, CI's timeout) runs no `after` hook and no "exit" listener: end the running
// `pulumi` commands and every cluster here, by PID, then exit as the signal would.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
        killRunningCommands();
        stopRealKubernetes().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
}

/** Mocha root hooks (.mocharc.engine.json "require"): whatever the run started is ended once it is over. */
export const mochaHooks = {
    async afterAll(): Promise<void> {
        await stopRealKubernetes();
    },
};
