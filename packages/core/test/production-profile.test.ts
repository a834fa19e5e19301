/**
 * The production profile refuses to start with missing, short or default secrets and with
 * CORS_ORIGINS=*, naming each problem; the development profile makes a key and prints it once.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addKey, writeKeysFile } from '../src/auth/keys-file.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { startService } from '../src/runtime.js';
import { callToolRaw, captureLogger, coreTestConfig, KEYS, securityTestService } from './helpers/service.js';

const LONG_SECRET = 'k8Jq2vX9pL4mN7rT1wY6zB3cF5hG0sDa';

async function problemsOf(env: Record<string, string | undefined>): Promise<string[]> {
  try {
    const service = await startService(securityTestService(), { config: coreTestConfig(env, { production: true }), port: 0 });
    await service.close();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('production profile', () => {
  it('starts with long, non-default credentials', async () => {
    expect(await problemsOf({ JWT_SECRET: LONG_SECRET, METRICS_TOKEN: 'Zx81-metrics-Qp02-token' })).toEqual([]);
  });

  it('refuses to start without any credential', async () => {
    expect(await problemsOf({ MCP_API_KEYS: undefined })).toEqual([
      'MCP_API_KEYS: the production profile needs at least one credential (MCP_API_KEYS, API_KEY_<N>, API_KEYS_FILE, JWT_SECRET or OAUTH_ISSUER)',
    ]);
  });

  it('accepts OAuth alone as the credential source', async () => {
    expect(
      await problemsOf({
        MCP_API_KEYS: undefined,
        OAUTH_ISSUER: 'https://auth.example.com/realms/mcp',
        PUBLIC_URL: 'https://mcp.example.com/vector-ranking',
      }),
    ).toEqual([]);
  });

  it('needs PUBLIC_URL with OAuth (the audience would otherwise be the loopback address)', async () => {
    expect(await problemsOf({ MCP_API_KEYS: undefined, OAUTH_ISSUER: 'https://auth.example.com/realms/mcp' })).toEqual([
      'PUBLIC_URL: OAuth needs the public URL of this service in production (its tokens are issued for PUBLIC_URL/mcp)',
    ]);
  });

  it('names a short API key and a default-looking one, each by the variable it came from', async () => {
    expect(
      await problemsOf({
        MCP_API_KEYS: 'short-key:ci:read',
        API_KEY_1: 'changeme-0123456789abcdef0123456789:ops:admin',
        API_KEY_7: 'tiny:batch:write',
      }),
    ).toEqual([
      'MCP_API_KEYS: the key for client "ci" is shorter than 32 characters',
      'API_KEY_1: the key for client "ops" looks like a default or development key',
      'API_KEY_7: the key for client "batch" is shorter than 32 characters',
    ]);
  });

  it('names an OAuth issuer or JWKS URL over plain http (loopback excepted)', async () => {
    expect(
      await problemsOf({
        MCP_API_KEYS: undefined,
        OAUTH_ISSUER: 'http://auth.example.com/realms/mcp',
        OAUTH_JWKS_URL: 'http://auth.example.com/certs',
        PUBLIC_URL: 'https://mcp.example.com',
      }),
    ).toEqual([
      'OAUTH_ISSUER: must be an https:// URL in production (http:// only on a loopback address)',
      'OAUTH_JWKS_URL: must be an https:// URL in production (http:// only on a loopback address)',
    ]);
    expect(
      await problemsOf({
        MCP_API_KEYS: undefined,
        OAUTH_ISSUER: 'http://127.0.0.1:8080/realms/mcp',
        OAUTH_JWKS_URL: 'http://localhost:8080/certs',
        PUBLIC_URL: 'https://mcp.example.com',
      }),
    ).toEqual([]);
  });

  it('names every problem at once', async () => {
    expect(
      await problemsOf({
        MCP_API_KEYS: 'short-key:ci:read',
        JWT_SECRET: 'changeme',
        METRICS_TOKEN: 'default',
        CORS_ORIGINS: 'https://a.example,*',
      }),
    ).toEqual([
      'MCP_API_KEYS: the key for client "ci" is shorter than 32 characters',
      'JWT_SECRET: shorter than 32 bytes',
      'JWT_SECRET: looks like a default or example secret',
      'CORS_ORIGINS: "*" is not allowed in production; list the origins',
      'METRICS_TOKEN: shorter than 16 characters',
      'METRICS_TOKEN: looks like a default or example token',
    ]);
  });

  it('names a short JWT_SECRET and a default one (also through the JWT_SECRET_KEY alias)', async () => {
    expect(await problemsOf({ JWT_SECRET: 'only-twenty-chars-xx' })).toEqual(['JWT_SECRET: shorter than 32 bytes']);
    expect(await problemsOf({ JWT_SECRET_KEY: 'your-secret-key-change-this-in-production' })).toEqual([
      'JWT_SECRET: looks like a default or example secret',
    ]);
  });

  it('names a short METRICS_TOKEN and CORS_ORIGINS=*', async () => {
    expect(await problemsOf({ METRICS_TOKEN: 'short', CORS_ORIGINS: '*' })).toEqual([
      'CORS_ORIGINS: "*" is not allowed in production; list the origins',
      'METRICS_TOKEN: shorter than 16 characters',
    ]);
  });

  it('is chosen by NODE_ENV=production as well as by --production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).profile).toBe('production');
    expect(loadConfig({ NODE_ENV: 'development' }, { production: true }).profile).toBe('production');
  });
});

describe('development profile key', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'a2a-devkey-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));
  const devConfig = () => loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'info', STATE_DIR: stateDir });

  it('is created once and named by its file, never logged, then reused', async () => {
    const first = captureLogger();
    const service = await startService(securityTestService(), { config: devConfig(), port: 0, logger: first.logger });
    const key = readFileSync(join(stateDir, 'dev-api-key'), 'utf8').trim();
    const warned = first.lines().filter((l) => l.level === 'warn');
    expect(warned).toHaveLength(1);
    expect(warned[0]!.message).toBe(
      `No credentials configured: created a development API key in ${join(stateDir, 'dev-api-key')} (read it from there)`,
    );
    expect(first.lines().some((l) => JSON.stringify(l).includes(key))).toBe(false);
    expect((await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, { 'x-api-key': key })).status).toBe(200);
    await service.close();

    const second = captureLogger();
    const again = await startService(securityTestService(), { config: devConfig(), port: 0, logger: second.logger });
    expect(second.lines().some((l) => JSON.stringify(l).includes(key))).toBe(false);
    expect(
      second
        .lines()
        .some((l) => l.level === 'info' && String(l.message).startsWith('No credentials configured: using the development API key')),
    ).toBe(true);
    expect((await callToolRaw(again.mcpUrl, 'echo_text', { text: 'x' }, { 'x-api-key': key })).status).toBe(200);
    await again.close();
  });

  it('stays valid beside keys in the hashed keys file (service-manager keys create)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'a2a-devkey-'));
    const keysFile = join(dir, 'api-keys.json');
    const { key: fileKey, file } = addKey({ version: 1, keys: [] }, { clientId: 'agent', permissions: ['read'] });
    writeKeysFile(keysFile, file);
    const service = await startService(securityTestService(), {
      config: loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', STATE_DIR: dir, API_KEYS_FILE: keysFile }),
      port: 0,
    });
    const devKey = readFileSync(join(dir, 'dev-api-key'), 'utf8').trim();
    expect((await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, { 'x-api-key': devKey })).status).toBe(200);
    expect((await callToolRaw(service.mcpUrl, 'echo_text', { text: 'x' }, { 'x-api-key': fileKey })).status).toBe(200);
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is not made when credentials are configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'a2a-devkey-'));
    const service = await startService(securityTestService(), {
      config: loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', STATE_DIR: dir, MCP_API_KEYS: `${KEYS.read}:reader:read` }),
      port: 0,
    });
    await service.close();
    expect(() => readFileSync(join(dir, 'dev-api-key'))).toThrow();
    rmSync(dir, { recursive: true, force: true });
  });
});
