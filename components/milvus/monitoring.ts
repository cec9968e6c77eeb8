// Alerts (a Prometheus-operator PrometheusRule) and a Grafana dashboard (a
// ConfigMap for the Grafana sidecar) for one Milvus release: the rule groups
// and the dashboard JSON from names and thresholds (pure), and the objects.
//
// The metric names are Milvus's own (pkg/metrics, 2.6 line: proxy_metrics.go
// milvus_proxy_req_count{function_name,status}, milvus_proxy_sq_latency
// {query_type}, milvus_proxy_mutation_latency{msg_type}, latencies in
// milliseconds), scraped by the chart's ServiceMonitor (templates/
// servicemonitor.yaml, milvus-5.0.19: every Milvus Service's `metrics` port,
// so Prometheus labels the samples with the Service's namespace), and the
// Kubernetes view: kube-state-metrics v2 (kube_deployment_*,
// kube_statefulset_*, kube_pod_container_resource_limits{resource,unit},
// kube_pod_container_status_restarts_total), the kubelet's volume stats
// (kubelet_volume_stats_{available,capacity}_bytes{persistentvolumeclaim}) and
// cAdvisor (container_memory_working_set_bytes), all of which
// kube-prometheus-stack scrapes. etcd's own metrics are served on its client
// port, which the program's NetworkPolicy keeps closed to all but Milvus, so
// etcd's health is read from its StatefulSet and its volumes.
//
// Every alert's meaning and what to do are in docs/monitoring.md (Alerts); a test
// keeps the two lists equal.
import * as k8s from "@pulumi/kubernetes";
import { createHash } from "crypto";
import type { ReleaseContext } from "./context";
import { subchartFullname } from "../shared/chart-names";
import type { AlertThresholds } from "../config/alert-thresholds";

export interface MonitoringTarget {
    namespace: string;
    /** The chart's fullname (shared/chart-names.ts chartFullname): its Deployments are `<fullname>-<component>`. */
    fullname: string;
    releaseName: string;
    /** The etcd StatefulSet (shared/chart-names.ts subchartFullname). */
    etcdStatefulSet: string;
    thresholds: AlertThresholds;
}

export interface AlertRule {
    alert: string;
    expr: string;
    for: string;
    labels: { severity: "warning" | "critical" };
    annotations: { summary: string; description: string; runbook: string };
}

export interface RuleGroup {
    name: string;
    rules: AlertRule[];
}

/** The Milvus Deployments of both modes (the chart's `<fullname>-<component>`). */
function deploymentPattern(t: MonitoringTarget): string {
    return `${t.fullname}-(standalone|proxy|mixcoord|querynode|datanode|streamingnode)`;
}

/** The Services the chart's ServiceMonitor scrapes: the proxy's (`<fullname>`) and the components'. */
function scrapeJobPattern(t: MonitoringTarget): string {
    return `${t.fullname}(-(mixcoord|querynode|datanode|streamingnode))?`;
}

const REQUEST_KINDS = "Search|HybridSearch|Query|Insert|Upsert|Delete";

function p99(metric: string, selector: string): string {
    return `histogram_quantile(0.99, sum by (le) (rate(${metric}_bucket{${selector}}[5m])))`;
}

function rule(
    alert: string,
    severity: AlertRule["labels"]["severity"],
    forDuration: string,
    expr: string,
    summary: string,
    description: string,
    runbook: string,
): AlertRule {
    return { alert, expr, for: forDuration, labels: { severity }, annotations: { summary, description, runbook } };
}

/** The PromQL selectors and the alert text's prefix every group uses. */
interface Scope {
    t: MonitoringTarget;
    ns: string;
    deployments: string;
    etcd: string;
    where: string;
}

/** The alert groups of one release. */
export function alertRuleGroups(t: MonitoringTarget): RuleGroup[] {
    const ns = `namespace="${t.namespace}"`;
    const scope: Scope = {
        t,
        ns,
        deployments: `${ns}, deployment=~"${deploymentPattern(t)}"`,
        etcd: `${ns}, statefulset="${t.etcdStatefulSet}"`,
        where: `Milvus ${t.namespace}/${t.releaseName}`,
    };
    return [
        { name: `milvus-${t.releaseName}-availability`, rules: availabilityRules(scope) },
        { name: `milvus-${t.releaseName}-requests`, rules: requestRules(scope) },
        { name: `milvus-${t.releaseName}-resources`, rules: resourceRules(scope) },
        { name: `milvus-${t.releaseName}-etcd`, rules: etcdRules(scope) },
    ];
}

