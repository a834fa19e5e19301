/** The truth-table and clause-set budgets at their exact edges. */
import { describe, expect, it } from '@jest/globals';
import { runTool, toolsByName, toolTestContext } from '@a2a-mcp/testkit';
import { settingsSchema } from '../settings.js';
import { createTools } from './index.js';

const settings = settingsSchema.parse({
  REASONING_MAX_TRUTH_TABLE_WORK: '40',
  REASONING_MAX_TRUTH_TABLE_CELLS: '12',
  REASONING_MAX_LITERALS: '5',
});
const tool = toolsByName(createTools(settings));
const ctx = toolTestContext('reasoning-agent');
const call = (name: string, args: unknown) => runTool<Record<string, unknown>>(tool(name), args, ctx);

describe('generate_truth_table', () => {
  it('2^variables × formula nodes: "A & B & C" is 8 rows × 4 nodes = 32, runs; "A & B & !C" (5 nodes) is 40, runs; "!A & B & !C" is refused', async () => {
    await expect(call('generate_truth_table', { formula: 'A & B & C', max_rows: 4 })).resolves.toMatchObject({
      total_rows: 8,
      true_rows: 1,
    });
    await expect(call('generate_truth_table', { formula: 'A & B & !C', max_rows: 4 })).resolves.toMatchObject({
      total_rows: 8,
      true_rows: 1,
    });
    await expect(call('generate_truth_table', { formula: '!A & B & !C', max_rows: 4 })).rejects.toThrow(
      'Truth-table work is 8 rows × 6 formula nodes = 48; the limit is REASONING_MAX_TRUTH_TABLE_WORK=40: send a shorter formula or one with fewer variables (check_satisfiability has no such limit)',
    );
  });

  it('returned rows × variables: 4 rows × 3 variables = 12 runs, 5 rows is refused; rows never exceed 2^variables', async () => {
    expect(((await call('generate_truth_table', { formula: 'A & B & C', max_rows: 4 })).rows as unknown[]).length).toBe(4);
    await expect(call('generate_truth_table', { formula: 'A & B & C', max_rows: 5 })).rejects.toThrow(
      'The truth-table answer is 5 rows × 3 variables = 15; the limit is REASONING_MAX_TRUTH_TABLE_CELLS=12: lower max_rows',
    );
    expect(((await call('generate_truth_table', { formula: 'A | B', max_rows: 4096 })).rows as unknown[]).length).toBe(4);
  });
});

describe('check_satisfiability', () => {
  it('literals over all clauses: 5 run, 6 are refused', async () => {
    await expect(call('check_satisfiability', { clauses: [[1, -2], [2, 3], [-1]] })).resolves.toMatchObject({ satisfiable: true });
    await expect(
      call('check_satisfiability', {
        clauses: [
          [1, -2],
          [2, 3],
          [-1, 3],
        ],
      }),
    ).rejects.toThrow('The clause set is 6 literals; the limit is REASONING_MAX_LITERALS=5: send fewer or shorter clauses');
  });
});
