/**
 * Configuration: the one place that reads `process.env`. One zod schema over the environment,
 * documented aliases for names used by older deployment guides, `<NAME>_FILE` variants for secrets,
 * and every problem reported at once as `VAR: message` before anything listens.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { isValidApiKeyClientId } from './auth/claims.js';
import { issueLines } from './zod-issues.js';

/** Raised when the environment does not describe a valid configuration; lists every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), 'must be true or false')
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

const port = int(0, 65535);

/** Aliases: canonical name first. Two names set to different values is an error naming both. */
const ALIASES: readonly (readonly string[])[] = [
  ['PORT', 'MCP_PORT'],
  ['HOST', 'BIND_IP'],
  ['LOG_LEVEL', 'MCP_LOG_LEVEL'],
  ['JWT_SECRET', 'JWT_SECRET_KEY'],
  ['RATE_LIMIT_MAX_REQUESTS', 'RATE_LIMIT_REQUESTS'],
  // resource-streaming's name from before the limit covered both protocol eras.
  ['OPEN_STREAMS_PER_CLIENT', 'STREAM_SUBSCRIPTIONS_PER_CLIENT'],
];

/** Variables whose value may instead be read from the file named by `<NAME>_FILE`. */
const SECRET_VARS = ['MCP_API_KEYS', 'METRICS_TOKEN', 'JWT_SECRET', 'JWT_SECRET_KEY', 'REDIS_URL', 'DATABASE_URL'] as const;

