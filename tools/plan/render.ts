// The plan as text for a terminal. `--json` prints the PlanReport itself.
import { stringify } from "yaml";
import type { DeployEstimate, ScheduledResource } from "./deploy-time";
import type { PlanReport, SizingRow } from "./report";
import { renderTree } from "./tree";
import { roundTo } from "../../components/shared/numbers";

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const money = (n: number | null) => (n === null ? "   (no price)" : `$${n.toFixed(2).padStart(10)}`);
const minutes = (n: number) => `${n.toFixed(1)} min`;

function table(headers: string[], rows: string[][]): string[] {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => pad(c, widths[i]))
            .join("  ")
            .trimEnd();
    return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

const amount = (a: Record<string, string | number>, key: string) => (a[key] === undefined ? "-" : String(a[key]));

function sizingRows(rows: SizingRow[]): string[] {
    return table(
        ["role", "pod", "replicas", "cpu req", "mem req", "disk req", "cpu lim", "mem lim", "from"],
        rows.map((r) => [
            r.role,
            r.name,
            String(r.replicas),
            amount(r.requests, "cpu"),
            amount(r.requests, "memory"),
            amount(r.requests, "ephemeral-storage"),
            amount(r.limits, "cpu"),
            amount(r.limits, "memory"),
            r.source,
        ]),
    );
}

function timelineRows(items: ScheduledResource[]): string[] {
    return table(
        ["starts", "ends", "takes", "resource"],
        items.map((t) => [minutes(t.start), minutes(t.finish), `${t.minutes.min}-${t.minutes.max} min`, `${t.type}  ${t.name}`]),
    );
}

function deployLines(d: DeployEstimate): string[] {
    return [
        `Estimated first deploy: ${minutes(d.total.min)} to ${minutes(d.total.max)} (critical path of the dependency graph, typical creation times per resource type)`,
        "",
        "Critical path (longest times):",
        ...timelineRows(d.criticalPath.filter((t) => t.minutes.max > 0)).map((l) => `  ${l}`),
        ...(d.timeline.length
            ? ["", "Resources taking a minute or more (those whose times overlap run in parallel):", ...timelineRows(d.timeline).map((l) => `  ${l}`)]
            : []),
        ...(d.unknownTypes.length ? ["", `No duration rule (counted as a few seconds): ${d.unknownTypes.join(", ")}`] : []),
    ];
}

export function renderPlan(p: PlanReport): string {
    const s = p.sizing;
    const out: string[] = [];
    const section = (title: string) => out.push("", `== ${title} ${"=".repeat(Math.max(0, 70 - title.length))}`);
    out.push(
        `Plan for stack "${p.stack}": cloud ${p.cloud}, environment ${p.environment}${p.region ? `, region ${p.region}` : ""} (evaluated offline in ${p.evaluatedInSeconds} s)`,
    );

    section(`Resources (${p.resources.count}), grouped by component`);
    out.push(...renderTree(p.resources.tree));

    section("Sizing");
    out.push(`mode ${s.mode}, message queue ${s.messageQueue}`);
    if (s.workload) {
        const w = s.workload;
        out.push(
            `workload: ${w.vectors.toLocaleString("en-US")} x ${w.dimension}-dim ${w.indexType}, ${w.replicas} replica(s), ${w.scalarBytesPerEntity} scalar bytes/entity, segment ${w.segmentSizeMB} MB`,
            `raw data ${w.rawGiB} GiB, index memory ${w.indexMemoryGiB} GiB, loading memory ${w.loadingMemoryGiB} GiB per replica${w.localDiskGiB ? `, local disk ${w.localDiskGiB} GiB` : ""}`,
        );
    } else {
        out.push("no milvus.workload: every pod reserves the config's resources, else the sizing tool's smallest size (rows marked default)");
    }
    out.push("", ...sizingRows(s.rows));
    out.push(
        "",
        `total requests: ${s.totals.pods} pods, ${s.totals.cpu} CPU, ${s.totals.memoryGiB} GiB memory${s.totals.localDiskGiB ? `, ${s.totals.localDiskGiB} GiB local disk` : ""}`,
    );
    if (s.volumes.length) {
        out.push("volumes: " + s.volumes.map((v) => `${v.name} ${v.count} x ${v.sizeGiB} GiB`).join(", "));
    }
    if (s.woodpeckerLog) {
        const { gib, retentionHours } = s.woodpeckerLog;
        out.push(
            `Woodpecker log in the object store: the last ${retentionHours} h of writes` +
                (gib !== undefined
                    ? `, up to ${gib} GiB after loading this workload (a second copy of the raw data for ${retentionHours} h); not part of the sizing tool's MinIO volume`
                    : ""),
        );
    }
    if (p.cloud === "local" && s.existingClusterNodes === undefined) {
        out.push("nodes: no general-purpose node up to 64 CPU / 256 GiB holds every pod: set smaller resources or use the plan of a cloud platform");
    }
    if (s.existingClusterNodes) {
        const n = s.existingClusterNodes;
        const machine = (m: { cpu: number; memoryGiB: number }) => `${m.cpu} CPU / ${m.memoryGiB} GiB`;
        out.push(
            `nodes: ${n.nodes} x ${machine(n.machine)} (general purpose, 4 GiB per CPU; ${roundTo(n.usable.cpu)} CPU / ${roundTo(n.usable.memoryGiB)} GiB each for pods after headroom) ` +
                `hold every pod in whatever order the scheduler places them (a perfect packing would need ${n.firstFitNodes})`,
            `smallest node: ${machine(n.smallest)}` +
                (n.smaller
                    ? `; a ${machine(n.smaller.machine)} node cannot hold a ${n.smaller.tooLarge.name} pod (${roundTo(n.smaller.tooLarge.cpu)} CPU / ${roundTo(n.smaller.tooLarge.memoryGiB)} GiB)`
                    : ""),
        );
    }
    out.push(...p.warnings.map((w) => `warning: ${w}`));

    section(`Estimated monthly cost (prices as of ${p.cost.pricesAsOf}${p.cost.priceRegion ? `, ${p.cost.priceRegion}` : ""})`);
    if (p.cost.lines.length) {
        out.push(
            ...table(
                ["item", "quantity", "USD/month", "note"],
                p.cost.lines.map((l) => [l.item, l.quantity, money(l.monthly), l.note ?? ""]),
            ),
        );
    }
    out.push(`total: $${p.cost.monthlyTotal.toFixed(2)} per month`, ...p.cost.notes.map((n) => `note: ${n}`));
    const paused = p.cost.paused;
    if (paused) {
        out.push(
            `paused (milvus.paused): Milvus's pods, ${Math.round(paused.milvusShare * 100)}% of the pods' CPU requests, are at zero; their share of the nodes is $${paused.nodeShareMonthly.toFixed(2)} per month, saved while paused: $${paused.savedMonthly.toFixed(2)} per month — ${paused.how}`,
        );
    }

    section("Estimated deploy time");
    out.push(...deployLines(p.deployTime));

    for (const chart of p.charts) {
        section(
            `Chart values: ${chart.chart} ${chart.version} (Helm release ${chart.release}, namespace ${chart.namespace}; Pulumi resource ${chart.resource}), secrets masked`,
        );
        // A line holding a value only the offline evaluation has says so: a real deployment gets the cloud's.
        const marked = stringify(chart.values)
            .trimEnd()
            .split("\n")
            .map((line) => (chart.standIns.some((v) => line.includes(v)) ? `${line}  # offline stand-in: the cloud gives the real value` : line));
        out.push(...marked);
    }
    return out.join("\n") + "\n";
}
