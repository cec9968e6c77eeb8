// Every policy of the pack, proven by crafted resources: at least one that
// violates it (asserting the exact policy name, and the message where useful)
// and at least one that passes while the policy really checked it.
import * as assert from "assert";
import { PACK_ARGS, POLICY_GROUPS } from "../../policy/policies";
import { AWS } from "../../policy/policies/types";
import {
    DENY_INSECURE_TRANSPORT,
    GOOD_SERVER_PROPERTIES,
    MILVUS_BUCKET_ACCESS,
    TAGS,
    aksCluster,
    eksCluster,
    environmentMarker,
    INTERNAL_NLB,
    hardenedBucket,
    loadBalancer,
    mskCluster,
    mskConfiguration,
    release,
    storageAccount,
} from "./fixtures";
import { craft, formatViolations, runPack, type PackConfig, type Target } from "./runner";

interface Case {
    title: string;
    resources: Target[];
    config?: PackConfig;
    stackTags?: Record<string, string>;
    /** Violating cases: a violation message of this policy must match. */
    message?: RegExp;
}

interface PolicyCases {
    violating: Case[];
    passing: Case[];
}

const PROD = { environment: "prod" };
const role = (policy: string) => craft(AWS.iamRolePolicy, "milvus-s3", { role: "milvus-irsa", policy });
const statement = (s: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [s] });

