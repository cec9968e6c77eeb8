// Stack loading and evaluation moved to tools/offline/stacks.ts so the
// offline plan tool can use them without importing from test/; re-exported unchanged.
export * from "../../../tools/offline/stacks";
