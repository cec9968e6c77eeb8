// The chart contract: Helm silently ignores unknown value keys, so every key
// path the program emits must exist in the chart's default values (or sit
// inside a free-form map such as annotations or resources).
//
// Defaults come from MILVUS_CHART_DIR when set, else ../shared/milvus-chart/<version>:
// values.yaml plus subcharts/<name>-<version>.values.yaml, each placed under
// the key requirements.yaml gives it (its alias, else its name).
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ROOT } from "./stacks";

/** Maps whose keys are the user's to choose; nothing under them is checked. */
export const FREE_FORM_KEYS = new Set([
    "annotations", "labels", "podLabels", "podAnnotations", "additionalLabels", "additionalAnnotations",
    "resources", "nodeSelector", "tolerations", "affinity", "topologySpreadConstraints",
    "securityContext", "containerSecurityContext", "strategy",
    "extraEnv", "extraEnvVars", "environment", "extraConfigFiles", "volumes", "volumeMounts", "configData",
]);

/**
 * Keys the chart's templates read whose values.yaml shows them only in a
 * comment (so they are absent from the parsed defaults): the pull secrets of
 * Milvus (`# pullSecrets:` under image.all; templates/*-deployment.yaml), of
 * Attu (templates/attu-deployment.yaml) and of Pulsar (`# imagePullSecrets:`
 * under images; pulsar _helpers.tpl pulsar.imagePullSecrets).
 */
export const COMMENTED_KEYS = new Set(["image.all.pullSecrets", "attu.image.pullSecrets", "pulsarv3.images.imagePullSecrets"]);

export function chartDirectory(version: string): string | undefined {
    const candidates = [process.env.MILVUS_CHART_DIR, path.resolve(ROOT, "..", "shared", "milvus-chart", version)];
    return candidates.find((dir): dir is string => dir !== undefined && dir !== "" && fs.existsSync(path.join(dir, "values.yaml")));
}

/** Why a chart-contract check skips: said the same way by every test that needs the chart's defaults. */
export function missingChartReason(version: string): string {
    return `no chart defaults found: set MILVUS_CHART_DIR or provide ../shared/milvus-chart/${version}/values.yaml`;
}

/**
 * The chart's defaults for a test that checks emitted keys against them, or
 * the test is skipped (counted as pending) with missingChartReason: a clone
 * without the third-party chart inputs runs everything else and stays green.
 */
export function chartDefaultsOrSkip(test: Mocha.Context, version: string): Tree {
    const dir = chartDirectory(version);
    if (!dir) {
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
        const file = path.join(dir, "subcharts", `${dep.name}-${dep.version}.values.yaml`);
        if (!fs.existsSync(file)) continue;
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
