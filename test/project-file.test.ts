// Pulumi.yaml declares every top-level config key the schema accepts, with a
// description and a Pulumi type, and points at stacks/. The CLI checks stack
// files against these declarations before the program starts (the engine
// suite runs it): a declared key without a default must be set by every stack.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { z } from "zod";
import { withoutUnusedCloudBlocks } from "../components/config/from-pulumi";
import { CLOUDS, stackSchema, validateStackConfig } from "../components/platforms";
import { ROOT } from "./support/unit/stacks";

interface ProjectFile {
    name: string;
    stackConfigDir?: string;
    runtime: { name: string; options?: Record<string, unknown> };
    config: Record<string, { type?: string; description?: string; default?: unknown }>;
}

const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as ProjectFile;

describe("Pulumi.yaml", () => {
    it("keeps stack files in stacks/ and transpiles only at run time", () => {
        assert.strictEqual(project.name, "milvus-on-clouds");
        assert.strictEqual(project.stackConfigDir, "stacks");
        const tsconfig = project.runtime.options?.tsconfig as string;
        const options = JSON.parse(fs.readFileSync(path.join(ROOT, tsconfig), "utf8")) as { compilerOptions: { noCheck?: boolean } };
        assert.strictEqual(options.compilerOptions.noCheck, true);
    });

    it("declares exactly the top-level keys the config schema accepts, each described", () => {
        assert.deepStrictEqual(Object.keys(project.config).sort(), Object.keys(stackSchema.shape).sort());
        for (const [key, declaration] of Object.entries(project.config)) {
            assert.ok((declaration.description ?? "").length > 20, `${key} needs a description`);
        }
    });

    it("types every key: string for scalars, object for the blocks", () => {
        for (const [key, field] of Object.entries(stackSchema.shape) as Array<[string, z.ZodType]>) {
            const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
            assert.strictEqual(project.config[key]?.type, inner instanceof z.ZodObject ? "object" : "string", `${key} has the wrong Pulumi type`);
        }
    });

    it("requires only cloud: every other key has a default, so a stack may leave it out", () => {
        const required = Object.entries(project.config)
            .filter(([, d]) => d.default === undefined)
            .map(([k]) => k);
        assert.deepStrictEqual(required, ["cloud"]);
    });

    it("its defaults change nothing: they resolve to what leaving the keys out gives", () => {
        const defaults = Object.fromEntries(
            Object.entries(project.config)
                .filter(([, d]) => d.default !== undefined)
                .map(([k, d]) => [k, d.default]),
        );
        for (const cloud of CLOUDS.filter((c) => c === "local")) {
            assert.deepStrictEqual(validateStackConfig(withoutUnusedCloudBlocks({ ...defaults, cloud })), validateStackConfig({ cloud }));
        }
        assert.strictEqual(validateStackConfig({ cloud: "local" }).environment, defaults.environment);
    });

    it("sets module and moduleResolution in tsconfig.pulumi.json itself (cmd/run reads no `extends` and would use nodenext)", () => {
        const tsconfig = project.runtime.options?.tsconfig as string;
        const own = JSON.parse(fs.readFileSync(path.join(ROOT, tsconfig), "utf8")) as { compilerOptions: Record<string, unknown> };
        assert.strictEqual(own.compilerOptions.module, "commonjs");
        assert.strictEqual(own.compilerOptions.moduleResolution, "node");
    });
});
