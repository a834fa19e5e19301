/**
 * The standardization tools' heavy work as compute tasks (core's `defineTask`): pure functions of
 * the validated records, loaded by worker threads on their own, so nothing here (or below)
 * imports the `@a2a-mcp/core` package root. Which inputs go to the pool: src/tools/tasks.ts.
 */
import { standardizeAccounts } from './accounts.js';
import { standardizeLocations } from './locations.js';
import { standardizeProducts } from './products.js';
import { standardizeValue, type ValueKind } from './values.js';
import { SchemaValidator, countValues, type ValidationBounds, type SchemaProblem } from './schema.js';

export interface BatchPayload {
  account?: Parameters<typeof standardizeAccounts>[0] | undefined;
  location?: Parameters<typeof standardizeLocations>[0] | undefined;
  product?: Parameters<typeof standardizeProducts>[0] | undefined;
}

/** `standardize_batch`: each record type through its standardizer. */
export function standardizeBatchParts({ account, location, product }: BatchPayload, signal?: AbortSignal) {
  return {
    account: account ? standardizeAccounts(account, signal) : undefined,
    location: location ? standardizeLocations(location, signal) : undefined,
    product: product ? standardizeProducts(product, signal) : undefined,
  };
}

export interface SchemaCompliancePayload {
  schema: Record<string, unknown>;
  items: unknown[];
  maxSchemaBytes: number;
  bounds: ValidationBounds;
  /** Values in `items` when the caller counted them already (lib/limits.ts `assertRecordBounds`). */
  values?: number;
}

/** Validators per thread (one per DS_MAX_SCHEMA_BYTES, in practice one): each keeps its compiled-schema cache. */
const validators = new Map<number, SchemaValidator>();

/** `validate_schema_compliance`: the schema problems per record, bounded (lib/schema.ts). */
export function schemaCompliance({ schema, items, maxSchemaBytes, bounds }: SchemaCompliancePayload): {
  problems: SchemaProblem[][];
  truncated: boolean;
} {
  let validator = validators.get(maxSchemaBytes);
  if (!validator) validators.set(maxSchemaBytes, (validator = new SchemaValidator(maxSchemaBytes, bounds)));
  return validator.validateBounded(validator.compile(schema), items, bounds);
}

/** Instance values × schema values (unexpanded): the weight that decides inline or pool. */
export function schemaComplianceWeight({ schema, items, values }: Pick<SchemaCompliancePayload, 'schema' | 'items' | 'values'>): number {
  return (values ?? countValues(items)) * countValues(schema);
}

export interface ValuesPayload {
  kind: ValueKind;
  values: string[];
  options: Parameters<typeof standardizeValue>[2];
}

/** `standardize_values`: each value standardized on its own; one bad value never fails the call. */
export function standardizeValueList({ kind, values, options }: ValuesPayload) {
  let failed = 0;
  const results = values.map((input, index) => {
    const result = standardizeValue(kind, input, options);
    if (result.ok) return { index, input, value: result.value };
    failed++;
    return { index, input, error: result.error };
  });
  return { results, failed };
}

/** Characters the value parsers read (a value past 128 characters is refused after reading 129), × (formats tried + 1). */
export function valuesWeight({ values, options }: Pick<ValuesPayload, 'values' | 'options'>): number {
  let chars = 0;
  for (const value of values) chars += Math.min(value.length, 129);
  return chars * ((options.inputFormats?.length ?? 0) + 1);
}
