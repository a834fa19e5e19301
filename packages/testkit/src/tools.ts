/**
 * Running a tool's handler without HTTP, the way core does (input parse, handler, output parse),
 * with a context like core's: silent logger, memory store, fresh breakers.
 */
import {
  BreakerRegistry,
  createLogger,
  inlineCompute,
  LOCAL_IDENTITY,
  MemoryStore,
  type AnyToolDefinition,
  type ToolContext,
} from '@a2a-mcp/core';

/**
 * A ToolContext for handler tests; `overrides` replaces any field (e.g. `signal`, `identity`, `store`).
 * Compute tasks run inline with the context's signal (the pool is tested over HTTP).
 */
export function toolTestContext(service: string, overrides: Partial<ToolContext> = {}): ToolContext {
  const logger = createLogger({ service, level: 'silent' });
  const signal = overrides.signal ?? new AbortController().signal;
  return {
    identity: LOCAL_IDENTITY,
    correlationId: 'test',
    service,
    logger,
    signal,
    compute: inlineCompute(signal),
    progress: () => Promise.resolve(),
    wantsProgress: false,
    store: new MemoryStore(),
    breakers: new BreakerRegistry({ logger }),
    ...overrides,
  };
}

/** Validates `args`, runs the handler, validates the output; returns the output (a bad input or output rejects). */
export async function runTool<T = Record<string, unknown>>(tool: AnyToolDefinition, args: unknown, ctx: ToolContext): Promise<T> {
  const input: unknown = tool.input.parse(args);
  const output: unknown = await tool.handler(input, ctx);
  return tool.output.parse(output) as T;
}

/** Looks tools up by name: `toolsByName(tools)('name')`; an unknown name throws. */
export function toolsByName(tools: readonly AnyToolDefinition[]): (name: string) => AnyToolDefinition {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  return (name) => {
    const tool = byName.get(name);
    if (!tool) throw new Error(`no tool named ${name} (tools: ${[...byName.keys()].join(', ')})`);
    return tool;
  };
}
