import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectLegacyClient, connectModernClient, startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { createVectorSimilarityService, settingsSchema } from '../src/service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startTestService(createVectorSimilarityService(settingsSchema.parse({})));
});
afterAll(async () => {
  await service.close();
});

// Silhouette of {(0,0),(0,1)} vs {(10,10),(10,11)}: see src/lib/kmeans.test.ts for the arithmetic.
const s1 = 1 - 2 / (Math.sqrt(200) + Math.sqrt(221));
const s2 = 1 - 2 / (Math.sqrt(181) + Math.sqrt(200));

describe.each([
  ['legacy', connectLegacyClient],
  ['modern', connectModernClient],
])('%s client', (_era, connect) => {
  it('lists the five tools and reads vectors://metrics', async () => {
    const client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'batch_vector_similarity',
      'calculate_vector_similarity',
      'cluster_vectors',
      'normalize_vectors',
      'vector_statistics',
    ]);
    const { contents } = await client.readResource('vectors://metrics');
    const body = JSON.parse(contents[0]!.text!);
    expect(Object.keys(body.metrics)).toEqual(['cosine', 'euclidean', 'manhattan', 'dot_product', 'jaccard', 'hamming']);
    expect(body.metrics.cosine.similarity_range).toBe('[-1, 1]');
    expect(body.bounds).toMatchObject({ max_vectors: 10_000, max_dimensions: 4_096, max_clusters: 256 });
    await client.close();
  });

  it('calls all five tools', async () => {
    const client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });

    // manhattan((1,2,3),(4,5,6)) = 9 → similarity 1/(1+9)
    let result = await client.callTool('calculate_vector_similarity', { vector_a: [1, 2, 3], vector_b: [4, 5, 6], metric: 'manhattan' });
    expect(result.structuredContent).toEqual({ metric: 'manhattan', similarity: 0.1, distance: 9, dimensions: 3, normalized: false });

    // distances from (1,0): a 0, b √2, c 2, d skipped (3 dimensions) → a, b
    result = await client.callTool('batch_vector_similarity', {
      query_vector: [1, 0],
      candidates: [
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [0, 1] },
        { id: 'c', vector: [3, 0] },
        { id: 'd', vector: [3, 0, 0] },
      ],
      metric: 'euclidean',
      top_k: 2,
    });
    expect(result.structuredContent).toEqual({
      metric: 'euclidean',
      dimensions: 2,
      results: [
        { id: 'a', index: 0, rank: 1, similarity: 1, distance: 0 },
        { id: 'b', index: 1, rank: 2, similarity: 1 / (1 + Math.SQRT2), distance: Math.SQRT2 },
      ],
      candidates_processed: 3,
      candidates_skipped: 1,
      matched: 3,
      skipped: [{ id: 'd', index: 3, dimensions: 3 }],
    });

    // (3,4), (0,5): means (1.5, 4.5), std (1.5, 0.5); both norms 5; cosine 20/25
    result = await client.callTool('vector_statistics', {
      vectors: [
        [3, 4],
        [0, 5],
      ],
      include_pairwise: true,
    });
    expect(result.structuredContent).toEqual({
      count: 2,
      dimensions: 2,
      per_dimension: { mean: [1.5, 4.5], std: [1.5, 0.5], min: [0, 4], max: [3, 5] },
      norms: { mean: 5, std: 0, min: 5, max: 5 },
      pairwise: { metric: 'cosine', pairs: 1, sampled: false, mean: 0.8, std: 0, min: 0.8, max: 0.8 },
    });

    result = await client.callTool('normalize_vectors', {
      vectors: [
        [3, 4],
        [0, 0],
      ],
    });
    expect(result.structuredContent).toEqual({
      norm_type: 'l2',
      dimensions: 2,
      vectors: [
        [0.6, 0.8],
        [0, 0],
      ],
      factors: [5, 0],
      zero_vectors: 1,
    });

    result = await client.callTool('cluster_vectors', {
      vectors: [
        [0, 0],
        [0, 1],
        [10, 10],
        [10, 11],
      ],
      ids: ['a', 'b', 'c', 'd'],
      k: 2,
      seed: 1,
    });
    const out = result.structuredContent!;
    const [low, high] = (out.assignments as number[])[0] === 0 ? [0, 1] : [1, 0];
    expect(out).toEqual({
      k: 2,
      metric: 'euclidean',
      assignments: [low, low, high, high],
      clusters: [
        { cluster: 0, size: 2, centroid: low === 0 ? [0, 0.5] : [10, 10.5], ids: low === 0 ? ['a', 'b'] : ['c', 'd'] },
        { cluster: 1, size: 2, centroid: low === 1 ? [0, 0.5] : [10, 10.5], ids: low === 1 ? ['a', 'b'] : ['c', 'd'] },
      ],
      inertia: 1,
      silhouette_score: expect.closeTo((s1 + s2) / 2, 12),
      silhouette_sampled: false,
      iterations: expect.any(Number),
      converged: true,
    });
    await client.close();
  });

  it('reports a dimension mismatch as a tool error naming both lengths', async () => {
    const client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    const result = await client.callTool('calculate_vector_similarity', { vector_a: [1, 2, 3], vector_b: [1, 2] });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'vector_b has 2 dimensions, vector_a has 3' }]);
    await client.close();
  });
});
