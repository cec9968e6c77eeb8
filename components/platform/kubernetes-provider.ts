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
// place. Found by the engine suite on a real cluster; the fake provider had
// updated it.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export interface KubernetesProviderArgs {
    kubeconfig?: pulumi.Input<string>;
    context?: string;
}

export function kubernetesProvider(name: string, args: KubernetesProviderArgs, opts: pulumi.CustomResourceOptions): k8s.Provider {
    return new k8s.Provider(name, { ...args, enableSecretMutable: true }, opts);
}
