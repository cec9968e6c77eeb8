// Complete contracts for clouds whose platform is not in this branch yet,
// shaped as their platforms are expected to export them.
import { CONTRACT_VERSION, SECRET_OUTPUT_NAMES, type StackContract } from "../../../components/outputs";
import { wireSecret, type ReferencedStack } from "./mocks";

/** Recognisable credentials inside the fake contracts, to search for leaks. */
export const TOKEN_PASSWORD = "TOKENPASSWORDX9";
export const KUBECONFIG_CREDENTIAL = "KUBECONFIGCREDX9";

/** A complete contract for an AWS stack, as the AWS platform is expected to export it. */
export function awsContract(overrides: Partial<StackContract> = {}): StackContract {
    return {
        contractVersion: CONTRACT_VERSION,
        cloud: "aws",
        environment: "prod",
        region: "eu-west-1",
        namespace: "milvus",
        releaseName: "milvus",
        milvusServiceName: "milvus",
        milvusHost: "milvus.milvus.svc.cluster.local",
        milvusPort: 19530,
        milvusUri: "http://milvus.milvus.svc.cluster.local:19530",
        milvusTls: false,
        milvusExternalEndpoint: "milvus-nlb.elb.eu-west-1.amazonaws.com:19530",
        milvusAuthEnabled: true,
        milvusToken: `root:${TOKEN_PASSWORD}`,
        kubeconfig: `apiVersion: v1\nkind: Config\nusers: [{name: eks, user: {token: ${KUBECONFIG_CREDENTIAL}}}]\n`,
        objectStoreName: "milvus-data-123",
        chartVersion: "5.0.19",
        milvusVersion: "v2.6.15",
        platform: {
            aws: {
                clusterName: "milvus-prod",
                bucketArn: "arn:aws:s3:::milvus-data-123",
                kafkaBootstrapBrokers: "b-1.msk.example:9096,b-2.msk.example:9096",
            },
        },
        ...overrides,
    };
}

/**
 * A stack reference's view of stack outputs, as the engine stores them:
 * the contract's secret outputs wrapped as secrets and listed in
 * secretOutputNames (unless `secrets: "unmarked"` simulates a stack that
 * failed to mark them).
 */
export function referencedStack(outputs: Record<string, unknown>, secrets: "marked" | "unmarked" = "marked"): ReferencedStack {
    const secretNames = secrets === "marked" ? SECRET_OUTPUT_NAMES.filter((n) => outputs[n] !== undefined) : [];
    return {
        outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, (secretNames as string[]).includes(k) ? wireSecret(v) : v])),
        secretOutputNames: [...secretNames],
    };
}
