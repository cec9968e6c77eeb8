// The Job that keeps Milvus's root credential equal to the stack's root
// password: its spec (`rootCredentialJob`, pure) and the Job itself.
//
// Why a Job: Milvus writes `common.security.defaultRootPassword` only when no
// root credential exists yet (rootcoord initCredentials), so a new password in
// the Secret changes nothing in Milvus. The Job, run after every Helm install
// or upgrade of a new password generation:
//   1. asks Milvus with the stack's password (POST /v2/vectordb/users/describe);
//      accepted: nothing to do;
//   2. otherwise, when a previous generation exists, changes the root password
//      from it to the stack's (POST /v2/vectordb/users/update_password, body
//      {userName, password, newPassword}; RESTful v2, served on the proxy port:
//      zilliztech/zdoc reference/api/restful/.../update-user-password-v2.md);
//   3. otherwise fails, with the reason and what to do, which fails `pulumi up`
//      (pulumi-kubernetes waits for a Job and fails on its Failed condition).
// Case 3 is what a stack recreated over surviving etcd volumes meets: etcd
// still holds the earlier deployment's credential.
//
// It runs in the Milvus image, which ships curl (milvus-io/milvus
// build/docker/milvus/ubuntu22.04/Dockerfile), so no other image is pulled.
// The passwords come from the credentials Secret as environment variables and
// reach curl through a config file, never its command line.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ReleaseContext } from "./context";
import { MILVUS_IMAGE_REPOSITORY } from "../shared/chart-images";
import { MILVUS_GRPC_PORT, SECRET_KEYS } from "../shared/chart-names";
import { tlsSecretName } from "./tls";
import type { ChartValues } from "./values";

/** Where the Job sees the proxy's TLS Secret. */
const CERTS = "/etc/milvus/certs";

/** Where the script keeps curl's config (an emptyDir: the root filesystem is read-only). */
const WORK_DIR = "/tmp/root-credential";

const TRIES = 30;
const PAUSE_SECONDS = 10;
/** How long the script waits for Milvus to answer at all. */
export const ROOT_CREDENTIAL_WAIT_SECONDS = TRIES * PAUSE_SECONDS;

/**
 * The script. Exit 0: Milvus accepts the stack's password (already, or after
 * the change). Exit 1: Milvus refused, or never answered; the last lines say why.
 * Needs MILVUS_URL, ROOT_PASSWORD, GENERATION; PREVIOUS_ROOT_PASSWORD is optional,
 * and with TLS MILVUS_CA_FILE (and MILVUS_CLIENT_CERT / MILVUS_CLIENT_KEY in mutual mode).
 * ROOT_CREDENTIAL_TRIES and ROOT_CREDENTIAL_PAUSE_SECONDS (the Job leaves
 * them unset: TRIES and PAUSE_SECONDS) let the tests wait less.
 */
