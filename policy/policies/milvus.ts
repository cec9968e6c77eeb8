// Guardrails on the Milvus Helm release (chart `milvus`, zilliztech/milvus-helm).
// They read the release's chart values; where a value is absent, the chart's
// default applies (chart 5.0.19 defaults are quoted next to each check).
import type { Policies } from "@pulumi/policy";
import { parse as parseYaml } from "yaml";
import { admitsEveryone } from "../../components/network/cidr";
import { OPEN_CIDRS } from "./aws";
import { type Subject, resourcePolicy, stringListSetting } from "./framework";
import {
    type Tree,
    type Value,
    UNKNOWN,
    at,
    booleanAt,
    isTree,
    isUnknown,
    knownStrings,
    listAt,
    numberAt,
    snapshot,
    stringAt,
    stringMapAt,
} from "./known";
import { HELM_RELEASE } from "./types";

/** True for a Helm release of the Milvus chart (`milvus`, `<repo>/milvus`, `oci://.../milvus`). */
export function isMilvusRelease(subject: { type: string; props: Tree }): boolean {
    if (subject.type !== HELM_RELEASE) return false;
    const chart = stringAt(subject.props, "chart");
    return typeof chart === "string" && /(^|\/)milvus$/.test(chart);
}

/** The release's chart values, or UNKNOWN while they are computed during preview. */
export function chartValues(subject: { props: Tree }): Tree | typeof UNKNOWN {
    const values = at(subject.props, "values");
    if (isUnknown(values)) return UNKNOWN;
    return isTree(values) ? values : {};
}

/** A YAML text as a value tree; undefined when it is not YAML. */
function yamlTree(text: string): Value | undefined {
    try {
        return snapshot(parseYaml(text));
    } catch {
        return undefined;
    }
}

/** Runs `check` on the values of a Milvus release; other releases, and values unknown during preview, are not applicable. */
function withMilvusValues(subject: Subject, notApplicable: (reason: string) => never, check: (values: Tree) => void): void {
    if (!isMilvusRelease(subject)) notApplicable("not a release of the milvus chart");
    const values = chartValues(subject);
    if (isUnknown(values)) notApplicable("the chart values are not known yet (computed during preview)");
    check(values);
}

// ---------------------------------------------------------------- security

export const milvusAuthEnabled = resourcePolicy({
    name: "milvus-auth-enabled",
    group: "security",
    description: "The Milvus release turns on authentication (common.security.authorizationEnabled: true in extraConfigFiles user.yaml).",
    remediationSteps: "Set milvus.auth.enabled: true in the stack config (the default).",
    enforcementLevel: "mandatory",
    config: {},
    appliesTo: (type) => type === HELM_RELEASE,
    check(subject, _ctx, report, notApplicable) {
        withMilvusValues(subject, notApplicable, (values) => {
            const custom = stringAt(values, "customConfigMap");
            if (isUnknown(custom) || (typeof custom === "string" && custom !== "")) return; // the whole config lives in a ConfigMap this policy cannot see
            const userYaml = stringAt(values, ["extraConfigFiles", "user.yaml"]);
            if (isUnknown(userYaml)) return;
            if (userYaml === undefined) {
                report("extraConfigFiles.user.yaml is not set: the chart's default leaves authentication off");
                return;
            }
            const config = yamlTree(userYaml);
            if (config === undefined) {
                report("extraConfigFiles.user.yaml is not valid YAML");
                return;
            }
            const enabled = booleanAt(config, "common.security.authorizationEnabled");
            if (enabled !== true && !isUnknown(enabled))
                report("common.security.authorizationEnabled is not true: anyone who reaches Milvus can read and write every collection");
        });
    },
});

/** Keys whose values are credentials, in chart values and in Milvus config files. */
const CREDENTIAL_KEY =
    /^(password|passwd|secretKey|secretAccessKey|accessKey|accessKeyId|defaultRootPassword|rootPassword|saslPassword|authParams|token|apiKey)$/i;
/** Environment variable names that carry credentials. */
const CREDENTIAL_ENV = /(PASSWORD|PASSWD|SECRET|ACCESS_?KEY|TOKEN|API_?KEY)/i;

