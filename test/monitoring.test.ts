// Monitoring (issue 15): the PrometheusRule and the Grafana dashboard of a
// release, the config that turns them on, and docs/monitoring.md's account of
// every alert. `promtool` checks and unit-tests the same rules in the engine suite
// (test/engine/prometheus-rules.engine.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_ALERT_THRESHOLDS } from "../components/config/alert-thresholds";
import { alertNames, alertRuleGroups, dashboardUid, grafanaDashboard, type MonitoringTarget } from "../components/milvus/monitoring";
import { validateStackConfig } from "../components/platforms";
import { evaluate } from "../tools/offline/stacks";

const target: MonitoringTarget = {
    namespace: "milvus",
    releaseName: "milvus",
    fullname: "milvus",
    etcdStatefulSet: "milvus-etcd",
    thresholds: DEFAULT_ALERT_THRESHOLDS,
};
const rules = alertRuleGroups(target).flatMap((g) => g.rules);
const byName = (name: string) => rules.find((r) => r.alert === name);

describe("monitoring: alerts", () => {
    it("every alert selects only this release's namespace, has a severity, a summary, a description and a runbook", () => {
        assert.ok(rules.length >= 10);
        for (const r of rules) {
            assert.match(r.expr, /namespace="milvus"/, r.alert);
            assert.ok(["warning", "critical"].includes(r.labels.severity), r.alert);
            assert.ok(r.annotations.summary && r.annotations.description && r.annotations.runbook, r.alert);
            assert.match(r.for, /^\d+m$/, r.alert);
        }
        assert.strictEqual(new Set(rules.map((r) => r.alert)).size, rules.length, "names are unique");
    });

    it("thresholds come from the config, and etcd's quorum from its members", () => {
        const tuned = alertRuleGroups({ ...target, thresholds: { ...DEFAULT_ALERT_THRESHOLDS, searchP99Ms: 250, volumeFreeRatio: 0.3 } }).flatMap(
            (g) => g.rules,
        );
        assert.match(String(tuned.find((r) => r.alert === "MilvusSearchLatencyHigh")?.expr), /query_type="search"\}\[5m\]\)\)\) > 250$/);
        assert.match(String(tuned.find((r) => r.alert === "MilvusVolumeNearFull")?.expr), /< 0\.3$/);
        // promtool test rules (engine suite) evaluates it on three members with one ready.
        assert.match(
            String(byName("MilvusEtcdQuorumLost")?.expr),
            /< floor\(max\(kube_statefulset_replicas\{namespace="milvus", statefulset="milvus-etcd"\}\) \/ 2\) \+ 1$/,
        );
    });

    it("components are found by the chart's Deployment names, in both modes", () => {
        assert.match(
            String(byName("MilvusComponentDown")?.expr),
            /deployment=~"milvus-\(standalone\|proxy\|mixcoord\|querynode\|datanode\|streamingnode\)"/,
        );
        const other = alertRuleGroups({ ...target, releaseName: "vectors", fullname: "vectors-milvus" }).flatMap((g) => g.rules);
        assert.match(String(other.find((r) => r.alert === "MilvusComponentDown")?.expr), /deployment=~"vectors-milvus-\(standalone/);
    });

    it("docs/monitoring.md explains every alert, and no alert it does not have", () => {
        const page = fs.readFileSync(path.join(__dirname, "..", "docs", "monitoring.md"), "utf8");
        const start = page.indexOf("\n## Alerts\n");
        assert.ok(start >= 0, "docs/monitoring.md has no Alerts section");
        const next = page.slice(start + 1).search(/\n#{1,2} /);
        const section = next < 0 ? page.slice(start) : page.slice(start, start + 1 + next);
        const documented = [...section.matchAll(/^\| `(Milvus\w+)` \|/gm)].map((m) => m[1]);
        assert.deepStrictEqual(documented, alertNames(target));
    });
});

