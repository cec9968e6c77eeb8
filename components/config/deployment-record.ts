// What a stack deployed, as far as the safety of the next change depends on
// it: versions, layout, the stateful dependencies' sizes. Exported as the
// stack output `deployment` (components/outputs.ts) and read back by the next
// `pulumi up` through a StackReference to the stack itself (index.ts), so
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
    pulsar: z.object({
        zookeeperReplicas: z.number().int(), bookkeeperReplicas: z.number().int(), journalSize: size, ledgersSize: size,
    }).optional(),
    /** Standalone mode only. */
    standaloneStorageSize: size.optional(),
});

export type DeploymentRecord = z.infer<typeof deploymentRecordSchema>;

/** The parts of the resolved settings the record is made of. */
export type RecordedSettings = Pick<MilvusSettings, "chartVersion" | "imageTag" | "mode" | "messageQueue" | "etcd" | "minio" | "pulsar" | "standalone">;

/** The record of a deployment with these settings; MinIO only where it runs in the cluster. */
export function deploymentRecordOf(m: RecordedSettings, inClusterMinio: boolean): DeploymentRecord {
    return {
        chartVersion: m.chartVersion,
        imageTag: m.imageTag,
        mode: m.mode,
        messageQueue: m.messageQueue,
        etcd: { replicas: m.etcd.replicas, storageSize: m.etcd.storageSize },
        ...(inClusterMinio ? { minio: { mode: m.minio.mode, replicas: m.minio.mode === "distributed" ? m.minio.replicas : 1, storageSize: m.minio.storageSize } } : {}),
        ...(m.messageQueue === "pulsar" ? {
            pulsar: {
                zookeeperReplicas: m.pulsar.zookeeperReplicas, bookkeeperReplicas: m.pulsar.bookkeeperReplicas,
                journalSize: m.pulsar.journalSize, ledgersSize: m.pulsar.ledgersSize,
            },
        } : {}),
        ...(m.mode === "standalone" ? { standaloneStorageSize: m.standalone.storageSize } : {}),
    };
}