/** Whether every component has its pods, and they stay up. */
function availabilityRules({ ns, deployments, where, t }: Scope): AlertRule[] {
    return [
        rule(
            "MilvusComponentDown",
            "critical",
            "5m",
            `max by (namespace, deployment) (kube_deployment_status_replicas_available{${deployments}}) == 0 and max by (namespace, deployment) (kube_deployment_spec_replicas{${deployments}}) > 0`,
            `${where}: {{ $labels.deployment }} has no available pod`,
            "Every pod of this Milvus component is unavailable; requests that need it fail.",
            "kubectl -n {{ $labels.namespace }} describe deployment {{ $labels.deployment }}; look at its pods' events and logs (OOMKilled, image pull, etcd or object store unreachable).",
        ),
        rule(
            "MilvusComponentDegraded",
            "warning",
            "15m",
            `max by (namespace, deployment) (kube_deployment_spec_replicas{${deployments}}) > max by (namespace, deployment) (kube_deployment_status_replicas_available{${deployments}})`,
            `${where}: {{ $labels.deployment }} runs fewer pods than it should`,
            "Some replicas of this component have not been available for 15 minutes: capacity and redundancy are reduced.",
            "Check for pending pods (not enough nodes or memory for the requests) and crash loops; scale the node pool or lower the component's resources.",
        ),
        rule(
            "MilvusMetricsTargetDown",
            "warning",
            "10m",
            `up{${ns}, job=~"${scrapeJobPattern(t)}"} == 0`,
            `${where}: Prometheus cannot scrape {{ $labels.job }} ({{ $labels.instance }})`,
            "A Milvus pod does not answer on its metrics port 9091: the pod is hung or the network policy blocks the monitoring namespace.",
            "List the monitoring namespace in milvus.networkPolicies.monitoringNamespaces; otherwise restart the pod after reading its logs.",
        ),
        rule(
            "MilvusPodRestarting",
            "warning",
            "0m",
            `increase(kube_pod_container_status_restarts_total{${ns}}[30m]) > 3`,
            `${where}: {{ $labels.pod }}/{{ $labels.container }} restarted more than 3 times in 30 minutes`,
            "A container of Milvus or of its dependencies is crash-looping.",
            "kubectl -n {{ $labels.namespace }} logs {{ $labels.pod }} -c {{ $labels.container }} --previous; an OOMKilled reason means its memory limit is too low for the data loaded.",
        ),
    ];
}

/** How the proxy answers: latency and errors by kind of request. */
function requestRules({ t, ns, where }: Scope): AlertRule[] {
    const th = t.thresholds;
    return [
        rule(
            "MilvusSearchLatencyHigh",
            "warning",
            "10m",
            `${p99("milvus_proxy_sq_latency", `${ns}, query_type="search"`)} > ${th.searchP99Ms}`,
            `${where}: p99 search latency above ${th.searchP99Ms} ms`,
            "Searches are slow at the proxy: query nodes are saturated, segments are not yet indexed, or the collection does not fit in memory.",
            "Compare the query nodes' CPU and memory in the dashboard; add query nodes (milvus.components.queryNode.replicas) or resources; check that indexes are built.",
        ),
        rule(
            "MilvusQueryLatencyHigh",
            "warning",
            "10m",
            `${p99("milvus_proxy_sq_latency", `${ns}, query_type="query"`)} > ${th.queryP99Ms}`,
            `${where}: p99 query latency above ${th.queryP99Ms} ms`,
            "Scalar queries are slow at the proxy.",
            "Look for unindexed filter fields and large result sets; add query nodes or resources as for search.",
        ),
        rule(
            "MilvusInsertLatencyHigh",
            "warning",
            "10m",
            `${p99("milvus_proxy_mutation_latency", `${ns}, msg_type=~"insert|upsert"`)} > ${th.insertP99Ms}`,
            `${where}: p99 insert latency above ${th.insertP99Ms} ms`,
            "Writes are slow: the message queue, the streaming nodes or the object store are behind.",
            "Check the streaming nodes and the message queue (Pulsar bookies, Kafka brokers) for saturation; check the object store's throttling.",
        ),
        rule(
            "MilvusRequestErrorsHigh",
            "critical",
            "10m",
            `sum by (function_name) (rate(milvus_proxy_req_count{${ns}, status="fail", function_name=~"${REQUEST_KINDS}"}[5m])) / sum by (function_name) (rate(milvus_proxy_req_count{${ns}, status="total", function_name=~"${REQUEST_KINDS}"}[5m])) > ${th.errorRatio}`,
            `${where}: more than ${th.errorRatio * 100}% of {{ $labels.function_name }} requests fail`,
            "Milvus answers this kind of request with errors (not client rejections: those count as rejected).",
            "Read the proxy's logs for the error; a component down, a collection not loaded or the disk or memory quota reached are the usual causes.",
        ),
    ];
}

