// Rounding for figures people read (sizes, costs, times): the one place that decides it.

/** `n` rounded to `digits` decimals (2 by default), halves rounded up, as Math.round does, on the scaled binary value. */
export function roundTo(n: number, digits = 2): number {
    const scale = 10 ** digits;
    return Math.round(n * scale) / scale;
}
