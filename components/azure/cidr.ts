// Azure's own rule on subnet addresses; the CIDR arithmetic itself is shared
// (components/platform/ipv4.ts).
import { blockSize, type Ipv4Block } from "../network/ipv4";

/** Addresses Azure lets VMs use in a subnet: it reserves five in every subnet. */
export function usableSubnetAddresses(block: Ipv4Block): number {
    return Math.max(0, blockSize(block) - 5);
}