/** Memory and volumes running out. */
function resourceRules({ t, ns, where }: Scope): AlertRule[] {
    const th = t.thresholds;
    return [
        rule(
            "MilvusMemoryNearLimit",
            "warning",
            "10m",
            `max by (pod, container) (container_memory_working_set_bytes{${ns}, container!="", container!="POD"}) / max by (pod, container) (kube_pod_container_resource_limits{${ns}, resource="memory", unit="byte"}) > ${th.memoryRatio}`,
            `${where}: {{ $labels.pod }}/{{ $labels.container }} uses more than ${th.memoryRatio * 100}% of its memory limit`,
            "The container will be OOM-killed when it reaches its limit; for query nodes that means reloading segments.",
            "Raise the component's memory limit or add replicas (milvus.components.<component>), or release collections that need not be loaded.",
        ),
        rule(
            "MilvusVolumeNearFull",
            "warning",
            "10m",
            `min by (persistentvolumeclaim) (kubelet_volume_stats_available_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}}) < ${th.volumeFreeRatio}`,
            `${where}: volume {{ $labels.persistentvolumeclaim }} has less than ${th.volumeFreeRatio * 100}% free`,
            "A volume of Milvus, etcd, MinIO or Pulsar is filling up; a full etcd or bookie volume stops writes.",
            "Grow it through the config (milvus.etcd.storageSize, milvus.minio.storageSize, milvus.pulsar.journalSize / ledgersSize, milvus.standaloneStorageSize) and pulumi up: the claims grow in place.",
        ),
    ];
}

/** etcd's members and quorum, read from its StatefulSet. */
function etcdRules({ etcd, where, t }: Scope): AlertRule[] {
    return [
        rule(
            "MilvusEtcdMemberDown",
            "warning",
            "5m",
            `max(kube_statefulset_status_replicas_ready{${etcd}}) < max(kube_statefulset_replicas{${etcd}})`,
            `${where}: an etcd member is not ready`,
            "etcd, which holds Milvus's metadata, runs with fewer members than configured: one more failure may lose its quorum.",
            "kubectl -n {{ $labels.namespace }} describe statefulset " + t.etcdStatefulSet + "; look at the member's logs and volume.",
        ),
        // A majority of the members the StatefulSet wants, read from the series: it follows the config.
        rule(
            "MilvusEtcdQuorumLost",
            "critical",
            "1m",
            `max(kube_statefulset_status_replicas_ready{${etcd}}) < floor(max(kube_statefulset_replicas{${etcd}}) / 2) + 1`,
            `${where}: fewer than a majority of the etcd members are ready`,
            "etcd has lost its quorum: Milvus cannot read or write metadata, and every component stops serving.",
            "Bring the members back (their volumes keep the data); never delete an etcd volume. If a member's data is lost, restore from a backup (milvus.backup.restore) into a new stack.",
        ),
    ];
}

/** The names of every alert, in order. */
export function alertNames(t: MonitoringTarget): string[] {
    return alertRuleGroups(t).flatMap((g) => g.rules.map((r) => r.alert));
}

/** The label the Grafana sidecar of kube-prometheus-stack looks for (grafana.sidecar.dashboards.label/labelValue). */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;

interface Panel {
    title: string;
    unit: string;
    targets: Array<{ expr: string; legend: string }>;
    description: string;
}

