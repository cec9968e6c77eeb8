// The AWS platform, evaluated from the shipped stack files under the mocks:
// every property the issue asks for is checked on the registered resources,
// the chart values are checked against the chart, and the dependency graph
// and the secrets are inspected the way the engine would see them.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    ACCOUNT_ID,
    CLUSTER_SECURITY_GROUP,
    DEPLOYER_ROLE_ARN,
    EXISTING_VPC_CIDRS,
    MSK_SCRAM_BROKERS,
    OIDC_ISSUER,
    awsCalls,
    awsState,
    fakeArn,
    referenced,
} from "./support/unit/aws";
import { chartDefaultsOrSkip, unknownKeyPaths } from "./support/unit/chart-contract";
import {
    HELM_RELEASE,
    at,
    generatedSecrets,
    leakingOutputs,
    milvusLoadBalancer,
    milvusRelease,
    ofType,
    one,
    plaintextPaths,
    transitiveDependencies,
} from "./support/unit/inspect";
import { ConfigValidationError } from "../components/config/problems";
import { valueOf, type RecordedResource } from "./support/unit/mocks";
import { attempt, evaluate, evaluateStack, stackFileConfig, type Evaluation } from "./support/unit/stacks";

const ISSUER_HOST = OIDC_ISSUER.replace("https://", "");
const SUBNET = "aws:ec2/subnet:Subnet";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

type Doc = { Statement: Array<Record<string, unknown>> };
const policyOf = (r: RecordedResource, key: string): Doc => JSON.parse(r.inputs[key] as string) as Doc;
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
/** An annotation (its key has dots, so `at` cannot reach it) of the object at `path`. */
const annotation = (value: unknown, path: string, key: string): unknown =>
    (at(value, `${path}.annotations`) as Record<string, unknown> | undefined)?.[key];
/** Private subnets: those tagged for internal load balancers. */
const privateSubnetIds = (resources: RecordedResource[]): string[] =>
    ofType(resources, "aws:ec2/subnet:Subnet")
        .filter((s) => at(s.inputs, "tags") && (s.inputs.tags as Record<string, string>)["kubernetes.io/role/internal-elb"] === "1")
        .map((s) => `${s.name}-id`);

/** The node group whose name ends with `-<pool>`. */
function nodeGroup(resources: RecordedResource[], pool: string): RecordedResource {
    const group = ofType(resources, NODE_GROUP).find((g) => g.name.endsWith(`-${pool}`));
    assert.ok(group, `a node group for pool ${pool}`);
    return group;
}

/** Size (GiB) of the root volume in a node group's launch template. */
function rootVolumeGiB(resources: RecordedResource[], group: RecordedResource): unknown {
    const template = referenced(resources, at(group.inputs, "launchTemplate.id"), "aws:ec2/launchTemplate:LaunchTemplate");
    const root = (template.inputs.blockDeviceMappings as Array<Record<string, unknown>>).find((m) => m.deviceName === "/dev/xvda");
    return at(root, "ebs.volumeSize");
}

/** Resources inside a component of the given type (any depth). */
function insideComponent(resources: RecordedResource[], componentType: string): RecordedResource[] {
    const components = new Set(resources.filter((r) => r.type === componentType).map((r) => r.urn));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const inside = (r: RecordedResource): boolean => {
        for (let p = r.parent; p; p = byUrn.get(p)?.parent ?? "") if (components.has(p)) return true;
        return false;
    };
    return resources.filter((r) => !r.read && inside(r));
}

/** The IAM role whose ARN a chart value or add-on names, with its trust policy's single statement. */
function roleTrust(resources: RecordedResource[], roleArn: unknown): { role: RecordedResource; statement: Record<string, unknown> } {
    const role = referenced(resources, roleArn);
    assert.strictEqual(role.type, "aws:iam/role:Role");
    const statements = policyOf(role, "assumeRolePolicy").Statement;
    assert.strictEqual(statements.length, 1, "one trust statement");
    return { role, statement: statements[0] };
}

/** Managed policies attached to a role and the statements of its inline policies. */
function permissionsOf(resources: RecordedResource[], role: RecordedResource) {
    const roleName = role.inputs.name ?? role.name;
    return {
        managed: ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter((a) => a.inputs.role === roleName)
            .map((a) => a.inputs.policyArn as string),
        inline: ofType(resources, "aws:iam/rolePolicy:RolePolicy")
            .filter((p) => p.inputs.role === roleName)
            .flatMap((p) => policyOf(p, "policy").Statement),
    };
}

