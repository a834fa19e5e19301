/**
 * Session-management settings, read once at start-up with core's `loadSettings`.
 *
 * `SESSION_SIGNING_SECRET` (or `SESSION_SIGNING_SECRET_FILE`) keys the HMAC that signs session
 * tokens. In development a random per-process secret is generated when it is unset, but tokens
 * signed with it are useless to another replica (or after a restart), so the secret is required
 * when `REDIS_URL` is set (sessions shared between replicas) and in the production profile, where
 * it must also be at least 32 characters.
 */
import { randomBytes } from 'node:crypto';
import { boundedInt, ConfigError, loadSettings, z } from '@a2a-mcp/core';

/** Minimum length of the signing secret in the production profile. */
export const MIN_SECRET_LENGTH = 32;

/** Keys are environment variable names. */
export const settingsSchema = z.object({
  /** Or SESSION_SIGNING_SECRET_FILE: core's loadSettings reads `<NAME>_FILE` for secret fields. */
  SESSION_SIGNING_SECRET: z.string().min(1).optional().meta({ secret: true }),
  /** Longest `ttl_seconds` / `extend_ttl_seconds` accepted (default one week). */
  SESSION_MAX_TTL_SECONDS: boundedInt(7 * 24 * 3600, 365 * 24 * 3600),
  /** How long an expired or terminated session stays readable (with that status) before it is gone. */
  SESSION_RETENTION_SECONDS: boundedInt(3600, 30 * 24 * 3600),
  /** Largest serialised size of state + metadata + client info. */
  SESSION_MAX_STATE_BYTES: boundedInt(64 * 1024, 16 * 1024 * 1024),
  /** Live (active or suspended, not expired) sessions one client may hold, across replicas; past it create_session is quota_exceeded. */
  SESSION_MAX_PER_CLIENT: boundedInt(1000, 10_000_000),
  /** Only read to decide whether a shared secret is required. */
  REDIS_URL: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

export interface SessionSettings {
  /** The HMAC key. */
  signingSecret: string;
  /** True when the secret was generated for this process (development only). */
  ephemeralSecret: boolean;
  maxTtlSeconds: number;
  retentionSeconds: number;
  maxStateBytes: number;
  maxSessionsPerClient: number;
}

export interface LoadSessionSettingsOptions {
  /** The production profile (`--production` or NODE_ENV=production). */
  production?: boolean;
}

/** Reads the settings from `source` (default `process.env`); throws ConfigError naming each bad variable. */
export function loadSessionSettings(
  source: NodeJS.ProcessEnv = process.env,
  { production = false }: LoadSessionSettingsOptions = {},
): SessionSettings {
  const raw = loadSettings(settingsSchema, source);
  const isProduction = production || raw.NODE_ENV === 'production';
  const secret = raw.SESSION_SIGNING_SECRET;
  if (!secret) {
    if (isProduction)
      throw new ConfigError([`SESSION_SIGNING_SECRET: required in the production profile (at least ${MIN_SECRET_LENGTH} characters)`]);
    if (raw.REDIS_URL)
      throw new ConfigError([
        'SESSION_SIGNING_SECRET: required when REDIS_URL is set (every replica must sign and verify tokens with the same secret)',
      ]);
  } else if (isProduction && secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError([`SESSION_SIGNING_SECRET: must be at least ${MIN_SECRET_LENGTH} characters in the production profile`]);
  }
  return Object.freeze({
    signingSecret: secret ?? randomBytes(32).toString('base64url'),
    ephemeralSecret: !secret,
    maxTtlSeconds: raw.SESSION_MAX_TTL_SECONDS,
    retentionSeconds: raw.SESSION_RETENTION_SECONDS,
    maxStateBytes: raw.SESSION_MAX_STATE_BYTES,
    maxSessionsPerClient: raw.SESSION_MAX_PER_CLIENT,
  });
}