function credentialPaths(value: Value, path: string[], exempt: (path: string[]) => boolean): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => credentialPaths(v, [...path, String(i)], exempt));
    if (!isTree(value)) return [];
    const found: string[] = [];
    // An env entry { name: "X_PASSWORD", value: "..." } instead of valueFrom.secretKeyRef.
    const envName = value.name;
    const envValue = value.value;
    if (typeof envName === "string" && CREDENTIAL_ENV.test(envName) && typeof envValue === "string" && envValue !== "") {
        found.push(`${path.join(".")} (env ${envName})`);
    }
    for (const [key, v] of Object.entries(value)) {
        const here = [...path, key];
        if (CREDENTIAL_KEY.test(key) && typeof v === "string" && v !== "" && !exempt(here)) found.push(here.join("."));
        else found.push(...credentialPaths(v, here, exempt));
    }
    return found;
}

export const milvusNoPlaintextCredentials = resourcePolicy({
    name: "milvus-no-plaintext-credentials",
    group: "security",
    description:
        "The Milvus chart values hold no credential (secretKey, password, sasl.password, accessKey, defaultRootPassword, credential env values): the chart copies values into a ConfigMap, readable by anyone who can read ConfigMaps.",
    remediationSteps:
        "Keep credentials in a Kubernetes Secret and pass them with extraEnv valueFrom.secretKeyRef (as MilvusRelease does); leave the value keys empty.",
    enforcementLevel: "mandatory",
    config: {},
    appliesTo: (type) => type === HELM_RELEASE,
    check(subject, _ctx, report, notApplicable) {
        withMilvusValues(subject, notApplicable, (values) => {
            // Azure keyless access puts the storage account *name* in externalS3.accessKey: not a secret.
            const azureKeyless = stringAt(values, "externalS3.cloudProvider") === "azure" && booleanAt(values, "externalS3.useIAM") === true;
            const exempt = (path: string[]) => azureKeyless && path.join(".") === "externalS3.accessKey";
            const { extraConfigFiles, ...rest } = values;
            const paths = credentialPaths(rest, [], exempt);
            if (isTree(extraConfigFiles)) {
                for (const [file, text] of Object.entries(extraConfigFiles)) {
                    if (typeof text !== "string") continue;
                    const tree = yamlTree(text);
                    if (tree !== undefined) paths.push(...credentialPaths(tree, [`extraConfigFiles[${file}]`], () => false));
                }
            }
            for (const path of paths) report(`${path} holds a credential in plain chart values`);
        });
    },
});

/** MinIO's well-known default credential (chart default for both keys). */
const MINIO_DEFAULT = "minioadmin";

export const milvusNoDefaultMinioCredentials = resourcePolicy({
    name: "milvus-no-default-minio-credentials",
    group: "security",
    description:
        "When the Milvus release installs MinIO, its credentials come from minio.existingSecret or are set to non-default keys, never the chart's minioadmin/minioadmin.",
    remediationSteps:
        "Set minio.existingSecret to a Secret with generated accesskey/secretkey (MilvusRelease does), or disable MinIO and use a cloud bucket.",
    enforcementLevel: "mandatory",
    config: {},
    appliesTo: (type) => type === HELM_RELEASE,
    check(subject, _ctx, report, notApplicable) {
        withMilvusValues(subject, notApplicable, (values) => {
            const enabled = booleanAt(values, "minio.enabled") ?? true; // chart default: true
            if (enabled !== true) return;
            const existingSecret = stringAt(values, "minio.existingSecret");
            if (isUnknown(existingSecret) || (existingSecret !== undefined && existingSecret !== "")) return;
            const accessKey = stringAt(values, "minio.accessKey") ?? MINIO_DEFAULT;
            const secretKey = stringAt(values, "minio.secretKey") ?? MINIO_DEFAULT;
            if (isUnknown(accessKey) || isUnknown(secretKey)) return;
            const nonDefault = (k: string) => k !== "" && k !== MINIO_DEFAULT;
            if (!(nonDefault(accessKey) && nonDefault(secretKey))) {
                report(
                    `MinIO is enabled without minio.existingSecret and with ${accessKey === MINIO_DEFAULT || secretKey === MINIO_DEFAULT ? "the default minioadmin credentials" : "empty keys"}`,
                );
            }
        });
    },
});

