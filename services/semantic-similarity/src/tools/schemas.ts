/** Input pieces shared by the tools, bounded by the service settings. */
import { assertWorkBudget, z, type ToolAnnotations } from '@a2a-mcp/core';
import type { EmbeddingsProvider } from '../lib/embeddings.js';
import { METHODS, pairwiseWork, type PreparedText } from '../lib/similarity.js';
import type { Settings } from '../settings.js';

/** What the tool factories close over. */
export interface ToolDeps {
  settings: Settings;
  provider: EmbeddingsProvider;
}

/** One text, 1..SEMSIM_MAX_TEXT_LENGTH characters. */
export function textSchema(settings: Settings): z.ZodString {
  const max = settings.SEMSIM_MAX_TEXT_LENGTH;
  return z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters (SEMSIM_MAX_TEXT_LENGTH)`);
}

/** A list of `min`..SEMSIM_MAX_TEXTS texts. */
export function textsSchema(settings: Settings, min: number): z.ZodArray<z.ZodString> {
  const max = settings.SEMSIM_MAX_TEXTS;
  return z
    .array(textSchema(settings))
    .min(min, `needs at least ${min} text${min === 1 ? '' : 's'}`)
    .max(max, `must hold at most ${max} texts (SEMSIM_MAX_TEXTS)`);
}

export const methodSchema = z
  .enum(METHODS)
  .default('hybrid')
  .describe(
    'jaccard (token sets), cosine (term-frequency vectors), semantic (cosine of sentence embeddings) or hybrid = 0.3 jaccard + 0.3 cosine + 0.4 semantic. Default hybrid.',
  );

export const removeStopWordsSchema = z
  .boolean()
  .default(true)
  .describe('Drop English stop words before the lexical (jaccard, cosine) comparison. Default true.');

export const componentsSchema = z.object({
  jaccard: z.number().optional(),
  cosine: z.number().optional(),
  semantic: z.number().optional(),
});

/** Annotations of a pure read tool; open-world only when it calls a remote embeddings endpoint. */
export function readAnnotations(title: string, remote = false): ToolAnnotations {
  return { title, readOnlyHint: true, idempotentHint: true, destructiveHint: false, openWorldHint: remote };
}

/** Rounds for the text rendering only (structuredContent keeps full precision). */
export function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

/**
 * Refuses a pairwise pass whose work, (texts − 1) × Σ distinct tokens, is
 * above SEMSIM_MAX_PAIR_WORK (README "Work budgets").
 */
export function assertPairWork(settings: Settings, texts: readonly PreparedText[]): void {
  const { others, size } = pairwiseWork(texts);
  assertWorkBudget({
    what: 'Pairwise work',
    factors: [
      { label: 'other texts', value: others },
      { label: 'distinct tokens (summed over the texts)', value: size },
    ],
    limit: settings.SEMSIM_MAX_PAIR_WORK,
    bound: 'SEMSIM_MAX_PAIR_WORK',
    hint: 'send fewer or shorter texts',
    field: 'texts',
  });
}