function assertIrsaTrust(
    statement: Record<string, unknown>,
    resources: RecordedResource[],
    namespace: string,
    serviceAccount: string | string[],
): void {
    assert.strictEqual(statement.Effect, "Allow");
    assert.strictEqual(statement.Action, "sts:AssumeRoleWithWebIdentity");
    const provider = one(resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    assert.strictEqual(provider.inputs.url, OIDC_ISSUER, "the OIDC provider is the cluster's issuer");
    assert.deepStrictEqual(provider.inputs.clientIdLists, ["sts.amazonaws.com"]);
    assert.deepStrictEqual(statement.Principal, { Federated: `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${ISSUER_HOST}` });
    assert.deepStrictEqual(
        statement.Condition,
        {
            StringEquals: {
                [`${ISSUER_HOST}:sub`]: Array.isArray(serviceAccount)
                    ? serviceAccount.map((sa) => `system:serviceaccount:${namespace}:${sa}`)
                    : `system:serviceaccount:${namespace}:${serviceAccount}`,
                [`${ISSUER_HOST}:aud`]: "sts.amazonaws.com",
            },
        },
        "trust is limited to one namespace/service account (exact match, no wildcard)",
    );
}

function serverProperties(text: string): Map<string, string> {
    return new Map(
        text
            .split("\n")
            .filter((l) => l.trim() !== "")
            .map((l) => {
                const [key, ...value] = l.split("=");
                return [key.trim(), value.join("=").trim()];
            }),
    );
}

const AWS_STACKS = ["aws-dev", "aws-prod"] as const;
const evaluations = new Map<string, Evaluation>();

before(async function () {
    this.timeout(120_000);
    for (const stack of AWS_STACKS) evaluations.set(stack, await evaluateStack(stack, { state: awsState, call: awsCalls }));
});

for (const stack of AWS_STACKS) {
    describe(`aws platform (${stack})`, () => {
        let resources: RecordedResource[];
        let outputs: Record<string, unknown>;
        let values: Record<string, unknown>;
        const config = stackFileConfig(stack);
        const prod = config["milvus-on-clouds:environment"] === "prod";
        const awsConfig = config["milvus-on-clouds:aws"] as { region: string; cluster?: { publicAccessCidrs?: string[] } };

        before(() => {
            const e = evaluations.get(stack);
            assert.ok(e);
            ({ resources, outputs } = e);
            values = milvusRelease(resources).values;
        });

        it("routes every AWS resource through one provider for the configured region", () => {
            const providers = ofType(resources, "pulumi:providers:aws");
            assert.strictEqual(providers.length, 1, "no default provider picks the region from the environment");
            assert.strictEqual(providers[0].inputs.region, awsConfig.region);
            const awsResources = resources.filter((r) => r.type.startsWith("aws:") && !r.read);
            assert.ok(awsResources.length > 30);
            for (const r of awsResources) assert.ok(r.provider.startsWith(`${providers[0].urn}::`), `${r.type} ${r.name} uses ${r.provider}`);
        });

        it("creates a VPC over three zones: private subnets behind NAT, public ones for NAT and internet-facing load balancers, tagged for the controller", () => {
            const subnets = ofType(resources, SUBNET);
            const tagged = (tag: string) => subnets.filter((x) => (x.inputs.tags as Record<string, string>)[tag] === "1");
            const privateSubnets = tagged("kubernetes.io/role/internal-elb");
            const publicSubnets = tagged("kubernetes.io/role/elb");
            assert.strictEqual(privateSubnets.length + publicSubnets.length, subnets.length, "every subnet is tagged for one kind of load balancer");
            for (const kind of [privateSubnets, publicSubnets]) {
                assert.deepStrictEqual(new Set(kind.map((x) => x.inputs.availabilityZone)).size, 3, "one per zone");
            }
            const natGateways = ofType(resources, "aws:ec2/natGateway:NatGateway");
            assert.strictEqual(natGateways.length, prod ? 3 : 1, prod ? "a NAT gateway per zone" : "one shared NAT gateway");
            for (const nat of natGateways)
                assert.ok(
                    publicSubnets.some((x) => `${x.name}-id` === nat.inputs.subnetId),
                    "NAT gateways sit in public subnets",
                );
            const natIds = new Set(natGateways.map((n) => `${n.name}-id`));
            const associations = ofType(resources, "aws:ec2/routeTableAssociation:RouteTableAssociation");
            for (const subnet of privateSubnets) {
                const association = associations.find((a) => a.inputs.subnetId === `${subnet.name}-id`);
                assert.ok(association, `${subnet.name} has a route table`);
                const table = referenced(resources, association.inputs.routeTableId, "aws:ec2/routeTable:RouteTable");
                const defaultRoute = (table.inputs.routes as Array<Record<string, unknown>>).find((r) => r.cidrBlock === "0.0.0.0/0");
                assert.ok(defaultRoute && natIds.has(defaultRoute.natGatewayId as string), "private subnets reach out through NAT only");
            }
            for (const subnet of privateSubnets) assert.notStrictEqual(subnet.inputs.mapPublicIpOnLaunch, true);
        });

        it("hardens the bucket: public access blocked, encrypted, TLS only, owner-enforced, versioned", () => {
            const bucket = one(resources, "aws:s3/bucket:Bucket");
            const forBucket = (type: string) => {
                const r = one(resources, type);
                assert.strictEqual(referenced(resources, r.inputs.bucket, bucket.type).urn, bucket.urn, `${type} applies to the Milvus bucket`);
                return r.inputs;
            };
            assert.deepStrictEqual(
                [true, true, true, true],
                ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].map(
                    (k) => forBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[k],
                ),
            );
            const sse = forBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
            assert.match(String(at(sse, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm")), /^(AES256|aws:kms)$/);
            assert.strictEqual(
                at(forBucket("aws:s3/bucketOwnershipControls:BucketOwnershipControls"), "rule.objectOwnership"),
                "BucketOwnerEnforced",
            );
            assert.strictEqual(at(forBucket("aws:s3/bucketVersioning:BucketVersioning"), "versioningConfiguration.status"), "Enabled");
            const policy = JSON.parse(forBucket("aws:s3/bucketPolicy:BucketPolicy").policy as string) as Doc;
            const bucketArn = `arn:aws:fake:us-west-2:${ACCOUNT_ID}:aws:s3/bucket:Bucket/${bucket.name}`;
            const denyHttp = policy.Statement.find((s) => s.Effect === "Deny" && at(s, "Condition.Bool.aws:SecureTransport") === "false");
            assert.ok(denyHttp, "a statement denies requests without TLS");
            assert.strictEqual(denyHttp.Principal, "*");
            assert.deepStrictEqual(asList(denyHttp.Action), ["s3:*"]);
            assert.deepStrictEqual(new Set(asList(denyHttp.Resource)), new Set([bucketArn, `${bucketArn}/*`]));
        });

        it("gives Milvus a keyless identity: IRSA trust for exactly its namespace and service accounts (Milvus's, milvus-backup's), permissions on the bucket only", () => {
            const release = milvusRelease(resources);
            const serviceAccount = at(values, "serviceAccount.name") as string;
            assert.strictEqual(at(values, "serviceAccount.create"), true, "the chart creates the annotated service account");
            const { role, statement } = roleTrust(resources, annotation(values, "serviceAccount", "eks.amazonaws.com/role-arn"));
            // Backups are on by default in prod only: then the program's own account for milvus-backup carries the same role.
            const backupAccount = ofType(resources, "kubernetes:core/v1:ServiceAccount").find((r) => r.name === "milvus-backup-account");
            if (prod) {
                assert.ok(backupAccount, "prod runs milvus-backup under its own service account");
                assert.deepStrictEqual(at(backupAccount.inputs, "metadata.annotations"), {
                    "eks.amazonaws.com/role-arn": annotation(values, "serviceAccount", "eks.amazonaws.com/role-arn"),
                });
                assertIrsaTrust(statement, resources, release.inputs.namespace as string, [
                    serviceAccount,
                    at(backupAccount.inputs, "metadata.name") as string,
                ]);
            } else {
                assert.strictEqual(backupAccount, undefined, "dev runs no milvus-backup: the role trusts Milvus's account alone");
                assertIrsaTrust(statement, resources, release.inputs.namespace as string, serviceAccount);
            }

            const bucket = one(resources, "aws:s3/bucket:Bucket");
            const bucketArn = `arn:aws:fake:us-west-2:${ACCOUNT_ID}:aws:s3/bucket:Bucket/${bucket.name}`;
            const { managed, inline } = permissionsOf(resources, role);
            assert.deepStrictEqual(managed, [], "no managed policy widens the role");
            const grants = inline.map((s) => ({ effect: s.Effect, actions: new Set(asList(s.Action)), resources: asList(s.Resource) }));
            assert.deepStrictEqual(grants, [
                { effect: "Allow", actions: new Set(["s3:ListBucket"]), resources: [bucketArn] },
                { effect: "Allow", actions: new Set(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]), resources: [`${bucketArn}/*`] },
            ]);
        });

        it("every chart value is a key the chart knows", function () {
            assert.deepStrictEqual(unknownKeyPaths(values, chartDefaultsOrSkip(this, "5.0.19")), []);
        });

        it("points the chart at the bucket with IAM auth and no keys", () => {
            const bucket = one(resources, "aws:s3/bucket:Bucket");
            assert.strictEqual(at(values, "minio.enabled"), false);
            assert.deepStrictEqual(
                Object.fromEntries(
                    [
                        "enabled",
                        "useIAM",
                        "cloudProvider",
                        "host",
                        "port",
                        "useSSL",
                        "region",
                        "bucketName",
                        "rootPath",
                        "accessKey",
                        "secretKey",
                    ].map((k) => [k, at(values, `externalS3.${k}`)]),
                ),
                {
                    enabled: true,
                    useIAM: true,
                    cloudProvider: "aws",
                    host: `s3.${awsConfig.region}.amazonaws.com`,
                    port: 443,
                    useSSL: true,
                    region: awsConfig.region,
                    bucketName: `${bucket.name}-bucket`,
                    rootPath: "milvus",
                    accessKey: "",
                    secretKey: "",
                },
            );
            assert.deepStrictEqual(ofType(resources, "aws:iam/accessKey:AccessKey"), [], "no IAM access keys");
            assert.deepStrictEqual(ofType(resources, "aws:iam/user:User"), [], "no IAM users");
            const text = JSON.stringify(values);
            assert.doesNotMatch(text, /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AKIA[0-9A-Z]{16}/);
        });

        it("runs EKS with access entries only, encrypted secrets, every control-plane log and a restricted endpoint", () => {
            const cluster = one(resources, "aws:eks/cluster:Cluster");
            const i = cluster.inputs;
            assert.strictEqual(at(i, "accessConfig.authenticationMode"), "API");
            assert.strictEqual(
                at(i, "accessConfig.bootstrapClusterCreatorAdminPermissions"),
                false,
                "the deployer's admin access is a managed entry",
            );
            assert.deepStrictEqual(at(i, "encryptionConfig.resources"), ["secrets"]);
            const key = referenced(resources, at(i, "encryptionConfig.provider.keyArn"));
            assert.strictEqual(key.type, "aws:kms/key:Key");
            assert.strictEqual(key.inputs.enableKeyRotation, true);
            assert.deepStrictEqual(
                new Set(i.enabledClusterLogTypes as string[]),
                new Set(["api", "audit", "authenticator", "controllerManager", "scheduler"]),
            );
            const logGroup = one(
                resources,
                "aws:cloudwatch/logGroup:LogGroup",
                ofType(resources, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === `/aws/eks/${String(i.name)}/cluster`)?.name,
            );
            assert.ok(Number(logGroup.inputs.retentionInDays) > 0, "control-plane logs expire");
            assert.ok(Number(String(i.version).split(".")[1]) >= 30, `a current Kubernetes version, got ${String(i.version)}`);
            assert.strictEqual(at(i, "vpcConfig.endpointPrivateAccess"), true);
            const cidrs = awsConfig.cluster?.publicAccessCidrs ?? [];
            assert.strictEqual(at(i, "vpcConfig.endpointPublicAccess"), cidrs.length > 0);
            assert.deepStrictEqual(at(i, "vpcConfig.publicAccessCidrs"), cidrs.length > 0 ? cidrs : undefined);
            assert.ok(!cidrs.includes("0.0.0.0/0"));
            assert.deepStrictEqual(at(i, "vpcConfig.subnetIds"), privateSubnetIds(resources));
        });

        it("makes the deployer (the role behind the session) a cluster admin, before anything in-cluster is created", () => {
            const entry = one(resources, "aws:eks/accessEntry:AccessEntry");
            assert.strictEqual(entry.inputs.principalArn, DEPLOYER_ROLE_ARN);
            const association = one(resources, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
            assert.strictEqual(association.inputs.principalArn, DEPLOYER_ROLE_ARN);
            assert.strictEqual(association.inputs.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
            assert.deepStrictEqual(association.inputs.accessScope, { type: "cluster" });
            const k8sProvider = one(resources, "pulumi:providers:kubernetes");
            assert.ok(k8sProvider.dependencies.includes(association.urn), "the Kubernetes provider waits for the admin access");
        });

        it("builds the Kubernetes provider from the cluster's outputs with an `aws eks get-token` exec, and exports that kubeconfig as a secret", async () => {
            const k8sProvider = one(resources, "pulumi:providers:kubernetes");
            const kubeconfig = k8sProvider.inputs.kubeconfig as string;
            assert.match(kubeconfig, /server: https:\/\/0123456789ABCDEF\.gr7\.us-west-2\.eks\.amazonaws\.com/);
            assert.match(kubeconfig, /certificate-authority-data: LS0tLS1CRUdJTi1GQUtFLUNBLS0tLS0=/);
            assert.match(
                kubeconfig,
                /command: aws\n\s+args:\n\s+- eks\n\s+- get-token\n\s+- --cluster-name\n\s+- \S+\n\s+- --region\n\s+- us-west-2/,
            );
            for (const r of resources.filter((x) => x.type.startsWith("kubernetes:") && !x.read)) {
                assert.ok(r.provider.startsWith(`${k8sProvider.urn}::`), `${r.type} ${r.name} goes to the EKS cluster`);
            }
            const exported = outputs.kubeconfig as pulumi.Output<string>;
            assert.ok(await pulumi.isSecret(exported), "kubeconfig output is secret");
        });

        it("starts nodes from a launch template with IMDSv2 required and encrypted gp3 root volumes, in every private subnet", () => {
            const privateSubnets = privateSubnetIds(resources);
            assert.strictEqual(privateSubnets.length, 3);
            const groups = ofType(resources, "aws:eks/nodeGroup:NodeGroup");
            assert.ok(groups.length >= 1);
            for (const group of groups) {
                assert.deepStrictEqual(group.inputs.subnetIds, privateSubnets);
                const template = referenced(resources, at(group.inputs, "launchTemplate.id"), "aws:ec2/launchTemplate:LaunchTemplate");
                const t = template.inputs;
                assert.strictEqual(at(t, "metadataOptions.httpTokens"), "required");
                assert.ok(Number(at(t, "metadataOptions.httpPutResponseHopLimit")) <= 2);
                const root = (t.blockDeviceMappings as Array<Record<string, unknown>>).find((m) => m.deviceName === "/dev/xvda");
                assert.ok(root, "the root device is mapped");
                assert.strictEqual(at(root, "ebs.volumeType"), "gp3");
                assert.strictEqual(at(root, "ebs.encrypted"), "true");
                const groups = t.vpcSecurityGroupIds as string[];
                assert.ok(groups.includes(CLUSTER_SECURITY_GROUP), "nodes keep the EKS cluster security group");
                const own = groups.filter((g) => g !== CLUSTER_SECURITY_GROUP);
                assert.strictEqual(own.length, 1);
                assert.ok(referenced(resources, own[0], "aws:ec2/securityGroup:SecurityGroup"), "and a node group created with the network");
            }
        });

        it("sizes the node group for the stack's pods: the counts its file gives hold them, so they reach the node group unchanged", () => {
            // Worked out by hand in test/aws-config.test.ts ("the shipped stacks keep the sizes their files give"): aws-dev's standalone
            // pod and etcd fit one m6i.xlarge (2 configured); aws-prod's 13 pods fill exactly 3 x m6i.2xlarge (3 configured).
            const group = nodeGroup(resources, "general");
            assert.deepStrictEqual(
                group.inputs.scalingConfig,
                prod ? { minSize: 3, desiredSize: 3, maxSize: 6 } : { minSize: 1, desiredSize: 2, maxSize: 3 },
            );
            assert.strictEqual(rootVolumeGiB(resources, group), prod ? 100 : 50, "no local disk to add");
        });

        it("installs vpc-cni, kube-proxy, CoreDNS and the EBS CSI driver, the driver with its own least-privilege IRSA role", () => {
            const addons = ofType(resources, "aws:eks/addon:Addon");
            assert.deepStrictEqual(
                new Set(addons.map((a) => a.inputs.addonName)),
                new Set(["vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver"]),
            );
            const ebs = addons.find((a) => a.inputs.addonName === "aws-ebs-csi-driver");
            assert.ok(ebs);
            const { role, statement } = roleTrust(resources, ebs.inputs.serviceAccountRoleArn);
            assertIrsaTrust(statement, resources, "kube-system", "ebs-csi-controller-sa");
            assert.deepStrictEqual(permissionsOf(resources, role), {
                managed: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
                inline: [],
            });
            const groups = new Set(ofType(resources, "aws:eks/nodeGroup:NodeGroup").map((g) => g.urn));
            for (const name of ["vpc-cni", "kube-proxy"]) {
                const a = addons.find((x) => x.inputs.addonName === name);
                assert.ok(a);
                for (const group of ofType(resources, "aws:eks/nodeGroup:NodeGroup")) {
                    assert.ok(transitiveDependencies(resources, group.urn).has(a.urn), `nodes join after ${name}`);
                }
                assert.ok(![...transitiveDependencies(resources, a.urn)].some((u) => groups.has(u)));
            }
        });

        it("makes encrypted gp3 the default storage class (WaitForFirstConsumer, expandable), used by the chart; gp2 is not touched", () => {
            const gp3 = one(resources, "kubernetes:storage.k8s.io/v1:StorageClass");
            assert.strictEqual(annotation(gp3.inputs, "metadata", "storageclass.kubernetes.io/is-default-class"), "true");
            assert.strictEqual(gp3.inputs.provisioner, "ebs.csi.aws.com");
            assert.deepStrictEqual([at(gp3.inputs, "parameters.type"), at(gp3.inputs, "parameters.encrypted")], ["gp3", "true"]);
            assert.strictEqual(gp3.inputs.volumeBindingMode, "WaitForFirstConsumer");
            assert.strictEqual(gp3.inputs.allowVolumeExpansion, true);
            // EKS 1.30+ applies gp2 without the default annotation, and it may not exist at all: no patch that could fail.
            assert.deepStrictEqual(ofType(resources, "kubernetes:storage.k8s.io/v1:StorageClassPatch"), []);
            const className = at(gp3.inputs, "metadata.name");
            assert.strictEqual(at(values, "etcd.persistence.storageClass"), className);
        });

        it("installs the AWS Load Balancer Controller from eks-charts with its own IRSA role and the controller's IAM policy", () => {
            const release = ofType(resources, HELM_RELEASE).find((r) => r.inputs.chart === "aws-load-balancer-controller");
            assert.ok(release);
            assert.strictEqual(at(release.inputs, "repositoryOpts.repo"), "https://aws.github.io/eks-charts");
            assert.strictEqual(release.inputs.namespace, "kube-system");
            const v = release.inputs.values as Record<string, unknown>;
            assert.strictEqual(v.clusterName, one(resources, "aws:eks/cluster:Cluster").inputs.name);
            assert.strictEqual(v.region, awsConfig.region);
            assert.ok(typeof v.vpcId === "string" && v.vpcId !== "");
            const saName = at(v, "serviceAccount.name") as string;
            const { role, statement } = roleTrust(resources, annotation(v, "serviceAccount", "eks.amazonaws.com/role-arn"));
            assertIrsaTrust(statement, resources, "kube-system", saName);
            const { managed } = permissionsOf(resources, role);
            assert.strictEqual(managed.length, 1);
            const policy = referenced(resources, managed[0]);
            const statements = policyOf(policy, "policy").Statement;
            const create = statements.find((s) => asList(s.Action).includes("elasticloadbalancing:CreateLoadBalancer"));
            assert.deepStrictEqual(
                create?.Condition,
                { Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" } },
                "it can only create load balancers it tags as its own",
            );
            const deletes = statements.filter((s) => asList(s.Action).includes("elasticloadbalancing:DeleteLoadBalancer"));
            assert.ok(
                deletes.length > 0 && deletes.every((s) => at(s, "Condition.Null") !== undefined),
                "deletes are limited to tagged load balancers",
            );
        });

        it("makes the Milvus release wait for the node groups, add-ons, the storage class, the controller and the bucket permissions", () => {
            const release = milvusRelease(resources);
            const deps = transitiveDependencies(resources, release.urn);
            const required = [
                ...ofType(resources, "aws:eks/nodeGroup:NodeGroup"),
                ...ofType(resources, "aws:eks/addon:Addon"),
                one(resources, "kubernetes:storage.k8s.io/v1:StorageClass"),
                ...ofType(resources, HELM_RELEASE).filter((r) => r.inputs.chart === "aws-load-balancer-controller"),
                one(resources, "aws:iam/rolePolicy:RolePolicy"),
            ];
            for (const r of required) assert.ok(deps.has(r.urn), `the release waits for ${r.type} ${r.name}`);
        });

        it("keeps every generated secret wrapped as a Pulumi secret in every input and output", async () => {
            const secrets = generatedSecrets(resources);
            assert.ok(secrets.length >= (prod ? 2 : 1), "the root password (and the MSK SCRAM password) are generated");
            for (const r of resources) {
                for (const secret of secrets)
                    assert.deepStrictEqual(plaintextPaths(r.rawInputs, secret), [], `${r.type} ${r.name} carries a secret unwrapped`);
            }
            assert.deepStrictEqual(await leakingOutputs(outputs, secrets), []);
            for (const secret of secrets) assert.ok(!JSON.stringify(values).includes(secret), "no secret in the chart values");
        });

        it("exports the region, bucket, cluster name and VPC", async () => {
            const bucket = one(resources, "aws:s3/bucket:Bucket");
            const resolve = (v: unknown) => valueOf(pulumi.output(v as pulumi.Input<unknown>));
            assert.strictEqual(await resolve(outputs.region), awsConfig.region);
            assert.strictEqual(await resolve(outputs.objectStoreName), `${bucket.name}-bucket`);
            const section = (await resolve(outputs.platform)) as Record<string, Record<string, unknown>>;
            assert.deepStrictEqual(Object.keys(section), ["aws"], "only the stack's own cloud section");
            const platform = section.aws;
            assert.strictEqual(platform.clusterName, one(resources, "aws:eks/cluster:Cluster").inputs.name);
            assert.strictEqual(platform.bucketArn, fakeArn("aws:s3/bucket:Bucket", bucket.name));
            assert.ok(referenced(resources, platform.vpcId, "aws:ec2/vpc:Vpc"));
            assert.strictEqual(platform.kafkaBootstrapBrokers, prod ? MSK_SCRAM_BROKERS : undefined);
        });

        it(`${prod ? "protects and retains" : "does not protect"} the bucket and its contents`, () => {
            const bucket = one(resources, "aws:s3/bucket:Bucket");
            assert.strictEqual(bucket.protect, prod);
            assert.strictEqual(bucket.retainOnDelete, prod);
            assert.strictEqual(bucket.inputs.forceDestroy, !prod, "prod never empties the bucket on delete");
            for (const r of resources.filter((x) => x.type.startsWith("aws:s3/") && x !== bucket))
                assert.strictEqual(r.retainOnDelete, prod, `${r.type} outlives the stack in prod`);
        });
    });
}

describe("aws platform (aws-dev): standalone on Woodpecker", () => {
    let resources: RecordedResource[];
    before(() => {
        const e = evaluations.get("aws-dev");
        assert.ok(e);
        resources = e.resources;
    });

    it("creates no MSK and points Milvus at Woodpecker on the bucket", () => {
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("aws:msk/") || r.type.startsWith("aws:secretsmanager/")).map((r) => r.type),
            [],
        );
        const values = milvusRelease(resources).values;
        assert.strictEqual(at(values, "cluster.enabled"), false);
        assert.strictEqual(at(values, "standalone.messageQueue"), "woodpecker");
        assert.strictEqual(at(values, "externalKafka.enabled"), false);
        assert.strictEqual(at(values, "pulsarv3.enabled"), false);
    });

    it("looks up the region's zones and spreads subnets over the first three", () => {
        const zones = ofType(resources, "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone);
        assert.deepStrictEqual(new Set(zones), new Set(["us-west-2a", "us-west-2b", "us-west-2c"]));
    });
});

describe("aws platform (aws-prod): the published production profile", () => {
    let resources: RecordedResource[];
    let values: Record<string, unknown>;
    const msk = () => one(resources, "aws:msk/cluster:Cluster");
    before(() => {
        const e = evaluations.get("aws-prod");
        assert.ok(e);
        resources = e.resources;
        values = milvusRelease(resources).values;
    });

    it("runs Milvus in cluster mode: two coordinators in active-standby, two proxies, internal NLB, Attu behind an internal ALB", () => {
        assert.strictEqual(at(values, "cluster.enabled"), true);
        assert.strictEqual(at(values, "mixCoordinator.replicas"), 2);
        assert.strictEqual(at(values, "mixCoordinator.activeStandby.enabled"), true);
        assert.strictEqual(at(values, "proxy.replicas"), 2);
        // The chart's Service (with the metrics port) stays inside the cluster; the NLB is the program's own Service.
        assert.strictEqual(at(values, "service.type"), "ClusterIP");
        const lb = milvusLoadBalancer(resources);
        assert.strictEqual(at(lb, "spec.type"), "LoadBalancer");
        assert.deepStrictEqual(
            (at(lb, "spec.ports") as Array<{ port: number }>).map((p) => p.port),
            [19530],
            "9091 (metrics, /management) is not on the load balancer",
        );
        assert.deepStrictEqual(at(lb, "metadata.annotations"), {
            "service.beta.kubernetes.io/aws-load-balancer-type": "external",
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
            // IP targets ignore the source ranges unless the client IP is preserved (controller docs, Access control).
            "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes": "preserve_client_ip.enabled=true",
        });
        // No ranges configured: the VPC's own CIDR (aws.network.cidr), not the controller's default.
        const vpc = one(resources, "aws:ec2/vpc:Vpc");
        assert.deepStrictEqual(at(lb, "spec.loadBalancerSourceRanges"), [vpc.inputs.cidrBlock]);
        assert.strictEqual(at(values, "attu.ingress.ingressClassName"), "alb");
        assert.strictEqual((at(values, "attu.ingress.annotations") as Record<string, string>)["alb.ingress.kubernetes.io/scheme"], "internal");
        assert.strictEqual(
            (at(values, "attu.ingress.annotations") as Record<string, string>)["alb.ingress.kubernetes.io/inbound-cidrs"],
            vpc.inputs.cidrBlock,
        );
        const zoneSpread = (at(values, "topologySpreadConstraints") as Array<Record<string, unknown>>).find(
            (c) => c.topologyKey === "topology.kubernetes.io/zone",
        );
        assert.strictEqual(zoneSpread?.whenUnsatisfiable, "DoNotSchedule", "nodes span three zones");
    });

    it("exports the internal NLB's address as the Milvus endpoint", async () => {
        const e = evaluations.get("aws-prod");
        assert.ok(e);
        const endpoint = await valueOf(e.outputs.milvusExternalEndpoint as pulumi.Output<string | undefined>);
        assert.match(String(endpoint), /\.elb\.example\.test:19530$/);
    });

    it("runs three m6i.2xlarge nodes across the three configured zones", () => {
        const [group] = ofType(resources, "aws:eks/nodeGroup:NodeGroup");
        assert.deepStrictEqual(group.inputs.instanceTypes, ["m6i.2xlarge"]);
        assert.strictEqual(at(group.inputs, "scalingConfig.desiredSize"), 3);
        const zones = (group.inputs.subnetIds as string[]).map((id) => referenced(resources, id, SUBNET).inputs.availabilityZone);
        assert.deepStrictEqual(zones, ["us-west-2a", "us-west-2b", "us-west-2c"]);
    });

    it("configures the MSK brokers for Milvus: topic auto-creation, 10 MiB messages, replica fetches at least as large", () => {
        const configuration = referenced(resources, at(msk().inputs, "configurationInfo.arn"));
        const props = serverProperties(configuration.inputs.serverProperties as string);
        assert.strictEqual(props.get("auto.create.topics.enable"), "true");
        const messageMax = Number(props.get("message.max.bytes"));
        assert.ok(messageMax >= 10485760, `message.max.bytes ${messageMax}`);
        assert.ok(Number(props.get("replica.fetch.max.bytes")) >= messageMax);
    });

    it("runs MSK on Kafka 3.x across the private subnets, TLS to clients, SASL/SCRAM only, a customer-managed key at rest, broker logs", () => {
        const i = msk().inputs;
        assert.match(String(i.kafkaVersion), /^3\./);
        const clientSubnets = at(i, "brokerNodeGroupInfo.clientSubnets") as string[];
        assert.deepStrictEqual(
            clientSubnets.map((id) => referenced(resources, id, SUBNET).inputs.availabilityZone),
            ["us-west-2a", "us-west-2b", "us-west-2c"],
        );
        assert.strictEqual(Number(i.numberOfBrokerNodes) % clientSubnets.length, 0);
        assert.strictEqual(at(i, "encryptionInfo.encryptionInTransit.clientBroker"), "TLS");
        assert.deepStrictEqual(i.clientAuthentication, { sasl: { scram: true, iam: false }, unauthenticated: false });
        const key = referenced(resources, at(i, "encryptionInfo.encryptionAtRestKmsKeyArn"));
        assert.strictEqual(key.type, "aws:kms/key:Key");
        assert.strictEqual(at(i, "loggingInfo.brokerLogs.cloudwatchLogs.enabled"), true);
        const logGroup = at(i, "loggingInfo.brokerLogs.cloudwatchLogs.logGroup");
        assert.ok(
            ofType(resources, "aws:cloudwatch/logGroup:LogGroup").some((g) => (g.inputs.name ?? g.name) === logGroup),
            "broker logs go to a log group of this stack",
        );
    });

    it("keeps the SCRAM credentials in an AmazonMSK_ secret under a customer-managed key, readable by MSK, associated with the cluster", () => {
        const secret = one(resources, "aws:secretsmanager/secret:Secret");
        assert.ok(String(secret.inputs.namePrefix ?? secret.inputs.name).startsWith("AmazonMSK_"));
        const key = referenced(resources, secret.inputs.kmsKeyId);
        assert.strictEqual(key.type, "aws:kms/key:Key", "a key this stack manages, not the AWS-managed default");
        const secretArn = `arn:aws:fake:us-west-2:${ACCOUNT_ID}:aws:secretsmanager/secret:Secret/${secret.name}`;
        const policy = one(resources, "aws:secretsmanager/secretPolicy:SecretPolicy");
        assert.strictEqual(policy.inputs.secretArn, secretArn);
        const [grant] = policyOf(policy, "policy").Statement;
        assert.deepStrictEqual(
            [grant.Effect, grant.Principal, grant.Action, grant.Resource],
            ["Allow", { Service: "kafka.amazonaws.com" }, "secretsmanager:GetSecretValue", secretArn],
        );
        const association = one(resources, "aws:msk/scramSecretAssociation:ScramSecretAssociation");
        assert.strictEqual(association.inputs.clusterArn, `arn:aws:fake:us-west-2:${ACCOUNT_ID}:aws:msk/cluster:Cluster/${msk().name}`);
        assert.deepStrictEqual(association.inputs.secretArnLists, [secretArn]);
        const version = one(resources, "aws:secretsmanager/secretVersion:SecretVersion");
        assert.strictEqual(version.inputs.secretId, `${secret.name}-id`);
        assert.ok(
            association.dependencies.includes(version.urn) && association.dependencies.includes(policy.urn),
            "associated once it has a value and MSK may read it",
        );
    });

    it("admits only the nodes to the brokers, on 9096", () => {
        const groups = at(msk().inputs, "brokerNodeGroupInfo.securityGroups") as string[];
        assert.strictEqual(groups.length, 1);
        const rules = ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
            (r) => r.inputs.securityGroupId === groups[0],
        );
        const inline = referenced(resources, groups[0], "aws:ec2/securityGroup:SecurityGroup").inputs.ingress;
        assert.ok(inline === undefined || (Array.isArray(inline) && inline.length === 0), "no inline ingress");
        assert.strictEqual(rules.length, 1);
        const rule = rules[0].inputs;
        assert.deepStrictEqual([rule.ipProtocol, rule.fromPort, rule.toPort, rule.cidrIpv4], ["tcp", 9096, 9096, undefined]);
        const templates = ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate");
        assert.ok(
            templates.every((t) => (t.inputs.vpcSecurityGroupIds as string[]).includes(rule.referencedSecurityGroupId as string)),
            "the source is the group every node carries",
        );
    });

    it("hands Milvus the SCRAM brokers over SASL_SSL, with the password only in the Kubernetes Secret", () => {
        assert.deepStrictEqual(
            ["enabled", "brokerList", "securityProtocol", "sasl.mechanisms", "sasl.username", "sasl.password"].map((k) =>
                at(values, `externalKafka.${k}`),
            ),
            [true, MSK_SCRAM_BROKERS, "SASL_SSL", "SCRAM-SHA-512", "", ""],
        );
        const password = one(
            resources,
            "random:index/randomPassword:RandomPassword",
            ofType(resources, "random:index/randomPassword:RandomPassword").find((p) => p.name.includes("scram"))?.name,
        );
        const generated = generatedSecrets([password])[0];
        const secretString = JSON.parse(one(resources, "aws:secretsmanager/secretVersion:SecretVersion").inputs.secretString as string) as Record<
            string,
            string
        >;
        assert.strictEqual(secretString.password, generated);
        const k8sSecret = one(resources, "kubernetes:core/v1:Secret");
        const data = k8sSecret.inputs.stringData as Record<string, string>;
        assert.strictEqual(data.kafkaPassword, generated, "the broker password reaches Milvus through the Secret");
        assert.strictEqual(data.kafkaUsername, secretString.username);
        const env = at(values, "streamingNode.extraEnv") as Array<{ name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }>;
        const ref = env.find((e) => e.name === "KAFKA_SASL_PASSWORD");
        assert.deepStrictEqual(ref?.valueFrom.secretKeyRef, { name: at(k8sSecret.inputs, "metadata.name"), key: "kafkaPassword" });
    });

    it("builds MSK and the bucket without waiting on the EKS cluster or its node groups, and EKS without waiting on them", () => {
        const eksSide = new Set(
            [...insideComponent(resources, "milvus-on-clouds:aws:EksCluster"), ...insideComponent(resources, "milvus-on-clouds:aws:NodePools")].map(
                (r) => r.urn,
            ),
        );
        assert.ok(eksSide.has(one(resources, "aws:eks/cluster:Cluster").urn));
        assert.ok(ofType(resources, "aws:eks/nodeGroup:NodeGroup").every((g) => eksSide.has(g.urn)));
        const mskSide = insideComponent(resources, "milvus-on-clouds:aws:ManagedKafka");
        assert.ok(mskSide.some((r) => r.type === "aws:msk/cluster:Cluster") && mskSide.length >= 10);
        const bucketSide = insideComponent(resources, "milvus-on-clouds:aws:MilvusBucket");
        for (const r of [...mskSide, ...bucketSide]) {
            const waits = [...transitiveDependencies(resources, r.urn)].filter((u) => eksSide.has(u));
            assert.deepStrictEqual(waits, [], `${r.type} ${r.name} waits on EKS`);
        }
        const clusterDeps = transitiveDependencies(resources, one(resources, "aws:eks/cluster:Cluster").urn);
        assert.ok(![...mskSide, ...bucketSide].some((r) => clusterDeps.has(r.urn)), "EKS does not wait on MSK or the bucket");
    });

    it("gives MSK, EKS and the node groups time to be created", () => {
        const minutes = (t?: string) => Number(/^(\d+)m$/.exec(t ?? "")?.[1] ?? 0);
        assert.ok(minutes(msk().customTimeouts?.create) >= 60, "MSK takes 20-60 minutes");
        assert.ok(minutes(msk().customTimeouts?.update) >= 60);
        assert.ok(minutes(one(resources, "aws:eks/cluster:Cluster").customTimeouts?.create) >= 20, "EKS takes 10-15 minutes");
        for (const g of ofType(resources, "aws:eks/nodeGroup:NodeGroup")) assert.ok(minutes(g.customTimeouts?.create) >= 20);
    });

    it("protects and retains the MSK cluster and the keys its data and credentials depend on", () => {
        assert.strictEqual(msk().protect, true);
        assert.strictEqual(msk().retainOnDelete, true);
        const atRest = referenced(resources, at(msk().inputs, "encryptionInfo.encryptionAtRestKmsKeyArn"));
        const scram = referenced(resources, one(resources, "aws:secretsmanager/secret:Secret").inputs.kmsKeyId);
        for (const key of [atRest, scram]) assert.deepStrictEqual([key.protect, key.retainOnDelete], [true, true], key.name);
    });
});

describe("aws platform: configuration variants", () => {
    const base = (stack: string) => stackFileConfig(stack);
    const withConfig = (stack: string, key: "aws" | "milvus", patch: (block: Record<string, unknown>) => Record<string, unknown>) => {
        const config = base(stack);
        const full = `milvus-on-clouds:${key}`;
        config[full] = patch(structuredClone(config[full] as Record<string, unknown>));
        return evaluate(config, { stack, state: awsState, call: awsCalls });
    };

    it("uses an existing VPC and its private subnets without creating network resources", async () => {
        const subnets = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"];
        const { resources } = await withConfig("aws-prod", "aws", (a) => ({
            ...a,
            network: { vpcId: "vpc-0bbbbbbbbbbbbbbb1", privateSubnetIds: subnets },
        }));
        for (const type of ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/natGateway:NatGateway", "aws:ec2/internetGateway:InternetGateway"]) {
            assert.deepStrictEqual(ofType(resources, type), [], `no ${type}`);
        }
        assert.deepStrictEqual(at(one(resources, "aws:eks/cluster:Cluster").inputs, "vpcConfig.subnetIds"), subnets);
        assert.deepStrictEqual(one(resources, "aws:eks/nodeGroup:NodeGroup").inputs.subnetIds, subnets);
        assert.deepStrictEqual(at(one(resources, "aws:msk/cluster:Cluster").inputs, "brokerNodeGroupInfo.clientSubnets"), subnets);
        assert.ok(ofType(resources, "aws:ec2/securityGroup:SecurityGroup").every((g) => g.inputs.vpcId === "vpc-0bbbbbbbbbbbbbbb1"));
        // The internal NLB admits the existing VPC's CIDR blocks, all of them, as AWS reports them.
        assert.deepStrictEqual(at(milvusLoadBalancer(resources), "spec.loadBalancerSourceRanges"), EXISTING_VPC_CIDRS);
    });

    it("places query nodes and dependencies on their own pools through nodeSelector and tolerations", async () => {
        const queryTaint = { key: "milvus-on-clouds/dedicated", value: "query", effect: "NoSchedule" };
        const { resources } = await withConfig("aws-prod", "aws", (a) => ({
            ...a,
            nodePools: [
                { name: "general", instanceTypes: ["m6i.2xlarge"] },
                { name: "query", instanceTypes: ["r6i.2xlarge"], labels: { workload: "search" }, taints: [queryTaint], roles: ["queryNode"] },
                { name: "deps", instanceTypes: ["m6i.xlarge"], roles: ["dependencies"] },
            ],
        }));
        const values = milvusRelease(resources).values;
        const query = ofType(resources, "aws:eks/nodeGroup:NodeGroup").find((g) => g.name.endsWith("-query"));
        assert.ok(query);
        assert.deepStrictEqual(query.inputs.taints, [{ key: queryTaint.key, value: queryTaint.value, effect: "NO_SCHEDULE" }]);
        const queryLabels = query.inputs.labels as Record<string, string>;
        assert.strictEqual(queryLabels.workload, "search");
        // The chart's selector must match a label the query pool's nodes carry.
        const selector = at(values, "queryNode.nodeSelector") as Record<string, string>;
        assert.ok(Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => queryLabels[k] === v));
        assert.deepStrictEqual(at(values, "queryNode.tolerations"), [
            { key: queryTaint.key, operator: "Equal", value: queryTaint.value, effect: "NoSchedule" },
        ]);
        const deps = ofType(resources, "aws:eks/nodeGroup:NodeGroup").find((g) => g.name.endsWith("-deps"));
        assert.ok(deps);
        const etcdSelector = at(values, "etcd.nodeSelector") as Record<string, string>;
        assert.ok(Object.entries(etcdSelector).every(([k, v]) => (deps.inputs.labels as Record<string, string>)[k] === v));
        assert.strictEqual(at(values, "proxy.nodeSelector"), undefined, "roles without a pool run anywhere untainted");
    });

    /** aws-prod with its explicit component settings replaced by a workload. */
    const prodSizedFor = (workload: Record<string, unknown>, aws: (a: Record<string, unknown>) => Record<string, unknown> = (a) => a) => {
        const config = base("aws-prod");
        config["milvus-on-clouds:milvus"] = { ...(config["milvus-on-clouds:milvus"] as object), components: undefined, workload };
        config["milvus-on-clouds:aws"] = aws(structuredClone(config["milvus-on-clouds:aws"] as Record<string, unknown>));
        return config;
    };
    // 15M x 768 HNSW: 55.5 GiB loading memory -> 4 query nodes and 2 data nodes of 4 CPU / 16 GiB, proxy, mixCoord and
    // streaming 2 x 2/8, etcd 3 x 1/4, each reserved in full (requests = limits); worked out in test/aws-config.test.ts.
    const fifteenM = { vectors: 15_000_000, dimension: 768, indexType: "HNSW" };

    it("raises the node group's desired size when the workload needs more nodes than configured (15M x 768 HNSW: 6 x m6i.2xlarge)", async () => {
        // the six 4-CPU pods take a node each (8 > 7.1), a 2/8 pod joins each, etcd the first three; minSize rises to 6, max stays
        const { resources } = await evaluate(prodSizedFor(fifteenM), { stack: "aws-prod", state: awsState, call: awsCalls });
        // The 6 nodes needed become the floor (minSize), so they also reach an existing node group.
        assert.deepStrictEqual(nodeGroup(resources, "general").inputs.scalingConfig, { minSize: 6, desiredSize: 6, maxSize: 6 });
        assert.strictEqual(at(milvusRelease(resources).values, "queryNode.replicas"), 4, "the chart runs the pods the pool was sized for");
    });

    it("refuses a workload whose pods need more nodes than maxSize, naming the key, before anything is registered", async () => {
        // 30M x 1024 HNSW on m6i.4xlarge: 17 pods of 8 CPU take a node each (the streaming and etcd pods fit beside them): 17 > maxSize 6
        const { error, resources } = await attempt(
            prodSizedFor({ vectors: 30_000_000, dimension: 1024, indexType: "HNSW" }, (a) => ({
                ...a,
                nodePools: [{ name: "general", instanceTypes: ["m6i.4xlarge"], minSize: 3, desiredSize: 3, maxSize: 6 }],
            })),
        );
        assert.ok(error instanceof ConfigValidationError, `expected a ConfigValidationError, got ${String(error)}`);
        assert.deepStrictEqual(
            error.problems.map((p) => p.key),
            ["aws.nodePools.0.maxSize"],
        );
        assert.match(error.message, /aws\.nodePools\.0\.maxSize: got 6; allowed for this workload: at least 17 /);
        assert.deepStrictEqual(
            resources.map((r) => r.type),
            [],
        );
    });

    it("sizes a dedicated query pool for the query nodes only, and the general pool for the rest", async () => {
        // query (r6i.2xlarge, 7.1 CPU usable): 4 query nodes of 4 CPU, one per node -> 4 (configured 1).
        // general: [dn, mixCoord, etcd], [dn, mixCoord, etcd], [proxy x2, streaming, etcd], [streaming] -> 4 (configured 3);
        // with the query nodes it would have needed 6.
        const { resources } = await evaluate(
            prodSizedFor(fifteenM, (a) => ({
                ...a,
                nodePools: [
                    { name: "general", instanceTypes: ["m6i.2xlarge"] },
                    {
                        name: "query",
                        instanceTypes: ["r6i.2xlarge"],
                        minSize: 1,
                        desiredSize: 1,
                        maxSize: 4,
                        roles: ["queryNode"],
                        taints: [{ key: "dedicated", value: "query", effect: "NoSchedule" }],
                    },
                ],
            })),
            { stack: "aws-prod", state: awsState, call: awsCalls },
        );
        assert.deepStrictEqual(nodeGroup(resources, "query").inputs.scalingConfig, { minSize: 4, desiredSize: 4, maxSize: 4 });
        assert.deepStrictEqual(nodeGroup(resources, "general").inputs.scalingConfig, { minSize: 4, desiredSize: 4, maxSize: 6 });
    });

    it("gives DiskANN query nodes a root volume that holds their index files", async () => {
        // 100M x 768 DiskANN: 6 query nodes of 4 CPU with 52 GiB of index files each, three per m6i.4xlarge -> 2 nodes, 156 GiB
        // each; root volume ceil((156 + 20) / 0.9) = 196 GiB instead of 100. The general pool's pods keep no local disk: 100 GiB.
        const { resources } = await evaluate(
            prodSizedFor({ vectors: 100_000_000, dimension: 768, indexType: "DISKANN" }, (a) => ({
                ...a,
                nodePools: [
                    { name: "general", instanceTypes: ["m6i.4xlarge"] },
                    { name: "query", instanceTypes: ["m6i.4xlarge"], minSize: 1, desiredSize: 1, maxSize: 6, roles: ["queryNode"] },
                ],
            })),
            { stack: "aws-prod", state: awsState, call: awsCalls },
        );
        const query = nodeGroup(resources, "query");
        assert.strictEqual(rootVolumeGiB(resources, query), 196);
        assert.strictEqual(at(query.inputs, "scalingConfig.desiredSize"), 2);
        assert.strictEqual(rootVolumeGiB(resources, nodeGroup(resources, "general")), 100);
    });

    it("exposes Milvus on a public NLB only to the configured source ranges, and adds the listed admins", async () => {
        const admin = `arn:aws:iam::${ACCOUNT_ID}:role/platform-admins`;
        const config = base("aws-prod");
        config["milvus-on-clouds:milvus"] = {
            ...(config["milvus-on-clouds:milvus"] as object),
            exposure: { type: "public", sourceRanges: ["198.51.100.0/24"] },
            tls: { mode: "server", secretName: "milvus-certs" },
            attu: { enabled: false },
        };
        const awsBlock = config["milvus-on-clouds:aws"] as Record<string, Record<string, unknown>>;
        config["milvus-on-clouds:aws"] = { ...awsBlock, cluster: { ...awsBlock.cluster, adminPrincipalArns: [admin] } };
        const { resources } = await evaluate(config, { stack: "aws-prod", state: awsState, call: awsCalls });
        const values = milvusRelease(resources).values;
        const lb = milvusLoadBalancer(resources);
        assert.strictEqual(
            (at(lb, "metadata.annotations") as Record<string, string>)["service.beta.kubernetes.io/aws-load-balancer-scheme"],
            "internet-facing",
        );
        assert.deepStrictEqual(at(lb, "spec.loadBalancerSourceRanges"), ["198.51.100.0/24"]);
        assert.strictEqual(at(values, "service.type"), "ClusterIP");
        assert.deepStrictEqual(
            new Set(ofType(resources, "aws:eks/accessEntry:AccessEntry").map((e) => e.inputs.principalArn)),
            new Set([DEPLOYER_ROLE_ARN, admin]),
        );
        assert.ok(ofType(resources, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").some((a) => a.inputs.principalArn === admin));
    });

    it("gives a listed admin who is also the deployer one access entry, not two (EKS refuses the second)", async () => {
        const other = `arn:aws:iam::${ACCOUNT_ID}:role/platform-admins`;
        const config = base("aws-prod");
        const awsBlock = config["milvus-on-clouds:aws"] as Record<string, Record<string, unknown>>;
        config["milvus-on-clouds:aws"] = { ...awsBlock, cluster: { ...awsBlock.cluster, adminPrincipalArns: [DEPLOYER_ROLE_ARN, other] } };
        const { resources } = await evaluate(config, { stack: "aws-prod", state: awsState, call: awsCalls });
        const entries = ofType(resources, "aws:eks/accessEntry:AccessEntry");
        assert.deepStrictEqual(entries.map((e) => e.inputs.principalArn).sort(), [other, DEPLOYER_ROLE_ARN].sort());
        // The other admin keeps the name of its place in the list.
        assert.deepStrictEqual(entries.map((e) => e.name).sort(), ["aws-eks-admin-1", "aws-eks-deployer"]);
    });

    it("destroy order: the load balancers Milvus and Attu hold go before the controller that removes them", async () => {
        const config = base("aws-prod");
        const { resources } = await evaluate(config, { stack: "aws-prod", state: awsState, call: awsCalls });
        const controller = ofType(resources, HELM_RELEASE).find((r) => r.inputs.chart === "aws-load-balancer-controller");
        assert.ok(controller);
        // Pulumi deletes dependents first: the NLB Service and the chart (whose Attu Ingress holds the ALB) wait on the controller.
        const nlb = ofType(resources, "kubernetes:core/v1:Service").find((r) => r.name === "milvus-external");
        assert.ok(nlb);
        assert.ok(transitiveDependencies(resources, nlb.urn).has(controller.urn), "the Milvus load balancer Service depends on the controller");
        const chart = milvusRelease(resources);
        assert.ok(transitiveDependencies(resources, chart.urn).has(controller.urn), "the Milvus chart depends on the controller");
        // pulumi-kubernetes uninstalls an atomic release with Wait (helm_release.go, Delete): the Ingress and its finalizer are gone first.
        assert.strictEqual(chart.inputs.atomic, true);
    });

    it("runs in-cluster Pulsar instead of MSK when the queue is pulsar", async () => {
        const config = base("aws-prod");
        config["milvus-on-clouds:milvus"] = { ...(config["milvus-on-clouds:milvus"] as object), messageQueue: "pulsar" };
        const { msk: _unused, ...awsWithoutMsk } = config["milvus-on-clouds:aws"] as Record<string, unknown>;
        config["milvus-on-clouds:aws"] = awsWithoutMsk;
        const { resources } = await evaluate(config, { stack: "aws-prod", state: awsState, call: awsCalls });
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("aws:msk/")),
            [],
        );
        assert.strictEqual(at(milvusRelease(resources).values, "pulsarv3.enabled"), true);
    });
});
