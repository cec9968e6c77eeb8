// The real Kubernetes half of the engine suite, shared by every file of a
// run: the real pulumi-kubernetes provider (built once per machine), the
// cluster broker that gives each EKS, AKS and local stack a real cluster of
// its own (test/support/engine/cloud-clusters.ts), and the Milvus and AWS Load
// Balancer Controller charts served on loopback. Started on first use and
// stopped by the root hook below, also when a test fails.
import { built, type Cluster } from "../cluster/cluster";
import { crdFiles } from "../cluster/crds";
import { serveCharts, type ChartRepository } from "../cluster/chart-repo";
import { chartArchives, chartsRequired, type ChartArchives } from "../cluster/chart-source";
import { ClusterBroker } from "./cloud-clusters";
import { EngineWorkspace, killRunningCommands, resolveCli, type RealKubernetes } from "./workspace";

let broker: ClusterBroker | undefined;
let charts: ChartRepository | undefined;
let providerDir: string | undefined;
let archives: Promise<ChartArchives | { unavailable: string }> | undefined;

export async function realKubernetes(): Promise<RealKubernetes> {
    providerDir ??= built("pulumi-kubernetes");
    const found = await (archives ??= chartArchives());
    if ("unavailable" in found) throw new Error(found.unavailable);
    charts ??= await serveCharts(found.dir);
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
    /**
     * Every engine test installs the charts: where they cannot be had (a clone without ../shared and
     * without the network), the file's tests are skipped, and counted as pending, all with the same
     * reason; under MILVUS_CHARTS_REQUIRED=1 (CI) that fails instead.
     */
    async beforeAll(this: Mocha.Context): Promise<void> {
        const found = await (archives ??= chartArchives());
        if (!("unavailable" in found)) return;
        if (chartsRequired()) throw new Error(found.unavailable);
        console.warn(`  SKIPPED: ${found.unavailable}`);
        this.skip();
    },
    async afterAll(): Promise<void> {
        await stopRealKubernetes();
    },
};
