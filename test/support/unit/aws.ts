// The fake AWS answers live with the offline evaluation core (tools/offline)
// so the plan tool can evaluate AWS stacks too; re-exported for tests.
export * from "../../../tools/offline/fake-aws";
