// The alerts through Prometheus's own promtool (built from the Go module
// proxy by tools/promtool/build.sh): the PrometheusRule a real `pulumi up`
// leaves in the real cluster must pass `promtool check rules`, and each
// alert must fire on the series it is meant for, and stay quiet otherwise
// (`promtool test rules`, which evaluates the rules with Prometheus's engine).
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import type { AlertRule, RuleGroup } from "../../components/milvus/monitoring";
import { list } from "../support/engine/cluster-checks";
import { assertSucceeded, disposeWorkspace, openWorkspace, previewSteps, workspace } from "../support/engine/harness";
import { clusterOf } from "../support/engine/kube";

const REPO = path.resolve(__dirname, "..", "..");

/** Alert annotations as Prometheus expands them for these labels (the rules use only `{{ $labels.<name> }}`). */
function expand(text: string, labels: Record<string, string>): string {
    return text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name: string) => labels[name] ?? "");
}

describe("engine suite: the alerts under promtool", function () {
    this.timeout(15 * 60 * 1000);
    let promtool = "";
    let groups: RuleGroup[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "milvus-rules-"));
    before(async () => {
        await openWorkspace();
        const out = execFileSync(path.join(REPO, "tools", "promtool", "build.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        promtool = out.trim().split("\n").pop() ?? "";
    });
    after(async () => {
        await disposeWorkspace();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("a stack with alerts and the dashboard previews their creation, and its PrometheusRule passes promtool check rules", async () => {
        const ws = workspace();
        fs.writeFileSync(
            path.join(ws.project, "stacks", "Pulumi.watched.yaml"),
            "config:\n  milvus-on-clouds:cloud: local\n  milvus-on-clouds:milvus:\n    metrics: { serviceMonitor: true, alerts: true, dashboard: true, prometheusLabels: { release: kps } }\n",
        );
        assertSucceeded(await ws.pulumi(["stack", "init", "watched"]), "stack init");
        const preview = await ws.pulumi(["preview", "--json", "--stack", "watched"]);
        assertSucceeded(preview, "preview");
        const creates = previewSteps(preview)
            .filter((s) => s.op === "create")
            .map((s) => s.urn.split("::").pop());
        assert.ok(creates.includes("milvus-alerts") && creates.includes("milvus-dashboard"), creates.join(", "));
        assertSucceeded(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "watched"]), "up");
        // As the API server stored them (validated against the prometheus-operator CRD).
        const cluster = await clusterOf(ws, "watched");
        const rules = await list<{ spec: { groups: RuleGroup[] } }>(cluster, "/apis/monitoring.coreos.com/v1/namespaces/milvus/prometheusrules");
        assert.strictEqual(rules.length, 1);
        groups = rules[0].spec.groups;
        assert.ok(groups.length >= 4);
        fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups }));
        const check = spawnSync(promtool, ["check", "rules", path.join(dir, "rules.yaml")], { encoding: "utf8" });
        assert.strictEqual(check.status, 0, check.stdout + check.stderr);
        assert.match(check.stdout, /SUCCESS: \d+ rules found/);
        const dashboard = (await cluster.get("/api/v1/namespaces/milvus/configmaps/milvus-milvus-dashboard")) as { data?: Record<string, string> };
        const json = JSON.parse(Object.values(dashboard.data ?? {})[0]) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
        // The dashboard's queries are PromQL too: each one, as a recording rule, passes promtool.
        const queries = json.panels.flatMap((p) => p.targets ?? []).map((t, i) => ({ record: `dashboard:query_${i}`, expr: t.expr }));
        fs.writeFileSync(path.join(dir, "dashboard.yaml"), stringify({ groups: [{ name: "dashboard", rules: queries }] }));
        const dashboardCheck = spawnSync(promtool, ["check", "rules", path.join(dir, "dashboard.yaml")], { encoding: "utf8" });
        assert.strictEqual(dashboardCheck.status, 0, dashboardCheck.stdout + dashboardCheck.stderr);
    });

    it("each alert fires on its series, with its labels and expanded annotations, and not on healthy or paused ones", () => {
        assert.ok(groups.length > 0, "the previous test read the rules");
        const rules = new Map<string, AlertRule>(groups.flatMap((g) => g.rules).map((r) => [r.alert, r]));
        const ns = 'namespace="milvus"';
        const alert = (name: string, labels: Record<string, string>) => {
            const r = rules.get(name);
            assert.ok(r, name);
            const all = { ...labels, severity: r.labels.severity };
            return {
                exp_labels: all,
                exp_annotations: Object.fromEntries(Object.entries(r.annotations).map(([k, v]) => [k, expand(v, all)])),
            };
        };
        const tests = [
            {
                interval: "1m",
                input_series: [
                    // The standalone Deployment lost its pod; the proxy is paused (wants none), the query nodes are fine.
                    { series: `kube_deployment_spec_replicas{${ns}, deployment="milvus-standalone"}`, values: "1x30" },
                    { series: `kube_deployment_status_replicas_available{${ns}, deployment="milvus-standalone"}`, values: "0x30" },
                    { series: `kube_deployment_spec_replicas{${ns}, deployment="milvus-proxy"}`, values: "0x30" },
                    { series: `kube_deployment_status_replicas_available{${ns}, deployment="milvus-proxy"}`, values: "0x30" },
                    { series: `kube_deployment_spec_replicas{${ns}, deployment="milvus-querynode"}`, values: "2x30" },
                    { series: `kube_deployment_status_replicas_available{${ns}, deployment="milvus-querynode"}`, values: "2x30" },
                    // Searches fail 10% of the time (10 per second in all); inserts never fail.
                    { series: `milvus_proxy_req_count{${ns}, function_name="Search", status="total"}`, values: "0+600x30" },
                    { series: `milvus_proxy_req_count{${ns}, function_name="Search", status="fail"}`, values: "0+60x30" },
                    { series: `milvus_proxy_req_count{${ns}, function_name="Insert", status="total"}`, values: "0+600x30" },
                    { series: `milvus_proxy_req_count{${ns}, function_name="Insert", status="fail"}`, values: "0x30" },
                    // Every search takes between 0.5 and 2 s; every insert under 10 ms.
                    { series: `milvus_proxy_sq_latency_bucket{${ns}, query_type="search", le="500"}`, values: "0x30" },
                    { series: `milvus_proxy_sq_latency_bucket{${ns}, query_type="search", le="2000"}`, values: "0+100x30" },
                    { series: `milvus_proxy_sq_latency_bucket{${ns}, query_type="search", le="+Inf"}`, values: "0+100x30" },
                    { series: `milvus_proxy_mutation_latency_bucket{${ns}, msg_type="insert", le="10"}`, values: "0+100x30" },
                    { series: `milvus_proxy_mutation_latency_bucket{${ns}, msg_type="insert", le="+Inf"}`, values: "0+100x30" },
                    // etcd: one of three members ready (no majority). One volume 90% full, another half.
                    { series: `kube_statefulset_replicas{${ns}, statefulset="milvus-etcd"}`, values: "3x30" },
                    { series: `kube_statefulset_status_replicas_ready{${ns}, statefulset="milvus-etcd"}`, values: "1x30" },
                    { series: `kubelet_volume_stats_available_bytes{${ns}, persistentvolumeclaim="data-milvus-etcd-0"}`, values: "10x30" },
                    { series: `kubelet_volume_stats_capacity_bytes{${ns}, persistentvolumeclaim="data-milvus-etcd-0"}`, values: "100x30" },
                    { series: `kubelet_volume_stats_available_bytes{${ns}, persistentvolumeclaim="milvus"}`, values: "50x30" },
                    { series: `kubelet_volume_stats_capacity_bytes{${ns}, persistentvolumeclaim="milvus"}`, values: "100x30" },
                    // A query node at 95% of its memory limit; another namespace's pod too (not ours).
                    { series: `container_memory_working_set_bytes{${ns}, pod="milvus-querynode-0", container="querynode"}`, values: "95x30" },
                    {
                        series: `kube_pod_container_resource_limits{${ns}, pod="milvus-querynode-0", container="querynode", resource="memory", unit="byte"}`,
                        values: "100x30",
                    },
                    { series: 'container_memory_working_set_bytes{namespace="other", pod="x", container="x"}', values: "99x30" },
                    {
                        series: 'kube_pod_container_resource_limits{namespace="other", pod="x", container="x", resource="memory", unit="byte"}',
                        values: "100x30",
                    },
                ],
                alert_rule_test: [
                    {
                        eval_time: "20m",
                        alertname: "MilvusComponentDown",
                        exp_alerts: [alert("MilvusComponentDown", { namespace: "milvus", deployment: "milvus-standalone" })],
                    },
                    {
                        eval_time: "20m",
                        alertname: "MilvusComponentDegraded",
                        exp_alerts: [alert("MilvusComponentDegraded", { namespace: "milvus", deployment: "milvus-standalone" })],
                    },
                    {
                        eval_time: "20m",
                        alertname: "MilvusRequestErrorsHigh",
                        exp_alerts: [alert("MilvusRequestErrorsHigh", { function_name: "Search" })],
                    },
                    { eval_time: "20m", alertname: "MilvusSearchLatencyHigh", exp_alerts: [alert("MilvusSearchLatencyHigh", {})] },
                    { eval_time: "20m", alertname: "MilvusInsertLatencyHigh", exp_alerts: [] },
                    { eval_time: "20m", alertname: "MilvusQueryLatencyHigh", exp_alerts: [] },
                    { eval_time: "20m", alertname: "MilvusEtcdQuorumLost", exp_alerts: [alert("MilvusEtcdQuorumLost", {})] },
                    { eval_time: "20m", alertname: "MilvusEtcdMemberDown", exp_alerts: [alert("MilvusEtcdMemberDown", {})] },
                    {
                        eval_time: "20m",
                        alertname: "MilvusVolumeNearFull",
                        exp_alerts: [alert("MilvusVolumeNearFull", { persistentvolumeclaim: "data-milvus-etcd-0" })],
                    },
                    {
                        eval_time: "20m",
                        alertname: "MilvusMemoryNearLimit",
                        exp_alerts: [alert("MilvusMemoryNearLimit", { pod: "milvus-querynode-0", container: "querynode" })],
                    },
                    // Not yet: the condition has not held for the rule's `for`.
                    { eval_time: "3m", alertname: "MilvusComponentDown", exp_alerts: [] },
                ],
            },
            {
                interval: "1m",
                input_series: [
                    { series: `up{${ns}, job="milvus-querynode", instance="10.0.0.7:9091"}`, values: "0x30" },
                    { series: `up{${ns}, job="milvus-minio", instance="10.0.0.8:9000"}`, values: "0x30" },
                    { series: `kube_pod_container_status_restarts_total{${ns}, pod="milvus-datanode-0", container="datanode"}`, values: "0+1x30" },
                ],
                alert_rule_test: [
                    {
                        eval_time: "15m",
                        alertname: "MilvusMetricsTargetDown",
                        exp_alerts: [alert("MilvusMetricsTargetDown", { namespace: "milvus", job: "milvus-querynode", instance: "10.0.0.7:9091" })],
                    },
                    {
                        eval_time: "30m",
                        alertname: "MilvusPodRestarting",
                        exp_alerts: [alert("MilvusPodRestarting", { namespace: "milvus", pod: "milvus-datanode-0", container: "datanode" })],
                    },
                ],
            },
            {
                interval: "1m",
                input_series: [
                    // Two of three etcd members ready: a member is down, the quorum holds.
                    { series: `kube_statefulset_replicas{${ns}, statefulset="milvus-etcd"}`, values: "3x30" },
                    { series: `kube_statefulset_status_replicas_ready{${ns}, statefulset="milvus-etcd"}`, values: "2x30" },
                ],
                alert_rule_test: [
                    { eval_time: "20m", alertname: "MilvusEtcdQuorumLost", exp_alerts: [] },
                    { eval_time: "20m", alertname: "MilvusEtcdMemberDown", exp_alerts: [alert("MilvusEtcdMemberDown", {})] },
                ],
            },
        ];
        fs.writeFileSync(path.join(dir, "tests.yaml"), stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests }));
        const tested = new Set(tests.flatMap((t) => t.alert_rule_test.map((a) => a.alertname)));
        assert.deepStrictEqual(
            [...rules.keys()].filter((name) => !tested.has(name)),
            [],
            "every alert has a test",
        );
        const run = spawnSync(promtool, ["test", "rules", path.join(dir, "tests.yaml")], { encoding: "utf8", cwd: dir });
        assert.strictEqual(run.status, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /SUCCESS/);
    });
});
