import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectLegacyClient, connectModernClient, startTestService, TEST_KEYS, type ConnectedClient } from '@a2a-mcp/testkit';
import { createConfidenceCalculatorService } from '../src/service.js';

const TOOL_NAMES = [
  'adjust_confidence_for_uncertainty',
  'calculate_evidence_quality',
  'calculate_fallback_confidence',
  'calculate_reasoning_confidence',
  'calculate_semantic_alignment',
  'evaluate_calibration',
];

let service: RunningService;
beforeAll(async () => {
  service = await startTestService(createConfidenceCalculatorService());
});
afterAll(async () => {
  await service.close();
});

describe.each([
  ['legacy', connectLegacyClient],
  ['modern', connectModernClient],
])('%s client', (_era, connect) => {
  let client: ConnectedClient;
  beforeAll(async () => {
    client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
  });
  afterAll(async () => {
    await client.close();
  });

  it('lists six tools, each with input and output schemas and pure annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOL_NAMES);
    for (const tool of tools) {
      expect(tool.inputSchema).toMatchObject({ type: 'object' });
      expect(tool.outputSchema).toMatchObject({ type: 'object' });
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, destructiveHint: false, openWorldHint: false });
    }
  });

  it('calls calculate_fallback_confidence', async () => {
    const result = await client.callTool('calculate_fallback_confidence', { scenario: 'consensus_fallback' });
    expect(result.structuredContent).toEqual({ scenario: 'consensus_fallback', confidence: 0.55, known_scenario: true });
  });

  it('calls calculate_reasoning_confidence with custom weights', async () => {
    const result = await client.callTool('calculate_reasoning_confidence', {
      evidence: [{ source_type: 'academic' }, { source_type: 'empirical' }],
      reasoning_chain: ['a', 'b'],
      custom_weights: {
        evidence_quality: 2,
        logical_consistency: 2,
        semantic_alignment: 0,
        historical_success: 0,
        complexity_penalty: 0,
        validation_score: 0,
      },
      include_explanation: true,
    });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as {
      confidence: number;
      factors: { factor: string; weight: number; value: number }[];
      explanation: string;
    };
    // 0.5 · (0.9 + 0.7)/2 + 0.5 · (0.6 + 0.2) = 0.4 + 0.4 = 0.8
    expect(out.confidence).toBeCloseTo(0.8, 12);
    expect(out.factors.slice(0, 2)).toEqual([
      expect.objectContaining({ factor: 'evidence_quality', weight: 0.5 }),
      expect.objectContaining({ factor: 'logical_consistency', weight: 0.5 }),
    ]);
    expect(out.explanation).toMatch(/^Confidence 0\.8 = /);
  });

  it('calls calculate_evidence_quality', async () => {
    const result = await client.callTool('calculate_evidence_quality', {
      evidence: [{ source_type: 'academic' }, { source_type: 'verified' }, { source_type: 'empirical' }, { source_type: 'unstructured' }],
    });
    // (0.9 + 0.8 + 0.7 + 0.3) / 4 + 0.1 = 0.775
    expect(result.structuredContent).toEqual({
      score: expect.closeTo(0.775, 12),
      item_count: 4,
      mean_source_score: expect.closeTo(0.675, 12),
      quantity_bonus: 0.1,
      composition: { academic: 1, verified: 1, empirical: 1, other: 0, unstructured: 1 },
    });
  });

  it('calls calculate_semantic_alignment', async () => {
    const result = await client.callTool('calculate_semantic_alignment', {
      question: 'Who wrote Hamlet?',
      answer: 'Hamlet was written by William Shakespeare.',
    });
    expect(result.structuredContent).toMatchObject({
      alignment_score: expect.closeTo(0.65, 12),
      question_type: 'identity',
      keyword_overlap: ['hamlet'],
    });
  });

  it('calls adjust_confidence_for_uncertainty', async () => {
    const result = await client.callTool('adjust_confidence_for_uncertainty', {
      base_confidence: 0.9,
      uncertainty_factors: ['contradictory_evidence', 'weak_inference'],
    });
    expect(result.structuredContent).toMatchObject({
      adjusted_confidence: expect.closeTo(0.504, 12),
      floor_applied: false,
      impacts: [{ multiplier: 0.7 }, { multiplier: 0.8 }],
    });
  });

  it('calls evaluate_calibration', async () => {
    const result = await client.callTool('evaluate_calibration', {
      probabilities: [0.1, 0.4, 0.35, 0.8],
      outcomes: [0, 0, 1, 1],
      n_bins: 2,
    });
    expect(result.structuredContent).toMatchObject({
      n_samples: 4,
      n_bins: 2,
      brier_score: expect.closeTo(0.158125, 12),
      log_loss: expect.closeTo(0.4722879538, 9),
      expected_calibration_error: expect.closeTo(0.0875, 12),
      maximum_calibration_error: expect.closeTo(0.2, 12),
    });
  });

  it('returns isError naming the problem when probabilities and outcomes differ in length', async () => {
    const result = await client.callTool('evaluate_calibration', { probabilities: [0.1, 0.2, 0.3], outcomes: [0, 1] });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: 'probabilities and outcomes must have the same length (probabilities has 3, outcomes has 2)' },
    ]);
  });

  it('returns isError naming an unknown custom weight', async () => {
    const result = await client.callTool('calculate_reasoning_confidence', { custom_weights: { gut_feeling: 1 } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('gut_feeling');
  });

  it('reads the status resource', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain('confidence://calculator/status');
    const { contents } = await client.readResource('confidence://calculator/status');
    const status = JSON.parse(contents[0]!.text!) as Record<string, unknown>;
    expect(status).toMatchObject({
      weights: {
        evidence_quality: 0.25,
        logical_consistency: 0.2,
        semantic_alignment: 0.2,
        historical_success: 0.15,
        complexity_penalty: 0.1,
        validation_score: 0.1,
      },
      bounds: { min: 0.05, max: 0.95 },
      evidence_source_scores: { academic: 0.9, verified: 0.8, empirical: 0.7, other: 0.4, unstructured: 0.3 },
      uncertainty_factors: {
        missing_evidence: 0.85,
        contradictory_evidence: 0.7,
        weak_inference: 0.8,
        unvalidated_source: 0.9,
        complex_reasoning: 0.9,
        limited_data: 0.85,
        other: 0.95,
      },
      uncertainty_floor: 0.05,
      fallback_scenarios: { no_historical_data: 0.3, validated_fallback: 0.6 },
      limits: { max_predictions: 100_000 },
    });
  });
});