/** Asymmetric JWS algorithms OAUTH_ALGORITHMS may name: never `none`, never HS* (a public key is no secret). */
export const OAUTH_ALLOWED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.optional(),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  MCP_API_KEYS: z.string().optional(),
  CORS_ORIGINS: csv.default([]),
  ALLOWED_HOSTS: csv.optional(),
  MAX_BODY_BYTES: int(1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  /** Body bound for callers without credentials (only read at all when PUBLIC_TOOLS are served). */
  ANONYMOUS_MAX_BODY_BYTES: int(0, 256 * 1024 * 1024).default(64 * 1024),
  /** Longest wait for a request body to arrive once its headers are in: 408 past it. */
  BODY_TIMEOUT_MS: int(100, 3_600_000).default(15_000),
  /** Bytes of request bodies one process holds at once; unset: 64 MiB, or MAX_BODY_BYTES when larger. */
  MAX_BODY_BYTES_IN_FLIGHT: int(1024, 16 * 1024 * 1024 * 1024).optional(),
  /** Requests on /mcp one client (identity; anonymous callers by IP) may have in flight per process. */
  MAX_CONCURRENT_REQUESTS_PER_CLIENT: int(1, 1_000_000).default(64),
  TOOL_TIMEOUT_MS: int(1, 3_600_000).default(30_000),
  /** Worker threads for heavy tool work (docs/architecture.md); 0 runs everything on the event loop. Default: one core left to the event loop. */
  TOOL_WORKERS: int(0, 64).default(Math.max(1, Math.min(4, availableParallelism() - 1))),
  /** V8 heap limit of each tool worker thread, in MiB. */
  TOOL_WORKER_HEAP_MB: int(32, 16_384).default(512),
  /** A tool worker thread idle this long ends; the pool holds no thread (and no memory) when idle. */
  TOOL_WORKER_IDLE_MS: int(100, 3_600_000).default(30_000),
  /** Most heavy calls waiting for a worker thread; past it a call fails at once with the retryable `unavailable`. */
  TOOL_WORKER_MAX_QUEUE: int(0, 100_000).default(64),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  KEEP_ALIVE_TIMEOUT_MS: int(1, 600_000).default(5_000),
  HEADERS_TIMEOUT_MS: int(1, 600_000).default(10_000),
  REQUEST_TIMEOUT_MS: int(1, 3_600_000).default(120_000),
  /** 2025-era MCP sessions (Mcp-Session-Id, GET stream, resources/subscribe): auto = only services with a subscribable resource. */
  LEGACY_SESSIONS: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Sliding lifetime of an idle 2025-era session. */
  LEGACY_SESSION_TTL_MS: int(1_000, 86_400_000).default(1_800_000),
  // Quotas (docs/operations.md#quotas): refused with the retryable quota_exceeded, never by dropping others' data.
  /** Live 2025-era sessions one client may hold, across replicas sharing the store. */
  LEGACY_SESSIONS_PER_CLIENT: int(1, 1_000_000).default(100),
  /** Open streams one client may hold on one replica: 2025-era GET streams and 2026-07-28 subscriptions/listen together. */
  OPEN_STREAMS_PER_CLIENT: int(1, 100_000).default(8),
  /** Keys the in-memory store holds (no REDIS_URL); past it new keys are refused (503 unavailable), nothing is evicted. */
  MEMORY_STORE_MAX_KEYS: int(100, 100_000_000).default(200_000),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silent']).default('info'),
  METRICS_ENABLED: bool.default(true),
  METRICS_TOKEN: z.string().min(1).optional(),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  SERVICES_FILE: z.string().min(1).optional(),
  STATE_DIR: z.string().min(1).optional(),
  API_KEYS_FILE: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(1).optional(),
  JWT_ISSUER: z.string().trim().min(1).default('a2a-mcp'),
  JWT_AUDIENCE: z.string().trim().min(1).default('a2a-mcp'),
  JWT_EXPIRATION_HOURS: int(1, 8760).default(24),
  OAUTH_ISSUER: httpUrl.optional(),
  OAUTH_AUDIENCE: z.string().trim().min(1).optional(),
  OAUTH_JWKS_URL: httpUrl.optional(),
  OAUTH_ALGORITHMS: csv
    .default(['RS256', 'PS256', 'ES256'])
    .refine((algs) => algs.length > 0, 'name at least one algorithm')
    .refine(
      (algs) => algs.every((a) => (OAUTH_ALLOWED_ALGORITHMS as readonly string[]).includes(a)),
      `each must be one of ${OAUTH_ALLOWED_ALGORITHMS.join(', ')} (never none or HS*)`,
    ),
  /** OAUTH_REQUIRE_TYP: accept only RFC 9068 access tokens (header `typ` `at+jwt`). */
  OAUTH_REQUIRE_TYP: bool.default(false),
  /** Which claim names the principal of an OAuth token: the end user (`sub`) or the client (`client_id`, `azp`). */
  OAUTH_PRINCIPAL_CLAIM: z.enum(['sub', 'client_id', 'azp']).default('sub'),
  /** A claim (dotted path) with the principal's permissions or roles; unset: the scope alone is the grant. */
  OAUTH_PERMISSIONS_CLAIM: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be a claim name or a dotted path such as realm_access.roles')
    .optional(),
  /** intersect: a permission must be in the scope and in the claim; claim: the claim alone is the grant. */
  OAUTH_PERMISSIONS_MODE: z.enum(['intersect', 'claim']).default('intersect'),
  /** How long the issuer's signing keys are fresh before a background refresh. */
  OAUTH_JWKS_CACHE_MS: int(1_000, 86_400_000).default(600_000),
  /** How long past freshness the last good keys keep verifying tokens while the issuer is unreachable. */
  OAUTH_JWKS_STALE_MS: int(0, 30 * 86_400_000).default(86_400_000),
  /** Longest wait between attempts to reach a failing issuer (attempts back off from 1 s up to this). */
  OAUTH_ISSUER_RETRY_MAX_MS: int(1_000, 3_600_000).default(60_000),
  /** Clock skew tolerated on a token's exp, nbf and iat (HS256 and OAuth). */
  TOKEN_CLOCK_SKEW_SECONDS: int(0, 600).default(30),
  /** Longest token lifetime accepted (exp - iat; exp - now without iat), HS256 and OAuth. */
  TOKEN_MAX_LIFETIME_SECONDS: int(60, 366 * 86_400).default(7 * 86_400),
  PUBLIC_TOOLS: csv.default([]),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  /** Opt-in: tool arguments (redacted) and results on tool-call spans (docs/tracing.md). */
  TRACE_TOOL_CONTENT: bool.default(false),
  /** How often mcp.server.operation.duration is exported over OTLP, ms. */
  OTEL_METRIC_EXPORT_INTERVAL: int(100, 3_600_000).default(60_000),
  // Shared store, rate limits, circuit breakers, usage records (docs/operations.md).
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  REDIS_KEY_PREFIX: z.string().max(100).default('a2a:'),
  RATE_LIMIT_ENABLED: bool.default(true),
  RATE_LIMIT_WINDOW_MS: int(1000, 86_400_000).default(60_000),
  RATE_LIMIT_MAX_REQUESTS: int(1, 1_000_000_000).default(1000),
  RATE_LIMIT_TOOL_LIMITS: z
    .string()
    .regex(/^\s*[A-Za-z0-9_.-]+\s*=\s*\d+\s*(,\s*[A-Za-z0-9_.-]+\s*=\s*\d+\s*)*,?\s*$/, 'must look like tool_name=10,other_tool=100')
    .transform(
      (v) =>
        Object.fromEntries(
          v
            .split(',')
            .filter((p) => p.trim())
            .map((p) => p.split('=').map((x) => x.trim()))
            .map(([k, n]) => [k!, Number(n)]),
        ) as Record<string, number>,
    )
    .refine((limits) => Object.values(limits).every((n) => n >= 1), 'each limit must be at least 1')
    .default({}),
  RATE_LIMIT_FAILURE_MODE: z.enum(['open', 'closed']).default('open'),
  CIRCUIT_BREAKER_FAILURE_THRESHOLD: z
    .string()
    .trim()
    .regex(/^\d+%?$/, 'must be a percentage such as 50 or 50%')
    .transform((v) => Number(v.replace('%', '')))
    .pipe(z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100'))
    .default(50),
  CIRCUIT_BREAKER_VOLUME_THRESHOLD: int(1, 1_000_000).default(5),
  CIRCUIT_BREAKER_RESET_TIMEOUT: int(100, 3_600_000).default(30_000),
  CIRCUIT_BREAKER_TIMEOUT: int(1, 3_600_000).default(10_000),
  USAGE_SINKS: csv
    .default(['file'])
    .refine(
      (sinks) => sinks.every((s) => ['file', 'stdout', 'postgres', 'none'].includes(s)),
      'each must be one of file, stdout, postgres, none',
    ),
  USAGE_FILE: z.string().min(1).optional(),
  USAGE_FILE_MAX_BYTES: int(1024, 10 * 1024 * 1024 * 1024).default(50 * 1024 * 1024),
  USAGE_FILE_MAX_FILES: int(1, 1000).default(5),
  USAGE_BATCH_SIZE: int(1, 100_000).default(100),
  USAGE_FLUSH_INTERVAL_MS: int(10, 3_600_000).default(1000),
  USAGE_QUEUE_MAX: int(1, 10_000_000).default(10_000),
  USAGE_LOG_INPUTS: bool.default(false),
  /** Cost units per successful call, per tool (`tool=2.5,other=0`); tools not named cost 1 (docs/operations.md). */
  USAGE_TOOL_COSTS: z
    .string()
    .regex(
      /^\s*[A-Za-z0-9_.-]+\s*=\s*\d+(\.\d+)?\s*(,\s*[A-Za-z0-9_.-]+\s*=\s*\d+(\.\d+)?\s*)*,?\s*$/,
      'must look like tool_name=2,other_tool=0.5 (non-negative numbers)',
    )
    .transform(
      (v) =>
        Object.fromEntries(
          v
            .split(',')
            .filter((p) => p.trim())
            .map((p) => p.split('=').map((x) => x.trim()))
            .map(([k, n]) => [k!, Number(n)]),
        ) as Record<string, number>,
    )
    .default({}),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
});

