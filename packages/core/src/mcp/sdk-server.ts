/**
 * The SDK lane: a low-level SDK `Server` per serving unit (one HTTP request, or one stdio
 * connection), wired to the same compiled tools and resources as the fast lane. The SDK owns
 * protocol negotiation for both eras (initialize, server/discover, header/body checks, SSE,
 * progress notifications); the handlers below delegate to core's shared callTool/readResource.
 */
import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  Server,
  type JSONRPCRequest,
  type McpServerFactory,
  type MessageExtraInfo,
  type Result,
  type ServerContext,
  type Transport,
} from '@modelcontextprotocol/server';
import { fromAuthInfo } from './auth-info.js';
import { currentScope, markRecorded } from '../context.js';
import { toServiceError } from '../errors.js';
import { boundedText, callTool, type CallToolDeps, type McpRequestInfo } from './call-tool.js';
import { traceMetaOf } from './fast-lane.js';
import { isRecord, META_PROTOCOL_VERSION, PER_CALLER_CACHE_HINT } from './protocol.js';
import type { LegacySessions } from './legacy-sessions.js';
import { metaOf, operationEvent, type McpOperationEvent, type OperationRecorder, type TracingHolder } from './operations.js';
import type { ToolRegistry } from './tool-registry.js';
import type { ResourceCatalog } from './resources.js';

// Moved to auth-info.ts (the pipeline builds it without loading the SDK); re-exported for callers of this module.
export { toAuthInfo, fromAuthInfo, IDENTITY_KEY, CORRELATION_KEY, SESSION_KEY } from './auth-info.js';

export interface SdkServerDeps {
  /** The call dependencies, shared with the fast lane (the same object: nothing to keep in step). */
  call: CallToolDeps;
  name: string;
  version: string;
  instructions?: string;
  resources: ResourceCatalog;
  /**
   * Whether 2026-07-28 clients can subscribe to resources (`subscriptions/listen` is served by
   * the HTTP entry with a ResourceSubscriptions hub): advertises `resources.subscribe` to that
   * era only. Unset over stdio and when no resource is subscribable.
   */
  subscriptions?: boolean;
  /**
   * 2025-era sessions (LEGACY_SESSIONS): when they carry resource updates, the legacy era is
   * offered `resources.subscribe` and resources/subscribe / unsubscribe record the session's URIs.
   */
  legacySessions?: Pick<LegacySessions, 'subscribable' | 'subscribe' | 'unsubscribe'>;
  /**
   * Tracing (OTEL_EXPORTER_OTLP_ENDPOINT): read when a server connects; with a tracer, every
   * request and notification the server receives gets its span (tools/call: callTool's observer).
   */
  tracing?: TracingHolder;
}

/** `uri`: the resource a resources/read asked for, echoed as `data.uri` when it does not exist (SEP-2164). */
function toProtocolError(error: unknown, uri?: string): ProtocolError {
  const serviceError = toServiceError(error);
  if (serviceError.code === 'not_found' && uri !== undefined) return new ResourceNotFoundError(uri, serviceError.message);
  return new ProtocolError(serviceError.jsonRpcCode, serviceError.message, { code: serviceError.code, ...(serviceError.data ?? {}) });
}

type RequestHandler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/** What telemetry and usage records need to know about an SDK-lane request (HTTP or stdio). */
function sdkRequestInfo(
  era: 'modern' | 'legacy',
  meta: Record<string, unknown> | undefined,
  ctx: ServerContext,
  sessionId: string | undefined,
  negotiated: string | undefined,
): McpRequestInfo {
  const version =
    era === 'modern'
      ? meta?.[META_PROTOCOL_VERSION]
      : (ctx.http?.req?.headers.get('mcp-protocol-version') ?? currentScope()?.httpRequest?.headers['mcp-protocol-version'] ?? negotiated);
  const trace = traceMetaOf(meta);
  return {
    requestId: typeof ctx.mcpReq.id === 'string' ? boundedText(ctx.mcpReq.id) : ctx.mcpReq.id,
    era,
    ...(typeof version === 'string' ? { protocolVersion: boundedText(version, 32) } : {}),
    // mcp.session.id is for 2025-era sessions only (2026-07-28 has none).
    ...(era === 'legacy' && sessionId !== undefined ? { sessionId } : {}),
    ...(trace ? { meta: trace } : {}),
    transport: ctx.http ? 'http' : 'stdio',
  };
}

