// Building blocks shared by the cross-key rules of the core (rules.ts) and of
// each platform (components/<cloud>/rules.ts).
import type { ConfigProblem } from "./problems";
import type { CommonConfig } from "./resolve";
import type { CommonInput } from "./schema";

/** A cross-key rule of the config core: the parsed input as written, and the resolved common config. */
export type Rule = (input: CommonInput, config: CommonConfig) => ConfigProblem[];

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
