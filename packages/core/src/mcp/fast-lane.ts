/**
 * The fast lane: the few hot, stateless requests (tools/call, tools/list, 2025-era ping) in their
 * canonical, well-formed shape are answered directly from the compiled tool table, without
 * constructing an SDK server per request. Anything else — every negotiation, every malformed or
 * mismatched envelope, progress tokens, batches — goes to the SDK lane, which owns the protocol's
 * errors. The lane never produces an error the SDK would word differently: it only accepts
 * requests the SDK would accept.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { boundedText, type McpRequestInfo } from './call-tool.js';
import {
  isRecord,
  LEGACY_PROTOCOL_VERSIONS,
  META_CLIENT_CAPABILITIES,
  META_CLIENT_INFO,
  META_PROTOCOL_VERSION,
  META_SERVER_INFO,
  MODERN_PROTOCOL_VERSIONS,
  PER_CALLER_CACHE_HINT,
} from './protocol.js';

export type FastLaneMethod = 'tools/call' | 'tools/list' | 'ping';

export interface FastLaneRequest {
  id: string | number;
  method: FastLaneMethod;
  era: 'modern' | 'legacy';
  /** tools/call only. */
  toolName?: string;
  arguments?: unknown;
  /** `params._meta`, when the request has one. */
  meta?: Record<string, unknown>;
}

const FAST_METHODS = new Set<string>(['tools/call', 'tools/list', 'ping']);
const LEGACY_VERSIONS = new Set(LEGACY_PROTOCOL_VERSIONS);
const MODERN_VERSIONS = new Set(MODERN_PROTOCOL_VERSIONS);

function acceptsJson(accept: string | undefined, needsSse: boolean): boolean {
  if (!accept) return false;
  return accept.includes('application/json') && (!needsSse || accept.includes('text/event-stream'));
}

/** Returns the request when the fast lane may answer it, else undefined (the SDK lane will). */
export function classifyFastLane(message: unknown, headers: IncomingHttpHeaders): FastLaneRequest | undefined {
  if (!isRecord(message) || message.jsonrpc !== '2.0') return undefined;
  const { id, method, params } = message;
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof method !== 'string' || !FAST_METHODS.has(method)) return undefined;
  if (params !== undefined && !isRecord(params)) return undefined;
  const meta = params?._meta;
  if (meta !== undefined && !isRecord(meta)) return undefined;
  if (meta && 'progressToken' in meta) return undefined;
  let toolName: string | undefined;
  if (method === 'tools/call') {
    if (typeof params?.name !== 'string') return undefined;
    if (params.arguments !== undefined && !isRecord(params.arguments)) return undefined;
    toolName = params.name;
  } else if (params && Object.keys(params).some((k) => k !== '_meta')) {
    return undefined; // cursors and other parameters: let the SDK interpret them
  }
  const headerVersion = headers['mcp-protocol-version'];
  const claimed = meta?.[META_PROTOCOL_VERSION];
  let era: FastLaneRequest['era'];
  if (claimed !== undefined) {
    // Modern: the envelope must be complete and agree with the routing headers exactly.
    if (typeof claimed !== 'string' || !MODERN_VERSIONS.has(claimed) || headerVersion !== claimed) return undefined;
    const clientInfo = meta?.[META_CLIENT_INFO];
    if (!isRecord(clientInfo) || typeof clientInfo.name !== 'string' || typeof clientInfo.version !== 'string') return undefined;
    if (!isRecord(meta?.[META_CLIENT_CAPABILITIES])) return undefined;
    if (headers['mcp-method'] !== method) return undefined;
    if (method === 'tools/call' && headers['mcp-name'] !== toolName) return undefined;
    if (!acceptsJson(headers.accept, false)) return undefined;
    // 2026-07-28 removed `ping`: the SDK answers it with HTTP 404 and -32601, so it is not ours to answer.
    if (method === 'ping') return undefined;
    era = 'modern';
  } else {
    if (headerVersion !== undefined && (typeof headerVersion !== 'string' || !LEGACY_VERSIONS.has(headerVersion))) return undefined;
    if (headers['mcp-method'] !== undefined || headers['mcp-session-id'] !== undefined) return undefined;
    if (!acceptsJson(headers.accept, true)) return undefined;
    if (meta && Object.keys(meta).some((k) => k.startsWith('io.modelcontextprotocol/'))) return undefined;
    era = 'legacy';
  }
  return {
    id,
    method: method as FastLaneMethod,
    era,
    ...(toolName === undefined ? {} : { toolName, arguments: params?.arguments }),
    ...(meta ? { meta } : {}),
  };
}

/** The W3C trace context a request carries in `params._meta` (SEP-414: unprefixed keys). */
export function traceMetaOf(meta: unknown): McpRequestInfo['meta'] {
  if (!isRecord(meta) || typeof meta.traceparent !== 'string') return undefined;
  return { traceparent: meta.traceparent, ...(typeof meta.tracestate === 'string' ? { tracestate: meta.tracestate } : {}) };
}

/** What telemetry and usage records need to know about a fast-lane request. */
export function fastLaneRequestInfo(request: FastLaneRequest, headers: IncomingHttpHeaders): McpRequestInfo {
  const header = headers['mcp-protocol-version'];
  const version =
    request.era === 'modern' ? (request.meta?.[META_PROTOCOL_VERSION] as string) : typeof header === 'string' ? header : undefined;
  const meta = traceMetaOf(request.meta);
  return {
    requestId: typeof request.id === 'string' ? boundedText(request.id) : request.id,
    era: request.era,
    ...(version === undefined ? {} : { protocolVersion: boundedText(version, 32) }),
    ...(meta ? { meta } : {}),
    transport: 'http',
  };
}

/** `,"resultType":"complete","_meta":{"<server info key>":{…}}}`: the tail of a modern result, per serverInfo object. */
const modernTails = new WeakMap<object, string>();

function modernTail(serverInfo: { name: string; version: string }): string {
  let tail = modernTails.get(serverInfo);
  if (tail === undefined) {
    tail = `,"resultType":"complete","_meta":{${JSON.stringify(META_SERVER_INFO)}:${JSON.stringify(serverInfo)}}}`;
    modernTails.set(serverInfo, tail);
  }
  return tail;
}

/** Wraps a result the way the SDK does for the request's era. */
export function encodeFastLaneResult(
  request: FastLaneRequest,
  result: Record<string, unknown>,
  serverInfo: { name: string; version: string },
): string {
  const head = `{"jsonrpc":"2.0","id":${JSON.stringify(request.id)},"result":`;
  if (request.era !== 'modern') return `${head}${JSON.stringify(result)}}`;
  // A tool result (content, structuredContent) gets the modern fields appended to its own JSON: the
  // object spreads this replaces cost more than serialising the result itself.
  if (request.method === 'tools/call' && !('_meta' in result) && !('resultType' in result)) {
    const json = JSON.stringify(result);
    if (json.length > 2) return `${head}${json.slice(0, -1)}${modernTail(serverInfo)}}`;
  }
  let body: Record<string, unknown> = {
    ...result,
    resultType: 'complete',
    _meta: { ...(isRecord(result._meta) ? result._meta : {}), [META_SERVER_INFO]: serverInfo },
  };
  // The list depends on the caller's permissions (and on PUBLIC_TOOLS for anonymous callers).
  if (request.method === 'tools/list') body = { ...body, ...PER_CALLER_CACHE_HINT };
  return `${head}${JSON.stringify(body)}}`;
}