/**
 * The fields of a request the SDK's wire schema rejected. For spec methods other than tools/call
 * the SDK (2.4) throws a plain Error whose message is zod's JSON issue list; anything else is not
 * a schema rejection and yields undefined.
 */
export function wireSchemaIssues(error: unknown): { path: string; message: string }[] | undefined {
  if (!(error instanceof Error) || error instanceof ProtocolError || !error.message.startsWith('[')) return undefined;
  let issues: unknown;
  try {
    issues = JSON.parse(error.message);
  } catch {
    return undefined;
  }
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const out: { path: string; message: string }[] = [];
  for (const issue of issues) {
    if (
      typeof issue !== 'object' ||
      issue === null ||
      !Array.isArray((issue as { path?: unknown }).path) ||
      typeof (issue as { message?: unknown }).message !== 'string'
    )
      return undefined;
    const { path, message } = issue as { path: unknown[]; message: string };
    out.push({ path: path.map(String).join('.'), message });
  }
  return out;
}

/**
 * The issues of a tools/call the SDK itself rejected: for that method the SDK (2.4) throws -32602
 * with the message `Invalid tools/call request: ` followed by zod's issue list as JSON. Anything
 * else yields undefined.
 */
export function toolsCallIssues(error: unknown): { path: string; message: string }[] | undefined {
  if (!(error instanceof ProtocolError) || error.code !== Number(ProtocolErrorCode.InvalidParams)) return undefined;
  const prefix = /^Invalid [\w/]+ request: /.exec(error.message)?.[0];
  if (prefix === undefined) return undefined;
  return wireSchemaIssues(new Error(error.message.slice(prefix.length)));
}

/**
 * The SDK's Server, except that a request its wire schema rejects is -32602 Invalid params whose
 * message names the fields in words (`Invalid params for tools/call: params.name: Invalid input:
 * expected string, received number`), with the issues as `data.issues`: for `tools/list` with a
 * numeric cursor or `initialize` without params the SDK answers -32603 Internal error with zod's
 * raw issue list, for a malformed `tools/call` -32602 with that list as its message.
 */
