// TLS on the Milvus proxy, the way the chart and Milvus 2.6 take it. Pure:
// MilvusRelease creates the cert-manager Certificate and reads the CA from it.
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
import type { TlsSettings } from "../config/resolve";

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
    return [...new Set([serviceName, `${serviceName}.${namespace}`, `${serviceName}.${namespace}.svc`, `${serviceName}.${namespace}.svc.cluster.local`, ...extra])];
}

/** The cert-manager Certificate's spec (cert-manager.io/v1), when the certificate comes from an issuer. */
export function certificateSpec(releaseName: string, tls: TlsSettings, dnsNames: string[]): Record<string, unknown> | undefined {
    if (tls.mode === "off" || tls.source.kind !== "issuer") return undefined;
    return {
        secretName: tlsSecretName(releaseName, tls),
        commonName: dnsNames[0],
        dnsNames,
        // The root-credential Job presents the same certificate as a client in mutual mode.
        usages: tls.mode === "mutual" ? ["server auth", "client auth", "digital signature", "key encipherment"] : ["server auth", "digital signature", "key encipherment"],
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        issuerRef: { name: tls.source.name, kind: tls.source.issuerKind, group: "cert-manager.io" },
    };
}
