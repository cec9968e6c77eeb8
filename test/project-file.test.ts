// Pulumi.yaml declares every top-level config key the schema accepts, with a
// description (and a type where Pulumi has one), and points at stacks/.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { z } from "zod";
import { stackSchema } from "../components/config/schema";
import { ROOT } from "./harness/stacks";

interface ProjectFile {
    name: string;
    stackConfigDir?: string;
    runtime: { name: string; options?: Record<string, unknown> };
    config: Record<string, { type?: string; description?: string }>;
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

    it("types every scalar key (object keys have no Pulumi type)", () => {
        for (const [key, field] of Object.entries(stackSchema.shape) as Array<[string, z.ZodType]>) {
            const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
            if (!(inner instanceof z.ZodObject)) assert.strictEqual(project.config[key]?.type, "string", `${key} should be declared as a string`);
        }
    });
});