class ParamsCheckingServer extends Server {
  protected override _wrapHandler(method: string, handler: RequestHandler): RequestHandler {
    const wrapped = super._wrapHandler(method, handler);
    return async (request, ctx) => {
      try {
        return await wrapped(request, ctx);
      } catch (error) {
        const issues = wireSchemaIssues(error) ?? toolsCallIssues(error);
        if (!issues) throw error;
        const kept = issues.slice(0, 10);
        const detail = kept.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid params for ${method}: ${detail}`, {
          code: 'invalid_params',
          issues: kept,
        });
      }
    };
  }
}

/** Requests a traced server keeps waiting for their answer at most (one connection). */
const MAX_PENDING = 1024;

/** A request a traced server has received and not yet answered. */
interface PendingOperation {
  event: McpOperationEvent;
  started: number;
}

/**
 * ParamsCheckingServer that records the MCP operations it serves (docs/tracing.md): one span per
 * request, from receipt to its response being sent (the JSON-RPC error code when it is an error,
 * -32601 for an unknown method), one per received notification. It watches the transport's
 * messages, so it sees what the SDK itself answers (initialize, ping, unknown methods, envelope
 * errors) as well as what core's handlers answer. A tools/call that reached callTool is that
 * call's span already and is skipped.
 */
class TracedServer extends ParamsCheckingServer {
  /** JSON-RPC ids of tools/call requests handed to callTool (their span is callTool's). */
  toolCalls: Set<string | number> | undefined;
  private tracer: OperationRecorder | undefined;
  private era: 'modern' | 'legacy' = 'legacy';
  private registry: ToolRegistry | undefined;
  private pending: Map<string | number, PendingOperation> | undefined;
  /** The revision a 2025-era initialize negotiated on this connection (stdio: no header says it; traced servers only). */
  negotiated: string | undefined;

  trace(tracer: OperationRecorder, era: 'modern' | 'legacy', registry: ToolRegistry): void {
    this.tracer = tracer;
    this.era = era;
    this.registry = registry;
    this.toolCalls = new Set();
    this.pending = new Map();
  }

  protected override _onclose(): void {
    // Requests left unanswered (the connection closed) get no span.
    this.pending?.clear();
    this.toolCalls?.clear();
    super._onclose();
  }

  override async connect(transport: Transport): Promise<void> {
    if (!this.tracer) return super.connect(transport);
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      this.sent(message);
      return send(message, options);
    };
    await super.connect(transport);
    const onmessage = transport.onmessage;
    transport.onmessage = (message, extra) => {
      this.received(message, extra);
      onmessage?.(message, extra);
    };
  }

  private received(message: unknown, extra: MessageExtraInfo | undefined): void {
    if (!isRecord(message) || typeof message.method !== 'string') return;
    const scope = currentScope();
    // This server records the message: the HTTP endpoint records no second span for it.
    markRecorded(scope);
    const req = scope?.httpRequest;
    const { sessionId, correlationId, identity } = fromAuthInfo(extra?.authInfo);
    const header = req?.headers['mcp-protocol-version'];
    const version =
      this.era === 'modern' ? metaOf(message)?.[META_PROTOCOL_VERSION] : typeof header === 'string' ? header : this.negotiated;
    const event = operationEvent(
      message,
      { req, scope, registry: this.registry, version },
      {
        ...(this.era === 'legacy' && sessionId !== undefined ? { sessionId } : {}),
        ...(correlationId === undefined ? {} : { correlationId }),
        ...(extra?.authInfo ? { clientId: identity.clientId } : {}),
        startedAt: Date.now(),
        durationMs: 0,
      },
    );
    if (event.requestId === undefined) {
      // A notification: received and handed on, there is no answer to wait for.
      this.tracer!.recordOperation(event);
      // A cancelled request is never answered: it gets no span (and is not kept waiting for one).
      const params = isRecord(message.params) ? message.params : undefined;
      const cancelled = event.method === 'notifications/cancelled' ? params?.requestId : undefined;
      if (typeof cancelled === 'string' || typeof cancelled === 'number') {
        const key = typeof cancelled === 'string' ? boundedText(cancelled) : cancelled;
        this.pending!.delete(key);
        this.toolCalls!.delete(cancelled);
      }
      return;
    }
    // Bounded: a stdio client that never reads its answers cannot grow this without end.
    if (this.pending!.size < MAX_PENDING) this.pending!.set(event.requestId, { event, started: performance.now() });
  }

  private sent(message: unknown): void {
    if (!isRecord(message) || 'method' in message) return;
    const id = message.id;
    if (typeof id !== 'string' && typeof id !== 'number') return;
    const toolCall = this.toolCalls!.delete(id);
    const key = typeof id === 'string' ? boundedText(id) : id;
    const pending = this.pending!.get(key);
    if (!pending) return;
    this.pending!.delete(key);
    if (toolCall) return;
    const { event } = pending;
    event.durationMs = performance.now() - pending.started;
    const error = isRecord(message.error) ? message.error : undefined;
    if (error && typeof error.code === 'number') event.rpcErrorCode = error.code;
    const result = isRecord(message.result) ? message.result : undefined;
    if (event.method === 'initialize' && typeof result?.protocolVersion === 'string') {
      this.negotiated = boundedText(result.protocolVersion, 32);
      event.protocolVersion ??= this.negotiated;
    }
    this.tracer!.recordOperation(event);
  }
}

/** The factory handed to the SDK's createMcpHandler / serveStdio. */
export function createSdkServerFactory(deps: SdkServerDeps): McpServerFactory {
  const hasResources = deps.resources.size > 0;
  let counter = 0;
  return ({ era }) => {
    // The modern era subscribes with subscriptions/listen; the 2025 era only inside a session
    // whose GET stream carries updates (LEGACY_SESSIONS), else it is served statelessly.
    const legacySubscribe = era === 'legacy' && deps.legacySessions?.subscribable === true;
    const resources = hasResources
      ? (deps.subscriptions === true && era === 'modern') || legacySubscribe
        ? { subscribe: true }
        : {}
      : undefined;
    const server = new TracedServer(
      { name: deps.name, version: deps.version },
      {
        capabilities: { tools: {}, ...(resources ? { resources } : {}) },
        ...(deps.instructions ? { instructions: deps.instructions } : {}),
      },
    );
    const tracer = deps.tracing?.tracer;
    if (tracer) server.trace(tracer, era, deps.call.registry);
    server.setRequestHandler('tools/list', (_request, ctx) => {
      const { identity } = fromAuthInfo(ctx.http?.authInfo);
      // The list depends on the caller's permissions: a 2026-07-28 answer says it is private to the
      // caller (the SDK's default today, stated here so no server-wide cacheHints can widen it).
      return { tools: deps.call.registry.listFor(identity), ...(era === 'modern' ? PER_CALLER_CACHE_HINT : {}) } as never;
    });
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const { identity, correlationId, sessionId } = fromAuthInfo(ctx.http?.authInfo);
      const progressToken = request.params._meta?.progressToken;
      const sendProgress =
        progressToken === undefined
          ? undefined
          : (progress: number, total?: number, message?: string) =>
              ctx.mcpReq.notify({
                method: 'notifications/progress',
                params: {
                  progressToken,
                  progress,
                  ...(total === undefined ? {} : { total }),
                  ...(message === undefined ? {} : { message }),
                },
              });
      // callTool's observers record this call's span; the server's own record skips it.
      server.toolCalls?.add(ctx.mcpReq.id);
      try {
        return (await callTool(deps.call, request.params.name, request.params.arguments, {
          identity,
          correlationId: correlationId ?? `stdio-${++counter}`,
          signal: ctx.mcpReq.signal,
          ...(sendProgress ? { sendProgress } : {}),
          // The HTTP body's size; over stdio, the message's as JSON.
          ...(deps.call.observers?.length
            ? {
                inputBytes: currentScope()?.bodyBytes ?? Buffer.byteLength(JSON.stringify(request)),
                mcp: sdkRequestInfo(era, request.params._meta, ctx, sessionId, server.negotiated),
              }
            : {}),
        })) as never;
      } catch (error) {
        throw toProtocolError(error);
      }
    });
    if (hasResources) {
      server.setRequestHandler('resources/list', async (_request, ctx) => {
        const { identity } = fromAuthInfo(ctx.http?.authInfo);
        return { resources: await deps.resources.list(identity, ctx.mcpReq.signal) };
      });
      server.setRequestHandler('resources/templates/list', (_request, ctx) => {
        const { identity } = fromAuthInfo(ctx.http?.authInfo);
        return { resourceTemplates: deps.resources.templates(identity) };
      });
      server.setRequestHandler('resources/read', async (request, ctx) => {
        const { identity } = fromAuthInfo(ctx.http?.authInfo);
        try {
          return { contents: [await deps.resources.read(request.params.uri, identity, ctx.mcpReq.signal)] };
        } catch (error) {
          throw toProtocolError(error, request.params.uri);
        }
      });
    }
    const sessions = deps.legacySessions;
    if (hasResources && legacySubscribe && sessions) {
      // The pipeline admitted the request (live session of this client, subscribable URI, permission).
      const sessionOf = (ctx: ServerContext) => {
        const { sessionId } = fromAuthInfo(ctx.http?.authInfo);
        if (sessionId === undefined)
          throw new ProtocolError(ProtocolErrorCode.InvalidRequest, 'Resource subscriptions need an MCP session (Mcp-Session-Id)', {
            code: 'invalid_request',
          });
        return sessionId;
      };
      server.setRequestHandler('resources/subscribe', async (request, ctx) => {
        try {
          await sessions.subscribe(sessionOf(ctx), request.params.uri);
          return {};
        } catch (error) {
          if (error instanceof ProtocolError) throw error;
          throw toProtocolError(error);
        }
      });
      server.setRequestHandler('resources/unsubscribe', async (request, ctx) => {
        try {
          await sessions.unsubscribe(sessionOf(ctx), request.params.uri);
          return {};
        } catch (error) {
          if (error instanceof ProtocolError) throw error;
          throw toProtocolError(error);
        }
      });
    }
    return server;
  };
}
