// A stand-in for the Pulumi Node.js language host (the Go binary
// pulumi-language-nodejs), used by the engine suite only when the real one
// cannot be had: this machine's Go module proxy refuses its module (see
// tools/pulumi-cli/build.sh and docs/development.md, "The Node.js language host").
//
// It does what the real host does between the engine and Node.js, and nothing
// more: the program itself still runs in the real entry point of the SDK
// (`@pulumi/pulumi/cmd/run`, which compiles TypeScript with ts-node as
// `pulumi up` does), and policy packs in `@pulumi/pulumi/cmd/run-policy-pack`.
// Behaviour learned from pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs
// (main.go: Run, constructArguments, constructEnv, RunPlugin):
// - the engine starts the host with its own address as the last argument and
//   reads the gRPC port from the first line of stdout;
// - Run spawns `node <cmd/run> --monitor --engine --project --stack --pwd
//   [--dry-run] --parallel [--organization] [--root-directory] <entry point>`
//   with PULUMI_CONFIG (keys as `ns:config:name`), PULUMI_CONFIG_SECRET_KEYS,
//   PULUMI_NODEJS_TYPESCRIPT and PULUMI_NODEJS_TSCONFIG_PATH from the project's
//   runtime options;
// - exit code 32 means the program already reported its error (bail), any
//   other non-zero code is "Program exited with non-zero exit code: N";
// - RunPlugin for an analyzer spawns cmd/run-policy-pack with the request's
//   arguments then the program directory, streaming stdout/stderr back.
// Not done here: the resource-monitor proxy (it only adds a metadata header)
// and the pipes for synchronous invokes, which this program does not use.
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "child_process";
import * as languageGrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as languageProto from "@pulumi/pulumi/proto/language_pb";
import * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";

/** Exit code with which cmd/run says "the error was already reported". */
const BAIL_EXIT_CODE = 32;
const VERSION = (require("@pulumi/pulumi/package.json") as { version: string }).version;

type Options = { typescript?: boolean; tsconfig?: string; nodeargs?: string };

function programOptions(info: languageProto.ProgramInfo | undefined): Options {
    return (info?.getOptions()?.toJavaScript() ?? {}) as Options;
}

/** The SDK's own entry module, resolved from the program directory as the real host does. */
function sdkModule(programDirectory: string, module: string): string {
    return require.resolve(module, { paths: [programDirectory] });
}

/** The host's environment without this stand-in's own ts-node settings. */
function childEnvironment(base: NodeJS.ProcessEnv, options: Options): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(base)) if (!k.startsWith("TS_NODE_")) env[k] = v;
    if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
    return env;
}

const running = new Set<ChildProcess>();

function run(
    call: grpc.ServerUnaryCall<languageProto.RunRequest, languageProto.RunResponse>,
    callback: grpc.sendUnaryData<languageProto.RunResponse>,
): void {
    const req = call.request;
    const info = req.getInfo();
    const programDirectory = info?.getProgramDirectory() || req.getPwd() || process.cwd();
    const options = programOptions(info);
    const response = new languageProto.RunResponse();
    let runPath: string;
    try {
        runPath = sdkModule(programDirectory, "@pulumi/pulumi/cmd/run");
    } catch {
        response.setError("It looks like the Pulumi SDK has not been installed. Have you run pulumi install?");
        callback(null, response);
        return;
    }
    const config: Record<string, string> = {};
    req.getConfigMap().forEach((value: string, key: string) => {
        const at = key.indexOf(":");
        config[at < 0 ? key : `${key.slice(0, at)}:config:${key.slice(at + 1)}`] = value;
    });
    const flags: string[] = ["--monitor", req.getMonitorAddress(), "--engine", engineAddress];
    const add = (flag: string, value: string) => {
        if (value) flags.push(flag, value);
    };
    add("--organization", req.getOrganization());
    add("--project", req.getProject());
    add("--root-directory", info?.getRootDirectory() ?? "");
    add("--stack", req.getStack());
    add("--pwd", programDirectory);
    if (req.getDryrun()) flags.push("--dry-run");
    flags.push("--parallel", String(req.getParallel()));
    const nodeArgs = options.nodeargs ? options.nodeargs.split(/\s+/).filter(Boolean) : [];
    const env = childEnvironment(process.env, options);
    env.PULUMI_CONFIG = JSON.stringify(config);
    env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(req.getConfigsecretkeysList());

    const child = spawn(process.execPath, [...nodeArgs, runPath, ...flags, info?.getEntryPoint() || ".", ...req.getArgsList()], {
        cwd: programDirectory,
        env,
        stdio: ["ignore", "inherit", "inherit"],
    });
    running.add(child);
    child.on("error", (err) => {
        running.delete(child);
        response.setError(`Problem executing program (could not run language executor): ${err.message}`);
        callback(null, response);
    });
    child.on("exit", (code, signal) => {
        running.delete(child);
        if (code === BAIL_EXIT_CODE) response.setBail(true);
        else if (code !== 0) response.setError(`Program exited with non-zero exit code: ${code ?? signal}`);
        callback(null, response);
    });
}

