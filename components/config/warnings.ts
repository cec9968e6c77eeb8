// What the plan and every preview warn about (pulumi.log.warn in index.ts):
// settings that are allowed but that an experienced operator would question.
// Pure. (TLS for internal exposure in prod is recommended in docs/tls-and-backups.md, not
// warned about: the shipped prod stacks run internal without cert-manager.)
import type { CommonConfig } from "./resolve";
import { sizingWarnings } from "./sizing-warnings";

export function configWarnings(config: Pick<CommonConfig, "environment" | "milvus">): string[] {
    return [...sizingWarnings(config.milvus)];
}
