/**
 * The tool catalogue (docs/tools.md): 51 uniquely named tools over nine services. Each service's file
 * asserts that the service lists exactly its row of this table to both eras and calls every tool,
 * so together they hold the whole fleet to 51 tools.
 */
import { describe, expect, it } from '@jest/globals';
import { CATALOGUE, SERVICES } from './catalogue.js';

describe('tool catalogue', () => {
  it('has 51 uniquely named tools over nine services, with the per-service counts of docs/tools.md', () => {
    const names = Object.values(CATALOGUE).flat();
    expect(Object.fromEntries(Object.entries(CATALOGUE).map(([service, tools]) => [service, tools.length]))).toEqual({
      'data-standardization': 12,
      'vector-similarity': 5,
      'vector-ranking': 5,
      'transport-layer': 2,
      'reasoning-agent': 9,
      'session-management': 3,
      'resource-streaming': 2,
      'confidence-calculator': 6,
      'semantic-similarity': 7,
    });
    expect(names).toHaveLength(51);
    expect(new Set(names).size).toBe(51);
    expect(Object.keys(SERVICES).sort()).toEqual(Object.keys(CATALOGUE).sort());
  });
});
