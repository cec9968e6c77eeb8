// CPU architecture of an EC2 instance type, from its name: Graviton families
// carry a `g` right after the generation digit (m7g, c6gn, r8gd, im4gn).
// It picks the node AMI type, so a pool's instance types must agree on it.

export type Architecture = "arm64" | "x86_64";

export function architectureOf(instanceType: string): Architecture {
    const family = instanceType.split(".")[0] ?? "";
    return /^[a-z]+[0-9]+g/.test(family) ? "arm64" : "x86_64";
}

/** The EKS-optimised Amazon Linux 2023 AMI type for an architecture. */
export function amiTypeFor(architecture: Architecture): "AL2023_ARM_64_STANDARD" | "AL2023_x86_64_STANDARD" {
    return architecture === "arm64" ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}
