// The chart values that take the Milvus chart's images (shared/chart-images.ts)
// from the stack's imageRegistry and give their pods milvus.imagePullSecrets.
// Only repositories (and Bitnami's registry) are set: tags stay the chart's
// (and milvus.imageTag for Milvus).
import { mirroredImage, repositoryPath } from "../shared/images";
import { MILVUS_CHART_IMAGES, PULL_SECRET_VALUES } from "../shared/chart-images";

/** The value at a dotted path, as a nested object. */
function nested(path: string, value: unknown): Record<string, unknown> {
    return path.split(".").reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), value as Record<string, unknown>);
}

/** Chart values that point every image at `registry`: paths and values, to deep-merge into the chart values. */
export function mirroredImageValues(registry: string): Array<Record<string, unknown>> {
    return MILVUS_CHART_IMAGES.map((image) =>
        nested(
            image.path,
            image.registry !== undefined
                ? // Bitnami: `<registry>/<repository>`; the registry host the chart's default names is the one the rule drops.
                  { registry, repository: repositoryPath(`${image.registry}/${image.repository}`) }
                : { repository: mirroredImage(registry, image.repository) },
        ),
    );
}

/** Chart values that give every pod of the chart these pull secrets. */
export function pullSecretValues(secrets: readonly string[]): Array<Record<string, unknown>> {
    return PULL_SECRET_VALUES.map(({ path, form }) => nested(path, form === "names" ? [...secrets] : secrets.map((name) => ({ name }))));
}

/**
 * The pull secrets of the Milvus pods, as the chart values give them
 * (`image.all.pullSecrets`): milvus.imagePullSecrets, or those milvus.values
 * sets there (validation refuses both at once). The program's Jobs use them too.
 */
export function milvusPodPullSecrets(m: { imagePullSecrets: readonly string[]; values: Record<string, unknown> }): Array<{ name: string }> {
    if (m.imagePullSecrets.length > 0) return m.imagePullSecrets.map((name) => ({ name }));
    const image = m.values.image;
    const all = image !== null && typeof image === "object" ? (image as Record<string, unknown>).all : undefined;
    const given = all !== null && typeof all === "object" ? (all as Record<string, unknown>).pullSecrets : undefined;
    return Array.isArray(given) ? given.filter((s): s is string => typeof s === "string").map((name) => ({ name })) : [];
}
