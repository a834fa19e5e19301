import { defineTool, z } from '@a2a-mcp/core';
import { l2Normalize } from '../lib/vectors.js';
import { readAnnotations, textsSchema, type ToolDeps } from './schemas.js';

export function createEmbedTexts({ settings, provider }: ToolDeps) {
  return defineTool({
    name: 'embed_texts',
    title: 'Embed texts',
    description:
      'One L2-normalised vector per text, as plain number arrays ready for vector-similarity (batch_vector_similarity) and vector-ranking (rerank_mmr). A text with no known word gets the zero vector (cosine 0 with anything) and is listed in zero_vector_indices.',
    permission: 'read',
    annotations: readAnnotations('Embed texts', provider.kind !== 'builtin'),
    input: z.object({
      texts: textsSchema(settings, 1).describe('The texts to embed; vectors come back in the same order'),
    }),
    output: z.object({
      model: z.string(),
      provider: z.enum(['builtin', 'openai-compatible']),
      dimensions: z.number().int(),
      normalized: z.literal(true).describe('Every non-zero vector has unit L2 norm, so dot product = cosine'),
      vectors: z.array(z.array(z.number())),
      zero_vector_indices: z.array(z.number().int()).describe('Texts that got the zero vector (no known word)'),
    }),
    handler: async ({ texts }, ctx) => {
      const unique = [...new Set(texts)];
      const raw = await provider.embed(unique, ctx.signal, ctx.breakers);
      const byText = new Map(unique.map((text, i) => [text, l2Normalize(raw[i]!)]));
      const vectors = texts.map((text) => byText.get(text)!);
      return {
        model: provider.model,
        provider: provider.kind,
        dimensions: vectors[0]!.length,
        normalized: true as const,
        vectors,
        zero_vector_indices: vectors.flatMap((vector, index) => (vector.every((x) => x === 0) ? [index] : [])),
      };
    },
    render: ({ vectors, dimensions, model }) => `${vectors.length} vectors of ${dimensions} dimensions (${model})`,
  });
}
