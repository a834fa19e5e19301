/**
 * Issue #17: re2js, luxon, decimal.js and currency-codes are loaded by the first call that needs
 * them, not when the service starts. Checked on the built service in a fresh process, as core's
 * test/lazy-loading.test.ts does for core's optional packages.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { packagesOf, runAndListLoaded } from '@a2a-mcp/testkit';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const serviceDist = new URL('../dist/service.js', import.meta.url).href;

/**
 * Runs `script` in a fresh node after creating the service with default settings (`definition`;
 * `call(name, args)` runs one of its tools in-process) and returns the packages loaded by then and
 * whatever `script` put in `result`.
 */
function run(script: string): { loaded: string[]; result: unknown } {
  const { files, result } = runAndListLoaded(
    `
    const { inlineCompute } = await import('@a2a-mcp/core');
    const { createDataStandardizationService } = await import(${JSON.stringify(serviceDist)});
    const definition = createDataStandardizationService();
    const call = async (name, args) => {
      const tool = definition.tools.find((t) => t.name === name);
      const ctx = { compute: inlineCompute(new AbortController().signal) };
      return tool.output.parse(await tool.handler(tool.input.parse(args), ctx));
    };
    ${script}
  `,
    { cwd: packageDir },
  );
  return { loaded: packagesOf(files), result };
}

const DEFERRED = ['re2js', 'luxon', 'decimal.js', 'currency-codes'];

describe('lazy loading of value libraries (issue #17)', () => {
  it('creating the service loads none of them', () => {
    const { loaded } = run('');
    // The probe sees packages at all (zod is always there) …
    expect(loaded).toContain('zod');
    // … and none of the deferred ones.
    expect(loaded.filter((name) => DEFERRED.includes(name))).toEqual([]);
  });

  it('dates with input_formats load luxon and re2js; currency amounts load decimal.js and currency-codes', () => {
    const dates = run(`
      result = (await call('standardize_values', { kind: 'date', values: ['31.12.2025'], options: { input_formats: ['dd.MM.yyyy'] } })).results;
    `);
    expect(dates.result).toEqual([{ index: 0, input: '31.12.2025', value: '2025-12-31' }]);
    expect(dates.loaded.filter((name) => DEFERRED.includes(name)).sort()).toEqual(['luxon', 're2js']);

    const amounts = run(`
      result = (await call('standardize_values', { kind: 'currency_amount', values: ['€1.234,5'] })).results;
    `);
    expect(amounts.result).toEqual([{ index: 0, input: '€1.234,5', value: { amount: '1234.50', currency: 'EUR' } }]);
    expect(amounts.loaded.filter((name) => DEFERRED.includes(name)).sort()).toEqual(['currency-codes', 'decimal.js']);
  });
});