/** Annotations that make a LoadBalancer Service internal (not internet-facing). */
function internalLoadBalancer(annotations: Record<string, string>): boolean {
    const get = (k: string) => annotations[k]?.toLowerCase();
    const awsType = get("service.beta.kubernetes.io/aws-load-balancer-type");
    const awsScheme = get("service.beta.kubernetes.io/aws-load-balancer-scheme");
    return (
        awsScheme === "internal" ||
        // The AWS Load Balancer Controller defaults to an internal scheme.
        (awsScheme === undefined && (awsType === "external" || awsType === "nlb-ip")) ||
        get("service.beta.kubernetes.io/aws-load-balancer-internal") === "true" ||
        get("service.beta.kubernetes.io/azure-load-balancer-internal") === "true" ||
        get("networking.gke.io/load-balancer-type") === "internal" ||
        get("cloud.google.com/load-balancer-type") === "internal"
    );
}

/** Annotations ingress controllers read allowed client CIDRs from. */
const INGRESS_SOURCE_RANGE_ANNOTATIONS = [
    "nginx.ingress.kubernetes.io/whitelist-source-range",
    "nginx.ingress.kubernetes.io/allowlist-source-range",
    "alb.ingress.kubernetes.io/inbound-cidrs",
];

function internalIngress(annotations: Record<string, string>, className: string | undefined): boolean {
    const scheme = annotations["alb.ingress.kubernetes.io/scheme"]?.toLowerCase();
    // ALB ingresses are internal unless the scheme says internet-facing.
    return scheme === "internal" || (scheme === undefined && className === "alb");
}

const SERVICE = "kubernetes:core/v1:Service";

/**
 * Milvus's metrics port: it also serves /healthz, the /management API, pprof
 * and config views, which Milvus does not uniformly authenticate.
 */
export const MILVUS_METRICS_PORT = 9091;

/** A LoadBalancer Service: not open to the internet, and never carrying Milvus's metrics port. */
function checkLoadBalancerService(
    props: Tree,
    open: (ranges: string[]) => boolean,
    report: (message: string) => void,
    notApplicable: (reason: string) => never,
): void {
    const type = stringAt(props, ["spec", "type"]);
    if (isUnknown(type) || type?.toLowerCase() !== "loadbalancer") notApplicable("not a LoadBalancer Service");
    const ports = listAt(props, ["spec", "ports"]);
    if (
        !isUnknown(ports) &&
        (ports ?? []).some(
            (p) =>
                numberAt(p, "port") === MILVUS_METRICS_PORT ||
                numberAt(p, "targetPort") === MILVUS_METRICS_PORT ||
                stringAt(p, "targetPort") === "metrics",
        )
    ) {
        report(`the LoadBalancer Service exposes port ${MILVUS_METRICS_PORT} (Milvus metrics, /management, pprof): keep it inside the cluster`);
    }
    const annotations = stringMapAt(props, ["metadata", "annotations"]) ?? {};
    if (isUnknown(annotations) || internalLoadBalancer(annotations)) return;
    const ranges = listAt(props, ["spec", "loadBalancerSourceRanges"]);
    if (isUnknown(ranges)) return;
    const known = knownStrings(ranges);
    if (open(known))
        report(
            `the LoadBalancer Service is internet-facing and open to ${known.length === 0 ? "any address (no loadBalancerSourceRanges)" : known.join(", ")}`,
        );
}

