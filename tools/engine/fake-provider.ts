// A resource-provider plugin that answers the engine as the real `aws`,
// `azure-native`, `kubernetes` or `random` provider would, against the fake
// cloud in FAKE_CLOUD_DIR: `node fake-provider.ts <package> <engine address>`.
// Served by @pulumi/pulumi's own provider server (@pulumi/pulumi/provider),
// so the gRPC side (Check, Diff, Create, Read, Update, Delete, Invoke) is the
// SDK's; only the answers are fake.
import * as grpc from "@grpc/grpc-js";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as provider from "@pulumi/pulumi/provider";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { awsCalls } from "../offline/fake-aws";
import { azureCall } from "../offline/fake-azure";
import {
    FAKE_CA_PEM, cloudId, cloudState, cluster, containsUnknown, deepEqual, generatedSecret, parseUrn, previewState, reveal, store, type ClusterObject, type Props,
} from "./fake-cloud";
import { replacingChanges } from "./replacement";

const PACKAGE = process.argv[2];

function packageVersion(name: string): string {
    const manifest = require(`@pulumi/${name}/package.json`) as { version: string; pulumi?: { version?: string } };
    return manifest.pulumi?.version ?? manifest.version;
}

function metadataOf(inputs: Props): { name?: string; namespace?: string } {
    return (reveal(inputs.metadata) ?? {}) as { name?: string; namespace?: string };
}

interface Planned {
    id: string;
    outs: Props;
    /** Objects a Helm chart would create in the cluster (written only on create/update). */
    objects?: ClusterObject[];
}

/** What a Kubernetes API server gives back: the object, its id (`namespace/name`) and a status where one applies. */
function kubernetesCreate(urn: string, inputs: Props): Planned {
    const { type, name } = parseUrn(urn);
    if (type === "kubernetes:helm.sh/v3:Release") return helmInstall(urn, inputs);
    const meta = metadataOf(inputs);
    const objectName = meta.name ?? `${name}-${Math.random().toString(16).slice(2, 10)}`;
    const clusterScoped = /:(Namespace|StorageClass|ClusterRole|ClusterRoleBinding)(Patch)?$/.test(type);
    const namespace = clusterScoped ? undefined : meta.namespace ?? "default";
    const metadata = { ...(inputs.metadata as Props | undefined), name: objectName, ...(namespace ? { namespace } : {}), uid: `uid-${objectName}` };
    // A LoadBalancer Service: pulumi-kubernetes waits until the cloud's controller has set the address, so it is there on create.
    const spec = reveal(inputs.spec) as Props | undefined;
    const status = type === "kubernetes:core/v1:Service" && spec?.type === "LoadBalancer"
        ? { status: { loadBalancer: { ingress: [{ hostname: `${objectName}.${namespace}.lb.fake.test` }] } } }
        : {};
    return { id: namespace ? `${namespace}/${objectName}` : objectName, outs: { ...inputs, metadata, ...status }, objects: certManagerIssues(type, urn, namespace, inputs) };
}

/**
 * cert-manager in the fake cluster: a Certificate's Secret (`spec.secretName`)
 * appears with `tls.crt`, `tls.key` and `ca.crt`, as cert-manager writes them
 * for a CA issuer (cert-manager.io docs, "Certificate resources": the Secret
 * holds the keypair and, when the issuer knows it, the CA in `ca.crt`).
 */
function certManagerIssues(type: string, urn: string, namespace: string | undefined, inputs: Props): ClusterObject[] | undefined {
    if (type !== "kubernetes:cert-manager.io/v1:Certificate" || namespace === undefined) return undefined;
    const spec = (reveal(inputs.spec) ?? {}) as Props;
    if (typeof spec.secretName !== "string") return undefined;
    const b64 = (text: string) => Buffer.from(text).toString("base64");
    return [{
        kind: "Secret", namespace, name: spec.secretName, owner: urn,
        object: { type: "kubernetes.io/tls", data: { "tls.crt": b64(FAKE_CA_PEM), "tls.key": b64("fake key"), "ca.crt": b64(FAKE_CA_PEM) } },
    }];
}

