import { defineService, loadSettings, readPackageVersion, type ServiceDefinition } from '@a2a-mcp/core';
import { createBuiltinProvider } from './lib/builtin-embeddings.js';
import { createOpenAiProvider, EMBEDDINGS_BREAKER, EMBEDDINGS_BREAKER_OPTIONS, type EmbeddingsProvider } from './lib/embeddings.js';
import { settingsSchema, type Settings } from './settings.js';
import { createConfigResource } from './tools/config-resource.js';
import { createTools } from './tools/index.js';

export { settingsSchema } from './settings.js';
export type { Settings } from './settings.js';
export type { EmbeddingsProvider } from './lib/embeddings.js';

/** The provider the settings select: the endpoint when `EMBEDDINGS_URL` is set, else the built-in model. */
export function createEmbeddingsProvider(settings: Settings): EmbeddingsProvider {
  if (settings.EMBEDDINGS_URL) {
    return createOpenAiProvider({
      url: settings.EMBEDDINGS_URL,
      model: settings.EMBEDDINGS_MODEL,
      apiKey: settings.EMBEDDINGS_API_KEY,
      timeoutMs: settings.EMBEDDINGS_TIMEOUT_MS,
      batchSize: settings.EMBEDDINGS_BATCH_SIZE,
    });
  }
  return createBuiltinProvider({ path: settings.SEMSIM_WORD_VECTORS_FILE, maxWords: settings.SEMSIM_VOCAB_SIZE });
}

/**
 * The semantic-similarity service declaration (port 8109).
 *
 * @param settings Defaults to the environment (`loadSettings(settingsSchema)`).
 * @param provider Defaults to the one the settings select.
 */
export function createSemanticSimilarityService(
  settings: Settings = loadSettings(settingsSchema),
  provider: EmbeddingsProvider = createEmbeddingsProvider(settings),
): ServiceDefinition {
  const deps = { settings, provider };
  return defineService({
    name: 'semantic-similarity',
    version: readPackageVersion(import.meta.url),
    instructions:
      'Compares texts (jaccard, cosine, semantic, hybrid), ranks and deduplicates them, and embeds them as L2-normalised vectors for vector-similarity and vector-ranking. Read similarity://config for the methods, weights and model.',
    tools: createTools(deps),
    resources: [createConfigResource(deps)],
    // The remote provider's calls go through this breaker; declared so it is listed from the start.
    ...(provider.kind === 'openai-compatible' ? { breakers: { [EMBEDDINGS_BREAKER]: EMBEDDINGS_BREAKER_OPTIONS } } : {}),
  });
}
