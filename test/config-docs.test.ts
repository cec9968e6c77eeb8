// Every config key declares its doc, type and default on its schema node
// (components/config/key-meta.ts), the configuration tables of the docs and
// Pulumi.yaml's declarations are rendered from there (npm run docs), and a
// default declared as a value is what validation really fills in.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { declaredKeys, defaultOf, key, keyPaths, keyTable, renderDefault, withDefaults } from "../components/config/key-meta";
import { PLATFORMS, stackSchema, validateStackConfig } from "../components/platforms";
import { CONFIG_TABLES, PROJECT_FILE, readTableFiles, renderProjectFile, renderTables } from "../tools/docs/config-tables";
import { ROOT } from "../tools/docs/markdown";

/** A stack of each platform that validates in dev and in prod with nothing else set. */
const MINIMAL: Record<string, Record<string, unknown>> = {
    local: { cloud: "local" },
    aws: { cloud: "aws", aws: { region: "us-west-2" } },
    azure: {
        cloud: "azure",
        azure: {
            location: "westeurope",
            adminGroupObjectIds: ["0b1f6c3e-5d2a-4c8e-9f7b-2a6d4e8c1b3f"],
            apiServer: { authorizedIpRanges: ["81.2.69.0/24"] },
        },
    },
};

const KAFKA = {
    ...MINIMAL.local,
    milvus: { messageQueue: "kafka", externalKafka: { brokers: ["kafka-0.kafka:9092"], credentialsSecret: { name: "kafka-sasl" } } },
};
const RESTORE = { ...MINIMAL.local, milvus: { backup: { restore: { backup: "scheduled_2026_12_01_02_00_00" } } } };
const ISSUER = { ...MINIMAL.local, milvus: { tls: { mode: "server", issuer: { name: "letsencrypt" } } } };
const WORKLOAD = { ...MINIMAL.local, milvus: { workload: { vectors: 1_000_000, dimension: 768, indexType: "HNSW" } } };

/** Stacks for keys whose default shows only with other keys set (an optional block, or leaving out a key MINIMAL sets). */
const STACK_FOR: Record<string, Record<string, unknown>> = {
    "milvus.externalKafka.securityProtocol": KAFKA,
    "milvus.externalKafka.credentialsSecret.usernameKey": KAFKA,
    "milvus.externalKafka.credentialsSecret.passwordKey": KAFKA,
    "milvus.backup.restore.collections": RESTORE,
    "milvus.backup.restore.dropExisting": RESTORE,
    "milvus.tls.issuer.kind": ISSUER,
    "milvus.tls.dnsNames": ISSUER,
    "azure.apiServer.authorizedIpRanges": {
        ...MINIMAL.azure,
        azure: { ...(MINIMAL.azure.azure as Record<string, unknown>), apiServer: { privateCluster: true } },
    },
};

/** Keys whose resolved value lives elsewhere than the key's own path. */
const RESOLVED_AT: Record<string, string> = {
    "milvus.standaloneStorageSize": "milvus.standalone.storageSize",
    "milvus.tls.issuer.kind": "milvus.tls.source.issuerKind",
};

/** The resolved value at a dotted path; `pools[]` reads the first item of the list. */
function resolvedAt(config: unknown, at: string): unknown {
    return at.split(".").reduce<unknown>((node, k) => {
        if (node === null || typeof node !== "object") return undefined;
        const list = k.endsWith("[]");
        const child: unknown = Reflect.get(node, list ? k.slice(0, -2) : k);
        return list ? (Array.isArray(child) ? child[0] : undefined) : child;
    }, config);
}