type Parsed = z.output<typeof schema>;

/** An API key as configured in the environment (`key:client-id:perm,perm`). */
export interface ConfiguredApiKey {
  key: string;
  clientId: string;
  permissions: string[];
  /** The variable it came from (`MCP_API_KEYS`, `API_KEY_3`), so problems can name it. */
  source?: string;
}

/** Default of MAX_BODY_BYTES_IN_FLIGHT when MAX_BODY_BYTES is no larger. */
export const DEFAULT_MAX_BODY_BYTES_IN_FLIGHT = 64 * 1024 * 1024;

/** The validated, frozen configuration every part of core reads. */
export interface Config extends Omit<Parsed, 'MCP_API_KEYS' | 'NODE_ENV' | 'MAX_BODY_BYTES_IN_FLIGHT'> {
  /** Set, or 64 MiB (MAX_BODY_BYTES when that is larger): one body of the maximum size always fits. */
  MAX_BODY_BYTES_IN_FLIGHT: number;
  /** `production` when NODE_ENV=production or `--production` was given. */
  profile: 'development' | 'production' | 'test';
  /** Keys from MCP_API_KEYS and API_KEY_<N>, parsed. */
  apiKeys: ConfiguredApiKey[];
}

export interface LoadConfigOptions {
  /** Force the production profile (the `--production` flag). */
  production?: boolean;
  /** Values applied over the environment (tests, the service manager). */
  overrides?: Record<string, string | undefined>;
}