export const milvusNoOpenExposure = resourcePolicy({
    name: "milvus-no-open-exposure",
    group: "security",
    description:
        "The Milvus release exposes no internet-facing LoadBalancer Service, and no Attu or Milvus ingress, open to 0.0.0.0/0: internal load balancers or explicit client CIDRs only; no LoadBalancer Service carries Milvus's metrics port 9091.",
    remediationSteps: "Use exposure.type internal or clusterIP, or set exposure.sourceRanges / attu.ingress.sourceRanges to the client networks.",
    enforcementLevel: "mandatory",
    config: {
        openCidrs: stringListSetting('CIDRs that mean "the whole internet" besides any set of ranges that covers a whole address space.', OPEN_CIDRS),
    },
    appliesTo: (type) => type === HELM_RELEASE || type === SERVICE,
    check(subject, { config }, report, notApplicable) {
        const open = (ranges: string[]) => {
            const trimmed = ranges.map((r) => r.trim());
            return trimmed.length === 0 || admitsEveryone(trimmed) || trimmed.some((r) => config.openCidrs.includes(r));
        };
        if (subject.type === SERVICE) {
            checkLoadBalancerService(subject.props, open, report, notApplicable);
            return;
        }
        withMilvusValues(subject, notApplicable, (values) => {
            const services: Array<{ path: string; rangesSupported: boolean; enabled: boolean | typeof UNKNOWN | undefined }> = [
                { path: "service", rangesSupported: true, enabled: true },
                { path: "attu.service", rangesSupported: false, enabled: booleanAt(values, "attu.enabled") },
            ];
            for (const { path, rangesSupported, enabled } of services) {
                if (enabled !== true) continue;
                const type = stringAt(values, `${path}.type`);
                if (typeof type !== "string" || type.toLowerCase() !== "loadbalancer") continue;
                const annotations = stringMapAt(values, `${path}.annotations`) ?? {};
                if (isUnknown(annotations) || internalLoadBalancer(annotations)) continue;
                if (!rangesSupported) {
                    report(`${path} is an internet-facing LoadBalancer and the chart gives it no source ranges`);
                    continue;
                }
                const ranges = listAt(values, `${path}.loadBalancerSourceRanges`);
                if (isUnknown(ranges)) continue;
                const known = ranges === undefined ? ["0.0.0.0/0"] : knownStrings(ranges); // chart default: 0.0.0.0/0
                if (open(known))
                    report(
                        `${path} is an internet-facing LoadBalancer open to ${known.length === 0 ? "any address (no loadBalancerSourceRanges)" : known.join(", ")}`,
                    );
            }
            const ingresses = [
                { path: "attu.ingress", enabled: booleanAt(values, "attu.enabled") === true && booleanAt(values, "attu.ingress.enabled") === true },
                { path: "ingress", enabled: booleanAt(values, "ingress.enabled") === true },
            ];
            for (const { path, enabled } of ingresses) {
                if (!enabled) continue;
                const annotations = stringMapAt(values, `${path}.annotations`) ?? {};
                const className = stringAt(values, `${path}.ingressClassName`);
                if (isUnknown(annotations) || isUnknown(className)) continue;
                if (internalIngress(annotations, className)) continue;
                const ranges = INGRESS_SOURCE_RANGE_ANNOTATIONS.flatMap(
                    (a) =>
                        annotations[a]
                            ?.split(",")
                            .map((r) => r.trim())
                            .filter((r) => r !== "") ?? [],
                );
                if (open(ranges))
                    report(`${path} is reachable from ${ranges.length === 0 ? "any address (no source-range annotation)" : ranges.join(", ")}`);
            }
        });
    },
});

// ---------------------------------------------------------------- correctness

export const milvusUnusedPulsarDisabled = resourcePolicy({
    name: "milvus-unused-pulsar-disabled",
    group: "correctness",
    description:
        "The Milvus release disables the bundled Pulsar (pulsarv3.enabled: false) when Kafka or Woodpecker is the message queue; the chart enables it by default and would run an unused Pulsar.",
    remediationSteps: "Set pulsarv3.enabled: false whenever externalKafka/kafka or woodpecker is chosen.",
    enforcementLevel: "mandatory",
    config: {},
    appliesTo: (type) => type === HELM_RELEASE,
    check(subject, _ctx, report, notApplicable) {
        withMilvusValues(subject, notApplicable, (values) => {
            const pulsar = booleanAt(values, "pulsarv3.enabled") ?? true; // chart default: true
            if (pulsar !== true) return;
            const cluster = booleanAt(values, "cluster.enabled") ?? true; // chart default: true
            if (isUnknown(cluster)) return;
            const standaloneQueue = stringAt(values, "standalone.messageQueue") ?? "woodpecker"; // chart default: woodpecker
            const queue =
                booleanAt(values, "externalKafka.enabled") === true || booleanAt(values, "kafka.enabled") === true
                    ? "kafka"
                    : cluster && booleanAt(values, "woodpecker.enabled") === true
                      ? "woodpecker"
                      : !cluster && (standaloneQueue === "woodpecker" || standaloneQueue === "kafka")
                        ? standaloneQueue
                        : undefined;
            if (queue) report(`${queue} is the message queue but pulsarv3.enabled is not false: the chart would also run Pulsar`);
        });
    },
});

