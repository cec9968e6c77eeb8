// Rules that span several keys: combinations that parse but cannot work.
// Each rule returns problems instead of throwing, so the user sees them all.
// These are the platform-neutral ones; each platform module adds its own, and
// what a platform can provide comes in as `config.capabilities`.
import { GIB, rawDataBytes, standaloneLimitBytes } from "../sizing/formulas";
import { parseCpu, parseGiB } from "../sizing/quantities";
import { MILVUS_ENV } from "../shared/chart-names";
import type { ConfigProblem } from "./problems";
import { imageOwnershipProblems, reachabilityAnnotationProblems, valuesOwnershipProblems } from "./values-ownership";
import { openToAnywhere, plainHttpProblem, semverOf, type Rule } from "./rule-kit";
import { CLUSTER_COMPONENTS, QUANTITY_LIMITS } from "./schema";
import type { SizingResult } from "../sizing/size";
import { backupIsConsistent } from "./backup-rules";

/** Keys of the chart values that hold credentials; they must never be plain values. */
const CREDENTIAL_KEYS = /^(accessKey|secretKey|password|saslPassword|defaultRootPassword|rootPassword|token)$/i;

function credentialPaths(value: unknown, path: string[] = []): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => credentialPaths(v, [...path, String(i)]));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([k, v]) =>
        CREDENTIAL_KEYS.test(k) && typeof v === "string" && v !== "" ? [[...path, k].join(".")] : credentialPaths(v, [...path, k]),
    );
}

const standaloneIsSingle: Rule = (input, { milvus }) => {
    if (milvus.mode !== "standalone") {
        return input.milvus?.components?.standalone
            ? [
                  {
                      key: "milvus.components.standalone",
                      given: input.milvus.components.standalone,
                      allowed: 'is read only in standalone mode (mode is "cluster"); set the cluster components instead',
                  },
              ]
            : [];
    }
    const problems: ConfigProblem[] = [];
    if (milvus.standalone.replicas > 1) {
        problems.push({
            key: "milvus.components.standalone.replicas",
            given: milvus.standalone.replicas,
            allowed: "allowed: 1 — standalone mode runs a single Milvus pod; use mode: cluster for more replicas",
        });
    }
    for (const c of CLUSTER_COMPONENTS) {
        const given = input.milvus?.components?.[c]?.replicas;
        if (given !== undefined && given > 1) {
            problems.push({
                key: `milvus.components.${c}.replicas`,
                given,
                allowed: "allowed: only in cluster mode — standalone mode runs one pod and would ignore it; set mode: cluster",
            });
        }
    }
    return problems;
};

const queueIsPossible: Rule = (input, { cloud, milvus, capabilities: caps }) => {
    const problems: ConfigProblem[] = [];
    const refused = caps.refusedQueues[milvus.messageQueue];
    if (refused) {
        problems.push({ key: "milvus.messageQueue", given: milvus.messageQueue, allowed: `is not supported on ${cloud}: ${refused}` });
    }
    if (milvus.messageQueue === "kafka" && !refused && !caps.providesKafka && !milvus.externalKafka) {
        problems.push({
            key: "milvus.messageQueue",
            given: "kafka",
            allowed: `the ${cloud} platform creates no Kafka; set milvus.externalKafka.brokers to an existing cluster, or choose woodpecker or pulsar`,
        });
    }
    if (milvus.externalKafka && milvus.messageQueue !== "kafka") {
        problems.push({
            key: "milvus.externalKafka",
            given: input.milvus?.externalKafka,
            allowed: `is read only when messageQueue is "kafka" (it is "${milvus.messageQueue}")`,
        });
    }
    const kafka = milvus.externalKafka;
    if (kafka) {
        const sasl = kafka.securityProtocol.startsWith("SASL_");
        if (sasl && !kafka.credentialsSecret) {
            problems.push({
                key: "milvus.externalKafka.credentialsSecret",
                given: undefined,
                allowed: `required with securityProtocol ${kafka.securityProtocol}: name a Secret in the Milvus namespace that holds the SASL username and password`,
            });
        }
        if (!sasl && kafka.credentialsSecret) {
            problems.push({
                key: "milvus.externalKafka.securityProtocol",
                given: kafka.securityProtocol,
                allowed: "allowed with credentialsSecret: SASL_SSL or SASL_PLAINTEXT (credentials are only sent over SASL)",
            });
        }
    }
    if (input.milvus?.pulsar && milvus.messageQueue !== "pulsar") {
        problems.push({
            key: "milvus.pulsar",
            given: input.milvus.pulsar,
            allowed: `is read only when messageQueue is "pulsar" (it is "${milvus.messageQueue}")`,
        });
    }
    return problems;
};

