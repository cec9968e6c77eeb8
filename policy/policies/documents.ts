// Reading IAM / S3 bucket policy documents, which arrive as JSON text (the
// usual case) or as objects (the aws PolicyDocument input type).
import { type Tree, type Unknown, type Value, UNKNOWN, at, isTree, isUnknown, snapshot } from "./known";

/** The statements of a policy document; UNKNOWN when it cannot be read during preview. */
export function statementsOf(doc: Value): Tree[] | Unknown | undefined {
    if (isUnknown(doc)) return UNKNOWN;
    let parsed: Value = doc;
    if (typeof doc === "string") {
        try {
            parsed = snapshot(JSON.parse(doc));
        } catch {
            // Not JSON (AWS would reject it anyway): nothing this check can read.
            return UNKNOWN;
        }
    }
    const statement = at(parsed, "Statement");
    if (isUnknown(statement)) return UNKNOWN;
    if (Array.isArray(statement)) return statement.filter(isTree);
    return isTree(statement) ? [statement] : undefined;
}

/** A statement field that may be one string or a list of strings; UNKNOWN if any element is. */
export function stringsOf(statement: Tree, key: string): string[] | Unknown | undefined {
    const v = statement[key];
    if (v === undefined) return undefined;
    if (isUnknown(v)) return UNKNOWN;
    const list = Array.isArray(v) ? v : [v];
    if (list.some(isUnknown)) return UNKNOWN;
    return list.filter((e): e is string => typeof e === "string");
}

export function effectOf(statement: Tree): "allow" | "deny" | undefined {
    const e = statement.Effect;
    return typeof e === "string" ? (e.toLowerCase() === "allow" ? "allow" : e.toLowerCase() === "deny" ? "deny" : undefined) : undefined;
}
