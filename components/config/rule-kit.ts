// Building blocks shared by the cross-key rules of the core (rules.ts) and of
// each platform (components/<cloud>/rules.ts). Kept apart so platform rules do
// not import rules.ts, which imports them.
import type { ConfigProblem } from "./problems";
import type { StackConfig } from "./resolve";
import type { StackInput } from "./schema";

export type Rule = (input: StackInput, config: StackConfig) => ConfigProblem[];

const ANYWHERE = new Set(["0.0.0.0/0", "::/0"]);

/** [major, minor, patch] of a tag such as "v2.6.15". */
export function semverOf(tag: string): [number, number, number] {
    const [major, minor, patch] = tag.replace(/^v/, "").split(/[.-]/).map((n) => Number.parseInt(n, 10));
    return [major ?? 0, minor ?? 0, patch ?? 0];
}

/** A problem for each range that opens access to the whole internet. */
export function openToAnywhere(key: string, ranges: string[]): ConfigProblem[] {
    return ranges.filter((r) => ANYWHERE.has(r)).map((r) => ({
        key, given: r,
        allowed: "must not include the whole internet; list the client networks (CIDRs) that need access",
    }));
}
