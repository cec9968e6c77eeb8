// The shape of the stack configuration, as the user writes it in
// stacks/Pulumi.<stack>.yaml under the `milvus-on-clouds:` namespace.
//
// This file describes *syntax* (types, enums, formats, unknown keys), and
// each key declares on its node (key(), key-meta.ts) what it means and its
// default, from which resolve.ts, the docs tables and Pulumi.yaml read.
// Defaults computed from other keys live in resolve.ts, and rules that span
// several keys (impossible combinations) live in rules.ts, so that every
// problem can be reported at once.
//
// Only what every platform shares is here: each platform's own block (`local`,
// `aws`, `azure`) is defined in its folder, and the registry
// (components/platforms.ts) puts the stack schema together.
import { z } from "zod";
import { ENVIRONMENTS } from "../../packages/stack-outputs/src/contract";
import { parseRange, type Family } from "../network/cidr";
import { cronProblem } from "./cron";
import { parseCpu, parseGiB } from "../sizing/quantities";
import { DEFAULT_INDEX_PARAMS, DEFAULT_SEGMENT_SIZE_MB, INDEX_TYPES, SEGMENT_SIZES_MB } from "../sizing/formulas";
import { DEFAULT_ALERT_THRESHOLDS } from "./alert-thresholds";
import { key } from "./key-meta";
import { KAFKA_SASL_MECHANISMS, KAFKA_SECURITY_PROTOCOLS } from "../shared/kafka";
import { COMPONENTS, MODES, type Component, type PodResources } from "../shared/milvus-layout";

// Named in the ground floor, where the sizing and the platform contract read them too.
export { CLUSTER_COMPONENTS, COMPONENTS, MODES, type ClusterComponent, type Component, type Mode } from "../shared/milvus-layout";

// The environments are part of the stack outputs contract (its `environment` output).
export { ENVIRONMENTS } from "../../packages/stack-outputs/src/contract";
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
        else if (value > max)
            ctx.addIssue({
                code: "custom",
                message: `allowed: at most ${max.toLocaleString("en-US")} ${unit} — more than any machine or volume a cloud offers`,
            });
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
export const cpuQuantity = bounded("a CPU quantity", parseCpuText, QUANTITY_LIMITS.cores, "cores", '"500m" or "2"');
/** Memory of a pod. */
export const memoryQuantity = bounded("a size", parseBytesText, QUANTITY_LIMITS.memoryGiB, "GiB", '"512Mi" or "8Gi"');
/** A volume or a pod's local disk. */
export const bytesQuantity = bounded("a size", parseBytesText, QUANTITY_LIMITS.volumeGiB, "GiB", '"512Mi" or "20Gi"');

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
        if (typeof range === "string")
            ctx.addIssue({ code: "custom", message: `${range}; allowed: an ${family ?? "IPv4 or IPv6"} CIDR block such as "${example}"` });
        else if (family && range.family !== family)
            ctx.addIssue({ code: "custom", message: `is an ${range.family} block; allowed: an ${family} CIDR block such as "${example}"` });
    });
}
export const cidr = cidrBlock();

/** A CronJob schedule (config/cron.ts): five fields in UTC, or a macro such as @daily. */
export const cronSchedule = z.string().superRefine((text, ctx) => {
    const problem = cronProblem(text);
    if (problem)
        ctx.addIssue({ code: "custom", message: `${problem}; allowed: a cron schedule such as "0 2 * * *" (02:00 UTC every day) or @daily` });
});
/**
 * What milvus-backup's --filter takes (zilliztech/milvus-backup v0.5.16,
 * internal/filter/filter.go): `collection` (default database), `db.collection`
 * or `db.*`; Milvus names start with a letter or '_'.
 */
const backupCollection = z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,254}(\.([A-Za-z_][A-Za-z0-9_]{0,254}|\*))?$/, 'must be a collection such as "docs", "db1.docs" or "db1.*"');
/** milvus-backup's backup names (core/backup/func.go ValidateName): a letter or '_' first, then letters, digits and '_', at most 128. */
export const backupName = z
    .string()
    .regex(
        /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
        "must be a backup name as milvus-backup lists it (letters, digits and '_', at most 128, not starting with a digit)",
    );
