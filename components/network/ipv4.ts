// IPv4 address and CIDR arithmetic shared by the platforms (subnet layouts,
// address-plan checks). Pure functions, so network plans are decided and
// checked before anything is registered. Addresses are read by ipaddr.js,
// like every other range (components/network/cidr.ts).
import * as ipaddr from "ipaddr.js";

export interface Ipv4Block {
    /** The first (network) address as an unsigned 32-bit number. */
    start: number;
    /** Prefix length, 0-32. */
    prefix: number;
}

/** "a.b.c.d" as an unsigned 32-bit number; undefined when malformed (ipaddr.js, four-part decimal only). */
export function parseIpv4(address: string): number | undefined {
    if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return undefined;
    return ipaddr.IPv4.parse(address)
        .toByteArray()
        .reduce((n, o) => n * 256 + o, 0);
}

function formatIpv4(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** Parses "a.b.c.d/n" as written, host bits included (see isNetworkAddress); undefined when malformed. */
export function parseIpv4Cidr(cidr: string): Ipv4Block | undefined {
    const [address, prefixText, ...rest] = cidr.split("/");
    if (rest.length > 0 || prefixText === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
    const start = parseIpv4(address ?? "");
    const prefix = Number(prefixText);
    if (start === undefined || prefix > 32) return undefined;
    return { start, prefix };
}

/** Parses a network block; undefined when malformed or when host bits are set (e.g. "10.0.0.1/16"). */
export function parseNetworkCidr(cidr: string): Ipv4Block | undefined {
    const block = parseIpv4Cidr(cidr);
    return block && isNetworkAddress(block) ? block : undefined;
}

export function blockSize(block: Ipv4Block): number {
    return 2 ** (32 - block.prefix);
}

/** Addresses machines may use in a subnet when the cloud reserves `reserved` of them (Azure: five in every subnet). */
export function usableAddresses(block: Ipv4Block, reserved: number): number {
    return Math.max(0, blockSize(block) - reserved);
}

/** True when the address is the first of its block (e.g. 10.0.0.0/16, not 10.0.1.0/16). */
export function isNetworkAddress(block: Ipv4Block): boolean {
    return block.start % blockSize(block) === 0;
}

export function formatCidr(block: Ipv4Block): string {
    return `${formatIpv4(block.start)}/${block.prefix}`;
}

function lastAddress(block: Ipv4Block): number {
    return block.start + blockSize(block) - 1;
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
    return a.start <= lastAddress(b) && b.start <= lastAddress(a);
}

export function containsBlock(outer: Ipv4Block, inner: Ipv4Block): boolean {
    return inner.start >= outer.start && lastAddress(inner) <= lastAddress(outer);
}

export function containsAddress(block: Ipv4Block, address: number): boolean {
    return address >= block.start && address <= lastAddress(block);
}

/** The `index`-th block of size /`prefix` inside `parent`. */
export function subnetOf(parent: Ipv4Block, prefix: number, index: number): Ipv4Block {
    if (prefix < parent.prefix || index < 0 || index >= 2 ** (prefix - parent.prefix)) {
        throw new Error(`no block #${index} of /${prefix} inside ${formatCidr(parent)}`);
    }
    return { start: parent.start + index * blockSize({ start: 0, prefix }), prefix };
}
