// An evaluation of the program against fake clouds (the tests, `npm run plan`,
// the engine suite) says so explicitly with one variable. It then accepts the
// example stacks' placeholders (config/placeholders.ts) and does not require
// the deploying machine's cloud CLIs (deployer-tools.ts). Never set it for a
// real deployment.

export const OFFLINE_EVALUATION_ENV = "MILVUS_ON_CLOUDS_OFFLINE_EVALUATION";

export function isOfflineEvaluation(env: NodeJS.ProcessEnv = process.env): boolean {
    return env[OFFLINE_EVALUATION_ENV] === "true";
}
