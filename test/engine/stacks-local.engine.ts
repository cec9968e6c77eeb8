// The shipped local stacks through the real CLI, engine, provider and cluster (the scenarios: stack-scenarios.ts).
import { describeShippedStacks } from "./stack-scenarios";

describeShippedStacks("local");