function readSecretFiles(env: Record<string, string | undefined>, problems: string[]): void {
  const fileVars = Object.keys(env).filter(
    (k) => k.endsWith('_FILE') && (SECRET_VARS.includes(k.slice(0, -5) as (typeof SECRET_VARS)[number]) || /^API_KEY_\d+_FILE$/.test(k)),
  );
  for (const fileVar of fileVars) {
    const name = fileVar.slice(0, -5);
    const path = env[fileVar];
    if (!path) continue;
    if (env[name] !== undefined) {
      problems.push(`${fileVar}: cannot be set together with ${name}`);
      continue;
    }
    try {
      env[name] = readFileSync(path, 'utf8').trim();
    } catch {
      problems.push(`${fileVar}: cannot read the file it names`);
    }
  }
}

/** RATE_LIMIT_WINDOW (seconds, older guides) is an alias of RATE_LIMIT_WINDOW_MS; compared after conversion. */
function resolveRateLimitWindow(env: Record<string, string | undefined>, problems: string[]): void {
  const seconds = env.RATE_LIMIT_WINDOW?.trim();
  if (seconds === undefined) return;
  if (!/^\d+$/.test(seconds)) {
    problems.push('RATE_LIMIT_WINDOW: must be a whole number of seconds');
    return;
  }
  const ms = String(Number(seconds) * 1000);
  if (env.RATE_LIMIT_WINDOW_MS !== undefined && env.RATE_LIMIT_WINDOW_MS.trim() !== ms) {
    problems.push(
      `RATE_LIMIT_WINDOW_MS, RATE_LIMIT_WINDOW: set to different values (${env.RATE_LIMIT_WINDOW_MS.trim()} ms and ${seconds} s); set only one`,
    );
  } else {
    env.RATE_LIMIT_WINDOW_MS = ms;
  }
}

function resolveAliases(env: Record<string, string | undefined>, problems: string[]): void {
  for (const [canonical, ...aliases] of ALIASES) {
    const set = [canonical!, ...aliases].filter((n) => env[n] !== undefined && env[n] !== '');
    const values = new Set(set.map((n) => env[n]));
    if (values.size > 1) problems.push(`${set.join(', ')}: set to different values; set only one`);
    else if (set.length > 0) env[canonical!] = env[set[0]!];
  }
}

