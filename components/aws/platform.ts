// The AWS platform: EKS with managed node pools, an S3 bucket reached through
// IRSA (no keys), Amazon MSK when the queue is Kafka, a gp3 default storage
// class and the AWS Load Balancer Controller, handed to MilvusRelease as the
// shared platform contract.
//
// Deploy time is dominated by MSK (20-60 min) and EKS (10-15 min): the
// bucket, MSK and the EKS control plane only share the network, so Pulumi
// creates them side by side; in-cluster pieces follow the node groups.
import * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { MessageQueueKind } from "../config/schema";
import type { PlatformOutputs } from "../outputs";
import type { MessageQueue, MilvusPlatform } from "../platform/contract";
import type { PlatformContext } from "../platform/module";
import { createMilvusNamespace } from "../platform/namespace";
import { backupServiceAccountName, milvusServiceAccountName, usesBackupTool } from "../platform/service-account";
import { zoneSpreadFor } from "../platform/zones";
import type { AwsSettings } from "./config";
import { ClusterServiceAddons, NodeNetworkingAddons } from "./addons";
import { MilvusBucket } from "./bucket";
import { BucketIdentity } from "./bucket-identity";
import { EksCluster } from "./cluster";
import { AWS_EXPOSURE } from "./exposure";
import { IRSA_ROLE_ANNOTATION } from "./iam-roles";
import { LoadBalancerController } from "./lb-controller";
import { ManagedKafka } from "./msk";
import { AwsNetwork } from "./network";
import { NodePools } from "./node-pools";
import { partitionOf, type Partition } from "./partition";
import { placementFor } from "./placement";
import { sizedNodePools } from "./pool-sizing";
import { Gp3StorageClass } from "./storage-class";
import { kubernetesProvider } from "../platform/kubernetes-provider";

export interface AwsPlatformArgs {
    context: PlatformContext;
    settings: AwsSettings;
}

/** `<project>-<stack>`, cut to what EKS accepts. */
export function defaultClusterName(project: string, stack: string): string {
    return `${project}-${stack}`
        .replace(/[^A-Za-z0-9_-]/g, "-")
        .replace(/^[^A-Za-z0-9]+/, "")
        .slice(0, 100);
}

/** What the platform creates in AWS itself: network, bucket, MSK, EKS and its node pools. */
interface AwsInfrastructure {
    network: AwsNetwork;
    bucket: MilvusBucket;
    kafka: ManagedKafka | undefined;
    eks: EksCluster;
    networkingAddons: NodeNetworkingAddons;
    nodes: NodePools;
    serviceAddons: ClusterServiceAddons;
}

/** What it creates in and for the cluster: the Kubernetes provider, namespace, storage class, load balancer controller and identity. */
interface AwsClusterSide {
    provider: k8s.Provider;
    namespace: k8s.core.v1.Namespace;
    storage: Gp3StorageClass;
    lbController: LoadBalancerController;
    identity: BucketIdentity;
    serviceAccountName: string;
    backupAccount: string | undefined;
}

type InAws = { parent: pulumi.Resource; providers: pulumi.ProviderResource[] };

export class AwsPlatform extends pulumi.ComponentResource {
    readonly contract: MilvusPlatform;
    readonly outputs: PlatformOutputs;
    /** Settles once every resource is registered (some wait for the deployer's identity). */
    readonly registered: Promise<unknown>;

    constructor(name: string, args: AwsPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:AwsPlatform", name, {}, opts);
        const { context, settings } = args;
        const partition = partitionOf(settings.region);
        // Every AWS resource goes through this provider: the region comes from validated config, not the
        // environment, and the stack's tags (platform/tags.ts) reach every taggable resource as defaultTags.
        const awsProvider = new aws.Provider(`${name}-aws`, { region: settings.region, defaultTags: { tags: context.tags } }, { parent: this });
        const inAws: InAws = { parent: this, providers: [awsProvider] };
        const infra = this.infrastructure(name, args, partition, inAws);
        const side = this.clusterSide(name, args, partition, infra, awsProvider, inAws);
        this.contract = contractOf(args, partition, infra, side);
        this.outputs = {
            region: settings.region,
            objectStoreName: infra.bucket.name,
            kubeconfig: infra.eks.kubeconfig,
            extras: {
                aws: {
                    clusterName: infra.eks.cluster.name,
                    bucketArn: infra.bucket.arn,
                    vpcId: infra.network.vpcId,
                    milvusRoleArn: side.identity.role.arn,
                    ...(infra.kafka ? { kafkaBootstrapBrokers: infra.kafka.bootstrapBrokers } : {}),
                },
            },
        };
        this.registered = infra.eks.adminAccess;
        this.registerOutputs({ clusterName: infra.eks.cluster.name, bucket: infra.bucket.name });
    }

