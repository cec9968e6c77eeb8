// The fake cloud behind the engine suite's provider servers: what AWS, Azure
// and the random provider would answer, persisted in
// a directory (FAKE_CLOUD_DIR) so that every provider process of every
// `pulumi` command sees the same world. One file per live object: provider
// processes run in parallel and never write the same file.
//
// The answers themselves (ARNs, ARM ids, OIDC issuers, kubeconfigs, invokes)
// are the offline fakes the mocks use (tools/offline); this module adds what
// only a real engine asks for: ids that survive between commands, reads of
// objects that may not exist, diffs that decide update or replace, deletes.
import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { awsState } from "../../../tools/offline/fake-aws";
import { azureResourceId, azureState } from "../../../tools/offline/fake-azure";
import { SECRET_SIG_KEY, unwrapSecrets } from "../../../tools/offline/mocks";

/** The engine's marker for a value not known during preview (sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Every generated secret starts with this, so a state file can be searched for leaks. */
export const GENERATED_SECRET_PREFIX = "FAKEGENERATEDSECRET";

export type Props = Record<string, unknown>;

export interface LiveObject {
    urn: string;
    id: string;
    type: string;
    outputs: Props;
}

function cloudDir(): string {
    const dir = process.env.FAKE_CLOUD_DIR;
    if (!dir) throw new Error("FAKE_CLOUD_DIR is not set: the fake providers only run inside the engine suite");
    return dir;
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>` -> its parts. */
export function parseUrn(urn: string): { stack: string; type: string; name: string } {
    const parts = urn.split("::");
    const stack = parts[0].split(":")[2] ?? "";
    const qualified = parts[2] ?? "";
    return { stack, type: qualified.split("$").pop() ?? qualified, name: parts.slice(3).join("::") };
}

function fileOf(kind: string, key: string): string {
    return path.join(cloudDir(), kind, `${createHash("sha1").update(key).digest("hex")}.json`);
}

function writeJson(file: string, value: unknown): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value, null, 1));
    fs.renameSync(tmp, file);
}

function readJson<T>(file: string): T | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as T;
    } catch {
        return undefined;
    }
}

export const store = {
    put(object: LiveObject): void {
        writeJson(fileOf("resources", object.urn), object);
    },
    get(urn: string): LiveObject | undefined {
        return readJson<LiveObject>(fileOf("resources", urn));
    },
    remove(urn: string): void {
        fs.rmSync(fileOf("resources", urn), { force: true });
    },
};

/** Removes the engine's secret wrappers (to read a value, not to store it). */
export const reveal = unwrapSecrets;

export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value as Props).some(containsUnknown);
    return false;
}

export function deepEqual(a: unknown, b: unknown): boolean {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(canonical);
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(
            Object.keys(v as Props)
                .sort()
                .map((k) => [k, canonical((v as Props)[k])]),
        );
    }
    return v;
}

/** A password the way the random provider makes one: fresh randomness, here with a findable prefix. */
export function generatedSecret(length: number): string {
    const body = randomBytes(32).toString("hex");
    return `${GENERATED_SECRET_PREFIX}${body}`.slice(0, Math.max(length, GENERATED_SECRET_PREFIX.length + 8));
}

function mockArgs(urn: string, inputs: Props): MockResourceArgs {
    const { type, name } = parseUrn(urn);
    return { type, name, inputs: reveal(inputs) as Props, id: "", custom: true, provider: "" } as MockResourceArgs;
}

/** What AWS or Azure report back for a created resource: the inputs (secrets kept) plus computed properties. */
export function cloudState(urn: string, inputs: Props): Props | undefined {
    const args = mockArgs(urn, inputs);
    const computed = awsState(args) ?? azureState(args);
    if (computed === undefined) return undefined;
    const revealed = args.inputs as Props;
    // Keep the engine's secret wrappers on every input the fake echoes unchanged.
    const state: Props = {};
    for (const [k, v] of Object.entries(computed)) state[k] = k in inputs && deepEqual(v, revealed[k]) ? inputs[k] : v;
    return state;
}

export function cloudId(urn: string, inputs: Props, outputs: Props): string {
    const args = mockArgs(urn, inputs);
    const arm = azureResourceId(args);
    if (arm) return arm;
    if (typeof outputs.arn === "string") return String(outputs.name ?? outputs.arn);
    return `${args.name}-${randomBytes(4).toString("hex")}`;
}

/**
 * What a real provider returns for a planned create or update during preview:
 * the inputs, with every property the cloud computes unknown, also inside
 * objects (pulumi-azure-native convert.PreviewOutputs: "adding unknowns for
 * all properties that are not defined in inputs"; Terraform-bridged providers:
 * computed attributes are "known after apply"). On update, a computed value
 * the resource already has stays known.
 */
export function previewState(planned: Props, inputs: Props, olds?: Props): Props {
    const out: Props = {};
    for (const [k, v] of Object.entries(planned)) {
        if (k === "__inputs") continue;
        if (!(k in inputs)) out[k] = olds !== undefined && k in olds ? olds[k] : UNKNOWN;
        else if (isPlainObject(v) && isPlainObject(inputs[k]))
            out[k] = previewState(v, inputs[k] as Props, isPlainObject(olds?.[k]) ? (olds?.[k] as Props) : undefined);
        else out[k] = inputs[k];
    }
    return out;
}

function isPlainObject(v: unknown): v is Props {
    return v !== null && typeof v === "object" && !Array.isArray(v) && (v as Props)[SECRET_SIG_KEY] === undefined;
}
