// Growing the volumes of the chart's StatefulSets in place. Kubernetes never
// lets a StatefulSet's volumeClaimTemplates change ("updates to statefulset
// spec for fields other than 'replicas', 'ordinals', 'template',
// 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and
// 'minReadySeconds' are forbidden", apps validation), so a Helm upgrade with a
// larger template size would fail. Instead the chart keeps rendering the sizes
// the templates were created with (the deployment record's claimTemplates),
// and each claim the StatefulSet made is patched to the larger size: a
// StorageClass with allowVolumeExpansion resizes a bound claim when its
// request grows (Kubernetes docs, "Expanding Persistent Volumes Claims").
// `claimGrowths` computes names and sizes (pure); `registerVolumeGrowths`
// patches the claims.
//
// Claim names are `<template>-<statefulset>-<ordinal>` (StatefulSet
// controller, getPersistentVolumeClaimName); the StatefulSets and templates
// are those of the chart milvus-5.0.19, rendered with helm 3.17.2:
// etcd-8.12.0 `<etcd>` with `data`, minio-8.0.17 (distributed) `<minio>` with
// `export`, pulsar-3.3.0 (alias pulsarv3) `<pulsar>-bookie` with
// `<pulsar>-bookie-journal` and `<pulsar>-bookie-ledgers`, and
// `<pulsar>-zookeeper` with `<pulsar>-zookeeper-data`. Standalone Milvus and
// standalone MinIO claim plain PVCs, which Helm itself updates.
import * as k8s from "@pulumi/kubernetes";
import type { ClaimTemplateSizes, DeploymentRecord } from "../config/deployment-record";
import type { ReleaseContext } from "./context";
import { parseGiB } from "../sizing/quantities";
import { subchartFullname } from "../shared/chart-names";

export type ClaimVolume = keyof ClaimTemplateSizes;

export interface ClaimGrowth {
    /** The PersistentVolumeClaim the StatefulSet created. */
    claimName: string;
    /** The size it grows to. */
    size: string;
    volume: ClaimVolume;
}

interface StatefulSetVolume {
    volume: ClaimVolume;
    statefulSet: string;
    template: string;
    replicas: number;
    size: string;
}

function statefulSetVolumes(record: DeploymentRecord, releaseName: string): StatefulSetVolume[] {
    const etcd = subchartFullname(releaseName, "etcd");
    const volumes: StatefulSetVolume[] = [
        { volume: "etcd", statefulSet: etcd, template: "data", replicas: record.etcd.replicas, size: record.etcd.storageSize },
    ];
    if (record.minio?.mode === "distributed") {
        const minio = subchartFullname(releaseName, "minio");
        volumes.push({ volume: "minio", statefulSet: minio, template: "export", replicas: record.minio.replicas, size: record.minio.storageSize });
    }
    if (record.pulsar) {
        const pulsar = subchartFullname(releaseName, "pulsarv3");
        const p = record.pulsar;
        volumes.push(
            {
                volume: "journal",
                statefulSet: `${pulsar}-bookie`,
                template: `${pulsar}-bookie-journal`,
                replicas: p.bookkeeperReplicas,
                size: p.journalSize,
            },
            {
                volume: "ledgers",
                statefulSet: `${pulsar}-bookie`,
                template: `${pulsar}-bookie-ledgers`,
                replicas: p.bookkeeperReplicas,
                size: p.ledgersSize,
            },
        );
        if (p.zookeeperDataSize !== undefined) {
            volumes.push({
                volume: "zookeeper",
                statefulSet: `${pulsar}-zookeeper`,
                template: `${pulsar}-zookeeper-data`,
                replicas: p.zookeeperReplicas,
                size: p.zookeeperDataSize,
            });
        }
    }
    return volumes;
}

/**
 * How long an up waits for a claim to reach its new size: EBS and Azure
 * managed disks grow online in minutes, then the kubelet grows the file system.
 */
export const GROWTH_TIMEOUT = "30m";

/**
 * The annotation that makes pulumi-kubernetes wait until the claim has grown:
 * `pulumi.com/waitFor` with a JSONPath condition is read from the live object
 * and replaces the built-in await (pulumi-kubernetes v4.25.0,
 * provider/pkg/metadata/overrides.go ReadyCondition; await/await.go runs it
 * on create and update, also for Patch resources). A claim's status.capacity
 * is the size of the volume it is bound to, written when the resize has
 * finished (Kubernetes docs, "Expanding Persistent Volumes Claims"). Growth
 * sizes are whole GiB (claimGrowths), which is what the cloud disks allocate
 * and how the API server writes the capacity back, so the two compare as text.
 */
export function growthAwait(size: string): Record<string, string> {
    return { "pulumi.com/waitFor": `jsonpath={.status.capacity.storage}=${size}` };
}

/**
 * A size rounded up to whole GiB (`1.5Gi` -> `2Gi`), as the API server writes
 * it back: the largest binary suffix that holds it exactly (`1024Gi` -> `1Ti`;
 * apimachinery resource.Quantity, canonical form). Cloud disks grow in whole GiB.
 */
export function wholeGiB(size: string): string {
    let n = Math.ceil(parseGiB(size));
    for (const suffix of ["Gi", "Ti", "Pi"]) {
        if (n % 1024 !== 0 || suffix === "Pi") return `${n}${suffix}`;
        n /= 1024;
    }
    return `${n}Pi`;
}

/**
 * Every claim to grow: those of each StatefulSet whose volume is now larger
 * than its template, one per replica (new replicas' claims start at the
 * template's size and are grown the same way).
 */
export function claimGrowths(record: DeploymentRecord, releaseName: string): ClaimGrowth[] {
    const templates = record.claimTemplates;
    if (!templates) return [];
    return statefulSetVolumes(record, releaseName).flatMap((v) => {
        const template = templates[v.volume];
        if (template === undefined || parseGiB(v.size) <= parseGiB(template)) return [];
        return Array.from({ length: v.replicas }, (_, i) => ({
            claimName: `${v.template}-${v.statefulSet}-${i}`,
            size: wholeGiB(v.size),
            volume: v.volume,
        }));
    });
}

/**
 * One patch per claim to grow, after the release. The claims' requests belong to the StatefulSet controller
 * that created them, hence the forced apply. Kept on delete: deleting a Patch gives its fields up
 * (pulumi-kubernetes ssa.Relinquish), and a claim without a storage request is invalid, so a destroy would
 * fail on it; a claim never shrinks anyway. The up waits until the volume has grown (growthAwait): a larger
 * request alone only asks the resizer, which takes minutes on a cloud and can fail.
 */
export function registerVolumeGrowths(ctx: ReleaseContext, release: k8s.helm.v3.Release): k8s.core.v1.PersistentVolumeClaimPatch[] {
    return claimGrowths(ctx.deployment, ctx.releaseName).map(
        (g) =>
            new k8s.core.v1.PersistentVolumeClaimPatch(
                `${ctx.name}-${g.claimName}-size`,
                {
                    metadata: {
                        name: g.claimName,
                        namespace: ctx.namespace,
                        annotations: { "pulumi.com/patchForce": "true", ...growthAwait(g.size) },
                    },
                    spec: { resources: { requests: { storage: g.size } } },
                },
                ctx.options({ dependsOn: [release], retainOnDelete: true, customTimeouts: { create: GROWTH_TIMEOUT, update: GROWTH_TIMEOUT } }),
            ),
    );
}
