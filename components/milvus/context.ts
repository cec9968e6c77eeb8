// What every feature module of MilvusRelease registers its resources from,
// resolved once: the settings, the platform contract, the names the chart
// gives its objects and the options every child takes.
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentRecord } from "../config/deployment-record";
import type { MilvusSettings } from "../config/resolve";
import type { MilvusPlatform } from "../platform/contract";
import { chartFullname, credentialsSecretName } from "../shared/chart-names";

export interface MilvusReleaseArgs {
    platform: MilvusPlatform;
    milvus: MilvusSettings;
    /** Protect the release and its credentials Secret (CommonConfig.protectData). */
    protectData: boolean;
    /** What this deployment records (config/deployment-record.ts): the StatefulSets' claim templates among it. */
    deployment: DeploymentRecord;
}

export interface ReleaseContext extends Readonly<MilvusReleaseArgs> {
    /**
     * The component's name, which starts every child's name. Children's URNs are a contract
     * (test/engine/protected-urns.json): a module keeps the names it registers.
     */
    readonly name: string;
    /** The MilvusRelease every child sits under. */
    readonly parent: pulumi.Resource;
    readonly releaseName: string;
    readonly namespace: pulumi.Output<string>;
    readonly provider: k8s.Provider;
    /** The stack's labels (platform/tags.ts): `environment` among them, which the policy pack reads. */
    readonly stackLabels: Record<string, string>;
    /** The stack's labels and `app.kubernetes.io/part-of` the release: the program's own objects. */
    readonly labels: Record<string, string>;
    readonly credentialsSecretName: string;
    /** The Service in front of the proxy (or the standalone pod): the chart's `milvus.fullname`. */
    readonly serviceName: string;
    /** That Service's DNS name inside the cluster. */
    readonly host: pulumi.Output<string>;
    /** Options of a child: under the component, through the platform's provider. */
    options(extra?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions;
}

export function releaseContext(name: string, parent: pulumi.Resource, args: MilvusReleaseArgs): ReleaseContext {
    const { platform, milvus } = args;
    const releaseName = milvus.releaseName;
    // The program sets no name override of its own, so the user's (milvus.values) decides the chart's names.
    const serviceName = chartFullname(releaseName, milvus.values);
    return {
        ...args,
        name,
        parent,
        releaseName,
        namespace: platform.namespace,
        provider: platform.provider,
        stackLabels: platform.labels,
        labels: { ...platform.labels, "app.kubernetes.io/part-of": releaseName },
        credentialsSecretName: credentialsSecretName(releaseName),
        serviceName,
        host: pulumi.interpolate`${serviceName}.${platform.namespace}.svc.cluster.local`,
        options: (extra = {}) => ({ parent, provider: platform.provider, ...extra }),
    };
}
