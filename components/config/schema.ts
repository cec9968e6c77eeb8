// The shape of the stack configuration, as the user writes it in
// stacks/Pulumi.<stack>.yaml under the `milvus-on-clouds:` namespace.
//
// This file only describes *syntax* (types, enums, formats, unknown keys).
// Defaults that depend on other keys live in resolve.ts, and rules that span
// several keys (impossible combinations) live in rules.ts, so that every
// problem can be reported at once.
//
// Only what every platform shares is here: each platform's own block (`local`,
// `aws`, `azure`) is defined in its folder, and the registry
// (components/platforms.ts) puts the stack schema together.
import { z } from "zod";
import { parseRange, type Family } from "../network/cidr";
import { cronProblem } from "./cron";
import { parseCpu, parseGiB } from "../sizing/quantities";
import { INDEX_TYPES, SEGMENT_SIZES_MB } from "../sizing/formulas";
import { COMPONENTS, MODES, type Component, type PodResources } from "../shared/milvus-layout";

// Named in the ground floor, where the sizing and the platform contract read them too.
export { CLUSTER_COMPONENTS, COMPONENTS, MODES, type ClusterComponent, type Component, type Mode } from "../shared/milvus-layout";

export const ENVIRONMENTS = ["dev", "prod"] as const;
export const MESSAGE_QUEUES = ["woodpecker", "pulsar", "kafka"] as const;
export const EXPOSURES = ["clusterIP", "internal", "public"] as const;

export type Environment = (typeof ENVIRONMENTS)[number];
export type MessageQueueKind = (typeof MESSAGE_QUEUES)[number];
export type ExposureType = (typeof EXPOSURES)[number];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const dnsLabel = (what: string) =>
    z.string().regex(DNS_LABEL, `must be a DNS-1123 label (${what}: lower-case letters, digits and '-', at most 63 characters)`);

/** Kubernetes quantities: "500m", "2", "1.5", "4Gi", "512Mi", "100G". */
const CPU_QUANTITY = /^([0-9]+m|[0-9]+(\.[0-9]+)?)$/;
const BYTES_QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;
/**
 * Upper bounds no cloud can meet beyond: the largest machines offered have 448
 * vCPUs and 24 TiB of memory (EC2 High Memory u-24tb1.112xlarge), and the
 * largest block volume is 64 TiB (EBS io2 Block Express, Azure Ultra Disk).
 * Above them a value is a typo, and would fail only when the cloud or the
 * scheduler sees it.
 */
export const QUANTITY_LIMITS = { cores: 448, memoryGiB: 24 * 1024, volumeGiB: 64 * 1024 } as const;

function bounded(what: string, parse: (q: string) => number, max: number, unit: string, example: string) {
    return z.string().superRefine((q, ctx) => {
        let value: number;
        try {
            value = parse(q);
        } catch {
            ctx.addIssue({ code: "custom", message: `must be ${what} such as ${example}` });
            return;
        }
        if (!(value > 0)) ctx.addIssue({ code: "custom", message: `must be more than 0 (${what} such as ${example})` });
        else if (value > max) ctx.addIssue({ code: "custom", message: `allowed: at most ${max.toLocaleString("en-US")} ${unit} — more than any machine or volume a cloud offers` });
    });
}

const parseCpuText = (q: string) => {
    if (!CPU_QUANTITY.test(q)) throw new Error(q);
    return parseCpu(q);
};
const parseBytesText = (q: string) => {
    if (!BYTES_QUANTITY.test(q)) throw new Error(q);
    return parseGiB(q);
};
export const cpuQuantity = bounded("a CPU quantity", parseCpuText, QUANTITY_LIMITS.cores, "cores", "\"500m\" or \"2\"");
/** Memory of a pod. */
export const memoryQuantity = bounded("a size", parseBytesText, QUANTITY_LIMITS.memoryGiB, "GiB", "\"512Mi\" or \"8Gi\"");
/** A volume or a pod's local disk. */
export const bytesQuantity = bounded("a size", parseBytesText, QUANTITY_LIMITS.volumeGiB, "GiB", "\"512Mi\" or \"20Gi\"");

const resourceAmounts = z.strictObject({
    cpu: z.union([cpuQuantity, z.number().positive().max(QUANTITY_LIMITS.cores)]).optional(),
    memory: memoryQuantity.optional(),
    "ephemeral-storage": bytesQuantity.optional(),
});

