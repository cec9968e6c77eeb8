// What a fake AWS answers under the mocks: every resource gets a unique ARN
// (naming its type and logical name, so tests can follow references), the
// outputs the program reads (cluster endpoint, OIDC issuer, MSK brokers...),
// and the invokes it makes (caller identity, session context, zones).
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import type { RecordedResource } from "./recorded";
import { standIn } from "./stand-ins";

export const ACCOUNT_ID = "123456789012";
/** The identity the fake `pulumi up` runs as: an assumed role... */
export const DEPLOYER_SESSION_ARN = standIn(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/platform-deployer/ci-session`);
/** ...which resolves to this IAM role. */
/** The CIDR blocks of any existing VPC the fakes are asked about. */
export const EXISTING_VPC_CIDRS = ["10.20.0.0/16", "100.64.0.0/20"];
export const DEPLOYER_ROLE_ARN = standIn(`arn:aws:iam::${ACCOUNT_ID}:role/platform-deployer`);
export const OIDC_ISSUER = standIn("https://oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF");
export const CLUSTER_SECURITY_GROUP = standIn("sg-0eks0cluster0000");
export const MSK_SCRAM_BROKERS = standIn(
    "b-1.milvus.kafka.us-west-2.amazonaws.com:9096,b-2.milvus.kafka.us-west-2.amazonaws.com:9096,b-3.milvus.kafka.us-west-2.amazonaws.com:9096",
);
/** The region's zones as the fake reports them: unsorted, four of them. */
export const REGION_ZONES = ["us-west-2d", "us-west-2b", "us-west-2a", "us-west-2c"];

export function fakeArn(type: string, name: string): string {
    return standIn(`arn:aws:fake:us-west-2:${ACCOUNT_ID}:${type}/${name}`);
}

/**
 * The recorded resource a fake ARN or an id points at. Ids (`<name>-id`) do
 * not name the type, and resources of different types may share a name, so
 * pass the type the reference must have.
 */
export function referenced(resources: RecordedResource[], ref: unknown, type?: string): RecordedResource {
    const found = resources.filter(
        (r) =>
            !r.read &&
            !r.type.startsWith("milvus-on-clouds:") &&
            (type === undefined || r.type === type) &&
            (fakeArn(r.type, r.name) === ref || `${r.name}-id` === ref),
    );
    if (found.length !== 1) throw new Error(`expected one resource referenced by ${JSON.stringify(ref)}, found ${found.length}`);
    return found[0];
}

export function awsState(args: MockResourceArgs): Record<string, unknown> | undefined {
    if (!args.type.startsWith("aws:")) return undefined;
    const inputs = args.inputs as Record<string, unknown>;
    const common = { ...inputs, arn: fakeArn(args.type, args.name), name: inputs.name ?? args.name };
    switch (args.type) {
        case "aws:eks/cluster:Cluster":
            return {
                ...common,
                endpoint: "https://0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com",
                certificateAuthority: { data: "LS0tLS1CRUdJTi1GQUtFLUNBLS0tLS0=" },
                identities: [{ oidcs: [{ issuer: OIDC_ISSUER }] }],
                vpcConfig: { ...(inputs.vpcConfig as Record<string, unknown>), clusterSecurityGroupId: CLUSTER_SECURITY_GROUP },
            };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return { ...common, arn: `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}` };
        case "aws:msk/cluster:Cluster":
            return { ...common, bootstrapBrokersSaslScram: MSK_SCRAM_BROKERS };
        case "aws:msk/configuration:Configuration":
            return { ...common, latestRevision: 1 };
        case "aws:s3/bucket:Bucket":
            return { ...common, bucket: inputs.bucket ?? `${args.name}-bucket` };
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return { ...common, latestVersion: 1 };
        default:
            return common;
    }
}

export function awsCalls(args: MockCallArgs): Record<string, unknown> | undefined {
    switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: ACCOUNT_ID, arn: DEPLOYER_SESSION_ARN, userId: "AROAEXAMPLE:ci-session", id: ACCOUNT_ID };
        case "aws:iam/getSessionContext:getSessionContext":
            return args.inputs.arn === DEPLOYER_SESSION_ARN
                ? {
                      arn: DEPLOYER_SESSION_ARN,
                      issuerArn: DEPLOYER_ROLE_ARN,
                      issuerId: "AROAEXAMPLE",
                      issuerName: "platform-deployer",
                      sessionName: "ci-session",
                      id: DEPLOYER_SESSION_ARN,
                  }
                : undefined;
        case "aws:ec2/getVpc:getVpc":
            // An existing VPC with a second CIDR block associated.
            return {
                id: args.inputs.id,
                cidrBlock: EXISTING_VPC_CIDRS[0],
                cidrBlockAssociations: EXISTING_VPC_CIDRS.map((cidrBlock, i) => ({
                    associationId: `vpc-cidr-assoc-${i}`,
                    cidrBlock,
                    state: "associated",
                })),
            };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: REGION_ZONES, zoneIds: REGION_ZONES.map((_, i) => `usw2-az${i + 1}`), id: "us-west-2" };
        default:
            return undefined;
    }
}
