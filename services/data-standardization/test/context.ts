import { LOCAL_IDENTITY, MemoryStore, createLogger, inlineCompute, loadSettings, type ToolContext } from '@a2a-mcp/core';
import { settingsSchema, type Settings } from '../src/settings.js';
import { createTools } from '../src/tools/index.js';

/** Settings from defaults plus `overrides` (as environment strings). */
export function testSettings(overrides: Record<string, string> = {}): Settings {
  return loadSettings(settingsSchema, overrides);
}

/** A hand-built tool context with a memory store; `progress` calls are recorded. */
export function testContext(
  store = new MemoryStore(),
): ToolContext & { progressCalls: [number, number | undefined, string | undefined][] } {
  const progressCalls: [number, number | undefined, string | undefined][] = [];
  const signal = new AbortController().signal;
  return {
    identity: LOCAL_IDENTITY,
    correlationId: 'test',
    service: 'data-standardization',
    logger: createLogger({ level: 'silent', service: 'data-standardization' }),
    signal,
    compute: inlineCompute(signal),
    store,
    wantsProgress: true,
    progress: (progress, total, message) => {
      progressCalls.push([progress, total, message]);
      return Promise.resolve();
    },
    progressCalls,
  };
}

/**
 * The wire form of the record-shaped arguments (README, "Input forms"): each record, a JSON
 * Schema and a validation payload as JSON text, field weights as {field, weight} pairs, a
 * reference set as JSON text. Fixtures are written as objects; what is already a string is kept.
 */
export function wire(args: Record<string, unknown>): Record<string, unknown> {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const out: Record<string, unknown> = { ...args };
  for (const key of ['records', 'original', 'standardized', 'account', 'location', 'product'])
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(text);
  for (const key of ['record', 'json_schema', 'target_schema', 'schema', 'data']) if (out[key] !== undefined) out[key] = text(out[key]);
  if (out.field_weights !== undefined && !Array.isArray(out.field_weights))
    out.field_weights = Object.entries(out.field_weights as Record<string, number>).map(([field, weight]) => ({ field, weight }));
  const checks = out.checks as { referential_integrity?: { reference_set: unknown }[] } | undefined;
  if (checks?.referential_integrity)
    out.checks = {
      ...checks,
      referential_integrity: checks.referential_integrity.map((check) => ({ ...check, reference_set: text(check.reference_set) })),
    };
  return out;
}

/** Calls a tool handler by name with input (in its wire form, see wire) parsed by its schema, as core does. */
export async function callHandler(
  name: string,
  args: Record<string, unknown>,
  options: { settings?: Settings; ctx?: ToolContext } = {},
): Promise<Record<string, unknown>> {
  const tool = createTools(options.settings ?? testSettings()).find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  const input: unknown = tool.input.parse(wire(args));
  const output = await tool.handler(input, options.ctx ?? testContext());
  return tool.output.parse(output) as Record<string, unknown>;
}
