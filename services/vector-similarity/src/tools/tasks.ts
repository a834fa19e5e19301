/**
 * Where each heavy vector tool runs (docs/architecture.md, "Inline or pool"): inline while its
 * input is small, on core's worker-thread pool above the weight given here.
 */
import { defineTask } from '@a2a-mcp/core';
import { clusterVectors, vectorStatistics } from '../lib/tasks.js';

const LIB = new URL('../lib/tasks.js', import.meta.url);

const entries = (vectors: readonly (readonly number[])[]) => vectors.length * (vectors[0]?.length ?? 0);

/** Vectors × dimensions × k × max_iterations / 100 (Lloyd's assignment step): above 200 000, the pool. */
export const clusterTask = defineTask(LIB, clusterVectors, {
  weight: (p) => (entries(p.vectors) * p.k * p.max_iterations) / 100,
  poolAbove: 200_000,
});

/** Vector entries, times the compared pairs per vector with include_pairwise: above 200 000, the pool. */
export const statisticsTask = defineTask(LIB, vectorStatistics, {
  weight: (p) => entries(p.vectors) * (p.include_pairwise ? Math.min(p.vectors.length, p.exactLimit) : 1),
  poolAbove: 200_000,
});
