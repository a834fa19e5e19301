/** Test helpers: settings, a table provider, and the tools bound to them (calling them: @a2a-mcp/testkit's runTool). */
import type { AnyToolDefinition, ToolContext } from '@a2a-mcp/core';
import { runTool as runToolWith, toolTestContext } from '@a2a-mcp/testkit';
import type { EmbeddingsProvider } from '../src/lib/embeddings.js';
import { settingsSchema, type Settings } from '../src/settings.js';
import { createTools } from '../src/tools/index.js';

/** Settings as parsed from `env` (defaults otherwise). */
export function testSettings(env: Record<string, string> = {}): Settings {
  return settingsSchema.parse(env);
}

/** A provider that embeds by table lookup (zero vector for unknown texts) and records its calls. */
export function tableProvider(table: Record<string, number[]>, dimensions = 3): EmbeddingsProvider & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    kind: 'builtin',
    model: 'table',
    calls,
    dimensions: () => dimensions,
    embed(texts) {
      calls.push([...texts]);
      return Promise.resolve(texts.map((text) => table[text] ?? new Array<number>(dimensions).fill(0)));
    },
  };
}

/** A context like core's (silent logger, memory store, fresh breakers), optionally with the caller's abort signal. */
export function testContext(signal?: AbortSignal): ToolContext {
  return toolTestContext('semantic-similarity', signal ? { signal } : {});
}

/** The tools over `provider` and `settings`, by name. */
export function toolsFor(provider: EmbeddingsProvider, settings: Settings = testSettings()): Record<string, AnyToolDefinition> {
  return Object.fromEntries(createTools({ settings, provider }).map((tool) => [tool.name, tool]));
}

/** Validates `args`, runs the handler, validates the output; returns the output. */
export function runTool(
  tool: AnyToolDefinition,
  args: Record<string, unknown>,
  ctx: ToolContext = testContext(),
): Promise<Record<string, unknown>> {
  return runToolWith(tool, args, ctx);
}