export const CASES: Record<string, PolicyCases> = {
    // ------------------------------------------------------------ Milvus release, security
    "milvus-auth-enabled": {
        violating: [
            {
                title: "authorizationEnabled false",
                resources: [release({ extraConfigFiles: { "user.yaml": "common:\n  security:\n    authorizationEnabled: false\n" } })],
                message: /authorizationEnabled is not true/,
            },
            {
                title: "no user.yaml (chart default: auth off)",
                resources: [release({ extraConfigFiles: undefined })],
                message: /user.yaml is not set/,
            },
        ],
        passing: [{ title: "authorizationEnabled true", resources: [release()] }],
    },
    "milvus-no-plaintext-credentials": {
        violating: [
            {
                title: "externalKafka.sasl.password",
                resources: [
                    release({
                        externalKafka: {
                            enabled: true,
                            brokerList: "b:9096",
                            sasl: { mechanisms: "SCRAM-SHA-512", username: "milvus", password: "hunter2" },
                        },
                    }),
                ],
                message: /externalKafka\.sasl\.password/,
            },
            {
                title: "defaultRootPassword in user.yaml",
                resources: [
                    release({
                        extraConfigFiles: { "user.yaml": "common:\n  security:\n    authorizationEnabled: true\n    defaultRootPassword: S3cret!\n" },
                    }),
                ],
                message: /defaultRootPassword/,
            },
            {
                title: "externalS3 keys on AWS",
                resources: [
                    release({
                        minio: { enabled: false },
                        externalS3: { enabled: true, cloudProvider: "aws", accessKey: "AKIAEXAMPLE", secretKey: "wJalrXUtnFEMI" },
                    }),
                ],
                message: /externalS3\.accessKey/,
            },
            { title: "minio.secretKey", resources: [release({ minio: { secretKey: "not-default-but-plain" } })], message: /minio\.secretKey/ },
            {
                title: "credential env var with a literal value",
                resources: [release({ proxy: { extraEnv: [{ name: "MINIO_SECRET_ACCESS_KEY", value: "plain" }] } })],
                message: /env MINIO_SECRET_ACCESS_KEY/,
            },
        ],
        passing: [
            { title: "credentials only through secretKeyRef", resources: [release()] },
            {
                title: "Azure keyless: the account name in externalS3.accessKey",
                resources: [
                    release({
                        minio: { enabled: false },
                        externalS3: { enabled: true, cloudProvider: "azure", useIAM: true, accessKey: "milvusdata", secretKey: "" },
                    }),
                ],
            },
        ],
    },
    "milvus-no-default-minio-credentials": {
        violating: [
            {
                title: "chart default keys, no existingSecret",
                resources: [release({ minio: { accessKey: undefined, secretKey: undefined, existingSecret: undefined } })],
                message: /minioadmin/,
            },
            {
                title: "explicit minioadmin",
                resources: [release({ minio: { accessKey: "minioadmin", secretKey: "minioadmin", existingSecret: "" } })],
                message: /minioadmin/,
            },
            { title: "empty keys and no existingSecret", resources: [release({ minio: { existingSecret: "" } })], message: /empty keys/ },
        ],
        passing: [
            { title: "existingSecret", resources: [release()] },
            {
                title: "MinIO disabled (cloud bucket)",
                resources: [release({ minio: { enabled: false, existingSecret: undefined, accessKey: undefined, secretKey: undefined } })],
            },
        ],
    },
    "milvus-no-open-exposure": {
        violating: [
            {
                title: "LoadBalancer with the chart's default 0.0.0.0/0",
                resources: [release({ service: { type: "LoadBalancer", loadBalancerSourceRanges: undefined } })],
                message: /0\.0\.0\.0\/0/,
            },
            {
                title: "LoadBalancer with empty source ranges",
                resources: [release({ service: { type: "LoadBalancer", loadBalancerSourceRanges: [] } })],
                message: /any address/,
            },
            {
                title: "LoadBalancer open to ::/0",
                resources: [release({ service: { type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/8", "::/0"] } })],
                message: /::\/0/,
            },
            {
                title: "Attu LoadBalancer Service",
                resources: [release({ attu: { enabled: true, service: { type: "LoadBalancer" } } })],
                message: /attu\.service/,
            },
            {
                title: "Attu ingress without source ranges",
                resources: [release({ attu: { enabled: true, ingress: { enabled: true, ingressClassName: "nginx", annotations: {} } } })],
                message: /attu\.ingress/,
            },
            {
                title: "Attu ingress allowing 0.0.0.0/0",
                resources: [
                    release({
                        attu: {
                            enabled: true,
                            ingress: {
                                enabled: true,
                                ingressClassName: "nginx",
                                annotations: { "nginx.ingress.kubernetes.io/whitelist-source-range": "0.0.0.0/0" },
                            },
                        },
                    }),
                ],
                message: /0\.0\.0\.0\/0/,
            },
            {
                title: "internet-facing ALB ingress without inbound-cidrs",
                resources: [
                    release({
                        attu: {
                            enabled: true,
                            ingress: {
                                enabled: true,
                                ingressClassName: "alb",
                                annotations: { "alb.ingress.kubernetes.io/scheme": "internet-facing" },
                            },
                        },
                    }),
                ],
                message: /attu\.ingress/,
            },
            {
                title: "a LoadBalancer Service with no source ranges",
                resources: [loadBalancer({ loadBalancerSourceRanges: [] })],
                message: /internet-facing and open to any address/,
            },
            {
                title: "a LoadBalancer Service open to 0.0.0.0/0",
                resources: [loadBalancer({ loadBalancerSourceRanges: ["0.0.0.0/0"] })],
                message: /open to 0\.0\.0\.0\/0/,
            },
            {
                title: "a LoadBalancer Service open to the internet in two halves",
                resources: [loadBalancer({ loadBalancerSourceRanges: ["0.0.0.0/1", "128.0.0.0/1"] })],
                message: /0\.0\.0\.0\/1/,
            },
            {
                title: "a LoadBalancer Service open to IPv6 spelled out",
                resources: [loadBalancer({ loadBalancerSourceRanges: ["0:0:0:0:0:0:0:0/0"] })],
                message: /0:0:0:0:0:0:0:0\/0/,
            },
            {
                title: "Attu ingress allowing the internet in two halves",
                resources: [
                    release({
                        attu: {
                            enabled: true,
                            ingress: {
                                enabled: true,
                                ingressClassName: "nginx",
                                annotations: { "nginx.ingress.kubernetes.io/whitelist-source-range": "0.0.0.0/1,128.0.0.0/1" },
                            },
                        },
                    }),
                ],
                message: /attu\.ingress/,
            },
            {
                title: "an internal LoadBalancer Service carrying the metrics port",
                resources: [
                    loadBalancer(
                        {
                            ports: [
                                { name: "milvus", port: 19530 },
                                { name: "metrics", port: 9091, targetPort: "metrics" },
                            ],
                        },
                        INTERNAL_NLB,
                    ),
                ],
                message: /port 9091/,
            },
        ],
        passing: [
            { title: "ClusterIP", resources: [release()] },
            {
                title: "public LoadBalancer limited to client CIDRs",
                resources: [release({ service: { type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.0/24"] } })],
            },
            {
                title: "internal NLB (chart default ranges)",
                resources: [
                    release({
                        service: {
                            type: "LoadBalancer",
                            loadBalancerSourceRanges: undefined,
                            annotations: {
                                "service.beta.kubernetes.io/aws-load-balancer-type": "external",
                                "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
                            },
                        },
                    }),
                ],
            },
            {
                title: "internal Azure load balancer",
                resources: [
                    release({
                        service: { type: "LoadBalancer", annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } },
                    }),
                ],
            },
            {
                title: "Attu ingress limited by source ranges",
                resources: [
                    release({
                        attu: {
                            enabled: true,
                            ingress: {
                                enabled: true,
                                ingressClassName: "nginx",
                                annotations: { "nginx.ingress.kubernetes.io/whitelist-source-range": "10.0.0.0/8,192.168.0.0/16" },
                            },
                        },
                    }),
                ],
            },
            {
                title: "internal ALB ingress",
                resources: [
                    release({
                        attu: {
                            enabled: true,
                            ingress: { enabled: true, ingressClassName: "alb", annotations: { "alb.ingress.kubernetes.io/scheme": "internal" } },
                        },
                    }),
                ],
            },
            {
                title: "a public LoadBalancer Service limited to client CIDRs, Milvus port only",
                resources: [loadBalancer({ loadBalancerSourceRanges: ["198.51.100.0/24"] })],
            },
            { title: "an internal LoadBalancer Service, Milvus port only", resources: [loadBalancer({}, INTERNAL_NLB)] },
        ],
    },
    // ------------------------------------------------------------ Milvus release, correctness
    "milvus-unused-pulsar-disabled": {
        violating: [
            {
                title: "external Kafka with the chart's default pulsarv3",
                resources: [release({ woodpecker: { enabled: false }, externalKafka: { enabled: true }, pulsarv3: undefined })],
                message: /kafka is the message queue/,
            },
            {
                title: "Woodpecker in cluster mode with pulsarv3 on",
                resources: [release({ pulsarv3: { enabled: true } })],
                message: /woodpecker is the message queue/,
            },
            {
                title: "standalone with the default woodpecker queue and pulsarv3 unset",
                resources: [release({ cluster: { enabled: false }, woodpecker: { enabled: false }, pulsarv3: undefined })],
                message: /woodpecker/,
            },
        ],
        passing: [
            { title: "Woodpecker, pulsarv3 off", resources: [release()] },
            { title: "Pulsar as the queue", resources: [release({ woodpecker: { enabled: false }, pulsarv3: { enabled: true } })] },
            { title: "Kafka, pulsarv3 off", resources: [release({ woodpecker: { enabled: false }, externalKafka: { enabled: true } })] },
        ],
    },
    "milvus-pinned-versions": {
        violating: [
            { title: "no chart version", resources: [release({}, { version: undefined })], message: /no chart version/ },
            { title: "a version range", resources: [release({}, { version: "^5.0.0" })], message: /not an exact version/ },
            { title: "image.all.tag latest", resources: [release({ image: { all: { tag: "latest" } } })], message: /image\.all\.tag/ },
            {
                title: "a subchart image at latest",
                resources: [release({ pulsarv3: { enabled: true, images: { broker: { tag: "latest" } } }, woodpecker: { enabled: false } })],
                message: /pulsarv3\.images\.broker\.tag/,
            },
            {
                title: "non-embedded Woodpecker with the chart's latest default",
                resources: [release({ streaming: { woodpecker: { embedded: false } } })],
                message: /woodpecker\.image\.tag/,
            },
        ],
        passing: [
            { title: "exact chart version and tags", resources: [release()] },
            {
                title: "non-embedded Woodpecker with a pinned tag",
                resources: [release({ streaming: { woodpecker: { embedded: false } }, woodpecker: { image: { tag: "v0.1.0" } } })],
            },
        ],
    },
    // ------------------------------------------------------------ S3
    "s3-block-public-access": {
        violating: [
            { title: "no public access block", resources: hardenedBucket("b", { pab: null }), message: /no BucketPublicAccessBlock/ },
            {
                title: "restrictPublicBuckets false",
                resources: hardenedBucket("b", { pab: { restrictPublicBuckets: false } }),
                message: /restrictPublicBuckets/,
            },
            { title: "public-read ACL", resources: hardenedBucket("b", { bucket: { acl: "public-read" } }), message: /public canned ACL/ },
        ],
        passing: [
            { title: "all four settings, linked by dependency", resources: hardenedBucket("b") },
            {
                title: "linked through the bucket property's dependency (engine propertyDependencies)",
                resources: (() => {
                    const [bucket, , ...rest] = hardenedBucket("b");
                    const pab = craft(
                        AWS.s3PublicAccessBlock,
                        "b-pab",
                        { bucket: "computed", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
                        { propertyDependencies: { bucket: [bucket.urn] } },
                    );
                    return [bucket, pab, ...rest];
                })(),
            },
        ],
    },
    "s3-encryption-at-rest": {
        violating: [
            { title: "no encryption configuration", resources: hardenedBucket("b", { sse: null }), message: /declares no server-side encryption/ },
            {
                title: "AES256 when only KMS is allowed (config)",
                resources: hardenedBucket("b", { sse: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } }),
                config: { "s3-encryption-at-rest": { allowedAlgorithms: ["aws:kms"] } },
                message: /AES256/,
            },
        ],
        passing: [
            { title: "aws:kms through BucketServerSideEncryptionConfiguration", resources: hardenedBucket("b") },
            {
                title: "inline serverSideEncryptionConfiguration",
                resources: hardenedBucket("b", {
                    sse: null,
                    bucket: { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } },
                }),
            },
        ],
    },
    "s3-deny-insecure-transport": {
        violating: [
            { title: "no bucket policy", resources: hardenedBucket("b", { policy: null }), message: /denying requests without TLS/ },
            {
                title: "a policy without the TLS deny",
                resources: hardenedBucket("b", {
                    policy: {
                        policy: statement({
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::123456789012:root" },
                            Action: "s3:GetObject",
                            Resource: "arn:aws:s3:::b/*",
                        }),
                    },
                }),
            },
            {
                title: "the condition inverted (SecureTransport true)",
                resources: hardenedBucket("b", { policy: { policy: DENY_INSECURE_TRANSPORT.replace('"false"', '"true"') } }),
            },
        ],
        passing: [
            { title: "BucketPolicy with the TLS deny (JSON text)", resources: hardenedBucket("b") },
            {
                title: "inline bucket policy as an object, boolean condition",
                resources: hardenedBucket("b", {
                    policy: null,
                    bucket: {
                        policy: {
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Effect: "Deny",
                                    Principal: { AWS: ["*"] },
                                    Action: ["s3:*"],
                                    Resource: "*",
                                    Condition: { Bool: { "aws:SecureTransport": false } },
                                },
                            ],
                        },
                    },
                }),
            },
        ],
    },
    // ------------------------------------------------------------ MSK
    "msk-encryption-and-auth": {
        violating: [
            {
                title: "TLS_PLAINTEXT client-broker",
                resources: [mskCluster({ encryptionInfo: { encryptionInTransit: { clientBroker: "TLS_PLAINTEXT" } } })],
                message: /clientBroker is TLS_PLAINTEXT/,
            },
            {
                title: "in-cluster plaintext",
                resources: [mskCluster({ encryptionInfo: { encryptionInTransit: { inCluster: false } } })],
                message: /inCluster is false/,
            },
            {
                title: "unauthenticated access",
                resources: [mskCluster({ clientAuthentication: { unauthenticated: true } })],
                message: /unauthenticated is true/,
            },
            { title: "no client authentication", resources: [mskCluster({ clientAuthentication: undefined })], message: /no clientAuthentication/ },
            { title: "IAM only", resources: [mskCluster({ clientAuthentication: { sasl: { scram: false, iam: true } } })], message: /IAM alone/ },
            {
                title: "MSK Serverless",
                resources: [craft(AWS.mskServerlessCluster, "serverless", { clientAuthentication: { sasl: { iam: { enabled: true } } } })],
                message: /Serverless/,
            },
        ],
        passing: [
            { title: "TLS and SASL/SCRAM", resources: [mskCluster()] },
            {
                title: "TLS client certificates, clientBroker defaulted",
                resources: [
                    mskCluster({
                        encryptionInfo: undefined,
                        clientAuthentication: {
                            sasl: undefined,
                            tls: { certificateAuthorityArns: ["arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/x"] },
                        },
                    }),
                ],
            },
        ],
    },
    "msk-milvus-broker-config": {
        violating: [
            {
                title: "cluster on the MSK default configuration",
                resources: [mskCluster({ configurationInfo: undefined })],
                message: /no configurationInfo/,
            },
            {
                title: "auto.create.topics.enable false",
                resources: [
                    mskConfiguration({
                        serverProperties: GOOD_SERVER_PROPERTIES.replace("auto.create.topics.enable=true", "auto.create.topics.enable=false"),
                    }),
                ],
                message: /auto\.create\.topics\.enable/,
            },
            {
                title: "message.max.bytes 1 MiB",
                resources: [mskConfiguration({ serverProperties: "auto.create.topics.enable=true\nmessage.max.bytes=1048588\n" })],
                message: /message\.max\.bytes is 1048588/,
            },
            {
                title: "replica.fetch.max.bytes left at the default",
                resources: [mskConfiguration({ serverProperties: "auto.create.topics.enable=true\nmessage.max.bytes=10485760\n" })],
                message: /replica\.fetch\.max\.bytes/,
            },
            {
                title: "below a raised threshold (config)",
                resources: [mskConfiguration()],
                config: { "msk-milvus-broker-config": { minMessageMaxBytes: 20971520 } },
                message: /at least 20971520/,
            },
        ],
        passing: [
            { title: "the Milvus settings", resources: [mskConfiguration(), mskCluster()] },
            {
                title: "key: value syntax and comments",
                resources: [
                    mskConfiguration({
                        serverProperties:
                            "# Milvus\nauto.create.topics.enable: true\nmessage.max.bytes = 16777216\nreplica.fetch.max.bytes=16777216\n",
                    }),
                ],
            },
        ],
    },
    "msk-kafka-version": {
        violating: [
            { title: "cluster on Kafka 4", resources: [mskCluster({ kafkaVersion: "4.0.x.kraft" })], message: /Kafka 4\.0\.x\.kraft/ },
            { title: "configuration for Kafka 1", resources: [mskConfiguration({ kafkaVersions: ["3.7.x", "1.1.1"] })], message: /Kafka 1\.1\.1/ },
        ],
        passing: [
            { title: "Kafka 3.7", resources: [mskCluster(), mskConfiguration()] },
            {
                title: "Kafka 4 once allowed (config)",
                resources: [mskCluster({ kafkaVersion: "4.0.x.kraft" })],
                config: { "msk-kafka-version": { allowedMajorVersions: [3, 4] } },
            },
        ],
    },
    // ------------------------------------------------------------ EKS / IAM
    "eks-cluster-hardened": {
        violating: [
            { title: "no secrets encryption", resources: [eksCluster({ encryptionConfig: undefined })], message: /no encryptionConfig/ },
            {
                title: "encryption without secrets",
                resources: [eksCluster({ encryptionConfig: { resources: ["configmaps"] } })],
                message: /does not include secrets/,
            },
            { title: "no audit log", resources: [eksCluster({ enabledClusterLogTypes: ["api"] })], message: /lacks audit/ },
            {
                title: "public endpoint by default",
                resources: [eksCluster({ vpcConfig: { endpointPublicAccess: undefined } })],
                message: /EKS default/,
            },
            {
                title: "public endpoint open to 0.0.0.0/0",
                resources: [eksCluster({ vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } })],
                message: /0\.0\.0\.0\/0/,
            },
            {
                title: "public endpoint open to the internet in two halves",
                resources: [eksCluster({ vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] } })],
                message: /whole internet/,
            },
        ],
        passing: [
            { title: "private endpoint, KMS, audit", resources: [eksCluster()] },
            {
                title: "public endpoint limited to office CIDRs",
                resources: [eksCluster({ vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } })],
            },
            {
                title: "public endpoint limited to half the internet (not all of it)",
                resources: [eksCluster({ vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/1"] } })],
            },
        ],
    },
    "iam-no-s3-wildcard": {
        violating: [
            {
                title: "s3:*",
                resources: [
                    role(statement({ Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::milvus-data", "arn:aws:s3:::milvus-data/*"] })),
                ],
                message: /s3:\*/,
            },
            {
                title: "Resource *",
                resources: [role(statement({ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }))],
                message: /Resource \*/,
            },
            {
                title: "Action * in a role's inline policy",
                resources: [
                    craft(AWS.iamRole, "milvus-irsa", {
                        assumeRolePolicy: "{}",
                        inlinePolicies: [{ name: "all", policy: statement({ Effect: "Allow", Action: "*", Resource: "*" }) }],
                    }),
                ],
                message: /inlinePolicies\[0\]/,
            },
            {
                title: "AmazonS3FullAccess attached",
                resources: [
                    craft(AWS.iamRolePolicyAttachment, "s3-full", { role: "milvus-irsa", policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" }),
                ],
                message: /AmazonS3FullAccess/,
            },
            {
                title: "Allow with NotAction",
                resources: [
                    craft(AWS.iamPolicy, "broad", {
                        policy: statement({ Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::milvus-data/*" }),
                    }),
                ],
                message: /NotAction/,
            },
        ],
        passing: [
            { title: "the minimum Milvus bucket access", resources: [role(MILVUS_BUCKET_ACCESS)] },
            {
                title: "non-S3 statements may use Resource * (e.g. ec2:Describe*)",
                resources: [
                    craft(AWS.iamPolicy, "lbc", {
                        policy: statement({ Effect: "Allow", Action: ["ec2:DescribeSubnets", "elasticloadbalancing:Describe*"], Resource: "*" }),
                    }),
                ],
            },
        ],
    },
    // ------------------------------------------------------------ Azure
    "aks-cluster-hardened": {
        violating: [
            { title: "local accounts enabled", resources: [aksCluster({ disableLocalAccounts: undefined })], message: /disableLocalAccounts/ },
            { title: "Kubernetes RBAC off", resources: [aksCluster({ enableRBAC: false })], message: /enableRBAC is false/ },
            {
                title: "no Azure RBAC (versioned type token)",
                resources: [aksCluster({ aadProfile: { enableAzureRBAC: undefined } }, "azure-native:containerservice/v20240901:ManagedCluster")],
                message: /enableAzureRBAC/,
            },
            {
                title: "public API server with no authorized ranges",
                resources: [aksCluster({ apiServerAccessProfile: { authorizedIPRanges: undefined } })],
                message: /admits the whole internet/,
            },
            {
                title: "public API server open to the internet in two halves",
                resources: [aksCluster({ apiServerAccessProfile: { authorizedIPRanges: ["0.0.0.0/1", "128.0.0.0/1"] } })],
                message: /authorizedIPRanges admits the whole internet/,
            },
        ],
        passing: [
            { title: "local accounts off, Azure RBAC", resources: [aksCluster()] },
            {
                title: "a private API server needs no authorized ranges",
                resources: [aksCluster({ apiServerAccessProfile: { enablePrivateCluster: true, authorizedIPRanges: undefined } })],
            },
            {
                title: "Kubernetes RBAC with Entra groups when Azure RBAC is not required (config)",
                resources: [aksCluster({ aadProfile: { enableAzureRBAC: undefined, adminGroupObjectIDs: ["g"] } })],
                config: { "aks-cluster-hardened": { requireAzureRbac: false } },
            },
        ],
    },
    "storage-account-hardened": {
        violating: [
            { title: "TLS 1.0", resources: [storageAccount({ minimumTlsVersion: "TLS1_0" })], message: /minimumTlsVersion is TLS1_0/ },
            {
                title: "nothing set explicitly",
                resources: [storageAccount({ minimumTlsVersion: undefined, enableHttpsTrafficOnly: undefined, allowBlobPublicAccess: undefined })],
                message: /not set/,
            },
            { title: "HTTP allowed", resources: [storageAccount({ enableHttpsTrafficOnly: false })], message: /enableHttpsTrafficOnly/ },
            { title: "public blob access", resources: [storageAccount({ allowBlobPublicAccess: true })], message: /allowBlobPublicAccess/ },
            {
                title: "TLS 1.2 below a raised floor (config)",
                resources: [storageAccount()],
                config: { "storage-account-hardened": { minimumTlsVersion: "TLS1_3" } },
                message: /TLS1_3/,
            },
        ],
        passing: [
            { title: "TLS 1.2, HTTPS only, no public blobs", resources: [storageAccount()] },
            { title: "TLS 1.3", resources: [storageAccount({ minimumTlsVersion: "TLS1_3" })] },
        ],
    },
    // ------------------------------------------------------------ reliability (prod)
    "prod-stateful-resources-protected": {
        violating: [
            {
                title: "prod by stack tag: unprotected bucket",
                resources: hardenedBucket("b"),
                stackTags: PROD,
                message: /aws:s3\/bucket:Bucket b is not protected/,
            },
            {
                title: "prod by the program's Kubernetes label: unprotected storage account",
                resources: [environmentMarker("prod"), storageAccount()],
                message: /StorageAccount milvusdata is not protected/,
            },
            {
                title: "prod by the AWS provider's defaultTags: unprotected MSK cluster",
                resources: [
                    {
                        ...mskCluster({ tags: undefined }),
                        provider: {
                            urn: "urn:p",
                            type: "pulumi:providers:aws",
                            name: "aws",
                            props: { region: "eu-west-1", defaultTags: JSON.stringify({ tags: { ...TAGS, environment: "prod" } }) },
                        },
                    },
                ],
                message: /Cluster milvus-kafka is not protected/,
            },
            {
                title: "prod by policy config",
                resources: [storageAccount()],
                config: { "prod-stateful-resources-protected": { environment: "prod" } },
            },
        ],
        passing: [
            {
                title: "prod with protected bucket, storage account and MSK",
                resources: [...hardenedBucket("b", { protect: true }), storageAccount({}, true), mskCluster({}, true)],
                stackTags: PROD,
            },
        ],
    },
    "prod-milvus-high-availability": {
        violating: [
            {
                title: "one mixCoordinator",
                resources: [environmentMarker("prod"), release({ mixCoordinator: { replicas: 1 } })],
                message: /mixCoordinator\.replicas is 1/,
            },
            {
                title: "no active-standby",
                resources: [environmentMarker("prod"), release({ mixCoordinator: { activeStandby: { enabled: false } } })],
                message: /activeStandby/,
            },
            {
                title: "one proxy (chart default)",
                resources: [environmentMarker("prod"), release({ proxy: { replicas: undefined } })],
                message: /proxy\.replicas is 1/,
            },
            {
                title: "mixCoordinator disabled",
                resources: [environmentMarker("prod"), release({ mixCoordinator: { enabled: false } })],
                message: /mixCoordinator is disabled/,
            },
            {
                title: "one etcd member",
                resources: [environmentMarker("prod"), release({ etcd: { replicaCount: 1 } })],
                message: /etcd\.replicaCount is 1/,
            },
            {
                title: "below a raised proxy threshold (config)",
                resources: [release()],
                stackTags: PROD,
                config: { "prod-milvus-high-availability": { minProxyReplicas: 3 } },
                message: /at least 3/,
            },
        ],
        passing: [
            { title: "the HA profile", resources: [environmentMarker("prod"), release()] },
            {
                title: "standalone mode is out of scope",
                resources: [environmentMarker("prod"), release({ cluster: { enabled: false }, proxy: { replicas: 1 } })],
            },
        ],
    },
    // ------------------------------------------------------------ hygiene
    "required-tags": {
        violating: [
            { title: "untagged bucket", resources: [craft(AWS.s3Bucket, "untagged", {})], message: /missing tags project, environment, owner/ },
            { title: "storage account without owner", resources: [storageAccount({ tags: { owner: undefined } })], message: /missing tag owner/ },
            {
                title: "a tag required by config",
                resources: [storageAccount()],
                config: { "required-tags": { requiredTags: ["cost-center"] } },
                message: /cost-center/,
            },
        ],
        passing: [
            { title: "tags on the resource", resources: [storageAccount(), mskCluster()] },
            {
                title: "tags from the AWS provider's defaultTags",
                resources: [
                    {
                        ...craft(AWS.s3Bucket, "b", { tags: { owner: "platform-team" } }),
                        provider: {
                            urn: "urn:p",
                            type: "pulumi:providers:aws",
                            name: "aws",
                            props: { defaultTags: { tags: { project: "milvus-on-clouds", environment: "dev" } } },
                        },
                    },
                ],
            },
        ],
    },
    "allowed-instance-sizes": {
        violating: [
            {
                title: "GPU node group",
                resources: [craft(AWS.eksNodeGroup, "gpu", { instanceTypes: ["p4d.24xlarge"], tags: TAGS })],
                message: /p4d\.24xlarge/,
            },
            {
                title: "AKS pool VM size",
                resources: [aksCluster({ agentPoolProfiles: [{ name: "gpu", vmSize: "Standard_NC24ads_A100_v4" }] })],
                message: /Standard_NC24ads_A100_v4/,
            },
            {
                title: "MSK broker size",
                resources: [mskCluster({ brokerNodeGroupInfo: { instanceType: "kafka.m5.24xlarge" } })],
                config: { "allowed-instance-sizes": { awsInstanceTypes: ["kafka.m7g.*"] } },
                message: /kafka\.m5\.24xlarge/,
            },
        ],
        passing: [
            {
                title: "general-purpose sizes",
                resources: [craft(AWS.eksNodeGroup, "ng", { instanceTypes: ["m6i.2xlarge", "r6i.xlarge"], tags: TAGS }), aksCluster(), mskCluster()],
            },
            {
                title: "a size added by config",
                resources: [craft(AWS.eksNodeGroup, "gpu", { instanceTypes: ["p4d.24xlarge"], tags: TAGS })],
                config: { "allowed-instance-sizes": { awsInstanceTypes: ["p4d.*"] } },
            },
        ],
    },
};

describe("policy pack: every policy with a violating and a passing case", () => {
    const names = PACK_ARGS.policies.map((p) => p.name);

    it("covers exactly the policies of the pack", () => {
        assert.deepStrictEqual([...Object.keys(CASES)].sort(), [...names].sort());
    });

    it("gives every policy a unique name, a description, a level and a group", () => {
        assert.strictEqual(new Set(names).size, names.length);
        for (const p of PACK_ARGS.policies) {
            assert.ok(p.description.length > 20, p.name);
            assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", p.name);
            assert.ok(POLICY_GROUPS.has(p.name), p.name);
        }
    });

    it("makes security, correctness and reliability mandatory and hygiene advisory", () => {
        for (const p of PACK_ARGS.policies) {
            assert.strictEqual(p.enforcementLevel, POLICY_GROUPS.get(p.name) === "hygiene" ? "advisory" : "mandatory", p.name);
        }
    });

    for (const policy of PACK_ARGS.policies) {
        const cases = CASES[policy.name];
        if (!cases) continue;
        describe(policy.name, () => {
            it("has at least one violating and one passing case", () => {
                assert.ok(cases.violating.length > 0 && cases.passing.length > 0);
            });
            for (const c of cases.violating) {
                it(`flags: ${c.title}`, async () => {
                    const result = await runPack(c.resources, { config: c.config, stackTags: c.stackTags });
                    const mine = result.violations.filter((v) => v.policyName === policy.name);
                    assert.ok(mine.length > 0, `no ${policy.name} violation; got:\n${formatViolations(result.violations)}`);
                    const expected = c.config?.[policy.name];
                    const level = typeof expected === "object" && expected.enforcementLevel ? expected.enforcementLevel : policy.enforcementLevel;
                    for (const v of mine) assert.strictEqual(v.enforcementLevel, level);
                    if (c.message)
                        assert.ok(
                            mine.some((v) => c.message?.test(v.message)),
                            `no message matches ${c.message}:\n${formatViolations(mine)}`,
                        );
                    const urns = new Set(c.resources.map((r) => r.urn));
                    for (const v of mine) assert.ok(v.urn !== undefined && urns.has(v.urn), `violation not tied to a crafted resource: ${v.urn}`);
                });
            }
            for (const c of cases.passing) {
                it(`passes: ${c.title}`, async () => {
                    const result = await runPack(c.resources, { config: c.config, stackTags: c.stackTags });
                    const mine = result.violations.filter((v) => v.policyName === policy.name);
                    assert.deepStrictEqual(mine, [], formatViolations(mine));
                    const urns = new Set(c.resources.map((r) => r.urn));
                    const checked = result.evaluated.some((e) => e.policyName === policy.name && (e.urn === undefined || urns.has(e.urn)));
                    const reasons = result.notApplicable.filter((n) => n.policyName === policy.name).map((n) => n.reason);
                    assert.ok(checked, `${policy.name} did not check the case (not applicable: ${[...new Set(reasons)].join("; ")})`);
                });
            }
        });
    }
});
