// Placeholders in stack files: the shipped example stacks hold values that
// stand for the user's own (the all-zero GUID for an Entra ID group, a
// documentation address range for "your network"). Deployed as they are, they
// grant nobody admin rights and open the API to an unroutable range, so they
// are refused before any resource is registered, unless the evaluation says
// explicitly that it is an offline one (platform/run-mode.ts).
import type { ConfigProblem } from "./problems";
import { parseIpv4, parseIpv4Cidr, type Ipv4Block } from "../network/ipv4";

export const NIL_GUID = "00000000-0000-0000-0000-000000000000";

/** RFC 5737: the IPv4 ranges reserved for documentation (TEST-NET-1, -2, -3); no real client is there. */
export const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"] as const;

function blockOf(text: string): Ipv4Block | undefined {
    if (text.includes("/")) return parseIpv4Cidr(text);
    const address = parseIpv4(text);
    return address === undefined ? undefined : { start: address, prefix: 32 };
}

function size(b: Ipv4Block): number {
    return 2 ** (32 - b.prefix);
}

function network(b: Ipv4Block): number {
    return b.start - (b.start % size(b));
}

/** The documentation range an address or CIDR lies within, if any (a wider block is not a placeholder). */
export function documentationRangeOf(text: string): string | undefined {
    const block = blockOf(text);
    if (block === undefined) return undefined;
    return DOCUMENTATION_RANGES.find((range) => {
        const doc = parseIpv4Cidr(range) as Ipv4Block;
        return block.prefix >= doc.prefix && network(block) >= network(doc) && network(block) + size(block) <= network(doc) + size(doc);
    });
}

/** Every placeholder in the raw stack config, with the key it sits at and what to set instead. */
export function placeholderProblems(raw: Record<string, unknown>): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const walk = (value: unknown, at: string[]) => {
        if (Array.isArray(value)) return value.forEach((v, i) => walk(v, [...at, String(i)]));
        if (value !== null && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
            return;
        }
        if (typeof value !== "string") return;
        const key = at.join(".");
        if (value.toLowerCase() === NIL_GUID) {
            problems.push({
                key,
                given: value,
                allowed:
                    "the all-zero GUID is a placeholder: set the object id of a real Entra ID group (az ad group show --group <name> --query id -o tsv)",
            });
            return;
        }
        const range = documentationRangeOf(value);
        if (range !== undefined) {
            problems.push({
                key,
                given: value,
                allowed: `${range} is a documentation range (RFC 5737) that no real client uses: list your own networks (CIDRs), e.g. your office or CI egress range`,
            });
        }
    };
    walk(raw, []);
    return problems;
}
