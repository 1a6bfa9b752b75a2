/** @typedef {{ count: number, p50: number, p99: number, max: number, mean: number }} Summary */

/**
 * Latency summary in milliseconds (nearest-rank percentiles, rounded to 0.01 ms).
 * @param {number[]} samples
 * @returns {Summary}
 */
export function summarise(samples) {
  if (samples.length === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  const at = (/** @type {number} */ q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    count: sorted.length,
    p50: r2(at(0.5)),
    p99: r2(at(0.99)),
    max: r2(sorted[sorted.length - 1] ?? NaN),
    mean: r2(sum / sorted.length),
  };
}

/** @param {number[]} xs */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** @param {number} x */
const r2 = (x) => Math.round(x * 100) / 100;
