/** `@a2a-mcp/core/vectors`: bounded top-k, lazy descending order, seeded random numbers and sampling, the entry rule. */
import { describe, expect, it } from '@jest/globals';
import { copyVectorEntries, createRandom, descendingOrder, MAX_VECTOR_ENTRY, sampleIndices, TopK } from '../src/vectors/index.js';

/** Reference order: higher score first, equal scores by lower index (a stable full sort). */
const fullSort = (scores: readonly number[]) =>
  scores.map((score, index) => ({ score, index })).sort((x, y) => y.score - x.score || x.index - y.index);

describe('TopK', () => {
  it('keeps the k best, best first, ties by lower index', () => {
    const top = new TopK(3);
    [0.5, 0.9, 0.1, 0.9, 0.7, 0.5].forEach((s, i) => top.push(s, i));
    expect(top.drain()).toEqual([
      { score: 0.9, index: 1 },
      { score: 0.9, index: 3 },
      { score: 0.7, index: 4 },
    ]);
  });

  it('replaces the worst kept item only with a better one (an equal score with a later index loses)', () => {
    const top = new TopK(2);
    [0.2, 0.9, 0.5, 0.9, 0.1, 0.5, 0.7].forEach((s, i) => top.push(s, i));
    expect(top.drain()).toEqual([
      { score: 0.9, index: 1 },
      { score: 0.9, index: 3 },
    ]);
  });

  it('agrees with a full sort on random scores with many ties, for k below, at and above n', () => {
    const random = createRandom(7);
    const scores = Array.from({ length: 5000 }, () => Math.floor(random() * 100) / 10);
    for (const k of [1, 37, 4999, 5000, 6000]) {
      const top = new TopK(k);
      scores.forEach((s, i) => top.push(s, i));
      expect(top.drain()).toEqual(fullSort(scores).slice(0, k));
    }
  });

  it('returns fewer than k when fewer were pushed, nothing for k = 0, and is empty after drain', () => {
    const top = new TopK(10);
    top.push(1, 0);
    expect(top.drain()).toEqual([{ score: 1, index: 0 }]);
    expect(top.drain()).toEqual([]);
    const none = new TopK(0);
    none.push(5, 0);
    expect(none.drain()).toEqual([]);
  });
});

describe('descendingOrder', () => {
  it('yields every index, highest score first, ties by lower index', () => {
    expect([...descendingOrder(Float64Array.from([0.3, 0.9, 0.3, -1, 0.9]))]).toEqual([1, 4, 0, 2, 3]);
    expect([...descendingOrder(new Float64Array(0))]).toEqual([]);
  });

  it('matches a full sort and can stop early', () => {
    const random = createRandom(11);
    const scores = Array.from({ length: 2000 }, () => Math.floor(random() * 50));
    expect([...descendingOrder(Float64Array.from(scores))]).toEqual(fullSort(scores).map((x) => x.index));
    const firstThree: number[] = [];
    for (const i of descendingOrder(Float64Array.from(scores))) {
      firstThree.push(i);
      if (firstThree.length === 3) break;
    }
    expect(firstThree).toEqual(
      fullSort(scores)
        .slice(0, 3)
        .map((x) => x.index),
    );
  });
});

describe('createRandom', () => {
  it('is determined by the seed and stays in [0, 1)', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs.slice(0, 5));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // 10 000 uniform draws: the mean is 0.5 ± 0.0029 (one standard deviation); 0.02 is ~7σ.
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.02);
  });
});

describe('sampleIndices', () => {
  it('picks distinct indices in ascending order, all of them when count ≥ n', () => {
    const sample = Array.from(sampleIndices(100, 10, createRandom(3)));
    expect(sample).toHaveLength(10);
    expect(new Set(sample).size).toBe(10);
    expect(sample).toEqual([...sample].sort((x, y) => x - y));
    expect(sample.every((i) => Number.isInteger(i) && i >= 0 && i < 100)).toBe(true);
    expect(Array.from(sampleIndices(4, 9, createRandom(3)))).toEqual([0, 1, 2, 3]);
    expect(Array.from(sampleIndices(100, 10, createRandom(3)))).toEqual(sample);
  });
});

describe('copyVectorEntries: finite numbers within ±1e100', () => {
  it('copies at the offset; the bound itself is allowed', () => {
    const target = new Float64Array(4);
    copyVectorEntries([1e100, -1e100], target, 1, 'v');
    expect(Array.from(target)).toEqual([0, 1e100, -1e100, 0]);
    expect(MAX_VECTOR_ENTRY).toBe(1e100);
  });

  it('names the first bad entry: out of range, or not a finite number', () => {
    const target = new Float64Array(3);
    expect(() => copyVectorEntries([0, -1e101, 1], target, 0, 'vectors[2]')).toThrow(
      'vectors[2][1] is out of range: entries must be within ±1e100',
    );
    expect(() => copyVectorEntries([0, 1, '2'], target, 0, 'q')).toThrow('q[2] is not a finite number');
    expect(() => copyVectorEntries([Number.NaN], target, 0, 'q')).toThrow('q[0] is not a finite number');
  });
});
