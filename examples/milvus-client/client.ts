// A small client workload deployed next to Milvus: a Job that calls the
// Milvus RESTful API with the URI and token from the Milvus stack's outputs.
// The token reaches the pod only through a Kubernetes Secret. With TLS on, the
// pod verifies Milvus with the CA the stack exports (a ConfigMap: a CA is not
// secret), and in mutual mode presents the certificate of a Secret the app names.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { MilvusStack } from "@milvus-on-clouds/stack-outputs";

/** Pinned client image (curl on Alpine, with /bin/sh). */
export const CLIENT_IMAGE = "curlimages/curl:8.11.1";
/** Key of the token in the app's Secret. */
export const TOKEN_KEY = "token";

/** Where the Job sees the CA, and in mutual mode its own certificate. */
export const CA_DIR = "/etc/milvus-ca";
export const CLIENT_CERT_DIR = "/etc/milvus-client";

/**
 * Lists collections through the RESTful API; fails unless Milvus answers with
 * code 0 (reachable, and the token accepted). The token goes to curl on its
 * standard input, never on a command line, and is never printed. MILVUS_CA_FILE
 * (TLS) and MILVUS_CLIENT_CERT / MILVUS_CLIENT_KEY (mutual TLS) go the same way.
 */
export const CHECK_SCRIPT = `set -eu
curl_config() {
  if [ -n "\${MILVUS_TOKEN:-}" ]; then printf 'header = "Authorization: Bearer %s"\\n' "$MILVUS_TOKEN"; fi
  if [ -n "\${MILVUS_CA_FILE:-}" ]; then printf 'cacert = "%s"\\n' "$MILVUS_CA_FILE"; fi
  if [ -n "\${MILVUS_CLIENT_CERT:-}" ]; then printf 'cert = "%s"\\nkey = "%s"\\n' "$MILVUS_CLIENT_CERT" "$MILVUS_CLIENT_KEY"; fi
}
body=$(curl_config | curl --config - --silent --show-error --fail --max-time 10 \\
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
    /** A `kubernetes.io/tls` Secret in `namespace` with the app's client certificate: required when the stack's TLS is mutual. */
    clientCertificateSecret?: string;
}

export class MilvusClient extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly jobName: pulumi.Output<string>;

    constructor(name: string, args: MilvusClientArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-client:index:MilvusClient", name, {}, opts);
        const { milvus } = args;
        if (milvus.kubeconfig !== undefined && args.kubeContext !== undefined) {
            throw new Error(
                "kubeContext is only for Milvus stacks without a kubeconfig (local clusters); this stack exports its cluster's kubeconfig",
            );
        }

        // The Milvus stack's kubeconfig (a secret) when it created the cluster;
        // otherwise the ambient kubeconfig, as for the Milvus stack itself.
        // Mutual TLS needs a client certificate of the same CA; Milvus refuses the handshake without one.
        milvus.milvusTlsMode?.apply((mode) => {
            if (mode === "mutual" && args.clientCertificateSecret === undefined) {
                void pulumi.log.warn(
                    "the Milvus stack requires mutual TLS: set clientCertificateSecret to a kubernetes.io/tls Secret of this namespace, or the check Job fails its handshake",
                    this,
                );
            }
        });
        const provider = new k8s.Provider(
            `${name}-cluster`,
            {
                kubeconfig: milvus.kubeconfig,
                context: args.kubeContext,
            },
            { parent: this },
        );

        const labels = { "app.kubernetes.io/name": "milvus-client", "app.kubernetes.io/managed-by": "pulumi" };
        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: { name: args.namespace, labels },
            },
            { parent: this, provider },
        );
        this.namespace = namespace.metadata.name;

        // Secrets are namespaced: the app keeps its own copy of the token.
        const token =
            milvus.milvusToken &&
            new k8s.core.v1.Secret(
                `${name}-milvus-token`,
                {
                    metadata: { namespace: this.namespace, labels },
                    type: "Opaque",
                    stringData: { [TOKEN_KEY]: milvus.milvusToken },
                },
                { parent: this, provider },
            );

        // The CA that signed Milvus's certificate, when the stack exports one (TLS on, not a public CA).
        const ca =
            milvus.milvusCaCertificate &&
            new k8s.core.v1.ConfigMap(
                `${name}-milvus-ca`,
                {
                    metadata: { namespace: this.namespace, labels },
                    data: { "ca.crt": milvus.milvusCaCertificate },
                },
                { parent: this, provider },
            );
        const clientCert = args.clientCertificateSecret;

        const job = new k8s.batch.v1.Job(
            `${name}-check`,
            {
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
                                runAsNonRoot: true,
                                runAsUser: 65532,
                                runAsGroup: 65532,
                                seccompProfile: { type: "RuntimeDefault" },
                            },
                            containers: [
                                {
                                    name: "check",
                                    image: CLIENT_IMAGE,
                                    command: ["/bin/sh", "-c", CHECK_SCRIPT],
                                    env: [
                                        { name: "MILVUS_URI", value: milvus.milvusUri },
                                        ...(token
                                            ? [{ name: "MILVUS_TOKEN", valueFrom: { secretKeyRef: { name: token.metadata.name, key: TOKEN_KEY } } }]
                                            : []),
                                        ...(ca ? [{ name: "MILVUS_CA_FILE", value: `${CA_DIR}/ca.crt` }] : []),
                                        ...(clientCert
                                            ? [
                                                  { name: "MILVUS_CLIENT_CERT", value: `${CLIENT_CERT_DIR}/tls.crt` },
                                                  { name: "MILVUS_CLIENT_KEY", value: `${CLIENT_CERT_DIR}/tls.key` },
                                              ]
                                            : []),
                                    ],
                                    volumeMounts: [
                                        ...(ca ? [{ name: "milvus-ca", mountPath: CA_DIR, readOnly: true }] : []),
                                        ...(clientCert ? [{ name: "client-cert", mountPath: CLIENT_CERT_DIR, readOnly: true }] : []),
                                    ],
                                    resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
                                    securityContext: {
                                        allowPrivilegeEscalation: false,
                                        readOnlyRootFilesystem: true,
                                        capabilities: { drop: ["ALL"] },
                                    },
                                },
                            ],
                            volumes: [
                                ...(ca ? [{ name: "milvus-ca", configMap: { name: ca.metadata.name } }] : []),
                                ...(clientCert ? [{ name: "client-cert", secret: { secretName: clientCert, defaultMode: 0o440 } }] : []),
                            ],
                        },
                    },
                },
            },
            { parent: this, provider },
        );
        this.jobName = job.metadata.name;

        this.registerOutputs({ namespace: this.namespace, jobName: this.jobName });
    }
}
