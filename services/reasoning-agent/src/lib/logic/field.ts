/** Formula parsing for tool inputs: a syntax error becomes invalid_arguments naming the field. */
import { ServiceError } from '@a2a-mcp/core/errors';
import type { Formula } from './ast.js';
import { FormulaSyntaxError, parseFormula } from './parser.js';

/** Parses a formula; a syntax error becomes invalid_arguments naming the field and column. */
export function parseFormulaField(source: string, field: string): Formula {
  try {
    return parseFormula(source);
  } catch (error) {
    if (error instanceof FormulaSyntaxError) {
      throw new ServiceError('invalid_arguments', `${field}: ${error.message}`, { data: { field, column: error.column } });
    }
    throw error;
  }
}
