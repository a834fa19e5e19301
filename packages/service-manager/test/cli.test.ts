/**
 * The CLI end to end: real processes, the built dist/cli.js spawned afresh for every command (so
 * state must survive between invocations), a temp state directory and free ports per suite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { callFallbackTool, freeOffset, isAlive, runCli, tempDir, waitFor } from './helpers.js';

interface StatusJson {
  running: boolean;
  supervisor: { pid: number } | null;
  services: {
    name: string;
    state: string;
    port: number;
    restarts: number;
    ready?: boolean;
    workers: { pid: number }[];
    lastExit: { signal: string | null } | null;
  }[];
}

const CC = 'confidence-calculator';

describe('start, status, health, self-healing, stop', () => {
  const stateDir = tempDir('life');
  let offset = 0;
  let supervisorPid = 0;
  const sm = (...args: string[]) => runCli(['--state-dir', stateDir, ...args]);
  const status = async () => JSON.parse((await sm('status', '--json')).stdout) as StatusJson;

  beforeAll(async () => {
    offset = await freeOffset();
  });

  afterAll(async () => {
    await sm('stop', '--timeout', '2000');
  });

  it('start returns once the service is ready, with its URL and the dev key location', async () => {
    const result = await sm('start', CC, '--port-offset', String(offset));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`http://127.0.0.1:${8108 + offset}/mcp`);
    expect(result.stdout).toContain(join(stateDir, 'dev-api-key'));
    expect(result.stdout).toContain('node packages/service-manager/dist/cli.js stop');
  });

  it('health reports ready (exit 0) and a tools/call answers with the dev key', async () => {
    const health = await sm('health', CC, '--json');
    expect(health.code).toBe(0);
    expect(JSON.parse(health.stdout)).toMatchObject({ ok: true, services: [{ name: CC, port: 8108 + offset, ready: true }] });
    const key = readFileSync(join(stateDir, 'dev-api-key'), 'utf8').trim();
    await expect(callFallbackTool(8108 + offset, key)).resolves.toBe(true);
  });

  it('status (a new process) shows the supervisor, the worker pid, the port and readiness', async () => {
    const s = await status();
    expect(s.running).toBe(true);
    supervisorPid = s.supervisor!.pid;
    expect(isAlive(supervisorPid)).toBe(true);
    const cc = s.services.find((x) => x.name === CC)!;
    expect(cc).toMatchObject({ state: 'running', port: 8108 + offset, restarts: 0, ready: true });
    expect(cc.workers).toHaveLength(1);
    expect(isAlive(cc.workers[0]!.pid)).toBe(true);
    const text = await sm('status');
    expect(text.stdout).toMatch(new RegExp(`${CC}\\s+running\\s+yes\\s+${cc.workers[0]!.pid}\\s+${8108 + offset}`));
  });

  it('a second start exits 5 and changes nothing', async () => {
    const before = (await status()).services.find((x) => x.name === CC)!.workers[0]!.pid;
    const again = await sm('start', CC, '--port-offset', String(offset));
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('already running: confidence-calculator');
    expect((await status()).services.find((x) => x.name === CC)!.workers[0]!.pid).toBe(before);
  });

  it('kill -9 of a worker is healed: a new pid becomes ready, restarts counts it', async () => {
    const old = (await status()).services.find((x) => x.name === CC)!.workers[0]!.pid;
    process.kill(old, 'SIGKILL');
    let latest: StatusJson['services'][number] | undefined;
    const healed = await waitFor(
      async () => {
        latest = (await status()).services.find((x) => x.name === CC);
        return latest?.state === 'running' && latest.ready === true && latest.workers[0]?.pid !== old;
      },
      30_000,
      250,
    );
    expect(healed).toBe(true);
    expect(latest!.restarts).toBe(1);
    expect(latest!.lastExit?.signal).toBe('SIGKILL');
    expect(isAlive(old)).toBe(false);
  });

  it('logs prints the service log', async () => {
    const logs = await sm('logs', CC, '-n', '200');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('"service":"confidence-calculator"');
  });

  it('stop leaves no process behind: workers and supervisor are gone, status says not running (3)', async () => {
    const s = await status();
    const pids = [s.supervisor!.pid, ...s.services.flatMap((x) => x.workers.map((w) => w.pid))];
    const stop = await sm('stop');
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain('stopped confidence-calculator');
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    const after = await sm('status', '--json');
    expect(after.code).toBe(3);
    expect(JSON.parse(after.stdout)).toMatchObject({ running: false });
    expect((await sm('stop')).code).toBe(3);
    expect((await sm('health', CC)).code).toBe(4);
  });
});

describe('failures are clear and leave nothing half-started', () => {
  it('an unknown name exits 2 and lists the valid names', async () => {
    const result = await runCli(['--state-dir', tempDir('unknown'), 'start', 'no-such-service']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown service: no-such-service');
    expect(result.stderr).toContain('Valid names: data-standardization, vector-similarity');
    expect(result.stderr).toContain(CC);
  });

  it('an unknown option is a usage error (2)', async () => {
    expect((await runCli(['status', '--bogus'])).code).toBe(2);
  });

  it('a port already in use exits 6 before anything is forked', async () => {
    const stateDir = tempDir('port');
    const offset = await freeOffset();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(8108 + offset, '127.0.0.1', resolve));
    try {
      const result = await runCli(['--state-dir', stateDir, 'start', CC, '--port-offset', String(offset)]);
      expect(result.code).toBe(6);
      expect(result.stderr).toContain(`port ${8108 + offset} (confidence-calculator) is already in use`);
      expect((await runCli(['--state-dir', stateDir, 'status'])).code).toBe(3);
    } finally {
      blocker.close();
    }
  });

  it('a service that exits during start-up: exit 8 with its reason and last lines, supervisor gone', async () => {
    const stateDir = tempDir('exit78');
    const offset = await freeOffset();
    // The production profile refuses to start without credentials (the service exits 78).
    const result = await runCli(['--state-dir', stateDir, 'start', CC, '--production', '--workers', '1', '--port-offset', String(offset)], {
      env: { MCP_API_KEYS: '' },
    });
    expect(result.code).toBe(8);
    expect(result.stderr).toContain('confidence-calculator: exited during start-up: exit code 78 (configuration error)');
    expect(result.stderr).toContain('MCP_API_KEYS');
    const status = await runCli(['--state-dir', stateDir, 'status', '--json']);
    expect(status.code).toBe(3);
  });

  it('a malformed services.json exits 8 naming the problem; an unbuilt service exits 7 saying pnpm build', async () => {
    const dir = tempDir('registry');
    writeFileSync(join(dir, 'services.json'), '{ "services": [ { "name": "Bad Name" } ] }');
    const malformed = await runCli(['--state-dir', join(dir, '.state'), 'list'], { cwd: dir });
    expect(malformed.code).toBe(8);
    expect(malformed.stderr).toContain('malformed services.json');
    writeFileSync(
      join(dir, 'services.json'),
      JSON.stringify({ services: [{ name: 'demo', package: '@x/demo', port: 9999, description: 'demo service' }] }),
    );
    mkdirSync(join(dir, 'services', 'demo'), { recursive: true });
    writeFileSync(join(dir, 'services', 'demo', 'package.json'), '{}');
    const unbuilt = await runCli(['--state-dir', join(dir, '.state'), 'start'], { cwd: dir });
    expect(unbuilt.code).toBe(7);
    expect(unbuilt.stderr).toContain('Run: pnpm build');
    const list = await runCli(['--state-dir', join(dir, '.state'), 'list', '--json'], { cwd: dir });
    expect(JSON.parse(list.stdout)).toMatchObject({
      portOffset: 0,
      services: [{ name: 'demo', port: 9999, registryPort: 9999, implemented: true, built: false }],
    });
  });

  it('list shows the ports of a port offset: --port-offset, else A2A_PORT_OFFSET', async () => {
    const dir = tempDir('list-offset');
    writeFileSync(
      join(dir, 'services.json'),
      JSON.stringify({ services: [{ name: 'demo', package: '@x/demo', port: 8108, description: 'demo service' }] }),
    );
    const state = join(dir, '.state');
    const json = await runCli(['--state-dir', state, 'list', '--port-offset', '1000', '--json'], { cwd: dir });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      portOffset: 1000,
      services: [{ name: 'demo', port: 9108, registryPort: 8108, status: 'absent' }],
    });
    const text = await runCli(['--state-dir', state, 'list', '--port-offset', '1000'], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^demo\s+9108\s+absent\s+demo service$/m);
    expect(text.stdout).toContain('ports: registry port + 1000 (port offset)');
    const env = await runCli(['--state-dir', state, 'list', '--json'], { cwd: dir, env: { A2A_PORT_OFFSET: '7' } });
    expect(JSON.parse(env.stdout)).toMatchObject({ portOffset: 7, services: [{ port: 8115 }] });
    expect((await runCli(['--state-dir', state, 'list', '--port-offset', 'x'], { cwd: dir })).code).toBe(2);
  });
});

describe('keys', () => {
  it('create, list, rotate and revoke round trip on a temp file; keys are shown once and never listed', async () => {
    const file = join(tempDir('keys'), 'api-keys.json');
    const created = await runCli([
      'keys',
      'create',
      '--client',
      'agent-1',
      '--permissions',
      'read,write',
      '--expires',
      '30d',
      '--file',
      file,
      '--json',
    ]);
    expect(created.code).toBe(0);
    const { key, entry } = JSON.parse(created.stdout) as { key: string; entry: { id: string; permissions: string[]; expiresAt: string } };
    expect(key).toMatch(/^a2a_[A-Za-z0-9_-]{43}$/);
    expect(entry.permissions).toEqual(['read', 'write']);
    expect(Date.parse(entry.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(key);

    const list = await runCli(['keys', 'list', '--file', file]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${entry.id}\\s+agent-1\\s+read,write\\s+active`));
    expect(list.stdout).not.toContain(key);
    const hash = (JSON.parse(stored) as { keys: { hash: string }[] }).keys[0]!.hash;
    expect(list.stdout).not.toContain(hash);

    const rotated = await runCli(['keys', 'rotate', 'agent-1', '--file', file, '--json']);
    expect(rotated.code).toBe(0);
    const next = JSON.parse(rotated.stdout) as { key: string; entry: { id: string; permissions: string[] } };
    expect(next.key).not.toBe(key);
    expect(next.entry.permissions).toEqual(['read', 'write']);
    const afterRotate = JSON.parse((await runCli(['keys', 'list', '--file', file, '--json'])).stdout) as {
      keys: { id: string; status: string }[];
    };
    expect(afterRotate.keys.map((k) => [k.id, k.status])).toEqual([
      [entry.id, 'revoked'],
      [next.entry.id, 'active'],
    ]);

    const revoked = await runCli(['keys', 'revoke', 'agent-1', '--file', file]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('revoked 1 key');
    expect((await runCli(['keys', 'revoke', 'agent-1', '--file', file])).code).toBe(1);
    expect((await runCli(['keys', 'create', '--client', 'x', '--permissions', 'root', '--file', file])).code).toBe(2);
    expect((await runCli(['keys', 'create', '--client', 'x', '--expires', 'yesterday', '--file', file])).code).toBe(2);
  }, 120_000); // eight CLI processes: slow on a loaded CI machine
});
