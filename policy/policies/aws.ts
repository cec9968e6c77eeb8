// AWS guardrails: S3 buckets, MSK, EKS and IAM.
import type { Policies } from "@pulumi/policy";
// The same range arithmetic as the program's config rules (ipaddr.js), so both answer alike.
import { admitsEveryone } from "../../components/network/cidr";
import { effectOf, statementsOf, stringsOf } from "./documents";
import {
    type StackSubject,
    type Subject,
    globMatch,
    integerListSetting,
    integerSetting,
    resourcePolicy,
    stackPolicy,
    stringListSetting,
} from "./framework";
import { type Tree, type Value, UNKNOWN, at, booleanAt, isTree, isUnknown, knownStrings, listAt, stringAt } from "./known";
import { AWS, S3_BUCKETS } from "./types";

/** Literal spellings of "everyone"; any set of ranges whose union is a whole address space counts too (admitsEveryone). */
export const OPEN_CIDRS = ["0.0.0.0/0", "::/0"];

// ---------------------------------------------------------------- S3

/** Resources of `types` that configure `bucket` (by property dependency, dependency, or bucket name). */
function attachedTo(bucket: StackSubject, resources: StackSubject[], types: readonly string[]): StackSubject[] {
    const bucketName = stringAt(bucket.props, "bucket");
    return resources.filter((r) => {
        if (!types.includes(r.type)) return false;
        const viaProperty = r.propertyDependencies.bucket;
        if (viaProperty && viaProperty.length > 0) return viaProperty.includes(bucket.urn);
        if (r.dependencies.includes(bucket.urn)) return true;
        const name = stringAt(r.props, "bucket");
        return typeof name === "string" && typeof bucketName === "string" && name === bucketName;
    });
}

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
const PUBLIC_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);

export const s3BlockPublicAccess = stackPolicy({
    name: "s3-block-public-access",
    group: "security",
    description: "S3 buckets have a BucketPublicAccessBlock with all four settings true and no public canned ACL.",
    remediationSteps:
        "Add aws.s3.BucketPublicAccessBlock({ bucket: bucket.id, blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets: true }).",
    enforcementLevel: "mandatory",
    config: {},
    check(resources, _ctx, report, notApplicable) {
        const buckets = resources.filter((r) => S3_BUCKETS.includes(r.type));
        if (buckets.length === 0) notApplicable("no S3 buckets");
        for (const bucket of buckets) {
            const acl = stringAt(bucket.props, "acl");
            if (typeof acl === "string" && PUBLIC_ACLS.has(acl)) report(`bucket ${bucket.name} has the public canned ACL "${acl}"`, bucket.urn);
            const blocks = attachedTo(bucket, resources, [AWS.s3PublicAccessBlock]);
            if (blocks.length === 0) {
                report(`bucket ${bucket.name} has no BucketPublicAccessBlock`, bucket.urn);
                continue;
            }
            const off = PUBLIC_ACCESS_FLAGS.filter((flag) =>
                blocks.every((b) => {
                    const v = booleanAt(b.props, flag);
                    return v !== true && v !== UNKNOWN;
                }),
            );
            if (off.length > 0) report(`bucket ${bucket.name}: BucketPublicAccessBlock does not set ${off.join(", ")} to true`, bucket.urn);
        }
    },
});

function sseAlgorithms(value: Value, out: { algorithms: string[]; unknown: boolean }): void {
    if (isUnknown(value)) out.unknown = true;
    else if (Array.isArray(value)) value.forEach((v) => sseAlgorithms(v, out));
    else if (isTree(value)) {
        for (const [k, v] of Object.entries(value)) {
            if (k === "sseAlgorithm" && typeof v === "string") out.algorithms.push(v);
            else if (k === "sseAlgorithm" && isUnknown(v)) out.unknown = true;
            else sseAlgorithms(v, out);
        }
    }
}