const milvusVersionMatchesLayout: Rule = (_input, { milvus }) => {
    const [major, minor] = semverOf(milvus.imageTag);
    return major < 2 || (major === 2 && minor < 6)
        ? [
              {
                  key: "milvus.imageTag",
                  given: milvus.imageTag,
                  allowed: "allowed: v2.6.0 or later — this program deploys the Milvus 2.6 layout (mixCoordinator, streamingNode)",
              },
          ]
        : [];
};

/**
 * The chart's release line and the Milvus it deploys: chart 5.0.x ships Milvus
 * 2.6 (appVersion 2.6.0 in milvus-5.0.0 up to 2.6.15 in milvus-5.0.19), chart
 * 4.2.x shipped 2.5. The program renders the 5.x layout, so it takes chart 5.x
 * with a 2.6 image, and nothing newer than the chart knows.
 */
const CHART_MILVUS_MINOR: Record<number, [number, number]> = { 5: [2, 6] };

const versionsBelongTogether: Rule = (_input, { milvus }) => {
    const [chartMajor] = semverOf(milvus.chartVersion);
    const pair = CHART_MILVUS_MINOR[chartMajor];
    if (!pair) {
        return [
            {
                key: "milvus.chartVersion",
                given: milvus.chartVersion,
                allowed: "allowed: a 5.x chart version (5.0.x deploys Milvus 2.6, the layout this program renders)",
            },
        ];
    }
    const [major, minor] = semverOf(milvus.imageTag);
    return major === pair[0] && minor > pair[1]
        ? [
              {
                  key: "milvus.imageTag",
                  given: milvus.imageTag,
                  allowed: `allowed with chart ${milvus.chartVersion}: v${pair.join(".")}.x — the chart's templates are those of Milvus ${pair.join(".")}; a newer Milvus needs the chart version that ships it`,
              },
          ]
        : [];
};

/** Every `resources` block the stack file sets under milvus, with its dotted key. */
function resourceBlocks(
    value: unknown,
    path: string[],
): Array<{ key: string; requests?: Record<string, unknown>; limits?: Record<string, unknown> }> {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
        if (k === "values") return [];
        if (k === "resources" && v !== null && typeof v === "object") {
            const r = v as { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
            return [{ key: [...path, k].join("."), requests: r.requests, limits: r.limits }];
        }
        return resourceBlocks(v, [...path, k]);
    });
}

/** Kubernetes refuses a pod whose request of a resource exceeds its limit (core/validation: "must be less than or equal to ... limit"). */
const requestsWithinLimits: Rule = (input) =>
    resourceBlocks(input.milvus, ["milvus"]).flatMap(({ key, requests, limits }) => {
        if (!requests || !limits) return [];
        return (["cpu", "memory", "ephemeral-storage"] as const).flatMap((name) => {
            const request = requests[name];
            const limit = limits[name];
            if (request === undefined || limit === undefined) return [];
            const amount = (q: unknown) => (name === "cpu" ? parseCpu(q as string | number) : parseGiB(String(q)));
            return amount(request) > amount(limit)
                ? [
                      {
                          key: `${key}.requests.${name}`,
                          given: request,
                          allowed: `must not exceed limits.${name} (${JSON.stringify(limit)}): Kubernetes refuses a request above its limit`,
                      },
                  ]
                : [];
        });
    });

