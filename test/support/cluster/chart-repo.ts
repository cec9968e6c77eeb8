// A Helm chart repository on 127.0.0.1 serving packaged charts from a
// directory (the workspace's ../shared/charts): what a mirror behind a
// firewall is, and the only way the real Helm inside the real provider can
// reach a chart on a machine without a network. The archives are checked
// against the directory's SHA256SUMS before anything is served.
//
// The index follows Helm's repository format (helm.sh/helm/v3
// pkg/repo/index.go, IndexFile and ChartVersion: apiVersion v1, `entries` by
// chart name, each version's Chart.yaml fields plus `urls`, `digest` and
// `created`).
import { createHash } from "crypto";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import * as YAML from "yaml";

/** ../shared/charts beside the repository (the workspace's third-party test inputs). */
export const SHARED_CHARTS = path.resolve(__dirname, "..", "..", "..", "..", "shared", "charts");

export interface ChartRepository {
    url: string;
    /** chart name -> versions served */
    charts: Record<string, string[]>;
    close(): Promise<void>;
}

export function sha256(file: string): string {
    return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** A directory's SHA256SUMS (`sha256sum` format) as file name -> digest; empty when there is none. */
export function listedDigests(dir: string): Map<string, string> {
    const sums = path.join(dir, "SHA256SUMS");
    if (!fs.existsSync(sums)) return new Map();
    return new Map(
        fs
            .readFileSync(sums, "utf8")
            .split("\n")
            .filter((l) => l.trim())
            .map((line) => {
                const [digest, name] = line.trim().split(/\s+\*?/);
                return [name, digest] as [string, string];
            }),
    );
}

/** Refuses to serve an archive whose digest is not the one SHA256SUMS lists. */
function verified(dir: string): string[] {
    const listed = listedDigests(dir);
    if (listed.size === 0) throw new Error(`${dir}: no SHA256SUMS to check the charts against`);
    for (const [name, digest] of listed) {
        const file = path.join(dir, name);
        const actual = sha256(file);
        if (actual !== digest) throw new Error(`${file}: sha256 ${actual}, SHA256SUMS says ${digest}`);
    }
    return [...listed.keys()].filter((f) => f.endsWith(".tgz"));
}

/** The top-level Chart.yaml of a packaged chart (`<name>/Chart.yaml`; subcharts sit deeper). */
function chartMetadata(file: string): Record<string, unknown> {
    const entries = execFileSync("tar", ["-tzf", file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).split("\n");
    const top = entries.find((e) => /^[^/]+\/Chart\.yaml$/.test(e));
    if (!top) throw new Error(`${file}: no <name>/Chart.yaml at the top of the archive`);
    return YAML.parse(execFileSync("tar", ["-xzOf", file, top], { encoding: "utf8" })) as Record<string, unknown>;
}

export async function serveCharts(dir: string = SHARED_CHARTS): Promise<ChartRepository> {
    if (!fs.existsSync(dir)) throw new Error(`the chart archives are not there: ${dir} (the workspace's shared/charts; see its README)`);
    const archives = verified(dir);
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const entries: Record<string, Array<Record<string, unknown>>> = {};
    const created = new Date(fs.statSync(path.join(dir, "SHA256SUMS")).mtime).toISOString();
    for (const name of archives) {
        const meta = chartMetadata(path.join(dir, name));
        const chart = String(meta.name);
        (entries[chart] ??= []).push({ ...meta, urls: [`${url}/${name}`], digest: sha256(path.join(dir, name)), created });
    }
    const index = YAML.stringify({ apiVersion: "v1", entries, generated: created });
    server.on("request", (req, res) => {
        const name = decodeURIComponent((req.url ?? "/").split("?")[0].replace(/^\/+/, ""));
        if (req.method !== "GET" && req.method !== "HEAD") {
            res.writeHead(405).end();
            return;
        }
        if (name === "index.yaml") {
            res.writeHead(200, { "Content-Type": "application/x-yaml" }).end(index);
            return;
        }
        if (archives.includes(name)) {
            res.writeHead(200, { "Content-Type": "application/gzip" });
            fs.createReadStream(path.join(dir, name)).pipe(res);
            return;
        }
        res.writeHead(404).end(`no ${name} here\n`);
    });
    const charts = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v.map((e) => String(e.version))]));
    return {
        url,
        charts,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
