import { describe, expect, it } from '@jest/globals';
import { runTool, toolsByName, toolTestContext } from '@a2a-mcp/testkit';
import { settingsSchema } from '../settings.js';
import { createTools } from './index.js';

const settings = settingsSchema.parse({ VECTOR_MAX_DIMENSIONS: '8', VECTOR_MAX_VECTORS: '50' });
const tool = toolsByName(createTools(settings));
const ctx = toolTestContext('vector-similarity');

/** Validates like core does, then runs the handler. */
const call = (name: string, args: unknown): Promise<unknown> => runTool(tool(name), args, ctx);

describe('calculate_vector_similarity', () => {
  it('normalize=true makes euclidean the chord length of unit vectors', async () => {
    // (3,4)/5 = (0.6,0.8) and (4,3)/5 = (0.8,0.6): distance √(0.04 + 0.04) = 0.2√2.
    const out = (await call('calculate_vector_similarity', {
      vector_a: [3, 4],
      vector_b: [4, 3],
      metric: 'euclidean',
      normalize: true,
    })) as { distance: number };
    expect(out.distance).toBeCloseTo(0.2 * Math.SQRT2, 12);
  });

  it('names mismatched, empty and non-finite input', async () => {
    await expect(call('calculate_vector_similarity', { vector_a: [1, 2, 3], vector_b: [1, 2] })).rejects.toThrow(
      'vector_b has 2 dimensions, vector_a has 3',
    );
    await expect(call('calculate_vector_similarity', { vector_a: [], vector_b: [] })).rejects.toThrow('vector_a is empty');
    await expect(call('calculate_vector_similarity', { vector_a: [1, NaN], vector_b: [1, 2] })).rejects.toThrow(
      'vector_a[1] is not a finite number',
    );
    await expect(call('calculate_vector_similarity', { vector_a: [1, 'x'], vector_b: [1, 2] })).rejects.toThrow(
      'vector_a[1] is not a finite number',
    );
    await expect(call('calculate_vector_similarity', { vector_a: new Array(9).fill(1), vector_b: [1] })).rejects.toThrow(
      'at most 8 numbers',
    );
  });
});

describe('batch_vector_similarity', () => {
  // cosines with (1,0): a 1, c 0, d 1/√2, e −1 (below the threshold 0); b skipped
  it('skips and counts dimension mismatches, applies threshold and top_k', async () => {
    const out = await call('batch_vector_similarity', {
      query_vector: [1, 0],
      candidates: [
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [1, 0, 0] },
        { id: 'c', vector: [0, 1] },
        { id: 'd', vector: [1, 1] },
        { id: 'e', vector: [-1, 0] },
      ],
      top_k: 2,
      threshold: 0,
    });
    expect(out).toEqual({
      metric: 'cosine',
      dimensions: 2,
      results: [
        { id: 'a', index: 0, rank: 1, similarity: 1, distance: 0 },
        { id: 'd', index: 3, rank: 2, similarity: 1 / Math.SQRT2, distance: 1 - 1 / Math.SQRT2 },
      ],
      candidates_processed: 4,
      candidates_skipped: 1,
      matched: 3,
      skipped: [{ id: 'b', index: 1, dimensions: 3 }],
    });
  });

  it('names a non-finite candidate entry and the bound on candidates', async () => {
    await expect(
      call('batch_vector_similarity', {
        query_vector: [1, 0],
        candidates: [
          { id: 'a', vector: [1, 0] },
          { id: 'b', vector: [Infinity, 0] },
        ],
      }),
    ).rejects.toThrow('candidates[1].vector[0] is not a finite number');
    const many = Array.from({ length: 51 }, (_, i) => ({ id: `c${i}`, vector: [1] }));
    await expect(call('batch_vector_similarity', { query_vector: [1], candidates: many })).rejects.toThrow(/candidates/);
  });
});

describe('batch_vector_similarity, one-pass cosine and dot product', () => {
  const query = [0.25, -0.5, 0.125];

  it.each(['cosine', 'dot_product'] as const)('%s: names every kind of bad entry, whatever its position', async (metric) => {
    for (const [bad, at] of [
      [NaN, 0],
      [Infinity, 1],
      [-Infinity, 2],
      ['1', 1],
      [null, 0],
      [true, 2],
      [{}, 1],
    ] as const) {
      const vector: unknown[] = [0.5, 0.5, 0.5];
      vector[at] = bad;
      await expect(
        call('batch_vector_similarity', {
          query_vector: query,
          metric,
          candidates: [
            { id: 'ok', vector: [1, 2, 3] },
            { id: 'bad', vector },
          ],
        }),
      ).rejects.toThrow(`candidates[1].vector[${at}] is not a finite number`);
    }
  });

  it.each(['cosine', 'dot_product'] as const)('%s: gives bit-identical results to calculate_vector_similarity', async (metric) => {
    const candidates = [
      [0.1, 0.2, 0.3],
      [-0.7, 0.05, 2],
      [3, 1, -4],
      [0, 0, 0],
    ].map((vector, i) => ({ id: `c${i}`, vector }));
    const out = (await call('batch_vector_similarity', { query_vector: query, metric, candidates, top_k: 4 })) as {
      results: { index: number; similarity: number; distance: number | null }[];
    };
    for (const result of out.results) {
      const pair = (await call('calculate_vector_similarity', { vector_a: query, vector_b: candidates[result.index]!.vector, metric })) as {
        similarity: number;
        distance: number | null;
      };
      expect([result.similarity, result.distance]).toEqual([pair.similarity, pair.distance]);
    }
    // Hand-computed: cosine of the query with (3, 1, −4) = (0.75 − 0.5 − 0.5) / (√0.328125 · √26) = −0.25 / √8.53125.
    if (metric === 'cosine') expect(out.results.find((r) => r.index === 2)!.similarity).toBeCloseTo(-0.25 / Math.sqrt(8.53125), 14);
    else expect(out.results.find((r) => r.index === 2)!.similarity).toBe(-0.25);
  });

  it('falls back to the typed-array path when the squares pass 1e200 (entries at the ±1e100 bound)', async () => {
    const huge = [1e100, 1e100, 0];
    const batch = (await call('batch_vector_similarity', { query_vector: query, candidates: [{ id: 'huge', vector: huge }] })) as {
      results: { similarity: number }[];
    };
    const pair = (await call('calculate_vector_similarity', { vector_a: query, vector_b: huge })) as { similarity: number };
    expect(batch.results[0]!.similarity).toBe(pair.similarity);
  });
});

describe('cluster_vectors', () => {
  it('checks k and ids against the vectors', async () => {
    await expect(call('cluster_vectors', { vectors: [[1], [2]], k: 3 })).rejects.toThrow('k (3) exceeds the number of vectors (2)');
    await expect(call('cluster_vectors', { vectors: [[1], [2]], ids: ['a'], k: 1 })).rejects.toThrow('ids has 1 entries, vectors has 2');
  });
});

describe('vector_statistics', () => {
  it('names a length mismatch', async () => {
    await expect(
      call('vector_statistics', {
        vectors: [
          [1, 2],
          [1, 2, 3],
        ],
      }),
    ).rejects.toThrow('vectors[1] has 3 dimensions, vectors[0] has 2');
  });
});
