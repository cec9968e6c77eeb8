// The docs a person navigates (issue 26): README.md is the front door and
// links every page under docs/; every relative link names a file that exists
// and a heading of it; and no figure in the prose is remembered rather than
// measured or computed. A measured figure sits between
// `<!-- figure: <id> -->` and `<!-- /figure -->` and equals its entry in
// docs/measurements.json; a figure the code knows sits between
// `<!-- code: <id> -->` and `<!-- /code -->` and equals what the code says
// (CODE_FIGURES below); a deploy-time estimate of `npm run plan` sits between
// `<!-- plan: ... -->` and `<!-- /plan -->`, and test/plan.test.ts checks it.
// Any other time figure (`~3 min`, `45 s`) in the prose fails.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { alertRuleGroups, grafanaDashboard, type MonitoringTarget } from "../components/milvus/monitoring";
import { DEFAULT_ALERT_THRESHOLDS } from "../components/config/alert-thresholds";
import { DEFAULT_CHART_VERSION, DEFAULT_IMAGE_TAG } from "../components/config/resolve";
import { HELM_TIMEOUT_SECONDS } from "../components/milvus/chart-release";
import { GROWTH_TIMEOUT } from "../components/milvus/volumes";
import { PROPAGATION_WINDOW_MS } from "../components/azure/propagation";
import { WOODPECKER_RETENTION_HOURS } from "../components/sizing/formulas";
import { CONTRACT_VERSION } from "../components/outputs";
import { PRICES } from "../tools/plan/prices";
import { evaluate, rawProjectConfig, shippedStacks, stackFileConfig } from "../tools/offline/stacks";
import { validateStackConfig } from "../components/platforms";
import { chartFullname } from "../components/shared/chart-names";
import {
    ROOT,
    anchors,
    docFiles,
    durationSeconds,
    linkProblems,
    markers,
    relativeLinks,
    slug,
    unmarkedTimes,
    type Marker,
} from "../tools/docs/markdown";

const read = (file: string): string | undefined => {
    const full = path.join(ROOT, file);
    return fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full, "utf8") : undefined;
};
const text = (file: string): string => read(file) ?? assert.fail(`${file} is missing`);
const FILES = docFiles();
const PAGES = FILES.filter((f) => f.startsWith("docs/"));

describe("docs: anchors", () => {
    it("follow GitHub's rule: lower case, only letters, digits, spaces, hyphens and underscores kept, spaces to hyphens", () => {
        assert.strictEqual(slug("AWS (EKS)"), "aws-eks");
        assert.strictEqual(slug("What `milvus.values` may change"), "what-milvusvalues-may-change");
        assert.strictEqual(slug("Policy pack (`policy/`)"), "policy-pack-policy");
        assert.strictEqual(slug("Day-2 edits a deployed stack refuses"), "day-2-edits-a-deployed-stack-refuses");
        assert.strictEqual(slug("Keys (`milvus.workload`)"), "keys-milvusworkload");
        assert.strictEqual(slug("Configuration (`milvus-on-clouds:azure`)"), "configuration-milvus-on-cloudsazure");
        assert.strictEqual(slug("Why not Azure Event Hubs (Kafka)"), "why-not-azure-event-hubs-kafka");
        assert.strictEqual(slug("Quick start: `local`"), "quick-start-local");
        assert.strictEqual(slug("node_pools and [links](x.md)"), "node_pools-and-links");
    });

    it("number a repeated heading -1, -2, and skip headings in fenced code", () => {
        const sample = "# Top\n## Prerequisites\n```bash\n# not a heading\n```\n## Prerequisites\n### Prerequisites\n";
        assert.deepStrictEqual(anchors(sample), ["top", "prerequisites", "prerequisites-1", "prerequisites-2"]);
        // Each file numbers its own: docs/aws.md and docs/azure.md both have #prerequisites.
        assert.ok(anchors(text("docs/aws.md")).includes("prerequisites") && anchors(text("docs/azure.md")).includes("prerequisites"));
    });
});