    /** Independent of each other: network first, then bucket, MSK and EKS in parallel; node pools after the networking add-ons. */
    private infrastructure(name: string, args: AwsPlatformArgs, partition: Partition, inAws: InAws): AwsInfrastructure {
        const { context, settings } = args;
        const { milvus, demand, protectData } = context.config;
        const region = settings.region;
        // Desired sizes and root volumes follow the workload: the calculation the rules checked, done before any resource.
        const pools = sizedNodePools(demand, settings.nodePools);
        const clusterName = settings.cluster.name ?? defaultClusterName(pulumi.getProject(), pulumi.getStack());
        const network = new AwsNetwork(`${name}-network`, { settings: settings.network, region }, inAws);
        const bucket = new MilvusBucket(`${name}-bucket`, { settings: settings.bucket, protectData }, inAws);
        const kafka =
            milvus.messageQueue === "kafka"
                ? new ManagedKafka(
                      `${name}-msk`,
                      {
                          settings: settings.msk,
                          vpcId: network.vpcId,
                          subnetIds: settings.msk.subnetIds ?? network.privateSubnetIds,
                          clientSecurityGroupId: network.nodeSecurityGroup.id,
                          protectData,
                      },
                      inAws,
                  )
                : undefined;
        const eks = new EksCluster(
            `${name}-eks`,
            {
                name: clusterName,
                settings: settings.cluster,
                region,
                partition,
                privateSubnetIds: network.privateSubnetIds,
                protectData,
            },
            inAws,
        );
        const networkingAddons = new NodeNetworkingAddons(`${name}-addons`, { clusterName: eks.cluster.name }, inAws);
        const nodes = new NodePools(
            `${name}-nodes`,
            {
                clusterName: eks.cluster.name,
                kubernetesVersion: eks.cluster.version,
                pools,
                privateSubnetIds: network.privateSubnetIds,
                securityGroupIds: [eks.clusterSecurityGroupId, network.nodeSecurityGroup.id],
                partition,
                after: [...networkingAddons.addons, ...network.egressReady],
            },
            inAws,
        );
        const serviceAddons = new ClusterServiceAddons(
            `${name}-services`,
            {
                clusterName: eks.cluster.name,
                oidc: eks.oidc,
                partition,
                after: nodes.nodeGroups,
            },
            inAws,
        );
        return { network, bucket, kafka, eks, networkingAddons, nodes, serviceAddons };
    }

    /** In-cluster resources authenticate as the deployer, so they wait for its access entry. */
    private clusterSide(
        name: string,
        args: AwsPlatformArgs,
        partition: Partition,
        infra: AwsInfrastructure,
        awsProvider: aws.Provider,
        inAws: InAws,
    ): AwsClusterSide {
        const { context, settings } = args;
        const { milvus, protectData } = context.config;
        const { eks, network, nodes, serviceAddons } = infra;
        const provider = kubernetesProvider(`${name}-k8s`, { kubeconfig: eks.kubeconfig }, { parent: this, dependsOn: [eks.deployerAccess] });
        const namespace = createMilvusNamespace(name, this, { milvus, labels: context.labels, protect: protectData, provider });
        const storage = new Gp3StorageClass(`${name}-storage`, { protectData, labels: context.labels }, { parent: this, providers: [provider] });
        const lbController = new LoadBalancerController(
            `${name}-lb-controller`,
            {
                chartVersion: settings.loadBalancerController.chartVersion,
                chartRepository: settings.loadBalancerController.chartRepository,
                imageRegistry: context.config.imageRegistry,
                clusterName: eks.cluster.name,
                region: settings.region,
                vpcId: network.vpcId,
                oidc: eks.oidc,
                partition,
                after: [...nodes.nodeGroups, ...serviceAddons.addons],
            },
            { parent: this, providers: [awsProvider, provider] },
        );
        const serviceAccountName = milvusServiceAccountName(milvus);
        const backupAccount = usesBackupTool(milvus) ? backupServiceAccountName(milvus) : undefined;
        const identity = new BucketIdentity(
            `${name}-milvus-identity`,
            {
                oidc: eks.oidc,
                namespace: milvus.namespace,
                serviceAccount: serviceAccountName,
                ...(backupAccount ? { backupServiceAccount: backupAccount } : {}),
                bucketArn: infra.bucket.arn,
            },
            inAws,
        );
        return { provider, namespace, storage, lbController, identity, serviceAccountName, backupAccount };
    }
}

/** The shared contract MilvusRelease reads: S3 through IRSA, MSK when the queue is Kafka. */
function contractOf(args: AwsPlatformArgs, partition: Partition, infra: AwsInfrastructure, side: AwsClusterSide): MilvusPlatform {
    const { context, settings } = args;
    const region = settings.region;
    const roleAnnotations = { [IRSA_ROLE_ANNOTATION]: side.identity.role.arn };
    return {
        cloud: "aws",
        provider: side.provider,
        namespace: side.namespace.metadata.name,
        storageClassName: side.storage.name,
        objectStore: {
            kind: "bucket",
            cloudProvider: "aws",
            host: `s3.${region}.${partition.dnsSuffix}`,
            port: 443,
            useSSL: true,
            bucketName: infra.bucket.name,
            rootPath: settings.bucket.rootPath,
            region,
            useVirtualHost: true,
        },
        messageQueue: messageQueueOf(context.config.milvus.messageQueue, infra.kafka),
        serviceAccount: { name: side.serviceAccountName, annotations: roleAnnotations, podLabels: {} },
        ...(side.backupAccount ? { backupServiceAccount: { name: side.backupAccount, annotations: roleAnnotations, podLabels: {} } } : {}),
        exposure: AWS_EXPOSURE,
        networkRanges: infra.network.vpcCidrs,
        zoneSpread: zoneSpreadFor(infra.network.zoneCount),
        labels: context.labels,
        placement: placementFor(settings.nodePools),
        dependsOn: [
            ...infra.nodes.nodeGroups,
            ...infra.networkingAddons.addons,
            ...infra.serviceAddons.addons,
            ...side.storage.resources,
            side.lbController.release,
            side.identity.policy,
        ],
    };
}

function messageQueueOf(kind: MessageQueueKind, kafka: ManagedKafka | undefined): MessageQueue {
    if (kind !== "kafka") return { kind };
    if (!kafka) throw new Error("the aws platform creates MSK whenever the queue is kafka");
    return {
        kind: "kafka",
        brokers: kafka.bootstrapBrokers,
        securityProtocol: "SASL_SSL",
        sasl: {
            mechanism: "SCRAM-SHA-512",
            // MilvusRelease keeps them in its Kubernetes Secret; the chart values only name that Secret.
            credentials: { kind: "values", username: kafka.username, password: kafka.password },
        },
    };
}
