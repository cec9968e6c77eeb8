// Every config key is documented next to its schema (components/config/schema-docs.ts,
// components/<platform>/config-docs.ts), the configuration tables of the docs
// (docs/configuration.md and the platform pages) are generated from those docs,
// and a documented default is what validation really fills in.
import * as assert from "assert";
import { covers, keyPaths, type KeyDoc } from "../components/config/key-docs";
import { milvusSchema, workloadSchema } from "../components/config/schema";
import { MILVUS_DOCS, TOP_LEVEL_DOCS, WORKLOAD_DOCS } from "../components/config/schema-docs";
import { PLATFORMS, stackSchema, validateStackConfig } from "../components/platforms";
import { CONFIG_TABLES, readTableFiles, renderTables } from "../tools/docs/config-tables";

/** A stack of each platform that validates in dev and in prod with nothing else set. */
const MINIMAL: Record<string, Record<string, unknown>> = {
    local: { cloud: "local" },
    aws: { cloud: "aws", aws: { region: "us-west-2" } },
    azure: { cloud: "azure", azure: { location: "westeurope", adminGroupObjectIds: ["0b1f6c3e-5d2a-4c8e-9f7b-2a6d4e8c1b3f"], apiServer: { authorizedIpRanges: ["81.2.69.0/24"] } } },
};

/** Stacks for keys whose default shows only with other keys set (an optional block, or leaving out a key MINIMAL sets). */
const STACK_FOR: Record<string, Record<string, unknown>> = {
    "milvus.externalKafka.securityProtocol": {
        ...MINIMAL.local, milvus: { messageQueue: "kafka", externalKafka: { brokers: ["kafka-0.kafka:9092"], credentialsSecret: { name: "kafka-sasl" } } },
    },
    "milvus.backup.restore.dropExisting": { ...MINIMAL.local, milvus: { backup: { restore: { backup: "scheduled_2026_12_01_02_00_00" } } } },
    "azure.apiServer.authorizedIpRanges": {
        ...MINIMAL.azure, azure: { ...(MINIMAL.azure.azure as Record<string, unknown>), apiServer: { privateCluster: true } },
    },
};

/** Keys whose resolved value lives elsewhere than the key's own path. */
const RESOLVED_AT: Record<string, string> = {
    "milvus.standaloneStorageSize": "milvus.standalone.storageSize",
};

function uncovered(paths: string[], docs: readonly KeyDoc[]): string[] {
    return paths.filter((p) => !docs.some((d) => d.keys.some((k) => covers(k, p))));
}

function stale(paths: string[], docs: readonly KeyDoc[]): string[] {
    return docs.flatMap((d) => d.keys).filter((k) => !paths.some((p) => covers(k, p)));
}