describe("configuration docs", () => {
    it("the configuration tables of the docs are what the schema declarations render (npm run docs)", () => {
        const files = readTableFiles();
        const rendered = renderTables(files);
        const stale = [...files].filter(([file, text]) => rendered.get(file) !== text).map(([file]) => file);
        assert.deepStrictEqual(stale, [], `out of date with the schema declarations: ${stale.join(", ")}; run npm run docs`);
    });

    it("Pulumi.yaml declares the top-level keys as their schema nodes render them (npm run docs)", () => {
        const text = fs.readFileSync(path.join(ROOT, PROJECT_FILE), "utf8");
        assert.strictEqual(
            text,
            renderProjectFile(text, readTableFiles()),
            `${PROJECT_FILE} is out of date with the schema declarations; run npm run docs`,
        );
        assert.throws(
            () => renderProjectFile(text.replace(/^ {2}# generated: .*$/m, ""), readTableFiles()),
            /Pulumi.yaml: the config block needs the lines/,
        );
    });

    it("each table is marked in exactly one file, and a missing, repeated or unknown marker is an error that names it", () => {
        const files = readTableFiles();
        const holding = (id: string) =>
            [...files].filter(([, text]) => text.includes(`<!-- generated: configuration table "${id}" (npm run docs) -->`)).map(([f]) => f);
        assert.deepStrictEqual(
            CONFIG_TABLES.map((t) => [t.id, holding(t.id).length]),
            CONFIG_TABLES.map((t) => [t.id, 1]),
        );
        const [file, text] = [...files].find(([, t]) => t.includes('configuration table "milvus.workload"')) ?? ["", ""];
        const without = new Map(files).set(file, text.replace('<!-- generated: configuration table "milvus.workload" (npm run docs) -->', ""));
        assert.throws(() => renderTables(without), /no file has the marker of the configuration table "milvus.workload"/);
        const twice = new Map(files).set(
            "docs/extra.md",
            '<!-- generated: configuration table "aws" (npm run docs) -->\n<!-- end of generated table -->\n',
        );
        assert.throws(() => renderTables(twice), /the configuration table "aws" is marked 2 times/);
        const unknown = new Map(files).set(
            "docs/extra.md",
            '<!-- generated: configuration table "gcp" (npm run docs) -->\n<!-- end of generated table -->\n',
        );
        assert.throws(() => renderTables(unknown), /docs\/extra.md: there is no configuration table "gcp"/);
    });

    it("there is one table per platform and the top-level table has a row per top-level key", () => {
        assert.deepStrictEqual(
            CONFIG_TABLES.map((t) => t.id),
            ["top-level", "milvus", "milvus.workload", ...PLATFORMS.map((p) => p.cloud)],
        );
        assert.deepStrictEqual(
            CONFIG_TABLES[0].rows.map((r) => r.paths),
            Object.keys(stackSchema.shape).map((k) => [k]),
        );
    });

    it("every key path of the stack schema is declared, in a row of its own or of a key that speaks for it", () => {
        const documented = CONFIG_TABLES.flatMap((t) => t.rows.flatMap((r) => r.paths));
        // `<name>` stands for each key of milvus.components.
        const matches = (doc: string, p: string) =>
            doc.split(".").length === p.split(".").length && doc.split(".").every((s, i) => s === p.split(".")[i] || s === "<name>");
        const missing = keyPaths(stackSchema, "").filter((p) => !documented.some((d) => matches(d, p)));
        assert.deepStrictEqual(missing, []);
    });

    it("a key without a declaration is named, and a declaration must fit its key", () => {
        const schema = z.strictObject({
            known: key(z.string().optional(), { doc: "Declared.", default: { value: "x" } }),
            block: z.strictObject({ forgotten: z.number().optional() }).optional(),
        });
        assert.deepStrictEqual(keyTable(schema, "test").undeclared, ["test.block.forgotten"]);
        assert.throws(
            () => keyTable(z.strictObject({ k: key(z.string().optional(), { doc: "No default." }) }), "test"),
            /test.k: an optional key declares its default/,
        );
        assert.throws(
            () => keyTable(z.strictObject({ k: key(z.string(), { doc: "Required.", default: { value: "x" } }) }), "test"),
            /test.k: a required key has no default/,
        );
        const node = z.boolean().optional();
        key(node, { doc: "Once.", default: { value: true } });
        assert.throws(() => key(node, { doc: "Twice.", default: { value: false } }), /already declared/);
    });

    it("renders a default from its value: one value, one per environment, or words", () => {
        assert.strictEqual(renderDefault({ value: "5.0.19" }), "`5.0.19`");
        assert.strictEqual(renderDefault({ value: [], note: "none" }), "`[]` (none)");
        assert.strictEqual(renderDefault({ dev: 7, prod: 90 }), "`7` in dev, `90` in prod");
        assert.strictEqual(renderDefault({ dev: 1, prod: 1 }), "`1`");
        assert.strictEqual(renderDefault({ value: "" }), '`""`');
        assert.strictEqual(renderDefault({ value: { a: 1 } }), "`a` `1`");
        assert.strictEqual(renderDefault({ text: "`<project>-<stack>`" }), "`<project>-<stack>`");
    });

    it("resolution fills in a block's declared values, per environment, and keeps what the stack gives", () => {
        const block = z
            .strictObject({
                size: key(z.number().optional(), { doc: "A size.", default: { dev: 1, prod: 3 } }),
                names: key(z.array(z.string()).optional(), { doc: "Names.", default: { value: [] } }),
                host: key(z.string().optional(), { doc: "A host.", default: { text: "none" } }),
            })
            .optional();
        assert.deepStrictEqual(withDefaults(block, undefined, "dev"), { size: 1, names: [], host: undefined });
        assert.deepStrictEqual(withDefaults(block, { size: 5, host: "h" }, "prod"), { size: 5, names: [], host: "h" });
        assert.strictEqual(withDefaults(block, undefined, "prod").size, 3);
        // Each resolution has its own copy of a declared list.
        const first = withDefaults(block, undefined, "dev");
        first.names.push("x");
        assert.deepStrictEqual(withDefaults(block, undefined, "dev").names, []);
        // An object that only groups keys is resolved too, given or not; a declared one stays as given.
        const outer = z.strictObject({
            group: z.strictObject({ on: key(z.boolean().optional(), { doc: "On.", default: { value: true } }) }).optional(),
            declared: key(z.strictObject({ n: z.number() }).optional(), { doc: "Declared.", default: { text: "none" }, keys: "folded" }),
        });
        assert.deepStrictEqual(withDefaults(outer, undefined, "dev"), { group: { on: true }, declared: undefined });
        assert.deepStrictEqual(withDefaults(outer, { group: { on: false } }, "dev"), { group: { on: false }, declared: undefined });
        assert.throws(() => defaultOf(block.unwrap().shape.size), /differs per environment/);
        assert.throws(() => defaultOf(block.unwrap().shape.host), /declares no default value/);
    });

    it("a default declared as a value is the value validation fills in, in dev and in prod", () => {
        const checked: string[] = [];
        const wrong: string[] = [];
        const blocks: Array<[string, z.ZodType, string]> = [
            ["local", stackSchema.shape.milvus as z.ZodType, "milvus"],
            ...PLATFORMS.map((p): [string, z.ZodType, string] => [p.cloud, p.schema, p.cloud]),
        ];
        for (const [cloud, schema, prefix] of blocks) {
            for (const { path: keyPath, node, meta } of declaredKeys(schema, prefix)) {
                if ("anyName" in meta || meta.default === undefined || "text" in meta.default) continue;
                for (const environment of ["dev", "prod"] as const) {
                    const stack = STACK_FOR[keyPath] ?? (keyPath.startsWith("milvus.workload.") ? WORKLOAD : MINIMAL[cloud]);
                    const at = RESOLVED_AT[keyPath] ?? keyPath;
                    const value = resolvedAt(validateStackConfig({ ...stack, environment }), at);
                    const declared = defaultOf(node, environment);
                    if (value === undefined) wrong.push(`${keyPath}: nothing is resolved at ${at}`);
                    else if (JSON.stringify(value) !== JSON.stringify(declared))
                        wrong.push(`${keyPath} in ${environment}: declared ${JSON.stringify(declared)}, validation gives ${JSON.stringify(value)}`);
                }
                checked.push(keyPath);
            }
        }
        assert.deepStrictEqual(wrong, []);
        // The check above compares real values: most defaults are declared as values.
        assert.ok(checked.length >= 80, `only ${checked.length} defaults were compared`);
    });
});
