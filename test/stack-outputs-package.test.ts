// The stack outputs package (packages/stack-outputs) installs as an app
// project gets it: `npm pack` builds the archive, `npm install` of it brings
// zod only, and the installed copy loads (no source of this repository on its
// path), exports the reader and the contract, and type-checks an app's use.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const PACKAGE = path.join(ROOT, "packages", "stack-outputs");
const NAME = "@milvus-on-clouds/stack-outputs";

describe("stack outputs package", function () {
    // npm pack runs the package's build; npm install reads zod from the npm cache or the registry.
    this.timeout(180_000);
    let dir: string;
    let installed: string;

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "milvus-stack-outputs-"));
        const packed = JSON.parse(
            execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: PACKAGE, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
        ) as Array<{ filename: string; files: Array<{ path: string }> }>;
        const app = path.join(dir, "app");
        fs.mkdirSync(app);
        fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
        // The peer @pulumi/pulumi is the app's own: here this repository's copy, linked in after the install.
        execFileSync("npm", ["install", "--no-audit", "--no-fund", "--legacy-peer-deps", "--prefer-offline", path.join(dir, packed[0].filename)], {
            cwd: app,
            stdio: ["ignore", "ignore", "pipe"],
        });
        fs.mkdirSync(path.join(app, "node_modules", "@pulumi"), { recursive: true });
        fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi", "pulumi"), path.join(app, "node_modules", "@pulumi", "pulumi"));
        installed = app;
        fs.writeFileSync(path.join(dir, "files.json"), JSON.stringify(packed[0].files.map((f) => f.path)));
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("packs the built JavaScript and its types, not the sources", () => {
        const files = JSON.parse(fs.readFileSync(path.join(dir, "files.json"), "utf8")) as string[];
        for (const f of ["package.json", "README.md", "dist/index.js", "dist/index.d.ts", "dist/consumer.js", "dist/contract.d.ts"]) {
            assert.ok(files.includes(f), `${f} is missing from the archive: ${files.join(", ")}`);
        }
        assert.deepStrictEqual(
            files.filter((f) => f.startsWith("src/") || f.endsWith(".test.ts")),
            [],
        );
    });

    it("installs as a copy with zod as its only dependency", () => {
        const where = path.join(installed, "node_modules", "@milvus-on-clouds", "stack-outputs");
        assert.strictEqual(fs.lstatSync(where).isSymbolicLink(), false, "an installed copy, not a link into the repository");
        const manifest = JSON.parse(fs.readFileSync(path.join(where, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
        assert.deepStrictEqual(Object.keys(manifest.dependencies ?? {}), ["zod"]);
        assert.deepStrictEqual(Object.keys(manifest.peerDependencies ?? {}), ["@pulumi/pulumi"]);
        assert.ok(fs.existsSync(path.join(installed, "node_modules", "zod", "package.json")));
    });

    it("loads in an app project, outside this repository's sources, with the reader and the contract", () => {
        const script = [
            `const p = require(${JSON.stringify(NAME)});`,
            "const loaded = Object.keys(require.cache).filter((f) => !f.includes('node_modules'));",
            "console.log(JSON.stringify({ exports: Object.keys(p).sort(), version: p.CONTRACT_VERSION, loaded,",
            "  parsed: p.deploymentRecordSchema.safeParse({}).success, reader: typeof p.readMilvusStack }));",
        ].join("\n");
        const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: installed, encoding: "utf8" })) as {
            exports: string[];
            version: number;
            loaded: string[];
            parsed: boolean;
            reader: string;
        };
        for (const name of [
            "readMilvusStack",
            "milvusConnection",
            "MilvusStackContractError",
            "stackOutputsSchema",
            "OUTPUT_NAMES",
            "CONTRACT_VERSION",
        ]) {
            assert.ok(out.exports.includes(name), `${name} is not exported: ${out.exports.join(", ")}`);
        }
        assert.strictEqual(out.version, 1);
        assert.strictEqual(out.reader, "function");
        assert.strictEqual(out.parsed, false, "an empty deployment record is refused");
        assert.deepStrictEqual(out.loaded, [], "only installed modules are loaded");
    });

    it("type-checks an app's use of its types", () => {
        fs.writeFileSync(
            path.join(installed, "app.ts"),
            [
                `import { readMilvusStack, type MilvusStack, type StackContract } from ${JSON.stringify(NAME)};`,
                "export async function uri(name: string): Promise<MilvusStack['milvusUri']> {",
                "    const stack = await readMilvusStack(name);",
                "    return stack.milvusUri;",
                "}",
                "export const port: StackContract['milvusPort'] = 19530;",
                "// @ts-expect-error the contract's port is a number",
                "export const wrong: StackContract['milvusPort'] = '19530';",
            ].join("\n"),
        );
        const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
        execFileSync(
            process.execPath,
            [tsc, "--noEmit", "--strict", "--skipLibCheck", "--module", "commonjs", "--moduleResolution", "node", "--target", "ES2022", "app.ts"],
            { cwd: installed, encoding: "utf8" },
        );
    });
});
