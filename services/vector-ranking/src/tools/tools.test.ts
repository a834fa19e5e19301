import { describe, expect, it } from '@jest/globals';
import { runTool, toolsByName, toolTestContext } from '@a2a-mcp/testkit';
import { settingsSchema } from '../settings.js';
import { createTools } from './index.js';

const settings = settingsSchema.parse({ RANKING_MAX_DOCUMENTS: '50', RANKING_MAX_TEXT_LENGTH: '100' });
const tool = toolsByName(createTools(settings));
const ctx = toolTestContext('vector-ranking');

/** Validates like core does, then runs the handler. */
const call = (name: string, args: unknown): Promise<unknown> => runTool(tool(name), args, ctx);

describe('input errors name the field', () => {
  it('duplicate docIds', async () => {
    await expect(
      call('calculate_bm25_scores', {
        query: 'a',
        documents: [
          { docId: 'x', content: 'a' },
          { docId: 'x', content: 'b' },
        ],
      }),
    ).rejects.toThrow('documents[1].docId "x" repeats documents[0].docId');
  });
  it('too-long text and too many documents', async () => {
    await expect(call('calculate_bm25_scores', { query: 'a'.repeat(101), documents: [{ docId: 'x', content: 'a' }] })).rejects.toThrow(
      /query/,
    );
    const many = Array.from({ length: 51 }, (_, i) => ({ docId: `d${i}`, links: [] }));
    await expect(call('calculate_pagerank_scores', { documents: many })).rejects.toThrow(/documents/);
  });
  it('fusion weights must match the lists', async () => {
    await expect(call('fuse_rankings', { rankings: [{ items: [{ docId: 'a' }] }], weights: [1, 2] })).rejects.toThrow(
      'weights has 2 entries, rankings has 1',
    );
  });
  it('hybrid: bad timestamp, mismatched document vectors, non-finite query vector', async () => {
    await expect(
      call('hybrid_ranking_search', { query: 'a', documents: [{ docId: 'x', content: 'a', timestamp: 'yesterday' }] }),
    ).rejects.toThrow('documents[0].timestamp is not an ISO 8601 date-time or epoch milliseconds');
    await expect(
      call('hybrid_ranking_search', {
        query: 'a',
        documents: [
          { docId: 'x', content: 'a', vector: [1, 2] },
          { docId: 'y', content: 'b', vector: [1] },
        ],
      }),
    ).rejects.toThrow('documents[1].vector has 1 dimensions, documents[0].vector has 2');
    await expect(
      call('hybrid_ranking_search', { query: 'a', query_vector: [NaN], documents: [{ docId: 'x', content: 'a' }] }),
    ).rejects.toThrow('query_vector[0] is not a finite number');
  });
  it('hybrid: timestamps drive recency relative to the newest document', async () => {
    const out = (await call('hybrid_ranking_search', {
      query: '!',
      documents: [
        { docId: 'old', content: 'a', timestamp: '2026-01-01T00:00:00Z' },
        { docId: 'new', content: 'a', timestamp: '2026-01-31T00:00:00Z' },
      ],
      context: { recency_weight: 1 },
    })) as { results: { docId: string; hybridScore: number }[] };
    expect(out.results).toMatchObject([
      { docId: 'new', hybridScore: 1 },
      { docId: 'old', hybridScore: 0.5 },
    ]);
  });
  it('hybrid: timestamps are one string type; epoch milliseconds are written as digits', async () => {
    // 2026-01-01T00:00:00Z = 1767225600000 ms; 2026-01-31 is 30 days (the default half-life) later.
    const out = (await call('hybrid_ranking_search', {
      query: '!',
      documents: [
        { docId: 'old', content: 'a', timestamp: '1767225600000' },
        { docId: 'new', content: 'a', timestamp: '2026-01-31T00:00:00Z' },
      ],
      context: { recency_weight: 1, reference_time: ' 1769817600000 ' },
    })) as { results: { docId: string; hybridScore: number }[] };
    expect(out.results).toMatchObject([
      { docId: 'new', hybridScore: 1 },
      { docId: 'old', hybridScore: 0.5 },
    ]);
    // A number is no longer accepted: the schema says string, and the server agrees.
    await expect(
      call('hybrid_ranking_search', { query: 'a', documents: [{ docId: 'x', content: 'a', timestamp: 1767225600000 }] }),
    ).rejects.toThrow(/expected string, received number/);
  });
});
