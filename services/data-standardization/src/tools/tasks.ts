/**
 * Where each heavy standardization tool runs (docs/architecture.md, "Inline or pool"): inline while
 * its input is small, on core's worker-thread pool above the weight given here.
 */
import { defineTask } from '@a2a-mcp/core';
import { schemaCompliance, schemaComplianceWeight, standardizeBatchParts, standardizeValueList, valuesWeight } from '../lib/tasks.js';

const LIB = new URL('../lib/tasks.js', import.meta.url);

/** Records of all three types: above 200, the pool. */
export const batchTask = defineTask(LIB, standardizeBatchParts, {
  weight: (p) => (p.account?.length ?? 0) + (p.location?.length ?? 0) + (p.product?.length ?? 0),
  poolAbove: 200,
});

/**
 * validate_schema_compliance: instance values × schema values above 20 000 (e.g. 100 records of
 * 10 fields against a 20-value schema), the pool, so a validation that runs long or allocates
 * past the worker's heap ends that call (`timeout` / `resource_exhausted`), never the service.
 */
export const schemaComplianceTask = defineTask(LIB, schemaCompliance, { weight: schemaComplianceWeight, poolAbove: 20_000 });

/**
 * standardize_values: above 20 000 characters read (e.g. 1 000 dates, or 200 with four
 * input_formats), the pool. A crafted 128-character date-time costs up to ~0.3 ms (every
 * detection format tried), so 10 000 of them would hold the event loop for seconds.
 */
export const valuesTask = defineTask(LIB, standardizeValueList, { weight: valuesWeight, poolAbove: 20_000 });