const tlsIsConsistent: Rule = (input, { environment, milvus }) => {
    const given = input.milvus?.tls;
    const { tls, exposure, attu } = milvus;
    const problems: ConfigProblem[] = [];
    if (tls.mode === "off") {
        for (const key of ["issuer", "secretName", "dnsNames"] as const) {
            if (given?.[key] !== undefined)
                problems.push({
                    key: `milvus.tls.${key}`,
                    given: given[key],
                    allowed: "is read only when milvus.tls.mode is server or mutual (it is off)",
                });
        }
        if (environment === "prod" && exposure.type === "public") {
            problems.push({
                key: "milvus.tls.mode",
                given: "off",
                allowed:
                    "allowed in prod with exposure.type public: server or mutual — clients send the token `root:<password>` with every call, which would cross the internet in clear text",
            });
        }
        return problems;
    }
    if (given?.issuer && given.secretName) {
        problems.push({
            key: "milvus.tls.secretName",
            given: given.secretName,
            allowed:
                "set either milvus.tls.issuer (the program asks cert-manager for the certificate) or milvus.tls.secretName (a Secret you manage), not both",
        });
    } else if (!given?.issuer && !given?.secretName) {
        problems.push({
            key: "milvus.tls",
            given,
            allowed:
                "needs milvus.tls.issuer (a cert-manager Issuer or ClusterIssuer) or milvus.tls.secretName (a kubernetes.io/tls Secret with tls.crt, tls.key and ca.crt in the Milvus namespace)",
        });
    }
    if (attu.enabled) {
        problems.push({
            key: "milvus.attu.enabled",
            given: true,
            allowed:
                "allowed with milvus.tls on: false — the chart's Attu connects to Milvus over plain http (templates/_helpers.tpl, milvus.attu.env), which a TLS proxy refuses",
        });
    }
    return problems;
};

/** Attu in prod with a host name of its own: the browser session carries Milvus credentials, so the ingress serves TLS. */
const attuHostHasTls: Rule = (_input, { environment, milvus }) => {
    const ingress = milvus.attu.ingress;
    return environment === "prod" && milvus.attu.enabled && ingress.enabled && ingress.host && !ingress.tlsSecretName
        ? [
              {
                  key: "milvus.attu.ingress.tlsSecretName",
                  given: undefined,
                  allowed: `required in prod with attu.ingress.host (${ingress.host}): the TLS Secret for that host, so Attu logins do not travel in clear text`,
              },
          ]
        : [];
};

/** Namespaces Kubernetes itself keeps (default, kube-system, kube-public, kube-node-lease, and the kube- prefix). */
export function isReservedNamespace(name: string): boolean {
    return name === "default" || name.startsWith("kube-");
}

const namespacesAreOwn: Rule = (_input, { milvus }) => {
    const problems: ConfigProblem[] = [];
    if (isReservedNamespace(milvus.namespace)) {
        problems.push({
            key: "milvus.namespace",
            given: milvus.namespace,
            allowed:
                "must be a namespace of Milvus's own: the program creates it, puts NetworkPolicies in it and deletes it on destroy, and Kubernetes keeps default and kube-* for itself",
        });
    }
    return problems;
};

const objectStoreBlocks: Rule = (input, { cloud, capabilities }) =>
    input.milvus?.minio && capabilities.objectStore !== "minio"
        ? [
              {
                  key: "milvus.minio",
                  given: input.milvus.minio,
                  allowed: `is read only on platforms with in-cluster MinIO; ${cloud} uses a cloud bucket`,
              },
          ]
        : [];

