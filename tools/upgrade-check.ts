// The upgrade check: deploys every shipped stack with the program of an
// earlier commit (fake cloud APIs, a real cluster per stack, the charts from
// the loopback repository: the earlier commit must know
// `milvus.chartRepository`, so 2df1dfa or later), then previews it with the
// program in this working tree and fails on any replacement or deletion. It proves a
// refactor keeps every resource, protected or not, where the protected-URN
// contract of the engine suite only pins the protected ones.
//
//   npm run check:upgrade -- <git-ref> [stack ...] [--expect-delete <urn suffix> ...]
//
// A deletion the change intends (a resource the program no longer needs) is
// named with --expect-delete; any other deletion, and every replacement, fails.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { built } from "../test/support/cluster/cluster";
import { serveCharts } from "../test/support/cluster/chart-repo";
import { chartArchives } from "../test/support/cluster/chart-source";
import { crdFiles } from "../test/support/cluster/crds";
import { shippedStacks } from "./offline/stacks";
import { ClusterBroker } from "../test/support/engine/cloud-clusters";
import { EngineWorkspace, REPO, resolveCli, type CommandResult } from "../test/support/engine/workspace";

const REPLACING = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced", "delete"]);

function must(r: CommandResult, what: string): CommandResult {
    if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`);
    return r;
}

async function main(): Promise<number> {
    const ref = process.argv[2];
    if (!ref) {
        process.stderr.write("usage: npm run check:upgrade -- <git-ref>\n");
        return 2;
    }
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "milvus-upgrade-base-"));
    execFileSync("sh", ["-c", `git archive ${JSON.stringify(ref)} | tar -x -C ${JSON.stringify(base)}`], { cwd: REPO });
    const rest = process.argv.slice(3);
    const expectedDeletes = rest.filter((_, i) => rest[i - 1] === "--expect-delete");
    const only = rest.filter((a, i) => a !== "--expect-delete" && rest[i - 1] !== "--expect-delete");
    const stacks = shippedStacks().filter((s) => only.length === 0 || only.includes(s));
    const cli = resolveCli();
    const providerDir = built("pulumi-kubernetes");
    const archives = await chartArchives();
    if ("unavailable" in archives) {
        process.stderr.write(`check:upgrade needs the charts the stacks install: ${archives.unavailable}\n`);
        return 2;
    }
    const charts = await serveCharts(archives.dir);
    const broker = await ClusterBroker.start(crdFiles());
    let failures = 0;
    try {
        for (const stack of stacks) {
            const ws = new EngineWorkspace(cli, { providerDir, brokerUrl: broker.url, chartsUrl: charts.url }, base);
            try {
                must(await ws.pulumi(["stack", "init", stack]), `${stack}: stack init`);
                must(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), `${stack}: up with ${ref}`);
                ws.copyProject(REPO);
                const preview = must(await ws.pulumi(["preview", "--json", "--stack", stack]), `${stack}: preview with the working tree`);
                const steps = (JSON.parse(preview.stdout) as { steps?: Array<{ op: string; urn: string }> }).steps ?? [];
                const bad = steps.filter(
                    (s) => REPLACING.has(s.op) && !(s.op === "delete" && expectedDeletes.some((suffix) => s.urn.endsWith(suffix))),
                );
                const counts = new Map<string, number>();
                for (const s of steps) counts.set(s.op, (counts.get(s.op) ?? 0) + 1);
                const summary = [...counts].map(([op, n]) => `${op} ${n}`).join(", ");
                process.stdout.write(`${stack}: ${bad.length === 0 ? "ok" : "REPLACES OR DELETES"} (${summary})\n`);
                for (const s of steps.filter((x) => x.op !== "same")) process.stdout.write(`    ${s.op} ${s.urn}\n`);
                if (bad.length > 0) failures++;
            } finally {
                await ws.dispose();
            }
        }
    } finally {
        await broker.close();
        await charts.close();
        fs.rmSync(base, { recursive: true, force: true });
    }
    return failures === 0 ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    },
);
