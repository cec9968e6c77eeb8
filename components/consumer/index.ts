// The consumer helper app projects import to read a Milvus stack's outputs
// through a stack reference, checked against the outputs contract.
//
// It depends only on @pulumi/pulumi, zod and components/outputs.ts (itself
// free of cloud SDKs and @pulumi/kubernetes), so importing it costs an app
// project nothing beyond what it already has.
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import {
    CONTRACT_VERSION, OUTPUT_NAMES, SECRET_OUTPUT_NAMES, stackOutputsSchema, type OutputName, type StackContract,
} from "../outputs";

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

/** The referenced stack does not satisfy the contract; `problems` lists every reason. */
export class MilvusStackContractError extends Error {
    constructor(readonly stackName: string, readonly problems: string[], summary: string) {
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
    if (typeof version === "number" && SUPPORTED_CONTRACT_VERSIONS.includes(version)) return undefined;
    const supported = SUPPORTED_CONTRACT_VERSIONS.map((v) => `v${v}`).join(", ");
    if (version === undefined) {
        return `exports no contractVersion: either it is not a milvus-on-clouds stack, or it was deployed by a version `
            + `older than the outputs contract (run \`pulumi up\` on "${stackName}" with a current version). This helper reads ${supported}.`;
    }
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
 * Reads the outputs of the Milvus stack `stackName` (`org/project/stack`),
 * checks them against the outputs contract and returns them as typed Outputs.
 * Throws a MilvusStackContractError listing every problem when the stack
 * exports an unsupported contract version or an output is missing or malformed.
 *
 * Secrets stay secret: the values are read with `getOutputDetails`, and every
 * output the stack marked secret, plus the contract's secret outputs whatever
 * the stack said, is returned as a secret Output.
 */
export async function readMilvusStack(stackName: string, options: ReadMilvusStackOptions = {}): Promise<MilvusStack> {
    if (!STACK_NAME.test(stackName)) {
        throw new MilvusStackContractError(stackName, [
            "expected a fully qualified stack name <organization>/<project>/<stack>, e.g. acme/milvus-on-clouds/prod",
        ], "is not a stack name");
    }
    const reference = new pulumi.StackReference(options.resourceName ?? stackName, { name: stackName }, { parent: options.parent });

    const values: Record<string, unknown> = {};
    const secret = new Set<string>(SECRET_OUTPUT_NAMES);
    await Promise.all(OUTPUT_NAMES.map(async (name) => {
        const details = await reference.getOutputDetails(name);
        if (details.secretValue !== undefined) {
            values[name] = details.secretValue;
            secret.add(name);
        } else if (details.value !== undefined && details.value !== null) {
            values[name] = details.value;
        }
    }));

    const version = versionProblem(stackName, values.contractVersion);
    if (version !== undefined) throw new MilvusStackContractError(stackName, [version], "cannot be read");
    const parsed = stackOutputsSchema.safeParse(values);
    if (!parsed.success) {
        throw new MilvusStackContractError(stackName, shapeProblems(parsed.error.issues, values), `does not satisfy the outputs contract v${CONTRACT_VERSION}`);
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
    return pulumi.secret(pulumi.all([stack.milvusUri, stack.milvusTls, stack.milvusToken, stack.milvusCaCertificate]).apply(([uri, tls, token, ca]) => ({
        uri, tls, ...(token !== undefined ? { token } : {}), ...(tls && ca !== undefined ? { caCertificate: ca } : {}),
    })));
}
