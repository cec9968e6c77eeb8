// The Kubernetes service account the Milvus pods run as. The chart creates it
// (MilvusRelease sets `serviceAccount.name`); on AWS the IRSA role trusts, and
// on Azure the federated credential names, exactly this account, so it is
// derived in one place: the chart's full name, as _helpers.tpl computes it.
// `milvus.values.serviceAccount` is refused (config/rules.ts).
import type { MilvusSettings } from "../config/resolve";
import { chartFullname } from "../shared/chart-names";

export function milvusServiceAccountName(milvus: Pick<MilvusSettings, "releaseName" | "values">): string {
    return chartFullname(milvus.releaseName, milvus.values);
}

/**
 * The service account milvus-backup runs as (components/milvus/backup.ts).
 * MilvusRelease creates it, before the release, so the pre-upgrade backup can
 * run before Helm does; each platform lets it act as the same cloud identity
 * as Milvus (IRSA trust, a second federated credential).
 */
export function backupServiceAccountName(milvus: Pick<MilvusSettings, "releaseName">): string {
    return `${milvus.releaseName}-milvus-backup`.slice(0, 63).replace(/-+$/, "");
}

/** Whether the stack runs milvus-backup at all: scheduled backups or a restore. */
export function usesBackupTool(milvus: Pick<MilvusSettings, "backup">): boolean {
    return milvus.backup.enabled || milvus.backup.restore !== undefined;
}
