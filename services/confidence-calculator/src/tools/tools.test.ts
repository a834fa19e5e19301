import { describe, expect, it } from '@jest/globals';
import { ConfigError, isServiceError, type ToolContext } from '@a2a-mcp/core';
import { loadConfidenceSettings } from '../settings.js';
import { createTools } from './index.js';

const settings = loadConfidenceSettings({});
const tools = createTools(settings);
const tool = (name: string) => tools.find((t) => t.name === name)!;
const ctx = {} as ToolContext;

/** Parses `args` with the tool's schema and runs its handler, as core does. */
async function call(name: string, args: Record<string, unknown>): Promise<unknown> {
  return await tool(name).handler(tool(name).input.parse(args), ctx);
}

describe('tool schemas and handlers', () => {
  it('declares six read-only tools', () => {
    expect(tools).toHaveLength(6);
    for (const t of tools) expect([t.permission, t.annotations.readOnlyHint, t.annotations.openWorldHint]).toEqual(['read', true, false]);
  });

  it.each([
    ['calculate_evidence_quality', { evidence: [] }, { score: 0.2 }],
    [
      'calculate_semantic_alignment',
      { question: 'Where is the Eiffel Tower?', answer: 'It stands in Paris, France.' },
      { alignment_score: 0.3, question_type: 'location' },
    ],
    ['adjust_confidence_for_uncertainty', { base_confidence: 0.8 }, { adjusted_confidence: 0.8, impacts: [] }],
    ['calculate_fallback_confidence', { scenario: 'no_historical_data' }, { confidence: 0.3 }],
    ['evaluate_calibration', { probabilities: [0, 1], outcomes: [1, 0] }, { brier_score: 1, n_bins: 10 }],
    ['calculate_reasoning_confidence', {}, { confidence: expect.closeTo(0.475, 12) }],
  ])('%s %j', async (name, args, expected) => {
    const output = await call(name, args);
    expect(tool(name).output.parse(output)).toMatchObject(expected);
  });

  it('rejects probabilities outside [0, 1] and outcomes other than 0/1', () => {
    const input = tool('evaluate_calibration').input;
    expect(input.safeParse({ probabilities: [1.5], outcomes: [1] }).success).toBe(false);
    expect(input.safeParse({ probabilities: [0.5], outcomes: [2] }).success).toBe(false);
    expect(input.safeParse({ probabilities: [], outcomes: [] }).success).toBe(false);
  });

  it('names both lengths when probabilities and outcomes differ', async () => {
    await expect(call('evaluate_calibration', { probabilities: [0.1, 0.2], outcomes: [1] })).rejects.toThrow(
      'probabilities has 2, outcomes has 1',
    );
    const error = await call('evaluate_calibration', { probabilities: [0.1], outcomes: [1, 0] }).catch((e: unknown) => e);
    expect(isServiceError(error) && error.code).toBe('invalid_arguments');
  });

  it('rejects unknown custom weight names at the schema', () => {
    const parsed = tool('calculate_reasoning_confidence').input.safeParse({ custom_weights: { gut_feeling: 1 } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('gut_feeling');
  });
});

describe('settings', () => {
  it('bounds come from CONFIDENCE_* variables', () => {
    const small = createTools(
      loadConfidenceSettings({ CONFIDENCE_MAX_PREDICTIONS: '3', CONFIDENCE_MAX_EVIDENCE_ITEMS: '1', CONFIDENCE_MAX_TEXT_LENGTH: '10' }),
    );
    const byName = (name: string) => small.find((t) => t.name === name)!.input;
    expect(byName('evaluate_calibration').safeParse({ probabilities: [0, 0, 0], outcomes: [0, 0, 0] }).success).toBe(true);
    expect(byName('evaluate_calibration').safeParse({ probabilities: [0, 0, 0, 0], outcomes: [0, 0, 0, 0] }).success).toBe(false);
    expect(byName('calculate_evidence_quality').safeParse({ evidence: [{}, {}] }).success).toBe(false);
    expect(byName('calculate_semantic_alignment').safeParse({ question: 'x'.repeat(11), answer: 'y' }).success).toBe(false);
  });

  it('has documented defaults', () => {
    expect(settings).toEqual({
      CONFIDENCE_MAX_PREDICTIONS: 100_000,
      CONFIDENCE_MAX_BINS: 1_000,
      CONFIDENCE_MAX_EVIDENCE_ITEMS: 1_000,
      CONFIDENCE_MAX_TEXT_LENGTH: 20_000,
      CONFIDENCE_MAX_REASONING_STEPS: 1_000,
      CONFIDENCE_MAX_UNCERTAINTY_FACTORS: 100,
    });
  });

  it('reports a bad variable by name', () => {
    expect(() => loadConfidenceSettings({ CONFIDENCE_MAX_PREDICTIONS: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfidenceSettings({ CONFIDENCE_MAX_PREDICTIONS: '-1' })).toThrow(/CONFIDENCE_MAX_PREDICTIONS/);
  });
});