const PERMISSIONS = new Set(['read', 'write', 'admin']);

function parseApiKeys(env: Record<string, string | undefined>, problems: string[]): ConfiguredApiKey[] {
  const entries: { source: string; value: string }[] = [];
  for (const item of (env.MCP_API_KEYS ?? '').split(/[\s;]+/)) if (item) entries.push({ source: 'MCP_API_KEYS', value: item });
  for (const name of Object.keys(env).sort()) {
    if (/^API_KEY_\d+$/.test(name) && env[name]) entries.push({ source: name, value: env[name] });
  }
  const keys: ConfiguredApiKey[] = [];
  for (const { source, value } of entries) {
    // The key itself may contain ':', so split from the right: key:client-id:perms.
    const last = value.lastIndexOf(':');
    const mid = last > 0 ? value.lastIndexOf(':', last - 1) : -1;
    if (mid <= 0) {
      problems.push(`${source}: each entry must look like key:client-id:perm,perm`);
      continue;
    }
    const key = value.slice(0, mid);
    const clientId = value.slice(mid + 1, last);
    const permissions = value
      .slice(last + 1)
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (clientId && !isValidApiKeyClientId(clientId)) {
      problems.push(
        `${source}: the client id "${clientId.slice(0, 40)}" is not allowed (printable, no spaces, at most 200 characters, not "local")`,
      );
      continue;
    }
    if (!clientId || permissions.length === 0 || permissions.some((p) => !PERMISSIONS.has(p))) {
      problems.push(`${source}: client id missing or permissions not among read, write, admin (entry for client "${clientId}")`);
      continue;
    }
    keys.push({ key, clientId, permissions, source });
  }
  return keys;
}

/**
 * Parses the environment into a frozen Config, or throws ConfigError listing every problem.
 *
 * @example const config = loadConfig(process.env, { production: argv.includes('--production') })
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const env: Record<string, string | undefined> = { ...source, ...options.overrides };
  for (const key of Object.keys(env)) if (env[key] === '') delete env[key];
  const problems: string[] = [];
  readSecretFiles(env, problems);
  resolveAliases(env, problems);
  resolveRateLimitWindow(env, problems);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    problems.push(...issueLines(parsed.error.issues));
  }
  const apiKeys = parseApiKeys(env, problems);
  if (parsed.success && !parsed.data.OAUTH_ISSUER) {
    for (const name of ['OAUTH_AUDIENCE', 'OAUTH_JWKS_URL', 'OAUTH_PERMISSIONS_CLAIM'] as const)
      if (parsed.data[name] !== undefined) problems.push(`${name}: needs OAUTH_ISSUER`);
  }
  if (parsed.success && parsed.data.OAUTH_PERMISSIONS_MODE === 'claim' && parsed.data.OAUTH_PERMISSIONS_CLAIM === undefined)
    problems.push('OAUTH_PERMISSIONS_MODE: "claim" needs OAUTH_PERMISSIONS_CLAIM');
  // Tokens the operator mints must pass the service's own lifetime limit.
  if (
    parsed.success &&
    parsed.data.JWT_SECRET !== undefined &&
    parsed.data.JWT_EXPIRATION_HOURS * 3600 > parsed.data.TOKEN_MAX_LIFETIME_SECONDS
  ) {
    problems.push(
      `JWT_EXPIRATION_HOURS: ${parsed.data.JWT_EXPIRATION_HOURS} h is longer than TOKEN_MAX_LIFETIME_SECONDS (${parsed.data.TOKEN_MAX_LIFETIME_SECONDS} s); tokens minted with it would be refused`,
    );
  }
  if (parsed.success && parsed.data.USAGE_SINKS.includes('postgres') && !parsed.data.DATABASE_URL)
    problems.push('USAGE_SINKS: the postgres sink needs DATABASE_URL');
  // One half of a TLS pair would otherwise be ignored and the service would serve plain HTTP.
  if (parsed.success && (parsed.data.TLS_CERT_FILE === undefined) !== (parsed.data.TLS_KEY_FILE === undefined)) {
    problems.push(parsed.data.TLS_CERT_FILE === undefined ? 'TLS_KEY_FILE: needs TLS_CERT_FILE' : 'TLS_CERT_FILE: needs TLS_KEY_FILE');
  }
  // A budget below one maximum-size body would refuse every such body with 503 forever.
  if (
    parsed.success &&
    parsed.data.MAX_BODY_BYTES_IN_FLIGHT !== undefined &&
    parsed.data.MAX_BODY_BYTES_IN_FLIGHT < parsed.data.MAX_BODY_BYTES
  ) {
    problems.push(`MAX_BODY_BYTES_IN_FLIGHT: must be at least MAX_BODY_BYTES (${parsed.data.MAX_BODY_BYTES})`);
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const { NODE_ENV, MCP_API_KEYS: _keys, MAX_BODY_BYTES_IN_FLIGHT, ...rest } = parsed.data;
  const profile = options.production ? 'production' : NODE_ENV;
  return Object.freeze({
    ...rest,
    MAX_BODY_BYTES_IN_FLIGHT: MAX_BODY_BYTES_IN_FLIGHT ?? Math.max(DEFAULT_MAX_BODY_BYTES_IN_FLIGHT, rest.MAX_BODY_BYTES),
    profile,
    apiKeys,
  });
}

/** True when a settings field is marked `.meta({ secret: true })` (on its outermost schema). */
function isSecretSetting(field: unknown): boolean {
  const meta = (field as z.ZodType).meta?.();
  return meta !== undefined && (meta as { secret?: unknown }).secret === true;
}

