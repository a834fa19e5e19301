/**
 * Turns a service declaration into a running server: HTTP (or HTTPS) with the full pipeline, or
 * stdio. `startService` is for tests and embedding; `runService` is the entry point a service's
 * index.ts calls (flags, config errors, signals, exit codes).
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import type { NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import { createSecurity, securityProblems, type Security } from './auth/security.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { registerGauges } from './gauges.js';
import type { CallToolDeps, ToolCallEvent, ToolCallObserver } from './mcp/call-tool.js';
import { ResourceCatalog } from './mcp/resources.js';
import { createMcpEndpoint } from './mcp/endpoint.js';
import type { SdkServerDeps } from './mcp/sdk-server.js';
import { loadSdk } from './mcp/sdk.js';
import { LegacySessions, legacySessionsEnabled } from './mcp/legacy-sessions.js';
import { ResourceSubscriptions, type SubscriptionStats } from './mcp/subscriptions.js';
import { OpenStreams } from './mcp/open-streams.js';
import { ToolRegistry } from './mcp/tool-registry.js';
import { createPipeline, type Pipeline, type ReadinessCheck } from './http/server.js';
import { createOriginPolicy } from './http/security.js';
import { locateServicesRegistry, type ServicesRegistry } from './registry.js';
import type { ServiceDefinition } from './service.js';
import { createStore } from './store/create-store.js';
import { BreakerRegistry } from './breakers.js';
import { createBreakerRoutes } from './http/breaker-routes.js';
import { isServiceError } from './errors.js';
import { toUsageRecord } from './usage/record.js';
import { createUsageRecorder } from './usage/create-usage.js';
import type { UsageRecorder } from './usage/recorder.js';
import { RedisStore } from './store/redis-store.js';
import { createRateLimiter } from './http/rate-limit.js';
import type { Store } from './store/store.js';
import { ComputePool } from './compute/pool.js';
import { startToolTracing, type ToolTracer } from './tracing.js';

export interface StartServiceOptions {
  /** Parsed configuration; default: loaded from the environment. */
  config?: Config;
  /** Port to listen on; overrides PORT and services.json (0 = any free port). */
  port?: number;
  /** Logger; default: JSON lines on stdout at LOG_LEVEL. */
  logger?: Logger;
  /** Store; default: Redis when REDIS_URL is set, in memory otherwise. */
  store?: Store;
  /** Observers of every finished tool call (usage records, tests). */
  onToolCall?: (event: ToolCallEvent) => void;
  /** Module URL of the entry point, used to find services.json. */
  moduleUrl?: string;
}

export interface RunningService {
  name: string;
  /** Base URL, e.g. `http://127.0.0.1:8108`. */
  url: string;
  /** The MCP endpoint, `${url}/mcp`. */
  mcpUrl: string;
  port: number;
  config: Config;
  logger: Logger;
  metrics: Metrics | undefined;
  store: Store;
  /** Graceful shutdown: stop accepting, drain in-flight requests (up to SHUTDOWN_TIMEOUT_MS), flush, close. */
  close: () => Promise<void>;
  /** Requests in flight right now. */
  inFlight: () => number;
  httpServer: HttpServer;
  /** Open resource subscriptions on this replica; present when a resource is subscribable. */
  subscriptionStats?: () => SubscriptionStats;
}

/** Production-profile checks that need more than the schema; each problem named. */
function productionProblems(config: Config): string[] {
  return securityProblems(config);
}

/** PUBLIC_TOOLS must name tools of this service: a typo would silently leave a tool closed. */
function publicTools(config: Config, definition: ServiceDefinition): Set<string> {
  const names = new Set(definition.tools.map((t) => t.name));
  const unknown = config.PUBLIC_TOOLS.filter((name) => !names.has(name));
  if (unknown.length > 0)
    throw new ConfigError([
      `PUBLIC_TOOLS: ${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length === 1 ? 'is not a tool' : 'are not tools'} of ${definition.name} (its tools: ${[...names].join(', ')})`,
    ]);
  return new Set(config.PUBLIC_TOOLS);
}

