/**
 * The service's own settings (variable names are the keys; unset or empty variables take the
 * defaults). Read once at start-up by `loadSettings`.
 */
import { z } from '@a2a-mcp/core';

export const settingsSchema = z.object({
  /** Texts (or candidates) per call. */
  SEMSIM_MAX_TEXTS: z.coerce.number().int().min(2).max(100_000).default(1000),
  /** Characters per text. */
  SEMSIM_MAX_TEXT_LENGTH: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /**
   * Pairwise work of `calculate_group_similarity` and `deduplicate_texts`: (texts − 1) × the sum
   * over the texts of their distinct tokens (each pair compares both token sets, whatever the
   * method, so a full pairwise pass costs exactly that many set and map look-ups).
   */
  SEMSIM_MAX_PAIR_WORK: z.coerce.number().int().min(1).max(10_000_000_000).default(30_000_000),
  /** Texts for which `calculate_group_similarity` may return the full matrix. */
  SEMSIM_MAX_MATRIX_TEXTS: z.coerce.number().int().min(2).max(10_000).default(200),
  /** Most frequent words of the built-in vocabulary to load (the file has 341 479). */
  SEMSIM_VOCAB_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  /** Another word-vectors file in the wink-embeddings format (default: the packaged one). */
  SEMSIM_WORD_VECTORS_FILE: z.string().min(1).optional(),
  /**
   * OpenAI-compatible embeddings endpoint; when set it replaces the built-in model. Credentials in
   * the URL (`https://user:pass@…`) are refused: they would end up in logs; use EMBEDDINGS_API_KEY.
   */
  EMBEDDINGS_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .refine((url) => {
      if (!URL.canParse(url)) return true; // the URL check above reports it
      const parsed = new URL(url);
      return parsed.username === '' && parsed.password === '';
    }, 'must not contain credentials; put the key in EMBEDDINGS_API_KEY or EMBEDDINGS_API_KEY_FILE')
    .optional(),
  EMBEDDINGS_MODEL: z.string().min(1).max(200).default('text-embedding-3-small'),
  /** Sent as `Authorization: Bearer …`; or read from the file named by EMBEDDINGS_API_KEY_FILE. */
  EMBEDDINGS_API_KEY: z.string().min(1).optional().meta({ secret: true }),
  /** Per-request timeout (each batch); the request is aborted and counts as a breaker failure. */
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Texts per request. */
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(4096).default(64),
});

export type Settings = z.output<typeof settingsSchema>;
