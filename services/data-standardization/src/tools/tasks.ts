/**
 * Where each heavy standardization tool runs (docs/architecture.md, "Inline or pool"): inline while
 * its input is small, on core's worker-thread pool above the weight given here.
 */
import { defineTask } from '@a2a-mcp/core';
import { standardizeBatchParts } from '../lib/tasks.js';

const LIB = new URL('../lib/tasks.js', import.meta.url);

/** Records of all three types: above 200, the pool. */
export const batchTask = defineTask(LIB, standardizeBatchParts, { weight: (p) => (p.account?.length ?? 0) + (p.location?.length ?? 0) + (p.product?.length ?? 0), poolAbove: 200 });
