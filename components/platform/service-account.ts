// The Kubernetes service account the Milvus pods run as. The chart creates it
// (MilvusRelease sets `serviceAccount.name`); on AWS the IRSA role trusts, and
// on Azure the federated credential names, exactly this account, so it is
// derived in one place: the chart's full name, as _helpers.tpl computes it.
// `milvus.values.serviceAccount` is refused (config/rules.ts).
import type { MilvusSettings } from "../config/resolve";
import { chartFullname } from "../milvus/names";

export function milvusServiceAccountName(milvus: Pick<MilvusSettings, "releaseName" | "values">): string {
    return chartFullname(milvus.releaseName, milvus.values);
}
