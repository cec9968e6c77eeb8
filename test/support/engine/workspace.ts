// An isolated place to run the real Pulumi CLI against this project: its own
// PULUMI_HOME (the real Kubernetes provider, fake AWS, Azure and random
// providers), a file backend with a passphrase, a fake-cloud directory whose
// EKS and AKS clusters are real ones (cloud-clusters.ts), and a copy of the
// project so that the CLI's writes (encryption salt, `pulumi config set`)
// never touch the tracked stack files. Nothing here reads or writes the
// user's ~/.pulumi or kubeconfig, and nothing reaches beyond loopback.
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { OFFLINE_EVALUATION_ENV } from "../../../components/platform/run-mode";
import { ROOT } from "../../../tools/offline/stacks";
import type { NodeSpec } from "../cluster/cluster";
import { brokerCall, CLOUD_ADMIN_TOKEN, type ClusterAccess } from "./cloud-clusters";

/** The repository root (the project the suite copies). */
export const REPO = ROOT;
/** The packages whose providers are faked (cloud APIs only); each plugin is installed at the version its npm SDK (@pulumi/<name>) pins. */
export const FAKE_PACKAGES = ["aws", "azure-native", "random"] as const;

/** The real Kubernetes half of a workspace. */
export interface RealKubernetes {
    /** Directory of pulumi-resource-kubernetes (tools/pulumi-kubernetes/build.sh), built at the version @pulumi/kubernetes pins. */
    providerDir: string;
    /** The cluster broker the fake clouds and local stacks get their clusters from. */
    brokerUrl: string;
    /** The loopback Helm repository serving ../shared/charts (test/support/cluster/chart-repo.ts). */
    chartsUrl: string;
}

/**
 * The machine a local stack deploys to: its own cluster (so stacks never
 * share a namespace), sized for the largest shipped local stack with room
 * left (the plan's figures for local-cluster over four nodes).
 */
const LOCAL_NODES: NodeSpec[] = [1, 2, 3, 4].map((i) => ({
    name: `node-${i}`,
    cpu: "16",
    memory: "64Gi",
    labels: { "topology.kubernetes.io/zone": `zone-${1 + (i % 2)}` },
}));

