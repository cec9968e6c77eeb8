// The `local:` block of the stack config: an existing cluster reached through
// a kubeconfig. Every key is optional; a stack may leave the block out.
import { z } from "zod";
import { dnsLabel } from "../config/schema";

export const localSchema = z.strictObject({
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    storageClass: dnsLabel("StorageClass name").optional(),
    ingressClassName: dnsLabel("IngressClass name").optional(),
    volumeExpansion: z.boolean().optional(),
});

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
    return { ...l, volumeExpansion: l.volumeExpansion ?? false };
}
