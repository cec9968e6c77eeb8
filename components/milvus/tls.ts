// TLS on the Milvus proxy, the way the chart and Milvus 2.6 take it: the
// chart values that mount the certificate (pure), the cert-manager
// Certificate, and the CA clients verify the proxy with.
//
// - The chart mounts nothing by itself: `proxy.tls` only turns base64 key
//   material in the values into a Secret (templates/proxy-tls-secret.yaml),
//   which would put the key in the release's values. Instead the Secret (a
//   cert-manager Certificate's, or one the user names) is mounted through
//   `proxy.volumes`/`proxy.volumeMounts` in cluster mode and the global
//   `volumes`/`volumeMounts` in standalone mode (templates/proxy-deployment.yaml,
//   standalone-deployment.yaml), at the path the chart's README uses.
// - Milvus reads the paths and the mode from user.yaml: `tls.serverPemPath`,
//   `tls.serverKeyPath`, `tls.caPemPath` and `common.security.tlsMode`
//   (1: server TLS, 2: mutual; milvus.io/docs/tls.md, the chart README's
//   "Enable proxy tls connection").
// - A cert-manager Secret holds `tls.crt`, `tls.key` and `ca.crt`; an
//   existing Secret must hold the same keys.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TlsSettings } from "../config/resolve";
import type { ReleaseContext } from "./context";

/** Where the proxy (or standalone) pod sees the certificate files. */
export const TLS_MOUNT_PATH = "/etc/milvus/certs";
const VOLUME = "milvus-tls";

/** The Secret with the server certificate: the Certificate's, or the one the user named. */
export function tlsSecretName(releaseName: string, tls: TlsSettings): string | undefined {
    if (tls.mode === "off") return undefined;
    return tls.source.kind === "secret" ? tls.source.name : `${releaseName}-milvus-tls`;
}

/** The user.yaml settings that switch the proxy to TLS. */
export function tlsUserConfig(tls: TlsSettings): Record<string, unknown> {
    if (tls.mode === "off") return {};
    return {
        common: { security: { tlsMode: tls.mode === "mutual" ? 2 : 1 } },
        tls: {
            serverPemPath: `${TLS_MOUNT_PATH}/tls.crt`,
            serverKeyPath: `${TLS_MOUNT_PATH}/tls.key`,
            caPemPath: `${TLS_MOUNT_PATH}/ca.crt`,
        },
    };
}

/** The chart values that mount the Secret where Milvus reads it; none when TLS is off. */
export function tlsMountValues(releaseName: string, tls: TlsSettings, mode: "standalone" | "cluster"): Record<string, unknown> {
    const secretName = tlsSecretName(releaseName, tls);
    if (!secretName) return {};
    const volumes = [{ name: VOLUME, secret: { secretName, defaultMode: 0o440 } }];
    const volumeMounts = [{ name: VOLUME, mountPath: TLS_MOUNT_PATH, readOnly: true }];
    return mode === "cluster" ? { proxy: { volumes, volumeMounts } } : { volumes, volumeMounts };
}

/** DNS names the server certificate covers: the Service inside the cluster, and any the user adds (a load balancer's name). */
export function certificateDnsNames(serviceName: string, namespace: string, extra: readonly string[]): string[] {
    return [
        ...new Set([
            serviceName,
            `${serviceName}.${namespace}`,
            `${serviceName}.${namespace}.svc`,
            `${serviceName}.${namespace}.svc.cluster.local`,
            ...extra,
        ]),
    ];
}

/** The cert-manager Certificate's spec (cert-manager.io/v1), when the certificate comes from an issuer. */
export function certificateSpec(releaseName: string, tls: TlsSettings, dnsNames: string[]): Record<string, unknown> | undefined {
    if (tls.mode === "off" || tls.source.kind !== "issuer") return undefined;
    return {
        secretName: tlsSecretName(releaseName, tls),
        commonName: dnsNames[0],
        dnsNames,
        // The root-credential Job presents the same certificate as a client in mutual mode.
        usages:
            tls.mode === "mutual"
                ? ["server auth", "client auth", "digital signature", "key encipherment"]
                : ["server auth", "digital signature", "key encipherment"],
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        issuerRef: { name: tls.source.name, kind: tls.source.issuerKind, group: "cert-manager.io" },
    };
}

/** A Certificate from the named issuer, ready before the chart's proxy mounts its Secret; undefined otherwise. */
export function registerCertificate(ctx: ReleaseContext): k8s.apiextensions.CustomResource | undefined {
    const { tls } = ctx.milvus;
    if (tls.mode === "off" || tls.source.kind !== "issuer") return undefined;
    return new k8s.apiextensions.CustomResource(
        `${ctx.name}-tls-certificate`,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: {
                name: `${ctx.releaseName}-milvus-tls`,
                namespace: ctx.namespace,
                labels: ctx.labels,
                // pulumi-kubernetes waits for the Ready condition cert-manager sets once the Secret is written.
                annotations: { "pulumi.com/waitFor": "condition=Ready" },
            },
            spec: ctx.namespace.apply((ns) => certificateSpec(ctx.releaseName, tls, certificateDnsNames(ctx.serviceName, ns, tls.dnsNames))),
        },
        ctx.options({ dependsOn: ctx.platform.dependsOn, customTimeouts: { create: "10m", update: "10m" } }),
    );
}

/**
 * The CA clients verify the proxy with: `ca.crt` of the TLS Secret (not secret), read once the Secret exists.
 * The read goes through the Certificate's id, or the release's status, both unknown until they are created: the
 * engine reads whenever the id is known, and a first preview must not read a Secret nobody has written yet.
 */
export function caCertificate(
    ctx: ReleaseContext,
    certificate: k8s.apiextensions.CustomResource | undefined,
    release: k8s.helm.v3.Release,
): pulumi.Output<string | undefined> | undefined {
    const secretName = tlsSecretName(ctx.releaseName, ctx.milvus.tls);
    if (!secretName) return undefined;
    const id = certificate
        ? pulumi.all([certificate.id, certificate.metadata.namespace]).apply(([, namespace]) => `${namespace}/${secretName}`)
        : pulumi.interpolate`${release.status.namespace}/${secretName}`;
    const secret = k8s.core.v1.Secret.get(`${ctx.name}-tls-secret`, id, ctx.options({ dependsOn: [certificate ?? release] }));
    return pulumi.unsecret(
        secret.data.apply((data) => {
            const ca = data?.["ca.crt"];
            return ca ? Buffer.from(ca, "base64").toString("utf8") : undefined;
        }),
    );
}