/**
 * The API server's check of the Ingress the chart renders from `attu.ingress`
 * (templates/attu-ingress.yaml: `defaultBackend` only when `tls` is set,
 * `rules` only per entry of `hosts`). Kubernetes refuses an Ingress with
 * neither (networking/validation: "either `defaultBackend` or `rules` must be
 * specified"), and Helm's atomic install then rolls the release back.
 */
function rejectInvalidAttuIngress(name: string, ingress: Props): void {
    const tls = Array.isArray(ingress.tls) && ingress.tls.length > 0;
    const hosts = Array.isArray(ingress.hosts) && ingress.hosts.length > 0;
    if (!tls && !hosts) {
        throw new Error(`release failed, and has been uninstalled due to atomic being set: Ingress.networking.k8s.io "${name}" is invalid: spec: Invalid value: "": either \`defaultBackend\` or \`rules\` must be specified`);
    }
}

/**
 * A Helm install in the fake cluster: the release, plus the Services and the
 * Ingress the Milvus chart creates (templates/service.yaml, attu-svc.yaml and
 * attu-ingress.yaml of zilliztech/milvus-helm), so `Service.get` and
 * `Ingress.get` find what a real cluster would have and nothing more.
 */
function helmInstall(urn: string, inputs: Props): Planned {
    const objects: ClusterObject[] = [];
    const plain = reveal(inputs) as Props;
    const releaseName = String(plain.name);
    const namespace = String(plain.namespace ?? "default");
    const values = (plain.values ?? {}) as Props;
    if (plain.chart === "milvus") {
        const override = typeof values.fullnameOverride === "string" && values.fullnameOverride ? values.fullnameOverride : undefined;
        const fullname = override ?? (releaseName.includes("milvus") ? releaseName : `${releaseName}-milvus`);
        const service = (values.service ?? {}) as Props;
        const lb = service.type === "LoadBalancer";
        const status = (host: string) => (lb ? { loadBalancer: { ingress: [{ hostname: host }] } } : { loadBalancer: {} });
        objects.push({ kind: "Service", namespace, name: fullname, owner: urn, object: { spec: { type: service.type ?? "ClusterIP" }, status: status(`${fullname}.lb.fake.test`) } });
        const attu = (values.attu ?? {}) as Props;
        if (attu.enabled === true) {
            objects.push({ kind: "Service", namespace, name: `${fullname}-attu`, owner: urn, object: { spec: { type: "ClusterIP" }, status: { loadBalancer: {} } } });
            const ingress = (attu.ingress ?? {}) as Props;
            if (ingress.enabled === true) {
                rejectInvalidAttuIngress(`${fullname}-attu`, ingress);
                objects.push({ kind: "Ingress", namespace, name: `${fullname}-attu`, owner: urn, object: { status: { loadBalancer: { ingress: [{ hostname: `${fullname}-attu.ingress.fake.test` }] } } } });
            }
        }
    }
    if (plain.chart === "milvus") objects.push(...milvusVolumes(urn, releaseName, namespace, values));
    const status = { name: releaseName, namespace, chart: plain.chart, version: plain.version, status: "deployed", revision: 1, appVersion: "fake" };
    return { id: `${namespace}/${releaseName}`, outs: { ...inputs, status }, objects };
}

type Values = Record<string, unknown>;
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Values)[k] : undefined), v);
const sizeAt = (v: unknown, fallback: string, ...path: string[]): string => (typeof at(v, ...path) === "string" ? String(at(v, ...path)) : fallback);

/** `<release>-<name>`, or the release when it contains the name (the charts' fullname helper; no overrides: the program refuses them). */
function subchartName(releaseName: string, chart: string): string {
    return releaseName.includes(chart) ? releaseName : `${releaseName}-${chart}`;
}

/**
 * The volumes the Milvus chart's StatefulSets and PVCs make, with the chart's
 * default sizes where the values set none (milvus-5.0.19 values.yaml): etcd
 * `data` (10Gi), distributed MinIO `export` (500Gi), Pulsar bookies' journal
 * (100Gi) and ledgers (200Gi), ZooKeeper data (20Gi); plain PVCs for
 * standalone Milvus (50Gi) and standalone MinIO (500Gi). A StatefulSet's
 * claims (`<template>-<statefulset>-<ordinal>`) are made by its controller,
 * not by Helm (marked `controllerMade`).
 */
