// What `milvus.values` (the escape hatch into the chart's values) may touch.
// The program guarantees authentication, credentials kept in a Secret,
// keyless cloud identity, a ClusterIP chart Service, and exposure only as
// `milvus.exposure` says; the stack outputs state those guarantees. A value
// that would undo one is refused here, with the reason and the key to use
// instead. Two lists are merged instead of replaced (the deep merge replaces
// arrays and strings): each component's `extraEnv`, whose credential
// variables must survive, and `extraConfigFiles."user.yaml"`, whose security
// settings must survive (components/milvus/values.ts merges them).
// Everything else is the user's, and Helm ignores keys the chart does not know
// (test/chart-contract.test.ts checks every key the program writes).
import { parse } from "yaml";
import type { ConfigProblem } from "./problems";
import { MILVUS_CHART_IMAGES, PULL_SECRET_VALUES } from "../shared/chart-images";
import { mirroredImage } from "../shared/images";

interface OwnedPath {
    /** Dotted path under milvus.values; `*` matches any one key. */
    path: string;
    why: string;
}

/** Chart value paths the program owns. */
export const PROGRAM_OWNED_VALUES: readonly OwnedPath[] = [
    {
        path: "serviceAccount",
        why: "is set by the program: the Milvus pods' service account, whose name the cloud identity (IRSA role trust, workload identity federation) is bound to; remove it",
    },
    { path: "image.all.tag", why: "is set from milvus.imageTag, which is checked against the chart version; set milvus.imageTag instead" },
    { path: "image.tag", why: "is set from milvus.imageTag, which is checked against the chart version; set milvus.imageTag instead" },
    {
        path: "service",
        why: "is set by the program: the chart's Service stays ClusterIP and the load balancer is the program's own, from milvus.exposure (type, sourceRanges, annotations); use those keys",
    },
    { path: "cluster", why: "is set from milvus.mode; set milvus.mode instead" },
    { path: "externalS3", why: "is set by the platform: the bucket and its keyless access (IRSA / workload identity); remove it" },
    { path: "minio.enabled", why: "is set by the platform (in-cluster MinIO only where there is no cloud bucket); remove it" },
    { path: "minio.existingSecret", why: "is set by the program: MinIO reads the generated keys from the credentials Secret; remove it" },
    { path: "pulsarv3.enabled", why: "is set from milvus.messageQueue; set milvus.messageQueue instead" },
    { path: "kafka", why: "is set from milvus.messageQueue and the platform's queue; set milvus.messageQueue or milvus.externalKafka instead" },
    { path: "streaming", why: "is set from milvus.messageQueue; set milvus.messageQueue instead" },
    { path: "attu.ingress", why: "is set from milvus.attu.ingress (enabled, scope, host, tlsSecretName, sourceRanges, annotations); use those keys" },
    { path: "tls", why: "is set from milvus.tls (the outputs milvusTls and milvusUri follow it); use milvus.tls" },
    // Volume sizes and the names of the subcharts' StatefulSets: a larger size grows the deployed claims, which
    // the program finds by these names (milvus/volumes.ts).
    {
        path: "etcd.persistence.size",
        why: "is set from milvus.etcd.storageSize, which grows the deployed claims in place; set milvus.etcd.storageSize instead",
    },
    {
        path: "minio.persistence.size",
        why: "is set from milvus.minio.storageSize, which grows the deployed claims in place; set milvus.minio.storageSize instead",
    },
    { path: "standalone.persistence.persistentVolumeClaim.size", why: "is set from milvus.standaloneStorageSize; set it instead" },
    {
        path: "pulsarv3.bookkeeper.volumes",
        why: "is set from milvus.pulsar.journalSize and ledgersSize, which grow the deployed claims in place; set those instead",
    },
    { path: "pulsarv3.zookeeper.volumes", why: "is sized from milvus.workload, and its claims grow in place; remove it" },
    ...["etcd", "minio", "pulsarv3"].flatMap((chart) =>
        ["fullnameOverride", "nameOverride"].map((key) => ({
            path: `${chart}.${key}`,
            why: "names the subchart's StatefulSets, whose claims a larger volume size grows in place; remove it",
        })),
    ),
    {
        path: "proxy.tls",
        why: "would put key material in the chart values (templates/proxy-tls-secret.yaml); use milvus.tls with an issuer or a Secret",
    },
];

