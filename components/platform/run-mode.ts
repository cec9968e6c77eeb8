// How the program is being run, decided once at the entry (index.ts) and
// handed down: the platforms and the guards read this, never the environment.
//
// An evaluation of the program against fake clouds (the tests, `npm run plan`,
// the engine suite) says so explicitly with one variable. It then accepts the
// example stacks' placeholders (config/placeholders.ts) and does not require
// the deploying machine's cloud CLIs (deployer-tools.ts). Never set it for a
// real deployment.
import * as pulumi from "@pulumi/pulumi";

export const OFFLINE_EVALUATION_ENV = "MILVUS_ON_CLOUDS_OFFLINE_EVALUATION";

export interface RunMode {
    /** Against fake clouds (MILVUS_ON_CLOUDS_OFFLINE_EVALUATION=true). */
    offlineEvaluation: boolean;
    /**
     * A Pulumi engine runs the program. Under the unit mocks and the plan tool the SDK has no engine address
     * (pulumi/pulumi sdk/nodejs/runtime/settings.ts getEngine), so there is nothing to read or reach.
     */
    engine: boolean;
    /** A preview, not an update (pulumi.runtime.isDryRun). */
    preview: boolean;
}

export function isOfflineEvaluation(env: NodeJS.ProcessEnv = process.env): boolean {
    return env[OFFLINE_EVALUATION_ENV] === "true";
}

/** The mode of this process. */
export function currentRunMode(env: NodeJS.ProcessEnv = process.env): RunMode {
    return { offlineEvaluation: isOfflineEvaluation(env), engine: pulumi.runtime.getEngine() !== undefined, preview: pulumi.runtime.isDryRun() };
}