function milvusVolumes(urn: string, releaseName: string, namespace: string, values: Values): ClusterObject[] {
    const objects: ClusterObject[] = [];
    const statefulSet = (name: string, replicas: number, templates: Array<[string, string]>) => {
        objects.push({ kind: "StatefulSet", namespace, name, owner: urn, object: { spec: { replicas, volumeClaimTemplates: templates.map(([t, size]) => ({ name: t, size })) } } });
        for (let i = 0; i < replicas; i++) {
            for (const [t, size] of templates) {
                objects.push({ kind: "PersistentVolumeClaim", namespace, name: `${t}-${name}-${i}`, owner: urn, controllerMade: true, object: { spec: { resources: { requests: { storage: size } } } } });
            }
        }
    };
    const claim = (name: string, size: string) => objects.push({ kind: "PersistentVolumeClaim", namespace, name, owner: urn, object: { spec: { resources: { requests: { storage: size } } } } });
    const cluster = at(values, "cluster", "enabled") === true;
    const milvus = subchartName(releaseName, "milvus");
    if (!cluster) claim(milvus.slice(0, 58), sizeAt(values, "50Gi", "standalone", "persistence", "persistentVolumeClaim", "size"));
    // The Milvus Deployments and their replicas as the chart renders them: standalone fixed at 1
    // (templates/standalone-deployment.yaml), each cluster component from its `replicas`.
    const deployment = (name: string, replicas: number) => objects.push({ kind: "Deployment", namespace, name, owner: urn, object: { spec: { replicas } } });
    if (!cluster) deployment(`${milvus}-standalone`, 1);
    else {
        for (const [key, suffix] of [["proxy", "proxy"], ["mixCoordinator", "mixcoord"], ["queryNode", "querynode"], ["dataNode", "datanode"], ["streamingNode", "streamingnode"]]) {
            deployment(`${milvus}-${suffix}`, Number(at(values, key, "replicas") ?? 1));
        }
    }
    statefulSet(subchartName(releaseName, "etcd"), Number(at(values, "etcd", "replicaCount") ?? 1), [["data", sizeAt(values, "10Gi", "etcd", "persistence", "size")]]);
    if (at(values, "minio", "enabled") !== false) {
        const minio = subchartName(releaseName, "minio");
        const size = sizeAt(values, "500Gi", "minio", "persistence", "size");
        if (at(values, "minio", "mode") === "distributed") statefulSet(minio, Number(at(values, "minio", "replicas") ?? 4), [["export", size]]);
        else claim(minio, size);
    }
    if (at(values, "pulsarv3", "enabled") === true) {
        const pulsar = subchartName(releaseName, "pulsarv3");
        statefulSet(`${pulsar}-bookie`, Number(at(values, "pulsarv3", "bookkeeper", "replicaCount") ?? 3), [
            [`${pulsar}-bookie-journal`, sizeAt(values, "100Gi", "pulsarv3", "bookkeeper", "volumes", "journal", "size")],
            [`${pulsar}-bookie-ledgers`, sizeAt(values, "200Gi", "pulsarv3", "bookkeeper", "volumes", "ledgers", "size")],
        ]);
        statefulSet(`${pulsar}-zookeeper`, Number(at(values, "pulsarv3", "zookeeper", "replicaCount") ?? 3), [[`${pulsar}-zookeeper-data`, sizeAt(values, "20Gi", "pulsarv3", "zookeeper", "volumes", "data", "size")]]);
    }
    return objects;
}

