// The chart contract: Helm silently ignores unknown value keys, so every key
// path the program emits must exist in the chart's default values (or sit
// inside a free-form map such as annotations or resources).
//
// Defaults come from MILVUS_CHART_DIR when set (values.yaml plus
// subcharts/<name>-<version>.values.yaml, as ../shared/milvus-chart/<version>
// holds them), else from the chart's package where test/support/cluster/chart-source.ts
// keeps it (the cache `npm run charts` pulls into, or ../shared/charts), else
// from ../shared/milvus-chart/<version>; each subchart's defaults are placed
// under the key requirements.yaml gives it (its alias, else its name).
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import * as os from "os";
import { parse } from "yaml";
import { CHART_NAME, CHART_REPOSITORY } from "../../../components/config/resolve";
import { archiveName, chartCache, chartsRequired, localChartArchives } from "../cluster/chart-source";
import { SHARED_CHARTS } from "../cluster/chart-repo";
import { ROOT } from "./stacks";

/** Maps whose keys are the user's to choose; nothing under them is checked. */
export const FREE_FORM_KEYS = new Set([
    "annotations",
    "labels",
    "podLabels",
    "podAnnotations",
    "additionalLabels",
    "additionalAnnotations",
    "resources",
    "nodeSelector",
    "tolerations",
    "affinity",
    "topologySpreadConstraints",
    "securityContext",
    "containerSecurityContext",
    "strategy",
    "extraEnv",
    "extraEnvVars",
    "environment",
    "extraConfigFiles",
    "volumes",
    "volumeMounts",
    "configData",
]);

/**
 * Keys the chart's templates read whose values.yaml shows them only in a
 * comment (so they are absent from the parsed defaults): the pull secrets of
 * Milvus (`# pullSecrets:` under image.all; templates/*-deployment.yaml), of
 * Attu (templates/attu-deployment.yaml) and of Pulsar (`# imagePullSecrets:`
 * under images; pulsar _helpers.tpl pulsar.imagePullSecrets).
 */
export const COMMENTED_KEYS = new Set(["image.all.pullSecrets", "attu.image.pullSecrets", "pulsarv3.images.imagePullSecrets"]);

const extracted = new Map<string, string>();

/** The chart package's values.yaml, requirements.yaml and each vendored subchart's values.yaml, unpacked once per run. */
function unpackedDefaults(archive: string): string {
    let dir = extracted.get(archive);
    if (dir === undefined) {
        const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), "milvus-chart-defaults-"));
        process.once("exit", () => fs.rmSync(unpacked, { recursive: true, force: true }));
        dir = unpacked;
        execFileSync("tar", [
            "-xzf",
            archive,
            "-C",
            dir,
            "--wildcards",
            `${CHART_NAME}/values.yaml`,
            `${CHART_NAME}/requirements.yaml`,
            `${CHART_NAME}/charts/*/values.yaml`,
        ]);
        dir = path.join(dir, CHART_NAME);
        extracted.set(archive, dir);
    }
    return dir;
}

export function chartDirectory(version: string): string | undefined {
    const fromEnv = process.env.MILVUS_CHART_DIR;
    if (fromEnv && fs.existsSync(path.join(fromEnv, "values.yaml"))) return fromEnv;
    const pin = { name: CHART_NAME, version, repository: CHART_REPOSITORY };
    const archives = localChartArchives([pin]);
    if (archives) return unpackedDefaults(path.join(archives.dir, archiveName(pin)));
    const shared = path.resolve(ROOT, "..", "shared", "milvus-chart", version);
    return fs.existsSync(path.join(shared, "values.yaml")) ? shared : undefined;
}

/** Why a chart-contract check skips: said the same way by every test that needs the chart's defaults. */
export function missingChartReason(version: string): string {
    return (
        `no defaults of the ${CHART_NAME} chart ${version}: not in MILVUS_CHART_DIR, nor as a package in ${chartCache()} ` +
        `(npm run charts pulls it there) or ${SHARED_CHARTS}, nor in ../shared/milvus-chart/${version}`
    );
}

/**
 * The chart's defaults for a test that checks emitted keys against them, or
 * the test is skipped (counted as pending) with missingChartReason: a clone
 * without the third-party chart inputs runs everything else and stays green.
 * Under MILVUS_CHARTS_REQUIRED=1 (CI) a missing chart fails the test instead.
 */
export function chartDefaultsOrSkip(test: Mocha.Context, version: string): Tree {
    const dir = chartDirectory(version);
    if (!dir) {
        if (chartsRequired()) throw new Error(missingChartReason(version));
        console.warn(`  SKIPPED: ${missingChartReason(version)}`);
        return test.skip();
    }
    return loadChartDefaults(dir);
}

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => v !== null && typeof v === "object" && !Array.isArray(v);

function mergeDefaults(sub: Tree, parent: Tree): Tree {
    const out: Tree = { ...sub };
    for (const [k, v] of Object.entries(parent)) out[k] = isTree(out[k]) && isTree(v) ? mergeDefaults(out[k] as Tree, v) : v;
    return out;
}

/** The chart's defaults with each subchart's defaults under its key (the parent's overrides win). */
export function loadChartDefaults(dir: string): Tree {
    const values = parse(fs.readFileSync(path.join(dir, "values.yaml"), "utf8")) as Tree;
    const requirements = parse(fs.readFileSync(path.join(dir, "requirements.yaml"), "utf8")) as {
        dependencies: Array<{ name: string; alias?: string; version: string }>;
    };
    for (const dep of requirements.dependencies) {
        // As ../shared/milvus-chart lays them out, or as the package vendors them (charts/<name>/).
        const file = [path.join(dir, "subcharts", `${dep.name}-${dep.version}.values.yaml`), path.join(dir, "charts", dep.name, "values.yaml")].find(
            (f) => fs.existsSync(f),
        );
        if (file === undefined) continue;
        const key = dep.alias ?? dep.name;
        const sub = parse(fs.readFileSync(file, "utf8")) as Tree;
        values[key] = mergeDefaults(sub, isTree(values[key]) ? (values[key] as Tree) : {});
    }
    return values;
}

/**
 * Every emitted key path that the chart does not know, with the reason.
 * An empty result means Helm will read every value the program sets.
 */
export function unknownKeyPaths(emitted: Tree, defaults: Tree, prefix: string[] = []): string[] {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(emitted)) {
        const where = [...prefix, key].join(".");
        if (!(key in defaults) && COMMENTED_KEYS.has(where)) continue;
        if (!(key in defaults)) {
            problems.push(`${where}: not a key of the chart`);
            continue;
        }
        const known = defaults[key];
        if (FREE_FORM_KEYS.has(key) || known === null || known === undefined) continue;
        if (Array.isArray(known)) {
            if (!Array.isArray(value)) problems.push(`${where}: the chart expects a list`);
            continue;
        }
        if (isTree(known)) {
            if (Object.keys(known).length === 0) continue; // an empty map in the defaults is free-form
            if (!isTree(value)) {
                problems.push(`${where}: the chart expects a map, got ${JSON.stringify(value)}`);
                continue;
            }
            problems.push(...unknownKeyPaths(value, known, [...prefix, key]));
            continue;
        }
        if (isTree(value) || Array.isArray(value)) problems.push(`${where}: the chart expects a single value`);
    }
    return problems;
}
