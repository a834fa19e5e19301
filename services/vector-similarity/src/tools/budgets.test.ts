/** The k-means, silhouette and pairwise budgets at their exact edges. */
import { describe, expect, it } from '@jest/globals';
import { runTool, toolsByName, toolTestContext } from '@a2a-mcp/testkit';
import { settingsSchema } from '../settings.js';
import { createTools } from './index.js';

const settings = settingsSchema.parse({ VECTOR_MAX_KMEANS_WORK: '48', VECTOR_MAX_SILHOUETTE_WORK: '18', VECTOR_MAX_PAIRWISE_WORK: '12' });
const tool = toolsByName(createTools(settings));
const ctx = toolTestContext('vector-similarity');
const call = (name: string, args: unknown) => runTool<Record<string, unknown>>(tool(name), args, ctx);
const vectors = (n: number) => Array.from({ length: n }, (_, i) => [i % 2, Math.floor(i / 2)]);

describe('cluster_vectors', () => {
  it('k × vectors × dimensions × max_iterations: 2 × 4 × 2 × 3 = 48 runs, 4 iterations are refused', async () => {
    await expect(call('cluster_vectors', { vectors: vectors(4), k: 2, max_iterations: 3 })).resolves.toMatchObject({ k: 2 });
    await expect(call('cluster_vectors', { vectors: vectors(4), k: 2, max_iterations: 4 })).rejects.toThrow(
      'k-means work is 2 clusters × 4 vectors × 2 dimensions × 4 iterations = 64; the limit is VECTOR_MAX_KMEANS_WORK=48: lower k or max_iterations, or send fewer or shorter vectors',
    );
  });

  it('the silhouette sample shrinks so that sample² × dimensions fits (3² × 2 = 18): 3 vectors exact, 4 sampled', async () => {
    await expect(call('cluster_vectors', { vectors: vectors(3), k: 2, max_iterations: 1 })).resolves.toMatchObject({
      silhouette_sampled: false,
    });
    await expect(call('cluster_vectors', { vectors: vectors(4), k: 2, max_iterations: 1 })).resolves.toMatchObject({
      silhouette_sampled: true,
    });
  });
});

describe('vector_statistics', () => {
  it('pairs × dimensions: 4 vectors (6 pairs) × 2 = 12 runs, 5 vectors (10 pairs) are refused; without include_pairwise they run', async () => {
    await expect(call('vector_statistics', { vectors: vectors(4), include_pairwise: true })).resolves.toMatchObject({
      pairwise: { pairs: 6, sampled: false },
    });
    await expect(call('vector_statistics', { vectors: vectors(5), include_pairwise: true })).rejects.toThrow(
      'Pairwise work is 10 pairs × 2 dimensions = 20; the limit is VECTOR_MAX_PAIRWISE_WORK=12: send fewer or shorter vectors, or leave include_pairwise off',
    );
    await expect(call('vector_statistics', { vectors: vectors(5) })).resolves.toMatchObject({ count: 5, pairwise: null });
  });
});
