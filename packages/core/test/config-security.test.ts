/** Configuration of the security variables: aliases, _FILE secrets, algorithm allow-list, defaults. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'a2a-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('security configuration', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    expect(config.JWT_SECRET).toBeUndefined();
    expect([config.JWT_ISSUER, config.JWT_AUDIENCE, config.JWT_EXPIRATION_HOURS]).toEqual(['a2a-mcp', 'a2a-mcp', 24]);
    expect(config.OAUTH_ALGORITHMS).toEqual(['RS256', 'PS256', 'ES256']);
    expect(config.PUBLIC_TOOLS).toEqual([]);
    expect(config.API_KEYS_FILE).toBeUndefined();
  });

  it('reads JWT_SECRET_KEY as an alias and JWT_SECRET_FILE as a file', () => {
    expect(loadConfig({ JWT_SECRET_KEY: 'from-alias' }).JWT_SECRET).toBe('from-alias');
    const file = join(dir, 'jwt-secret');
    writeFileSync(file, 'from-file\n');
    expect(loadConfig({ JWT_SECRET_FILE: file }).JWT_SECRET).toBe('from-file');
    expect(problems({ JWT_SECRET: 'a', JWT_SECRET_KEY: 'b' })).toEqual([
      'JWT_SECRET, JWT_SECRET_KEY: set to different values; set only one',
    ]);
  });

  it('refuses none and HS* in OAUTH_ALGORITHMS', () => {
    const message =
      'OAUTH_ALGORITHMS: each must be one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519 (never none or HS*)';
    expect(problems({ OAUTH_ISSUER: 'https://auth.example.com', OAUTH_ALGORITHMS: 'RS256,none' })).toEqual([message]);
    expect(problems({ OAUTH_ISSUER: 'https://auth.example.com', OAUTH_ALGORITHMS: 'HS256' })).toEqual([message]);
    expect(loadConfig({ OAUTH_ISSUER: 'https://auth.example.com', OAUTH_ALGORITHMS: 'ES384, EdDSA' }).OAUTH_ALGORITHMS).toEqual([
      'ES384',
      'EdDSA',
    ]);
  });

  it('refuses half a TLS pair instead of silently serving plain HTTP', () => {
    expect(problems({ TLS_CERT_FILE: '/etc/tls/cert.pem' })).toEqual(['TLS_CERT_FILE: needs TLS_KEY_FILE']);
    expect(problems({ TLS_KEY_FILE: '/etc/tls/key.pem' })).toEqual(['TLS_KEY_FILE: needs TLS_CERT_FILE']);
    expect(problems({ TLS_CERT_FILE: '/etc/tls/cert.pem', TLS_KEY_FILE: '/etc/tls/key.pem' })).toEqual([]);
  });

  it('needs OAUTH_ISSUER for the other OAuth variables, and URLs where URLs go', () => {
    expect(problems({ OAUTH_AUDIENCE: 'https://mcp.example.com/mcp', OAUTH_JWKS_URL: 'https://auth.example.com/jwks' })).toEqual([
      'OAUTH_AUDIENCE: needs OAUTH_ISSUER',
      'OAUTH_JWKS_URL: needs OAUTH_ISSUER',
    ]);
    expect(problems({ OAUTH_ISSUER: 'auth.example.com' })).toEqual(['OAUTH_ISSUER: must be an http(s) URL']);
  });

  it('parses PUBLIC_TOOLS as a comma list', () => {
    expect(loadConfig({ PUBLIC_TOOLS: 'a_tool, b_tool,' }).PUBLIC_TOOLS).toEqual(['a_tool', 'b_tool']);
  });
});
