/**
 * The HTTP pipeline (docs/architecture.md, "The request path"): correlation id → security headers, CORS, Origin/Host checks →
 * authentication (on the headers: no credentials, no body byte read) → header-decided rate limits
 * and per-client concurrency → body (bound, deadline, process budget) and JSON parsing → call-counted
 * rate limits → the MCP endpoint (mcp/endpoint.ts: anonymous policy, session gate, permission, lane).
 * This file is transport only: it imports nothing from mcp/.
 * Operational endpoints: /health, /ready, /status, /metrics.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import cors from 'cors';
import { missingCredentials, type Authenticator } from '../auth/authenticate.js';
import type { Challenge } from '../auth/challenge.js';
import { requirePermission } from '../auth/guards.js';
import type { Identity } from '../auth/identity.js';
import type { RouteAuth, RouteHandler } from '../auth/route-auth.js';
import { acceptCorrelationId, currentScope, markRecorded, runInScope, type RequestScope } from '../context.js';
import { ServiceError, toServiceError } from '../errors.js';
import type { Logger } from '../logger.js';
import { statusClass, type Metrics } from '../metrics.js';
import { isRecord, messageId, type JsonRpcId } from '../json-rpc.js';
import type { McpEndpoint } from './exchange.js';
import { isOAuthProbePath, sendNoOAuth } from '../auth/no-oauth.js';
import { PROTECTED_RESOURCE_PATHS } from '../auth/oauth-metadata.js';
import { BodyBudget, jsonTextExceedsDepth, MAX_JSON_DEPTH, readBody } from './body.js';
import { sendJson, sendJsonRpcError, sendPlainError } from './respond.js';
import { captureHelmetHeaders, type OriginPolicy } from './security.js';

/**
 * A dependency readiness check: resolves when healthy, rejects when the service cannot serve
 * without it. It may resolve with a word (`stale`, `unavailable`) for a dependency that is
 * degraded while the service still serves: shown in `checks`, readiness unchanged.
 */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void | string>;
}

export type { RouteAuth, RouteHandler } from '../auth/route-auth.js';

export interface PipelineDeps {
  service: { name: string; version: string };
  /** Every MCP decision (mcp/endpoint.ts): the transport hands it authenticated, parsed requests. */
  mcp: McpEndpoint;
  logger: Logger;
  metrics: Metrics | undefined;
  authenticate: Authenticator;
  originPolicy: OriginPolicy;
  maxBodyBytes: number;
  /**
   * Body bound for callers without credentials when public tools exist (without public tools such a
   * caller gets 401 before any body byte is read). Capped at `maxBodyBytes`. Default 64 KiB.
   */
  anonymousMaxBodyBytes?: number;
  /** A body must arrive within this long once reading starts: else 408 and the connection closes. Default 15 000 ms. */
  bodyTimeoutMs?: number;
  /** Bytes of request bodies the process holds at once; past it 503 with Retry-After. Default 64 MiB (at least `maxBodyBytes`). */
  maxBodyBytesInFlight?: number;
  /** /mcp requests one client id may have in flight in this process; past it 429 with Retry-After. Default 64. */
  maxConcurrentPerClient?: number;
  metricsToken: string | undefined;
  readiness: ReadinessCheck[];
  status: () => Record<string, unknown>;
  /**
   * Called after authentication and before any body byte is read, with what the headers say;
   * throws a ServiceError (429) to refuse without reading the body. Must not wait for I/O.
   */
  admitMcp?: (ctx: { req: IncomingMessage; identity: Identity }) => void;
  routes?: Record<string, RouteHandler>;
  /** Builds `WWW-Authenticate` for 401/403 (adds resource_metadata when OAuth is configured). */
  challenge?: Challenge;
  /**
   * Tracing is on: keep the caller's `traceparent` / `tracestate` in the request scope so the
   * tool-call span is parented on them. Off, the headers are never read.
   */
  propagateTrace?: boolean;
}

export interface Pipeline {
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Requests being served right now. */
  inFlight: () => number;
  /** Marks the service as draining: /ready fails and responses close their connections. */
  startDraining: () => void;
  isDraining: () => boolean;
  /** Resolves when no request is in flight. */
  idle: () => Promise<void>;
}

const KNOWN_ROUTES = new Set(['/mcp', '/health', '/ready', '/status', '/metrics']);

function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** How long a connection refused with its body unread stays half-closed before it is destroyed. */
const UNREAD_BODY_LINGER_MS = 2_000;

