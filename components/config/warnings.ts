// What the plan and every preview warn about (pulumi.log.warn in index.ts):
// settings that are allowed but that an experienced operator would question.
// Pure.
import type { CommonConfig } from "./resolve";
import { sizingWarnings } from "./sizing-warnings";

export function configWarnings(config: Pick<CommonConfig, "environment" | "milvus">): string[] {
    const { milvus } = config;
    const warnings = [...sizingWarnings(milvus)];
    if (config.environment === "prod" && milvus.exposure.type === "internal" && milvus.tls.mode === "off") {
        warnings.push("milvus.tls.mode is off with an internal load balancer in prod: tokens cross the VPC/VNet in clear text; TLS (milvus.tls.issuer or milvus.tls.secretName) is recommended");
    }
    return warnings;
}
