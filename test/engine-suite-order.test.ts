// The engine suite's files are listed one by one in .mocharc.engine.json, longest first, so that
// mocha's two parallel workers finish close together (docs/development.md, Tests). A listing can
// forget a new file, which would then never run: every *.engine.ts is listed exactly once.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

describe("engine suite: the file list of .mocharc.engine.json", () => {
    it("lists every test/engine/*.engine.ts exactly once, and nothing else", () => {
        const config = JSON.parse(fs.readFileSync(path.join(ROOT, ".mocharc.engine.json"), "utf8")) as { spec: string[] };
        const onDisk = fs
            .readdirSync(path.join(ROOT, "test", "engine"))
            .filter((f) => f.endsWith(".engine.ts"))
            .map((f) => `test/engine/${f}`)
            .sort();
        const repeated = config.spec.filter((f, i) => config.spec.indexOf(f) !== i);
        assert.deepStrictEqual(repeated, [], "listed more than once");
        assert.deepStrictEqual([...config.spec].sort(), onDisk);
    });
});