/** The selectors the panels share. */
interface PanelScope {
    t: MonitoringTarget;
    ns: string;
    deployments: string;
}

function panels(t: MonitoringTarget): Array<{ row: string; panels: Panel[] }> {
    const ns = `namespace="${t.namespace}"`;
    const scope: PanelScope = { t, ns, deployments: `${ns}, deployment=~"${deploymentPattern(t)}"` };
    return [
        { row: "Availability", panels: availabilityPanels(scope) },
        { row: "Requests", panels: requestPanels(scope) },
        { row: "Resources", panels: resourcePanels(scope) },
    ];
}

const quantile = (q: number, metric: string, selector: string, by = "") =>
    `histogram_quantile(${q}, sum by (le${by}) (rate(${metric}_bucket{${selector}}[5m])))`;

function availabilityPanels({ t, ns, deployments }: PanelScope): Panel[] {
    return [
        {
            title: "Available pods by component",
            unit: "short",
            description: "Available against desired replicas of each Milvus Deployment (zero while paused).",
            targets: [
                {
                    expr: `max by (deployment) (kube_deployment_status_replicas_available{${deployments}})`,
                    legend: "{{deployment}} available",
                },
                { expr: `max by (deployment) (kube_deployment_spec_replicas{${deployments}})`, legend: "{{deployment}} desired" },
            ],
        },
        {
            title: "etcd members ready",
            unit: "short",
            description: `Ready members of ${t.etcdStatefulSet}; fewer than a majority means no quorum.`,
            targets: [{ expr: `max(kube_statefulset_status_replicas_ready{${ns}, statefulset="${t.etcdStatefulSet}"})`, legend: "ready" }],
        },
    ];
}

function requestPanels({ ns }: PanelScope): Panel[] {
    return [
        {
            title: "Requests per second",
            unit: "reqps",
            description: "Requests the proxies served, by kind.",
            targets: [
                {
                    expr: `sum by (function_name) (rate(milvus_proxy_req_count{${ns}, status="total", function_name=~"${REQUEST_KINDS}"}[5m]))`,
                    legend: "{{function_name}}",
                },
            ],
        },
        {
            title: "Failed share of requests",
            unit: "percentunit",
            description: "Failed over total, by kind.",
            targets: [
                {
                    expr: `sum by (function_name) (rate(milvus_proxy_req_count{${ns}, status="fail", function_name=~"${REQUEST_KINDS}"}[5m])) / sum by (function_name) (rate(milvus_proxy_req_count{${ns}, status="total", function_name=~"${REQUEST_KINDS}"}[5m]))`,
                    legend: "{{function_name}}",
                },
            ],
        },
        {
            title: "Search and query latency",
            unit: "ms",
            description: "p50 and p99 at the proxy.",
            targets: [0.5, 0.99].flatMap((q) => [
                { expr: quantile(q, "milvus_proxy_sq_latency", ns, ", query_type"), legend: `{{query_type}} p${q * 100}` },
            ]),
        },
        {
            title: "Insert, upsert and delete latency",
            unit: "ms",
            description: "p50 and p99 at the proxy.",
            targets: [0.5, 0.99].map((q) => ({
                expr: quantile(q, "milvus_proxy_mutation_latency", ns, ", msg_type"),
                legend: `{{msg_type}} p${q * 100}`,
            })),
        },
    ];
}

function resourcePanels({ ns }: PanelScope): Panel[] {
    return [
        {
            title: "Memory against the limit",
            unit: "percentunit",
            description: "Working set over the memory limit, per container of the namespace.",
            targets: [
                {
                    expr: `max by (pod, container) (container_memory_working_set_bytes{${ns}, container!="", container!="POD"}) / max by (pod, container) (kube_pod_container_resource_limits{${ns}, resource="memory", unit="byte"})`,
                    legend: "{{pod}}/{{container}}",
                },
            ],
        },
        {
            title: "CPU",
            unit: "short",
            description: "Cores used, per pod.",
            targets: [
                {
                    expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${ns}, container!="", container!="POD"}[5m]))`,
                    legend: "{{pod}}",
                },
            ],
        },
        {
            title: "Volumes used",
            unit: "percentunit",
            description: "Used share of each claim (Milvus, etcd, MinIO, Pulsar).",
            targets: [
                {
                    expr: `1 - kubelet_volume_stats_available_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}}`,
                    legend: "{{persistentvolumeclaim}}",
                },
            ],
        },
        {
            title: "Container restarts (30m)",
            unit: "short",
            description: "Restarts in the last 30 minutes.",
            targets: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${ns}}[30m]))`, legend: "{{pod}}" }],
        },
    ];
}