/** Checks the ground floor's shape of a pod's resources (shared/milvus-layout.ts), which the sizing fills in too. */
export const resourcesSchema: z.ZodType<PodResources> = z.strictObject({
    requests: resourceAmounts.optional(),
    limits: resourceAmounts.optional(),
});

const componentSchema = z.strictObject({
    replicas: z.number().int().min(1).max(100).optional(),
    resources: resourcesSchema.optional(),
});

const stringMap = z.record(z.string(), z.string());
/** Kubernetes label syntax (apimachinery validation: IsQualifiedName, IsValidLabelValue). */
const LABEL_NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
const LABEL_KEY = new RegExp(`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?${LABEL_NAME}$`);
const LABEL_VALUE = new RegExp(`^(${LABEL_NAME})?$`);

/**
 * A CIDR block, read by meaning (components/network/cidr.ts, through ipaddr.js):
 * a valid address, a prefix its family allows, no host bits set. `family`
 * narrows it to IPv4 or IPv6 where a cloud takes only one.
 */
export function cidrBlock(family?: Family, example = family === "IPv6" ? "fd00::/64" : "10.0.0.0/16") {
    return z.string().superRefine((text, ctx) => {
        const range = parseRange(text);
        if (typeof range === "string") ctx.addIssue({ code: "custom", message: `${range}; allowed: an ${family ?? "IPv4 or IPv6"} CIDR block such as "${example}"` });
        else if (family && range.family !== family) ctx.addIssue({ code: "custom", message: `is an ${range.family} block; allowed: an ${family} CIDR block such as "${example}"` });
    });
}
export const cidr = cidrBlock();

/** A CronJob schedule (config/cron.ts): five fields in UTC, or a macro such as @daily. */
export const cronSchedule = z.string().superRefine((text, ctx) => {
    const problem = cronProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: `${problem}; allowed: a cron schedule such as "0 2 * * *" (02:00 UTC every day) or @daily` });
});
/**
 * What milvus-backup's --filter takes (zilliztech/milvus-backup v0.5.16,
 * internal/filter/filter.go): `collection` (default database), `db.collection`
 * or `db.*`; Milvus names start with a letter or '_'.
 */
const backupCollection = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,254}(\.([A-Za-z_][A-Za-z0-9_]{0,254}|\*))?$/, "must be a collection such as \"docs\", \"db1.docs\" or \"db1.*\"");
/** milvus-backup's backup names (core/backup/func.go ValidateName): a letter or '_' first, then letters, digits and '_', at most 128. */
export const backupName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "must be a backup name as milvus-backup lists it (letters, digits and '_', at most 128, not starting with a digit)");
const objectPrefix = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,4}$/, "must be a relative object key prefix such as \"backup\" (no leading or trailing '/')");
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name: 3-63 lower-case letters, digits, '.' and '-'");

const SEMVER = /^[0-9]+\.[0-9]+\.[0-9]+$/;

/**
 * Where a Helm chart comes from (milvus.chartRepository,
 * aws.loadBalancerController.chartRepository): one rule for both. An http(s)
 * Helm repository (the URL that serves index.yaml) or an OCI registry
 * reference without the chart's name (oci://host[:port]/path). Credentials
 * never go into the URL: it is stored in clear text in the stack file and the
 * Pulumi state. Plain http:// to another machine is refused in prod by the
 * rules (rule-kit.ts, plainHttpProblem), not here: it parses.
 */
export const HELM_REPOSITORY_ALLOWED = "allowed: an https:// Helm repository URL such as \"https://charts.example.com/helm\" or an OCI registry reference such as \"oci://registry.example.com/charts\" (without the chart name)";
/** An OCI repository path component (distribution spec: lower-case letters and digits, separated by '.', '_', '__' or '-'). */
const OCI_PATH_COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;

