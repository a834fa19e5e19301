import type { AnyToolDefinition } from '@a2a-mcp/core';
import { createCalculateGroupSimilarity } from './calculate-group-similarity.js';
import { createCalculateTextSimilarity } from './calculate-text-similarity.js';
import { createDeduplicateTexts } from './deduplicate-texts.js';
import { createEmbedTexts } from './embed-texts.js';
import { createExtractSemanticFeatures } from './extract-semantic-features.js';
import { createFindSimilarTexts } from './find-similar-texts.js';
import { createPreprocessText } from './preprocess-text.js';
import type { ToolDeps } from './schemas.js';

export type { ToolDeps } from './schemas.js';

/** The seven semantic-similarity tools, bound to the settings and the embeddings provider. */
export function createTools(deps: ToolDeps): AnyToolDefinition[] {
  return [
    createCalculateTextSimilarity(deps),
    createFindSimilarTexts(deps),
    createCalculateGroupSimilarity(deps),
    createPreprocessText(deps),
    createExtractSemanticFeatures(deps),
    createEmbedTexts(deps),
    createDeduplicateTexts(deps),
  ];
}
