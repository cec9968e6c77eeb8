// IPv4 CIDR arithmetic for validating the AKS address plan (node subnet,
// overlay pod range, service range) before anything is created. Pure.

export interface Ipv4Block {
    /** First address as an unsigned 32-bit integer. */
    start: number;
    /** Prefix length (0-32). */
    prefix: number;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV4_ADDRESS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function octets(parts: string[]): number | undefined {
    const values = parts.map((p) => Number.parseInt(p, 10));
    if (values.some((v) => v > 255)) return undefined;
    return ((values[0] << 24) >>> 0) + (values[1] << 16) + (values[2] << 8) + values[3];
}

export function parseIpv4(address: string): number | undefined {
    const m = IPV4_ADDRESS.exec(address);
    return m ? octets(m.slice(1, 5)) : undefined;
}

/** Parses "a.b.c.d/n"; undefined when malformed or when host bits are set (e.g. "10.0.0.1/16"). */
export function parseCidr(cidr: string): Ipv4Block | undefined {
    const m = IPV4_CIDR.exec(cidr);
    if (!m) return undefined;
    const prefix = Number.parseInt(m[5], 10);
    const start = octets(m.slice(1, 5));
    if (start === undefined || prefix > 32) return undefined;
    if (start % blockSize({ start, prefix }) !== 0) return undefined;
    return { start, prefix };
}

export function blockSize(block: Ipv4Block): number {
    return 2 ** (32 - block.prefix);
}

function end(block: Ipv4Block): number {
    return block.start + blockSize(block) - 1;
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
    return a.start <= end(b) && b.start <= end(a);
}

export function containsBlock(outer: Ipv4Block, inner: Ipv4Block): boolean {
    return inner.start >= outer.start && end(inner) <= end(outer);
}

export function containsAddress(block: Ipv4Block, address: number): boolean {
    return address >= block.start && address <= end(block);
}

/** Addresses Azure lets VMs use in a subnet: it reserves five in every subnet. */
export function usableSubnetAddresses(block: Ipv4Block): number {
    return Math.max(0, blockSize(block) - 5);
}
