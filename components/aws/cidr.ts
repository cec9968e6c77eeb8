// IPv4 CIDR arithmetic for the VPC this platform creates: pure functions,
// so the subnet layout is decided (and checked) before anything is registered.

export interface Ipv4Block {
    /** The network address as an unsigned 32-bit number. */
    base: number;
    prefix: number;
}

function toNumber(address: string): number | undefined {
    const parts = address.split(".").map((p) => Number(p));
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
    return parts.reduce((n, p) => n * 256 + p, 0);
}

function toAddress(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

export function parseIpv4Cidr(cidr: string): Ipv4Block | undefined {
    const [address, prefixText] = cidr.split("/");
    const base = toNumber(address ?? "");
    const prefix = Number(prefixText);
    if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
    return { base, prefix };
}

/** True when the address is the first of its block (e.g. 10.0.0.0/16, not 10.0.1.0/16). */
export function isNetworkAddress(block: Ipv4Block): boolean {
    return block.base % 2 ** (32 - block.prefix) === 0;
}

export function formatCidr(block: Ipv4Block): string {
    return `${toAddress(block.base)}/${block.prefix}`;
}

/** The `index`-th block of size /`prefix` inside `parent`. */
export function subnetOf(parent: Ipv4Block, prefix: number, index: number): Ipv4Block {
    if (prefix < parent.prefix || index < 0 || index >= 2 ** (prefix - parent.prefix)) {
        throw new Error(`no block #${index} of /${prefix} inside ${formatCidr(parent)}`);
    }
    return { base: parent.base + index * 2 ** (32 - prefix), prefix };
}

/**
 * Subnets for up to three zones: the VPC is cut in quarters; the first three
 * (one per zone) are private, for nodes, pods (VPC CNI gives every pod a VPC
 * address) and MSK brokers; the last quarter holds one small public subnet
 * per zone for NAT gateways and internet-facing load balancers.
 * For 10.0.0.0/16: private 10.0.0.0/18, 10.0.64.0/18, 10.0.128.0/18;
 * public 10.0.192.0/20, 10.0.208.0/20, 10.0.224.0/20.
 */
export function zoneSubnets(vpcCidr: string, zones: number): Array<{ privateCidr: string; publicCidr: string }> {
    const vpc = parseIpv4Cidr(vpcCidr);
    if (!vpc || !isNetworkAddress(vpc)) throw new Error(`not a network CIDR block: ${vpcCidr}`);
    if (zones < 1 || zones > 3) throw new Error(`between one and three zones, not ${zones}`);
    const lastQuarter = subnetOf(vpc, vpc.prefix + 2, 3);
    return Array.from({ length: zones }, (_, i) => ({
        privateCidr: formatCidr(subnetOf(vpc, vpc.prefix + 2, i)),
        publicCidr: formatCidr(subnetOf(lastQuarter, vpc.prefix + 4, i)),
    }));
}
