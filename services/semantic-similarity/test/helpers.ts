/** Test helpers: run a tool's handler the way core does (input parse, handler, output parse), without HTTP. */
import { createLogger, LOCAL_IDENTITY, type AnyToolDefinition, type ToolContext } from '@a2a-mcp/core';
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

export function testContext(signal: AbortSignal = new AbortController().signal): ToolContext {
  return {
    identity: LOCAL_IDENTITY,
    correlationId: 'test',
    service: 'semantic-similarity',
    logger: createLogger({ service: 'semantic-similarity', level: 'silent' }),
    signal,
    progress: () => Promise.resolve(),
    wantsProgress: false,
    store: {} as ToolContext['store'],
  };
}

/** The tools over `provider` and `settings`, by name. */
export function toolsFor(provider: EmbeddingsProvider, settings: Settings = testSettings()): Record<string, AnyToolDefinition> {
  return Object.fromEntries(createTools({ settings, provider }).map((tool) => [tool.name, tool]));
}

/** Validates `args`, runs the handler, validates the output; returns the output. */
export async function runTool(tool: AnyToolDefinition, args: Record<string, unknown>, ctx: ToolContext = testContext()): Promise<Record<string, unknown>> {
  const input: unknown = tool.input.parse(args);
  const output: unknown = await tool.handler(input, ctx);
  return tool.output.parse(output) as Record<string, unknown>;
}
