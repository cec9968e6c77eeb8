// Kubernetes resource quantities <-> numbers (cores, GiB). Pure.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };
const GIB = 2 ** 30;

/** "500m" -> 0.5, "2" -> 2, 1.5 -> 1.5 (cores). */
export function parseCpu(quantity: string | number): number {
    if (typeof quantity === "number") return quantity;
    const milli = /^([0-9]+)m$/.exec(quantity);
    if (milli) return Number(milli[1]) / 1000;
    const cores = Number(quantity);
    if (!Number.isFinite(cores)) throw new Error(`not a CPU quantity: ${quantity}`);
    return cores;
}

/** "4Gi" -> 4, "512Mi" -> 0.5, "100G" -> 93.13... (GiB). */
export function parseGiB(quantity: string): number {
    const match = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(quantity);
    if (!match) throw new Error(`not a byte quantity: ${quantity}`);
    const unit = match[2];
    const factor = unit === undefined ? 1 : (BINARY[unit] ?? DECIMAL[unit]);
    return (Number(match[1]) * factor) / GIB;
}

/** Whole GiB as a Gi quantity, rounded up: 306.97 -> "307Gi". */
export function ceilGi(gib: number): string {
    return `${Math.ceil(gib - 1e-9)}Gi`;
}
