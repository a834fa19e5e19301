import { describe, expect, it } from '@jest/globals';
import { runTool, tableProvider, toolsFor } from '../../test/helpers.js';

describe('embed_texts', () => {
  it('returns L2-normalised vectors in order, embeds duplicates once and lists zero vectors', async () => {
    const provider = tableProvider({ a: [3, 4, 0], b: [0, 0, 2] });
    const out = await runTool(toolsFor(provider).embed_texts!, { texts: ['a', 'unknown', 'b', 'a'] });
    expect(out).toEqual({
      model: 'table',
      provider: 'builtin',
      dimensions: 3,
      normalized: true,
      vectors: [
        [0.6, 0.8, 0],
        [0, 0, 0],
        [0, 0, 1],
        [0.6, 0.8, 0],
      ],
      zero_vector_indices: [1],
    });
    expect(provider.calls).toEqual([['a', 'unknown', 'b']]);
  });

  it('needs at least one text', () => {
    expect(() => toolsFor(tableProvider({})).embed_texts!.input.parse({ texts: [] })).toThrow('needs at least 1 text');
  });
});
