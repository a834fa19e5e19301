/**
 * Structured JSON logs. Every line carries timestamp, level, service and, inside a
 * request, the correlation id, client id and tool. Values under secret-looking keys are redacted,
 * and so is anything that looks like a bearer token or JWT inside a message.
 */
import { currentScope } from './context.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug' | 'silent';

/** The logging surface handed to tools and core modules. */
export interface Logger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  http(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
  isLevelEnabled(level: Exclude<LogLevel, 'silent'>): boolean;
  close(): Promise<void>;
}

const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key/i;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi;

/** Returns a copy of `value` with secrets replaced by "[REDACTED]". Exported for the usage records. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(JWT_LIKE, '[REDACTED]').replace(BEARER, '$1 [REDACTED]');
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[TRUNCATED]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[REDACTED]' : redact(v, depth + 1);
  return out;
}

/** npm's levels, as winston numbered them: a line is written when its number is at most the logger's. */
const LEVELS: Record<Exclude<LogLevel, 'silent'>, number> = { error: 0, warn: 1, info: 2, http: 3, verbose: 4, debug: 5 };

/**
 * JSON with the keys of every object sorted (the line format winston's json format wrote, kept
 * byte for byte): undefined, functions and symbols are left out of objects and are null in arrays,
 * non-finite numbers are null, a bigint is its decimal string, `toJSON` is honoured.
 */
function stableJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `"${value}"`;
    case 'object': {
      if (value === null) return 'null';
      const toJson = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJson === 'function') return stableJson((toJson as () => unknown).call(value));
      if (Array.isArray(value)) return `[${value.map((item) => stableJson(item) ?? 'null').join(',')}]`;
      const parts: string[] = [];
      for (const key of Object.keys(value).sort()) {
        const text = stableJson((value as Record<string, unknown>)[key]);
        if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}

/** One log line: the request scope's fields (unless given), secrets redacted, sorted keys. */
function formatLine(level: string, service: string, message: string, meta: Record<string, unknown> | undefined): string {
  const info: Record<string, unknown> = { service, ...meta, level, message };
  // winston appended a `message` field of the metadata to the message; kept.
  if (meta && typeof meta.message === 'string') info.message = `${message} ${meta.message}`;
  info.timestamp = new Date().toISOString();
  const scope = currentScope();
  if (scope) {
    info.correlationId ??= scope.correlationId;
    if (scope.clientId !== undefined) info.clientId ??= scope.clientId;
    if (scope.tool !== undefined) info.tool ??= scope.tool;
  }
  for (const key of Object.keys(info)) {
    if (key === 'level' || key === 'service' || key === 'timestamp') continue;
    info[key] = SECRET_KEY.test(key) ? '[REDACTED]' : redact(info[key]);
  }
  return `${stableJson(info)}\n`;
}

export interface CreateLoggerOptions {
  /** Service name on every line. */
  service: string;
  /** Minimum level; `silent` drops everything. Default `info`. */
  level?: LogLevel;
  /** Write to stderr instead of stdout (stdio mode, where stdout carries JSON-RPC). */
  stderr?: boolean;
  /** Custom destination stream (tests). */
  stream?: NodeJS.WritableStream;
}

/**
 * Creates a JSON-lines logger. Written out rather than built on winston (issue #17): winston and its
 * ~35 modules cost ~5 MiB resident and a share of the start-up time in every process for a few
 * lines of formatting; the lines are the same, byte for byte.
 */
export function createLogger({ service, level = 'info', stderr = false, stream }: CreateLoggerOptions): Logger {
  const out: NodeJS.WritableStream = stream ?? (stderr ? process.stderr : process.stdout);
  const threshold = level === 'silent' ? -1 : LEVELS[level];
  const enabled = (l: Exclude<LogLevel, 'silent'>) => LEVELS[l] <= threshold;
  const write = (l: Exclude<LogLevel, 'silent'>) => (message: string, meta?: Record<string, unknown>) => {
    if (LEVELS[l] <= threshold) out.write(formatLine(l, service, message, meta));
  };
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    http: write('http'),
    debug: write('debug'),
    isLevelEnabled: enabled,
    // Lines are handed to the stream as they are logged; close waits (at most 500 ms) for a stream
    // that has buffered more than it wants to drain.
    close: () =>
      new Promise<void>((resolve) => {
        if (!(out as { writableNeedDrain?: boolean }).writableNeedDrain) return resolve();
        out.once('drain', () => resolve());
        setTimeout(resolve, 500).unref();
      }),
  };
}