export const ROOT_CREDENTIAL_SCRIPT = `set -u
umask 077
mkdir -p ${WORK_DIR}
# milvus_call PASSWORD PATH BODY: prints the HTTP status and the body; 0 = Milvus said code 0,
# 1 = Milvus answered and refused, 2 = no answer.
milvus_call() {
  printf 'header = "Authorization: Bearer root:%s"\\n' "$1" > ${WORK_DIR}/auth
  # TLS (milvus.tls): the CA that signed the proxy's certificate, and in mutual mode the client pair.
  [ -n "\${MILVUS_CA_FILE:-}" ] && printf 'cacert = "%s"\\n' "$MILVUS_CA_FILE" >> ${WORK_DIR}/auth
  [ -n "\${MILVUS_CLIENT_CERT:-}" ] && printf 'cert = "%s"\\nkey = "%s"\\n' "$MILVUS_CLIENT_CERT" "$MILVUS_CLIENT_KEY" >> ${WORK_DIR}/auth
  reply=$(printf '%s' "$3" | curl -sS --max-time 15 -K ${WORK_DIR}/auth -H 'Content-Type: application/json' \\
    --data-binary @- -w '\\nhttp=%{http_code}' "$MILVUS_URL$2" 2>&1)
  status=$?
  rm -f ${WORK_DIR}/auth
  last_reply=$(printf '%s' "$reply" | tr '\\n' ' ')
  [ $status -eq 0 ] || return 2
  case "$reply" in
    *'"code":0,'*|*'"code":0}'*) return 0 ;;
    *'"code":'*|*'http=401'*|*'http=403'*) return 1 ;;
    *) return 2 ;;
  esac
}
tries=\${ROOT_CREDENTIAL_TRIES:-${TRIES}}
pause=\${ROOT_CREDENTIAL_PAUSE_SECONDS:-${PAUSE_SECONDS}}
attempt=1
while :; do
  milvus_call "$ROOT_PASSWORD" /v2/vectordb/users/describe '{"userName":"root"}'
  result=$?
  [ $result -ne 2 ] && break
  if [ $attempt -ge $tries ]; then
    echo "Milvus at $MILVUS_URL did not answer within $((tries * pause)) s: $last_reply" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep $pause
done
if [ $result -eq 0 ]; then
  echo "Milvus accepts the stack's root password (generation $GENERATION)."
  exit 0
fi
if [ -n "\${PREVIOUS_ROOT_PASSWORD:-}" ]; then
  milvus_call "$PREVIOUS_ROOT_PASSWORD" /v2/vectordb/users/update_password \\
    "{\\"userName\\":\\"root\\",\\"password\\":\\"$PREVIOUS_ROOT_PASSWORD\\",\\"newPassword\\":\\"$ROOT_PASSWORD\\"}"
  if [ $? -eq 0 ]; then
    echo "Milvus's root password changed from generation $((GENERATION - 1)) to generation $GENERATION."
    exit 0
  fi
  echo "Milvus refuses the root password of generation $GENERATION and of generation $((GENERATION - 1)): $last_reply" >&2
  echo "The root credential in etcd is neither; milvus.auth.rootPasswordGeneration may only rise by one at a time." >&2
else
  echo "Milvus refuses the stack's root password (generation $GENERATION): $last_reply" >&2
  echo "etcd holds an earlier root credential (a stack recreated over surviving etcd volumes?)." >&2
fi
echo "Change it to the stack's password (pulumi stack output milvusToken --show-secrets) with the old one," >&2
echo "e.g. pymilvus MilvusClient(uri, token='root:<old>').update_password('root', '<old>', '<new>'), then run pulumi up again." >&2
exit 1
`;

export interface RootCredentialJobInputs {
    releaseName: string;
    /** The Milvus Service's DNS name inside the cluster. */
    host: string;
    /** `milvus.auth.rootPasswordGeneration`. */
    generation: number;
    credentialsSecretName: string;
    /** The Milvus image (`image.all` of the chart values). */
    image: string;
    imagePullSecrets: Array<{ name: string }>;
    labels: Record<string, string>;
    /** The proxy's TLS Secret when milvus.tls is on: its CA verifies the proxy, and in mutual mode its pair is the client's. */
    tls?: { secretName: string; mutual: boolean };
}

/** The Job's name: one per generation, so a new generation is a new Job (a Job's pod template cannot change). */
export function rootCredentialJobName(releaseName: string, generation: number): string {
    return `${releaseName}-root-credential-${generation}`.slice(0, 63).replace(/-+$/, "");
}

interface EnvVar {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef: { name: string; key: string } };
}