export const s3EncryptionAtRest = stackPolicy({
    name: "s3-encryption-at-rest",
    group: "security",
    description: "S3 buckets declare default server-side encryption with an allowed algorithm.",
    remediationSteps: "Add aws.s3.BucketServerSideEncryptionConfiguration for the bucket (sseAlgorithm aws:kms with a customer key, or AES256).",
    enforcementLevel: "mandatory",
    config: {
        allowedAlgorithms: stringListSetting("Accepted sseAlgorithm values.", ["aws:kms", "aws:kms:dsse", "AES256"]),
    },
    check(resources, { config }, report, notApplicable) {
        const buckets = resources.filter((r) => S3_BUCKETS.includes(r.type));
        if (buckets.length === 0) notApplicable("no S3 buckets");
        for (const bucket of buckets) {
            const found = { algorithms: [] as string[], unknown: false };
            sseAlgorithms(at(bucket.props, "serverSideEncryptionConfiguration"), found);
            sseAlgorithms(at(bucket.props, "serverSideEncryptionConfigurations"), found);
            for (const sse of attachedTo(bucket, resources, [AWS.s3Encryption, AWS.s3EncryptionV2])) sseAlgorithms(at(sse.props, "rules"), found);
            const good = found.algorithms.filter((a) => config.allowedAlgorithms.includes(a));
            if (good.length > 0 || found.unknown) continue;
            report(
                found.algorithms.length > 0
                    ? `bucket ${bucket.name} uses sseAlgorithm ${found.algorithms.join(", ")}; allowed: ${config.allowedAlgorithms.join(", ")}`
                    : `bucket ${bucket.name} declares no server-side encryption`,
                bucket.urn,
            );
        }
    },
});

function principalIsEveryone(statement: Tree): boolean {
    const p = statement.Principal;
    if (p === "*") return true;
    if (isTree(p)) return knownStrings(listAt(p, "AWS")).includes("*");
    return false;
}

/** True for a Deny-all-S3-to-everyone statement conditioned on aws:SecureTransport=false. */
function deniesInsecureTransport(statement: Tree): boolean {
    if (effectOf(statement) !== "deny" || !principalIsEveryone(statement)) return false;
    const actions = stringsOf(statement, "Action");
    if (!Array.isArray(actions) || !actions.some((a) => a === "*" || a.toLowerCase() === "s3:*")) return false;
    const condition = at(statement, "Condition");
    if (!isTree(condition)) return false;
    return Object.entries(condition).some(
        ([operator, block]) =>
            /^bool(ifexists)?$/i.test(operator) &&
            isTree(block) &&
            Object.entries(block).some(
                ([key, v]) =>
                    key.toLowerCase() === "aws:securetransport" &&
                    (Array.isArray(v) ? v : [v]).some((e) => e === false || (typeof e === "string" && e.toLowerCase() === "false")),
            ),
    );
}

export const s3DenyInsecureTransport = stackPolicy({
    name: "s3-deny-insecure-transport",
    group: "security",
    description: "S3 buckets have a bucket policy that denies every request made without TLS (aws:SecureTransport=false).",
    remediationSteps:
        "Add an aws.s3.BucketPolicy with a Deny statement for Principal *, Action s3:*, on the bucket and bucket/*, Condition Bool aws:SecureTransport false.",
    enforcementLevel: "mandatory",
    config: {},
    check(resources, _ctx, report, notApplicable) {
        const buckets = resources.filter((r) => S3_BUCKETS.includes(r.type));
        if (buckets.length === 0) notApplicable("no S3 buckets");
        for (const bucket of buckets) {
            const documents: Value[] = [at(bucket.props, "policy")];
            for (const p of attachedTo(bucket, resources, [AWS.s3BucketPolicy])) documents.push(at(p.props, "policy"));
            const statements = documents.filter((d) => d !== undefined && d !== null && d !== "").map(statementsOf);
            if (statements.some(isUnknown)) continue; // a policy computed during preview: cannot be read yet
            const denies = statements.some((s) => Array.isArray(s) && s.some(deniesInsecureTransport));
            if (!denies) report(`bucket ${bucket.name} has no bucket policy statement denying requests without TLS`, bucket.urn);
        }
    },
});

// ---------------------------------------------------------------- MSK