describe("monitoring: dashboard", () => {
    const dashboard = grafanaDashboard(target) as {
        uid: string;
        panels: Array<{ type: string; gridPos: { x: number; y: number; w: number; h: number }; targets?: Array<{ expr: string }> }>;
    };

    it("has a stable uid Grafana accepts, one per namespace and release", () => {
        assert.ok(dashboard.uid.length <= 40);
        assert.strictEqual(dashboardUid(target), dashboard.uid);
        assert.notStrictEqual(dashboardUid({ namespace: "other", releaseName: "milvus" }), dashboard.uid);
    });

    it("its panels do not overlap and query only this namespace", () => {
        const cells = new Set<string>();
        for (const p of dashboard.panels) {
            for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
                for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
                    assert.ok(!cells.has(`${x},${y}`), `panels overlap at ${x},${y}`);
                    cells.add(`${x},${y}`);
                }
            }
            for (const t of p.targets ?? []) assert.match(t.expr, /namespace="milvus"/);
        }
        assert.ok(dashboard.panels.filter((p) => p.type === "timeseries").length >= 8);
    });
});

describe("monitoring: config", () => {
    const stack = (environment: string, metrics: Record<string, unknown>) =>
        validateStackConfig({ cloud: "local", environment, milvus: { metrics } });

    it("alerts and the dashboard are on in prod where the stack says the Prometheus operator is there, off otherwise", () => {
        assert.deepStrictEqual(
            [stack("prod", { serviceMonitor: true }).milvus.metrics.alerts, stack("prod", { serviceMonitor: true }).milvus.metrics.dashboard],
            [true, true],
        );
        assert.deepStrictEqual(
            [stack("prod", {}).milvus.metrics.alerts, stack("dev", { serviceMonitor: true }).milvus.metrics.alerts],
            [false, false],
        );
    });

    it("refuses alerts without the ServiceMonitor, and labels or thresholds nobody reads", () => {
        assert.throws(() => stack("dev", { alerts: true }), /milvus\.metrics\.alerts: got true; requires milvus\.metrics\.serviceMonitor: true/);
        assert.throws(
            () => stack("dev", { prometheusLabels: { release: "kps" } }),
            /milvus\.metrics\.prometheusLabels.*is read only with milvus\.metrics\.serviceMonitor: true/,
        );
        assert.throws(
            () => stack("dev", { serviceMonitor: true, alertThresholds: { errorRatio: 0.1 } }),
            /milvus\.metrics\.alertThresholds.*is read only when milvus\.metrics\.alerts is true/,
        );
        assert.throws(
            () => stack("dev", { serviceMonitor: true, alerts: true, alertThresholds: { errorRatio: 2 } }),
            /milvus\.metrics\.alertThresholds\.errorRatio/,
        );
        assert.throws(() => stack("dev", { serviceMonitor: true, prometheusLabels: { "bad key!": "x" } }), /milvus\.metrics\.prometheusLabels/);
    });

    it("the program creates the PrometheusRule and the dashboard ConfigMap, with the discovery labels on the rule and the ServiceMonitor", async () => {
        const { resources } = await evaluate({
            "milvus-on-clouds:cloud": "local",
            "milvus-on-clouds:milvus": { metrics: { serviceMonitor: true, alerts: true, dashboard: true, prometheusLabels: { release: "kps" } } },
        });
        const rule = resources.find((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule");
        assert.strictEqual((rule?.inputs.metadata as { labels: Record<string, string> }).labels.release, "kps");
        assert.ok((rule?.inputs.spec as { groups: unknown[] }).groups.length >= 4);
        const dashboard = resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.name === "milvus-dashboard");
        assert.strictEqual((dashboard?.inputs.metadata as { labels: Record<string, string> }).labels.grafana_dashboard, "1");
        const release = resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
        assert.deepStrictEqual((release?.inputs.values as { metrics: unknown }).metrics, {
            enabled: true,
            serviceMonitor: { enabled: true, additionalLabels: { release: "kps" } },
        });
    });
});
