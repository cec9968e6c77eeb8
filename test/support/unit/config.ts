// The problems validation reports for a raw stack config (empty when it is valid).
import { ConfigValidationError, type ConfigProblem } from "../../../components/config/problems";
import { validateStackConfig, type Cloud, type StackConfig } from "../../../components/platforms";

export function configProblems(raw: Record<string, unknown>): ConfigProblem[] {
    try {
        validateStackConfig(raw);
    } catch (error) {
        if (error instanceof ConfigValidationError) return error.problems;
        throw error;
    }
    return [];
}

/** Whether a validated config is on platform `cloud` (narrows it to that platform's settings). */
export function isOn<C extends Cloud>(config: StackConfig, cloud: C): config is Extract<StackConfig, { cloud: C }> {
    return config.cloud === cloud;
}

/** Validates a stack that must be on `cloud`, typed with that platform's settings. */
export function configOn<C extends Cloud>(cloud: C, raw: Record<string, unknown>): Extract<StackConfig, { cloud: C }> {
    const config = validateStackConfig(raw);
    if (!isOn(config, cloud)) throw new Error(`expected a ${cloud} stack, got cloud ${config.cloud}`);
    return config;
}
