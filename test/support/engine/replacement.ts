// Which input changes force a replacement, per resource type: the part of a
// provider's Diff the engine suite's "innocent edit" check depends on. Only
// types this program creates are listed; each entry is the provider's
// create-only (ForceNew / replaceOnChanges) properties as its docs give them.
// A type not listed is replaced only when its name changes.

/** Create-only top-level inputs, by type token. `*` = every input (the random provider). */
const CREATE_ONLY: Record<string, readonly string[]> = {
    // pulumi-random: every argument of random_password / random_string is ForceNew
    // (terraform-provider-random, internal/provider/resource_password.go: RequiresReplace on all attributes).
    "random:index/randomPassword:RandomPassword": ["*"],
    "random:index/randomString:RandomString": ["*"],
    // AWS (registry docs of each aws_* resource, "Argument Reference": "Forces new resource").
    "aws:eks/cluster:Cluster": ["name", "roleArn", "bootstrapSelfManagedAddons", "encryptionConfig", "kubernetesNetworkConfig", "outpostConfig"],
    "aws:eks/nodeGroup:NodeGroup": [
        "clusterName",
        "nodeGroupName",
        "nodeGroupNamePrefix",
        "nodeRoleArn",
        "subnetIds",
        "amiType",
        "capacityType",
        "diskSize",
        "instanceTypes",
        "remoteAccess",
    ],
    "aws:eks/accessEntry:AccessEntry": ["clusterName", "principalArn", "type"],
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": ["clusterName", "principalArn", "policyArn"],
    "aws:eks/addon:Addon": ["clusterName", "addonName"],
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:msk/cluster:Cluster": ["clusterName", "encryptionInfo", "clientAuthentication"],
    "aws:msk/configuration:Configuration": ["name", "kafkaVersions"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"],
    "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy"],
    "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
    "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "vpcId", "description"],
    "aws:ec2/natGateway:NatGateway": ["subnetId", "allocationId", "connectivityType"],
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:iam/policy:Policy": ["name", "namePrefix", "path", "description"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
    "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
    // Azure (azure-native: the path parameters of each resource's ARM id, and location, force replacement).
    "azure-native:resources:ResourceGroup": ["resourceGroupName", "location"],
    "azure-native:network:VirtualNetwork": ["resourceGroupName", "virtualNetworkName", "location"],
    "azure-native:network:Subnet": ["resourceGroupName", "virtualNetworkName", "subnetName"],
    "azure-native:managedidentity:UserAssignedIdentity": ["resourceGroupName", "resourceName", "location"],
    "azure-native:managedidentity:FederatedIdentityCredential": ["resourceGroupName", "resourceName", "federatedIdentityCredentialResourceName"],
    "azure-native:containerservice:ManagedCluster": ["resourceGroupName", "resourceName", "location", "dnsPrefix"],
    "azure-native:containerservice:AgentPool": [
        "resourceGroupName",
        "resourceName",
        "agentPoolName",
        "vmSize",
        "osDiskSizeGB",
        "availabilityZones",
        "vnetSubnetID",
    ],
    "azure-native:storage:StorageAccount": ["resourceGroupName", "accountName", "location"],
    "azure-native:storage:BlobContainer": ["resourceGroupName", "accountName", "containerName"],
    "azure-native:authorization:RoleAssignment": ["scope", "roleAssignmentName", "principalId", "roleDefinitionId"],
    "azure-native:authorization:ManagementLockByScope": ["scope", "lockName"],
};

/** The inputs among `changed` whose change replaces the resource. */
export function replacingChanges(type: string, changed: string[]): string[] {
    const createOnly = CREATE_ONLY[type];
    const direct =
        createOnly === undefined
            ? changed.filter((k) => k === "name")
            : createOnly.includes("*")
              ? changed
              : changed.filter((k) => createOnly.includes(k));
    return direct;
}
