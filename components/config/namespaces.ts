// Config keys under a namespace that is almost the project's: `pulumi config
// set milvus-on-cloud:environment prod` is accepted by the CLI (it checks only
// the project's own namespace against Pulumi.yaml; other namespaces belong to
// providers), and the program would never read it, so a prod stack would
// silently deploy as dev. Such keys are refused.
import type { ConfigProblem } from "./problems";

/** Namespaces of the providers and of Pulumi itself: theirs, never a typo of ours. */
const KNOWN_NAMESPACES = new Set(["pulumi", "aws", "azure-native", "kubernetes", "random", "azure", "azuread", "tls", "command"]);

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Whether a namespace looks like a mistyped project name. */
export function isNearMiss(namespace: string, project: string): boolean {
    if (namespace === project || KNOWN_NAMESPACES.has(namespace)) return false;
    return squash(namespace) === squash(project) || distance(namespace.toLowerCase(), project) <= 3;
}

/** A problem for each config key whose namespace is a near miss of the project's. */
export function nearMissNamespaceProblems(fullKeys: readonly string[], project: string): ConfigProblem[] {
    return fullKeys.flatMap((fullKey) => {
        const colon = fullKey.indexOf(":");
        if (colon < 0) return [];
        const namespace = fullKey.slice(0, colon);
        if (!isNearMiss(namespace, project)) return [];
        return [
            {
                key: fullKey,
                absolute: true,
                given: "(a value the program never reads)",
                allowed: `the namespace "${namespace}" is not the project's: did you mean ${project}:${fullKey.slice(colon + 1)}? Move the value there (pulumi config rm ${fullKey}, then pulumi config set ${project}:${fullKey.slice(colon + 1)} ...)`,
            },
        ];
    });
}