export function helmRepositoryProblem(text: string): string | undefined {
    if (/\s/.test(text)) return `must not contain spaces; ${HELM_REPOSITORY_ALLOWED}`;
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return `is not a URL; ${HELM_REPOSITORY_ALLOWED}`;
    }
    const scheme = url.protocol.replace(/:$/, "");
    if (!["https", "http", "oci"].includes(scheme)) return `has the scheme ${scheme}://; ${HELM_REPOSITORY_ALLOWED}`;
    if (url.username !== "" || url.password !== "") {
        return "must not carry credentials (user:password@): the URL is stored in clear text in the stack file and the Pulumi state; " +
            "for a chart source that needs a login, use an oci:// registry and run `helm registry login <host>` on the machine that runs pulumi " +
            "(pulumi-kubernetes reads Helm's registry config); image pull credentials belong in a Kubernetes Secret (milvus.imagePullSecrets)";
    }
    if (url.hostname === "") return `names no host; ${HELM_REPOSITORY_ALLOWED}`;
    if (text.includes("?") || text.includes("#")) return `must not have a query (?...) or a fragment (#...); ${HELM_REPOSITORY_ALLOWED}`;
    if (scheme === "oci") {
        const bad = url.pathname.split("/").filter((c) => c !== "").find((c) => !OCI_PATH_COMPONENT.test(c));
        if (bad !== undefined) return `has the path component "${bad}"; OCI repository paths are lower-case letters and digits separated by '.', '_' or '-'`;
    }
    return undefined;
}

/** The value as a problem shows it: user and password before a host replaced by *** (the message must not print them). */
function withoutUserinfo(text: string): string {
    return text.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^/@]*@/, (_match, scheme: string | undefined) => `${scheme ?? ""}***@`);
}

export const helmRepository = z.string().superRefine((text, ctx) => {
    const problem = helmRepositoryProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: withoutUserinfo(text) });
});

/**
 * The registry every image is pulled from (`imageRegistry`):
 * host[:port][/path], as the first part of an image reference (Docker's
 * reference grammar, distribution/reference). The host must look like one (a
 * '.', a ':port', or localhost): otherwise a container runtime reads the first
 * component as a Docker Hub account. No scheme (the runtime picks https), no
 * tag or digest. The empty string (Pulumi.yaml's default) means none.
 */
export const IMAGE_REGISTRY_ALLOWED = "allowed: a registry host with an optional port and path, without scheme, tag or trailing '/', such as \"registry.example.com/mirror\" or \"10.0.0.5:5000\"";
const REGISTRY_HOST = /^(localhost|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::(?<port>[0-9]{1,5}))?$/;
/** Room left for the longest image path the program appends (`eks/aws-load-balancer-controller:v3.5.0`): references are at most 255 characters. */
const IMAGE_REGISTRY_MAX = 200;

export function imageRegistryProblem(text: string): string | undefined {
    if (text === "") return undefined;
    if (/\s/.test(text)) return `must not contain spaces; ${IMAGE_REGISTRY_ALLOWED}`;
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
    if (scheme) return `must not start with a scheme (${scheme[1]}://): the container runtime connects with https (a plain-http mirror is set in the runtime's own config); ${IMAGE_REGISTRY_ALLOWED}`;
    if (text.includes("@")) return `must not carry credentials or a digest ('@'): pull credentials go into a Kubernetes Secret (milvus.imagePullSecrets); ${IMAGE_REGISTRY_ALLOWED}`;
    if (text.endsWith("/")) return `must not end with '/'; ${IMAGE_REGISTRY_ALLOWED}`;
    if (text.length > IMAGE_REGISTRY_MAX) return `allowed: at most ${IMAGE_REGISTRY_MAX} characters (image references are at most 255, and the image paths are appended to it)`;
    const [host, ...path] = text.split("/");
    const hostMatch = REGISTRY_HOST.exec(host);
    if (!hostMatch) return `has no valid registry host ("${host}"); ${IMAGE_REGISTRY_ALLOWED}`;
    const port = hostMatch.groups?.port;
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `has the port ${port}; allowed: a port from 1 to 65535`;
    if (!host.includes(".") && !host.includes(":") && host !== "localhost") {
        return `starts with "${host}", which a container runtime reads as a Docker Hub account, not a registry host (a host has a '.' or a ':port', or is localhost); ${IMAGE_REGISTRY_ALLOWED}`;
    }
    for (const component of path) {
        if (component.includes(":")) return `must not name a tag (":${component.split(":")[1]}"): each image keeps its own tag; ${IMAGE_REGISTRY_ALLOWED}`;
        if (!OCI_PATH_COMPONENT.test(component)) return `has the path component "${component}"; path components are lower-case letters and digits separated by '.', '_' or '-'`;
    }
    return undefined;
}

