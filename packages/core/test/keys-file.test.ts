/**
 * API_KEYS_FILE: hashed keys merged with the environment keys, picked up without a restart, a
 * malformed new file keeping the previous keys, revocation taking effect live.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addKey, readKeysFile, revokeKeys, writeKeysFile } from '../src/auth/keys-file.js';
import { ConfigError } from '../src/config.js';
import type { RunningService } from '../src/runtime.js';
import { callToolRaw, captureLogger, KEYS, startCoreTestService } from './helpers/service.js';

const dir = mkdtempSync(join(tmpdir(), 'a2a-keys-'));
const file = join(dir, 'api-keys.json');
const apiKey = (key: string) => ({ 'x-api-key': key });

/** Polls until `probe` returns true (file events are asynchronous); fails after `attempts`. */
async function eventually(probe: () => Promise<boolean>, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}

const status = async (key: string) => (await callToolRaw(service.mcpUrl, 'echo_text', { text: 'k' }, apiKey(key))).status;

let service: RunningService;
let firstKey: string;
const logs = captureLogger();
beforeAll(async () => {
  const created = addKey({ version: 1, keys: [] }, { clientId: 'file-client', permissions: ['read'] });
  firstKey = created.key;
  writeKeysFile(file, created.file);
  service = await startCoreTestService({ API_KEYS_FILE: file }, { logger: logs.logger });
});
afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('API_KEYS_FILE', () => {
  it('accepts keys from the file and from the environment', async () => {
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'k' }, apiKey(firstKey));
    expect(res.status).toBe(200);
    expect((res.json as { result: { structuredContent: unknown } }).result.structuredContent).toEqual({ echo: 'k', client: 'file-client' });
    expect(await status(KEYS.read)).toBe(200);
  });

  it('picks up a new key without a restart', async () => {
    const { key, file: next } = addKey(readKeysFile(file), { clientId: 'second-client', permissions: ['write'] });
    expect(await status(key)).toBe(401);
    writeKeysFile(file, next);
    await eventually(async () => (await status(key)) === 200);
    expect(await status(firstKey)).toBe(200);
  });

  it('keeps the previous keys when the new file is malformed, and logs an error', async () => {
    writeFileSync(file, '{"version": 1, "keys": [ { "oops": true } ]}');
    await eventually(() => Promise.resolve(logs.lines().some((l) => l.level === 'error' && l.message === 'API keys file is invalid; keeping the previous keys')));
    expect(await status(firstKey)).toBe(200);
    expect(await status(KEYS.read)).toBe(200);
  });

  it('applies a revocation live', async () => {
    const good = addKey({ version: 1, keys: [] }, { clientId: 'file-client', permissions: ['read'] });
    writeKeysFile(file, good.file);
    await eventually(async () => (await status(good.key)) === 200);
    writeKeysFile(file, revokeKeys(readKeysFile(file), 'file-client').file);
    await eventually(async () => (await status(good.key)) === 401);
    const res = await callToolRaw(service.mcpUrl, 'echo_text', { text: 'k' }, apiKey(good.key));
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="a2a-mcp", error="invalid_token", error_description="The API key is revoked"');
  });

  it('refuses to start with a malformed file, naming the variable', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, 'not json');
    await expect(startCoreTestService({ API_KEYS_FILE: bad })).rejects.toThrow(new ConfigError([`API_KEYS_FILE: the keys file ${bad} is not valid JSON`]));
  });
});
