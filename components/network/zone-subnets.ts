// A VPC's subnet layout for up to three zones (the AWS platform's network.ts
// uses it). Pure, so the layout is decided (and checked) before anything is registered.
import { formatCidr, isNetworkAddress, parseIpv4Cidr, subnetOf } from "./ipv4";

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