/** The Job's metadata and spec. */
export function rootCredentialJob(i: RootCredentialJobInputs) {
    const fromSecret = (name: string, key: string): EnvVar => ({ name, valueFrom: { secretKeyRef: { name: i.credentialsSecretName, key } } });
    const env: EnvVar[] = [
        { name: "MILVUS_URL", value: `${i.tls ? "https" : "http"}://${i.host}:${MILVUS_GRPC_PORT}` },
        ...(i.tls ? [{ name: "MILVUS_CA_FILE", value: `${CERTS}/ca.crt` }] : []),
        ...(i.tls?.mutual
            ? [
                  { name: "MILVUS_CLIENT_CERT", value: `${CERTS}/tls.crt` },
                  { name: "MILVUS_CLIENT_KEY", value: `${CERTS}/tls.key` },
              ]
            : []),
        { name: "GENERATION", value: String(i.generation) },
        fromSecret("ROOT_PASSWORD", SECRET_KEYS.rootPassword),
        ...(i.generation > 1 ? [fromSecret("PREVIOUS_ROOT_PASSWORD", SECRET_KEYS.previousRootPassword)] : []),
    ];
    return {
        metadata: {
            name: rootCredentialJobName(i.releaseName, i.generation),
            labels: { ...i.labels, "app.kubernetes.io/part-of": i.releaseName, "app.kubernetes.io/component": "root-credential" },
        },
        spec: {
            backoffLimit: 1,
            // The Job stays after it ran: pulumi-kubernetes would otherwise see it gone and create it again.
            template: {
                metadata: { labels: { ...i.labels, "app.kubernetes.io/part-of": i.releaseName, "app.kubernetes.io/component": "root-credential" } },
                spec: {
                    restartPolicy: "Never",
                    automountServiceAccountToken: false,
                    imagePullSecrets: i.imagePullSecrets,
                    // Any non-root user runs sh and curl; 1000 is the one the chart's values.yaml suggests for Milvus pods.
                    // A numeric user is needed: the image's USER is the name `milvus`, which runAsNonRoot cannot verify.
                    securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
                    containers: [
                        {
                            name: "root-credential",
                            image: i.image,
                            command: ["/bin/sh", "-c", ROOT_CREDENTIAL_SCRIPT],
                            env,
                            resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
                            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                            volumeMounts: [
                                { name: "work", mountPath: "/tmp" },
                                ...(i.tls ? [{ name: "milvus-tls", mountPath: CERTS, readOnly: true }] : []),
                            ],
                        },
                    ],
                    volumes: [
                        { name: "work", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
                        ...(i.tls ? [{ name: "milvus-tls", secret: { secretName: i.tls.secretName, defaultMode: 0o440 } }] : []),
                    ],
                },
            },
        },
    };
}

/** Two tries of the Job (backoffLimit 1) of ROOT_CREDENTIAL_WAIT_SECONDS each, plus five minutes for pods to start: 15m. */
const ROOT_CREDENTIAL_JOB_TIMEOUT = `${(2 * ROOT_CREDENTIAL_WAIT_SECONDS) / 60 + 5}m`;

/**
 * The Job of this generation, after each install or upgrade of the release; none when authentication is off.
 * It runs the image the chart runs Milvus from, with the same pull secrets (the chart values' `image.all`).
 */
export function registerRootCredentialJob(
    ctx: ReleaseContext,
    values: pulumi.Output<ChartValues>,
    after: { release: k8s.helm.v3.Release; credentials: k8s.core.v1.Secret },
): k8s.batch.v1.Job | undefined {
    const { milvus } = ctx;
    if (!milvus.auth.enabled) return undefined;
    const tlsSecret = tlsSecretName(ctx.releaseName, milvus.tls);
    const job = pulumi.all([values, ctx.host, ctx.namespace]).apply(([v, host, namespace]) => {
        const all = ((v.image as ChartValues | undefined)?.all ?? {}) as ChartValues;
        const repository = typeof all.repository === "string" ? all.repository : MILVUS_IMAGE_REPOSITORY;
        const pullSecrets = Array.isArray(all.pullSecrets) ? all.pullSecrets.filter((s): s is string => typeof s === "string") : [];
        const spec = rootCredentialJob({
            releaseName: ctx.releaseName,
            host,
            generation: milvus.auth.rootPasswordGeneration,
            credentialsSecretName: ctx.credentialsSecretName,
            image: `${repository}:${String(all.tag)}`,
            imagePullSecrets: pullSecrets.map((name) => ({ name })),
            labels: ctx.stackLabels,
            ...(tlsSecret ? { tls: { secretName: tlsSecret, mutual: milvus.tls.mode === "mutual" } } : {}),
        });
        return { ...spec, metadata: { ...spec.metadata, namespace } };
    });
    return new k8s.batch.v1.Job(
        `${ctx.name}-root-credential`,
        { metadata: job.metadata, spec: job.spec },
        ctx.options({
            dependsOn: [after.release, after.credentials],
            customTimeouts: { create: ROOT_CREDENTIAL_JOB_TIMEOUT, update: ROOT_CREDENTIAL_JOB_TIMEOUT },
        }),
    );
}
