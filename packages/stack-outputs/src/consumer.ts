// The consumer helper app projects import to read a Milvus stack's outputs
// through a stack reference, checked against the outputs contract.
//
// It depends only on @pulumi/pulumi (the app's own copy, a peer dependency)
// and zod, so importing it costs an app project nothing beyond what it
// already has.
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { CONTRACT_VERSION, OUTPUT_NAMES, SECRET_OUTPUT_NAMES, stackOutputsSchema, type OutputName, type StackContract } from "./contract";

/** Contract versions this helper reads. */
export const SUPPORTED_CONTRACT_VERSIONS: readonly number[] = [CONTRACT_VERSION];

/**
 * A Milvus stack's outputs as typed Outputs. Optional outputs the stack does
 * not export are `undefined`, so a program can branch on them (for example a
 * kubeconfig that only cloud stacks have). `milvusToken` and `kubeconfig`
 * are always secret, as is any output the referenced stack marked secret.
 */
export type MilvusStack = {
    readonly [K in OutputName]-?: undefined extends StackContract[K]
        ? pulumi.Output<NonNullable<StackContract[K]>> | undefined
        : pulumi.Output<StackContract[K]>;
};

/** Why a stack cannot be read: each kind asks the user for something different. */
export type MilvusStackProblem =
    | "not-a-stack-name" // milvusStack is not <organization>/<project>/<stack>
    | "missing" // no such stack in the backend
    | "no-outputs" // the stack exists but never finished a deployment
    | "not-milvus" // outputs, but not a milvus-on-clouds stack's
    | "contract-version" // a milvus-on-clouds stack of another contract version
    | "contract-shape" // the right version, but an output is missing or malformed
    | "unreadable"; // the backend refused the read for another reason

/**
 * The referenced stack cannot be used; `problems` lists every reason. A
 * RunError, so under the Pulumi CLI only its message is printed, without a
 * JavaScript stack trace (@pulumi/pulumi cmd/run/run.ts reports a RunError by
 * its message alone).
 */
