/**
 * How much to fuzz. `FUZZ_RUNS` is the number of generated requests to send in all: a number, or
 * `full` for the documented full run (100 000). Unset, CI's default (6 000) keeps the suite under a
 * couple of minutes on a loaded two-core machine. `FUZZ_SEED` fixes the seed (default a constant,
 * so CI is repeatable; a failure prints the seed and the path to replay it).
 */

export const DEFAULT_REQUESTS = 6_000;
export const FULL_REQUESTS = 100_000;
export const DEFAULT_SEED = 20_261_121;

export interface FuzzBudget {
  /** Requests to send in all. */
  requests: number;
  seed: number;
  /** True for the full run. */
  full: boolean;
}

/** Reads FUZZ_RUNS and FUZZ_SEED from `env`; throws on a value that is neither a number nor `full`. */
export function readBudget(env: Record<string, string | undefined>): FuzzBudget {
  const runs = env.FUZZ_RUNS?.trim();
  const seedText = env.FUZZ_SEED?.trim();
  let requests = DEFAULT_REQUESTS;
  if (runs === 'full') requests = FULL_REQUESTS;
  else if (runs) {
    if (!/^\d+$/.test(runs) || Number(runs) < 1)
      throw new Error(`FUZZ_RUNS: must be a positive whole number or "full" (got ${JSON.stringify(runs)})`);
    requests = Number(runs);
  }
  let seed = DEFAULT_SEED;
  if (seedText) {
    if (!/^-?\d+$/.test(seedText)) throw new Error(`FUZZ_SEED: must be a whole number (got ${JSON.stringify(seedText)})`);
    seed = Number(seedText) | 0;
  }
  return { requests, seed, full: runs === 'full' };
}

/**
 * Splits `total` requests into the raw-HTTP share (40 %) and the tool share, the latter over the
 * services in proportion to their tool counts. Every service gets at least one request.
 */
export function splitBudget(total: number, toolCounts: Readonly<Record<string, number>>): { raw: number; tools: Record<string, number> } {
  const raw = Math.max(1, Math.round(total * 0.4));
  const toolShare = Math.max(0, total - raw);
  const allTools = Object.values(toolCounts).reduce((sum, n) => sum + n, 0);
  const tools: Record<string, number> = {};
  for (const [service, count] of Object.entries(toolCounts))
    tools[service] = Math.max(1, Math.round((toolShare * count) / Math.max(1, allTools)));
  return { raw, tools };
}
