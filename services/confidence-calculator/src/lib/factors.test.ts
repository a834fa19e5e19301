import { describe, expect, it } from '@jest/globals';
import { fallbackConfidence } from './factors.js';

describe('fallbackConfidence', () => {
  it.each([
    ['no_historical_data', 0.3, true],
    ['single_agent_fallback', 0.35, true],
    ['internal_analysis', 0.4, true],
    ['simplified_implementation', 0.45, true],
    ['partial_evidence', 0.5, true],
    ['consensus_fallback', 0.55, true],
    ['validated_fallback', 0.6, true],
    ['  Partial_Evidence ', 0.5, true],
    ['something_else', 0.4, false],
    ['constructor', 0.4, false],
  ])('%s → %d', (scenario, confidence, known) => {
    expect(fallbackConfidence(scenario)).toMatchObject({ confidence, known_scenario: known });
  });
});