/** Components whose `extraEnv` the program fills with the credential variables. */
export const ENV_COMPONENTS = [
    "standalone",
    "proxy",
    "queryNode",
    "dataNode",
    "mixCoordinator",
    "streamingNode",
    "indexNode",
    "rootCoordinator",
    "queryCoordinator",
    "dataCoordinator",
] as const;

/** user.yaml sections the program owns: authorization (and, later, TLS). */
const OWNED_USER_CONFIG = [
    {
        path: "common.security",
        why: "is set by the program: authorization from milvus.auth.enabled, TLS from milvus.tls, the root password from the credentials Secret; use milvus.auth and milvus.tls",
    },
    { path: "tls", why: "is set from milvus.tls: the certificate paths the program mounts; use milvus.tls" },
];

function matches(pattern: string, path: string[]): boolean {
    const parts = pattern.split(".");
    return parts.length <= path.length && parts.every((p, i) => p === "*" || p === path[i]);
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Every leaf path of a value (arrays and empty objects count as leaves). */
function leafPaths(value: unknown, path: string[] = []): string[][] {
    if (!isObject(value) || Object.keys(value).length === 0) return [path];
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
}

/**
 * The user.yaml the user gave under milvus.values.extraConfigFiles, parsed; a
 * problem when it is not a YAML mapping or sets what the program owns.
 */
export function userConfigProblems(text: unknown): ConfigProblem[] {
    const key = "milvus.values.extraConfigFiles.user.yaml";
    if (typeof text !== "string") return [{ key, given: text, allowed: "allowed: a YAML document (a string), merged into the program's user.yaml" }];
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (error) {
        return [{ key, given: "(a YAML document)", allowed: `must be valid YAML: ${(error as Error).message.split("\n")[0]}` }];
    }
    if (doc === null || doc === undefined) return [];
    if (!isObject(doc)) return [{ key, given: "(a YAML document)", allowed: "must be a YAML mapping of Milvus settings (e.g. `queryNode: {...}`)" }];
    return leafPaths(doc).flatMap((p) => {
        const owned = OWNED_USER_CONFIG.find((o) => matches(o.path, p));
        return owned ? [{ key, given: `${p.join(".")}: ${JSON.stringify(atPath(doc, p))}`, allowed: `${p.join(".")} ${owned.why}` }] : [];
    });
}

function atPath(value: unknown, path: string[]): unknown {
    return path.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), value);
}

