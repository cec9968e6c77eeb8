// Resource type tokens the policies read, checked against the installed SDKs
// (@pulumi/aws 7.48.0, @pulumi/azure-native 3.28.0, @pulumi/kubernetes 4.25.0:
// the `__pulumiType` of each class). The pack imports no cloud SDK, so any
// stack's resources can be checked without installing the providers here.

export const AWS = {
    s3Bucket: "aws:s3/bucket:Bucket",
    /** Deprecated alias of Bucket in aws v7; still creatable. */
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3PublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    s3Encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    s3EncryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    s3BucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    mskCluster: "aws:msk/cluster:Cluster",
    mskServerlessCluster: "aws:msk/serverlessCluster:ServerlessCluster",
    mskConfiguration: "aws:msk/configuration:Configuration",
    eksCluster: "aws:eks/cluster:Cluster",
    eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    ec2LaunchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    ec2Instance: "aws:ec2/instance:Instance",
    iamRole: "aws:iam/role:Role",
    iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamPolicy: "aws:iam/policy:Policy",
    iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

export const S3_BUCKETS: readonly string[] = [AWS.s3Bucket, AWS.s3BucketV2];

/**
 * azure-native tokens are `azure-native:<module>:<Resource>`, or with an explicit
 * API version `azure-native:<module>/v<date>:<Resource>`; both are matched.
 */
export function azureType(module: string, resource: string): (type: string) => boolean {
    const pattern = new RegExp(`^azure-native:${module}(/v[0-9a-z]+)?:${resource}$`);
    return (type) => pattern.test(type);
}

export const AZURE = {
    managedCluster: azureType("containerservice", "ManagedCluster"),
    agentPool: azureType("containerservice", "AgentPool"),
    storageAccount: azureType("storage", "StorageAccount"),
} as const;

export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/**
 * Types that take tags, among those a Milvus platform on AWS or Azure creates
 * (VPC, EKS/AKS, node groups, IAM, KMS, S3, MSK, Secrets Manager, logs,
 * resource groups, identities, networks, storage, key vaults, registries).
 * Any other aws/azure-native resource that sets `tags` is checked too, and the
 * `required-tags` policy config can add types.
 */
export const TAGGABLE_TYPES: readonly string[] = [
    "aws:eks/cluster:Cluster",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:eks/addon:Addon",
    "aws:eks/accessEntry:AccessEntry",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    "aws:eks/fargateProfile:FargateProfile",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/eip:Eip",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2/instance:Instance",
    "aws:ec2/networkAcl:NetworkAcl",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "aws:iam/instanceProfile:InstanceProfile",
    "aws:kms/key:Key",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:msk/cluster:Cluster",
    "aws:msk/serverlessCluster:ServerlessCluster",
    "aws:secretsmanager/secret:Secret",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:ecr/repository:Repository",
    "aws:lb/loadBalancer:LoadBalancer",
    "azure-native:resources:ResourceGroup",
    "azure-native:containerservice:ManagedCluster",
    "azure-native:containerservice:AgentPool",
    "azure-native:storage:StorageAccount",
    "azure-native:managedidentity:UserAssignedIdentity",
    "azure-native:network:VirtualNetwork",
    "azure-native:network:NetworkSecurityGroup",
    "azure-native:network:PublicIPAddress",
    "azure-native:network:NatGateway",
    "azure-native:network:PrivateEndpoint",
    "azure-native:privatedns:PrivateZone",
    "azure-native:operationalinsights:Workspace",
    "azure-native:keyvault:Vault",
    "azure-native:keyvault:Key",
    "azure-native:containerregistry:Registry",
    "azure-native:monitor:ActionGroup",
];

export function isCloudType(type: string): boolean {
    return type.startsWith("aws:") || type.startsWith("azure-native:");
}
