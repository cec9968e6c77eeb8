// The recording mocks moved to tools/offline/mocks.ts so the offline plan
// tool can use them without importing from test/; re-exported unchanged.
export * from "../../tools/offline/mocks";
