import { defineTool, z } from '@a2a-mcp/core';
import { createComparer, createDirectScorer } from '../lib/metrics.js';
import { TopK } from '@a2a-mcp/core/vectors';
import { copyVectorEntries } from '@a2a-mcp/core/vectors';
import { l2NormalizeInPlace, toVector } from '../lib/vectors.js';
import type { VectorSimilaritySettings } from '../settings.js';
import { metricSchema, READ_ONLY_ANNOTATIONS, vectorSchema } from './schemas.js';

/** How many skipped candidates are listed individually (all are counted). */
const MAX_LISTED_SKIPS = 100;

/** `batch_vector_similarity`: one query against many candidates, top-k by a bounded heap. */
export function createBatchVectorSimilarity(settings: VectorSimilaritySettings) {
  const { VECTOR_MAX_DIMENSIONS: maxDims, VECTOR_MAX_VECTORS: maxVectors } = settings;
  return defineTool({
    name: 'batch_vector_similarity',
    title: 'Batch vector similarity',
    description:
      'Scores candidates [{id, vector}] against a query vector and returns the top_k most similar (ties keep input order). Candidates whose length differs from the query are skipped and counted, not an error.',
    permission: 'read',
    annotations: READ_ONLY_ANNOTATIONS,
    input: z.object({
      query_vector: vectorSchema(maxDims).describe('The query vector (finite numbers)'),
      candidates: z
        .array(
          z.object({
            id: z.string().min(1).max(256).describe('Caller id of the candidate, echoed in results'),
            vector: vectorSchema(maxDims).describe('Candidate vector; skipped when its length differs from the query'),
          }),
        )
        .max(maxVectors)
        .describe(`Candidates to score, at most ${maxVectors}`),
      metric: metricSchema,
      top_k: z.number().int().min(1).max(maxVectors).default(10).describe('How many results to return (default 10)'),
      threshold: z.number().optional().describe('Keep only results with similarity ≥ threshold'),
      normalize: z.boolean().default(false).describe('L2-normalise the query and every candidate first'),
    }),
    output: z.object({
      metric: z.string(),
      dimensions: z.number().int(),
      results: z.array(
        z.object({
          id: z.string(),
          index: z.number().int(),
          rank: z.number().int(),
          similarity: z.number(),
          distance: z.number().nullable(),
        }),
      ),
      candidates_processed: z.number().int().describe('Candidates scored'),
      candidates_skipped: z.number().int().describe('Candidates skipped for a dimension mismatch'),
      matched: z.number().int().describe('Candidates with similarity ≥ threshold (all processed ones without a threshold)'),
      skipped: z
        .array(z.object({ id: z.string(), index: z.number().int(), dimensions: z.number().int() }))
        .describe(`The first ${MAX_LISTED_SKIPS} skipped candidates`),
    }),
    render: (out) =>
      `${out.results.length} results of ${out.candidates_processed} candidates (${out.candidates_skipped} skipped), metric ${out.metric}`,
    handler: ({ query_vector, candidates, metric, top_k, threshold, normalize }, ctx) => {
      const query = toVector(query_vector, 'query_vector');
      const d = query.length;
      if (normalize) l2NormalizeInPlace(query, 0, d);
      const compare = createComparer(metric, query, 0, d);
      // Cosine and dot product without normalisation score the JSON array in place (one pass, no
      // copy); anything unusual falls back to copyVectorEntries + compare, which names a bad entry.
      const direct = normalize ? undefined : createDirectScorer(metric, query, d);
      const row = new Float64Array(d);
      const distances = new Float64Array(candidates.length);
      const top = new TopK(top_k);
      const skipped: { id: string; index: number; dimensions: number }[] = [];
      let skippedCount = 0;
      let matched = 0;
      for (let i = 0; i < candidates.length; i++) {
        if (i % 1000 === 0) ctx.signal.throwIfAborted();
        const candidate = candidates[i]!;
        if (candidate.vector.length !== d) {
          skippedCount++;
          if (skipped.length < MAX_LISTED_SKIPS) skipped.push({ id: candidate.id, index: i, dimensions: candidate.vector.length });
          continue;
        }
        let scored = direct?.(candidate.vector);
        if (scored === undefined) {
          copyVectorEntries(candidate.vector, row, 0, `candidates[${i}].vector`);
          if (normalize) l2NormalizeInPlace(row, 0, d);
          scored = compare(row, 0);
        }
        const { similarity, distance } = scored;
        distances[i] = distance ?? NaN;
        if (threshold !== undefined && !(similarity >= threshold)) continue;
        matched++;
        top.push(similarity, i);
      }
      const results = top.drain().map(({ score, index }, r) => ({
        id: candidates[index]!.id,
        index,
        rank: r + 1,
        similarity: score,
        distance: Number.isNaN(distances[index]!) ? null : distances[index]!,
      }));
      return {
        metric,
        dimensions: d,
        results,
        candidates_processed: candidates.length - skippedCount,
        candidates_skipped: skippedCount,
        matched,
        skipped,
      };
    },
  });
}
