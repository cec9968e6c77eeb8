// An isolated place to run the real Pulumi CLI against this project: its own
// PULUMI_HOME (with the fake provider plugins installed), a file backend with
// a passphrase, a fake-cloud directory, and a copy of the project so that the
// CLI's writes (encryption salt, `pulumi config set`) never touch the tracked
// stack files. Nothing here reads or writes the user's ~/.pulumi, and nothing
// reaches beyond loopback: the providers are local processes.
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OFFLINE_EVALUATION_ENV } from "../../components/platform/offline-evaluation";
import { ROOT } from "../offline/stacks";

/** The repository root (the project the suite copies). */
export const REPO = ROOT;
/** The packages whose providers are faked; each plugin is installed at the version its npm SDK (@pulumi/<name>) pins. */
export const FAKE_PACKAGES = ["aws", "azure-native", "kubernetes", "random"] as const;

/**
 * A real Kubernetes for a workspace: the real provider (tools/pulumi-kubernetes/build.sh)
 * instead of the fake one, and the kubeconfig of a real cluster (tools/cluster) as the
 * deploying machine's $KUBECONFIG.
 */
export interface RealKubernetes {
    /** Directory of pulumi-resource-kubernetes, built at the version @pulumi/kubernetes pins. */
    providerDir: string;
    kubeconfigPath: string;
}
const PASSPHRASE = "engine-suite-passphrase";

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
    ms: number;
}

export interface PulumiCli {
    /** Directory of the `pulumi` binary. */
    dir: string;
    version: string;
    /** Where the Node.js language host comes from: "bundled" (real, next to the CLI) or "stand-in". */
    languageHost: "bundled" | "stand-in";
}

function sdkVersion(): string {
    return (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["@pulumi/pulumi"];
}

function versionOf(binary: string): string | undefined {
    try {
        return execFileSync(binary, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }).trim();
    } catch {
        return undefined;
    }
}

/**
 * The CLI at the SDK's version: PULUMI_CLI_DIR if set, else a `pulumi` on the
 * PATH at that version (a user's own install), else the one
 * tools/pulumi-cli/build.sh builds (or finds in its cache).
 */
export function resolveCli(): PulumiCli {
    const wanted = `v${sdkVersion()}`;
    const candidates: string[] = [];
    if (process.env.PULUMI_CLI_DIR) candidates.push(process.env.PULUMI_CLI_DIR);
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir && fs.existsSync(path.join(dir, "pulumi"))) candidates.push(dir);
    let dir = candidates.find((d) => versionOf(path.join(d, "pulumi")) === wanted);
    if (dir === undefined) {
        const out = execFileSync(path.join(REPO, "tools", "pulumi-cli", "build.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        dir = out.trim().split("\n").pop() ?? "";
    }
    const version = versionOf(path.join(dir, "pulumi"));
    if (version !== wanted) throw new Error(`the Pulumi CLI in ${dir} is ${version ?? "not runnable"}, the suite needs ${wanted}`);
    const languageHost = fs.existsSync(path.join(dir, "pulumi-language-nodejs")) ? "bundled" : "stand-in";
    return { dir, version, languageHost };
}

function script(file: string, body: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
}

/** `node -r ts-node/register/transpile-only <ts file>`: how the suite runs its own TypeScript helpers as plugins. */
function nodeCommand(tsFile: string, args: string): string {
    const register = require.resolve("ts-node/register/transpile-only", { paths: [REPO] });
    return `exec "${process.execPath}" -r "${register}" "${tsFile}" ${args} "$@"`;
}

function copyTree(from: string, to: string, skip: (name: string) => boolean = () => false): void {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        if (skip(entry.name)) continue;
        const src = path.join(from, entry.name);
        const dst = path.join(to, entry.name);
        if (entry.isDirectory()) copyTree(src, dst, skip);
        else fs.copyFileSync(src, dst);
    }
}

const PROJECT_FILES = ["index.ts", "Pulumi.yaml", "package.json", "tsconfig.json", "tsconfig.pulumi.json", "components", "stacks"];

export class EngineWorkspace {
    readonly root: string;
    readonly home: string;
    readonly backend: string;
    readonly cloud: string;
    readonly project: string;
    readonly env: NodeJS.ProcessEnv;

