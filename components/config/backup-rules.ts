// Rules of `milvus.backup` (components/milvus/backup.ts). The common ones are
// in COMMON_RULES; `backupPrefixProblems` is what each platform checks against
// the prefix Milvus itself writes under (its own config block).
import type { ConfigProblem } from "./problems";
import type { Rule } from "./rule-kit";

/**
 * The in-cluster MinIO's bucket and prefix: the chart's defaults (values.yaml minio.bucketName / minio.rootPath) unless
 * milvus.values changes them.
 */
export function inClusterMinioLocation(values: Record<string, unknown>): { bucketName: string; rootPath: string } {
    const minio = (values.minio ?? {}) as Record<string, unknown>;
    return {
        bucketName: typeof minio.bucketName === "string" && minio.bucketName !== "" ? minio.bucketName : "milvus-bucket",
        rootPath: typeof minio.rootPath === "string" && minio.rootPath !== "" ? minio.rootPath : "file",
    };
}

/** Prefixes overlap when one is the other or contains it: milvus-backup would copy its own backups, or Milvus's GC would see them. */
function overlaps(a: string, b: string): boolean {
    return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** A problem when the backups would share a prefix with Milvus's data in the same bucket. */
export function backupPrefixProblems(backupRoot: string, milvusRoot: string, milvusKey: string): ConfigProblem[] {
    return overlaps(backupRoot, milvusRoot)
        ? [
              {
                  key: "milvus.backup.rootPath",
                  given: backupRoot,
                  allowed: `must not be or contain Milvus's own prefix "${milvusRoot}" (${milvusKey}), nor lie inside it: Milvus's garbage collector owns everything under its prefix; choose another, such as "backup"`,
              },
          ]
        : [];
}

const SCHEDULE_KEYS = ["schedule", "retention", "collections"] as const;

/** Every key of the block makes sense only where it is read; a bucket of its own only where the program runs the object store. */
export const backupIsConsistent: Rule = (input, { cloud, milvus, capabilities }) => {
    const given = input.milvus?.backup;
    const backup = milvus.backup;
    const problems: ConfigProblem[] = [];
    if (!backup.enabled) {
        for (const key of SCHEDULE_KEYS) {
            if (given?.[key] !== undefined) {
                problems.push({
                    key: `milvus.backup.${key}`,
                    given: given[key],
                    allowed: "is read only when milvus.backup.enabled is true (scheduled backups are off)",
                });
            }
        }
    }
    if (backup.bucket !== undefined && capabilities.objectStore !== "minio") {
        problems.push({
            key: "milvus.backup.bucket",
            given: backup.bucket,
            allowed: `is read only with in-cluster MinIO; on ${cloud} the backups go to the stack's own bucket under milvus.backup.rootPath, the one Milvus's keyless identity may write`,
        });
    }
    const minio = inClusterMinioLocation(milvus.values);
    if (capabilities.objectStore === "minio" && (backup.bucket === undefined || backup.bucket === minio.bucketName)) {
        problems.push(...backupPrefixProblems(backup.rootPath, minio.rootPath, "the chart's minio.rootPath"));
    }
    return problems;
};
