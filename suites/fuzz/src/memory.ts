/**
 * The memory invariant. Samples are taken in the child after two forced full collections (see
 * fleet.ts), once after a warm-up (caches filled, code compiled) and once after the run has
 * settled. The live heap must come back to within `max(heapSlackBytes, heapSlackRatio × baseline)`
 * of the baseline: with the defaults, a leak of about 1 KB per request fails a run of ten thousand
 * requests per service (the unfixed Ajv cache of data-standardization grew 15 MiB in the full run;
 * the other services 2-4 MiB). RSS is reported and held to a looser bound, because the allocator keeps
 * pages it got for megabyte bodies even when nothing in them is live.
 */
import type { MemorySample } from './fleet.js';

export interface MemoryBounds {
  /** Default 12 MiB. */
  heapSlackBytes?: number;
  /** Default 0.25. */
  heapSlackRatio?: number;
  /** Default 128 MiB. */
  rssSlackBytes?: number;
  /** Default 0.5. */
  rssSlackRatio?: number;
}

const MiB = 1024 * 1024;

/** `12.3 MiB` */
export function mebibytes(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

/** What grew past its bound (empty when memory is back near the baseline). */
export function memoryProblems(
  baseline: MemorySample,
  after: MemorySample,
  { heapSlackBytes = 12 * MiB, heapSlackRatio = 0.25, rssSlackBytes = 128 * MiB, rssSlackRatio = 0.5 }: MemoryBounds = {},
): string[] {
  const problems: string[] = [];
  const heapLimit = baseline.heapUsed + Math.max(heapSlackBytes, baseline.heapUsed * heapSlackRatio);
  if (after.heapUsed > heapLimit)
    problems.push(
      `live heap ${mebibytes(after.heapUsed)} after the run, baseline ${mebibytes(baseline.heapUsed)} (limit ${mebibytes(heapLimit)})`,
    );
  const rssLimit = baseline.rss + Math.max(rssSlackBytes, baseline.rss * rssSlackRatio);
  if (after.rss > rssLimit)
    problems.push(`RSS ${mebibytes(after.rss)} after the run, baseline ${mebibytes(baseline.rss)} (limit ${mebibytes(rssLimit)})`);
  return problems;
}