/** Size in bytes of a Kubernetes quantity (binary or decimal suffix). */
function bytes(quantity: string): number {
    const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(quantity);
    if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${quantity}`);
    const binary: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
    const decimal: Record<string, number> = { k: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };
    const suffix = m[2] ?? "";
    return Number(m[1]) * (suffix in binary ? 1024 ** binary[suffix] : 1000 ** (decimal[suffix] ?? 0));
}

const storageOf = (o: ClusterObject | undefined): string | undefined => at(o?.object, "spec", "resources", "requests", "storage") as string | undefined;

/**
 * The API server's checks of what an install or upgrade writes: a
 * StatefulSet's claim templates never change (apps/validation
 * ValidateStatefulSetUpdate), and a claim never asks for less than it has
 * (core/validation ValidatePersistentVolumeClaimUpdate). Helm's atomic
 * upgrade then rolls back, and pulumi-kubernetes reports the error.
 */
function rejectForbiddenUpdates(objects: ClusterObject[]): void {
    for (const o of objects) {
        const live = cluster.get(parseUrn(o.owner).stack, o.kind, o.namespace, o.name);
        if (!live) continue;
        if (o.kind === "StatefulSet" && !deepEqual(at(live.object, "spec", "volumeClaimTemplates"), at(o.object, "spec", "volumeClaimTemplates"))) {
            throw new Error(`UPGRADE FAILED: release failed, and has been rolled back due to atomic being set: cannot patch "${o.name}" with kind StatefulSet: StatefulSet.apps "${o.name}" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`);
        }
        const [was, is] = [storageOf(live), storageOf(o)];
        if (o.kind === "PersistentVolumeClaim" && !o.controllerMade && was && is && bytes(is) < bytes(was)) {
            throw new Error(`UPGRADE FAILED: release failed, and has been rolled back due to atomic being set: cannot patch "${o.name}" with kind PersistentVolumeClaim: PersistentVolumeClaim "${o.name}" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than previous value`);
        }
    }
}

/**
 * A Patch resource: a server-side apply of the given fields, which creates
 * the object when it is missing (pulumi-kubernetes await.go: Patch resources
 * always send an apply), and the API server then refuses the partial object
 * (a claim without access modes, a Deployment without selector). A claim's
 * request may only grow (the resize itself is the CSI driver's); a
 * Deployment's replicas become the patch's.
 */
function applyPatch(urn: string, inputs: Props): void {
    const { type, stack } = parseUrn(urn);
    const kind = type === "kubernetes:core/v1:PersistentVolumeClaimPatch" ? "PersistentVolumeClaim" : type === "kubernetes:apps/v1:DeploymentPatch" ? "Deployment" : undefined;
    if (kind === undefined) return;
    const meta = metadataOf(inputs);
    const namespace = meta.namespace ?? "default";
    const name = String(meta.name);
    const live = cluster.get(stack, kind, namespace, name);
    if (!live) {
        throw new Error(kind === "Deployment"
            ? `Deployment.apps "${name}" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string(nil): \`selector\` does not match template \`labels\`]`
            : `PersistentVolumeClaim "${name}" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]`);
    }
    const spec = (reveal(inputs.spec) ?? {}) as Props;
    if (kind === "Deployment") {
        if (typeof spec.replicas === "number") cluster.put({ ...live, object: { ...live.object, spec: { ...(live.object.spec as Props), replicas: spec.replicas } } });
        return;
    }
    const size = at(spec, "resources", "requests", "storage");
    const was = storageOf(live);
    if (typeof size !== "string") return;
    if (was && bytes(size) < bytes(was)) {
        throw new Error(`PersistentVolumeClaim "${name}" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than previous value`);
    }
    cluster.put({ ...live, object: { ...live.object, spec: { ...(live.object.spec as Props), resources: { requests: { storage: size } } } } });
}

/**
 * Deleting a Patch resource gives its fields up (pulumi-kubernetes
 * ssa.Relinquish), and a field no manager owns returns to its default: a
 * Deployment's replicas to 1 (apps/v1 defaulting).
 */
function relinquishPatch(urn: string, outputs: Props | undefined): void {
    if (parseUrn(urn).type !== "kubernetes:apps/v1:DeploymentPatch" || !outputs) return;
    const meta = metadataOf(outputs);
    const live = cluster.get(parseUrn(urn).stack, "Deployment", meta.namespace ?? "default", String(meta.name));
    if (live) cluster.put({ ...live, object: { ...live.object, spec: { ...(live.object.spec as Props), replicas: 1 } } });
}

