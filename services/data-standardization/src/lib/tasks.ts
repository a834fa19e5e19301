/**
 * The standardization tools' heavy work as compute tasks (core's `defineTask`): pure functions of
 * the validated records, loaded by worker threads on their own, so nothing here (or below)
 * imports the `@a2a-mcp/core` package root. Which inputs go to the pool: src/tools/tasks.ts.
 */
import { standardizeAccounts } from './accounts.js';
import { standardizeLocations } from './locations.js';
import { standardizeProducts } from './products.js';

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
