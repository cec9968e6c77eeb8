// What the offline evaluation records of each registered resource: the shape the
// mocks (mocks.ts) write and the fake cloud (fake-aws.ts) reads.

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** True for `Resource.get(...)` reads. */
    read: boolean;
    /** False for component resources (they create nothing themselves); optional so hand-built records stay valid. */
    custom?: boolean;
    parent: string;
    provider: string;
    /** URNs of explicit (dependsOn) and implicit (input) dependencies. */
    dependencies: string[];
    protect: boolean;
    retainOnDelete: boolean;
    /** Properties whose changes the engine ignores (the `ignoreChanges` option); optional so hand-built records stay valid. */
    ignoreChanges?: string[];
    customTimeouts?: { create?: string; update?: string; delete?: string };
    /** Inputs as the engine receives them; secrets are `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
    rawInputs: Record<string, unknown>;
    /** Inputs with secret wrappers removed. */
    inputs: Record<string, unknown>;
}
