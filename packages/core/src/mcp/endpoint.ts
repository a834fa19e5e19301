/**
 * The MCP endpoint: every MCP decision about one request on `/mcp`, after the transport (http/)
 * has checked Host, Origin, method and content type, authenticated the headers and read the body.
 *
 *   admitAnonymous  a caller without credentials: only POSTs, and only when public tools exist
 *   serve           the anonymous policy on the message → beforeMcp (call-counted limits) →
 *                   the 2025-era session gate → per-tool permission (once per tools/call) →
 *                   the lane: fast (mcp/fast-lane.ts → callTool) or SDK (identity hand-off
 *                   through `authInfo`, mcp/auth-info.ts)
 *
 * Per-argument checks (a tool whose arguments name another client's data) belong here too, beside
 * the per-tool permission: they run before any handler, for both lanes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import { missingCredentials } from '../auth/authenticate.js';
import type { Challenge } from '../auth/challenge.js';
import { insufficientScope } from '../auth/guards.js';
import { anonymousIdentity, type Identity } from '../auth/identity.js';
import type { McpEndpoint, McpExchange } from '../http/exchange.js';
import type { Metrics } from '../metrics.js';
import { sendJson } from '../send-json.js';
import { toAuthInfo } from './auth-info.js';
import { callTool, type CallToolDeps } from './call-tool.js';
import { classifyFastLane, encodeFastLaneResult, fastLaneRequestInfo } from './fast-lane.js';
import type { LegacySessions } from './legacy-sessions.js';
import { httpFields, metaOf, operationEvent, type McpOperationEvent, type OperationRecorder, type TracingHolder } from './operations.js';
import { isRecord, META_PROTOCOL_VERSION } from './protocol.js';
import { currentScope } from '../context.js';
import type { CompiledTool } from './tool-registry.js';

export interface McpEndpointDeps {
  service: { name: string; version: string };
  callDeps: CallToolDeps;
  /** The SDK lane: everything the fast lane does not answer. */
  sdkHandler: NodeMcpRequestHandler;
  metrics?: Metrics | undefined;
  /** Builds `WWW-Authenticate` for 401/403 (adds resource_metadata when OAuth is configured). */
  challenge?: Challenge | undefined;
  /** Called after the body is parsed for every MCP request; throws a ServiceError (429) to refuse. */
  beforeMcp?: (ctx: { req: IncomingMessage; res: ServerResponse; identity: Identity; message: unknown }) => Promise<void> | void;
  /**
   * 2025-era sessions (LEGACY_SESSIONS on): every authenticated request passes their gate, which
   * serves GET streams and DELETE itself and checks the session of other 2025-era requests.
   * Absent, 2025-era traffic is stateless and GET / DELETE answer 405 (the SDK's stateless leg).
   */
  legacySessions?: Pick<LegacySessions, 'gate'> | undefined;
  /** Tracing (OTEL_EXPORTER_OTLP_ENDPOINT): spans for the fast lane's other methods, the SDK entry's own answers and refusals. */
  tracing?: TracingHolder | undefined;
}

/** Up to this many bytes of an SDK-lane answer are kept to read its JSON-RPC error code (tracing only). */
const SNIFF_BYTES = 1024;

/**
 * Keeps the first bytes of what is written to `res` (tracing only: the SDK's HTTP entry answers some
 * requests itself — an unknown method in the 2026-07-28 era, `ping` there, header mismatches —
 * before any server instance sees them; the error code is read from the answer).
 */
