/**
 * mulberry32: a tiny seeded generator, so that a rule with `probability` fires on the same requests
 * every run with the same seed. Not for secrets.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for a mock started without one; it is shown by GET /__mock/faults so a run can be repeated. */
export const randomSeed = (): number => Math.floor(Math.random() * 2 ** 32);

export const MAX_SEED = 2 ** 32 - 1;
