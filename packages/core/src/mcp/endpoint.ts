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
import { isRecord } from './protocol.js';
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
  };

  return {
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
      await deps.beforeMcp?.({ req, res, identity, message });
      let sessionId: string | undefined;
      if (deps.legacySessions) {
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
      const fast = req.method === 'POST' ? classifyFastLane(message, req.headers) : undefined;
      // The fast lane takes single requests only: `tool` is the one its tools/call names, already checked.
      if (fast) return serveFast(exchange, fast, fast.method === 'tools/call' ? tool : undefined);
      (req as IncomingMessage & { auth?: unknown }).auth = toAuthInfo(identity, exchange.correlationId, sessionId);
      await deps.sdkHandler(req, res, message);
    },
  };
}