function runPlugin(call: grpc.ServerWritableStream<languageProto.RunPluginRequest, languageProto.RunPluginResponse>): void {
    const req = call.request;
    const info = req.getInfo();
    const programDirectory = info?.getProgramDirectory() || req.getPwd();
    const options = programOptions(info);
    const analyzer = req.getKind() === "analyzer";
    const send = (set: (r: languageProto.RunPluginResponse) => void) => {
        const r = new languageProto.RunPluginResponse();
        set(r);
        call.write(r);
    };
    let entry: string;
    try {
        entry = sdkModule(programDirectory, analyzer ? "@pulumi/pulumi/cmd/run-policy-pack" : "@pulumi/pulumi/cmd/run-plugin");
    } catch {
        call.emit("error", {
            code: grpc.status.FAILED_PRECONDITION,
            details: `It looks like the Pulumi SDK has not been installed. Have you run npm install in ${programDirectory}?`,
        });
        return;
    }
    const base: NodeJS.ProcessEnv = {};
    for (const kv of req.getEnvList()) {
        const at = kv.indexOf("=");
        if (at > 0) base[kv.slice(0, at)] = kv.slice(at + 1);
    }
    const args = analyzer ? [...req.getArgsList(), programDirectory] : [programDirectory, ...req.getArgsList()];
    const child = spawn(process.execPath, [entry, ...args], {
        cwd: analyzer ? programDirectory : req.getPwd(),
        env: childEnvironment(base, options),
        stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    child.stdout?.on("data", (chunk: Buffer) => send((r) => r.setStdout(chunk)));
    child.stderr?.on("data", (chunk: Buffer) => send((r) => r.setStderr(chunk)));
    child.on("exit", (code) => {
        running.delete(child);
        send((r) => r.setExitcode(code ?? 1));
        call.end();
    });
}

function getRequiredPackages(_call: unknown, callback: grpc.sendUnaryData<languageProto.GetRequiredPackagesResponse>): void {
    // The suite installs every plugin the program needs into its own PULUMI_HOME
    // beforehand (test/support/engine/plugins.ts), so nothing is left to acquire.
    callback(null, new languageProto.GetRequiredPackagesResponse());
}

function getPluginInfo(_call: unknown, callback: grpc.sendUnaryData<pluginProto.PluginInfo>): void {
    const info = new pluginProto.PluginInfo();
    info.setVersion(VERSION);
    callback(null, info);
}

function cancel(_call: unknown, callback: grpc.sendUnaryData<Empty>): void {
    for (const child of running) child.kill("SIGINT");
    callback(null, new Empty());
}

let engineAddress = "";

function main(): void {
    const args = process.argv.slice(2).filter((a) => !a.startsWith("-"));
    engineAddress = args[args.length - 1] ?? "";
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(languageGrpc.LanguageRuntimeService, {
        run,
        runPlugin,
        getRequiredPackages,
        getPluginInfo,
        cancel,
    } as unknown as grpc.UntypedServiceImplementation);
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
        if (err) {
            process.stderr.write(`language host: ${err.message}\n`);
            process.exit(1);
        }
        process.stdout.write(`${port}\n`);
    });
}

if (require.main === module) main();