const objectPrefix = z
    .string()
    .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,4}$/,
        "must be a relative object key prefix such as \"backup\" (no leading or trailing '/')",
    );
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
export const HELM_REPOSITORY_ALLOWED =
    'allowed: an https:// Helm repository URL such as "https://charts.example.com/helm" or an OCI registry reference such as "oci://registry.example.com/charts" (without the chart name)';
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
        return (
            "must not carry credentials (user:password@): the URL is stored in clear text in the stack file and the Pulumi state; " +
            "for a chart source that needs a login, use an oci:// registry and run `helm registry login <host>` on the machine that runs pulumi " +
            "(pulumi-kubernetes reads Helm's registry config); image pull credentials belong in a Kubernetes Secret (milvus.imagePullSecrets)"
        );
    }
    if (url.hostname === "") return `names no host; ${HELM_REPOSITORY_ALLOWED}`;
    if (text.includes("?") || text.includes("#")) return `must not have a query (?...) or a fragment (#...); ${HELM_REPOSITORY_ALLOWED}`;
    if (scheme === "oci") {
        const bad = url.pathname
            .split("/")
            .filter((c) => c !== "")
            .find((c) => !OCI_PATH_COMPONENT.test(c));
        if (bad !== undefined)
            return `has the path component "${bad}"; OCI repository paths are lower-case letters and digits separated by '.', '_' or '-'`;
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
export const IMAGE_REGISTRY_ALLOWED =
    'allowed: a registry host with an optional port and path, without scheme, tag or trailing \'/\', such as "registry.example.com/mirror" or "10.0.0.5:5000"';
const REGISTRY_HOST =
    /^(localhost|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::(?<port>[0-9]{1,5}))?$/;
/** Room left for the longest image path the program appends (`eks/aws-load-balancer-controller:v3.5.0`): references are at most 255 characters. */
const IMAGE_REGISTRY_MAX = 200;

export function imageRegistryProblem(text: string): string | undefined {
    if (text === "") return undefined;
    if (/\s/.test(text)) return `must not contain spaces; ${IMAGE_REGISTRY_ALLOWED}`;
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
    if (scheme)
        return `must not start with a scheme (${scheme[1]}://): the container runtime connects with https (a plain-http mirror is set in the runtime's own config); ${IMAGE_REGISTRY_ALLOWED}`;
    if (text.includes("@"))
        return `must not carry credentials or a digest ('@'): pull credentials go into a Kubernetes Secret (milvus.imagePullSecrets); ${IMAGE_REGISTRY_ALLOWED}`;
    if (text.endsWith("/")) return `must not end with '/'; ${IMAGE_REGISTRY_ALLOWED}`;
    if (text.length > IMAGE_REGISTRY_MAX)
        return `allowed: at most ${IMAGE_REGISTRY_MAX} characters (image references are at most 255, and the image paths are appended to it)`;
    const [host, ...path] = text.split("/");
    const hostMatch = REGISTRY_HOST.exec(host);
    if (!hostMatch) return `has no valid registry host ("${host}"); ${IMAGE_REGISTRY_ALLOWED}`;
    const port = hostMatch.groups?.port;
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `has the port ${port}; allowed: a port from 1 to 65535`;
    if (!host.includes(".") && !host.includes(":") && host !== "localhost") {
        return `starts with "${host}", which a container runtime reads as a Docker Hub account, not a registry host (a host has a '.' or a ':port', or is localhost); ${IMAGE_REGISTRY_ALLOWED}`;
    }
    for (const component of path) {
        if (component.includes(":"))
            return `must not name a tag (":${component.split(":")[1]}"): each image keeps its own tag; ${IMAGE_REGISTRY_ALLOWED}`;
        if (!OCI_PATH_COMPONENT.test(component))
            return `has the path component "${component}"; path components are lower-case letters and digits separated by '.', '_' or '-'`;
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
    vectors: key(z.number().int().min(1).max(10_000_000_000), {
        allowed: "1 to 10,000,000,000",
        doc: "Number of entities (vectors).",
    }),
    dimension: key(z.number().int().min(2).max(32_768), {
        allowed: "2 to 32,768",
        doc: "Vector dimension (float32).",
    }),
    indexType: key(z.enum(INDEX_TYPES), {
        allowed: "`HNSW`, `IVF_FLAT`, `IVF_SQ8`, `DISKANN`, `FLAT`",
        doc: "Index the collection is loaded with.",
    }),
    scalarBytesPerEntity: key(z.number().min(0).max(60_000_000).optional(), {
        default: { value: 0 },
        allowed: "0 to 60,000,000",
        doc: "Average bytes of scalar fields per entity; loaded in full.",
    }),
    replicas: key(z.number().int().min(1).max(10).optional(), {
        default: { value: 1 },
        allowed: "1 to 10",
        doc: "In-memory replicas (`replica_number` at load). Multiplies the query nodes only.",
    }),
    segmentSizeMB: key(
        z
            .number()
            .refine((n) => (SEGMENT_SIZES_MB as readonly number[]).includes(n), "must be 512, 1024 or 2048")
            .optional(),
        {
            default: { value: DEFAULT_SEGMENT_SIZE_MB },
            allowed: "`512`, `1024`, `2048`",
            doc: "Maximum segment size; written to Milvus as `dataCoord.segment.maxSize`.",
        },
    ),
    hnswM: key(z.number().int().min(2).max(2048).optional(), {
        default: { value: DEFAULT_INDEX_PARAMS.hnswM },
        allowed: "2 to 2048",
        doc: "HNSW `M`. Only with `indexType: HNSW`.",
    }),
    nlist: key(z.number().int().min(1).max(65_536).optional(), {
        default: { value: DEFAULT_INDEX_PARAMS.nlist },
        allowed: "1 to 65,536",
        doc: "IVF `nlist`. Only with `IVF_FLAT` / `IVF_SQ8`.",
    }),
    diskannMaxDegree: key(z.number().int().min(1).max(2048).optional(), {
        default: { value: DEFAULT_INDEX_PARAMS.diskannMaxDegree },
        allowed: "1 to 2048",
        doc: "DiskANN `max_degree`. Only with `DISKANN`.",
    }),
});

const componentSchema = z.strictObject({
    replicas: key(z.number().int().min(1).max(100).optional(), {
        type: "integer 1-100",
        default: { text: "dev: 1; prod: 2 for `mixCoordinator`, `proxy`, `queryNode`, `dataNode`, `streamingNode`" },
        doc: "Replicas per component. `<name>` is `standalone`, `mixCoordinator`, `proxy`, `queryNode`, `dataNode` or `streamingNode`. Standalone mode allows only 1. More than one `mixCoordinator` turns active-standby on by itself.",
    }),
    resources: key(resourcesSchema.optional(), {
        type: "`{requests, limits}` with `cpu`, `memory`, `ephemeral-storage`",
        default: { text: "sized from `workload`, else the sizing tool's smallest size; requests = limits" },
        doc: "Kubernetes resources for that component (replace the default as a whole).",
        keys: "folded",
    }),
});

const SOURCE_RANGES_NOTE = "for `internal`, the cluster's own network";

export const milvusSchema = z.strictObject({
    mode: key(z.enum(MODES).optional(), {
        default: { dev: "standalone", prod: "cluster" },
        doc: "Standalone runs one Milvus pod; cluster runs the 2.6 components separately.",
    }),
    chartVersion: key(z.string().regex(SEMVER, 'must be an exact chart version such as "5.0.19" (no ranges)').optional(), {
        type: "exact version",
        default: { value: "5.0.19" },
        doc: "Milvus Helm chart version; ranges are refused.",
    }),
    chartRepository: key(helmRepository.optional(), {
        type: "`https://...` \\| `oci://...`",
        // The chart's upstream Helm repository.
        default: { value: "https://zilliztech.github.io/milvus-helm/" },
        doc: "Where the chart `milvus` comes from: a Helm repository URL (the one serving `index.yaml`) or an OCI registry reference without the chart name (`oci://registry.example.com/charts` installs `oci://registry.example.com/charts/milvus`). No credentials, query or fragment in it (log in to an OCI registry with `helm registry login`); plain `http://` only in dev or to this machine. See [Air-gapped installs](air-gapped.md).",
    }),
    imageTag: key(z.string().regex(IMAGE_TAG, 'must be a pinned Milvus release tag such as "v2.6.15" (never "latest")').optional(), {
        type: "`vX.Y.Z`",
        default: { value: "v2.6.15" },
        doc: "Milvus image tag; `latest` is refused, and it must be v2.6.0+ (the program deploys the 2.6 layout).",
    }),
    imagePullSecrets: key(z.array(dnsLabel("Secret name")).optional(), {
        type: "list of Secret names",
        default: { value: [] },
        doc: "Existing `kubernetes.io/dockerconfigjson` Secrets in the Milvus namespace that every pod there pulls its image with: Milvus, etcd, MinIO, Pulsar, Attu and the program's Jobs (root credential, backups, restore).",
    }),
    namespace: key(dnsLabel("namespace").optional(), {
        type: "DNS label",
        default: { value: "milvus" },
        doc: "Namespace created for Milvus. Changing it replaces the deployment.",
    }),
    releaseName: key(
        z
            .string()
            .regex(/^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/, "must be a Helm release name (lower-case letters, digits and '-', at most 53 characters)")
            .optional(),
        {
            type: "Helm release name",
            default: { value: "milvus" },
            doc: "Helm release name. Changing it replaces the deployment.",
        },
    ),
    messageQueue: key(z.enum(MESSAGE_QUEUES).optional(), {
        default: { text: "standalone: `woodpecker`; cluster: the platform's default (`local`: `pulsar`); `kafka` when `externalKafka` is set" },
        doc: "The streaming WAL / message queue. Woodpecker keeps it in the object store; Pulsar runs in-cluster (`pulsarv3`); Kafka is external (or MSK on AWS).",
    }),
    workload: key(workloadSchema.optional(), {
        default: { text: "—" },
        doc: "Describe the data (vectors, dimension, index type, ...) and let the program size every component: see [Sizing from the workload](sizing.md). Explicit `components.*` settings win.",
        keys: "table",
    }),
    components: key(
        z
            .strictObject(
                Object.fromEntries(COMPONENTS.map((c) => [c, componentSchema.optional()])) as Record<
                    Component,
                    z.ZodOptional<typeof componentSchema>
                >,
            )
            .optional(),
        {
            anyName: "<name>",
        },
    ),
    etcd: z
        .strictObject({
            replicas: key(
                z
                    .number()
                    .int()
                    .refine((n) => n === 1 || n === 3 || n === 5, "must be 1, 3 or 5 (an odd quorum)")
                    .optional(),
                {
                    type: "1, 3 or 5",
                    default: { text: "1 standalone, 3 cluster" },
                    doc: "etcd members (3+ required in prod cluster mode).",
                },
            ),
            storageSize: key(bytesQuantity.optional(), {
                type: "size",
                default: { text: "`10Gi` standalone, `20Gi` cluster" },
                doc: "etcd volume size.",
            }),
        })
        .optional(),
    minio: z
        .strictObject({
            mode: key(z.enum(["standalone", "distributed"]).optional(), {
                default: { dev: "standalone", prod: "distributed" },
                doc: "In-cluster MinIO (platforms without a cloud bucket only).",
            }),
            replicas: key(z.number().int().min(4).max(32).optional(), {
                type: "4-32",
                default: { value: 4 },
                doc: "MinIO pods in distributed mode.",
            }),
            storageSize: key(bytesQuantity.optional(), {
                type: "size",
                default: { dev: "50Gi", prod: "500Gi" },
                doc: "Per MinIO volume.",
            }),
        })
        .optional(),
    pulsar: z
        .strictObject({
            zookeeperReplicas: key(z.number().int().min(1).max(5).optional(), {
                type: "integers",
                default: { dev: 1, prod: 3 },
                doc: "In-cluster Pulsar sizing (only with `messageQueue: pulsar`). The ledger ensemble/quorum follows the bookie count (at most 2).",
            }),
            bookkeeperReplicas: key(z.number().int().min(1).max(10).optional(), { joinsPrevious: true, default: { dev: 1, prod: 3 } }),
            brokerReplicas: key(z.number().int().min(1).max(10).optional(), { joinsPrevious: true, default: { dev: 1, prod: 2 } }),
            proxyReplicas: key(z.number().int().min(1).max(10).optional(), { joinsPrevious: true, default: { dev: 1, prod: 2 } }),
            journalSize: key(bytesQuantity.optional(), {
                type: "size",
                default: { dev: "10Gi", prod: "100Gi" },
                doc: "BookKeeper volumes.",
            }),
            ledgersSize: key(bytesQuantity.optional(), { joinsPrevious: true, default: { dev: "20Gi", prod: "200Gi" } }),
        })
        .optional(),
    standaloneStorageSize: key(bytesQuantity.optional(), {
        type: "size",
        default: { value: "50Gi" },
        doc: "Standalone pod's local volume.",
    }),
    externalKafka: z
        .strictObject({
            brokers: key(z.array(z.string().regex(/^[^\s:,]+:[0-9]{1,5}$/, "must be host:port")).min(1), {
                type: "list of `host:port`",
                doc: "An existing Kafka cluster.",
            }),
            securityProtocol: key(z.enum(KAFKA_SECURITY_PROTOCOLS).optional(), {
                default: { value: "SASL_SSL" },
                doc: "How Milvus connects to the brokers.",
            }),
            saslMechanism: key(z.enum(KAFKA_SASL_MECHANISMS).optional(), {
                default: { text: "`SCRAM-SHA-512` with credentials" },
                doc: "SASL mechanism, with a `SASL_*` protocol.",
            }),
            credentialsSecret: z
                .strictObject({
                    name: key(dnsLabel("Secret name"), {
                        type: "Secret in the Milvus namespace",
                        doc: "Where Milvus reads the SASL credentials from (required with `SASL_*`).",
                    }),
                    usernameKey: key(z.string().min(1).optional(), { joinsPrevious: true, default: { value: "username" } }),
                    passwordKey: key(z.string().min(1).optional(), { joinsPrevious: true, default: { value: "password" } }),
                })
                .optional(),
        })
        .optional(),
    auth: z
        .strictObject({
            enabled: key(z.boolean().optional(), {
                default: { value: true },
                doc: "Milvus authentication (`common.security.authorizationEnabled`). The root password is generated; cannot be off in prod.",
            }),
            rootPasswordGeneration: key(z.number().int().min(1).max(1000).optional(), {
                type: "integer 1–1000",
                default: { value: 1 },
                doc: "Raise by one to rotate the generated root password: the next `pulumi up` generates a new one and a Job changes it in Milvus with the old one (see [How credentials are handled](security.md#how-credentials-are-handled)). Editing anything else never replaces the password.",
            }),
        })
        .optional(),
    tls: z
        .strictObject({
            mode: key(z.enum(["off", "server", "mutual"]).optional(), {
                default: { value: "off" },
                doc: "Client TLS on the Milvus proxy (`common.security.tlsMode` 1 or 2). Required in prod with `public` exposure; recommended with `internal`. Not with Attu: the chart's Attu connects over plain http. See [Client TLS](tls-and-backups.md#client-tls).",
            }),
            issuer: z
                .strictObject({
                    name: key(z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, "must be a cert-manager Issuer or ClusterIssuer name"), {
                        type: "name; `Issuer` \\| `ClusterIssuer`",
                        doc: "cert-manager issuer the program asks for the proxy's certificate (a `Certificate` in the Milvus namespace, Secret `<release>-milvus-tls`). Needs cert-manager in the cluster.",
                    }),
                    kind: key(z.enum(["Issuer", "ClusterIssuer"]).optional(), { joinsPrevious: true, default: { value: "ClusterIssuer" } }),
                })
                .optional(),
            secretName: key(dnsLabel("Secret name").optional(), {
                type: "Secret in the Milvus namespace",
                default: { text: "none" },
                doc: "Instead of an issuer: an existing `kubernetes.io/tls` Secret with `tls.crt`, `tls.key` and `ca.crt` (in `mutual` mode its certificate must also allow client auth).",
            }),
            dnsNames: key(
                z
                    .array(
                        z
                            .string()
                            .regex(
                                /^(\*\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/,
                                'must be a DNS name such as "milvus.example.com"',
                            ),
                    )
                    .optional(),
                {
                    type: "list of DNS names",
                    default: { value: [] },
                    doc: "Names the certificate covers besides the Service's own (`<service>`, `.<namespace>`, `.svc`, `.svc.cluster.local`), e.g. the load balancer's DNS name. Issuer only.",
                },
            ),
        })
        .optional(),
    backup: z
        .strictObject({
            enabled: key(z.boolean().optional(), {
                default: { dev: false, prod: true },
                doc: "Scheduled backups with milvus-backup (v0.5.16, the Milvus project's tool) into the stack's object store, through the same keyless identity as Milvus. In prod also a backup before every change of `chartVersion` or `imageTag`. See [Backup and restore](tls-and-backups.md#backup-and-restore).",
            }),
            schedule: key(cronSchedule.optional(), {
                type: "cron, five fields, UTC",
                default: { value: "0 2 * * *", note: "02:00 UTC daily" },
                doc: "When the CronJob `<release>-backup` runs. One backup at a time; a run missed by more than an hour is skipped.",
            }),
            retention: key(z.number().int().min(1).max(1000).optional(), {
                type: "integer 1–1000",
                default: { value: 7 },
                doc: "How many scheduled backups are kept; after each new one the oldest beyond this are deleted. Pre-upgrade and hand-made backups are never deleted by it.",
            }),
            collections: key(z.array(backupCollection).min(1).optional(), {
                type: "list: `coll`, `db.coll`, `db.*`",
                default: { value: [], note: "every collection of every database" },
                doc: "What the scheduled and pre-upgrade backups take (milvus-backup `--filter`).",
            }),
            rootPath: key(objectPrefix.optional(), {
                type: "object key prefix",
                default: { value: "backup" },
                doc: "Where in the bucket (or container) the backups go; must not overlap Milvus's own prefix.",
            }),
            bucket: key(bucketName.optional(), {
                type: "bucket name",
                default: { text: "the Milvus bucket" },
                doc: "In-cluster MinIO only: another bucket of that MinIO for the backups (milvus-backup creates it). On AWS and Azure the backups stay in the stack's own bucket, the only one the identity may write.",
            }),
            restore: z
                .strictObject({
                    backup: key(backupName, {
                        type: "backup name",
                        doc: "Restores this backup: the next `pulumi up` runs a Job `<release>-restore-<hash>` once and waits for it. Remove the block afterwards (deleting the finished Job).",
                    }),
                    collections: key(z.array(backupCollection).min(1).optional(), {
                        type: "list: `coll`, `db.coll`, `db.*`",
                        default: { value: [], note: "everything in the backup" },
                        doc: "What to restore.",
                    }),
                    suffix: key(
                        z
                            .string()
                            .regex(/^[A-Za-z0-9_]{1,64}$/, "must be letters, digits and '_' (at most 64), such as \"_restored\"")
                            .optional(),
                        {
                            type: "letters, digits, `_`",
                            default: { text: "none" },
                            doc: "Restores each collection under its name plus this suffix, beside the existing one.",
                        },
                    ),
                    dropExisting: key(z.boolean().optional(), {
                        default: { value: false },
                        doc: "Drops a collection of the same name before restoring it. Without it (and without a suffix) the restore of an existing collection fails.",
                    }),
                })
                .optional(),
        })
        .optional(),
    exposure: z
        .strictObject({
            type: key(z.enum(EXPOSURES).optional(), {
                default: { value: "clusterIP" },
                doc: "How Milvus is reached: inside the cluster only, or through a private (cloud platforms) or public load balancer, a Service `<fullname>-lb` of the program's own that carries port 19530 only (the chart's Service, with the metrics port 9091, stays `ClusterIP`).",
            }),
            sourceRanges: key(z.array(cidr).optional(), {
                type: "list of CIDRs",
                default: { value: [], note: SOURCE_RANGES_NOTE },
                doc: "Allowed clients of the load balancer; required for `public`; `0.0.0.0/0` and `::/0` are refused. An `internal` load balancer with none listed admits the VPC's CIDR blocks (AWS) or the VNet's address space (Azure), not the controllers' defaults.",
            }),
            annotations: key(stringMap.optional(), {
                default: { value: {} },
                doc: "Extra annotations of the load balancer Service (win over the platform's); with `clusterIP`, of the chart's Service.",
            }),
        })
        .optional(),
    attu: z
        .strictObject({
            enabled: key(z.boolean().optional(), {
                default: { value: false },
                doc: "Deploy the Attu web UI.",
            }),
            ingress: z
                .strictObject({
                    enabled: key(z.boolean().optional(), {
                        default: { value: false },
                        doc: "Put Attu behind an ingress (needs an ingress controller: `local.ingressClassName` on the local platform).",
                    }),
                    scope: key(z.enum(["internal", "public"]).optional(), {
                        default: { value: "internal" },
                        doc: "Ingress scope (cloud platforms map it to a private or internet-facing load balancer).",
                    }),
                    // A DNS name: at most 253 characters, labels of at most 63 (what Kubernetes checks an Ingress host against).
                    host: key(
                        z
                            .string()
                            .refine((h) => h.length <= 253, "must be a DNS host name of at most 253 characters")
                            .regex(
                                /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/,
                                "must be a DNS host name: dot-separated labels of 1-63 lower-case letters, digits and '-'",
                            )
                            .optional(),
                        {
                            type: "host name, Secret name",
                            default: { text: "none" },
                            doc: "Optional host rule and TLS Secret (TLS needs the host). Without a host the ingress has one rule that matches every host.",
                        },
                    ),
                    tlsSecretName: key(dnsLabel("Secret name").optional(), { joinsPrevious: true, default: { text: "none" } }),
                    sourceRanges: key(z.array(cidr).optional(), {
                        type: "list of CIDRs",
                        default: { value: [], note: SOURCE_RANGES_NOTE },
                        doc: "Allowed clients; required for a public ingress; `0.0.0.0/0` refused. An internal ingress with none listed admits the VPC's CIDR blocks (an ALB would otherwise admit `0.0.0.0/0`).",
                    }),
                    annotations: key(stringMap.optional(), {
                        default: { value: {} },
                        doc: "Extra ingress annotations.",
                    }),
                })
                .optional(),
        })
        .optional(),
    networkPolicies: z
        .strictObject({
            enabled: key(z.boolean().optional(), {
                default: { value: true },
                doc: "NetworkPolicies in the Milvus namespace: etcd, MinIO and Pulsar (no authentication of their own) admit only the Milvus pods and their peers; Milvus admits its own namespace, the namespaces below and, when exposed, its load balancer's sources. Needs a CNI that enforces them (EKS: the VPC CNI's network policy agent, which the program turns on; AKS: Cilium, the default; kind: Calico or Cilium).",
            }),
            clientNamespaces: key(z.array(dnsLabel("namespace")).optional(), {
                type: "list of namespaces",
                default: { value: [] },
                doc: "Other namespaces whose pods may reach Milvus on 19530 (your app's).",
            }),
            monitoringNamespaces: key(z.array(dnsLabel("namespace")).optional(), {
                type: "list of namespaces",
                default: { value: [] },
                doc: "Namespaces whose pods may scrape the metrics port 9091 (your Prometheus's).",
            }),
        })
        .optional(),
    metrics: z
        .strictObject({
            enabled: key(z.boolean().optional(), {
                default: { value: true },
                doc: "Metrics port on the Milvus Service.",
            }),
            serviceMonitor: key(z.boolean().optional(), {
                default: { value: false },
                doc: "Create a Prometheus-operator ServiceMonitor (needs its CRDs).",
            }),
            alerts: key(z.boolean().optional(), {
                default: { text: "prod: `metrics.serviceMonitor`; dev: `false`" },
                doc: "A PrometheusRule with the Milvus alerts (components down, latency, errors, memory, volumes, etcd); see [Monitoring](monitoring.md). Needs `serviceMonitor`.",
            }),
            dashboard: key(z.boolean().optional(), {
                default: { text: "prod: `metrics.serviceMonitor`; dev: `false`" },
                doc: 'A Grafana dashboard in a ConfigMap labelled `grafana_dashboard: "1"`, which the Grafana sidecar of kube-prometheus-stack loads from any namespace.',
            }),
            prometheusLabels: key(
                z
                    .record(
                        z
                            .string()
                            .regex(LABEL_KEY, "must be a Kubernetes label key ([prefix/]name, the name at most 63 letters, digits, '-', '_' or '.')"),
                        z.string().regex(LABEL_VALUE, "must be a Kubernetes label value (at most 63 letters, digits, '-', '_' or '.')"),
                    )
                    .optional(),
                {
                    default: { value: {} },
                    doc: "Labels your Prometheus selects ServiceMonitors and rules by, put on both; kube-prometheus-stack selects `release: <its release name>` by default.",
                },
            ),
            alertThresholds: key(
                z
                    .strictObject({
                        searchP99Ms: z.number().positive().optional(),
                        queryP99Ms: z.number().positive().optional(),
                        insertP99Ms: z.number().positive().optional(),
                        errorRatio: z.number().gt(0).lt(1).optional(),
                        memoryRatio: z.number().gt(0).max(1).optional(),
                        volumeFreeRatio: z.number().gt(0).lt(1).optional(),
                    })
                    .optional(),
                {
                    default: { value: DEFAULT_ALERT_THRESHOLDS },
                    doc: "Where the alerts fire: p99 latencies in ms, the failed share of requests, memory used over the limit, the free share of a volume.",
                    keys: "folded",
                },
            ),
        })
        .optional(),
    paused: key(z.boolean().optional(), {
        default: { value: false },
        doc: "Scales every Milvus pod to zero and back (`false`) with all data kept: etcd, MinIO, Pulsar and the volumes keep running, the scheduled backup is suspended. Upgrades, password rotations and restores are refused while paused. See [Day-2 operations](operations.md#day-2-operations).",
    }),
    /** Escape hatch: raw chart values, deep-merged over everything the program sets. */
    values: key(z.record(z.string(), z.unknown()).optional(), {
        default: { value: {} },
        doc: "Escape hatch: raw chart values deep-merged **last** over everything above, within limits: see [What `milvus.values` may change](#what-milvusvalues-may-change). Credentials (`secretKey`, `password`, `accessKey`, ...) are refused here.",
    }),
});

/** The keys every stack has, whatever its platform; `cloud` is checked against the registry. */
export const commonShape = {
    environment: key(z.enum(ENVIRONMENTS).optional(), {
        default: { value: "dev" },
        doc: "`prod` switches on HA defaults, protection of stateful resources and stricter rules (authentication cannot be off, etcd needs 3+ members in cluster mode).",
    }),
    milvus: key(milvusSchema.optional(), {
        default: { value: {}, note: "see below" },
        doc: "The Milvus deployment.",
        keys: "table",
    }),
    imageRegistry: key(imageRegistry.optional(), {
        type: "`host[:port][/path]`",
        // Pulumi.yaml declares it with this default (the CLI needs one): it means none.
        default: { value: "", note: "none: each image's own registry" },
        doc: "Air-gapped installs: every image the program and the charts pull comes from `<imageRegistry>/<image path without its registry host>`, tags unchanged (`milvusdb/milvus:v2.6.15` becomes `<imageRegistry>/milvusdb/milvus:v2.6.15`). No scheme, tag or trailing `/`; the host needs a `.`, a `:port` or is `localhost`. The image list is in [Air-gapped installs](air-gapped.md).",
    }),
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