/**
 * A positive integer setting: `fallback` when unset, at most `max`. The bounds services declare
 * in their settings.ts (`SERVICE_MAX_…`).
 *
 * @example loadSettings({ VECTOR_MAX_VECTORS: boundedInt(10_000, 1_000_000) })
 */
export function boundedInt(fallback: number, max: number) {
  return z.coerce.number().int().positive().max(max).default(fallback);
}

/**
 * Parses a service's own settings (its input bounds, its provider URLs) from the environment with
 * the service's zod object schema, whose keys are the variable names. Unset and empty variables
 * take the schema's defaults; problems are reported like core's, as `VAR: message`. A field marked
 * `.meta({ secret: true })` may instead be read from the file named by `<NAME>_FILE` (content
 * trimmed; setting both is an error, as for core's secrets).
 *
 * @example
 * const settingsSchema = z.object({
 *   MAX_VECTORS: z.coerce.number().int().positive().default(10_000),
 *   PROVIDER_API_KEY: z.string().min(1).optional().meta({ secret: true }), // or PROVIDER_API_KEY_FILE
 * });
 * const settings = loadSettings(settingsSchema);
 */
export function loadSettings<T extends z.ZodObject>(schema: T, source: NodeJS.ProcessEnv = process.env): z.output<T> {
  const env: Record<string, string | undefined> = {};
  const problems: string[] = [];
  for (const [key, field] of Object.entries(schema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') env[key] = value;
    const file = isSecretSetting(field) ? source[`${key}_FILE`] : undefined;
    if (file === undefined || file === '') continue;
    if (env[key] !== undefined) problems.push(`${key}_FILE: cannot be set together with ${key}`);
    else {
      try {
        env[key] = readFileSync(file, 'utf8').trim();
      } catch {
        problems.push(`${key}_FILE: cannot read the file it names`);
      }
    }
  }
  const parsed = schema.safeParse(env);
  if (!parsed.success) problems.push(...issueLines(parsed.error.issues));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return Object.freeze(parsed.data) as z.output<T>;
}