describe("docs: links", () => {
    it("every relative link of the README, the docs pages and the example app's README names a file and a heading that exist", () => {
        assert.deepStrictEqual(
            FILES.flatMap((f) => linkProblems(f, read)),
            [],
        );
    });

    it("the check finds a missing file, a missing anchor and a link to a wrong heading of the same file, and skips fenced code", () => {
        const files: Record<string, string> = {
            "README.md":
                "# Front\n## Quick start\n[ok](docs/a.md#part-two) [same](#quick-start) [web](https://example.com/x.md)\n" +
                "[gone](docs/missing.md) [bad anchor](docs/a.md#part-three) [bad here](#quick-starts)\n```\n[in code](nowhere.md)\n```\n",
            "docs/a.md": "# A\n## Part two\n[back](../README.md#front)\n",
        };
        const problems = linkProblems("README.md", (f) => files[f]);
        assert.deepStrictEqual(
            problems.map((p) => p.replace(/^.*?: \[/, "[")),
            [
                "[gone](docs/missing.md): docs/missing.md does not exist",
                "[bad anchor](docs/a.md#part-three): docs/a.md has no heading with the anchor #part-three",
                "[bad here](#quick-starts): README.md has no heading with the anchor #quick-starts",
            ],
        );
        assert.deepStrictEqual(
            linkProblems("docs/a.md", (f) => files[f]),
            [],
        );
    });

    it("README.md links every page under docs/", () => {
        const linked = new Set(relativeLinks(text("README.md")).map((l) => path.posix.normalize(l.target.split("#")[0])));
        assert.ok(PAGES.length >= 10, `only ${PAGES.length} pages under docs/`);
        assert.deepStrictEqual(
            PAGES.filter((p) => !linked.has(p)),
            [],
        );
    });

    it("every page starts with a title, says what it is for and links back to the README", () => {
        for (const page of PAGES) {
            const [title, blank, purpose] = text(page).split("\n");
            assert.match(title, /^# \S/, `${page}: no title`);
            assert.strictEqual(blank, "", page);
            assert.ok(purpose.length > 20 && !purpose.startsWith("#"), `${page}: no line saying what it is for`);
            assert.ok(
                relativeLinks(text(page)).some((l) => l.target.split("#")[0] === "../README.md"),
                `${page}: no link back to the README`,
            );
        }
    });

    it("every stack the README's Stacks table names has its file in stacks/", () => {
        const readme = text("README.md");
        const table = readme.slice(readme.indexOf("## Stacks"), readme.indexOf("\n## ", readme.indexOf("## Stacks") + 1));
        const named = [...table.matchAll(/^\| (.+?) \|/gm)].flatMap((m) => [...m[1].matchAll(/`([a-z0-9-]+)`/g)].map((n) => n[1]));
        assert.ok(named.length >= 7, named.join(", "));
        const stacks = shippedStacks();
        assert.deepStrictEqual(
            named.filter((s) => !stacks.includes(s)),
            [],
        );
    });
});

describe("docs: the local quick start", () => {
    /** The one fenced block after `<!-- quick start: local -->`, line by line. */
    const block = (): string[] => {
        const readme = text("README.md");
        const parts = readme.split("<!-- quick start: local -->\n");
        assert.strictEqual(parts.length, 2, "README.md has exactly one <!-- quick start: local --> marker");
        const found = /^```bash\n([\s\S]*?)\n```\n/.exec(parts[1]);
        return (found ?? assert.fail("the quick start marker is not followed by a ```bash block"))[1].split("\n");
    };

    it("is a block of real commands: no placeholders, no prompts, no empty lines", () => {
        for (const line of block()) {
            assert.ok(line.trim() !== "" && !line.trim().startsWith("#"), `not a command: "${line}"`);
            assert.doesNotMatch(line, /<[^>]*>/, "a placeholder the reader would have to edit");
            assert.doesNotMatch(line, /^\$ /, "a shell prompt");
        }
    });

    it("copies the shipped stack to a stack of its own, deploys it without asking, and removes it", () => {
        const lines = block();
        const copy = /^cp stacks\/Pulumi\.local\.yaml stacks\/Pulumi\.([a-z0-9-]+)\.yaml$/.exec(lines.find((l) => l.startsWith("cp ")) ?? "");
        assert.ok(copy, "the quick start copies stacks/Pulumi.local.yaml");
        const stack = copy[1];
        assert.notStrictEqual(stack, "local", "the shipped stack file stays as it is");
        const at = (command: string) => lines.indexOf(command);
        const order = [
            "npm ci",
            "pulumi login --local",
            `pulumi stack init ${stack}`,
            "pulumi up --yes",
            "pulumi destroy --yes",
            `pulumi stack rm ${stack} --yes`,
        ];
        assert.deepStrictEqual(
            order.filter((c) => at(c) < 0),
            [],
            "missing commands",
        );
        assert.deepStrictEqual(
            order.map(at),
            [...order.map(at)].sort((a, b) => a - b),
            "in this order",
        );
        const passphrase = lines.findIndex((l) => /^export PULUMI_CONFIG_PASSPHRASE=\S+$/.test(l));
        assert.ok(passphrase >= 0 && passphrase < at(`pulumi stack init ${stack}`), "the passphrase is set before the stack is created");
    });

    it("forwards the Service and namespace the program gives the local stack", () => {
        const { milvus } = validateStackConfig(rawProjectConfig(stackFileConfig("local")));
        const service = chartFullname(milvus.releaseName, milvus.values);
        assert.ok(block().includes(`kubectl -n ${milvus.namespace} port-forward svc/${service} 19530:19530 &`));
    });
});

interface Measurement {
    value: string;
    measured: string;
    what: string;
}

const MEASUREMENTS_FILE = "docs/measurements.json";

function measurements(): Record<string, Measurement> {
    return JSON.parse(text(MEASUREMENTS_FILE)) as Record<string, Measurement>;
}

/** Every marker of the covered files, with the file it is in. */
function allMarkers(): Array<Marker & { file: string }> {
    return FILES.flatMap((file) => markers(text(file)).markers.map((m) => ({ ...m, file })));
}

/** What the code says a figure is: a duration (compared by its seconds) or a text. */
type Expected = { seconds: number } | { text: string };

const seconds = (duration: string): number => durationSeconds(duration) ?? assert.fail(`not a duration: ${duration}`);
const TARGET: MonitoringTarget = {
    namespace: "milvus",
    releaseName: "milvus",
    fullname: "milvus",
    etcdStatefulSet: "milvus-etcd",
    thresholds: DEFAULT_ALERT_THRESHOLDS,
};
const alertRules = () => alertRuleGroups(TARGET).flatMap((g) => g.rules);
const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/** How long `pulumi up` waits for the pre-upgrade backup Job of a prod stack (its create timeout). */
async function preUpgradeBackupTimeout(): Promise<number> {
    const { resources } = await evaluate({ "milvus-on-clouds:cloud": "local", "milvus-on-clouds:environment": "prod" });
    const job = resources.find((r) => r.type === "kubernetes:batch/v1:Job" && r.name === "milvus-pre-upgrade-backup");
    return seconds(job?.customTimeouts?.create ?? assert.fail("a prod stack has no pre-upgrade backup Job"));
}

/**
 * The figures the code knows, by the id their marker carries. Besides these,
 * `alert-for:<alert>` is how long the alert's condition must hold and
 * `threshold:<key>` an alert threshold's default (codeFigure).
 */
const CODE_FIGURES: Record<string, () => Expected | Promise<Expected>> = {
    "chart-version": () => ({ text: DEFAULT_CHART_VERSION }),
    "image-tag": () => ({ text: DEFAULT_IMAGE_TAG }),
    "contract-version": () => ({ text: String(CONTRACT_VERSION) }),
    "helm-timeout": () => ({ seconds: HELM_TIMEOUT_SECONDS }),
    "azure-role-propagation": () => ({ seconds: PROPAGATION_WINDOW_MS / 1000 }),
    "volume-growth-timeout": () => ({ seconds: seconds(GROWTH_TIMEOUT) }),
    "pre-upgrade-backup-timeout": async () => ({ seconds: await preUpgradeBackupTimeout() }),
    "woodpecker-retention": () => ({ seconds: WOODPECKER_RETENTION_HOURS * 3600 }),
    "hours-per-month": () => ({ seconds: PRICES.hoursPerMonth * 3600 }),
    "dashboard-rows": () => {
        const { panels } = grafanaDashboard(TARGET) as { panels: Array<{ type: string }> };
        const rows = panels.filter((p) => p.type === "row").length;
        return { text: NUMBER_WORDS[rows] ?? String(rows) };
    },
    "restart-window": () => {
        const rule = alertRules().find((r) => r.alert === "MilvusPodRestarting");
        const window = /\[(\d+[smh])\]\)/.exec(rule?.expr ?? "");
        return { seconds: seconds(window?.[1] ?? assert.fail("MilvusPodRestarting has no window")) };
    },
};

function codeFigure(id: string): (() => Expected | Promise<Expected>) | undefined {
    const alert = /^alert-for:(\w+)$/.exec(id);
    if (alert) {
        const rule = alertRules().find((r) => r.alert === alert[1]);
        return rule ? () => ({ seconds: seconds(rule.for) }) : undefined;
    }
    // `threshold:<key>`: an alert threshold's default, ratios as percentages.
    const threshold = /^threshold:(\w+)$/.exec(id);
    if (threshold) {
        const value: unknown = Reflect.get(DEFAULT_ALERT_THRESHOLDS, threshold[1]);
        if (typeof value !== "number") return undefined;
        return () => ({ text: threshold[1].endsWith("Ratio") ? `${Math.round(value * 100)} %` : String(value) });
    }
    return CODE_FIGURES[id];
}

/** Plan markers test/plan.test.ts checks: a duration rule's type token, or the estimate of a stack. */
const PLAN_MARKER = /^(?:[a-z0-9-]+:[A-Za-z0-9./-]*:[A-Za-z0-9]+|total "[a-z0-9-]+")$/;

describe("docs: figures", () => {
    it("docs/measurements.json says, for each figure, its text, the day it was measured and what was timed", () => {
        for (const [id, m] of Object.entries(measurements())) {
            assert.match(id, /^[a-z0-9-]+$/, id);
            assert.ok(m.value.trim() !== "" && m.value === m.value.trim(), `${id}: value`);
            assert.match(m.measured, /^\d{4}-\d{2}-\d{2}$/, `${id}: measured`);
            assert.ok(m.what.length > 30, `${id}: say what was timed, on which machine, with which command`);
        }
    });

    it("markers open and close on one line, with a known kind, and never start a line", () => {
        assert.deepStrictEqual(
            FILES.flatMap((f) => markers(text(f)).problems.map((p) => `${f}: ${p}`)),
            [],
        );
        const sample =
            "a <!-- figure: x -->1 s<!-- /figure --> b <!-- code: y -->2<!-- /plan -->\n<!-- figure: z -->3 s<!-- /figure -->\nc <!-- figure: w -->4 s\n";
        const { markers: found, problems } = markers(sample);
        assert.deepStrictEqual(
            found.map((m) => [m.kind, m.id, m.text, m.line]),
            [
                ["figure", "x", "1 s", 1],
                ["figure", "z", "3 s", 2],
            ],
        );
        assert.deepStrictEqual(
            problems.map((p) => p.replace(/:.*/, "")),
            ["line 1", "line 2", "line 3"],
        );
    });

    it("a measured figure is the text docs/measurements.json gives it, and every measurement is used", () => {
        const known = measurements();
        const used = allMarkers().filter((m) => m.kind === "figure");
        const problems = used.flatMap((m) => {
            const entry = known[m.id];
            if (!entry) return [`${m.file}:${m.line}: no measurement "${m.id}" in ${MEASUREMENTS_FILE}`];
            return entry.value === m.text ? [] : [`${m.file}:${m.line}: "${m.text}" but ${MEASUREMENTS_FILE} says "${entry.value}" for ${m.id}`];
        });
        const unused = Object.keys(known)
            .filter((id) => !used.some((m) => m.id === id))
            .map((id) => `${MEASUREMENTS_FILE}: "${id}" is used nowhere`);
        assert.deepStrictEqual([...problems, ...unused], []);
    });

    it("a figure the code knows is what the code says, and every such figure the test knows is stated", async () => {
        const used = allMarkers().filter((m) => m.kind === "code");
        const problems: string[] = [];
        for (const m of used) {
            const expected = codeFigure(m.id);
            if (!expected) {
                problems.push(`${m.file}:${m.line}: no code figure "${m.id}" (test/docs.test.ts, CODE_FIGURES)`);
                continue;
            }
            const e = await expected();
            const ok = "text" in e ? m.text === e.text : durationSeconds(m.text) === e.seconds;
            if (!ok) problems.push(`${m.file}:${m.line}: "${m.text}" but the code says ${"text" in e ? e.text : `${e.seconds} s`} for ${m.id}`);
        }
        const unused = Object.keys(CODE_FIGURES)
            .filter((id) => !used.some((m) => m.id === id))
            .map((id) => `code figure "${id}" is used nowhere`);
        assert.deepStrictEqual([...problems, ...unused], []);
    });

    it("plan markers name what test/plan.test.ts checks: a duration rule's type or a stack's total", () => {
        const bad = allMarkers()
            .filter((m) => m.kind === "plan" && !PLAN_MARKER.test(m.id))
            .map((m) => `${m.file}:${m.line}: ${m.id}`);
        assert.deepStrictEqual(bad, []);
    });

    it("no time figure in the prose is outside a marker (fenced code and generated tables aside)", () => {
        const loose = FILES.flatMap((f) => unmarkedTimes(text(f)).map((t) => `${f}:${t.line}: ${t.figure}`));
        assert.deepStrictEqual(loose, []);
    });

    it("the time scan finds remembered times and leaves marked ones, code, generated tables and other numbers alone", () => {
        const sample = [
            "It takes ~3 min, then 45 s, a 20-minute wait, 6–10 minutes and 72h.",
            "Measured: <!-- figure: x -->37 min<!-- /figure -->, k8s, m6i.2xlarge, 4ds_v5, 10 MiB, 1.15 x, v2.6.15.",
            "```bash",
            "sleep 30s   # 5 min",
            "```",
            '<!-- generated: configuration table "x" (npm run docs) -->',
            "| `ttl` | 10 min |",
            "<!-- end of generated table -->",
            "Woodpecker keeps <!-- code: woodpecker-retention -->72 hours<!-- /code --> of writes; a 1.5 h backup.",
        ].join("\n");
        assert.deepStrictEqual(
            unmarkedTimes(sample).map((t) => `${t.line}: ${t.figure}`),
            ["1: 3 min", "1: 45 s", "1: 20-minute", "1: 6–10 minutes", "1: 72h", "9: 1.5 h"],
        );
        assert.strictEqual(durationSeconds("20-minute"), 1200);
        assert.strictEqual(durationSeconds("3 h"), 10800);
        assert.strictEqual(durationSeconds("30m"), 1800);
    });
});
