// Masks every secret before the plan prints anything: values Pulumi marks
// secret (the engine's wrapper), credential-named keys, and known secret texts.
import { SECRET_SIG, SECRET_SIG_KEY } from "../offline/mocks";

export const MASK = "[secret]";

/** Keys that hold credentials wherever they appear (the config rules refuse them in chart values). */
const CREDENTIAL_KEYS = /^(accessKey|secretKey|password|saslPassword|defaultRootPassword|rootPassword|token|username)$/i;

export function maskSecrets(value: unknown, knownSecrets: string[] = []): unknown {
    if (typeof value === "string") return knownSecrets.some((s) => s !== "" && value.includes(s)) ? MASK : value;
    if (Array.isArray(value)) return value.map((v) => maskSecrets(v, knownSecrets));
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SECRET_SIG_KEY] === SECRET_SIG) return MASK;
        return Object.fromEntries(
            Object.entries(obj).map(([k, v]) => [
                k,
                CREDENTIAL_KEYS.test(k) && typeof v === "string" && v !== "" ? MASK : maskSecrets(v, knownSecrets),
            ]),
        );
    }
    return value;
}
