// A small client workload deployed next to Milvus: a Job that calls the
// Milvus RESTful API with the URI and token from the Milvus stack's outputs.
// The token reaches the pod only through a Kubernetes Secret.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { MilvusStack } from "../../components/consumer";

/** Pinned client image (curl on Alpine, with /bin/sh). */
export const CLIENT_IMAGE = "curlimages/curl:8.11.1";
/** Key of the token in the app's Secret. */
export const TOKEN_KEY = "token";

/**
 * Lists collections through the RESTful API; fails unless Milvus answers with
 * code 0 (reachable, and the token accepted). The token goes to curl on its
 * standard input, never on a command line, and is never printed.
 */
export const CHECK_SCRIPT = `set -eu
auth() { if [ -n "\${MILVUS_TOKEN:-}" ]; then printf 'header = "Authorization: Bearer %s"\\n' "$MILVUS_TOKEN"; fi; }
body=$(auth | curl --config - --silent --show-error --fail --max-time 10 \\
  --retry 10 --retry-connrefused --retry-delay 6 \\
  -X POST "$MILVUS_URI/v2/vectordb/collections/list" \\
  -H "Content-Type: application/json" -d '{}')
echo "$body"
case "$body" in
  *'"code":0'*) echo "Milvus at $MILVUS_URI answered" ;;
  *) echo "Milvus at $MILVUS_URI refused the request" >&2; exit 1 ;;
esac
`;

export interface MilvusClientArgs {
    /** The Milvus stack's outputs, from readMilvusStack. */
    milvus: MilvusStack;
    /** Namespace the app creates for its own objects. */
    namespace: string;
    /** Kubeconfig context, only for stacks that export no kubeconfig (local clusters). */
    kubeContext?: string;
}

export class MilvusClient extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly jobName: pulumi.Output<string>;

    constructor(name: string, args: MilvusClientArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-client:index:MilvusClient", name, {}, opts);
        const { milvus } = args;
        if (milvus.kubeconfig !== undefined && args.kubeContext !== undefined) {
            throw new Error("kubeContext is only for Milvus stacks without a kubeconfig (local clusters); this stack exports its cluster's kubeconfig");
        }

        // The Milvus stack's kubeconfig (a secret) when it created the cluster;
        // otherwise the ambient kubeconfig, as for the Milvus stack itself.
        const provider = new k8s.Provider(`${name}-cluster`, {
            kubeconfig: milvus.kubeconfig,
            context: args.kubeContext,
        }, { parent: this });

        const labels = { "app.kubernetes.io/name": "milvus-client", "app.kubernetes.io/managed-by": "pulumi" };
        const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, {
            metadata: { name: args.namespace, labels },
        }, { parent: this, provider });
        this.namespace = namespace.metadata.name;

        // Secrets are namespaced: the app keeps its own copy of the token.
        const token = milvus.milvusToken && new k8s.core.v1.Secret(`${name}-milvus-token`, {
            metadata: { namespace: this.namespace, labels },
            type: "Opaque",
            stringData: { [TOKEN_KEY]: milvus.milvusToken },
        }, { parent: this, provider });

        const job = new k8s.batch.v1.Job(`${name}-check`, {
            metadata: { namespace: this.namespace, labels },
            spec: {
                backoffLimit: 2,
                activeDeadlineSeconds: 600,
                template: {
                    metadata: { labels },
                    spec: {
                        restartPolicy: "Never",
                        automountServiceAccountToken: false,
                        securityContext: {
                            runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532,
                            seccompProfile: { type: "RuntimeDefault" },
                        },
                        containers: [{
                            name: "check",
                            image: CLIENT_IMAGE,
                            command: ["/bin/sh", "-c", CHECK_SCRIPT],
                            env: [
                                { name: "MILVUS_URI", value: milvus.milvusUri },
                                ...(token
                                    ? [{ name: "MILVUS_TOKEN", valueFrom: { secretKeyRef: { name: token.metadata.name, key: TOKEN_KEY } } }]
                                    : []),
                            ],
                            resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
                            securityContext: {
                                allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
                                capabilities: { drop: ["ALL"] },
                            },
                        }],
                    },
                },
            },
        }, { parent: this, provider });
        this.jobName = job.metadata.name;

        this.registerOutputs({ namespace: this.namespace, jobName: this.jobName });
    }
}