export const mskEncryptionAndAuth = resourcePolicy({
    name: "msk-encryption-and-auth",
    group: "security",
    description:
        "MSK clusters encrypt client-broker and in-cluster traffic with TLS, authenticate clients with SASL/SCRAM or TLS, and allow no unauthenticated access.",
    remediationSteps:
        'Set encryptionInfo.encryptionInTransit { clientBroker: "TLS", inCluster: true } and clientAuthentication { sasl: { scram: true }, unauthenticated: false }.',
    enforcementLevel: "mandatory",
    config: {},
    appliesTo: (type) => type === AWS.mskCluster || type === AWS.mskServerlessCluster,
    check({ type, props }, _ctx, report) {
        if (type === AWS.mskServerlessCluster) {
            report(
                "MSK Serverless only offers IAM authentication, which Milvus cannot use (its Kafka client has no SigV4 signer); use a provisioned cluster with SASL/SCRAM or TLS",
            );
            return;
        }
        const clientBroker = stringAt(props, "encryptionInfo.encryptionInTransit.clientBroker");
        if (typeof clientBroker === "string" && clientBroker !== "TLS") {
            report(`encryptionInfo.encryptionInTransit.clientBroker is ${clientBroker}; only TLS keeps client traffic encrypted`);
        }
        if (booleanAt(props, "encryptionInfo.encryptionInTransit.inCluster") === false) {
            report("encryptionInfo.encryptionInTransit.inCluster is false: traffic between brokers is not encrypted");
        }
        const auth = at(props, "clientAuthentication");
        if (isUnknown(auth)) return;
        if (!isTree(auth)) {
            report("no clientAuthentication: MSK then accepts unauthenticated clients; enable sasl.scram or tls");
            return;
        }
        if (booleanAt(auth, "unauthenticated") === true) report("clientAuthentication.unauthenticated is true");
        const scram = booleanAt(auth, "sasl.scram");
        const tlsCas = listAt(auth, "tls.certificateAuthorityArns");
        const tls = isUnknown(tlsCas) || (Array.isArray(tlsCas) && tlsCas.length > 0);
        if (scram !== true && !isUnknown(scram) && !tls) {
            const iam = booleanAt(auth, "sasl.iam") === true;
            report(`clients are authenticated with neither SASL/SCRAM nor TLS${iam ? " (IAM alone cannot be used by Milvus)" : ""}`);
        }
    },
});

/** Kafka server.properties text as a map (key=value or key: value lines; # and ! comments). */
export function parseServerProperties(text: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
        const match = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
        if (match) out.set(match[1], match[2].trim());
    }
    return out;
}

/** Kafka's own default for replica.fetch.max.bytes (1 MiB). */
const KAFKA_DEFAULT_REPLICA_FETCH_MAX_BYTES = 1048576;

export const mskMilvusBrokerConfig = resourcePolicy({
    name: "msk-milvus-broker-config",
    group: "correctness",
    description:
        "MSK clusters use a configuration Milvus can work with: auto.create.topics.enable=true, message.max.bytes at least the Milvus message size, replica.fetch.max.bytes >= message.max.bytes.",
    remediationSteps: "Create an aws.msk.Configuration with those serverProperties and reference it in the cluster's configurationInfo.",
    enforcementLevel: "mandatory",
    config: {
        minMessageMaxBytes: integerSetting("Smallest accepted message.max.bytes (Milvus producers send up to 10 MiB).", 10485760, { minimum: 1 }),
    },
    appliesTo: (type) => type === AWS.mskCluster || type === AWS.mskConfiguration,
    check({ type, props }, { config }, report) {
        if (type === AWS.mskCluster) {
            const info = at(props, "configurationInfo");
            if (info === undefined || info === null) {
                report(
                    "no configurationInfo: the MSK default configuration has auto.create.topics.enable=false and a 1 MiB message.max.bytes, so Milvus cannot create or write its topics",
                );
            }
            return;
        }
        const text = stringAt(props, "serverProperties");
        if (text === UNKNOWN) return;
        const properties = parseServerProperties(text ?? "");
        if (properties.get("auto.create.topics.enable")?.toLowerCase() !== "true") {
            report("auto.create.topics.enable is not true: Milvus never creates its topics itself");
        }
        const messageMax = Number.parseInt(properties.get("message.max.bytes") ?? "", 10);
        if (!(messageMax >= config.minMessageMaxBytes)) {
            report(
                `message.max.bytes is ${Number.isNaN(messageMax) ? "not set (MSK default about 1 MiB)" : messageMax}; Milvus needs at least ${config.minMessageMaxBytes}`,
            );
        }
        const fetchRaw = properties.get("replica.fetch.max.bytes");
        const fetchMax = fetchRaw === undefined ? KAFKA_DEFAULT_REPLICA_FETCH_MAX_BYTES : Number.parseInt(fetchRaw, 10);
        if (!Number.isNaN(messageMax) && !(fetchMax >= messageMax)) {
            report(
                `replica.fetch.max.bytes (${fetchRaw ?? `default ${KAFKA_DEFAULT_REPLICA_FETCH_MAX_BYTES}`}) is smaller than message.max.bytes (${messageMax}): followers could not replicate large messages`,
            );
        }
    },
});

