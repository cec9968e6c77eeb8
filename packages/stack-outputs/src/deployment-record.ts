// The `deployment` output: what a stack deployed, as far as the safety of the
// next change depends on it (versions, layout, the stateful dependencies'
// sizes). The program reads it back from the stack's own last outputs to refuse
// an unsafe edit; app projects may read it too.
import { z } from "zod";

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