export const imageRegistry = z.string().superRefine((text, ctx) => {
    const problem = imageRegistryProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: withoutUserinfo(text) });
});
const IMAGE_TAG = /^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/;

/**
 * The workload Milvus must hold. When given, the program sizes every component
 * with the official sizing tool's formulas (components/sizing); explicit
 * component settings still win. Ranges are the sizing tool's.
 */
export const workloadSchema = z.strictObject({
    /** Number of entities (vectors) in the collection(s). */
    vectors: z.number().int().min(1).max(10_000_000_000),
    dimension: z.number().int().min(2).max(32_768),
    indexType: z.enum(INDEX_TYPES),
    /** Average bytes of scalar fields per entity. */
    scalarBytesPerEntity: z.number().min(0).max(60_000_000).optional(),
    /** In-memory replicas (Milvus `replica_number` at load time). */
    replicas: z.number().int().min(1).max(10).optional(),
    /** Maximum segment size in MB (`dataCoord.segment.maxSize`). */
    segmentSizeMB: z.number().refine((n) => (SEGMENT_SIZES_MB as readonly number[]).includes(n), "must be 512, 1024 or 2048").optional(),
    /** HNSW `M` (graph degree); HNSW only. */
    hnswM: z.number().int().min(2).max(2048).optional(),
    /** IVF `nlist`; IVF_FLAT and IVF_SQ8 only. */
    nlist: z.number().int().min(1).max(65_536).optional(),
    /** DiskANN `max_degree`; DISKANN only. */
    diskannMaxDegree: z.number().int().min(1).max(2048).optional(),
});

