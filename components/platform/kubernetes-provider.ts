// The Kubernetes provider every platform deploys Milvus with. One setting
// differs from the provider's defaults, for every cluster:
//
// enableSecretMutable. Without it pulumi-kubernetes replaces a Secret whenever
// its data changes (v4.25.0 provider/pkg/provider/diff.go, forceNewProperties:
// `.type`, `.stringData` and `.data` force a new Secret unless the provider's
// enableSecretMutable is set and the Secret is not immutable). The credentials
// Secret is protected in prod, so a root-password rotation (a new password in
// it) would be refused there, and elsewhere the Secret would be deleted and
// recreated under the pods that read it. With it, the Secret is updated in
// place (test/engine/regressions.engine.ts rotates the password on a real cluster).
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export interface KubernetesProviderArgs {
    /**
     * The kubeconfig's contents or path.
     * @default undefined (the provider's default kubeconfig)
     */
    kubeconfig?: pulumi.Input<string>;
    /** @default undefined (the kubeconfig's current context) */
    context?: string;
}

export function kubernetesProvider(name: string, args: KubernetesProviderArgs, opts: pulumi.CustomResourceOptions): k8s.Provider {
    return new k8s.Provider(name, { ...args, enableSecretMutable: true }, opts);
}
