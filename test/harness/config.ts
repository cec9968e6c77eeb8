// The problems validation reports for a raw stack config (empty when it is valid).
import { ConfigValidationError, type ConfigProblem } from "../../components/config/problems";
import { validateStackConfig } from "../../components/config/validate";

export function configProblems(raw: Record<string, unknown>): ConfigProblem[] {
    try {
        validateStackConfig(raw);
    } catch (error) {
        if (error instanceof ConfigValidationError) return error.problems;
        throw error;
    }
    return [];
}