    /** `projectFrom`: the tree to copy the project from (default: this repository; the upgrade check passes an older commit's). */
    constructor(readonly cli: PulumiCli, projectFrom: string = REPO, readonly kubernetes?: RealKubernetes) {
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), "milvus-engine-"));
        this.home = path.join(this.root, "pulumi-home");
        this.backend = path.join(this.root, "state");
        this.cloud = path.join(this.root, "fake-cloud");
        this.project = path.join(this.root, "project");
        for (const d of [this.home, this.backend, this.cloud, this.project]) fs.mkdirSync(d, { recursive: true });

        for (const pkg of FAKE_PACKAGES) {
            const manifest = require(`@pulumi/${pkg}/package.json`) as { version: string; pulumi?: { version?: string } };
            const version = manifest.pulumi?.version ?? manifest.version;
            const plugin = path.join(this.home, "plugins", `resource-${pkg}-v${version}`, `pulumi-resource-${pkg}`);
            if (pkg === "kubernetes" && kubernetes !== undefined) {
                fs.mkdirSync(path.dirname(plugin), { recursive: true });
                fs.symlinkSync(path.join(kubernetes.providerDir, "pulumi-resource-kubernetes"), plugin);
            } else {
                script(plugin, nodeCommand(path.join(REPO, "tools", "engine", "fake-provider.ts"), pkg));
            }
        }
        const bin = path.join(this.root, "bin");
        if (cli.languageHost === "stand-in") {
            script(path.join(bin, "pulumi-language-nodejs"), nodeCommand(path.join(REPO, "tools", "engine", "language-host.ts"), ""));
        }

        this.copyProject(projectFrom);
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(this.project, "node_modules"));

        const env: NodeJS.ProcessEnv = {};
        // Nothing of the caller's clouds, kube contexts or Pulumi login leaks in.
        const leaks = /^(AWS_|AZURE_|ARM_|KUBECONFIG$|PULUMI_|TS_NODE_)/;
        for (const [k, v] of Object.entries(process.env)) if (!leaks.test(k)) env[k] = v;
        Object.assign(env, {
            PATH: [bin, cli.dir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
            HOME: path.join(this.root, "user-home"),
            PULUMI_HOME: this.home,
            PULUMI_BACKEND_URL: `file://${this.backend}`,
            PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
            PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
            FAKE_CLOUD_DIR: this.cloud,
            // An evaluation against fake clouds: the shipped stacks keep their placeholders, and
            // no `aws` / `kubelogin` is needed (components/platform/offline-evaluation.ts).
            [OFFLINE_EVALUATION_ENV]: "true",
            NO_COLOR: "1",
            CI: "true",
            ...(kubernetes === undefined ? {} : { KUBECONFIG: kubernetes.kubeconfigPath }),
        });
        fs.mkdirSync(env.HOME as string, { recursive: true });
        this.env = env;
    }

    /**
     * Puts the project files of `from` in the project copy, replacing what is
     * there (the stacks' state and the fake cloud stay): the next command runs
     * that program against what the previous one deployed.
     */
    copyProject(from: string): void {
        // `stack init` wrote each stack's encryption salt into its file: carry it over.
        const salts = new Map<string, string>();
        const stacksDir = path.join(this.project, "stacks");
        for (const name of fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir) : []) {
            const salt = /^encryptionsalt: .*$/m.exec(fs.readFileSync(path.join(stacksDir, name), "utf8"));
            if (salt) salts.set(name, salt[0]);
        }
        for (const f of PROJECT_FILES) {
            const src = path.join(from, f);
            const dst = path.join(this.project, f);
            fs.rmSync(dst, { recursive: true, force: true });
            if (!fs.existsSync(src)) continue;
            if (fs.statSync(src).isDirectory()) copyTree(src, dst);
            else fs.copyFileSync(src, dst);
        }
        for (const [name, salt] of salts) {
            const file = path.join(stacksDir, name);
            const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
            if (!text.includes("encryptionsalt:")) fs.writeFileSync(file, `${salt}\n${text}`);
        }
    }

    /** Copies an example app beside the project copy, so its relative imports resolve the same way. */
    addExample(name: string): string {
        const from = path.join(REPO, "examples", name);
        const to = path.join(this.project, "examples", name);
        copyTree(from, to, (n) => n === "node_modules" || n === "bin");
        fs.symlinkSync(path.join(from, "node_modules"), path.join(to, "node_modules"));
        return to;
    }

    /** Runs `pulumi <args>` in the project copy (or `cwd`) and returns what it printed; never throws on a non-zero exit. */
    pulumi(args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
        const started = Date.now();
        return new Promise((resolve, reject) => {
            const child = spawn(path.join(this.cli.dir, "pulumi"), [...args, "--non-interactive"], {
                cwd: options.cwd ?? this.project, env: { ...this.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"],
            });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
            child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
            const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 10 * 60 * 1000);
            child.on("error", reject);
            child.on("close", (code) => {
                clearTimeout(timer);
                resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
            });
        });
    }

    dispose(): void {
        if (!process.env.ENGINE_KEEP) fs.rmSync(this.root, { recursive: true, force: true });
    }
}
