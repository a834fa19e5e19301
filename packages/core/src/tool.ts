/**
 * A tool is one declaration: name, description, zod input and output schemas, MCP annotations,
 * the permission it needs and a handler `(input, ctx) => output`. Handlers know nothing of HTTP.
 */
import type { z } from 'zod';
import type { Identity, Permission } from './auth/identity.js';
import type { BreakerRegistry } from './breakers.js';
import type { Logger } from './logger.js';
import type { Store } from './store/store.js';
import type { ComputeTask } from './compute/task.js';

/** Announces resource changes to subscribers (on every replica sharing the store). */
export interface ResourceNotifier {
  /**
   * Tells subscribers of `uri` that it changed (they re-read it). Best effort and never throws:
   * when the store is unreachable the failure is logged and the notification is lost. URIs that
   * name no subscribable resource are ignored.
   */
  notifyUpdated(uri: string): Promise<void>;
}

/** MCP tool annotations (hints for clients; never trusted for security). */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/**
 * The annotations of a tool that reads only its input: no side effect, same answer for the same
 * input, nothing outside the process. Most tools of the fleet are such; spread it to add a title.
 */
export const READ_ONLY_ANNOTATIONS = {
  readOnlyHint: true,
  idempotentHint: true,
  destructiveHint: false,
  openWorldHint: false,
} as const satisfies ToolAnnotations;

/** What a handler gets besides its validated input. */
export interface ToolContext {
  /** The verified caller. */
  identity: Identity;
  correlationId: string;
  /** Service name. */
  service: string;
  /** Logger whose lines carry the correlation id, client and tool. */
  logger: Logger;
  /** Aborted on timeout, client disconnect or shutdown; long work must check it. */
  signal: AbortSignal;
  /**
   * Reports progress to the caller when it sent a progress token; a no-op otherwise.
   * `progress` must increase between calls.
   */
  progress: (progress: number, total?: number, message?: string) => Promise<void>;
  /** Whether the caller asked for progress (sent a progress token). */
  wantsProgress: boolean;
  /** The shared store (memory or Redis). */
  store: Store;
  /**
   * Circuit breakers for outbound calls (HTTP APIs, databases): `ctx.breakers.fire('embeddings', () => …)`.
   * Always set by core; optional only so hand-built contexts in unit tests stay valid.
   */
  breakers?: BreakerRegistry;
  /**
   * Announces resource changes to subscribers on every replica:
   * `await ctx.resources?.notifyUpdated('stream://orders')`. Best effort, never throws; a no-op
   * where nobody can subscribe (stdio, no subscribable resources). Always set by core.
   */
  resources?: ResourceNotifier;
  /**
   * Runs a compute task (see `defineTask`): inline when the payload is light (or `TOOL_WORKERS=0`),
   * otherwise on a worker thread, where the tool's timeout terminates it and a runaway allocation
   * fails only this call (`resource_exhausted`). Returns the value itself for an inline run, so a
   * cheap call stays synchronous; a handler returns it as it is, or awaits it.
   * Always set by core; `inlineCompute(signal)` serves hand-built contexts in unit tests. Call it as
   * `ctx.compute(...)`: core's context is a class instance, whose method needs its `this`.
   */
  compute: <P, R>(task: ComputeTask<P, R>, payload: P) => R | Promise<R>;
}

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** snake_case, unique across the fleet. */
  name: string;
  title?: string;
  description: string;
  /** Permission a caller needs: `read` for pure computation, `write` for anything that changes state. */
  permission: Permission;
  /**
   * A permission this call needs beyond `permission`, decided from its raw arguments and the
   * caller before any handler runs (e.g. reading another client's mailbox needs `admin`); return
   * undefined when `permission` suffices. The endpoint answers a caller without it exactly as one
   * without `permission`: HTTP 403 with `WWW-Authenticate: Bearer error="insufficient_scope",
   * scope="<it>"`. Arguments are not validated yet: look only at what you need, defensively.
   */
  permissionFor?(args: Record<string, unknown>, identity: Identity): Permission | undefined;
  annotations: ToolAnnotations;
  /** Input schema; every field should carry `.describe()`. */
  input: I;
  /** Output schema; the handler's result is validated against it and sent as structuredContent. */
  output: O;
  // Method syntax on purpose: it lets a concrete tool be stored as AnyToolDefinition.
  handler(input: z.output<I>, ctx: ToolContext): Promise<z.input<O>> | z.input<O>;
  /**
   * A short human summary, sent as a second text block after the result's JSON. The first text
   * block is always `JSON.stringify(output)`: frameworks that hand a model only the text content
   * (LangChain, OpenAI Agents, Mastra) must give it the data, not a summary.
   */
  render?(output: z.output<O>): string;
  /** Overrides TOOL_TIMEOUT_MS for this tool. */
  timeoutMs?: number;
}

/** Erased form used by registries. */
export type AnyToolDefinition = ToolDefinition<z.ZodType, z.ZodType>;

/**
 * Declares a tool. Identity function that fixes the generic types, so handlers are checked against
 * their schemas.
 *
 * @example
 * export const fallbackTool = defineTool({
 *   name: 'calculate_fallback_confidence', description: '…', permission: 'read',
 *   annotations: { readOnlyHint: true }, input: z.object({ scenario: z.string() }),
 *   output: z.object({ confidence: z.number() }), handler: ({ scenario }) => ({ confidence: 0.4 }),
 * });
 */
export function defineTool<I extends z.ZodType, O extends z.ZodType>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return definition;
}
