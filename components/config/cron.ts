// Cron schedules as a Kubernetes CronJob takes them: five fields (minute 0-59,
// hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or
// SUN-SAT), or one of the macros (kubernetes.io docs, concepts/workloads/
// controllers/cron-jobs, "Schedule syntax"). A `TZ=` prefix is unsupported
// there; the time zone is `spec.timeZone` (KEP-3140), which the program sets
// to UTC. The API server checks the schedule only when the object is sent, so
// the program checks the same grammar before anything is registered.

const MACROS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface Field {
    name: string;
    min: number;
    max: number;
    names?: string[];
}
const FIELDS: Field[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12, names: MONTHS },
    { name: "day of week", min: 0, max: 6, names: DAYS },
];

function valueOf(text: string, field: Field): number | undefined {
    if (/^[0-9]+$/.test(text)) return Number(text);
    const index = field.names?.indexOf(text.toUpperCase());
    return index === undefined || index < 0 ? undefined : index + (field.names === MONTHS ? 1 : 0);
}

/** Why one field is wrong, or undefined. */
function fieldProblem(text: string, field: Field): string | undefined {
    for (const item of text.split(",")) {
        const match = /^([^/]+)(?:\/([0-9]+))?$/.exec(item);
        if (!match) return `${field.name} "${item}" is not a value, a range or a step`;
        const [, range, step] = match;
        if (step !== undefined && Number(step) < 1) return `${field.name} step must be at least 1`;
        if (range === "*" || range === "?") continue;
        const bounds = range.split("-");
        if (bounds.length > 2) return `${field.name} "${range}" is not a range`;
        const values = bounds.map((b) => valueOf(b, field));
        for (const [i, v] of values.entries()) {
            if (v === undefined || v < field.min || v > field.max) return `${field.name} "${bounds[i]}" is outside ${field.min}-${field.max}`;
        }
        if (values.length === 2 && (values[0] as number) > (values[1] as number)) return `${field.name} range "${range}" runs backwards`;
    }
    return undefined;
}

/** Undefined when Kubernetes takes the schedule; otherwise the reason. */
export function cronProblem(schedule: string): string | undefined {
    const text = schedule.trim();
    if (/^(CRON_)?TZ=/.test(text)) return "a time zone in the schedule is refused by Kubernetes; schedules run in UTC";
    if (text.startsWith("@")) return MACROS.includes(text) ? undefined : `"${text}" is not one of ${MACROS.join(", ")}`;
    const fields = text.split(/\s+/);
    if (fields.length !== 5) return `has ${fields.length} field${fields.length === 1 ? "" : "s"}, not 5 (minute hour day-of-month month day-of-week)`;
    for (const [i, f] of fields.entries()) {
        const problem = fieldProblem(f, FIELDS[i] as Field);
        if (problem) return problem;
    }
    return undefined;
}
