// The values the offline fakes make up where a cloud would answer (ARNs,
// resource ids, GUIDs, issuer URLs, broker addresses): registered as they are
// made, so the plan can mark every chart value that exists only in the offline
// evaluation. A real deployment gets the cloud's values instead.
const madeUp = new Set<string>();

/** Registers `value` as made up by a fake and returns it. */
export function standIn<T extends string>(value: T): T {
    madeUp.add(value);
    return value;
}

/** Every value registered so far. */
export function standIns(): ReadonlySet<string> {
    return madeUp;
}
