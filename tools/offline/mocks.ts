// A Pulumi mocks harness that records every registered (or read) resource
// with what a real engine would see: type, name, parent, provider, explicit
// and property dependencies, protect/retain flags, custom timeouts, and the
// inputs with secrets still wrapped, so tests can prove secrets stay secret.
// Used by the tests (through test/support/unit) and by the offline plan tool.
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor, type MockCallArgs, type MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { awsCalls, awsState } from "./fake-aws";
import { azureCall, azureResourceId, azureState } from "./fake-azure";
import { standIn } from "./stand-ins";
import type { RecordedResource } from "./recorded";

export type { RecordedResource } from "./recorded";

export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Values a mocked resource reports back, by type; defaults echo the inputs. */
export type StateOverride = (args: MockResourceArgs) => Record<string, unknown> | undefined;
export type CallHandler = (args: MockCallArgs) => Record<string, unknown> | undefined;

export function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SECRET_SIG_KEY] === SECRET_SIG) return unwrapSecrets(obj.value);
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/** A recognisable fake value for each generated secret, so leaks can be searched for. */
export function fakeSecret(name: string): string {
    return `GENERATEDSECRET${name.replace(/[^A-Za-z0-9]/g, "")}X9`;
}

/** What a mocked resource reports back unless a test overrides it: the inputs, plus what the clouds would compute. */
export function defaultState(args: MockResourceArgs): Record<string, unknown> {
    const inputs = args.inputs as Record<string, unknown>;
    switch (args.type) {
        case "random:index/randomPassword:RandomPassword":
        case "random:index/randomString:RandomString":
            return { ...inputs, result: fakeSecret(args.name) };
        // A referenced stack nothing was deployed to yet.
        case "pulumi:pulumi:StackReference":
            return { ...inputs, outputs: {}, secretOutputNames: [] };
        case "kubernetes:core/v1:Service":
            return { ...inputs, status: { loadBalancer: { ingress: [{ hostname: `${args.name}.elb.example.test` }] } } };
        case "kubernetes:networking.k8s.io/v1:Ingress":
            return { ...inputs, status: { loadBalancer: { ingress: [{ hostname: `${args.name}.alb.example.test` }] } } };
        default:
            return awsState(args) ?? azureState(args) ?? { ...inputs };
    }
}

type RegisterRequest = {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider(): string;
    getCustom(): boolean;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getIgnorechangesList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getObject(): Parameters<typeof deserializeProperties>[0];
};
type ReadRequest = {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider(): string;
    getDependenciesList(): string[];
    getProperties(): Parameters<typeof deserializeProperties>[0];
};
type Callback = (err: unknown, response: { getUrn(): string } | undefined) => void;

class RecordingMonitor extends MockMonitor {
    constructor(
        mocks: ConstructorParameters<typeof MockMonitor>[0],
        private readonly sink: RecordedResource[],
    ) {
        super(mocks);
    }

    override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
        const dependencies = new Set(req.getDependenciesList());
        req.getPropertydependenciesMap().forEach((v) => v.getUrnsList().forEach((u) => dependencies.add(u)));
        const timeouts = req.getCustomtimeouts();
        const rawInputs = deserializeProperties(req.getObject(), true) as Record<string, unknown>;
        const entry: Omit<RecordedResource, "urn"> = {
            type: req.getType(),
            name: req.getName(),
            read: false,
            custom: req.getCustom(),
            parent: req.getParent(),
            provider: req.getProvider(),
            dependencies: [...dependencies],
            protect: req.getProtect(),
            retainOnDelete: req.getRetainondelete(),
            ignoreChanges: req.getIgnorechangesList(),
            customTimeouts: timeouts && {
                create: timeouts.getCreate() || undefined,
                update: timeouts.getUpdate() || undefined,
                delete: timeouts.getDelete() || undefined,
            },
            rawInputs,
            inputs: unwrapSecrets(rawInputs) as Record<string, unknown>,
        };
        return super.registerResource(req, (err, response) => {
            if (!err && response) this.sink.push({ urn: response.getUrn(), ...entry });
            callback(err, response);
        });
    }

    override async readResource(req: ReadRequest, callback: Callback): Promise<void> {
        const rawInputs = deserializeProperties(req.getProperties(), true) as Record<string, unknown>;
        const entry: Omit<RecordedResource, "urn"> = {
            type: req.getType(),
            name: req.getName(),
            read: true,
            custom: true,
            parent: req.getParent(),
            provider: req.getProvider(),
            dependencies: req.getDependenciesList(),
            protect: false,
            retainOnDelete: false,
            rawInputs,
            inputs: unwrapSecrets(rawInputs) as Record<string, unknown>,
        };
        return super.readResource(req, (err, response) => {
            if (!err && response) this.sink.push({ urn: response.getUrn(), ...entry });
            callback(err, response);
        });
    }
}

export interface MockSession {
    resources: RecordedResource[];
}

/**
 * Installs fresh mocks for one program evaluation and returns the list the
 * monitor records into. `config` is the stack config as `project:key` -> text.
 */
export function installMocks(
    options: {
        project?: string;
        stack?: string;
        config?: Record<string, string>;
        state?: StateOverride;
        call?: CallHandler;
    } = {},
): MockSession {
    const resources: RecordedResource[] = [];
    const mocks = {
        newResource(args: MockResourceArgs) {
            const state = options.state?.(args) ?? defaultState(args);
            const id = args.id || azureResourceId(args) || `${args.name}-id`;
            return { id: args.id ? id : standIn(id), state };
        },
        call(args: MockCallArgs) {
            return options.call?.(args) ?? awsCalls(args) ?? azureCall(args) ?? {};
        },
    };
    pulumi.runtime.setAllConfig(options.config ?? {}, []);
    // "organization" is what a self-managed backend names every stack's organization (the engine suite's file backend too).
    settings.setMockOptions(
        new RecordingMonitor(mocks, resources),
        options.project ?? "milvus-on-clouds",
        options.stack ?? "test",
        false,
        "organization",
    );
    // The same engine features pulumi.runtime.setMocks switches on.
    // getStore is internal to the SDK (no typings), hence the narrow cast.
    const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
    Object.assign(state.getStore(), {
        supportsSecrets: true,
        supportsResourceReferences: true,
        supportsOutputValues: false,
        supportsDeletedWith: true,
        supportsReplaceWith: true,
        supportsAliasSpecs: true,
        supportsTransforms: false,
        supportsParameterization: true,
        supportsResourceHooks: true,
        supportsErrorHooks: true,
    });
    return { resources };
}

/** Waits until every registration the program started has reached the monitor. */
export async function settle(): Promise<void> {
    await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

/** The value inside an Output (mocks run applies, so this resolves). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) =>
        output.apply((v) => {
            resolve(v);
            return v;
        }),
    );
}
