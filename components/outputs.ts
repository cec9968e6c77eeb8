// The stack outputs every cloud returns; app projects read them through stack references.
import type * as pulumi from "@pulumi/pulumi";

export interface StackOutputs {
    cloud: string;
    environment: string;
    /** Milvus inside the cluster, e.g. http://milvus.milvus.svc.cluster.local:19530. */
    milvusUri: pulumi.Output<string>;
    /** host:port of the load balancer when exposure is internal or public. */
    milvusExternalEndpoint: pulumi.Output<string | undefined>;
    /** `root:<password>` — a secret output. */
    rootToken: pulumi.Output<string>;
    namespace: pulumi.Output<string>;
    releaseName: string;
    chartVersion: string;
    milvusVersion: string;
    /** Attu URL when Attu has an ingress. */
    attuUrl: pulumi.Output<string | undefined>;
    region: pulumi.Input<string> | undefined;
    objectStoreName: pulumi.Input<string>;
    /** Secret; set when the program created the cluster. */
    kubeconfig: pulumi.Output<string> | undefined;
    /** Cloud-specific extras. */
    platform: Record<string, pulumi.Input<unknown>>;
}