function majorOf(version: string): number | undefined {
    const match = /^([0-9]+)\./.exec(version.trim());
    return match ? Number.parseInt(match[1], 10) : undefined;
}

export const mskKafkaVersion = resourcePolicy({
    name: "msk-kafka-version",
    group: "correctness",
    description: "MSK clusters and configurations use a Kafka major version Milvus supports.",
    enforcementLevel: "mandatory",
    config: {
        allowedMajorVersions: integerListSetting("Kafka major versions Milvus supports.", [2, 3]),
    },
    appliesTo: (type) => type === AWS.mskCluster || type === AWS.mskConfiguration,
    check({ type, props }, { config }, report) {
        const versions = type === AWS.mskCluster ? knownStrings(listAt(props, "kafkaVersion")) : knownStrings(listAt(props, "kafkaVersions"));
        for (const version of versions) {
            const major = majorOf(version);
            if (major === undefined || !config.allowedMajorVersions.includes(major)) {
                report(`Kafka ${version} is not a supported major version (allowed: ${config.allowedMajorVersions.join(", ")})`);
            }
        }
    },
});

// ---------------------------------------------------------------- EKS

export const eksClusterHardened = resourcePolicy({
    name: "eks-cluster-hardened",
    group: "security",
    description:
        "EKS clusters encrypt Kubernetes Secrets with KMS, send the audit log to CloudWatch, and have no public API endpoint open to the whole internet.",
    remediationSteps:
        'Set encryptionConfig { resources: ["secrets"], provider: { keyArn } }, enabledClusterLogTypes including audit, and vpcConfig endpointPublicAccess false or publicAccessCidrs without 0.0.0.0/0.',
    enforcementLevel: "mandatory",
    config: {
        requiredLogTypes: stringListSetting("Control-plane log types that must be enabled.", ["audit"]),
    },
    appliesTo: (type) => type === AWS.eksCluster,
    check({ props }, { config }, report) {
        const encryption = at(props, "encryptionConfig");
        if (!isUnknown(encryption)) {
            const resources = listAt(props, "encryptionConfig.resources");
            const keyArn = at(props, "encryptionConfig.provider.keyArn");
            if (!isTree(encryption)) report("no encryptionConfig: Kubernetes Secrets are not envelope-encrypted with KMS");
            else if (!isUnknown(resources) && !knownStrings(resources).includes("secrets"))
                report("encryptionConfig.resources does not include secrets");
            else if (keyArn === undefined || keyArn === "") report("encryptionConfig.provider.keyArn is not set");
        }
        const logTypes = listAt(props, "enabledClusterLogTypes");
        if (!isUnknown(logTypes)) {
            const enabled = knownStrings(logTypes);
            const missing = config.requiredLogTypes.filter((t) => !enabled.includes(t));
            if (missing.length > 0) report(`enabledClusterLogTypes lacks ${missing.join(", ")}`);
        }
        const publicAccess = booleanAt(props, "vpcConfig.endpointPublicAccess");
        if (publicAccess === false || isUnknown(publicAccess)) return;
        const cidrs = listAt(props, "vpcConfig.publicAccessCidrs");
        if (isUnknown(cidrs)) return;
        const known = knownStrings(cidrs);
        if (known.length === 0)
            report("the public API endpoint is open to 0.0.0.0/0 (EKS default): set endpointPublicAccess false or list publicAccessCidrs");
        else if (admitsEveryone(known))
            report(`vpcConfig.publicAccessCidrs opens the public API endpoint to the whole internet (${known.join(", ")})`);
    },
});

// ---------------------------------------------------------------- IAM

const S3_FULL_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AmazonS3FullAccess$/;

