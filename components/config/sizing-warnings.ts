// Explicit settings win over what `milvus.workload` sizes (resolve.ts). That
// is legitimate, so it is not refused; but an explicit value far below what
// the workload needs deploys a Milvus that cannot load the collection, and
// only fails when it runs out of memory or disk. These warnings say so in the
// plan and in every preview (pulumi.log.warn in index.ts). Pure.
import { parseCpu, parseGiB } from "../sizing/quantities";
import type { MilvusSettings } from "./resolve";

/** Below this share of the sized request, an explicit request is "far below". */
export const FAR_BELOW = 0.5;

type Amounts = Record<string, string | number | undefined> | undefined;

function amount(resource: string, q: string | number | undefined): number | undefined {
    if (q === undefined) return undefined;
    return resource === "cpu" ? parseCpu(q) : parseGiB(String(q));
}

/** One line per component whose explicit replicas or requests are far below its sizing, or that drops DiskANN's disk. */
export function sizingWarnings(milvus: Pick<MilvusSettings, "sizing" | "components" | "standalone" | "mode">): string[] {
    const sizing = milvus.sizing;
    if (!sizing) return [];
    const warnings: string[] = [];
    const what = `milvus.workload (${sizing.workload.vectors.toLocaleString("en-US")} x ${sizing.workload.dimension}-dim ${sizing.workload.indexType})`;
    const compare = (name: string, key: string, sized: Amounts, actual: Amounts) => {
        for (const resource of ["memory", "cpu", "ephemeral-storage"]) {
            const want = amount(resource, sized?.[resource]);
            if (want === undefined || want === 0) continue;
            const have = amount(resource, actual?.[resource]);
            if (have === undefined) {
                if (resource === "ephemeral-storage") {
                    warnings.push(
                        `${key}.resources.requests sets no ephemeral-storage, but ${what} needs ${sized?.[resource]} of local disk per ${name} for DiskANN index files; without it pods land on nodes whose disk may be too small`,
                    );
                }
                continue;
            }
            if (have < want * FAR_BELOW) {
                warnings.push(
                    `${key}.resources.requests.${resource} is ${actual?.[resource]}, far below the ${sized?.[resource]} that ${what} needs per ${name}`,
                );
            }
        }
    };
    if (milvus.mode === "standalone") {
        const sized = sizing.standalone?.resources?.requests;
        const actual = milvus.standalone.resources?.requests;
        if (sized && actual && milvus.standalone.resources !== sizing.standalone?.resources)
            compare("standalone pod", "milvus.components.standalone", sized as Amounts, actual as Amounts);
        return warnings;
    }
    for (const [name, sized] of Object.entries(sizing.components ?? {})) {
        const actual = milvus.components[name as keyof typeof milvus.components];
        if (!actual) continue;
        if (actual.replicas < sized.replicas * FAR_BELOW) {
            warnings.push(`milvus.components.${name}.replicas is ${actual.replicas}, far below the ${sized.replicas} that ${what} needs`);
        }
        if (actual.resources && actual.resources !== sized.resources) {
            compare(name, `milvus.components.${name}`, sized.resources?.requests as Amounts, actual.resources.requests as Amounts);
        }
    }
    return warnings;
}
