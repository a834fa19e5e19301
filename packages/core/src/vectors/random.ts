/**
 * A seeded pseudo-random generator, so k-means++ and sampling are deterministic for a given seed.
 * Mulberry32 (Tommy Ettinger, public domain): 32-bit state, period 2³², plenty for sampling.
 */

/** Returns a function yielding uniform floats in [0, 1) determined by `seed`. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct indices from [0, n), chosen uniformly (partial Fisher–Yates), in ascending order. */
export function sampleIndices(n: number, count: number, random: () => number): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  const m = Math.min(count, n);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (n - i));
    const tmp = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = tmp;
  }
  return pool.subarray(0, m).sort();
}
