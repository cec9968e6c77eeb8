// Amazon MSK for Milvus's message queue: Kafka 3.x brokers spread over the
// private subnets, TLS between clients and brokers and inside the cluster,
// SASL/SCRAM as the only client authentication, data encrypted at rest with
// a customer-managed key, broker logs in CloudWatch, and the broker settings
// Milvus needs. The SCRAM credentials are generated and live in a Secrets
// Manager secret that MSK requires to be named AmazonMSK_... and encrypted
// with a customer-managed key.
//
// Nothing here depends on the EKS cluster or its nodes: MSK (20-60 minutes
// to create) is built while EKS is being built. Clients are admitted by the
// network's node security group, which exists before the cluster.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AwsSettings } from "./config";
import { encryptionKey } from "./kms";
import { brokerServerProperties } from "./msk-broker-config";

/** Port of the SASL/SCRAM + TLS listener. */
export const MSK_SCRAM_PORT = 9096;
/** MSK only accepts SCRAM secrets whose name starts with this. */
export const MSK_SCRAM_SECRET_PREFIX = "AmazonMSK_";
export const MSK_SCRAM_USERNAME = "milvus";

export interface ManagedKafkaArgs {
    settings: AwsSettings["msk"];
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<string>[];
    /** The security group of the nodes Milvus runs on: the only clients admitted. */
    clientSecurityGroupId: pulumi.Input<string>;
    /** prod: the cluster and its keys are protected and kept on stack deletion. */
    protectData: boolean;
}

export class ManagedKafka extends pulumi.ComponentResource {
    readonly cluster: aws.msk.Cluster;
    /** host:port list of the SASL/SCRAM listeners. */
    readonly bootstrapBrokers: pulumi.Output<string>;
    readonly username: string;
    /** Secret. */
    readonly password: pulumi.Output<string>;

    constructor(name: string, args: ManagedKafkaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-on-clouds:aws:ManagedKafka", name, {}, opts);
        const { settings, protectData } = args;
        const child = { parent: this };
        const brokers = args.subnetIds.length * settings.brokersPerZone;

        const securityGroup = this.brokerSecurityGroup(name, args);

        const configuration = new aws.msk.Configuration(
            `${name}-config`,
            {
                description: "Broker settings Milvus needs: topic auto-creation and 10 MiB messages",
                serverProperties: brokerServerProperties(brokers),
            },
            child,
        );

        const dataKey = encryptionKey(`${name}-data`, { description: "Amazon MSK for Milvus: broker storage", protectData }, child);
        const brokerLogs = new aws.cloudwatch.LogGroup(`${name}-broker-logs`, { retentionInDays: settings.logRetentionDays }, child);

        this.cluster = new aws.msk.Cluster(
            name,
            {
                kafkaVersion: settings.kafkaVersion,
                numberOfBrokerNodes: brokers,
                brokerNodeGroupInfo: {
                    instanceType: settings.instanceType,
                    clientSubnets: args.subnetIds,
                    securityGroups: [securityGroup.id],
                    storageInfo: { ebsStorageInfo: { volumeSize: settings.volumeSizeGiB } },
                },
                clientAuthentication: { sasl: { scram: true, iam: false }, unauthenticated: false },
                encryptionInfo: {
                    encryptionAtRestKmsKeyArn: dataKey.arn,
                    encryptionInTransit: { clientBroker: "TLS", inCluster: true },
                },
                configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
                loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: brokerLogs.name } } },
            },
            {
                ...child,
                protect: protectData,
                retainOnDelete: protectData,
                customTimeouts: { create: "120m", update: "120m", delete: "60m" },
            },
        );

        const password = new random.RandomPassword(`${name}-scram-password`, { length: 32, special: false }, child);
        this.username = MSK_SCRAM_USERNAME;
        this.password = pulumi.secret(password.result);

        const association = this.scramSecret(name, protectData);

        // Clients can only authenticate once the secret is associated.
        this.bootstrapBrokers = pulumi.all([this.cluster.bootstrapBrokersSaslScram, association.id]).apply(([list]) => list);
        this.registerOutputs({ bootstrapBrokers: this.bootstrapBrokers });
    }

    /** The brokers' security group: SASL/SCRAM over TLS from the Milvus nodes only. */
    private brokerSecurityGroup(name: string, args: ManagedKafkaArgs): aws.ec2.SecurityGroup {
        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-brokers`,
            {
                description: "Amazon MSK brokers for Milvus: SASL/SCRAM over TLS from the Milvus nodes only",
                vpcId: args.vpcId,
            },
            { parent: this },
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-from-nodes`,
            {
                securityGroupId: securityGroup.id,
                description: "Kafka SASL/SCRAM over TLS from the Milvus nodes",
                ipProtocol: "tcp",
                fromPort: MSK_SCRAM_PORT,
                toPort: MSK_SCRAM_PORT,
                referencedSecurityGroupId: args.clientSecurityGroupId,
            },
            { parent: this },
        );
        return securityGroup;
    }

    /** The SCRAM credentials in Secrets Manager under the prefix MSK requires, encrypted with their own key and associated with the cluster. */
    private scramSecret(name: string, protectData: boolean): aws.msk.ScramSecretAssociation {
        const secretKey = encryptionKey(
            `${name}-scram`,
            { description: "Amazon MSK for Milvus: SASL/SCRAM credentials", protectData },
            { parent: this },
        );
        const secret = new aws.secretsmanager.Secret(
            `${name}-scram`,
            {
                namePrefix: `${MSK_SCRAM_SECRET_PREFIX}milvus-`,
                description: "SASL/SCRAM credentials Milvus uses to reach Amazon MSK",
                kmsKeyId: secretKey.arn,
                recoveryWindowInDays: protectData ? 30 : 0,
            },
            { parent: this },
        );
        const secretValue = new aws.secretsmanager.SecretVersion(
            `${name}-scram`,
            {
                secretId: secret.id,
                secretString: pulumi.jsonStringify({ username: MSK_SCRAM_USERNAME, password: this.password }),
            },
            { parent: this },
        );
        const secretPolicy = new aws.secretsmanager.SecretPolicy(
            `${name}-scram`,
            {
                secretArn: secret.arn,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "AmazonMskReadsScramSecret",
                            Effect: "Allow",
                            Principal: { Service: "kafka.amazonaws.com" },
                            Action: "secretsmanager:GetSecretValue",
                            Resource: secret.arn,
                        },
                    ],
                }),
            },
            { parent: this },
        );
        return new aws.msk.ScramSecretAssociation(
            `${name}-scram`,
            {
                clusterArn: this.cluster.arn,
                secretArnLists: [secret.arn],
            },
            { parent: this, dependsOn: [secretValue, secretPolicy] },
        );
    }
}
