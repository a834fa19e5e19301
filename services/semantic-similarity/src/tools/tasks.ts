/**
 * Where each heavy text tool runs (docs/architecture.md, "Inline or pool"): inline while its input
 * is small, on core's worker-thread pool above the weight given here.
 */
import { defineTask } from '@a2a-mcp/core';
import { deduplicate } from '../lib/tasks.js';

const LIB = new URL('../lib/tasks.js', import.meta.url);

/** Text pairs compared (n·(n−1)/2): above 5 000 (about 100 texts), the pool. */
export const deduplicateTask = defineTask(LIB, deduplicate, {
  weight: (p) => (p.texts.length * (p.texts.length - 1)) / 2,
  poolAbove: 5_000,
});
