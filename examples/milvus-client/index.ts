// Example app project: reads the outputs contract of a Milvus stack through
// the consumer helper and deploys a client Job into the same cluster.
import * as pulumi from "@pulumi/pulumi";
import { readMilvusStack } from "@milvus-on-clouds/stack-outputs";
import { MilvusClient } from "./client";

export = async () => {
    const config = new pulumi.Config();
    const milvusStack = config.require("milvusStack");
    // Throws, before anything is deployed, when the stack misses the contract.
    const milvus = await readMilvusStack(milvusStack);
    const client = new MilvusClient("milvus-client", {
        milvus,
        namespace: config.get("namespace") ?? "milvus-client",
        kubeContext: config.get("kubeContext"),
        clientCertificateSecret: config.get("clientCertificateSecret"),
    });
    return {
        milvusStack,
        milvusUri: milvus.milvusUri,
        namespace: client.namespace,
        jobName: client.jobName,
    };
};
