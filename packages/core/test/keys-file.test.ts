/**
 * API_KEYS_FILE: hashed keys merged with the environment keys, picked up without a restart, a
 * malformed new file keeping the previous keys, revocation taking effect live; a file created
 * after the start, deleted and re-created; a directory that does not exist yet.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addKey, readKeysFile, revokeKeys, writeKeysFile } from '../src/auth/keys-file.js';
import { watchKeysFile } from '../src/auth/keys-watcher.js';
import { ConfigError } from '../src/config.js';
import type { RunningService } from '../src/runtime.js';
import { callToolRaw, captureLogger, KEYS, startCoreTestService } from './helpers/service.js';
import { createLogger } from '../src/logger.js';

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
    await eventually(() =>
      Promise.resolve(logs.lines().some((l) => l.level === 'error' && l.message === 'API keys file is invalid; keeping the previous keys')),
    );
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
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="a2a-mcp", error="invalid_token", error_description="The API key is revoked"',
    );
  });

  it('refuses to start with a malformed file, naming the variable', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, 'not json');
    await expect(startCoreTestService({ API_KEYS_FILE: bad })).rejects.toThrow(
      new ConfigError([`API_KEYS_FILE: the keys file ${bad} is not valid JSON`]),
    );
  });
});

describe('API_KEYS_FILE that does not exist when the service starts', () => {
  const lateDir = mkdtempSync(join(tmpdir(), 'a2a-keys-late-'));
  const lateFile = join(lateDir, 'api-keys.json');
  const lateLogs = captureLogger();
  let late: RunningService;
  const lateStatus = async (key: string) => (await callToolRaw(late.mcpUrl, 'echo_text', { text: 'k' }, apiKey(key))).status;
  const logged = (level: string, message: string) => lateLogs.lines().filter((l) => l.level === level && l.message === message);
  let key: string;

  beforeAll(async () => {
    late = await startCoreTestService({ API_KEYS_FILE: lateFile }, { logger: lateLogs.logger });
  });
  afterAll(async () => {
    await late.close();
    rmSync(lateDir, { recursive: true, force: true });
  });

  it('starts with only the environment keys', async () => {
    expect(await lateStatus(KEYS.read)).toBe(200);
  });

  it('picks up the file once it is created (keys create after start), without a restart', async () => {
    const created = addKey({ version: 1, keys: [] }, { clientId: 'late-client', permissions: ['read'] });
    key = created.key;
    expect(await lateStatus(key)).toBe(401);
    writeKeysFile(lateFile, created.file);
    await eventually(async () => (await lateStatus(key)) === 200);
    const res = await callToolRaw(late.mcpUrl, 'echo_text', { text: 'late' }, apiKey(key));
    expect((res.json as { result: { structuredContent: unknown } }).result.structuredContent).toEqual({
      echo: 'late',
      client: 'late-client',
    });
    expect(logged('info', 'API keys file created; keys loaded').map((l) => l.keys)).toEqual([1]);
  });

  it('keeps the last good keys when a malformed file replaces it, and logs no key material', async () => {
    const pasted = 'a2a_plaintext-key-pasted-by-mistake-0123456789';
    writeFileSync(
      `${lateFile}.edit`,
      JSON.stringify({
        version: 1,
        keys: [{ id: 'key_manual1', clientId: 'x', hash: pasted, permissions: ['admin'], createdAt: '2026-01-01T00:00:00Z' }],
      }),
    );
    renameSync(`${lateFile}.edit`, lateFile);
    await eventually(() => Promise.resolve(logged('error', 'API keys file is invalid; keeping the previous keys').length === 1));
    expect(await lateStatus(key)).toBe(200);
    expect(await lateStatus(pasted)).toBe(401);
    const error = logged('error', 'API keys file is invalid; keeping the previous keys')[0]!;
    expect(error.file).toBe(lateFile);
    expect(String(error.error)).toMatch(/^the keys file .* is malformed: keys\.0\.hash: /);
    expect(JSON.stringify(lateLogs.lines())).not.toContain(pasted);
    expect(JSON.stringify(lateLogs.lines())).not.toContain(key);
  });

  it('applies a revocation (401 revoked) once a good file is back', async () => {
    const good = addKey({ version: 1, keys: [] }, { clientId: 'late-client', permissions: ['read'] });
    writeKeysFile(lateFile, good.file);
    await eventually(async () => (await lateStatus(good.key)) === 200);
    expect(await lateStatus(key)).toBe(401); // the new file no longer lists the first key
    writeKeysFile(lateFile, revokeKeys(readKeysFile(lateFile), good.entry.id).file);
    await eventually(async () => (await lateStatus(good.key)) === 401);
    const res = await callToolRaw(late.mcpUrl, 'echo_text', { text: 'k' }, apiKey(good.key));
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="a2a-mcp", error="invalid_token", error_description="The API key is revoked"',
    );
    key = good.key;
  });

  it('deleting the file removes its keys (environment keys keep working); re-creating restores them', async () => {
    const again = addKey({ version: 1, keys: [] }, { clientId: 'late-client', permissions: ['write'] });
    writeKeysFile(lateFile, again.file);
    await eventually(async () => (await lateStatus(again.key)) === 200);
    unlinkSync(lateFile);
    await eventually(async () => (await lateStatus(again.key)) === 401);
    expect(await lateStatus(KEYS.read)).toBe(200);
    expect(logged('warn', 'API keys file removed; only the environment keys are accepted until it is back')).toHaveLength(1);
    writeKeysFile(lateFile, again.file);
    await eventually(async () => (await lateStatus(again.key)) === 200);
  });
});

describe('watchKeysFile', () => {
  const silent = createLogger({ service: 'keys-test', level: 'silent' });
  // An hour: the periodic check never runs in these tests, so only directory events can reload.
  const NO_POLL = 3_600_000;

  it('sees a Kubernetes Secret volume update (the ..data symlink swap) through directory events alone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'a2a-keys-k8s-'));
    const path = join(root, 'api-keys.json');
    const first = addKey({ version: 1, keys: [] }, { clientId: 'k8s-client', permissions: ['read'] });
    writeKeysFile(join(root, '..2026_11_21_v1', 'api-keys.json'), first.file);
    symlinkSync('..2026_11_21_v1', join(root, '..data'));
    symlinkSync(join('..data', 'api-keys.json'), path);
    const watcher = watchKeysFile({ path, envKeys: [], logger: silent, pollIntervalMs: NO_POLL });
    try {
      expect(watcher.current().verify(first.key).ok).toBe(true);
      const second = addKey({ version: 1, keys: [] }, { clientId: 'k8s-client-2', permissions: ['read'] });
      writeKeysFile(join(root, '..2026_11_21_v2', 'api-keys.json'), second.file);
      symlinkSync('..2026_11_21_v2', join(root, '..data_tmp'));
      renameSync(join(root, '..data_tmp'), join(root, '..data'));
      await eventually(() => Promise.resolve(watcher.current().verify(second.key).ok));
      expect(watcher.current().verify(first.key)).toEqual({ ok: false, reason: 'unknown_key' });
    } finally {
      watcher.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('sees a file created after the start, through directory events alone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'a2a-keys-new-'));
    const path = join(root, 'api-keys.json');
    const watcher = watchKeysFile({ path, envKeys: [], logger: silent, pollIntervalMs: NO_POLL });
    try {
      expect(watcher.fileKeyCount()).toBe(0);
      const created = addKey({ version: 1, keys: [] }, { clientId: 'new-client', permissions: ['admin'] });
      writeKeysFile(path, created.file);
      await eventually(() => Promise.resolve(watcher.current().verify(created.key).ok));
      expect(watcher.fileKeyCount()).toBe(1);
    } finally {
      watcher.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('follows a file whose directory is created, removed and re-created after the start', async () => {
    const root = mkdtempSync(join(tmpdir(), 'a2a-keys-dir-'));
    const nested = join(root, 'state');
    const path = join(nested, 'api-keys.json');
    // The periodic check (fast here) notices the directory and re-establishes the watch.
    const watcher = watchKeysFile({
      path,
      envKeys: [{ key: KEYS.admin, clientId: 'operator', permissions: ['admin'] }],
      logger: silent,
      pollIntervalMs: 50,
    });
    try {
      const verdict = (key: string) => watcher.current().verify(key);
      expect(verdict(KEYS.admin).ok).toBe(true);
      expect(watcher.fileKeyCount()).toBe(0);

      const first = addKey({ version: 1, keys: [] }, { clientId: 'dir-client', permissions: ['read'] });
      writeKeysFile(path, first.file); // creates the directory too
      await eventually(() => Promise.resolve(verdict(first.key).ok));
      expect(watcher.fileKeyCount()).toBe(1);

      rmSync(nested, { recursive: true });
      await eventually(() => Promise.resolve(verdict(first.key).ok === false));
      expect(verdict(first.key)).toEqual({ ok: false, reason: 'unknown_key' });
      expect(watcher.fileKeyCount()).toBe(0);

      mkdirSync(nested);
      const second = addKey({ version: 1, keys: [] }, { clientId: 'dir-client-2', permissions: ['write'] });
      writeKeysFile(path, second.file);
      await eventually(() => Promise.resolve(verdict(second.key).ok));
      expect(verdict(second.key)).toMatchObject({ ok: true, identity: { clientId: 'dir-client-2', authType: 'api_key' } });
      expect(verdict(KEYS.admin).ok).toBe(true);
    } finally {
      watcher.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
