// What a stack deployed, as far as the safety of the next change depends on
// it: versions, layout, the stateful dependencies' sizes. Exported as the
// stack output `deployment` (components/outputs.ts) and read back by the next
// `pulumi up` from the stack's own last outputs (index.ts), so
// config/transitions.ts can refuse an unsafe edit before anything changes.
//
// The schema is the stack outputs package's (packages/stack-outputs), which
// app projects import; this file makes the record from the settings.
import { deploymentRecordSchema, type DeploymentRecord } from "../../packages/stack-outputs/src/deployment-record";
import type { MilvusSettings } from "./resolve";

export { deploymentRecordSchema, type DeploymentRecord };

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