const exposureIsSafe: Rule = (_input, { cloud, milvus, capabilities }) => {
    const { type, sourceRanges } = milvus.exposure;
    const problems = openToAnywhere("milvus.exposure.sourceRanges", sourceRanges);
    if (type === "internal" && !capabilities.internalLoadBalancer) {
        problems.push({
            key: "milvus.exposure.type",
            given: type,
            allowed: `allowed on ${cloud}: clusterIP or public — the ${cloud} platform has no internal load balancer`,
        });
    }
    if (type === "public" && sourceRanges.length === 0) {
        problems.push({
            key: "milvus.exposure.sourceRanges",
            given: sourceRanges,
            allowed: "required when exposure.type is public: the CIDRs allowed to reach Milvus",
        });
    }
    if (type === "clusterIP" && sourceRanges.length > 0) {
        problems.push({
            key: "milvus.exposure.sourceRanges",
            given: sourceRanges,
            allowed: "is read only when exposure.type is internal or public (it is clusterIP)",
        });
    }
    return problems;
};

const attuIsConsistent: Rule = (input, { milvus, capabilities }) => {
    const { attu } = milvus;
    const problems = openToAnywhere("milvus.attu.ingress.sourceRanges", attu.ingress.sourceRanges);
    if (attu.ingress.enabled && !attu.enabled) {
        problems.push({ key: "milvus.attu.ingress.enabled", given: true, allowed: "requires milvus.attu.enabled: true" });
    }
    if (attu.ingress.enabled && capabilities.noIngress !== undefined) {
        problems.push({ key: "milvus.attu.ingress.enabled", given: true, allowed: capabilities.noIngress });
    }
    if (attu.ingress.enabled && attu.ingress.scope === "public" && attu.ingress.sourceRanges.length === 0) {
        problems.push({
            key: "milvus.attu.ingress.sourceRanges",
            given: input.milvus?.attu?.ingress?.sourceRanges,
            allowed: "required when the Attu ingress is public: the CIDRs allowed to reach Attu",
        });
    }
    return problems;
};

const prodIsSafe: Rule = (_input, { environment, milvus }) => {
    if (environment !== "prod") return [];
    const problems: ConfigProblem[] = [];
    if (!milvus.auth.enabled) {
        problems.push({
            key: "milvus.auth.enabled",
            given: false,
            allowed: "allowed in prod: true — a production Milvus must require authentication",
        });
    }
    if (milvus.mode === "cluster" && milvus.etcd.replicas < 3) {
        problems.push({
            key: "milvus.etcd.replicas",
            given: milvus.etcd.replicas,
            allowed: "allowed in prod cluster mode: 3 or 5 — one etcd member is a single point of failure",
        });
    }
    return problems;
};

const rotationNeedsAuth: Rule = (_input, { milvus }) =>
    !milvus.auth.enabled && milvus.auth.rootPasswordGeneration > 1
        ? [
              {
                  key: "milvus.auth.rootPasswordGeneration",
                  given: milvus.auth.rootPasswordGeneration,
                  allowed: "requires milvus.auth.enabled: true (without authentication Milvus has no root password to rotate)",
              },
          ]
        : [];

