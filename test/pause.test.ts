// Pause and resume (milvus.paused, issue 15): what the chart, the backup
// CronJob, the transition guard and the plan make of it. The engine suite
// runs the same through the real CLI against the fake cluster
// (test/engine/day-two.engine.ts).
import * as assert from "assert";
import { deploymentRecordOf } from "../components/config/deployment-record";
import { transitionProblems } from "../components/config/transitions";
import { backupCronJob } from "../components/milvus/backup";
import { buildChartValues, type ChartWiring } from "../components/milvus/values";
import { validateStackConfig } from "../components/platforms";
import type { RecordedResource } from "../tools/offline/mocks";
import { estimateCost } from "../tools/plan/cost";
import { PRICES } from "../tools/plan/prices";

const wiring: ChartWiring = {
    releaseName: "milvus",
    credentialsSecretName: "s",
    objectStore: { kind: "minio" },
    messageQueue: { kind: "woodpecker" },
    serviceAccount: { name: "sa", annotations: {}, podLabels: {} },
    exposure: { loadBalancerAnnotations: { public: {} } },
    networkRanges: [],
    zoneSpread: "ScheduleAnyway",
    placement: {},
};
const config = (milvus: Record<string, unknown>) => validateStackConfig({ cloud: "local", environment: "dev", milvus });
const record = (milvus: Record<string, unknown>) => deploymentRecordOf(config(milvus).milvus, true);

describe("pause: Milvus at zero, everything else kept", () => {
    const cluster = { mode: "cluster", messageQueue: "woodpecker", components: { proxy: { replicas: 2 }, queryNode: { replicas: 3 } } };

    it("cluster mode: every component's replicas are 0 in the chart values, the settings' replicas come back on resume", () => {
        const paused = buildChartValues(wiring, config({ ...cluster, paused: true }).milvus) as Record<string, { replicas?: number }>;
        assert.deepStrictEqual(
            ["proxy", "queryNode", "dataNode", "streamingNode", "mixCoordinator"].map((c) => paused[c].replicas),
            [0, 0, 0, 0, 0],
        );
        const running = buildChartValues(wiring, config(cluster).milvus) as Record<string, { replicas?: number }>;
        assert.deepStrictEqual([running.proxy.replicas, running.queryNode.replicas], [2, 3]);
    });

    it("the scheduled backup is suspended while paused", () => {
        const inputs = {
            releaseName: "milvus",
            image: "i",
            serviceAccountName: "sa",
            podLabels: {},
            labels: {},
            configMapName: "c",
            credentialsSecretName: "s",
            auth: true,
            minioKeys: true,
        };
        const settings = { schedule: "0 2 * * *", retention: 7, collections: [] };
        assert.strictEqual(backupCronJob(inputs, settings, true).spec.suspend, true);
        assert.strictEqual(backupCronJob(inputs, settings).spec.suspend, false);
    });

    it("refuses what needs a running Milvus while paused, and a first deployment that starts paused", () => {
        const deployed = record({ imageTag: "v2.6.14" });
        const problems = transitionProblems(deployed, record({ imageTag: "v2.6.15", paused: true, auth: { rootPasswordGeneration: 2 } })).map(
            (p) => `${p.key}: ${p.allowed}`,
        );
        assert.deepStrictEqual(
            problems.map((p) => p.split(":")[0]),
            ["milvus.imageTag", "milvus.auth.rootPasswordGeneration"],
        );
        assert.match(problems[0], /allowed while paused: v2\.6\.14 \(deployed\) — an upgrade needs Milvus running; resume first/);
        assert.deepStrictEqual(transitionProblems(deployed, record({ imageTag: "v2.6.14", paused: true })), [], "pausing itself is allowed");
        assert.deepStrictEqual(
            transitionProblems(undefined, record({ paused: true })).map((p) => p.key),
            ["milvus.paused"],
        );
        assert.deepStrictEqual(
            transitionProblems(undefined, record({ paused: true }), { noEngine: true }),
            [],
            "the plan of a paused stack evaluates",
        );
        // Resuming is an up of its own: the upgrade's backup would run while Milvus is still at zero.
        const paused = record({ imageTag: "v2.6.14", paused: true });
        assert.match(
            transitionProblems(paused, record({ imageTag: "v2.6.15" }))
                .map((p) => `${p.key}: ${p.allowed}`)
                .join("\n"),
            /^milvus\.imageTag: allowed in the up that resumes: v2\.6\.14 \(deployed\) — an upgrade needs Milvus running; resume in one pulumi up/,
        );
        assert.deepStrictEqual(transitionProblems(paused, record({ imageTag: "v2.6.14" })), [], "resuming alone is allowed");
    });

    it("a restore is refused while paused, with the key and the way", () => {
        assert.throws(
            () => config({ paused: true, backup: { enabled: true, restore: { backup: "nightly" } } }),
            /milvus\.backup\.restore: got "nightly"; is refused while milvus\.paused is true.*resume first/,
        );
    });
});

describe("pause: the plan's saving", () => {
    const rec = (type: string, name: string, inputs: Record<string, unknown>): RecordedResource => ({
        urn: `urn:pulumi:t::p::${type}::${name}`,
        type,
        name,
        read: false,
        custom: true,
        parent: "",
        provider: "",
        dependencies: [],
        protect: false,
        retainOnDelete: false,
        rawInputs: inputs,
        inputs,
    });

    it("AKS: the Milvus share of the nodes, saved only down to each autoscaled pool's minCount", () => {
        const hourly = PRICES.azure.westeurope.vmHourly.Standard_D4ds_v5;
        const pool = (count: number, minCount: number) =>
            rec("azure-native:containerservice:AgentPool", "pool", {
                vmSize: "Standard_D4ds_v5",
                count,
                minCount,
                enableAutoScaling: true,
                osDiskType: "Ephemeral",
            });
        const four = estimateCost({
            cloud: "azure",
            region: "westeurope",
            resources: [pool(4, 1)],
            milvusValues: {},
            paused: { milvusShare: 0.5 },
        }).paused;
        // 4 nodes x 730 h: half is Milvus's; three nodes above minCount could go, so the share (two nodes) is saved.
        assert.strictEqual(four?.nodeShareMonthly, Math.round(hourly * 4 * 730 * 0.5 * 100) / 100);
        assert.strictEqual(four?.savedMonthly, four?.nodeShareMonthly);
        const atMinimum = estimateCost({
            cloud: "azure",
            region: "westeurope",
            resources: [pool(2, 2)],
            milvusValues: {},
            paused: { milvusShare: 0.5 },
        }).paused;
        assert.strictEqual(atMinimum?.savedMonthly, 0, "no node may go below minCount");
        assert.strictEqual(estimateCost({ cloud: "azure", region: "westeurope", resources: [pool(2, 2)], milvusValues: {} }).paused, undefined);
    });

    it("EKS: no autoscaler here, so nothing is saved, and the plan says how to get it", () => {
        const group = rec("aws:eks/nodeGroup:NodeGroup", "nodes", { instanceTypes: ["m6i.2xlarge"], scalingConfig: { desiredSize: 2 } });
        const paused = estimateCost({ cloud: "aws", region: "us-east-1", resources: [group], milvusValues: {}, paused: { milvusShare: 0.8 } }).paused;
        assert.strictEqual(paused?.savedMonthly, 0);
        assert.strictEqual(paused?.nodeShareMonthly, Math.round(PRICES.aws["us-east-1"].instanceHourly["m6i.2xlarge"] * 2 * 730 * 0.8 * 100) / 100);
        assert.match(String(paused?.how), /update-nodegroup-config/);
    });
});
