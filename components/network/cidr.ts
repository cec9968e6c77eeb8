// Network ranges by meaning: parsing (IPv4 and IPv6, through ipaddr.js) and
// the one question every exposure rule asks, "does this set of ranges admit
// the whole internet?". Used by the config rules (components/config) and the
// policy pack (policy/policies), so both answer the same way.
//
// Depends on ipaddr.js only, so the policy pack, a project of its own, can
// load it too.
import * as ipaddr from "ipaddr.js";

export type Family = "IPv4" | "IPv6";

export interface Range {
    family: Family;
    /** The first address, as a number. */
    first: bigint;
    /** The last address, as a number. */
    last: bigint;
    prefix: number;
    /** The range as written. */
    text: string;
}

const BITS: Record<Family, number> = { IPv4: 32, IPv6: 128 };

/** Why a text is not a CIDR block; undefined when it is one. */
export function cidrProblem(text: string): string | undefined {
    const parsed = parseRange(text);
    if (typeof parsed === "string") return parsed;
    return undefined;
}

/** The range a CIDR block covers, or why it is not one. */
export function parseRange(text: string): Range | string {
    const slash = text.indexOf("/");
    if (slash < 0) return "is not a CIDR block (address/prefix, e.g. 10.0.0.0/16)";
    const address = text.slice(0, slash);
    const prefixText = text.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(prefixText)) return "has no valid prefix length after the /";
    const prefix = Number(prefixText);
    let family: Family;
    // ipaddr.js also reads shorthand and octal/hex IPv4 ("10.1", "0x0a.0.0.1"); only the four-part decimal form is accepted.
    if (ipaddr.IPv4.isValidFourPartDecimal(address)) family = "IPv4";
    else if (ipaddr.IPv6.isValid(address) && address.includes(":")) family = "IPv6";
    else return "is not a valid IPv4 or IPv6 address before the /";
    if (prefix > BITS[family]) return `has a prefix longer than ${BITS[family]} bits, the size of an ${family} address`;
    const bytes = ipaddr.parse(address).toByteArray();
    const value = bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
    const hostBits = BigInt(BITS[family] - prefix);
    const first = (value >> hostBits) << hostBits;
    if (first !== value) {
        const network = ipaddr.fromByteArray(toBytes(first, BITS[family] / 8)).toString();
        return `has host bits set: the block is ${network}/${prefix}`;
    }
    return { family, first, last: first + (1n << hostBits) - 1n, prefix, text };
}

function toBytes(value: bigint, length: number): number[] {
    const out: number[] = [];
    for (let i = length - 1; i >= 0; i--) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
    return out;
}

/**
 * The address families whose whole space the ranges cover together, e.g.
 * ["IPv4"] for 0.0.0.0/1 + 128.0.0.0/1, or for 0.0.0.0/0. IPv4-mapped IPv6
 * (::ffff:0:0/96) counts as IPv4. Malformed ranges are skipped (they are
 * refused on their own).
 */
export function wholeSpaceCovered(texts: readonly string[]): Family[] {
    const byFamily: Record<Family, Array<[bigint, bigint]>> = { IPv4: [], IPv6: [] };
    for (const text of texts) {
        const r = parseRange(text);
        if (typeof r === "string") continue;
        byFamily[r.family].push([r.first, r.last]);
        const mapped = ipv4Part(r);
        if (mapped) byFamily.IPv4.push(mapped);
    }
    return (["IPv4", "IPv6"] as const).filter((family) => covers(byFamily[family], (1n << BigInt(BITS[family])) - 1n));
}

const MAPPED_FIRST = 0xffff00000000n;
const MAPPED_LAST = 0xffffffffffffn;

/** The IPv4 addresses an IPv6 range reaches through IPv4-mapped addresses (::ffff:a.b.c.d). */
function ipv4Part(r: Range): [bigint, bigint] | undefined {
    if (r.family !== "IPv6" || r.last < MAPPED_FIRST || r.first > MAPPED_LAST) return undefined;
    const first = r.first > MAPPED_FIRST ? r.first : MAPPED_FIRST;
    const last = r.last < MAPPED_LAST ? r.last : MAPPED_LAST;
    return [first - MAPPED_FIRST, last - MAPPED_FIRST];
}

function covers(intervals: Array<[bigint, bigint]>, max: bigint): boolean {
    const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let next = 0n;
    for (const [first, last] of sorted) {
        if (first > next) return false;
        if (last + 1n > next) next = last + 1n;
        if (next > max) return true;
    }
    return next > max;
}

/** Whether the ranges admit everyone: the whole IPv4 or the whole IPv6 space. */
export function admitsEveryone(texts: readonly string[]): boolean {
    return wholeSpaceCovered(texts).length > 0;
}
