// Allowed-client CIDR lists (load balancer source ranges, API endpoint
// allow-lists): shared by the generic rules and the platforms' own rules.
import type { ConfigProblem } from "./problems";

const ANYWHERE = new Set(["0.0.0.0/0", "::/0"]);

/** One problem per entry of `ranges` that opens access to the whole internet. */
export function openToAnywhere(key: string, ranges: string[]): ConfigProblem[] {
    return ranges.filter((r) => ANYWHERE.has(r)).map((r) => ({
        key, given: r,
        allowed: "must not include the whole internet; list the client networks (CIDRs) that need access",
    }));
}
