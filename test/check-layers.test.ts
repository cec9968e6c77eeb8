// The import rules (tools/check-layers.ts): what counts as an import, which
// imports run against the floors, and which files form a cycle.
import * as assert from "assert";
import { cycles, floorOf, importGraph, layerProblems, relativeImports, unitOf } from "../tools/check-layers";

const graphOf = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe("check-layers: the imports a file has", () => {
    it("reads import, import type, export from, side-effect and multi-line imports, resolved to the files that exist", () => {
        const text = [
            'import * as pulumi from "@pulumi/pulumi";',
            'import type { A } from "../config/schema";',
            'export { B } from "./names";',
            'import "./side-effect";',
            "import {\n    C,\n    D,\n} from '../shared/milvus-layout';",
            'export * from "./index-dir";',
            '// import { E } from "./commented-out";',
            'const f = await import("./dynamic");',
        ].join("\n");
        const exists = (f: string) =>
            [
                "components/config/schema.ts",
                "components/milvus/names.ts",
                "components/milvus/side-effect.js",
                "components/shared/milvus-layout.ts",
                "components/milvus/index-dir/index.ts",
            ].includes(f);
        assert.deepStrictEqual(relativeImports("components/milvus/release.ts", text, exists), [
            "components/config/schema.ts",
            "components/milvus/names.ts",
            "components/milvus/side-effect.js",
            "components/shared/milvus-layout.ts",
            "components/milvus/index-dir/index.ts",
        ]);
    });
});

describe("check-layers: the floors", () => {
    it("puts a file in its folder under components/, a top-level file in itself, and nothing else in a unit", () => {
        assert.strictEqual(unitOf("components/milvus/release.ts"), "components/milvus");
        assert.strictEqual(unitOf("components/outputs.ts"), "components/outputs.ts");
        assert.strictEqual(unitOf("index.ts"), "index.ts");
        assert.strictEqual(unitOf("tools/plan.ts"), undefined);
        assert.strictEqual(unitOf("packages/stack-outputs/src/consumer.ts"), "packages/stack-outputs");
        assert.ok(floorOf("packages/stack-outputs") < floorOf("components/shared"), "a package sits below the program");
        assert.ok(floorOf("components/shared") < floorOf("components/config"));
        assert.ok(floorOf("components/platform") < floorOf("components/milvus"));
        assert.ok(floorOf("components/milvus") < floorOf("components/aws"));
    });

    it("refuses an import from a higher floor, from a sibling on the same floor, and from a folder with no floor", () => {
        const problems = layerProblems(
            graphOf({
                "components/config/rules.ts": ["components/milvus/names.ts", "components/sizing/formulas.ts", "components/config/schema.ts"],
                "components/aws/platform.ts": ["components/azure/network.ts", "components/platform/contract.ts"],
                "components/extra/thing.ts": [],
                "components/milvus/values.ts": ["tools/plan.ts"],
                "packages/stack-outputs/src/contract.ts": ["components/config/schema.ts", "packages/stack-outputs/src/deployment-record.ts"],
            }),
        );
        assert.deepStrictEqual(
            problems.map((p) => `${p.file} -> ${p.imports}: ${p.why}`),
            [
                "components/config/rules.ts -> components/milvus/names.ts: components/milvus sits above components/config",
                "components/aws/platform.ts -> components/azure/network.ts: components/azure and components/aws sit on the same floor",
                "components/extra/thing.ts -> : components/extra has no floor in tools/check-layers.ts FLOORS",
                "components/milvus/values.ts -> tools/plan.ts: the program imports from outside components/ and packages/",
                "packages/stack-outputs/src/contract.ts -> components/config/schema.ts: components/config sits above packages/stack-outputs",
            ],
        );
    });

    it("lets tests and tools import anything, and the entry point every floor", () => {
        assert.deepStrictEqual(
            layerProblems(
                graphOf({
                    "test/x.test.ts": ["components/milvus/release.ts", "tools/plan.ts"],
                    "index.ts": ["components/milvus/release.ts", "components/platforms.ts", "components/shared/chart-names.ts"],
                }),
            ),
            [],
        );
    });
});

describe("check-layers: cycles", () => {
    it("finds each cycle once, a file importing itself among them, and none in a tree of imports", () => {
        assert.deepStrictEqual(
            cycles(
                graphOf({
                    "a.ts": ["b.ts"],
                    "b.ts": ["c.ts"],
                    "c.ts": ["a.ts", "d.ts"],
                    "d.ts": [],
                    "e.ts": ["e.ts"],
                    "f.ts": ["d.ts"],
                }),
            ),
            [["a.ts", "b.ts", "c.ts"], ["e.ts"]],
        );
        assert.deepStrictEqual(cycles(graphOf({ "a.ts": ["b.ts", "c.ts"], "b.ts": ["c.ts"], "c.ts": [] })), []);
    });
});

describe("check-layers: this repository", () => {
    it("follows the floors and has no cycle", () => {
        const graph = importGraph();
        assert.ok(graph.size > 150, `only ${graph.size} files found`);
        assert.deepStrictEqual(
            layerProblems(graph).map((p) => `${p.file} -> ${p.imports}: ${p.why}`),
            [],
        );
        assert.deepStrictEqual(cycles(graph), []);
    });
});