const metricsAreConsistent: Rule = (input, { milvus }) => {
    const m = milvus.metrics;
    const problems: ConfigProblem[] = [];
    if (m.serviceMonitor && !m.enabled) {
        problems.push({
            key: "milvus.metrics.serviceMonitor",
            given: true,
            allowed: "requires milvus.metrics.enabled: true (the ServiceMonitor scrapes the metrics port)",
        });
    }
    // Said only when the key itself was set: the prod default follows serviceMonitor.
    if (input.milvus?.metrics?.alerts === true && !m.serviceMonitor) {
        problems.push({
            key: "milvus.metrics.alerts",
            given: true,
            allowed:
                "requires milvus.metrics.serviceMonitor: true (a PrometheusRule is a Prometheus-operator object, and the alerts read the metrics the ServiceMonitor scrapes)",
        });
    }
    if (input.milvus?.metrics?.dashboard === true && !m.enabled) {
        problems.push({
            key: "milvus.metrics.dashboard",
            given: true,
            allowed: "requires milvus.metrics.enabled: true (the dashboard shows the Milvus metrics)",
        });
    }
    if (Object.keys(m.prometheusLabels).length > 0 && !m.serviceMonitor) {
        problems.push({
            key: "milvus.metrics.prometheusLabels",
            given: m.prometheusLabels,
            allowed: "is read only with milvus.metrics.serviceMonitor: true (they go on the ServiceMonitor and the PrometheusRule)",
        });
    }
    if (input.milvus?.metrics?.alertThresholds && !m.alerts) {
        problems.push({
            key: "milvus.metrics.alertThresholds",
            given: input.milvus.metrics.alertThresholds,
            allowed: "is read only when milvus.metrics.alerts is true",
        });
    }
    return problems;
};

const pausedStacksRestoreNothing: Rule = (_input, { milvus }) =>
    milvus.paused && milvus.backup.restore
        ? [
              {
                  key: "milvus.backup.restore",
                  given: milvus.backup.restore.backup,
                  allowed:
                      "is refused while milvus.paused is true: a restore writes through Milvus; resume first (milvus.paused: false), then restore",
              },
          ]
        : [];

/** The Milvus chart over plain http:// to another machine is refused in prod (rule-kit.ts). */
const chartSourceIsSafe: Rule = (_input, { environment, milvus }) => plainHttpProblem("milvus.chartRepository", milvus.chartRepository, environment);

const valuesHoldNoCredentials: Rule = (_input, { milvus }) =>
    credentialPaths(milvus.values).map((path) => ({
        key: `milvus.values.${path}`,
        given: "(a credential)",
        allowed:
            "credentials are not allowed in chart values (the chart writes them into a ConfigMap); the program generates them and keeps them in a Kubernetes Secret",
    }));

const valuesKeepProgramGuarantees: Rule = (_input, { milvus }) => [
    ...valuesOwnershipProblems(milvus.values, Object.values(MILVUS_ENV)),
    ...imageOwnershipProblems(milvus.values, milvus),
    ...reachabilityAnnotationProblems(
        "milvus.exposure.annotations",
        milvus.exposure.annotations,
        "milvus.exposure.type and milvus.exposure.sourceRanges",
    ),
    ...reachabilityAnnotationProblems(
        "milvus.attu.ingress.annotations",
        milvus.attu.ingress.annotations,
        "milvus.attu.ingress.scope and milvus.attu.ingress.sourceRanges",
    ),
];

const INDEX_PARAMETERS = [
    { key: "hnswM", indexTypes: ["HNSW"] },
    { key: "nlist", indexTypes: ["IVF_FLAT", "IVF_SQ8"] },
    { key: "diskannMaxDegree", indexTypes: ["DISKANN"] },
] as const;

/** What one deployment may be sized to: the replicas a component may have (as in the schema) and one volume's size. */
const SIZING_LIMITS = { replicas: 100, volumeGiB: QUANTITY_LIMITS.volumeGiB } as const;

/**
 * A workload whose sizing goes beyond what one deployment can hold (more than
 * 100 pods of a component, or a volume larger than any cloud offers) is
 * refused: the plan would otherwise print, and the cloud refuse, tens of
 * thousands of query nodes or exabyte volumes.
 */