interface Assembled {
  config: Config;
  logger: Logger;
  metrics: Metrics | undefined;
  store: Store;
  breakers: BreakerRegistry;
  usage: UsageRecorder | undefined;
  callDeps: CallToolDeps;
  compute: ComputePool;
  sdkDeps: SdkServerDeps;
  registry: ServicesRegistry | undefined;
}

/**
 * Everything both entries (HTTP, stdio) share, built once: one CallToolDeps with its list of
 * observers, which the fast lane, the SDK lane and stdio all use (the SDK deps refer to it).
 * `tracing` is read per call: the tracer starts after assembly (its configuration is loaded here).
 */
function assemble(
  definition: ServiceDefinition,
  options: StartServiceOptions,
  stdio: boolean,
  tracing?: { tracer?: ToolTracer },
): Assembled {
  const config = options.config ?? loadConfig(process.env);
  const logger = options.logger ?? createLogger({ service: definition.name, level: config.LOG_LEVEL, stderr: stdio });
  const metrics = config.METRICS_ENABLED && !stdio ? createMetrics({ service: definition.name }) : undefined;
  const breakers = new BreakerRegistry({
    defaults: {
      failureThresholdPercent: config.CIRCUIT_BREAKER_FAILURE_THRESHOLD,
      volumeThreshold: config.CIRCUIT_BREAKER_VOLUME_THRESHOLD,
      resetTimeoutMs: config.CIRCUIT_BREAKER_RESET_TIMEOUT,
      timeoutMs: config.CIRCUIT_BREAKER_TIMEOUT,
    },
    logger,
    ...(metrics ? { metrics } : {}),
  });
  // Breakers the service declares exist from the start: GET /circuit-breakers and /metrics list
  // them before their first call.
  for (const [name, breakerOptions] of Object.entries(definition.breakers ?? {})) breakers.get(name, breakerOptions);
  // Only outages count for the Redis breaker (WRONGTYPE and friends are bugs, not Redis failing).
  const redisBreaker = config.REDIS_URL
    ? breakers.get('redis', { isFailure: (error) => isServiceError(error) && error.code === 'unavailable' })
    : undefined;
  // Redis coming back closes its breaker at once: the reset timeout is for dependencies that give
  // no such signal, and would otherwise keep failing calls for up to CIRCUIT_BREAKER_RESET_TIMEOUT.
  const store =
    options.store ??
    createStore(config, {
      logger,
      ...(redisBreaker
        ? {
            guard: (operation) => redisBreaker.fire(operation),
            onReconnect: () => (redisBreaker.state() === 'closed' ? undefined : breakers.reset('redis')),
          }
        : {}),
    });
  if (metrics) registerGauges(metrics, definition.gauges ?? [], { store, logger });
  const registry = new ToolRegistry(definition.tools, publicTools(config, definition));
  // Nothing starts here: the first heavy call creates the pool's first thread.
  const compute = new ComputePool({
    threads: config.TOOL_WORKERS,
    heapMb: config.TOOL_WORKER_HEAP_MB,
    idleTimeoutMs: config.TOOL_WORKER_IDLE_MS,
    maxQueue: config.TOOL_WORKER_MAX_QUEUE,
    logger,
  });
  let servicesRegistry: ServicesRegistry | undefined;
  try {
    servicesRegistry = locateServicesRegistry({
      ...(config.SERVICES_FILE ? { file: config.SERVICES_FILE } : {}),
      ...(options.moduleUrl ? { moduleUrl: options.moduleUrl } : {}),
    });
  } catch (error) {
    if (config.SERVICES_FILE) throw error;
  }
  const stateDir = config.STATE_DIR ?? (servicesRegistry ? join(dirname(servicesRegistry.file), '.state') : join(process.cwd(), '.state'));
  const postgresBreaker = config.DATABASE_URL ? breakers.get('postgres') : undefined;
  const usage = createUsageRecorder(config, {
    service: definition.name,
    stateDir,
    logger,
    stdio,
    ...(metrics ? { metrics } : {}),
    ...(postgresBreaker ? { postgresGuard: (operation) => postgresBreaker.fire(operation) } : {}),
  });
  const logInputs = config.USAGE_LOG_INPUTS;
  const costs = config.USAGE_TOOL_COSTS;
  // The tracer runs first, so the observers after it (usage records) see the trace id it set.
  const observers: ToolCallObserver[] = [
    ...(tracing && config.OTEL_EXPORTER_OTLP_ENDPOINT ? [(event: ToolCallEvent) => tracing.tracer?.record(event)] : []),
    ...(options.onToolCall ? [options.onToolCall] : []),
    ...(usage ? [(event: ToolCallEvent) => usage.record(toUsageRecord(event, definition.name, logInputs, costs))] : []),
  ];
  const callDeps: CallToolDeps = {
    service: definition.name,
    registry,
    logger,
    metrics,
    store,
    defaultTimeoutMs: config.TOOL_TIMEOUT_MS,
    breakers,
    compute,
    observers,
  };
  const resources = new ResourceCatalog(definition.resources ?? [], definition.resourceTemplates ?? [], { logger, store });
  const sdkDeps: SdkServerDeps = {
    call: callDeps,
    name: definition.name,
    version: definition.version,
    resources,
    ...(definition.instructions ? { instructions: definition.instructions } : {}),
    ...(tracing ? { tracing } : {}),
  };
  return { config, logger, metrics, store, breakers, usage, callDeps, compute, sdkDeps, registry: servicesRegistry };
}

