// The cloud CLIs the deploying machine needs are looked for before any
// resource is registered; the engine suite shows the real CLI reporting it.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RunError } from "@pulumi/pulumi";
import { AWS_DEPLOYER_TOOLS } from "../components/aws/kubeconfig";
import { azureDeployerTools } from "../components/azure/kubeconfig";
import { missingTools, requireDeployerTools } from "../components/platform/deployer-tools";

/** Directories the tests made, removed when they end. */
const made: string[] = [];

function pathWith(...commands: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tools-"));
    made.push(dir);
    for (const c of commands) fs.writeFileSync(path.join(dir, c), "#!/bin/sh\n", { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "not-executable"), "", { mode: 0o644 });
    return dir;
}

describe("deployer tools", () => {
    after(() => {
        for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("finds executables on the PATH, and not files that cannot run", () => {
        const dir = pathWith("aws");
        assert.deepStrictEqual(missingTools(AWS_DEPLOYER_TOOLS, dir), []);
        assert.deepStrictEqual(
            missingTools([{ command: "not-executable", why: "", install: "" }], dir).map((t) => t.command),
            ["not-executable"],
        );
    });

    it("azure needs kubelogin, and az only for the azurecli login mode", () => {
        assert.deepStrictEqual(
            azureDeployerTools({ loginMode: "azurecli" }).map((t) => t.command),
            ["kubelogin", "az"],
        );
        assert.deepStrictEqual(
            azureDeployerTools({ loginMode: "workloadidentity" }).map((t) => t.command),
            ["kubelogin"],
        );
    });

    it("a missing tool is one RunError that names it, what it is for and how to get it", () => {
        assert.throws(
            () => requireDeployerTools("azure", azureDeployerTools({ loginMode: "azurecli" }), pathWith("az")),
            (err: unknown) => {
                assert.ok(RunError.isInstance(err));
                assert.match(
                    (err as Error).message,
                    /The azure platform needs a tool on the PATH[^]*`kubelogin`: the AKS kubeconfig gets its Entra ID tokens/,
                );
                assert.doesNotMatch((err as Error).message, /`az`/);
                return true;
            },
        );
    });
});