/** What the cloud would hold after creating the resource; no side effects (Diff calls it too). */
function plan(urn: string, inputs: Props): Planned {
    const { type } = parseUrn(urn);
    if (PACKAGE === "random") {
        const length = Number(reveal(inputs.length) ?? 16);
        const result = generatedSecret(length);
        return { id: "none", outs: { ...inputs, result, ...(type.endsWith("RandomPassword") ? { bcryptHash: `$2a$10$${result}` } : {}) } };
    }
    if (PACKAGE === "kubernetes") return kubernetesCreate(urn, inputs);
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

/**
 * A Helm install or upgrade: the chart's objects become exactly the planned
 * ones, after the API server's checks. Claims a StatefulSet's controller made
 * are made once, when missing, and outlive the release (their retention
 * policy's default is Retain).
 */
function applyObjects(urn: string, objects: ClusterObject[] | undefined): void {
    if (objects === undefined) return;
    rejectForbiddenUpdates(objects);
    cluster.removeOwnedBy(urn);
    for (const o of objects) {
        if (!o.controllerMade || !cluster.get(parseUrn(o.owner).stack, o.kind, o.namespace, o.name)) cluster.put(o);
    }
}

const fake: provider.Provider = {
    version: packageVersion(PACKAGE),

    async check(_urn, _olds, news) {
        return { inputs: news };
    },

    async diff(_id, urn, olds, news) {
        const changed = changedInputs(urn, olds, news);
        const replaces = replacingChanges(parseUrn(urn).type, changed, (olds.__inputs ?? olds) as Props, news);
        return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 && PACKAGE === "kubernetes" };
    },

    async create(urn, inputs) {
        const { id, outs, objects } = plan(urn, inputs);
        applyObjects(urn, objects);
        applyPatch(urn, inputs);
        const state = { ...outs, __inputs: inputs };
        store.put({ urn, id, type: parseUrn(urn).type, outputs: state });
        return { id, outs: state };
    },

    async read(id, urn, props) {
        const { type } = parseUrn(urn);
        const live = store.get(urn);
        if (live && live.id === id) return { id, props: live.outputs, inputs: live.outputs.__inputs as Props | undefined };
        if (PACKAGE === "kubernetes") {
            // `Service.get` / `Ingress.get`: objects the chart made, found by `namespace/name`.
            const [namespace, name] = id.includes("/") ? id.split("/", 2) : ["default", id];
            const kind = type.split(":").pop() ?? "";
            const found = cluster.get(parseUrn(urn).stack, kind, namespace, name);
            if (!found) return { id: "", props: {} };
            return { id, props: { ...props, metadata: { name, namespace }, ...found.object } };
        }
        return { id: "", props: {} };
    },

    async update(id, urn, olds, news) {
        const { outs, objects } = plan(urn, news);
        // Each Helm upgrade is a new revision of the release.
        if (parseUrn(urn).type === "kubernetes:helm.sh/v3:Release") {
            outs.status = { ...(outs.status as Props), revision: Number((olds.status as Props | undefined)?.revision ?? 1) + 1 };
        }
        applyObjects(urn, objects);
        applyPatch(urn, news);
        const state = { ...outs, __inputs: news };
        store.put({ urn, id, type: parseUrn(urn).type, outputs: state });
        return { outs: state };
    },

    async delete(_id, urn) {
        const deleted = parseUrn(urn).type;
        if (deleted === "kubernetes:helm.sh/v3:Release" || deleted === "kubernetes:cert-manager.io/v1:Certificate") cluster.removeOwnedBy(urn);
        relinquishPatch(urn, store.get(urn)?.outputs);
        store.remove(urn);
    },

    async invoke(token, inputs) {
        const args = { token, inputs: reveal(inputs) as Props, provider: "" };
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
        wrap("configure", (original) => (call, callback) => original(call, (err, resp) => {
            (resp as providerProto.ConfigureResponse | undefined)?.setSupportspreview(true);
            callback(err, resp);
        }));
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
            resp.setProperties(Struct.fromJavaScript(previewState(plan(urn, news).outs, news, olds, parseUrn(urn).type === "kubernetes:helm.sh/v3:Release") as never));
            callback(null, resp);
        });
        wrap("read", (original) => (call, callback) => original(call, (err, resp) => {
            const r = resp as providerProto.ReadResponse | undefined;
            if (!err && r && r.getId() === "") r.clearProperties();
            callback(err, resp);
        }));
        return addService.call(this, service, impl);
    };
}

extendProviderServer();
provider.main(fake, process.argv.slice(3)).catch((err: unknown) => {
    process.stderr.write(`fake ${PACKAGE} provider: ${String(err)}\n`);
    process.exit(1);
});
