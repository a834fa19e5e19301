/**
 * Keys made while the fleet runs: the real confidence-calculator is started with NO keys file in
 * its state directory; `keys create` writes one, and the same worker (no restart) accepts the new
 * key on a tools/call; `keys revoke` takes it away again. The reload itself is core's keys watcher.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callFallbackTool, freeOffset, runCli, tempDir, waitFor } from './helpers.js';

const CC = 'confidence-calculator';

describe('a key created after start works without a restart', () => {
  const stateDir = tempDir('keys-live');
  let port = 0;
  const sm = (...args: string[]) => runCli(['--state-dir', stateDir, ...args]);
  const workerPids = async () =>
    (JSON.parse((await sm('status', '--json')).stdout) as { services: { name: string; workers: { pid: number }[] }[] }).services
      .find((s) => s.name === CC)!
      .workers.map((w) => w.pid);

  beforeAll(async () => {
    const offset = await freeOffset();
    port = 8108 + offset;
    const started = await sm('start', CC, '--port-offset', String(offset));
    expect(started.code).toBe(0);
  });

  afterAll(async () => {
    await sm('stop', '--timeout', '3000');
  });

  it('keys create → the running worker accepts the key; keys revoke → it refuses it', async () => {
    const keysFile = join(stateDir, 'api-keys.json');
    expect(existsSync(keysFile)).toBe(false);
    const pids = await workerPids();
    expect(pids).toHaveLength(1);

    const created = await sm('keys', 'create', '--client', 'late-agent', '--permissions', 'read,write', '--json');
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('');
    const { key, file } = JSON.parse(created.stdout) as { key: string; file: string };
    expect(file).toBe(keysFile);
    expect(readFileSync(keysFile, 'utf8')).not.toContain(key);

    // Core reloads on the directory watch (or its periodic check, every 5 s).
    const accepted = await waitFor(() => callFallbackTool(port, key), 30_000, 250);
    expect(accepted).toBe(true);
    expect(await workerPids()).toEqual(pids);
    // The development key still works beside the file's keys.
    const devKey = readFileSync(join(stateDir, 'dev-api-key'), 'utf8').trim();
    await expect(callFallbackTool(port, devKey)).resolves.toBe(true);

    const revoked = await sm('keys', 'revoke', 'late-agent');
    expect(revoked.code).toBe(0);
    const refused = await waitFor(async () => !(await callFallbackTool(port, key)), 30_000, 250);
    expect(refused).toBe(true);
    const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${key}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(response.status).toBe(401);
    expect(await workerPids()).toEqual(pids);
  });

  it('after a restart the development key still works beside the keys file (the start summary names it)', async () => {
    const created = await sm('keys', 'create', '--client', 'second-agent', '--json');
    expect(created.code).toBe(0);
    const { key } = JSON.parse(created.stdout) as { key: string };
    const restarted = await sm('restart', CC);
    expect(restarted.code).toBe(0);
    const devKey = readFileSync(join(stateDir, 'dev-api-key'), 'utf8').trim();
    await expect(callFallbackTool(port, devKey)).resolves.toBe(true);
    await expect(callFallbackTool(port, key)).resolves.toBe(true);
  });
});