/** What is too broad about S3 in one policy document (empty when fine or unreadable). */
export function s3WildcardProblems(doc: Value): string[] {
    const statements = statementsOf(doc);
    if (!Array.isArray(statements)) return [];
    const problems: string[] = [];
    for (const statement of statements) {
        if (effectOf(statement) !== "allow") continue;
        const actions = stringsOf(statement, "Action");
        const notActions = stringsOf(statement, "NotAction");
        const resources = stringsOf(statement, "Resource");
        if (isUnknown(actions) || isUnknown(notActions) || isUnknown(resources)) continue;
        const acts = actions ?? [];
        const isWild = (a: string) => a === "*" || a.toLowerCase() === "s3:*";
        // NotAction with Allow grants everything not listed, S3 included unless s3:* is excluded.
        const broadNot = notActions !== undefined && !notActions.some(isWild);
        const touchesS3 = broadNot || acts.some((a) => a === "*" || a.toLowerCase().startsWith("s3:"));
        if (!touchesS3) continue;
        if (broadNot) problems.push("an Allow statement with NotAction grants every S3 action");
        else if (acts.some(isWild)) problems.push(`an Allow statement grants ${acts.filter(isWild).join(", ")}`);
        const anyResource = statement.NotResource !== undefined || (resources ?? []).some((r) => r === "*" || /^arn:aws[a-z-]*:s3:::\*$/i.test(r));
        if (anyResource) problems.push("an Allow statement grants S3 actions on Resource *");
    }
    return problems;
}

export const iamNoS3Wildcard = resourcePolicy({
    name: "iam-no-s3-wildcard",
    group: "security",
    description: "IAM grants of S3 (the Milvus role's bucket access) are scoped: no s3:* or * action, no Resource *, no AmazonS3FullAccess.",
    remediationSteps: "Grant s3:ListBucket on the bucket ARN and s3:GetObject/PutObject/DeleteObject on bucket/*.",
    enforcementLevel: "mandatory",
    config: {},
    appliesTo: (type) => ([AWS.iamRole, AWS.iamRolePolicy, AWS.iamPolicy, AWS.iamRolePolicyAttachment] as string[]).includes(type),
    check({ type, props }, _ctx, report) {
        const documents: Array<{ where: string; doc: Value }> = [];
        if (type === AWS.iamRolePolicy || type === AWS.iamPolicy) documents.push({ where: "policy", doc: at(props, "policy") });
        if (type === AWS.iamRole) {
            const inline = listAt(props, "inlinePolicies");
            if (Array.isArray(inline)) inline.forEach((p, i) => documents.push({ where: `inlinePolicies[${i}]`, doc: at(p, "policy") }));
            for (const arn of knownStrings(listAt(props, "managedPolicyArns"))) {
                if (S3_FULL_ACCESS.test(arn)) report(`managedPolicyArns attaches ${arn}`);
            }
        }
        if (type === AWS.iamRolePolicyAttachment) {
            const arn = stringAt(props, "policyArn");
            if (typeof arn === "string" && S3_FULL_ACCESS.test(arn)) report(`attaches ${arn}`);
        }
        for (const { where, doc } of documents) {
            for (const problem of s3WildcardProblems(doc)) report(`${where}: ${problem}`);
        }
    },
});

// ---------------------------------------------------------------- sizes (used by hygiene.ts)

/** Instance types an AWS resource asks for (known values only). */
export function awsInstanceTypes(subject: Subject): string[] {
    const { type, props } = subject;
    switch (type) {
        case AWS.eksNodeGroup:
            return knownStrings(listAt(props, "instanceTypes"));
        case AWS.ec2LaunchTemplate:
        case AWS.ec2Instance:
            return knownStrings(listAt(props, "instanceType"));
        case AWS.mskCluster:
            return knownStrings(listAt(props, "brokerNodeGroupInfo.instanceType"));
        default:
            return [];
    }
}

export const DEFAULT_AWS_INSTANCE_TYPES = [
    "t3.*",
    "t3a.*",
    "m5.*",
    "m5a.*",
    "m6i.*",
    "m6a.*",
    "m6g.*",
    "m7i.*",
    "m7a.*",
    "m7g.*",
    "r5.*",
    "r6i.*",
    "r6a.*",
    "r6g.*",
    "r7i.*",
    "r7a.*",
    "r7g.*",
    "c6i.*",
    "c6a.*",
    "c7i.*",
    "c7g.*",
    "kafka.t3.small",
    "kafka.m5.*",
    "kafka.m7g.*",
];

export function allowedBy(patterns: string[], value: string): boolean {
    return patterns.some((p) => globMatch(p, value));
}

export const AWS_POLICIES: Policies = [
    s3BlockPublicAccess,
    s3EncryptionAtRest,
    s3DenyInsecureTransport,
    mskEncryptionAndAuth,
    eksClusterHardened,
    iamNoS3Wildcard,
    mskMilvusBrokerConfig,
    mskKafkaVersion,
];
