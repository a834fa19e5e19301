import type { AnyToolDefinition } from '@a2a-mcp/core';
import type { ConfidenceSettings } from '../settings.js';
import { createAdjustConfidenceForUncertaintyTool } from './adjust-confidence-for-uncertainty.js';
import { calculateFallbackConfidence } from './calculate-fallback-confidence.js';
import { createCalculateEvidenceQualityTool } from './calculate-evidence-quality.js';
import { createCalculateReasoningConfidenceTool } from './calculate-reasoning-confidence.js';
import { createCalculateSemanticAlignmentTool } from './calculate-semantic-alignment.js';
import { createEvaluateCalibrationTool } from './evaluate-calibration.js';

/** The six confidence-calculator tools, bounded by `settings`. */
export function createTools(settings: ConfidenceSettings): AnyToolDefinition[] {
  return [
    createCalculateReasoningConfidenceTool(settings),
    createCalculateEvidenceQualityTool(settings),
    createCalculateSemanticAlignmentTool(settings),
    createAdjustConfidenceForUncertaintyTool(settings),
    calculateFallbackConfidence,
    createEvaluateCalibrationTool(settings),
  ] as AnyToolDefinition[];
}