/** A dashboard uid Grafana accepts (at most 40 characters), stable per namespace and release. */
export function dashboardUid(t: Pick<MonitoringTarget, "namespace" | "releaseName">): string {
    return `milvus-${createHash("sha256").update(`${t.namespace}/${t.releaseName}`).digest("hex").slice(0, 16)}`;
}

/** The Grafana dashboard (JSON model, schemaVersion 39), on a Prometheus data source chosen by its variable. */
export function grafanaDashboard(t: MonitoringTarget): Record<string, unknown> {
    const datasource = { type: "prometheus", uid: "${datasource}" };
    const out: unknown[] = [];
    let id = 1;
    let y = 0;
    for (const group of panels(t)) {
        out.push({ id: id++, type: "row", title: group.row, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
        y += 1;
        group.panels.forEach((p, i) => {
            out.push({
                id: id++,
                type: "timeseries",
                title: p.title,
                description: p.description,
                datasource,
                gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: y + Math.floor(i / 2) * 8 },
                fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
                options: { legend: { displayMode: "list", placement: "bottom" }, tooltip: { mode: "multi" } },
                targets: p.targets.map((target, j) => ({
                    refId: String.fromCharCode(65 + j),
                    datasource,
                    expr: target.expr,
                    legendFormat: target.legend,
                })),
            });
        });
        y += Math.ceil(group.panels.length / 2) * 8;
    }
    return {
        uid: dashboardUid(t),
        title: `Milvus ${t.namespace}/${t.releaseName}`,
        tags: ["milvus", "milvus-on-clouds"],
        schemaVersion: 39,
        editable: false,
        time: { from: "now-6h", to: "now" },
        refresh: "1m",
        templating: { list: [{ name: "datasource", type: "datasource", query: "prometheus", label: "Prometheus", current: {} }] },
        panels: out,
    };
}

export interface Monitoring {
    /** The PrometheusRule with the Milvus alerts (milvus.metrics.alerts). */
    alertRules: k8s.apiextensions.CustomResource | undefined;
    /** The Grafana dashboard ConfigMap (milvus.metrics.dashboard). */
    dashboard: k8s.core.v1.ConfigMap | undefined;
}

/** The alerts and the dashboard, on the names the chart gives its objects. */
export function registerMonitoring(ctx: ReleaseContext): Monitoring {
    const { milvus, releaseName } = ctx;
    const target = ctx.namespace.apply((namespace): MonitoringTarget => ({
        namespace,
        releaseName,
        fullname: ctx.serviceName,
        etcdStatefulSet: subchartFullname(releaseName, "etcd"),
        thresholds: milvus.metrics.alertThresholds,
    }));
    const options = () => ctx.options({ dependsOn: ctx.platform.dependsOn });
    const alertRules = !milvus.metrics.alerts
        ? undefined
        : new k8s.apiextensions.CustomResource(
              `${ctx.name}-alerts`,
              {
                  apiVersion: "monitoring.coreos.com/v1",
                  kind: "PrometheusRule",
                  metadata: {
                      name: `${releaseName}-milvus-alerts`,
                      namespace: ctx.namespace,
                      labels: { ...ctx.labels, ...milvus.metrics.prometheusLabels },
                  },
                  spec: target.apply((t) => ({ groups: alertRuleGroups(t) })),
              },
              options(),
          );
    const dashboard = !milvus.metrics.dashboard
        ? undefined
        : new k8s.core.v1.ConfigMap(
              `${ctx.name}-dashboard`,
              {
                  metadata: {
                      name: `${releaseName}-milvus-dashboard`,
                      namespace: ctx.namespace,
                      labels: { ...ctx.labels, ...GRAFANA_DASHBOARD_LABEL },
                  },
                  data: target.apply((t) => ({ [`milvus-${t.namespace}-${releaseName}.json`]: JSON.stringify(grafanaDashboard(t), null, 1) })),
              },
              options(),
          );
    return { alertRules, dashboard };
}
