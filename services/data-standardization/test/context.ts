import { LOCAL_IDENTITY, MemoryStore, createLogger, inlineCompute, loadSettings, type ToolContext } from '@a2a-mcp/core';
import { settingsSchema, type Settings } from '../src/settings.js';
import { createTools } from '../src/tools/index.js';

/** Settings from defaults plus `overrides` (as environment strings). */
export function testSettings(overrides: Record<string, string> = {}): Settings {
  return loadSettings(settingsSchema, overrides);
}

/** A hand-built tool context with a memory store; `progress` calls are recorded. */
export function testContext(store = new MemoryStore()): ToolContext & { progressCalls: [number, number | undefined, string | undefined][] } {
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

/** Calls a tool handler by name with input parsed by its schema, as core does. */
export async function callHandler(name: string, args: Record<string, unknown>, options: { settings?: Settings; ctx?: ToolContext } = {}): Promise<Record<string, unknown>> {
  const tool = createTools(options.settings ?? testSettings()).find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  const input: unknown = tool.input.parse(args);
  const output = await tool.handler(input, options.ctx ?? testContext());
  return tool.output.parse(output) as Record<string, unknown>;
}
