// What a stack deployed, as far as the safety of the next change depends on
// it: versions, layout, the stateful dependencies' sizes. Exported as the
// stack output `deployment` (components/outputs.ts) and read back by the next
// `pulumi up` from the stack's own last outputs (index.ts), so
// config/transitions.ts can refuse an unsafe edit before anything changes.
//
// zod only at run time (outputs.ts, which app projects import, includes this
// schema); the settings type is erased.
import { z } from "zod";
import type { MilvusSettings } from "./resolve";

const size = z.string().min(1);

export const deploymentRecordSchema = z.object({
    chartVersion: z.string().min(1),
    imageTag: z.string().min(1),
    mode: z.enum(["standalone", "cluster"]),
    messageQueue: z.enum(["woodpecker", "pulsar", "kafka"]),
    etcd: z.object({ replicas: z.number().int(), storageSize: size }),
    /** In-cluster MinIO only. */
    minio: z.object({ mode: z.enum(["standalone", "distributed"]), replicas: z.number().int(), storageSize: size }).optional(),
    /** In-cluster Pulsar only. */
    pulsar: z
        .object({
            zookeeperReplicas: z.number().int(),
            bookkeeperReplicas: z.number().int(),
            journalSize: size,
            ledgersSize: size,
            /** Absent in records written before it was recorded. */
            zookeeperDataSize: size.optional(),
        })
        .optional(),
    /** Standalone mode only. */
    standaloneStorageSize: size.optional(),
    /** milvus.paused; absent in records written before it was recorded. */
    paused: z.boolean().optional(),
    /** milvus.auth.rootPasswordGeneration; absent in records written before it was recorded. */
    rootPasswordGeneration: z.number().int().optional(),
    /**
     * The sizes the StatefulSets' claim templates were created with. Kubernetes
     * never lets a StatefulSet's volumeClaimTemplates change, so the chart keeps
     * rendering these, and a larger size reaches the claims themselves
     * (milvus/volumes.ts). Absent in records written before it was recorded:
     * then the deployed sizes are the templates' (a growth could not deploy).
     */
    claimTemplates: z
        .object({
            etcd: size,
            minio: size.optional(),
            zookeeper: size.optional(),
            journal: size.optional(),
            ledgers: size.optional(),
        })
        .optional(),
});

export type DeploymentRecord = z.infer<typeof deploymentRecordSchema>;

/** The parts of the resolved settings the record is made of. */
export type RecordedSettings = Pick<
    MilvusSettings,
    "chartVersion" | "imageTag" | "mode" | "messageQueue" | "etcd" | "minio" | "pulsar" | "standalone" | "paused" | "auth"
>;

export type ClaimTemplateSizes = NonNullable<DeploymentRecord["claimTemplates"]>;

/** The chart's default size of the ZooKeeper data volume (pulsarv3.zookeeper.volumes.data.size, milvus-5.0.19 values.yaml). */
export const CHART_ZOOKEEPER_DATA_SIZE = "20Gi";

/** The sizes of the StatefulSet volumes a record holds (MinIO only when distributed: standalone MinIO claims a plain PVC). */
function statefulSetSizes(r: Omit<DeploymentRecord, "claimTemplates">): ClaimTemplateSizes {
    return {
        etcd: r.etcd.storageSize,
        ...(r.minio?.mode === "distributed" ? { minio: r.minio.storageSize } : {}),
        ...(r.pulsar
            ? {
                  zookeeper: r.pulsar.zookeeperDataSize ?? CHART_ZOOKEEPER_DATA_SIZE,
                  journal: r.pulsar.journalSize,
                  ledgers: r.pulsar.ledgersSize,
              }
            : {}),
    };
}

/**
 * The record of a deployment with these settings; MinIO only where it runs in
 * the cluster. The claim templates are carried over from the previous record:
 * what the StatefulSets were created with stays, whatever sizes the claims grew to.
 */
export function deploymentRecordOf(m: RecordedSettings, inClusterMinio: boolean, previous?: DeploymentRecord): DeploymentRecord {
    const record = recordOf(m, inClusterMinio);
    const current = statefulSetSizes(record);
    const deployed = previous && (previous.claimTemplates ?? statefulSetSizes(previous));
    const claimTemplates: ClaimTemplateSizes = {
        etcd: deployed?.etcd ?? current.etcd,
        ...Object.fromEntries(
            (["minio", "zookeeper", "journal", "ledgers"] as const)
                .filter((k) => current[k] !== undefined)
                .map((k) => [k, deployed?.[k] ?? current[k]]),
        ),
    };
    return { ...record, claimTemplates };
}

function recordOf(m: RecordedSettings, inClusterMinio: boolean): Omit<DeploymentRecord, "claimTemplates"> {
    return {
        chartVersion: m.chartVersion,
        imageTag: m.imageTag,
        mode: m.mode,
        messageQueue: m.messageQueue,
        etcd: { replicas: m.etcd.replicas, storageSize: m.etcd.storageSize },
        ...(inClusterMinio
            ? { minio: { mode: m.minio.mode, replicas: m.minio.mode === "distributed" ? m.minio.replicas : 1, storageSize: m.minio.storageSize } }
            : {}),
        ...(m.messageQueue === "pulsar"
            ? {
                  pulsar: {
                      zookeeperReplicas: m.pulsar.zookeeperReplicas,
                      bookkeeperReplicas: m.pulsar.bookkeeperReplicas,
                      journalSize: m.pulsar.journalSize,
                      ledgersSize: m.pulsar.ledgersSize,
                      zookeeperDataSize: m.pulsar.zookeeperDataSize ?? CHART_ZOOKEEPER_DATA_SIZE,
                  },
              }
            : {}),
        ...(m.mode === "standalone" ? { standaloneStorageSize: m.standalone.storageSize } : {}),
        paused: m.paused,
        rootPasswordGeneration: m.auth.rootPasswordGeneration,
    };
}
