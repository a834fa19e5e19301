/** Schema pieces and conversions shared by the reasoning tools. */
import { z } from '@a2a-mcp/core';
import type { ReasoningSettings } from '../settings.js';

export { parseFormulaField } from '../lib/logic/field.js';

/** Every reasoning tool is a pure computation. */
export { READ_ONLY_ANNOTATIONS } from '@a2a-mcp/core';

export const GRAMMAR_HINT =
  'Formula syntax: variables [A-Za-z_][A-Za-z0-9_]*, ! or not, & or and, ^ or xor, | or or, -> or implies (right-associative), <-> or iff, parentheses, true/false; precedence not > and > xor > or > implies > iff.';

/** A formula string bounded by REASONING_MAX_FORMULA_LENGTH. */
export function formulaString(settings: ReasoningSettings, description: string) {
  return z.string().min(1).max(settings.REASONING_MAX_FORMULA_LENGTH).describe(description);
}

/** An atom string such as `parent(alice, bob)`. */
export function atomString(settings: ReasoningSettings, description: string) {
  return z.string().min(1).max(Math.min(settings.REASONING_MAX_FORMULA_LENGTH, 1000)).describe(description);
}

export const assignmentSchema = z.record(z.string(), z.boolean());

export const cnfStatsSchema = z.object({
  variables: z.number().int().describe('Variables in the CNF, auxiliary ones included'),
  auxiliary_variables: z.number().int().describe('Variables added by the Tseitin encoding'),
  clauses: z.number().int(),
});