export class MilvusStackContractError extends pulumi.RunError {
    constructor(
        readonly stackName: string,
        readonly problems: string[],
        summary: string,
        readonly kind: MilvusStackProblem,
    ) {
        super(`Milvus stack "${stackName}" ${summary}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "MilvusStackContractError";
    }
}

export interface ReadMilvusStackOptions {
    /** Name of the StackReference resource; defaults to the stack name. */
    resourceName?: string;
    parent?: pulumi.Resource;
}

const STACK_NAME = /^[^/\s]+\/[^/\s]+\/[^/\s]+$/;

function versionProblem(stackName: string, version: unknown): string | undefined {
    // Stacks without a contractVersion are told apart before (missingContract).
    if (typeof version === "number" && SUPPORTED_CONTRACT_VERSIONS.includes(version)) return undefined;
    const supported = SUPPORTED_CONTRACT_VERSIONS.map((v) => `v${v}`).join(", ");
    if (typeof version !== "number" || !Number.isInteger(version)) {
        return `exports contractVersion ${JSON.stringify(version)}, which is not a contract version. This helper reads ${supported}.`;
    }
    const newest = Math.max(...SUPPORTED_CONTRACT_VERSIONS);
    return version > newest
        ? `exports contract v${version}, newer than this helper reads (${supported}): update the helper to the milvus-on-clouds version that deployed the stack.`
        : `exports contract v${version}, older than this helper reads (${supported}): run \`pulumi up\` on "${stackName}" with a current milvus-on-clouds version, or use a helper that reads v${version}.`;
}

/** One line per contract violation; never includes a value (it could be a secret). */
function shapeProblems(issues: readonly z.core.$ZodIssue[], values: Record<string, unknown>): string[] {
    return issues.map((issue) => {
        const path = issue.path.map(String).join(".");
        if (issue.path.length === 1 && values[path] === undefined && issue.code === "invalid_type") {
            return `${path}: missing (required by contract v${CONTRACT_VERSION}, ${issue.expected})`;
        }
        return `${path}: ${issue.message}`;
    });
}

/**
 * The names of the stack's outputs, read with the engine's builtin invoke
 * `pulumi:pulumi:readStackOutputs` (pulumi/pulumi pkg/resource/deploy/builtins.go
 * at v3.248.0: the backend read a StackReference makes; pkg/backend/backend.go
 * backendClient.GetStackOutputs fails with `unknown stack "<name>"` for a stack
 * the backend does not have, and returns no outputs for one without a finished
 * deployment). Throws a MilvusStackContractError for every case that is not a
 * milvus-on-clouds stack with outputs; values are never printed.
 */
async function requireMilvusStack(stackName: string): Promise<void> {
    const project = stackName.split("/")[1];
    let outputs: Record<string, unknown>;
    try {
        const read = (await pulumi.runtime.invoke("pulumi:pulumi:readStackOutputs", { name: stackName })) as
            { outputs?: Record<string, unknown> } | undefined;
        outputs = read?.outputs ?? {};
    } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (/unknown stack|no stack named|stack .* (was )?not found/i.test(message)) {
            throw new MilvusStackContractError(
                stackName,
                [
                    `the backend you are logged in to (pulumi whoami -v) has no such stack: check milvusStack (pulumi stack ls --all lists the stacks), ` +
                        `or create and deploy it first, in the ${project} project: pulumi stack init ${stackName.split("/")[2]} && pulumi up`,
                ],
                "does not exist",
                "missing",
            );
        }
        throw new MilvusStackContractError(stackName, [`reading its outputs failed: ${message.split("\n")[0]}`], "cannot be read", "unreadable");
    }
    const names = Object.keys(outputs).sort();
    if (names.length === 0) {
        throw new MilvusStackContractError(
            stackName,
            [
                `it was never deployed, or its first update failed before it wrote any: run pulumi up on it (in the ${project} project), then run this again`,
            ],
            "has no outputs yet",
            "no-outputs",
        );
    }
    if (outputs.contractVersion !== undefined) {
        // A newer or older contract is refused here too, so that nothing is registered for it either.
        // (A value that is not plain, e.g. one the producer marked secret, is checked after the read below.)
        const version = typeof outputs.contractVersion === "object" ? undefined : versionProblem(stackName, outputs.contractVersion);
        if (version !== undefined) throw new MilvusStackContractError(stackName, [version], "cannot be read", "contract-version");
        return;
    }
    const listed = names.length > 8 ? `${names.slice(0, 8).join(", ")}, ...` : names.join(", ");
    if (outputs.milvusUri !== undefined) {
        throw new MilvusStackContractError(
            stackName,
            [
                `it exports milvusUri but no contractVersion: it was deployed by a milvus-on-clouds version older than the outputs contract; ` +
                    `run pulumi up on it with a current version`,
            ],
            "cannot be read",
            "contract-version",
        );
    }
    throw new MilvusStackContractError(
        stackName,
        [
            `its outputs (${listed}) have no contractVersion, which every milvus-on-clouds stack exports: set milvusStack to a stack of the milvus-on-clouds project`,
        ],
        "is not a milvus-on-clouds stack",
        "not-milvus",
    );
}

/**
 * Reads the outputs of the Milvus stack `stackName` (`org/project/stack`),
 * checks them against the outputs contract and returns them as typed Outputs.
 * Throws a MilvusStackContractError (a RunError: one message, no stack trace
 * under the CLI) when the stack does not exist, has no outputs yet, is not a
 * milvus-on-clouds stack, exports an unsupported contract version, or an output
 * is missing or malformed; its `kind` says which, its message what to do.
 *
 * Secrets stay secret: the values are read with `getOutputDetails`, and every
 * output the stack marked secret, plus the contract's secret outputs whatever
 * the stack said, is returned as a secret Output.
 */
export async function readMilvusStack(stackName: string, options: ReadMilvusStackOptions = {}): Promise<MilvusStack> {
    if (!STACK_NAME.test(stackName)) {
        throw new MilvusStackContractError(
            stackName,
            ["expected a fully qualified stack name <organization>/<project>/<stack>, e.g. acme/milvus-on-clouds/prod"],
            "is not a stack name",
            "not-a-stack-name",
        );
    }
    // What the stack is, before a StackReference is registered: a missing or never-deployed stack
    // then fails with its own message and leaves nothing in this app's state.
    await requireMilvusStack(stackName);
    const reference = new pulumi.StackReference(options.resourceName ?? stackName, { name: stackName }, { parent: options.parent });

    const values: Record<string, unknown> = {};
    const secret = new Set<string>(SECRET_OUTPUT_NAMES);
    await Promise.all(
        OUTPUT_NAMES.map(async (name) => {
            const details = await reference.getOutputDetails(name);
            if (details.secretValue !== undefined) {
                values[name] = details.secretValue;
                secret.add(name);
            } else if (details.value !== undefined && details.value !== null) {
                values[name] = details.value;
            }
        }),
    );

    const version = versionProblem(stackName, values.contractVersion);
    if (version !== undefined) throw new MilvusStackContractError(stackName, [version], "cannot be read", "contract-version");
    const parsed = stackOutputsSchema.safeParse(values);
    if (!parsed.success) {
        throw new MilvusStackContractError(
            stackName,
            shapeProblems(parsed.error.issues, values),
            `does not satisfy the outputs contract v${CONTRACT_VERSION}`,
            "contract-shape",
        );
    }

    // Built from the parsed contract, so fields a newer producer added to a cloud section are dropped.
    const outputs: Partial<Record<OutputName, pulumi.Output<unknown>>> = {};
    for (const name of OUTPUT_NAMES) {
        const value = parsed.data[name];
        if (value === undefined) continue;
        outputs[name] = secret.has(name) ? pulumi.secret(value) : pulumi.output(value);
    }
    // Every key was checked against the schema above; the type follows from it.
    return outputs as MilvusStack;
}

/** What a Milvus client needs to connect: the URI, the token when auth is on, and the CA when TLS is on. */
export interface MilvusConnection {
    uri: string;
    /** `<user>:<password>`; absent without authentication. */
    token?: string;
    /** Whether the URI is https and the client must verify the server. */
    tls: boolean;
    /**
     * PEM of the CA that signed the server's certificate, when TLS is on and the stack exports it
     * (pymilvus `server_pem_path`, the Node SDK's `tls.rootCertPath`, curl `--cacert`). Absent with a
     * publicly trusted CA: the system's trust store verifies it.
     */
    caCertificate?: string;
}

/**
 * The stack's connection settings in one secret Output (it carries the token),
 * for an app that hands them to a Milvus SDK or a Kubernetes Secret.
 */
export function milvusConnection(stack: MilvusStack): pulumi.Output<MilvusConnection> {
    return pulumi.secret(
        pulumi.all([stack.milvusUri, stack.milvusTls, stack.milvusToken, stack.milvusCaCertificate]).apply(([uri, tls, token, ca]) => ({
            uri,
            tls,
            ...(token !== undefined ? { token } : {}),
            ...(tls && ca !== undefined ? { caCertificate: ca } : {}),
        })),
    );
}