/** A default the text states as one value, or one per environment; undefined for a default described in words. */
export function statedDefault(text: string): { dev: string; prod: string } | undefined {
    const bare = (v: string) => v.replace(/^`|`$/g, "");
    // `<project>-<stack>` and the like name a pattern, not a value.
    if (text.includes("<")) return undefined;
    const single = /^`([^`]+)`$|^(-?[0-9]+)$/.exec(text);
    if (single) return { dev: bare(single[1] ?? single[2]), prod: bare(single[1] ?? single[2]) };
    const devFirst = /^dev (`[^`]+`|[0-9]+), prod (`[^`]+`|[0-9]+)$/.exec(text) ?? /^(`[^`]+`|[0-9]+) in dev, (`[^`]+`|[0-9]+) in prod$/.exec(text);
    if (devFirst) return { dev: bare(devFirst[1]), prod: bare(devFirst[2]) };
    const prodFirst = /^(`[^`]+`|[0-9]+) in prod, (`[^`]+`|[0-9]+) in dev$/.exec(text);
    if (prodFirst) return { dev: bare(prodFirst[2]), prod: bare(prodFirst[1]) };
    return undefined;
}

function render(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

describe("configuration docs", () => {
    it("the configuration tables of the docs are what the key docs render (npm run docs)", () => {
        const files = readTableFiles();
        const rendered = renderTables(files);
        const stale = [...files].filter(([file, text]) => rendered.get(file) !== text).map(([file]) => file);
        assert.deepStrictEqual(stale, [], `out of date with the key docs: ${stale.join(", ")}; run npm run docs`);
    });

    it("each table is marked in exactly one file, and a missing, repeated or unknown marker is an error that names it", () => {
        const files = readTableFiles();
        const holding = (id: string) => [...files].filter(([, text]) => text.includes(`<!-- generated: configuration table "${id}" (npm run docs) -->`)).map(([f]) => f);
        assert.deepStrictEqual(CONFIG_TABLES.map((t) => [t.id, holding(t.id).length]), CONFIG_TABLES.map((t) => [t.id, 1]));
        const [file, text] = [...files].find(([, t]) => t.includes('configuration table "milvus.workload"')) ?? ["", ""];
        const without = new Map(files).set(file, text.replace('<!-- generated: configuration table "milvus.workload" (npm run docs) -->', ""));
        assert.throws(() => renderTables(without), /no file has the marker of the configuration table "milvus.workload"/);
        const twice = new Map(files).set("docs/extra.md", '<!-- generated: configuration table "aws" (npm run docs) -->\n<!-- end of generated table -->\n');
        assert.throws(() => renderTables(twice), /the configuration table "aws" is marked 2 times/);
        const unknown = new Map(files).set("docs/extra.md", '<!-- generated: configuration table "gcp" (npm run docs) -->\n<!-- end of generated table -->\n');
        assert.throws(() => renderTables(unknown), /docs\/extra.md: there is no configuration table "gcp"/);
    });

    it("there is one table per platform and the top-level table has a row per top-level key", () => {
        assert.deepStrictEqual(CONFIG_TABLES.map((t) => t.id), ["top-level", "milvus", "milvus.workload", ...PLATFORMS.map((p) => p.cloud)]);
        const top = Object.keys(stackSchema.shape);
        assert.deepStrictEqual(uncovered(top, [...TOP_LEVEL_DOCS, ...PLATFORMS.map((p) => p.docs.block)]), []);
    });

    it("every key of the milvus block is documented, and every documented key exists", () => {
        const paths = keyPaths(milvusSchema, "milvus");
        assert.deepStrictEqual(uncovered(paths, MILVUS_DOCS), []);
        assert.deepStrictEqual(stale(paths, MILVUS_DOCS), []);
        const workload = keyPaths(workloadSchema, "milvus.workload");
        assert.deepStrictEqual(uncovered(workload, WORKLOAD_DOCS), []);
        assert.deepStrictEqual(stale(workload, WORKLOAD_DOCS), []);
    });

    for (const platform of PLATFORMS) {
        it(`every key of the ${platform.cloud} block is documented, and every documented key exists`, () => {
            const paths = keyPaths(platform.schema, platform.cloud);
            assert.deepStrictEqual(uncovered(paths, platform.docs.keys), []);
            assert.deepStrictEqual(stale(paths, platform.docs.keys), []);
        });
    }

    it("every row says what the key means and what its default is", () => {
        for (const doc of [...TOP_LEVEL_DOCS, ...MILVUS_DOCS, ...WORKLOAD_DOCS, ...PLATFORMS.flatMap((p) => [p.docs.block, ...p.docs.keys])]) {
            assert.ok(doc.meaning.trim().length > 0, `${doc.label} has no meaning`);
            assert.ok(doc.default.trim().length > 0, `${doc.label} has no default`);
        }
    });

    it("a default stated as a value is the value validation fills in, in dev and in prod", () => {
        const checked: string[] = [];
        const wrong: string[] = [];
        const tables: Array<[string, readonly KeyDoc[]]> = [
            ["local", MILVUS_DOCS], ...PLATFORMS.map((p): [string, readonly KeyDoc[]] => [p.cloud, p.docs.keys]),
        ];
        for (const [cloud, docs] of tables) {
            for (const doc of docs) {
                const stated = statedDefault(doc.default);
                if (!stated || doc.keys.length !== 1) continue;
                for (const environment of ["dev", "prod"] as const) {
                    const config = validateStackConfig({ ...(STACK_FOR[doc.keys[0]] ?? MINIMAL[cloud]), environment });
                    const at = (RESOLVED_AT[doc.keys[0]] ?? doc.keys[0]).split(".");
                    // `pools[]`: the first item of the list.
                    const step = (node: unknown, k: string): unknown => {
                        if (node === null || typeof node !== "object") return undefined;
                        const list = k.endsWith("[]");
                        const child: unknown = Reflect.get(node, list ? k.slice(0, -2) : k);
                        return list ? (Array.isArray(child) ? child[0] : undefined) : child;
                    };
                    const value = at.reduce<unknown>(step, config);
                    if (value === undefined) wrong.push(`${doc.keys[0]}: nothing is resolved at ${at.join(".")}`);
                    else if (render(value) !== stated[environment]) wrong.push(`${doc.keys[0]} in ${environment}: the docs say ${stated[environment]}, validation gives ${render(value)}`);
                }
                checked.push(doc.keys[0]);
            }
        }
        assert.deepStrictEqual(wrong, []);
        // The check above compares real values: most stated defaults are covered.
        assert.ok(checked.length >= 40, `only ${checked.length} defaults were compared`);
    });
});