function sizingLimitProblems(sizing: SizingResult | undefined): ConfigProblem[] {
    if (!sizing) return [];
    const over: string[] = [];
    for (const [name, c] of Object.entries(sizing.components ?? {})) {
        if (c.replicas > SIZING_LIMITS.replicas) over.push(`${c.replicas} ${name} pods`);
        if ((c.localDiskGiB ?? 0) > SIZING_LIMITS.volumeGiB) over.push(`${c.localDiskGiB} GiB of local disk per ${name}`);
    }
    const volumes: Array<[string, number | undefined]> = [
        ["standalone volume", sizing.standaloneStorageGiB],
        ["etcd volume", sizing.etcd.volumeGiB],
        ["MinIO volume", sizing.minio.volumeGiB],
        ["BookKeeper ledgers volume", sizing.pulsar?.bookkeeper.ledgersGiB],
        ["Kafka broker volume", sizing.kafka?.broker.volumeGiB],
    ];
    for (const [what, gib] of volumes)
        if (gib !== undefined && gib > SIZING_LIMITS.volumeGiB) over.push(`a ${gib.toLocaleString("en-US")} GiB ${what}`);
    if (over.length === 0) return [];
    return [
        {
            key: "milvus.workload",
            given: `${sizing.workload.vectors.toLocaleString("en-US")} x ${sizing.workload.dimension}-dim ${sizing.workload.indexType}`,
            allowed: `sizes to ${over.join(", ")}; one deployment holds at most ${SIZING_LIMITS.replicas} pods per component and ${SIZING_LIMITS.volumeGiB.toLocaleString("en-US")} GiB per volume — split the data over several deployments (or collections on separate stacks), or lower vectors/dimension`,
        },
    ];
}

const workloadFits: Rule = (input, { milvus }) => {
    const given = input.milvus?.workload;
    const workload = milvus.workload;
    if (!given || !workload) return [];
    const problems: ConfigProblem[] = [];
    for (const { key, indexTypes } of INDEX_PARAMETERS) {
        if (given[key] !== undefined && !(indexTypes as readonly string[]).includes(workload.indexType)) {
            problems.push({
                key: `milvus.workload.${key}`,
                given: given[key],
                allowed: `is read only when indexType is ${indexTypes.join(" or ")} (it is ${workload.indexType}); remove it`,
            });
        }
    }
    if (milvus.mode === "standalone") {
        const raw = rawDataBytes(workload);
        const limit = standaloneLimitBytes(workload.indexType);
        if (raw > limit) {
            problems.push({
                key: "milvus.mode",
                given: "standalone",
                allowed:
                    `allowed for this workload: cluster — ${(raw / GIB).toFixed(1)} GiB of raw data is more than the sizing tool allows standalone ` +
                    `(${(limit / GIB).toFixed(1)} GiB${workload.indexType === "DISKANN" ? ", 500M 768-dim vectors with DiskANN" : ", 100M 768-dim vectors"})`,
            });
        }
        if (workload.replicas > 1) {
            problems.push({
                key: "milvus.workload.replicas",
                given: workload.replicas,
                allowed: "allowed in standalone mode: 1 — one standalone pod holds one replica; use mode: cluster for in-memory replicas",
            });
        }
    }
    problems.push(...sizingLimitProblems(milvus.sizing));
    if (milvus.mode === "cluster" && milvus.components.queryNode.replicas < workload.replicas) {
        problems.push({
            key: "milvus.components.queryNode.replicas",
            given: milvus.components.queryNode.replicas,
            allowed: `allowed: at least ${workload.replicas} — milvus.workload.replicas asks for ${workload.replicas} in-memory replicas and each needs its own query node`,
        });
    }
    return problems;
};

export const COMMON_RULES: readonly Rule[] = [
    standaloneIsSingle,
    queueIsPossible,
    milvusVersionMatchesLayout,
    versionsBelongTogether,
    namespacesAreOwn,
    requestsWithinLimits,
    tlsIsConsistent,
    attuHostHasTls,
    objectStoreBlocks,
    exposureIsSafe,
    attuIsConsistent,
    prodIsSafe,
    rotationNeedsAuth,
    metricsAreConsistent,
    pausedStacksRestoreNothing,
    chartSourceIsSafe,
    valuesHoldNoCredentials,
    valuesKeepProgramGuarantees,
    workloadFits,
    backupIsConsistent,
];
