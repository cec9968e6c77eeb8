// The AWS platform module: EKS, S3 through IRSA, Amazon MSK for Kafka, gp3
// volumes and the AWS Load Balancer Controller. Config and rules are pure;
// the component (./platform.ts, with @pulumi/aws) loads only when chosen.
import type { PlatformModule } from "../platform/module";
import { awsSchema, resolveAws, type AwsInput, type AwsSettings } from "./config";
import { AWS_DEPLOYER_TOOLS } from "./kubeconfig";
import { AWS_RULES } from "./rules";

export const awsPlatform: PlatformModule<"aws", AwsInput, AwsSettings> = {
    cloud: "aws",
    schema: awsSchema,
    missingBlock: { key: "aws.region", given: undefined, allowed: 'required when cloud is aws: the region to deploy to, such as "us-west-2"' },
    resolve: (block, { environment }) => resolveAws(block, environment),
    capabilities: () => ({
        // Kafka is Amazon MSK (provisioned, SASL/SCRAM); MSK Serverless is refused by ./rules.ts.
        providesKafka: true,
        refusedQueues: {},
        internalLoadBalancer: true,
        defaultClusterQueue: "kafka",
        objectStore: "bucket",
    }),
    check: (input, config, settings) => AWS_RULES.flatMap((rule) => rule(input, config, settings)),
    deployerTools: () => AWS_DEPLOYER_TOOLS,
    userTags: (settings) => settings.tags,
    async create(name, context, settings, opts) {
        const { AwsPlatform } = await import("./platform");
        const platform = new AwsPlatform(name, { context, settings }, opts);
        await platform.registered;
        return { contract: platform.contract, outputs: platform.outputs };
    },
};
