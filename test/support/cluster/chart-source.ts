// Where the tests get the third-party charts the program installs by default
// (the Milvus chart and the AWS Load Balancer Controller chart, at the
// versions and from the repositories the program's defaults name), as a
// user's machine would: a verified copy in the cache outside the tree
// (${XDG_CACHE_HOME:-~/.cache}/milvus-on-clouds/charts), pulled once from the
// chart's own repository; on this workspace's offline machines the packages
// in ../shared/charts (checked against their SHA256SUMS) stand in for the
// repository. Where neither is there, the tests that need a chart skip with
// unavailableReason(), all in the same words; with MILVUS_CHARTS_REQUIRED=1
// (CI) they fail instead.
//
// A pull does what `helm pull --repo <url> <chart> --version <v>` does for an
// HTTP(S) repository (helm/helm pkg/downloader/chart_downloader.go,
// ResolveChartVersion, read at commit 0139d348 of main: the index's entry for
// the chart and version, its first URL resolved against the repository URL
// with repo.ResolveReferenceURL; the entry's Digest, the archive's sha256,
// keys Helm's content cache). Here the downloaded archive must also match
// that digest before it is kept.
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { DEFAULT_LB_CONTROLLER_CHART_REPOSITORY, DEFAULT_LB_CONTROLLER_CHART_VERSION } from "../../../components/aws/config";
import { CHART_NAME, CHART_REPOSITORY, DEFAULT_CHART_VERSION } from "../../../components/config/resolve";
import { SHARED_CHARTS, listedDigests, sha256 } from "./chart-repo";

export interface ChartPin {
    name: string;
    version: string;
    /** The HTTP(S) Helm repository the program installs it from by default. */
    repository: string;
}

/** The charts the program installs by default, as its defaults name them. */
export const PINNED_CHARTS: readonly ChartPin[] = [
    { name: CHART_NAME, version: DEFAULT_CHART_VERSION, repository: CHART_REPOSITORY },
    { name: "aws-load-balancer-controller", version: DEFAULT_LB_CONTROLLER_CHART_VERSION, repository: DEFAULT_LB_CONTROLLER_CHART_REPOSITORY },
];

export const archiveName = (pin: ChartPin): string => `${pin.name}-${pin.version}.tgz`;

export function chartCache(): string {
    return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "milvus-on-clouds", "charts");
}

/** A directory holding every pinned archive and a SHA256SUMS that lists each (what serveCharts serves). */
export interface ChartArchives {
    dir: string;
    /** Where they came from, for the log. */
    source: string;
}

/** Whether `dir` holds the pin's archive with the digest `listed` (its SHA256SUMS) gives it. */
function holds(dir: string, pin: ChartPin, listed = listedDigests(dir)): boolean {
    const file = path.join(dir, archiveName(pin));
    return fs.existsSync(file) && listed.get(archiveName(pin)) === sha256(file);
}

/** Whether `dir` holds every pinned archive with the digest its SHA256SUMS lists. */
function complete(dir: string, pins: readonly ChartPin[]): boolean {
    const listed = listedDigests(dir);
    return pins.every((pin) => holds(dir, pin, listed));
}

/** The archives without the network: the cache first, then ../shared/charts; undefined when neither has them all. */
export function localChartArchives(
    pins: readonly ChartPin[] = PINNED_CHARTS,
    cache = chartCache(),
    shared = SHARED_CHARTS,
): ChartArchives | undefined {
    if (complete(cache, pins)) return { dir: cache, source: `the cache ${cache}` };
    if (complete(shared, pins)) return { dir: shared, source: `${shared} (the workspace's offline copy, checked against its SHA256SUMS)` };
    return undefined;
}

export function unavailableReason(
    pins: readonly ChartPin[] = PINNED_CHARTS,
    cache = chartCache(),
    shared = SHARED_CHARTS,
    repositoryOf: (pin: ChartPin) => string = (p) => p.repository,
): string {
    return (
        `the charts ${pins.map((p) => `${p.name} ${p.version}`).join(" and ")} are neither in ${cache} nor in ${shared}, ` +
        `and their repositories (${pins.map(repositoryOf).join(", ")}) did not answer: run npm run charts where they are reachable`
    );
}

