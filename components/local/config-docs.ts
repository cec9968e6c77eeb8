// The documentation of every key of the `local` block: its default and what it means,
// next to the schema that defines it. The configuration tables of docs/local-clusters.md
// are generated from these (npm run docs); a test fails when the docs, the
// schema or the resolved defaults disagree with them (test/config-docs.test.ts).
import type { KeyDoc } from "../config/key-docs";

/** The block itself, as the top-level table shows it. */
export const LOCAL_BLOCK_DOC: KeyDoc = {
    label: "`local`",
    keys: ["local"],
    type: "object",
    default: "`{}`",
    meaning: "The local platform; read only when `cloud` is `local`.",
};

export const LOCAL_DOCS: readonly KeyDoc[] = [
    {
        label: "`kubeconfig`",
        keys: ["local.kubeconfig"],
        default: "`$KUBECONFIG` or `~/.kube/config`",
        meaning: "Path to, or contents of, a kubeconfig.",
    },
    {
        label: "`context`",
        keys: ["local.context"],
        default: "current context",
        meaning: "Kube context to use.",
    },
    {
        label: "`storageClass`",
        keys: ["local.storageClass"],
        default: "the cluster's default",
        meaning: "StorageClass for etcd, MinIO and the standalone volume (Pulsar uses the cluster default).",
    },
    {
        label: "`ingressClassName`",
        keys: ["local.ingressClassName"],
        default: "—",
        meaning: "IngressClass for the Attu ingress; the source-range annotation assumes ingress-nginx.",
    },
    {
        label: "`volumeExpansion`",
        keys: ["local.volumeExpansion"],
        default: "`false`",
        meaning: "The volumes' StorageClass has `allowVolumeExpansion: true`, so a larger size grows the deployed claims in place; without it such an edit is refused (kind's `standard` class cannot expand).",
    },
];
