// The Milvus namespace, created the same way by every platform: named by
// `milvus.namespace`, labelled with the stack's labels, protected with the
// stateful resources (deleting it deletes every volume claim in it).
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { MilvusSettings } from "../config/resolve";

export interface MilvusNamespaceArgs {
    milvus: Pick<MilvusSettings, "namespace" | "releaseName">;
    labels: Record<string, string>;
    protect: boolean;
    provider: k8s.Provider;
}

/** `<platform>-namespace`, a child of the platform component (the URN is part of the protected-URN contract). */
export function createMilvusNamespace(platformName: string, parent: pulumi.Resource, args: MilvusNamespaceArgs): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        `${platformName}-namespace`,
        {
            metadata: { name: args.milvus.namespace, labels: { ...args.labels, "app.kubernetes.io/part-of": args.milvus.releaseName } },
        },
        { parent, provider: args.provider, protect: args.protect },
    );
}