/** Problems with milvus.values: program-owned paths, extraEnv entries that shadow the program's, an unusable user.yaml. */
export function valuesOwnershipProblems(values: Record<string, unknown>, credentialEnvNames: readonly string[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const reported = new Set<string>();
    for (const path of leafPaths(values)) {
        if (path.length === 0) continue;
        const owned = PROGRAM_OWNED_VALUES.find((o) => matches(o.path, path));
        if (!owned) continue;
        const ownedKey = path.slice(0, owned.path.split(".").length).join(".");
        if (reported.has(ownedKey)) continue;
        reported.add(ownedKey);
        problems.push({ key: `milvus.values.${ownedKey}`, given: atPath(values, ownedKey.split(".")), allowed: owned.why });
    }
    for (const component of ENV_COMPONENTS) {
        const section = values[component];
        if (!isObject(section) || section.extraEnv === undefined) continue;
        const key = `milvus.values.${component}.extraEnv`;
        const env = section.extraEnv;
        if (!Array.isArray(env) || env.some((e) => !isObject(e) || typeof e.name !== "string" || e.name === "")) {
            problems.push({
                key,
                given: env,
                allowed: "allowed: a list of environment variables ({name, value} or {name, valueFrom}), added to the program's",
            });
            continue;
        }
        for (const [i, e] of (env as Array<{ name: string }>).entries()) {
            if (credentialEnvNames.includes(e.name)) {
                problems.push({
                    key: `${key}.${i}.name`,
                    given: e.name,
                    allowed: "is set by the program from the credentials Secret; use another name",
                });
            }
        }
    }
    const files = values.extraConfigFiles;
    if (isObject(files) && files["user.yaml"] !== undefined) problems.push(...userConfigProblems(files["user.yaml"]));
    return problems;
}

/**
 * Image settings the program owns while the stack names an imageRegistry or
 * milvus.imagePullSecrets (milvus/images.ts): an image repository of
 * milvus.values would pull that image from elsewhere than the mirror, and a
 * pull-secret list would replace the program's. Refused rather than let
 * through, so that what docs/air-gapped.md says is mirrored is what runs.
 */
export function imageOwnershipProblems(
    values: Record<string, unknown>,
    images: { imageRegistry?: string; imagePullSecrets: readonly string[] },
): ConfigProblem[] {
    const owned: OwnedPath[] = [];
    const registry = images.imageRegistry;
    if (registry !== undefined) {
        for (const image of MILVUS_CHART_IMAGES) {
            const upstream = image.registry !== undefined ? `${image.registry}/${image.repository}` : image.repository;
            const why = `is set from imageRegistry: the image is pulled as "${mirroredImage(registry, upstream)}:<tag>"; push it to that mirror, or leave imageRegistry unset to name repositories one by one in milvus.values`;
            owned.push({ path: `${image.path}.repository`, why });
            if (image.registry !== undefined) owned.push({ path: `${image.path}.registry`, why });
        }
        // Bitnami charts (etcd) take a global registry over their own.
        owned.push({ path: "global.imageRegistry", why: "would override the imageRegistry the program sets for the etcd images; use imageRegistry" });
    }
    if (images.imagePullSecrets.length > 0) {
        for (const { path } of PULL_SECRET_VALUES) {
            owned.push({
                path,
                why: `is set from milvus.imagePullSecrets (${JSON.stringify(images.imagePullSecrets)}) for every pod; list the Secrets there`,
            });
        }
    }
    const problems: ConfigProblem[] = [];
    const reported = new Set<string>();
    for (const path of leafPaths(values)) {
        const found = owned.find((o) => matches(o.path, path));
        if (!found || reported.has(found.path)) continue;
        reported.add(found.path);
        problems.push({ key: `milvus.values.${found.path}`, given: atPath(values, found.path.split(".")), allowed: found.why });
    }
    return problems;
}

/**
 * Annotations that decide who can reach a load balancer or an ingress: its
 * scheme (internal or internet-facing) and its allowed sources. The program
 * sets them from `scope`/`type` and `sourceRanges` (the AWS Load Balancer
 * Controller, cloud-provider-azure and ingress-nginx read these), so
 * `milvus.exposure.annotations` and `milvus.attu.ingress.annotations` may not.
 */
export const REACHABILITY_ANNOTATIONS: readonly string[] = [
    "service.beta.kubernetes.io/aws-load-balancer-scheme",
    "service.beta.kubernetes.io/aws-load-balancer-internal",
    "service.beta.kubernetes.io/aws-load-balancer-security-groups",
    "service.beta.kubernetes.io/aws-load-balancer-manage-backend-security-group-rules",
    "service.beta.kubernetes.io/load-balancer-source-ranges",
    "service.beta.kubernetes.io/azure-load-balancer-internal",
    "service.beta.kubernetes.io/azure-allowed-ip-ranges",
    "service.beta.kubernetes.io/azure-allowed-service-tags",
    "service.beta.kubernetes.io/azure-pip-name",
    "alb.ingress.kubernetes.io/scheme",
    "alb.ingress.kubernetes.io/inbound-cidrs",
    "alb.ingress.kubernetes.io/security-groups",
    "alb.ingress.kubernetes.io/manage-backend-security-group-rules",
    "nginx.ingress.kubernetes.io/whitelist-source-range",
    "nginx.ingress.kubernetes.io/allowlist-source-range",
];

/** A problem for each annotation that would change who can reach the exposure. */
export function reachabilityAnnotationProblems(key: string, annotations: Record<string, string>, instead: string): ConfigProblem[] {
    return Object.keys(annotations)
        .filter((a) => REACHABILITY_ANNOTATIONS.includes(a.toLowerCase()))
        .map((a) => ({
            key: `${key}.${a}`,
            given: annotations[a],
            allowed: `decides who can reach it, which the program sets from ${instead}; use those keys`,
        }));
}
