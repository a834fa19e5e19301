import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@a2a-mcp/core';
import { loadSessionSettings } from './settings.js';
import { signSessionToken, verifySessionToken } from './lib/token.js';

const LONG = 'x'.repeat(32);

describe('loadSessionSettings', () => {
  it('generates an ephemeral secret in development without Redis', () => {
    const settings = loadSessionSettings({});
    expect(settings.ephemeralSecret).toBe(true);
    expect(settings.signingSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('requires a secret when REDIS_URL is set', () => {
    expect(() => loadSessionSettings({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/SESSION_SIGNING_SECRET: required when REDIS_URL/);
  });

  it('refuses a missing or short secret in the production profile', () => {
    expect(() => loadSessionSettings({}, { production: true })).toThrow(ConfigError);
    expect(() => loadSessionSettings({ NODE_ENV: 'production' })).toThrow(/SESSION_SIGNING_SECRET: required in the production profile/);
    expect(() => loadSessionSettings({ SESSION_SIGNING_SECRET: 'short' }, { production: true })).toThrow(/at least 32 characters/);
    expect(loadSessionSettings({ SESSION_SIGNING_SECRET: LONG }, { production: true }).signingSecret).toBe(LONG);
  });

  it('reads the secret from SESSION_SIGNING_SECRET_FILE, and refuses both variables', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'session-secret-')), 'secret');
    writeFileSync(file, `${LONG}\n`);
    expect(loadSessionSettings({ SESSION_SIGNING_SECRET_FILE: file }, { production: true }).signingSecret).toBe(LONG);
    expect(() => loadSessionSettings({ SESSION_SIGNING_SECRET_FILE: file, SESSION_SIGNING_SECRET: LONG })).toThrow(
      /SESSION_SIGNING_SECRET_FILE: cannot be set together with SESSION_SIGNING_SECRET/,
    );
    expect(() => loadSessionSettings({ SESSION_SIGNING_SECRET_FILE: join(file, 'missing') })).toThrow(
      /SESSION_SIGNING_SECRET_FILE: cannot read/,
    );
  });
});

describe('session tokens', () => {
  it('verify only for the same secret, session and owner', () => {
    const token = signSessionToken(LONG, 'ses_1', 'alice');
    expect(verifySessionToken(LONG, 'ses_1', 'alice', token)).toBe(true);
    expect(verifySessionToken(LONG, 'ses_2', 'alice', token)).toBe(false);
    expect(verifySessionToken(LONG, 'ses_1', 'bob', token)).toBe(false);
    expect(verifySessionToken('y'.repeat(32), 'ses_1', 'alice', token)).toBe(false);
    expect(verifySessionToken(LONG, 'ses_1', 'alice', token.slice(0, -1))).toBe(false);
    expect(verifySessionToken(LONG, 'ses_1', 'alice', 'ses_1')).toBe(false);
  });
});
