// How a policy knows it is looking at a prod stack.
//
// In order, the first that answers wins:
//  1. policy config `environment: prod | dev` on the policy (an explicit override,
//     e.g. in CI: `--policy-pack-config policy/prod.json`);
//  2. the stack tag named by `environmentKey` (`pulumi stack tag set environment prod`);
//  3. markers the program puts on its resources: the tag `environment` on AWS
//     and Azure resources (also through the AWS provider's defaultTags) and the
//     label `environment` on Kubernetes objects (the Milvus credentials Secret,
//     the local Namespace). Any resource marked prod makes the stack prod.
// Nothing found means not prod.
import { type Tree, stringMapAt } from "./known";
import { type CheckContext, type StackSubject, enumSetting, stringListSetting, stringSetting } from "./framework";
import { isCloudType } from "./types";

export const ENVIRONMENT_SETTINGS = {
    environment: enumSetting(
        "Force the environment: prod or dev. auto reads the stack tag, then the resources' environment tag/label.",
        ["auto", "prod", "dev"] as const,
        "auto",
    ),
    environmentKey: stringSetting("The stack tag, cloud tag and Kubernetes label that names the environment.", "environment"),
    prodValues: stringListSetting("Values of that tag or label that mean prod (case-insensitive).", ["prod", "production"]),
};

type EnvironmentSettings = typeof ENVIRONMENT_SETTINGS;

/** Tags of a cloud resource, including the AWS provider's defaultTags. */
export function tagsOf(subject: { props: Tree; provider?: { props: Tree } }): Record<string, string> | "unknown" {
    const parts = [defaultTagsOf(subject.provider?.props), stringMapAt(subject.props, "tagsAll"), stringMapAt(subject.props, "tags")];
    if (parts.some((p) => typeof p === "symbol")) {
        // Unknown tags (computed during preview): merge what is known, say it is partial.
        const known = Object.assign({}, ...parts.filter((p): p is Record<string, string> => typeof p === "object"));
        return Object.keys(known).length > 0 ? known : "unknown";
    }
    return Object.assign({}, ...parts.filter((p): p is Record<string, string> => typeof p === "object"));
}

/** The AWS provider passes object config as JSON text; accept both forms. */
function defaultTagsOf(providerProps: Tree | undefined): Record<string, string> | undefined {
    if (!providerProps) return undefined;
    const raw = providerProps.defaultTags;
    if (typeof raw === "string") {
        try {
            const parsed: unknown = JSON.parse(raw);
            const tags = (parsed as { tags?: unknown } | null)?.tags;
            if (tags && typeof tags === "object") {
                return Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === "string"));
            }
        } catch {
            return undefined;
        }
        return undefined;
    }
    const tags = stringMapAt(providerProps, ["defaultTags", "tags"]);
    return typeof tags === "object" ? tags : undefined;
}

function markerOf(subject: StackSubject, key: string): string | undefined {
    if (isCloudType(subject.type)) {
        const tags = tagsOf(subject);
        return tags === "unknown" ? undefined : tags[key];
    }
    if (subject.type.startsWith("kubernetes:")) {
        const labels = stringMapAt(subject.props, ["metadata", "labels"]);
        return typeof labels === "object" ? labels[key] : undefined;
    }
    return undefined;
}

export interface EnvironmentVerdict {
    prod: boolean;
    /** Where the answer came from, for messages. */
    source: string;
}

export function stackEnvironment(resources: StackSubject[], ctx: CheckContext<EnvironmentSettings>): EnvironmentVerdict {
    const { environment, environmentKey, prodValues } = ctx.config;
    const isProd = (value: string) => prodValues.some((p) => p.toLowerCase() === value.toLowerCase());
    if (environment !== "auto") return { prod: environment === "prod", source: `policy config environment=${environment}` };
    const tag = ctx.stackTags.get(environmentKey);
    if (tag !== undefined) return { prod: isProd(tag), source: `stack tag ${environmentKey}=${tag}` };
    const marked = resources.find((r) => {
        const value = markerOf(r, environmentKey);
        return value !== undefined && isProd(value);
    });
    return marked
        ? { prod: true, source: `${marked.type} ${marked.name} is marked ${environmentKey}=${markerOf(marked, environmentKey)}` }
        : { prod: false, source: `no resource is marked ${environmentKey}=${prodValues.join("|")}` };
}
