import { defineResource, type ResourceDefinition } from '@a2a-mcp/core';
import { BUILTIN_MODEL, SIF_A } from '../lib/builtin-embeddings.js';
import { CATEGORY_CUES, SYNONYM_GROUPS } from '../lib/features.js';
import { HYBRID_WEIGHTS, METHODS } from '../lib/similarity.js';
import { STOP_WORDS } from '../lib/text.js';
import type { ToolDeps } from './schemas.js';

/** `similarity://config`: methods, hybrid weights, provider, model, tokenisation and limits (no secrets). */
export function createConfigResource({ settings, provider }: ToolDeps): ResourceDefinition {
  return defineResource({
    uri: 'similarity://config',
    name: 'similarity-config',
    title: 'Similarity configuration',
    description: 'Methods and hybrid weights, the embeddings provider and model, tokenisation rules, feature word lists and input limits.',
    read: () => ({
      methods: [...METHODS],
      default_method: 'hybrid',
      weights: HYBRID_WEIGHTS,
      provider: provider.kind,
      model: provider.model,
      dimensions: provider.dimensions() ?? null,
      ...(provider.kind === 'builtin'
        ? {
            builtin: {
              vectors_package: BUILTIN_MODEL,
              vocabulary_size: settings.SEMSIM_VOCAB_SIZE,
              weighting: 'SIF a/(a + p(w)), p(w) from Zipf rank',
              sif_a: SIF_A,
            },
          }
        : {
            remote: {
              batch_size: settings.EMBEDDINGS_BATCH_SIZE,
              timeout_ms: settings.EMBEDDINGS_TIMEOUT_MS,
              api_key_set: settings.EMBEDDINGS_API_KEY !== undefined,
            },
          }),
      tokenization: {
        normalization: 'NFKC, lower-case',
        token: '[\\p{L}\\p{M}\\p{N}]+',
        stop_words: [...STOP_WORDS],
      },
      semantic_categories: CATEGORY_CUES,
      synonym_groups: SYNONYM_GROUPS,
      limits: {
        max_texts: settings.SEMSIM_MAX_TEXTS,
        max_text_length: settings.SEMSIM_MAX_TEXT_LENGTH,
        max_matrix_texts: settings.SEMSIM_MAX_MATRIX_TEXTS,
      },
    }),
  });
}
