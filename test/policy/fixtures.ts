// Crafted resources for the policy tests: a compliant baseline per resource
// kind, and a deep-merge to derive violating variants from it.
import { HELM_RELEASE } from "../../policy/policies/types";
import { craft, type Target } from "./runner";

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => v !== null && typeof v === "object" && !Array.isArray(v);

/** Deep merge; `undefined` in the patch deletes the key, arrays are replaced. */
export function merge(base: Plain, patch: Plain): Plain {
    const out: Plain = { ...base };
    for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete out[k];
        else out[k] = isPlain(out[k]) && isPlain(v) ? merge(out[k] as Plain, v) : v;
    }
    return out;
}

export const USER_YAML_AUTH_ON = "common:\n  security:\n    authorizationEnabled: true\n";

/** Chart values of a compliant, HA, cluster-mode Milvus (shaped like the program's). */
export function goodValues(): Plain {
    return {
        cluster: { enabled: true },
        image: { all: { tag: "v2.6.15" } },
        extraConfigFiles: { "user.yaml": USER_YAML_AUTH_ON },
        mixCoordinator: {
            enabled: true,
            replicas: 2,
            activeStandby: { enabled: true },
            extraEnv: [
                {
                    name: "COMMON_SECURITY_DEFAULTROOTPASSWORD",
                    valueFrom: { secretKeyRef: { name: "milvus-milvus-credentials", key: "rootPassword" } },
                },
            ],
        },
        proxy: { enabled: true, replicas: 2 },
        queryNode: { enabled: true, replicas: 2 },
        minio: { enabled: true, accessKey: "", secretKey: "", existingSecret: "milvus-milvus-credentials" },
        externalS3: { enabled: false },
        pulsarv3: { enabled: false },
        woodpecker: { enabled: true },
        streaming: { enabled: true, woodpecker: { embedded: true } },
        externalKafka: { enabled: false },
        etcd: { replicaCount: 3 },
        service: { type: "ClusterIP", loadBalancerSourceRanges: [] },
        attu: { enabled: false },
    };
}

export function release(valuesPatch: Plain = {}, props: Plain = {}, name = "milvus-chart"): Target {
    return craft(HELM_RELEASE, name, { chart: "milvus", version: "5.0.19", namespace: "milvus", values: merge(goodValues(), valuesPatch), ...props });
}

/** The annotations of an internal NLB through the AWS Load Balancer Controller. */
export const INTERNAL_NLB = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
};

/** A LoadBalancer Service shaped like the program's Milvus load balancer (internet-facing unless the annotations say otherwise). */
export function loadBalancer(specPatch: Plain = {}, annotations: Record<string, string> = {}): Target {
    return craft("kubernetes:core/v1:Service", "milvus-external", {
        metadata: { name: "milvus-lb", namespace: "milvus", annotations },
        spec: merge(
            { type: "LoadBalancer", loadBalancerSourceRanges: ["198.51.100.0/24"], ports: [{ name: "milvus", port: 19530, targetPort: "milvus" }] },
            specPatch,
        ),
    });
}

export const TAGS = { project: "milvus-on-clouds", environment: "dev", owner: "platform-team" };

export const DENY_INSECURE_TRANSPORT = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::milvus-data", "arn:aws:s3:::milvus-data/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ],
});

export const MILVUS_BUCKET_ACCESS = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        { Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::milvus-data" },
        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: "arn:aws:s3:::milvus-data/*" },
    ],
});

export const GOOD_SERVER_PROPERTIES = [
    "auto.create.topics.enable=true",
    "message.max.bytes=10485760",
    "replica.fetch.max.bytes=10485760",
    "default.replication.factor=3",
].join("\n");