/** Commands that run the program against a cluster. */
const DEPLOYING = new Set(["preview", "up", "refresh", "destroy"]);
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
    return (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies[
        "@pulumi/pulumi"
    ];
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
 * tools/pulumi-cli/build.sh builds (or finds in its cache). Looked for once per process.
 */
let resolved: PulumiCli | undefined;

export function resolveCli(): PulumiCli {
    resolved ??= findCli();
    return resolved;
}

function findCli(): PulumiCli {
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

/** Process groups of the `pulumi` commands running now. */
const running = new Set<number>();

function killGroup(pid: number | undefined): void {
    if (pid === undefined) return;
    try {
        process.kill(-pid, "SIGKILL");
    } catch {
        /* the group is gone */
    }
}

/** The roots of the open workspaces: their plugins run from `<root>/pulumi-home/plugins`. */
const roots = new Set<string>();

/**
 * The PIDs of processes started from a workspace's plugin directory. The CLI
 * starts each provider plugin in a process group of its own (seen 2026-12-06:
 * a pulumi-resource-kubernetes outlived its CLI's group after an interrupted
 * run), so killing the CLI's group does not reach them.
 */
function pluginPids(root: string): number[] {
    const plugins = path.join(root, "pulumi-home", "plugins");
    return fs
        .readdirSync("/proc")
        .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
        .filter((d) => {
            try {
                return fs.readFileSync(`/proc/${d}/cmdline`, "utf8").startsWith(plugins);
            } catch {
                return false;
            }
        })
        .map(Number);
}

/** Ends every running `pulumi` command with its plugins, by PID: on exit, and when the run is interrupted. */
export function killRunningCommands(): void {
    for (const pid of running) killGroup(pid);
    running.clear();
    for (const root of roots) {
        for (const pid of pluginPids(root)) {
            try {
                process.kill(pid, "SIGKILL");
            } catch {
                /* gone */
            }
        }
    }
}
process.on("exit", killRunningCommands);

// packages/: the program imports the stack outputs contract from its sources there.
const PROJECT_FILES = ["index.ts", "Pulumi.yaml", "package.json", "tsconfig.json", "tsconfig.pulumi.json", "components", "packages", "stacks"];

export class EngineWorkspace {
    readonly root: string;
    readonly home: string;
    readonly backend: string;
    readonly cloud: string;
    readonly project: string;
    readonly env: NodeJS.ProcessEnv;

    /** `projectFrom`: the tree to copy the project from (default: this repository; the upgrade check passes an older commit's). */
    constructor(
        readonly cli: PulumiCli,
        readonly kubernetes: RealKubernetes,
        projectFrom: string = REPO,
    ) {
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), "milvus-engine-"));
        roots.add(this.root);
        this.home = path.join(this.root, "pulumi-home");
        this.backend = path.join(this.root, "state");
        this.cloud = path.join(this.root, "fake-cloud");
        this.project = path.join(this.root, "project");
        for (const d of [this.home, this.backend, this.cloud, this.project]) fs.mkdirSync(d, { recursive: true });

        const pluginPath = (pkg: string) => {
            const manifest = require(`@pulumi/${pkg}/package.json`) as { version: string; pulumi?: { version?: string } };
            const version = manifest.pulumi?.version ?? manifest.version;
            return path.join(this.home, "plugins", `resource-${pkg}-v${version}`, `pulumi-resource-${pkg}`);
        };
        for (const pkg of FAKE_PACKAGES) script(pluginPath(pkg), nodeCommand(path.join(REPO, "test", "support", "engine", "fake-provider.ts"), pkg));
        const k8sPlugin = pluginPath("kubernetes");
        fs.mkdirSync(path.dirname(k8sPlugin), { recursive: true });
        fs.symlinkSync(path.join(kubernetes.providerDir, "pulumi-resource-kubernetes"), k8sPlugin);
        const bin = path.join(this.root, "bin");
        if (cli.languageHost === "stand-in") {
            script(path.join(bin, "pulumi-language-nodejs"), nodeCommand(path.join(REPO, "test", "support", "engine", "language-host.ts"), ""));
        }
        // The cloud CLIs the EKS and AKS kubeconfigs run for a token (components/aws/kubeconfig.ts, azure/kubeconfig.ts),
        // played here: they answer the token call with the bearer token every broker cluster accepts, and nothing else.
        // In a directory of their own, so a test can take the AWS CLI off the PATH without the language host.
        const cloudCli = path.join(this.root, "cloud-cli");
        const credential = `{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{},"status":{"token":"${CLOUD_ADMIN_TOKEN}"}}`;
        script(
            path.join(cloudCli, "aws"),
            [
                "# engine-suite stand-in for the AWS CLI: answers only `aws eks get-token` (what the EKS kubeconfig runs)",
                `if [ "$1" = eks ] && [ "$2" = get-token ]; then echo '${credential}'; exit 0; fi`,
                `echo "aws (engine-suite stand-in): only 'eks get-token' is answered here, not: $*" >&2; exit 2`,
            ].join("\n"),
        );
        script(
            path.join(cloudCli, "kubelogin"),
            [
                "# engine-suite stand-in for kubelogin: answers only `kubelogin get-token` (what the AKS kubeconfig runs)",
                `if [ "$1" = get-token ]; then echo '${credential}'; exit 0; fi`,
                `echo "kubelogin (engine-suite stand-in): only 'get-token' is answered here, not: $*" >&2; exit 2`,
            ].join("\n"),
        );

        this.copyProject(projectFrom);
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(this.project, "node_modules"));

        const env: NodeJS.ProcessEnv = {};
        // Nothing of the caller's clouds, kube contexts or Pulumi login leaks in.
        const leaks = /^(AWS_|AZURE_|ARM_|KUBECONFIG$|PULUMI_|TS_NODE_)/;
        for (const [k, v] of Object.entries(process.env)) if (!leaks.test(k)) env[k] = v;
        Object.assign(env, {
            PATH: [bin, cloudCli, cli.dir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
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
            FAKE_CLOUD_CLUSTERS: kubernetes.brokerUrl,
            FAKE_CLOUD_CLUSTER_PREFIX: `${path.basename(this.root)}/`, // clusterPrefix
            // An evaluation against fake clouds: the shipped stacks keep their placeholders, and
            // no `aws` / `kubelogin` is needed (components/platform/run-mode.ts).
            [OFFLINE_EVALUATION_ENV]: "true",
            NO_COLOR: "1",
            CI: "true",
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
        if (fs.existsSync(to)) return to; // one copy per workspace: its stacks are told apart by name
        copyTree(from, to, (n) => n === "node_modules" || n === "bin");
        fs.symlinkSync(path.join(from, "node_modules"), path.join(to, "node_modules"));
        return to;
    }

    /** Nodes of a local stack's cluster other than LOCAL_NODES, set before the cluster starts. */
    private readonly localNodes = new Map<string, NodeSpec[]>();

    /** The nodes a local stack's cluster gets (before its first command); by default LOCAL_NODES. */
    setLocalNodes(stack: string, nodes: NodeSpec[]): void {
        this.localNodes.set(stack, nodes);
    }

    /**
     * The kubeconfig of a local stack's own cluster (started on first ask): the
     * deploying machine's current context for that stack, and for an app that
     * consumes it.
     */
    async localKubeconfig(stack: string): Promise<string> {
        const machine = this.localNodes.get(stack) ?? LOCAL_NODES;
        const access = await brokerCall<ClusterAccess>(
            "POST",
            "/clusters",
            {},
            { key: `local/${stack}`, stack, cloud: "local", pools: { machine } },
            this.env,
        );
        const file = path.join(this.root, "kube", `${stack}.kubeconfig`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, access.kubeconfig, { mode: 0o600 });
        return file;
    }

    /**
     * Before a command runs the program of a stack of the project: the stack's
     * charts come from the loopback repository (the air-gapped settings a
     * platform team behind a firewall sets too), and a local stack's
     * kubeconfig is its own cluster's.
     */
    private async prepare(stack: string, env: NodeJS.ProcessEnv): Promise<void> {
        const file = path.join(this.project, "stacks", `Pulumi.${stack}.yaml`);
        if (!fs.existsSync(file)) return;
        const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"));
        const config = doc.get("config");
        if (!YAML.isMap(config)) return;
        const cloud = String(config.get("milvus-on-clouds:cloud") ?? "");
        const mirrors = [
            ["milvus-on-clouds:milvus", "chartRepository"],
            ...(cloud === "aws" ? [["milvus-on-clouds:aws", "loadBalancerController", "chartRepository"]] : []),
        ];
        let changed = false;
        for (const keyPath of mirrors) {
            const block = config.get(keyPath[0], true);
            if (block !== undefined && !YAML.isMap(block)) continue; // a malformed block: the program says so
            if (doc.getIn(["config", ...keyPath]) !== undefined) continue;
            doc.setIn(["config", ...keyPath], this.kubernetes.chartsUrl);
            changed = true;
        }
        if (changed) fs.writeFileSync(file, doc.toString());
        if (cloud === "local" && env.KUBECONFIG === undefined) env.KUBECONFIG = await this.localKubeconfig(stack);
    }

    /** Runs `pulumi <args>` in the project copy (or `cwd`) and returns what it printed; never throws on a non-zero exit. */
    async pulumi(args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
        const started = Date.now();
        const env = { ...this.env, ...options.env };
        const stackAt = args.findIndex((a) => a === "--stack" || a === "-s");
        if (DEPLOYING.has(args[0]) && stackAt >= 0 && (options.cwd === undefined || options.cwd === this.project))
            await this.prepare(args[stackAt + 1], env);
        return new Promise((resolve, reject) => {
            // A process group of its own: the CLI, its language host and provider plugins end together (killGroup).
            const child = spawn(path.join(this.cli.dir, "pulumi"), [...args, "--non-interactive"], {
                cwd: options.cwd ?? this.project,
                env,
                stdio: ["ignore", "pipe", "pipe"],
                detached: true,
            });
            if (child.pid !== undefined) running.add(child.pid);
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => {
                stdout += d.toString();
            });
            child.stderr.on("data", (d: Buffer) => {
                stderr += d.toString();
            });
            const timer = setTimeout(() => killGroup(child.pid), options.timeoutMs ?? 10 * 60 * 1000);
            child.on("error", reject);
            child.on("close", (code) => {
                clearTimeout(timer);
                if (child.pid !== undefined) running.delete(child.pid);
                // Whatever the CLI left behind in its group (a plugin it did not wait for) goes with it.
                killGroup(child.pid);
                resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
            });
        });
    }

    /** The prefix of this workspace's cluster keys in the broker. */
    get clusterPrefix(): string {
        return `${path.basename(this.root)}/`;
    }

    /**
     * Stops every cluster of the workspace (by their processes' PIDs, in the broker); the stacks' state
     * stays. For tests that are done with their stacks: an idle control plane still costs CPU.
     */
    async stopClusters(): Promise<void> {
        await brokerCall("DELETE", "/workspaces", { prefix: this.clusterPrefix }, undefined, this.env);
    }

    /** Stops the workspace's clusters and removes its files. */
    async dispose(): Promise<void> {
        await this.stopClusters().catch(() => undefined);
        for (const pid of pluginPids(this.root)) {
            try {
                process.kill(pid, "SIGKILL");
            } catch {
                /* gone */
            }
        }
        roots.delete(this.root);
        if (!process.env.ENGINE_KEEP) fs.rmSync(this.root, { recursive: true, force: true });
    }
}