async function get(url: string): Promise<Buffer> {
    const response = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(60_000) }).catch((err: unknown) => {
        // Node's fetch says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED, a timeout) is its cause.
        const cause =
            err instanceof Error && err.cause instanceof Error ? ((err.cause as NodeJS.ErrnoException).code ?? err.cause.message) : String(err);
        throw new Error(`GET ${url}: ${cause}`);
    });
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
}

/** Pulls one chart into `cache` from `repository` (an HTTP(S) Helm repository), checking the index's digest. */
export async function pullChart(pin: ChartPin, repository: string, cache: string): Promise<string> {
    const base = repository.endsWith("/") ? repository : `${repository}/`;
    // Every scalar a string (YAML's failsafe schema), as Helm's typed Go struct reads them: a digest of
    // digits alone, or a version such as 1.10, must not turn into a number.
    const index = YAML.parse((await get(new URL("index.yaml", base).href)).toString("utf8"), { schema: "failsafe" }) as {
        entries?: Record<string, Array<{ version?: string; urls?: string[]; digest?: string }>>;
    };
    const entry = index.entries?.[pin.name]?.find((e) => e.version === pin.version);
    if (!entry?.urls?.length) throw new Error(`${base}index.yaml has no ${pin.name} ${pin.version}`);
    if (!entry.digest) throw new Error(`${base}index.yaml gives no digest for ${pin.name} ${pin.version}: nothing to check the archive against`);
    const archive = await get(new URL(entry.urls[0], base).href);
    const digest = createHash("sha256").update(archive).digest("hex");
    if (digest !== entry.digest)
        throw new Error(`${pin.name} ${pin.version} from ${base}: sha256 ${digest}, the repository's index says ${entry.digest}`);
    fs.mkdirSync(cache, { recursive: true });
    const file = path.join(cache, archiveName(pin));
    // Written aside and renamed, so that a reader (or the other test worker pulling at the same time) never sees half an archive.
    const part = `${file}.${process.pid}.part`;
    fs.writeFileSync(part, archive);
    fs.renameSync(part, file);
    const listed = listedDigests(cache);
    listed.set(archiveName(pin), digest);
    fs.writeFileSync(
        path.join(cache, "SHA256SUMS"),
        [...listed]
            .sort()
            .map(([name, d]) => `${d}  ${name}\n`)
            .join(""),
    );
    return file;
}

/**
 * The archives: from the cache or ../shared/charts when they are there, else pulled into the
 * cache from `repositoryOf(pin)` (the program's default repositories). `{ unavailable }`, with the
 * reason, when no source has them all; never a partial set.
 */
export async function chartArchives(
    options: {
        pins?: readonly ChartPin[];
        cache?: string;
        shared?: string;
        repositoryOf?: (pin: ChartPin) => string;
    } = {},
): Promise<ChartArchives | { unavailable: string }> {
    const { pins = PINNED_CHARTS, cache = chartCache(), shared = SHARED_CHARTS, repositoryOf = (p: ChartPin) => p.repository } = options;
    const found = localChartArchives(pins, cache, shared);
    if (found) return found;
    const failures: string[] = [];
    for (const pin of pins) {
        if (holds(cache, pin)) continue;
        try {
            await pullChart(pin, repositoryOf(pin), cache);
        } catch (err) {
            failures.push(err instanceof Error ? err.message : String(err));
        }
    }
    if (failures.length === 0 && complete(cache, pins))
        return { dir: cache, source: `${pins.map((p) => repositoryOf(p)).join(", ")}, into ${cache}` };
    return { unavailable: `${unavailableReason(pins, cache, shared, repositoryOf)} (${failures.join("; ")})` };
}

/** Whether a missing chart fails the run instead of skipping its tests (CI sets it: there the charts are always there). */
export const chartsRequired = (): boolean => process.env.MILVUS_CHARTS_REQUIRED === "1";

if (require.main === module) {
    chartArchives().then(
        (result) => {
            if ("unavailable" in result) {
                process.stdout.write(`charts: ${result.unavailable}\n`);
                process.exitCode = chartsRequired() ? 1 : 0;
            } else {
                process.stdout.write(`charts: ${PINNED_CHARTS.map((p) => `${p.name} ${p.version}`).join(", ")} from ${result.source}\n`);
            }
        },
        (err: unknown) => {
            process.stderr.write(`charts: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exitCode = 1;
        },
    );
}