/** A bucket and its hardening resources, linked the way the program links them (dependencies). */
export function hardenedBucket(
    name = "milvus-data",
    overrides: { bucket?: Plain; pab?: Plain | null; sse?: Plain | null; policy?: Plain | null; protect?: boolean } = {},
): Target[] {
    const bucket = craft("aws:s3/bucket:Bucket", name, merge({ bucket: name, tags: TAGS }, overrides.bucket ?? {}), {
        protect: overrides.protect ?? false,
    });
    const dependsOnBucket = { dependencies: [bucket.urn] };
    const out: Target[] = [bucket];
    if (overrides.pab !== null) {
        out.push(
            craft(
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                `${name}-pab`,
                merge(
                    {
                        bucket: `${name}-id`,
                        blockPublicAcls: true,
                        blockPublicPolicy: true,
                        ignorePublicAcls: true,
                        restrictPublicBuckets: true,
                    },
                    overrides.pab ?? {},
                ),
                dependsOnBucket,
            ),
        );
    }
    if (overrides.sse !== null) {
        out.push(
            craft(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                `${name}-sse`,
                merge(
                    {
                        bucket: `${name}-id`,
                        rules: [
                            {
                                applyServerSideEncryptionByDefault: {
                                    sseAlgorithm: "aws:kms",
                                    kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/abc",
                                },
                                bucketKeyEnabled: true,
                            },
                        ],
                    },
                    overrides.sse ?? {},
                ),
                dependsOnBucket,
            ),
        );
    }
    if (overrides.policy !== null) {
        out.push(
            craft(
                "aws:s3/bucketPolicy:BucketPolicy",
                `${name}-policy`,
                merge({ bucket: `${name}-id`, policy: DENY_INSECURE_TRANSPORT }, overrides.policy ?? {}),
                dependsOnBucket,
            ),
        );
    }
    return out;
}

export function mskCluster(patch: Plain = {}, protect = false): Target {
    return craft(
        "aws:msk/cluster:Cluster",
        "milvus-kafka",
        merge(
            {
                kafkaVersion: "3.7.x",
                numberOfBrokerNodes: 3,
                brokerNodeGroupInfo: {
                    instanceType: "kafka.m7g.large",
                    clientSubnets: ["subnet-a", "subnet-b", "subnet-c"],
                    securityGroups: ["sg-1"],
                },
                encryptionInfo: { encryptionInTransit: { clientBroker: "TLS", inCluster: true } },
                clientAuthentication: { sasl: { scram: true }, unauthenticated: false },
                configurationInfo: { arn: "arn:aws:kafka:eu-west-1:123456789012:configuration/milvus/abc", revision: 1 },
                tags: TAGS,
            },
            patch,
        ),
        { protect },
    );
}

export function mskConfiguration(patch: Plain = {}): Target {
    return craft(
        "aws:msk/configuration:Configuration",
        "milvus-kafka-config",
        merge({ kafkaVersions: ["3.7.x"], serverProperties: GOOD_SERVER_PROPERTIES }, patch),
    );
}

export function eksCluster(patch: Plain = {}): Target {
    return craft(
        "aws:eks/cluster:Cluster",
        "milvus-eks",
        merge(
            {
                roleArn: "arn:aws:iam::123456789012:role/eks",
                encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc" } },
                enabledClusterLogTypes: ["api", "audit", "authenticator"],
                vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], endpointPrivateAccess: true, endpointPublicAccess: false },
                tags: TAGS,
            },
            patch,
        ),
    );
}

export function aksCluster(patch: Plain = {}, type = "azure-native:containerservice:ManagedCluster"): Target {
    return craft(
        type,
        "milvus-aks",
        merge(
            {
                resourceGroupName: "milvus-rg",
                disableLocalAccounts: true,
                enableRBAC: true,
                aadProfile: { managed: true, enableAzureRBAC: true },
                apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: ["198.51.100.0/24"] },
                agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 3 }],
                tags: TAGS,
            },
            patch,
        ),
    );
}

export function storageAccount(patch: Plain = {}, protect = false): Target {
    return craft(
        "azure-native:storage:StorageAccount",
        "milvusdata",
        merge(
            {
                resourceGroupName: "milvus-rg",
                kind: "StorageV2",
                sku: { name: "Standard_ZRS" },
                minimumTlsVersion: "TLS1_2",
                enableHttpsTrafficOnly: true,
                allowBlobPublicAccess: false,
                allowSharedKeyAccess: false,
                tags: TAGS,
            },
            patch,
        ),
        { protect },
    );
}

/** A Kubernetes object carrying the program's environment label (the prod marker). */
export function environmentMarker(environment: string): Target {
    return craft("kubernetes:core/v1:Secret", "milvus-credentials", {
        metadata: { name: "milvus-milvus-credentials", namespace: "milvus", labels: { environment } },
        type: "Opaque",
    });
}