/** The OTLP exporters of OTEL_EXPORTER_OTLP_ENDPOINT (set), for HTTP and stdio alike. */
function startTracing(config: Config, definition: ServiceDefinition, logger: Logger): Promise<ToolTracer> {
  return startToolTracing({
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT!,
    service: definition,
    logger,
    captureContent: config.TRACE_TOOL_CONTENT,
    metricExportIntervalMs: config.OTEL_METRIC_EXPORT_INTERVAL,
  });
}

/** Starts the service over HTTP and resolves once it listens. */
export async function startService(definition: ServiceDefinition, options: StartServiceOptions = {}): Promise<RunningService> {
  const tracing: { tracer?: ToolTracer } = {};
  const { config, logger, metrics, store, breakers, usage, callDeps, compute, sdkDeps, registry } = assemble(
    definition,
    options,
    false,
    tracing,
  );
  if (config.profile === 'production') {
    const problems = productionProblems(config);
    if (problems.length > 0) throw new ConfigError(problems);
  }
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) tracing.tracer = await startTracing(config, definition, logger);
  let security: Security;
  try {
    security = createSecurity({
      config,
      logger,
      metrics,
      serviceName: definition.name,
      devKeyDir: () => config.STATE_DIR ?? (registry ? join(dirname(registry.file), '.state') : join(process.cwd(), '.state')),
    });
  } catch (error) {
    throw new ConfigError([`API_KEYS_FILE: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const { authenticate } = security;
  // One count per client for open streams of both eras on this replica.
  const openStreams = new OpenStreams(config.OPEN_STREAMS_PER_CLIENT);
  // The SDK lane is built on its first request (issue #17), subscriptions and 2025-era sessions
  // included (their SDK parts are created then): canonical tools/call, tools/list and ping take the
  // fast lane, so a service that only gets those never loads the SDK.
  const subscriptions = sdkDeps.resources.subscribable
    ? new ResourceSubscriptions({
        service: definition.name,
        store,
        logger,
        resources: sdkDeps.resources,
        challenge: security.challenge,
        openStreams,
        ...(definition.subscriptionLimits ? { limits: definition.subscriptionLimits } : {}),
      })
    : undefined;
  // Tools announce resource changes through the hub (both lanes: they share callDeps).
  if (subscriptions) callDeps.resourceNotifier = subscriptions;
  const legacySessions = legacySessionsEnabled(config.LEGACY_SESSIONS, subscriptions !== undefined)
    ? new LegacySessions({
        service: definition.name,
        store,
        logger,
        ttlMs: config.LEGACY_SESSION_TTL_MS,
        maxSessionsPerClient: config.LEGACY_SESSIONS_PER_CLIENT,
        openStreams,
        ...(subscriptions
          ? {
              subscriptions,
              maxSubscriptionsPerSession: subscriptions.limits.maxUrisPerStream,
              maxStreams: subscriptions.limits.maxStreams,
            }
          : {}),
      })
    : undefined;
  let sdkLane: Promise<{ close: () => Promise<void>; handle: NodeMcpRequestHandler }> | undefined;
  const buildSdkLane = async () => {
    // One import after the other: jest's ESM loader fails on overlapping module graphs imported in parallel.
    const { createMcpHandler } = await loadSdk();
    const { toNodeHandler } = await import('@modelcontextprotocol/node');
    const { createSdkServerFactory } = await import('./mcp/sdk-server.js');
    const sdk = createMcpHandler(
      createSdkServerFactory({ ...sdkDeps, subscriptions: subscriptions !== undefined, ...(legacySessions ? { legacySessions } : {}) }),
      {
        legacy: 'stateless',
        ...(subscriptions ? { bus: subscriptions.bus, maxSubscriptions: subscriptions.limits.maxStreams } : {}),
        maxRequestBodySize: config.MAX_BODY_BYTES,
        onerror: (error) => logger.debug('sdk rejected a request', { error: error.message }),
      },
    );
    return {
      close: () => sdk.close(),
      handle: toNodeHandler(sdk, {
        maxRequestBodySize: config.MAX_BODY_BYTES,
        onerror: (error) => logger.error('sdk adapter failed', { error: error.message }),
      }),
    };
  };
  const nodeHandler = (async (req: IncomingMessage, res: ServerResponse, message?: unknown) => {
    const lane = await (sdkLane ??= buildSdkLane());
    return lane.handle(req, res, message);
  }) as NodeMcpRequestHandler;
  // The pipeline hands the SDK lane Node's own request and response objects.
  const sdkHandler: typeof nodeHandler = subscriptions
    ? ((async (req: IncomingMessage, res: ServerResponse, message?: unknown) => {
        await subscriptions.admit(req, res, message);
        return nodeHandler(req, res, message);
      }) as typeof nodeHandler)
    : nodeHandler;
  const startedAt = Date.now();
  const readiness: ReadinessCheck[] = [{ name: 'store', check: () => store.ping() }];
  const rateLimiter = config.RATE_LIMIT_ENABLED
    ? createRateLimiter({
        service: definition.name,
        windowMs: config.RATE_LIMIT_WINDOW_MS,
        limit: config.RATE_LIMIT_MAX_REQUESTS,
        toolLimits: config.RATE_LIMIT_TOOL_LIMITS,
        failureMode: config.RATE_LIMIT_FAILURE_MODE,
        ...(store instanceof RedisStore ? { redis: store } : {}),
        logger,
        ...(metrics ? { metrics } : {}),
      })
    : undefined;
  if (rateLimiter?.backend === 'redis') readiness.push({ name: 'rate_limit', check: rateLimiter.ready });
  const issuerKeys = security.issuerKeys;
  if (issuerKeys) {
    // The issuer is a breaker too (GET /circuit-breakers, /status, mcp_circuit_breaker_state; reset: retry now).
    issuerKeys.onChange(
      breakers.register('oauth_issuer', {
        state: () => issuerKeys.breakerState(),
        stats: () => issuerKeys.breakerStats(),
        reset: () => void issuerKeys.retryNow(),
      }),
    );
    // Without usable keys no OAuth token can be verified; that makes the service unready only
    // when OAuth is its one credential source (API keys and HS256 tokens still work otherwise).
    const onlyOAuth = config.apiKeys.length === 0 && config.API_KEYS_FILE === undefined && config.JWT_SECRET === undefined;
    readiness.push({
      name: 'oauth_issuer',
      check: async () => {
        if (issuerKeys.state().status === 'unknown') await issuerKeys.warm();
        const { status } = issuerKeys.state();
        if (status === 'unavailable' && onlyOAuth) throw new Error('the issuer cannot be reached and no keys are cached');
        return status === 'fresh' ? undefined : status;
      },
    });
  }
  const mcp = createMcpEndpoint({
    service: { name: definition.name, version: definition.version },
    callDeps,
    sdkHandler,
    metrics,
    challenge: security.challenge,
    ...(rateLimiter ? { beforeMcp: rateLimiter.check } : {}),
    ...(legacySessions ? { legacySessions } : {}),
    ...(tracing.tracer ? { tracing } : {}),
  });
  const pipeline: Pipeline = createPipeline({
    service: { name: definition.name, version: definition.version },
    mcp,
    logger,
    metrics,
    authenticate,
    originPolicy: createOriginPolicy({
      corsOrigins: config.CORS_ORIGINS,
      allowedHosts: config.ALLOWED_HOSTS,
      bindHost: config.HOST,
      publicUrl: config.PUBLIC_URL,
      allowLoopbackOrigins: config.profile !== 'production',
    }),
    maxBodyBytes: config.MAX_BODY_BYTES,
    anonymousMaxBodyBytes: config.ANONYMOUS_MAX_BODY_BYTES,
    bodyTimeoutMs: config.BODY_TIMEOUT_MS,
    maxBodyBytesInFlight: config.MAX_BODY_BYTES_IN_FLIGHT,
    maxConcurrentPerClient: config.MAX_CONCURRENT_REQUESTS_PER_CLIENT,
    metricsToken: config.METRICS_TOKEN,
    challenge: security.challenge,
    propagateTrace: tracing.tracer !== undefined,
    routes: { ...security.routes, ...createBreakerRoutes(breakers) },
    readiness,
    ...(rateLimiter ? { admitMcp: rateLimiter.admit } : {}),
    status: () => ({
      service: definition.name,
      version: definition.version,
      profile: config.profile,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      tools: callDeps.registry.names(),
      store: store.backend,
      breakers: Object.fromEntries(Object.entries(breakers.snapshot()).map(([name, b]) => [name, b.state])),
      usageSinks: usage ? config.USAGE_SINKS : [],
      rateLimit: rateLimiter
        ? {
            backend: rateLimiter.backend,
            windowMs: config.RATE_LIMIT_WINDOW_MS,
            limit: config.RATE_LIMIT_MAX_REQUESTS,
            toolLimits: config.RATE_LIMIT_TOOL_LIMITS,
          }
        : { enabled: false },
      draining: pipeline.isDraining(),
      inFlight: pipeline.inFlight(),
      ...(subscriptions ? { subscriptions: subscriptions.stats() } : {}),
      ...(legacySessions ? { legacySessions: legacySessions.stats() } : {}),
      ...(issuerKeys ? { oauthIssuer: (({ lastError: _hidden, ...state }) => state)(issuerKeys.state()) } : {}),
      compute: { maxThreads: config.TOOL_WORKERS, ...compute.stats() },
    }),
  });
  const tls =
    config.TLS_CERT_FILE && config.TLS_KEY_FILE
      ? { cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE) }
      : undefined;
  const server: HttpServer = tls ? createHttpsServer(tls, pipeline.handle) : createHttpServer(pipeline.handle);
  server.keepAliveTimeout = config.KEEP_ALIVE_TIMEOUT_MS;
  const openConnections = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    openConnections.add(socket);
    socket.once('close', () => openConnections.delete(socket));
  });
  server.headersTimeout = config.HEADERS_TIMEOUT_MS;
  server.requestTimeout = config.REQUEST_TIMEOUT_MS;
  const port = options.port ?? config.PORT ?? registry?.services.find((s) => s.name === definition.name)?.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls ? 'https' : 'http'}://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  security.listening(url);
  logger.info(`${definition.name} listening on ${url}/mcp`, { port: address.port, tools: callDeps.registry.size, profile: config.profile });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      pipeline.startDraining();
      // Listen streams never finish by themselves: end them first so they do not hold the drain.
      subscriptions?.close();
      legacySessions?.close();
      logger.info('shutting down: draining in-flight requests', { inFlight: pipeline.inFlight() });
      const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
      // Stop listening without http.Server#close's immediate reset of idle keep-alive sockets: a
      // client may be sending on one right now. Each gets at most one more answer, marked
      // `Connection: close`, or closes when its keep-alive timeout ends.
      const stopped = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        (async () => {
          await pipeline.idle();
          while (openConnections.size > 0 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 25));
            await pipeline.idle();
          }
          return false;
        })(),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), config.SHUTDOWN_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      if (timedOut) logger.warn('shutdown timeout reached; closing remaining connections', { inFlight: pipeline.inFlight() });
      // Calls still running on worker threads end now with `shutting_down`; their answers get a
      // moment to leave before the connections close.
      await compute.close();
      if (timedOut) await Promise.race([pipeline.idle(), new Promise((r) => setTimeout(r, 500))]);
      server.closeAllConnections();
      for (const socket of openConnections) socket.destroy();
      await stopped;
      if (sdkLane) await (await sdkLane).close();
      security.close();
      await tracing.tracer?.shutdown();
      // Records of the calls just drained are written before the stores they may need close.
      await usage?.close();
      breakers.shutdown();
      await store.close();
      logger.info('shutdown complete');
    })());

  return {
    name: definition.name,
    url,
    mcpUrl: `${url}/mcp`,
    port: address.port,
    config,
    logger,
    metrics,
    store,
    close,
    inFlight: pipeline.inFlight,
    httpServer: server,
    ...(subscriptions ? { subscriptionStats: () => subscriptions.stats() } : {}),
  };
}

/** Serves the service over stdio (logs on stderr). Resolves with a close function. */
export async function startStdioService(
  definition: ServiceDefinition,
  options: StartServiceOptions = {},
): Promise<{ close: () => Promise<void> }> {
  const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
  const { createSdkServerFactory } = await import('./mcp/sdk-server.js');
  const tracing: { tracer?: ToolTracer } = {};
  const { config, logger, sdkDeps, store, usage, breakers, compute } = assemble(definition, options, true, tracing);
  // Spans and the histogram as over HTTP, with network.transport `pipe` (no client address, no HTTP).
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) tracing.tracer = await startTracing(config, definition, logger);
  const handle = serveStdio(createSdkServerFactory(sdkDeps), { onerror: (error) => logger.debug('stdio error', { error: error.message }) });
  logger.info(`${definition.name} serving MCP on stdio`);
  return {
    close: async () => {
      await handle.close();
      await compute.close();
      // The last spans and metrics are exported before the process exits (stdin ended).
      await tracing.tracer?.shutdown();
      await usage?.close();
      breakers.shutdown();
      await store.close();
    },
  };
}

export interface RunServiceOptions {
  /** The entry module's import.meta.url (to find services.json). */
  moduleUrl?: string;
  argv?: string[];
}

/**
 * Entry point for a service process: `--stdio` serves over stdio, `--production` applies the
 * production profile. Configuration errors are printed as `VAR: message` and exit with code 78
 * (EX_CONFIG); a port in use exits with 69; SIGTERM/SIGINT shut down gracefully and exit 0, a
 * second signal exits at once with 130.
 */
export async function runService(
  declaration: ServiceDefinition | (() => ServiceDefinition),
  { moduleUrl, argv = process.argv.slice(2) }: RunServiceOptions = {},
): Promise<void> {
  const stdio = argv.includes('--stdio');
  let config: Config;
  let definition: ServiceDefinition;
  try {
    config = loadConfig(process.env, { production: argv.includes('--production') });
    definition = typeof declaration === 'function' ? declaration() : declaration;
  } catch (error) {
    const name = typeof declaration === 'function' ? 'service' : declaration.name;
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(78);
  }
  if (stdio) {
    const handle = await startStdioService(definition, { config, ...(moduleUrl ? { moduleUrl } : {}) });
    process.stdin.on('end', () => void handle.close().then(() => process.exit(0)));
    return;
  }
  let service: RunningService;
  try {
    service = await startService(definition, { config, ...(moduleUrl ? { moduleUrl } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(78);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      process.stderr.write(
        `${definition.name}: cannot listen: ${code === 'EADDRINUSE' ? 'the port is already in use' : 'permission denied for the port'}\n`,
      );
      process.exit(69);
    }
    throw error;
  }
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(130);
    service.logger.info(`received ${signal}`);
    service.close().then(
      () => service.logger.close().then(() => process.exit(0)),
      (error: unknown) => {
        service.logger.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