/** Exact chart versions: 1.2.3 with an optional pre-release or build suffix. */
const EXACT_VERSION = /^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Chart defaults that float (chart 5.0.19): used when the condition holds and
 * the values set no tag of their own.
 */
const FLOATING_CHART_DEFAULTS: Array<{ tagPath: string; inUse: (values: Tree) => boolean }> = [
    {
        // The separate Woodpecker StatefulSet (woodpecker.image.tag: latest) runs when not embedded.
        tagPath: "woodpecker.image.tag",
        inUse: (v) => booleanAt(v, "woodpecker.enabled") === true && booleanAt(v, "streaming.woodpecker.embedded") === false,
    },
];

function imageTagProblems(value: Value, path: string[], forbidden: string[]): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => imageTagProblems(v, [...path, String(i)], forbidden));
    if (!isTree(value)) return [];
    const problems: string[] = [];
    const isForbidden = (tag: string) => forbidden.some((f) => f.toLowerCase() === tag.trim().toLowerCase());
    for (const [key, v] of Object.entries(value)) {
        const here = [...path, key];
        if (key === "tag" && path.some((p) => p === "image" || p === "images") && typeof v === "string" && isForbidden(v)) {
            problems.push(`${here.join(".")} is "${v}"`);
        } else if (key === "image" && typeof v === "string" && !v.includes("@sha256:")) {
            const tag = /:([^:/]+)$/.exec(v)?.[1];
            if (tag === undefined || isForbidden(tag)) problems.push(`${here.join(".")} "${v}" has no pinned tag`);
        } else {
            problems.push(...imageTagProblems(v, here, forbidden));
        }
    }
    return problems;
}

export const milvusPinnedVersions = resourcePolicy({
    name: "milvus-pinned-versions",
    group: "correctness",
    description: "The Milvus release pins an exact chart version and no image tag floats (latest), including chart defaults that would float.",
    remediationSteps:
        "Set milvus.chartVersion and milvus.imageTag to exact versions; set an explicit tag for any image whose chart default is latest.",
    enforcementLevel: "mandatory",
    config: {
        forbiddenTags: stringListSetting("Image tags that float.", ["latest"]),
    },
    appliesTo: (type) => type === HELM_RELEASE,
    check(subject, { config }, report, notApplicable) {
        if (!isMilvusRelease(subject)) notApplicable("not a release of the milvus chart");
        const version = stringAt(subject.props, "version");
        if (version === undefined || version === "") report("no chart version: Helm installs whatever is newest");
        else if (typeof version === "string" && !EXACT_VERSION.test(version)) report(`chart version "${version}" is not an exact version`);
        const values = chartValues(subject);
        if (isUnknown(values)) return; // the version is checked; the values are not known yet
        for (const problem of imageTagProblems(values, [], config.forbiddenTags)) report(problem);
        for (const { tagPath, inUse } of FLOATING_CHART_DEFAULTS) {
            if (inUse(values) && stringAt(values, tagPath) === undefined) report(`${tagPath} is not set and the chart default is "latest"`);
        }
    },
});

export const MILVUS_POLICIES: Policies = [
    milvusAuthEnabled,
    milvusNoPlaintextCredentials,
    milvusNoDefaultMinioCredentials,
    milvusNoOpenExposure,
    milvusUnusedPulsarDisabled,
    milvusPinnedVersions,
];
