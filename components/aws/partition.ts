// The AWS partition a region belongs to, for ARNs and service endpoints,
// derived from the region name so no lookup is needed.

export interface Partition {
    /** The ARN partition: `arn:<name>:...`. */
    name: "aws" | "aws-cn" | "aws-us-gov";
    /** Domain of regional service endpoints (s3.<region>.<dnsSuffix>). */
    dnsSuffix: "amazonaws.com" | "amazonaws.com.cn";
}

export function partitionOf(region: string): Partition {
    if (region.startsWith("cn-")) return { name: "aws-cn", dnsSuffix: "amazonaws.com.cn" };
    if (region.startsWith("us-gov-")) return { name: "aws-us-gov", dnsSuffix: "amazonaws.com" };
    return { name: "aws", dnsSuffix: "amazonaws.com" };
}
