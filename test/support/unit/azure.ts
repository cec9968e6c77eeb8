// The fake Azure answers live with the offline evaluation core (tools/offline)
// so the plan tool can evaluate Azure stacks too; re-exported for tests.
export * from "../../../tools/offline/fake-azure";
