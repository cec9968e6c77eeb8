// The `local:` block of the stack config: an existing cluster reached through
// a kubeconfig. Every key is optional; a stack may leave the block out.
import { z } from "zod";
import { defaultOf, key } from "../config/key-meta";
import { dnsLabel } from "../config/schema";

export const localSchema = key(
    z.strictObject({
        kubeconfig: key(z.string().min(1).optional(), {
            default: { text: "`$KUBECONFIG` or `~/.kube/config`" },
            doc: "Path to, or contents of, a kubeconfig.",
        }),
        context: key(z.string().min(1).optional(), {
            default: { text: "current context" },
            doc: "Kube context to use.",
        }),
        storageClass: key(dnsLabel("StorageClass name").optional(), {
            default: { text: "the cluster's default" },
            doc: "StorageClass for etcd, MinIO and the standalone volume (Pulsar uses the cluster default).",
        }),
        ingressClassName: key(dnsLabel("IngressClass name").optional(), {
            default: { text: "—" },
            doc: "IngressClass for the Attu ingress; the source-range annotation assumes ingress-nginx.",
        }),
        volumeExpansion: key(z.boolean().optional(), {
            default: { value: false },
            doc: "The volumes' StorageClass has `allowVolumeExpansion: true`, so a larger size grows the deployed claims in place; without it such an edit is refused (kind's `standard` class cannot expand).",
        }),
    }),
    {
        // Pulumi.yaml's default for a block: an empty block is read as none.
        default: { text: "`{}`" },
        doc: "The local platform; read only when `cloud` is `local`.",
        keys: "table",
    },
);

export type LocalInput = z.infer<typeof localSchema>;

export interface LocalSettings {
    /** Undefined: $KUBECONFIG or ~/.kube/config. */
    kubeconfig?: string;
    /** Undefined: the kubeconfig's current context. */
    context?: string;
    /** Undefined: the cluster's default StorageClass. */
    storageClass?: string;
    /** Undefined: no ingress controller, so no Attu ingress. */
    ingressClassName?: string;
    /** The volumes' StorageClass allows expansion (allowVolumeExpansion); false unless the config says so. */
    volumeExpansion: boolean;
}

export function resolveLocal(l: LocalInput): LocalSettings {
    return { ...l, volumeExpansion: l.volumeExpansion ?? defaultOf(localSchema.shape.volumeExpansion) };
}
