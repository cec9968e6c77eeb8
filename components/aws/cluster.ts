// The EKS control plane: secrets encrypted with a customer-managed key,
// every control-plane log type (audit included) kept for a set period, the
// private endpoint on and the public one off or limited to listed CIDRs,
// access entries only (no aws-auth ConfigMap) with the deployer and the
// listed principals as cluster admins, and the OIDC provider for IRSA.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsSettings } from "./config";
import { managedPolicyArn, serviceRole, type ClusterOidc } from "./iam-roles";
import { encryptionKey } from "./kms";
import { kubeconfigFor } from "./kubeconfig";
import type { Partition } from "./partition";

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export interface EksClusterArgs {
    name: string;
    settings: AwsSettings["cluster"];
    region: string;
    partition: Partition;
    privateSubnetIds: pulumi.Input<string>[];
    protectData: boolean;
}

export class EksCluster extends pulumi.ComponentResource {
    readonly cluster: aws.eks.Cluster;
    readonly oidc: ClusterOidc;
    /** Security group EKS creates for the control plane and nodes to talk to each other. */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** Secret: holds no credential, but says where the cluster is and how to reach it. */
    readonly kubeconfig: pulumi.Output<string>;
    /** The deployer's cluster-admin grant: nothing in-cluster can be created before it. */
    readonly deployerAccess: aws.eks.AccessPolicyAssociation;
    /**
     * The grants of `adminPrincipalArns`, registered once the deployer's ARN is
     * known: a listed principal that is the deployer already has its entry,
     * and EKS refuses a second access entry for the same principal.
     */
    readonly adminAccess: Promise<aws.eks.AccessPolicyAssociation[]>;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:EksCluster", name, {}, opts);
        const { settings, partition } = args;

        const role = serviceRole(`${name}-role`, "eks.amazonaws.com", "EKS control plane for Milvus", { parent: this });
        const rolePolicy = new aws.iam.RolePolicyAttachment(
            `${name}-role-policy`,
            {
                role: role.name,
                policyArn: managedPolicyArn(partition.name, "AmazonEKSClusterPolicy"),
            },
            { parent: this },
        );

        const secretsKey = encryptionKey(
            `${name}-secrets`,
            { description: `EKS ${args.name}: Kubernetes Secrets envelope encryption`, protectData: args.protectData },
            { parent: this },
        );

        // Created before the cluster so EKS writes into a group with a retention period, not a never-expiring one.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane`,
            {
                name: `/aws/eks/${args.name}/cluster`,
                retentionInDays: settings.logRetentionDays,
            },
            { parent: this },
        );

        this.cluster = new aws.eks.Cluster(name, clusterArgs(args, role.arn, secretsKey.arn), {
            parent: this,
            dependsOn: [rolePolicy, logGroup],
            customTimeouts: { create: "30m", update: "60m", delete: "30m" },
        });

        const issuer = this.cluster.identities.apply((ids) => {
            const url = ids[0]?.oidcs[0]?.issuer;
            if (!url) throw new Error(`EKS reported no OIDC issuer for cluster ${args.name}`);
            return url;
        });
        const oidcProvider = new aws.iam.OpenIdConnectProvider(
            `${name}-oidc`,
            {
                url: issuer,
                clientIdLists: ["sts.amazonaws.com"],
            },
            { parent: this },
        );
        this.oidc = { providerArn: oidcProvider.arn, issuerHost: issuer.apply((url) => url.replace(/^https:\/\//, "")) };
        this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

        // The identity running `pulumi up` (an assumed role resolves to the role itself). Invokes run
        // in previews too, so the ARN is known before anything is planned.
        const deployer = aws
            .getCallerIdentity({}, { parent: this })
            .then((caller) => aws.iam.getSessionContext({ arn: caller.arn }, { parent: this }))
            .then((session) => session.issuerArn);
        this.deployerAccess = this.clusterAdmin(`${name}-deployer`, partition, pulumi.output(deployer));
        // Names keep their index in the list (`-admin-<i>`), so skipping the deployer moves no other grant.
        this.adminAccess = deployer.then((deployerArn) =>
            settings.adminPrincipalArns.flatMap((arn, i) => (arn === deployerArn ? [] : [this.clusterAdmin(`${name}-admin-${i}`, partition, arn)])),
        );

        this.kubeconfig = pulumi.secret(
            kubeconfigFor({
                name: this.cluster.name,
                endpoint: this.cluster.endpoint,
                certificateAuthority: this.cluster.certificateAuthority.data,
                region: args.region,
            }),
        );
        this.registerOutputs({ clusterName: this.cluster.name, kubeconfig: this.kubeconfig });
    }

    private clusterAdmin(name: string, partition: Partition, principalArn: pulumi.Input<string>): aws.eks.AccessPolicyAssociation {
        const entry = new aws.eks.AccessEntry(
            name,
            {
                clusterName: this.cluster.name,
                principalArn,
                type: "STANDARD",
            },
            { parent: this },
        );
        return new aws.eks.AccessPolicyAssociation(
            name,
            {
                clusterName: this.cluster.name,
                principalArn: entry.principalArn,
                policyArn: `arn:${partition.name}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
                accessScope: { type: "cluster" },
            },
            { parent: this },
        );
    }
}

/** Private endpoint always, public only for the listed ranges; API authentication with access entries; Secrets encrypted with the stack's key. */
function clusterArgs(args: EksClusterArgs, roleArn: pulumi.Input<string>, keyArn: pulumi.Input<string>): aws.eks.ClusterArgs {
    const { settings } = args;
    const publicEndpoint = settings.publicAccessCidrs.length > 0;
    return {
        name: args.name,
        version: settings.version,
        roleArn,
        vpcConfig: {
            subnetIds: args.privateSubnetIds,
            endpointPrivateAccess: true,
            endpointPublicAccess: publicEndpoint,
            publicAccessCidrs: publicEndpoint ? settings.publicAccessCidrs : undefined,
        },
        accessConfig: {
            authenticationMode: "API",
            // The deployer gets an explicit, managed access entry instead (EksCluster.clusterAdmin).
            bootstrapClusterCreatorAdminPermissions: false,
        },
        encryptionConfig: { provider: { keyArn }, resources: ["secrets"] },
        enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
        // vpc-cni, kube-proxy and CoreDNS come as managed add-ons (addons.ts), not as unmanaged copies.
        bootstrapSelfManagedAddons: false,
    };
}
