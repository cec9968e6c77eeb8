// A resource-provider plugin that answers the engine as the real `aws`,
// `azure-native` or `random` provider would, against the fake cloud in
// FAKE_CLOUD_DIR: `node fake-provider.ts <package> <engine address>`.
// Kubernetes is never faked: the EKS and AKS clusters the fake clouds create
// are real control planes (fake-managed-kubernetes.ts), served to the real
// pulumi-kubernetes provider.
// Served by @pulumi/pulumi's own provider server (@pulumi/pulumi/provider),
// so the gRPC side (Check, Diff, Create, Read, Update, Delete, Invoke) is the
// SDK's; only the answers are fake.
import * as grpc from "@grpc/grpc-js";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as provider from "@pulumi/pulumi/provider";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { awsCalls } from "../../../tools/offline/fake-aws";
import { azureCall, fakeUserKubeconfig } from "../../../tools/offline/fake-azure";
import { cloudId, cloudState, containsUnknown, deepEqual, generatedSecret, parseUrn, previewState, reveal, store, type Props } from "./fake-cloud";
import { AKS_USER_CREDENTIALS, aksUserCredentials, realizeManagedKubernetes, retireManagedKubernetes } from "./fake-managed-kubernetes";
import { replacingChanges } from "./replacement";

const PACKAGE = process.argv[2];

function packageVersion(name: string): string {
    const manifest = require(`@pulumi/${name}/package.json`) as { version: string; pulumi?: { version?: string } };
    return manifest.pulumi?.version ?? manifest.version;
}

interface Planned {
    id: string;
    outs: Props;
}

/** What the cloud would hold after creating the resource; no side effects (Diff calls it too). */
function plan(urn: string, inputs: Props): Planned {
    const { type } = parseUrn(urn);
    if (PACKAGE === "random") {
        const length = Number(reveal(inputs.length) ?? 16);
        const result = generatedSecret(length);
        return { id: "none", outs: { ...inputs, result, ...(type.endsWith("RandomPassword") ? { bcryptHash: `$2a$10$${result}` } : {}) } };
    }
    const outs = cloudState(urn, inputs) ?? { ...inputs };
    return { id: cloudId(urn, inputs, outs), outs };
}

/** Top-level inputs that differ between the old state and the new inputs (outputs the provider computed are not inputs). */
function changedInputs(urn: string, olds: Props, news: Props): string[] {
    const computed = new Set(Object.keys(plan(urn, news).outs).filter((k) => !(k in news)));
    const keys = new Set([...Object.keys(news), ...Object.keys(olds).filter((k) => !computed.has(k) && k !== "__inputs")]);
    const oldInputs = (olds.__inputs ?? olds) as Props;
    return [...keys].filter((k) => containsUnknown(news[k]) || !deepEqual(reveal(oldInputs[k]), reveal(news[k])));
}

const fake: provider.Provider = {
    version: packageVersion(PACKAGE),

    async check(_urn, _olds, news) {
        return { inputs: news };
    },

    async diff(_id, urn, olds, news) {
        const changed = changedInputs(urn, olds, news);
        const replaces = replacingChanges(parseUrn(urn).type, changed);
        return { changes: changed.length > 0, replaces };
    },

    async create(urn, inputs) {
        const planned = plan(urn, inputs);
        const outs = await realizeManagedKubernetes(urn, inputs, planned.outs);
        const state = { ...outs, __inputs: inputs };
        store.put({ urn, id: planned.id, type: parseUrn(urn).type, outputs: state });
        return { id: planned.id, outs: state };
    },

    async read(id, urn) {
        const live = store.get(urn);
        if (live && live.id === id) return { id, props: live.outputs, inputs: live.outputs.__inputs as Props | undefined };
        return { id: "", props: {} };
    },

    async update(id, urn, _olds, news) {
        const outs = await realizeManagedKubernetes(urn, news, plan(urn, news).outs);
        const state = { ...outs, __inputs: news };
        store.put({ urn, id, type: parseUrn(urn).type, outputs: state });
        return { outs: state };
    },

    async delete(_id, urn) {
        await retireManagedKubernetes(urn, store.get(urn)?.outputs);
        store.remove(urn);
    },

    async invoke(token, inputs) {
        const args = { token, inputs: reveal(inputs) as Props, provider: "" };
        if (token === AKS_USER_CREDENTIALS) {
            return { outputs: await aksUserCredentials(args.inputs, (name, server, caData) => fakeUserKubeconfig(name, server, caData)) };
        }
        const outputs = awsCalls(args as never) ?? azureCall(args as never);
        if (outputs === undefined) throw new Error(`the fake ${PACKAGE} provider does not answer ${token}`);
        return { outputs };
    },
};

