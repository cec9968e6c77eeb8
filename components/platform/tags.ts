// The stack's tags (cloud resources) and labels (Kubernetes objects), from one
// function each, so every platform marks its resources the same way. The
// policy pack reads them: `environment` decides whether a stack is prod, and
// its `required-tags` policy asks for `project`, `environment` and `owner`
// (policy/policies/hygiene.ts).
import { ENVIRONMENT_LABEL } from "../shared/chart-names";
import type { ConfigProblem } from "../config/problems";

/** Tag and label keys the program sets itself; user tags may not override them. */
export const PROGRAM_TAG_KEYS = ["project", "stack", ENVIRONMENT_LABEL] as const;

export interface StackIdentity {
    project: string;
    stack: string;
    environment: string;
}

/**
 * The tags of every cloud resource: the user's own, then the program's
 * markers (project, stack, environment), which always win. AWS applies them
 * through its provider's defaultTags, Azure through the `tags` argument of
 * each taggable resource.
 */
export function stackTags(id: StackIdentity, userTags: Record<string, string>): Record<string, string> {
    return { ...userTags, project: id.project, stack: id.stack, [ENVIRONMENT_LABEL]: id.environment };
}

/** Kubernetes label values: at most 63 characters of letters, digits, '-', '_' and '.', starting and ending alphanumeric. */
function labelValue(value: string): string {
    return value
        .replace(/[^A-Za-z0-9_.-]/g, "-")
        .slice(0, 63)
        .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
}

/** The labels of every Kubernetes object the program creates (the chart labels its own). */
export function stackLabels(id: StackIdentity): Record<string, string> {
    return {
        "app.kubernetes.io/managed-by": "pulumi",
        "milvus-on-clouds/project": labelValue(id.project),
        "milvus-on-clouds/stack": labelValue(id.stack),
        [ENVIRONMENT_LABEL]: id.environment,
    };
}

/** A problem for each user tag that would override one of the program's markers. */
export function reservedTagProblems(key: string, userTags: Record<string, string>): ConfigProblem[] {
    return Object.keys(userTags)
        .filter((k) => (PROGRAM_TAG_KEYS as readonly string[]).includes(k.toLowerCase()))
        .map((k) => ({
            key: `${key}.${k}`,
            given: userTags[k],
            allowed: `is set by the program (${PROGRAM_TAG_KEYS.join(", ")} mark every resource; the policy pack reads environment to tell prod); remove it`,
        }));
}

/**
 * The clouds' own limits on user tags, checked before any resource: both allow
 * 50 tags per resource, and the program adds its three markers.
 * - AWS (Tagging AWS resources, "Tag naming limits"): keys of 1-128 and values of
 *   up to 256 characters; `aws:` (any case) is reserved for AWS, in keys and values.
 * - Azure (Resource Manager, "Use tags": limitations): names of up to 512 and
 *   values of up to 256 characters; names may not contain < > % & \ ? /.
 */
export function cloudTagProblems(key: string, userTags: Record<string, string>, cloud: "aws" | "azure"): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const room = 50 - PROGRAM_TAG_KEYS.length;
    const names = Object.keys(userTags);
    if (names.length > room) {
        problems.push({
            key,
            given: `${names.length} tags`,
            allowed: `at most ${room}: ${cloud === "aws" ? "AWS" : "Azure"} allows 50 tags per resource and the program adds ${PROGRAM_TAG_KEYS.join(", ")}`,
        });
    }
    for (const name of names) {
        const value = userTags[name];
        if (cloud === "aws") {
            if (/^aws:/i.test(name))
                problems.push({ key: `${key}.${name}`, given: value, allowed: "tag keys may not start with aws: (reserved for AWS)" });
            else if (/^aws:/i.test(value))
                problems.push({ key: `${key}.${name}`, given: value, allowed: "tag values may not start with aws: (reserved for AWS)" });
        } else {
            if (/[<>%&\\?/]/.test(name))
                problems.push({ key: `${key}.${name}`, given: value, allowed: "Azure tag names may not contain < > % & \\ ? /" });
            if (name.length > 512)
                problems.push({
                    key: `${key}.${name.slice(0, 40)}...`,
                    given: `${name.length} characters`,
                    allowed: "Azure tag names have at most 512 characters",
                });
            if (value.length > 256)
                problems.push({
                    key: `${key}.${name}`,
                    given: `${value.length} characters`,
                    allowed: "Azure tag values have at most 256 characters",
                });
        }
    }
    return problems;
}
