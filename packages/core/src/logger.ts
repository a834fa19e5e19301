/**
 * Structured JSON logs (winston). Every line carries timestamp, level, service and, inside a
 * request, the correlation id, client id and tool. Values under secret-looking keys are redacted,
 * and so is anything that looks like a bearer token or JWT inside a message.
 */
import winston from 'winston';
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

const scopeAndRedact = winston.format((info) => {
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
  return info;
});

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

/** Creates a JSON-lines logger. */
export function createLogger({ service, level = 'info', stderr = false, stream }: CreateLoggerOptions): Logger {
  const transport = stream
    ? new winston.transports.Stream({ stream })
    : new winston.transports.Console(stderr ? { stderrLevels: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] } : {});
  const logger = winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: level === 'silent',
    defaultMeta: { service },
    format: winston.format.combine(winston.format.timestamp(), scopeAndRedact(), winston.format.json()),
    transports: [transport],
  });
  const enabled = (l: Exclude<LogLevel, 'silent'>) => level !== 'silent' && logger.isLevelEnabled(l);
  return {
    error: (m, meta) => logger.error(m, meta),
    warn: (m, meta) => logger.warn(m, meta),
    info: (m, meta) => {
      if (enabled('info')) logger.info(m, meta);
    },
    http: (m, meta) => {
      if (enabled('http')) logger.http(m, meta);
    },
    debug: (m, meta) => {
      if (enabled('debug')) logger.debug(m, meta);
    },
    isLevelEnabled: enabled,
    close: () =>
      new Promise<void>((resolve) => {
        logger.on('finish', () => resolve());
        logger.end();
        setTimeout(resolve, 500).unref();
      }),
  };
}