/**
 * Node's server ends a `Connection: close` response's socket with `destroySoon()` as soon as the
 * answer is written. Closing a socket with unread input makes the kernel send RST, which can reach
 * the client before it has read the answer: it would see a reset instead of the 401 / 408 / 413 /
 * 429 / 503. Here the socket is half-closed instead (the answer and FIN go out), reading stops (no
 * byte of the rest of the body is drained: the client is held back by TCP flow control), and the
 * socket is destroyed after UNREAD_BODY_LINGER_MS.
 */
function closeWithoutDraining(socket: Socket): void {
  socket.destroySoon = function (this: Socket) {
    this.end();
    this.pause();
    const timer = setTimeout(() => this.destroy(), UNREAD_BODY_LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
  };
}

/** What the pipeline knows about a request as it goes (metrics label, the id errors answer, the parsed body while tracing). */
interface RequestState {
  method: string;
  id: JsonRpcId;
  message?: unknown;
}

/** Seconds a client over its concurrency cap is told to wait. */
const CONCURRENCY_RETRY_AFTER_SECONDS = 1;

/** Creates the request handler. */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const helmetHeaders = captureHelmetHeaders();
  const corsMiddleware = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && deps.originPolicy.originAllowed(origin)),
    methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowedHeaders: [
      'Content-Type',
      'Accept',
      'Authorization',
      'X-API-Key',
      'Mcp-Protocol-Version',
      'Mcp-Session-Id',
      'Mcp-Method',
      'Mcp-Name',
      'Last-Event-ID',
      'X-Request-Id',
      'X-Correlation-ID',
      'traceparent',
      'tracestate',
    ],
    exposedHeaders: [
      'Mcp-Session-Id',
      'X-Request-Id',
      'WWW-Authenticate',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'RateLimit-Policy',
      'RateLimit',
      'Retry-After',
    ],
    maxAge: 600,
  });
  let inFlight = 0;
  let draining = false;
  const maxBodyBytes = deps.maxBodyBytes;
  const anonymousMaxBodyBytes = Math.min(deps.anonymousMaxBodyBytes ?? 64 * 1024, maxBodyBytes);
  const bodyTimeoutMs = deps.bodyTimeoutMs ?? 15_000;
  const bodyBudget = new BodyBudget(Math.max(deps.maxBodyBytesInFlight ?? 64 * 1024 * 1024, maxBodyBytes));
  const maxConcurrentPerClient = deps.maxConcurrentPerClient ?? 64;
  // /mcp requests in flight per client id (this process): one client cannot hold every slot.
  const clientRequests = new Map<string, number>();
  let lastAcceptedHost: string | undefined;
  // Responses whose headers may not be sent yet: draining marks them `Connection: close`, so no
  // client sends another request on a connection that is about to close.
  const pending = new Set<ServerResponse>();
  let idleWaiters: (() => void)[] = [];
  const { metrics, logger } = deps;

  const finished = (req: IncomingMessage, res: ServerResponse, route: string, method: string, started: number) => {
    inFlight--;
    if (metrics) {
      metrics.httpRequests.inc({ route, method, status_class: statusClass(res.statusCode) });
      metrics.httpDuration.observe({ route, method }, (performance.now() - started) / 1000);
    }
    if (logger.isLevelEnabled('http'))
      logger.http('request', {
        method: req.method,
        route,
        mcpMethod: method,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      });
    if (inFlight === 0 && idleWaiters.length > 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const anonymousBodyTooLarge = (limit: number): ServiceError => {
    deps.metrics?.authFailures.inc({ reason: 'missing_credentials' });
    return new ServiceError(
      'unauthenticated',
      `Authentication required: requests without credentials may carry at most ${limit} bytes; send X-API-Key or Authorization: Bearer`,
      {
        data: { anonymousLimitBytes: limit },
        headers: missingCredentials(deps.challenge).headers ?? {},
      },
    );
  };

  const routeAuth = (req: IncomingMessage): RouteAuth => {
    const identity = async () => deps.authenticate(req.headers);
    return {
      identity,
      require: async (permission) => {
        const who = await identity(); // bad credentials: 401, counted by the authenticator
        try {
          return requirePermission(who, permission, deps.challenge);
        } catch (error) {
          deps.metrics?.authFailures.inc({
            reason: who === undefined || who.authType === 'anonymous' ? 'missing_credentials' : 'insufficient_permission',
          });
          throw error;
        }
      },
    };
  };

  // Compared as digests: constant time, whatever the lengths.
  const metricsTokenDigest = deps.metricsToken === undefined ? undefined : createHash('sha256').update(deps.metricsToken).digest();
  const presentsMetricsToken = (req: IncomingMessage, expected: Buffer) => {
    const presented = /^Bearer[ \t]+([^\s]+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    return presented !== undefined && timingSafeEqual(createHash('sha256').update(presented).digest(), expected);
  };

  const serveMetrics = async (req: IncomingMessage, res: ServerResponse) => {
    if (!metrics) return sendPlainError(res, new ServiceError('not_found', 'Metrics are disabled'));
    // With METRICS_TOKEN: the token, or else an admin credential (401 without or with bad
    // credentials, 403 insufficient_scope for a valid one without admin).
    if (metricsTokenDigest !== undefined && !presentsMetricsToken(req, metricsTokenDigest)) await routeAuth(req).require('admin');
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const serveReady = async (res: ServerResponse) => {
    const checks: Record<string, string> = {};
    let ready = !draining;
    await Promise.all(
      deps.readiness.map(async ({ name, check }) => {
        try {
          const status = await check();
          checks[name] = typeof status === 'string' ? status : 'ok';
        } catch {
          checks[name] = 'unavailable';
          ready = false;
        }
      }),
    );
    sendJson(res, ready ? 200 : 503, JSON.stringify({ ready, draining, checks }));
  };

  const handleMcp = async (req: IncomingMessage, res: ServerResponse, correlationId: string, state: RequestState) => {
    // The SDK lane builds a URL from the Host header: one that is no valid authority
    // (`127.0.0.1:99999`, `a b`) is the client's mistake, not an internal error.
    const host = req.headers.host;
    if (host !== lastAcceptedHost) {
      if (host !== undefined && !URL.canParse(`http://${host}/`)) throw new ServiceError('invalid_request', 'Invalid Host header');
      if (!deps.originPolicy.hostAllowed(host)) throw new ServiceError('origin_forbidden', 'Host header not allowed');
      // Clients send the same Host on every request: the last one that passed is not checked again.
      if (host !== undefined) lastAcceptedHost = host;
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!deps.originPolicy.originAllowed(origin)) throw new ServiceError('origin_forbidden', 'Origin not allowed');
      let preflightDone = true;
      corsMiddleware(req, res, () => (preflightDone = false));
      if (preflightDone) return;
    } else if (req.method === 'OPTIONS') {
      res.writeHead(204, { allow: 'GET, POST, DELETE, OPTIONS' });
      res.end();
      return;
    }
    const method = req.method ?? 'GET';
    if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
      throw new ServiceError('method_not_allowed', 'Method not allowed', { headers: { Allow: 'GET, POST, DELETE' } });
    }
    if (method === 'POST') {
      const contentType = req.headers['content-type'];
      if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) {
        throw new ServiceError('unsupported_media_type', 'Content-Type must be application/json');
      }
    }
    // API keys verify synchronously; only a token verifier (JWT, OAuth) returns a promise to wait for.
    const verdict = deps.authenticate(req.headers);
    const authenticated = verdict instanceof Promise ? await verdict : verdict;
    const anonymous = authenticated === undefined;
    const identity = authenticated ?? deps.mcp.admitAnonymous(method, clientIp(req));
    deps.admitMcp?.({ req, identity });
    const clientId = identity.clientId;
    const running = clientRequests.get(clientId) ?? 0;
    if (running >= maxConcurrentPerClient) {
      throw new ServiceError(
        'rate_limited',
        `Too many concurrent requests from this client (at most ${maxConcurrentPerClient} at once); retry later`,
        {
          data: { reason: 'concurrent_requests', limit: maxConcurrentPerClient, retryAfterSeconds: CONCURRENCY_RETRY_AFTER_SECONDS },
          headers: { 'Retry-After': String(CONCURRENCY_RETRY_AFTER_SECONDS) },
        },
      );
    }
    clientRequests.set(clientId, running + 1);
    let reserved = 0;
    res.once('close', () => {
      const left = (clientRequests.get(clientId) ?? 1) - 1;
      if (left > 0) clientRequests.set(clientId, left);
      else clientRequests.delete(clientId);
      bodyBudget.release(reserved);
    });
    let message: unknown;
    let text: string | undefined;
    let inputBytes = 0;
    if (method === 'POST') {
      const body = await readBody(req, {
        limit: anonymous ? anonymousMaxBodyBytes : maxBodyBytes,
        timeoutMs: bodyTimeoutMs,
        reserve: (bytes) => {
          if (!bodyBudget.tryReserve(bytes)) return false;
          reserved += bytes;
          return true;
        },
        // Larger bodies need credentials: the answer says so with the usual challenge.
        ...(anonymous ? { tooLarge: (limit: number) => anonymousBodyTooLarge(limit) } : {}),
      });
      inputBytes = body.length;
      const requestScope = currentScope();
      if (requestScope) requestScope.bodyBytes = inputBytes;
      try {
        text = body.toString('utf8');
        message = JSON.parse(text);
      } catch {
        throw new ServiceError('parse_error', 'Parse error: the body is not valid JSON');
      }
      if (!isRecord(message) && !Array.isArray(message))
        throw new ServiceError('invalid_request', 'Invalid request: expected a JSON-RPC message object');
    }
    state.method = deps.mcp.methodLabel(message) ?? state.method;
    state.id = messageId(message);
    if (deps.mcp.refused) state.message = message;
    if (text !== undefined && jsonTextExceedsDepth(text))
      throw new ServiceError('invalid_request', `Invalid request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`, {
        data: { maxDepth: MAX_JSON_DEPTH },
      });
    await deps.mcp.serve({ req, res, identity, anonymous, message, inputBytes, correlationId, ip: clientIp(req), reply: state });
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    inFlight++;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const route = KNOWN_ROUTES.has(path) ? path : deps.routes?.[path] ? path : 'other';
    const state: RequestState = { method: '-', id: null };
    const correlationId = acceptCorrelationId(req.headers['x-request-id'], req.headers['x-correlation-id']);
    for (const [name, value] of helmetHeaders) res.setHeader(name, value);
    res.setHeader('x-request-id', correlationId);
    if (draining) res.setHeader('connection', 'close');
    else pending.add(res);
    res.once('close', () => {
      pending.delete(res);
      finished(req, res, route, state.method, started);
    });
    const scope: RequestScope = { correlationId, httpRequest: req };
    if (deps.propagateTrace) {
      const { traceparent, tracestate } = req.headers;
      if (typeof traceparent === 'string') scope.trace = { traceparent, ...(typeof tracestate === 'string' ? { tracestate } : {}) };
      scope.telemetry = { recorded: false };
    }
    // Only while tracing: when the request started, for the span of a refusal.
    const startedAt = deps.mcp.refused ? Date.now() : 0;
    runInScope(scope, () => {
      const serve = async () => {
        switch (path) {
          case '/mcp':
            return handleMcp(req, res, correlationId, state);
          case '/health':
            return sendJson(res, 200, JSON.stringify({ status: 'ok', service: deps.service.name }));
          case '/ready':
            return serveReady(res);
          case '/status':
            return sendJson(res, 200, JSON.stringify(deps.status()));
          case '/metrics':
            return serveMetrics(req, res);
          default: {
            const extra = deps.routes?.[path];
            if (extra) return extra(req, res, routeAuth(req));
            // Without OAuth (no metadata route), a client hunting for it is told to send the API key.
            if (!deps.routes?.[PROTECTED_RESOURCE_PATHS[0]] && isOAuthProbePath(path)) return sendNoOAuth(res, path);
            throw new ServiceError('not_found', `No route for ${path.slice(0, 100)}`);
          }
        }
      };
      serve().catch((thrown: unknown) => {
        const error = toServiceError(thrown);
        if (error.code === 'internal')
          logger.error('request failed', {
            error: thrown instanceof Error ? { name: thrown.name, message: thrown.message, stack: thrown.stack } : String(thrown),
          });
        if (res.headersSent) {
          res.end();
          return;
        }
        // A body left unread (refused before or while reading it) is not drained: the connection closes.
        if (!req.complete) {
          res.setHeader('connection', 'close');
          closeWithoutDraining(req.socket);
        }
        if (path === '/mcp') {
          sendJsonRpcError(res, error, state.id);
          // Tracing: a refusal the MCP layer has not recorded gets its span (the MCP method's when
          // the body was parsed, else the HTTP request's).
          if (deps.mcp.refused && scope.telemetry?.recorded === false) {
            markRecorded(scope);
            deps.mcp.refused({
              req,
              error,
              message: state.message,
              correlationId,
              startedAt,
              durationMs: performance.now() - started,
              scheme: (req.socket as Socket & { encrypted?: boolean }).encrypted ? 'https' : 'http',
            });
          }
        } else sendPlainError(res, error);
      });
    });
  };

  return {
    handle,
    inFlight: () => inFlight,
    startDraining: () => {
      draining = true;
      for (const res of pending) if (!res.headersSent) res.setHeader('connection', 'close');
      pending.clear();
    },
    isDraining: () => draining,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
  };
}
