// Every policy of the pack, and the pack's metadata. Tests import this module;
// only ../index.ts constructs the PolicyPack (which starts the policy server).
import type { PolicyPackArgs } from "@pulumi/policy";
import { AWS_POLICIES } from "./aws";
import { AZURE_POLICIES } from "./azure";
import { HYGIENE_POLICIES } from "./hygiene";
import { MILVUS_POLICIES } from "./milvus";
import { RELIABILITY_POLICIES } from "./reliability";

export { POLICY_GROUPS } from "./framework";

export const PACK_NAME = "milvus-on-clouds";

export const PACK_ARGS: PolicyPackArgs = {
    description: "Guardrails for Milvus on AWS, Azure and existing Kubernetes clusters: security, Milvus correctness, prod reliability and hygiene.",
    policies: [...MILVUS_POLICIES, ...AWS_POLICIES, ...AZURE_POLICIES, ...RELIABILITY_POLICIES, ...HYGIENE_POLICIES],
};