export const milvusSchema = z.strictObject({
    mode: z.enum(MODES).optional(),
    chartVersion: z.string().regex(SEMVER, "must be an exact chart version such as \"5.0.19\" (no ranges)").optional(),
    chartRepository: helmRepository.optional(),
    imageTag: z.string().regex(IMAGE_TAG, "must be a pinned Milvus release tag such as \"v2.6.15\" (never \"latest\")").optional(),
    /** Secrets (kubernetes.io/dockerconfigjson) in the Milvus namespace every pod pulls its image with. */
    imagePullSecrets: z.array(dnsLabel("Secret name")).optional(),
    namespace: dnsLabel("namespace").optional(),
    releaseName: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/, "must be a Helm release name (lower-case letters, digits and '-', at most 53 characters)").optional(),
    messageQueue: z.enum(MESSAGE_QUEUES).optional(),
    workload: workloadSchema.optional(),
    components: z.strictObject(Object.fromEntries(COMPONENTS.map((c) => [c, componentSchema.optional()])) as Record<Component, z.ZodOptional<typeof componentSchema>>).optional(),
    etcd: z.strictObject({
        replicas: z.number().int().refine((n) => n === 1 || n === 3 || n === 5, "must be 1, 3 or 5 (an odd quorum)").optional(),
        storageSize: bytesQuantity.optional(),
    }).optional(),
    minio: z.strictObject({
        mode: z.enum(["standalone", "distributed"]).optional(),
        replicas: z.number().int().min(4).max(32).optional(),
        storageSize: bytesQuantity.optional(),
    }).optional(),
    pulsar: z.strictObject({
        zookeeperReplicas: z.number().int().min(1).max(5).optional(),
        bookkeeperReplicas: z.number().int().min(1).max(10).optional(),
        brokerReplicas: z.number().int().min(1).max(10).optional(),
        proxyReplicas: z.number().int().min(1).max(10).optional(),
        journalSize: bytesQuantity.optional(),
        ledgersSize: bytesQuantity.optional(),
    }).optional(),
    standaloneStorageSize: bytesQuantity.optional(),
    externalKafka: z.strictObject({
        brokers: z.array(z.string().regex(/^[^\s:,]+:[0-9]{1,5}$/, "must be host:port")).min(1),
        securityProtocol: z.enum(["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]).optional(),
        saslMechanism: z.enum(["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]).optional(),
        credentialsSecret: z.strictObject({
            name: dnsLabel("Secret name"),
            usernameKey: z.string().min(1).optional(),
            passwordKey: z.string().min(1).optional(),
        }).optional(),
    }).optional(),
    auth: z.strictObject({
        enabled: z.boolean().optional(),
        rootPasswordGeneration: z.number().int().min(1).max(1000).optional(),
    }).optional(),
    tls: z.strictObject({
        mode: z.enum(["off", "server", "mutual"]).optional(),
        issuer: z.strictObject({
            name: z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, "must be a cert-manager Issuer or ClusterIssuer name"),
            kind: z.enum(["Issuer", "ClusterIssuer"]).optional(),
        }).optional(),
        secretName: dnsLabel("Secret name").optional(),
        dnsNames: z.array(z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/, "must be a DNS name such as \"milvus.example.com\"")).optional(),
    }).optional(),
    backup: z.strictObject({
        enabled: z.boolean().optional(),
        schedule: cronSchedule.optional(),
        retention: z.number().int().min(1).max(1000).optional(),
        collections: z.array(backupCollection).min(1).optional(),
        rootPath: objectPrefix.optional(),
        bucket: bucketName.optional(),
        restore: z.strictObject({
            backup: backupName,
            collections: z.array(backupCollection).min(1).optional(),
            suffix: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "must be letters, digits and '_' (at most 64), such as \"_restored\"").optional(),
            dropExisting: z.boolean().optional(),
        }).optional(),
    }).optional(),
    exposure: z.strictObject({
        type: z.enum(EXPOSURES).optional(),
        sourceRanges: z.array(cidr).optional(),
        annotations: stringMap.optional(),
    }).optional(),
    attu: z.strictObject({
        enabled: z.boolean().optional(),
        ingress: z.strictObject({
            enabled: z.boolean().optional(),
            scope: z.enum(["internal", "public"]).optional(),
            // A DNS name: at most 253 characters, labels of at most 63 (what Kubernetes checks an Ingress host against).
            host: z.string().refine((h) => h.length <= 253, "must be a DNS host name of at most 253 characters")
                .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/, "must be a DNS host name: dot-separated labels of 1-63 lower-case letters, digits and '-'").optional(),
            tlsSecretName: dnsLabel("Secret name").optional(),
            sourceRanges: z.array(cidr).optional(),
            annotations: stringMap.optional(),
        }).optional(),
    }).optional(),
    networkPolicies: z.strictObject({
        enabled: z.boolean().optional(),
        clientNamespaces: z.array(dnsLabel("namespace")).optional(),
        monitoringNamespaces: z.array(dnsLabel("namespace")).optional(),
    }).optional(),
    metrics: z.strictObject({
        enabled: z.boolean().optional(),
        serviceMonitor: z.boolean().optional(),
        alerts: z.boolean().optional(),
        dashboard: z.boolean().optional(),
        prometheusLabels: z.record(
            z.string().regex(LABEL_KEY, "must be a Kubernetes label key ([prefix/]name, the name at most 63 letters, digits, '-', '_' or '.')"),
            z.string().regex(LABEL_VALUE, "must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.')"),
        ).optional(),
        alertThresholds: z.strictObject({
            searchP99Ms: z.number().positive().optional(),
            queryP99Ms: z.number().positive().optional(),
            insertP99Ms: z.number().positive().optional(),
            errorRatio: z.number().gt(0).lt(1).optional(),
            memoryRatio: z.number().gt(0).max(1).optional(),
            volumeFreeRatio: z.number().gt(0).lt(1).optional(),
        }).optional(),
    }).optional(),
    /** Day-2 stop/start: every Milvus pod scaled to zero, all data kept. */
    paused: z.boolean().optional(),
    /** Escape hatch: raw chart values, deep-merged over everything the program sets. */
    values: z.record(z.string(), z.unknown()).optional(),
});

/** The keys every stack has, whatever its platform; `cloud` is checked against the registry. */
export const commonShape = {
    environment: z.enum(ENVIRONMENTS).optional(),
    milvus: milvusSchema.optional(),
    /** Every image from this registry (components/platform/images.ts); "" (Pulumi.yaml's default) for none. */
    imageRegistry: imageRegistry.optional(),
};

/** The common part of a parsed stack config. */
export interface CommonInput {
    cloud: string;
    environment?: Environment;
    milvus?: MilvusInput;
    imageRegistry?: string;
}

export type MilvusInput = z.infer<typeof milvusSchema>;
export type WorkloadInput = z.infer<typeof workloadSchema>;
export type ResourcesInput = PodResources;
