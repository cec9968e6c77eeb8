// The policy pack `pulumi preview --policy-pack policy` runs. The policies live
// in ./policies so tests can import them without starting the policy server.
import { PolicyPack } from "@pulumi/policy";
import { PACK_ARGS, PACK_NAME } from "./policies";

new PolicyPack(PACK_NAME, PACK_ARGS);