function sniff(res: ServerResponse): () => string {
  let kept = '';
  const keep = (chunk: unknown) => {
    if (kept.length >= SNIFF_BYTES || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const text =
      typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';
    kept += text.slice(0, SNIFF_BYTES - kept.length);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((...args: unknown[]) => {
    keep(args[0]);
    return write(...args);
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    keep(args[0]);
    return end(...args);
  }) as typeof res.end;
  return () => kept;
}

function schemeOf(req: IncomingMessage): 'http' | 'https' {
  return (req.socket as IncomingMessage['socket'] & { encrypted?: boolean }).encrypted ? 'https' : 'http';
}

/** The JSON-RPC error code of an answer's first bytes, if it is an error. */
function errorCodeOf(body: string): number | undefined {
  const match = /"error"\s*:\s*\{[^{}]*?"code"\s*:\s*(-?\d+)/.exec(body);
  return match ? Number(match[1]) : undefined;
}

const MCP_METHOD_LABELS = new Set([
  'initialize',
  'notifications/initialized',
  'server/discover',
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/read',
  'resources/templates/list',
  'resources/subscribe',
  'resources/unsubscribe',
  'subscriptions/listen',
  'prompts/list',
]);
/** Methods an anonymous caller may use when public tools exist (discovery only). */
const ANONYMOUS_METHODS = new Set(['initialize', 'notifications/initialized', 'server/discover', 'ping', 'tools/list', 'tools/call']);

/** An operation event for a single message served over HTTP: the revision its envelope claims, else its header's. */
function httpOperation(
  message: Record<string, unknown>,
  req: IncomingMessage,
  registry: McpEndpointDeps['callDeps']['registry'],
  extra: Partial<McpOperationEvent> & Pick<McpOperationEvent, 'startedAt' | 'durationMs'>,
): McpOperationEvent {
  const claimed = metaOf(message)?.[META_PROTOCOL_VERSION];
  return operationEvent(
    message,
    { req, registry, version: typeof claimed === 'string' ? claimed : req.headers['mcp-protocol-version'] },
    extra,
  );
}

/** The endpoint the transport (http/server.ts) hands every authenticated, parsed /mcp request to. */
export function createMcpEndpoint(deps: McpEndpointDeps): McpEndpoint {
  const { callDeps, metrics, challenge } = deps;
  const { registry } = callDeps;

  const refuseAnonymous = (): never => {
    metrics?.authFailures.inc({ reason: 'missing_credentials' });
    throw missingCredentials(challenge);
  };

  /**
   * The tool a tools/call names, once looked up and permitted (its permission, or what its
   * permissionFor hook asks for these arguments); undefined for an unknown tool (callTool answers it).
   */
  const permitted = (identity: Identity, name: string, args: unknown): CompiledTool | undefined => {
    const tool = registry.get(name);
    const missing = tool ? registry.missingPermission(identity, tool, args) : undefined;
    if (tool && missing) {
      metrics?.authFailures.inc({ reason: 'insufficient_permission' });
      const required = missing as string;
      throw insufficientScope(
        required,
        `Tool ${tool.definition.name} needs the "${required}" permission`,
        `Tool ${tool.definition.name} needs the ${required} permission`,
        challenge,
      );
    }
    return tool;
  };

  const serveFast = async (
    exchange: McpExchange,
    fast: NonNullable<ReturnType<typeof classifyFastLane>>,
    tool: CompiledTool | undefined,
  ) => {
    const { req, res, identity } = exchange;
    // The client going away aborts the call; the signal exists only if an asynchronous handler asks.
    let abort: AbortController | undefined;
    let gone = false;
    const onClose = () => {
      if (res.writableFinished) return;
      gone = true;
      abort?.abort();
    };
    const clientGone = () => {
      if (!abort) {
        abort = new AbortController();
        if (gone) abort.abort();
      }
      return abort.signal;
    };
    res.once('close', onClose);
    // Tracing: tools/list and ping get their span here (a tools/call gets callTool's).
    const tracer = fast.method === 'tools/call' ? undefined : deps.tracing?.tracer;
    const startedAt = tracer ? Date.now() : 0;
    const started = tracer ? performance.now() : 0;
    let result: Record<string, unknown>;
    if (fast.method === 'tools/call') {
      result = (await callTool(callDeps, fast.toolName!, fast.arguments, {
        identity,
        correlationId: exchange.correlationId,
        signal: clientGone,
        inputBytes: exchange.inputBytes,
        request: { ip: exchange.ip, ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}) },
        mcp: fastLaneRequestInfo(fast, req.headers),
        ...(tool ? { tool } : {}),
      })) as unknown as Record<string, unknown>;
    } else if (fast.method === 'tools/list') {
      result = { tools: registry.listFor(identity) };
    } else {
      result = {};
    }
    res.off('close', onClose);
    sendJson(res, 200, encodeFastLaneResult(fast, result, deps.service));
    if (tracer) recordFast(tracer, exchange, fast, startedAt, performance.now() - started);
  };

  const recordFast = (
    tracer: OperationRecorder,
    exchange: McpExchange,
    fast: NonNullable<ReturnType<typeof classifyFastLane>>,
    startedAt: number,
    durationMs: number,
  ) => {
    const info = fastLaneRequestInfo(fast, exchange.req.headers);
    tracer.recordOperation({
      method: fast.method,
      ...(info.requestId === undefined ? {} : { requestId: info.requestId }),
      ...(info.protocolVersion === undefined ? {} : { protocolVersion: info.protocolVersion }),
      ...(info.meta ? { meta: info.meta } : {}),
      ...httpFields(exchange.req),
      transport: 'http',
      correlationId: exchange.correlationId,
      clientId: exchange.identity.clientId,
      startedAt,
      durationMs,
    });
  };

  const endpoint: McpEndpoint = {
    admitAnonymous: (httpMethod, ip) => {
      // Without credentials only the public tools (and the discovery needed to reach them) are
      // open: with none, the answer is 401 before a body byte is read (the connection closes, so
      // the unread body is never drained).
      if (registry.publicTools.size === 0 || httpMethod !== 'POST') refuseAnonymous();
      return anonymousIdentity(ip);
    },

    methodLabel: (message) =>
      isRecord(message) && typeof message.method === 'string'
        ? MCP_METHOD_LABELS.has(message.method)
          ? message.method
          : 'other'
        : undefined,

    serve: async (exchange) => {
      const { req, res, identity, message } = exchange;
      const messages = Array.isArray(message) ? message : [message];
      if (exchange.anonymous) {
        const publicOk = messages.every(
          (m) =>
            isRecord(m) &&
            typeof m.method === 'string' &&
            (m.method.startsWith('notifications/') || ANONYMOUS_METHODS.has(m.method)) &&
            (m.method !== 'tools/call' || (isRecord(m.params) && registry.publicTools.has(String(m.params.name)))),
        );
        if (!publicOk) {
          // A 401 is decided on the headers: like a wrong key (refused before the body is read) it
          // answers "id": null, whatever the body held.
          exchange.reply.id = null;
          refuseAnonymous();
        }
      }
      // Tracing: a request refused from here on is the admitted caller's.
      const telemetry = currentScope()?.telemetry;
      if (telemetry) telemetry.clientId = identity.clientId;
      // Awaited only when it returns a promise (the shared store): each await is a promise and a hook call.
      const before = deps.beforeMcp?.({ req, res, identity, message });
      if (before) await before;
      const fast = req.method === 'POST' ? classifyFastLane(message, req.headers) : undefined;
      let sessionId: string | undefined;
      // The gate passes 2026-07-28 traffic untouched; a request the fast lane has classified as
      // such skips it (and so does not load the SDK the gate classifies with, issue #17).
      if (deps.legacySessions && fast?.era !== 'modern') {
        const gate = await deps.legacySessions.gate(req, res, identity, message);
        if (gate.handled) return;
        sessionId = gate.sessionId;
      }
      // Every tools/call of the request (a batch may hold several) is permitted before any runs.
      let tool: CompiledTool | undefined;
      for (const m of messages) {
        if (isRecord(m) && m.method === 'tools/call' && isRecord(m.params) && typeof m.params.name === 'string')
          tool = permitted(identity, m.params.name, m.params.arguments);
      }
      // The fast lane takes single requests only: `tool` is the one its tools/call names, already checked.
      if (fast) return serveFast(exchange, fast, fast.method === 'tools/call' ? tool : undefined);
      (req as IncomingMessage & { auth?: unknown }).auth = toAuthInfo(identity, exchange.correlationId, sessionId);
      const tracer = deps.tracing?.tracer;
      if (!tracer) return deps.sdkHandler(req, res, message);
      const single = isRecord(message) && typeof message.method === 'string';
      // GET and DELETE carry no MCP request; neither does a lone JSON-RPC response.
      if (!single && !Array.isArray(message)) return deps.sdkHandler(req, res, message);
      // A server instance records each message it receives; what the SDK's HTTP entry answered
      // before any instance saw it is recorded here, from the answer.
      const startedAt = Date.now();
      const started = performance.now();
      const answer = sniff(res);
      await deps.sdkHandler(req, res, message);
      if (!telemetry || telemetry.recorded) return;
      if (single) {
        const rpcErrorCode = errorCodeOf(answer());
        tracer.recordOperation(
          httpOperation(message, req, registry, {
            ...(sessionId === undefined ? {} : { sessionId }),
            ...(rpcErrorCode === undefined ? {} : { rpcErrorCode }),
            correlationId: exchange.correlationId,
            clientId: identity.clientId,
            startedAt,
            durationMs: performance.now() - started,
          }),
        );
      } else if (res.statusCode >= 400) {
        // A batch refused as a whole (the 2026-07-28 era has no batches): no MCP request was served.
        tracer.recordHttpRefusal({
          httpMethod: req.method ?? 'POST',
          status: res.statusCode,
          scheme: schemeOf(req),
          request: httpFields(req).request ?? {},
          ...(currentScope()?.trace ? { transportTrace: currentScope()!.trace! } : {}),
          correlationId: exchange.correlationId,
          startedAt,
          durationMs: performance.now() - started,
        });
      }
    },

    ...(deps.tracing?.tracer
      ? {
          refused: ({ req, error, message, correlationId, startedAt, durationMs, scheme }) => {
            const tracer = deps.tracing?.tracer;
            if (!tracer) return;
            if (isRecord(message) && typeof message.method === 'string') {
              const telemetry = currentScope()?.telemetry;
              tracer.recordOperation(
                httpOperation(message, req, registry, {
                  ...(telemetry?.sessionId === undefined ? {} : { sessionId: telemetry.sessionId }),
                  ...(telemetry?.clientId === undefined ? {} : { clientId: telemetry.clientId }),
                  rpcErrorCode: error.jsonRpcCode,
                  httpStatus: error.httpStatus,
                  errorCode: error.code,
                  correlationId,
                  startedAt,
                  durationMs,
                }),
              );
              return;
            }
            tracer.recordHttpRefusal({
              httpMethod: req.method ?? 'GET',
              status: error.httpStatus,
              errorCode: error.code,
              scheme,
              request: httpFields(req).request ?? {},
              ...(currentScope()?.trace ? { transportTrace: currentScope()!.trace! } : {}),
              correlationId,
              startedAt,
              durationMs,
            });
          },
        }
      : {}),
  };
  return endpoint;
}
