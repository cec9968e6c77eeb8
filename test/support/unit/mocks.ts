// The recording mocks moved to tools/offline/mocks.ts so the offline plan
// tool can use them without importing from test/; re-exported unchanged.
// Test-only helpers for stack references follow.
import { SECRET_SIG, SECRET_SIG_KEY, defaultState, type CallHandler, type StateOverride } from "../../../tools/offline/mocks";

export * from "../../../tools/offline/mocks";

/** A value as the engine sends a secret over the wire. */
export function wireSecret(value: unknown): Record<string, unknown> {
    return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/** What the engine returns for a referenced stack. */
export interface ReferencedStack {
    /** Output values; secret ones either plain or in wire wrappers (`wireSecret`). */
    outputs: Record<string, unknown>;
    /** The engine's list of top-level outputs that contain secrets. */
    secretOutputNames: string[];
}

export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * Mocked state for `pulumi:pulumi:StackReference` reads: the outputs and
 * secretOutputNames of the named stacks; other resources get the defaults.
 * Reading an unknown stack fails, as the engine does.
 */
export function referencedStacks(stacks: Record<string, ReferencedStack>): StateOverride {
    return (args) => {
        if (args.type !== STACK_REFERENCE) return undefined;
        const name = String((args.inputs as { name?: unknown }).name);
        const stack = stacks[name];
        if (!stack) throw new Error(`unknown stack ${name}`);
        return { name, outputs: stack.outputs, secretOutputNames: stack.secretOutputNames };
    };
}

/**
 * Mocked answers of the engine's `pulumi:pulumi:readStackOutputs` invoke (the
 * consumer helper reads a stack's output names with it before registering its
 * StackReference) for the same stacks; an unknown stack fails with the
 * backend's message (pkg/backend/backend.go: `unknown stack "<name>"`).
 */
export function stackOutputsOf(stacks: Record<string, ReferencedStack>): CallHandler {
    return (args) => {
        if (args.token !== "pulumi:pulumi:readStackOutputs") return undefined;
        const name = String((args.inputs as { name?: unknown }).name);
        const stack = stacks[name];
        // As a gRPC error: the SDK rethrows its `details` (runtime/invoke.js, `new Error(err.details)`).
        if (!stack) throw Object.assign(new Error(`unknown stack "${name}"`), { details: `unknown stack "${name}"` });
        return { name, outputs: stack.outputs, secretOutputNames: stack.secretOutputNames };
    };
}

/**
 * Kubernetes objects created without `metadata.name` get a generated name
 * from the provider; this mocks that (`<resource name>-<suffix>`).
 */
export const kubernetesAutoNames: StateOverride = (args) => {
    if (!args.type.startsWith("kubernetes:")) return undefined;
    const inputs = args.inputs as { metadata?: { name?: unknown } };
    if (inputs.metadata === undefined || inputs.metadata.name !== undefined) return undefined;
    return { ...defaultState(args), metadata: { ...inputs.metadata, name: `${args.name}-a1b2c3` } };
};

/** The first override that answers, else the defaults. */
export function firstOf(...overrides: StateOverride[]): StateOverride {
    return (args) => overrides.reduce<Record<string, unknown> | undefined>((found, o) => found ?? o(args), undefined);
}
