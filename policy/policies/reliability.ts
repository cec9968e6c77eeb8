// Reliability: mandatory, but only on prod stacks (see environment.ts).
import type { Policies } from "@pulumi/policy";
import { ENVIRONMENT_SETTINGS, stackEnvironment } from "./environment";
import { integerSetting, stackPolicy, stringListSetting } from "./framework";
import { booleanAt, isUnknown, numberAt } from "./known";
import { chartValues, isMilvusRelease } from "./milvus";
import { AWS } from "./types";

/** azure-native tokens with an explicit API version, reduced to the default token. */
export function normalizeType(type: string): string {
    return type.replace(/^(azure-native:[^:/]+)\/v[0-9a-z]+:/, "$1:");
}

export const prodStatefulResourcesProtected = stackPolicy({
    name: "prod-stateful-resources-protected",
    group: "reliability",
    description:
        "On prod stacks, resources that hold data (S3 buckets, storage accounts, MSK clusters) are protected, so no update or destroy can delete them.",
    remediationSteps:
        "Pass { protect: true } (the program does when environment is prod). retainOnDelete cannot be seen by policies, so protect is required.",
    enforcementLevel: "mandatory",
    config: {
        ...ENVIRONMENT_SETTINGS,
        statefulTypes: stringListSetting("Resource types that hold data.", [
            AWS.s3Bucket,
            AWS.s3BucketV2,
            "azure-native:storage:StorageAccount",
            AWS.mskCluster,
            AWS.mskServerlessCluster,
        ]),
    },
    check(resources, ctx, report, notApplicable) {
        const env = stackEnvironment(resources, ctx);
        if (!env.prod) notApplicable(`not a prod stack (${env.source})`);
        const stateful = resources.filter((r) => ctx.config.statefulTypes.includes(normalizeType(r.type)));
        if (stateful.length === 0) notApplicable("no stateful resources");
        for (const r of stateful) {
            if (!r.protect) report(`${r.type} ${r.name} is not protected on a prod stack (${env.source})`, r.urn);
        }
    },
});

export const prodMilvusHighAvailability = stackPolicy({
    name: "prod-milvus-high-availability",
    group: "reliability",
    description:
        "On prod stacks, a Milvus release in cluster mode runs the HA profile: mixCoordinator replicas >= 2 with active-standby, proxy replicas >= 2, etcd with 3 members.",
    remediationSteps: "Leave the prod defaults (mixCoordinator 2, proxy 2, etcd 3) or set them under milvus.components / milvus.etcd.",
    enforcementLevel: "mandatory",
    config: {
        ...ENVIRONMENT_SETTINGS,
        minMixCoordinatorReplicas: integerSetting("Fewest mixCoordinator replicas.", 2, { minimum: 1 }),
        minProxyReplicas: integerSetting("Fewest proxy replicas.", 2, { minimum: 1 }),
        minEtcdReplicas: integerSetting("Fewest etcd members (odd: 3 or 5).", 3, { minimum: 1 }),
    },
    check(resources, ctx, report, notApplicable) {
        const env = stackEnvironment(resources, ctx);
        if (!env.prod) notApplicable(`not a prod stack (${env.source})`);
        const releases = resources.filter(isMilvusRelease);
        if (releases.length === 0) notApplicable("no Milvus release");
        const { minMixCoordinatorReplicas, minProxyReplicas, minEtcdReplicas } = ctx.config;
        for (const release of releases) {
            const values = chartValues(release);
            if (isUnknown(values)) continue;
            const say = (message: string) => report(`${release.name}: ${message}`, release.urn);
            // Chart defaults (5.0.19): cluster.enabled true, mixCoordinator 1 replica without
            // active-standby, proxy 1 replica, etcd 3 members.
            if ((booleanAt(values, "cluster.enabled") ?? true) !== true) continue; // standalone: not in scope
            if (booleanAt(values, "mixCoordinator.enabled") === false) {
                say("mixCoordinator is disabled; the HA profile runs Milvus 2.6's mixCoordinator");
            } else {
                const mix = numberAt(values, "mixCoordinator.replicas") ?? 1;
                if (!isUnknown(mix) && mix < minMixCoordinatorReplicas)
                    say(`mixCoordinator.replicas is ${mix}; at least ${minMixCoordinatorReplicas}`);
                const standby = booleanAt(values, "mixCoordinator.activeStandby.enabled") ?? false;
                if (standby === false) say("mixCoordinator.activeStandby.enabled is not true: a second coordinator would not take over");
            }
            const proxies = numberAt(values, "proxy.replicas") ?? 1;
            // -1 hands the replica count to an HPA, which this policy cannot see.
            if (!isUnknown(proxies) && proxies !== -1 && proxies < minProxyReplicas)
                say(`proxy.replicas is ${proxies}; at least ${minProxyReplicas}`);
            if (booleanAt(values, "etcd.enabled") !== false) {
                const etcd = numberAt(values, "etcd.replicaCount") ?? 3;
                if (!isUnknown(etcd) && etcd < minEtcdReplicas) say(`etcd.replicaCount is ${etcd}; at least ${minEtcdReplicas}`);
            }
        }
    },
});

export const RELIABILITY_POLICIES: Policies = [prodStatefulResourcesProtected, prodMilvusHighAvailability];