type Callback = (err: unknown, resp?: unknown) => void;
type Handler = (call: { request: ProviderRequest }, callback: Callback) => void;
interface ProviderRequest {
    getPreview?(): boolean;
    getUrn(): string;
    getProperties?(): { toJavaScript(): Props };
    getNews?(): { toJavaScript(): Props };
    getOlds?(): { toJavaScript(): Props };
}

/**
 * The SDK's provider server (@pulumi/pulumi/provider) does not support
 * previews and always answers Read with properties. Real providers do both, and
 * the engine behaves differently for each, so its handlers are extended here:
 * - Configure says supportsPreview, and Create/Update with `preview` answer
 *   with previewState() instead of creating anything;
 * - a Read the fake answered with an empty id goes back with no properties,
 *   which is how providers say "not found" (pulumi-kubernetes returns an empty
 *   ReadResponse; the engine then reports "resource '<id>' does not exist",
 *   pkg/resource/deploy/step.go ReadStep.Apply).
 */
function extendProviderServer(): void {
    const server = grpc.Server.prototype as unknown as { addService(service: Record<string, unknown>, impl: Record<string, Handler>): void };
    const addService = server.addService;
    server.addService = function (this: unknown, service, impl) {
        if (service.read === undefined) return addService.call(this, service, impl);
        const wrap = (name: string, handler: (original: Handler) => Handler) => {
            const original = impl[name];
            if (typeof original === "function") impl[name] = handler(original.bind(impl));
        };
        wrap(
            "configure",
            (original) => (call, callback) =>
                original(call, (err, resp) => {
                    (resp as providerProto.ConfigureResponse | undefined)?.setSupportspreview(true);
                    callback(err, resp);
                }),
        );
        wrap("create", (original) => (call, callback) => {
            if (!call.request.getPreview?.()) return original(call, callback);
            const inputs = call.request.getProperties?.().toJavaScript() ?? {};
            const resp = new providerProto.CreateResponse();
            resp.setId("");
            resp.setProperties(Struct.fromJavaScript(previewState(plan(call.request.getUrn(), inputs).outs, inputs) as never));
            callback(null, resp);
        });
        wrap("update", (original) => (call, callback) => {
            if (!call.request.getPreview?.()) return original(call, callback);
            const news = call.request.getNews?.().toJavaScript() ?? {};
            const olds = call.request.getOlds?.().toJavaScript() ?? {};
            const urn = call.request.getUrn();
            const resp = new providerProto.UpdateResponse();
            resp.setProperties(Struct.fromJavaScript(previewState(plan(urn, news).outs, news, olds) as never));
            callback(null, resp);
        });
        wrap(
            "read",
            (original) => (call, callback) =>
                original(call, (err, resp) => {
                    const r = resp as providerProto.ReadResponse | undefined;
                    if (!err && r && r.getId() === "") r.clearProperties();
                    callback(err, resp);
                }),
        );
        return addService.call(this, service, impl);
    };
}

extendProviderServer();
provider.main(fake, process.argv.slice(3)).catch((err: unknown) => {
    process.stderr.write(`fake ${PACKAGE} provider: ${String(err)}\n`);
    process.exit(1);
});
