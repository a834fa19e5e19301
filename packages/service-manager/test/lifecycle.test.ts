/**
 * One service's lifecycle leaves the others alone: `restart <one>`, `stop <one>` + `start <one>`,
 * `restart --rolling <one>`, and `start` / `restart --rolling` with no names after one service was
 * stopped. Three fixture services under a real supervisor (spawned CLI, own state directory, free
 * ports); after each command the untouched services have the same worker pids and still answer
 * /ready, the summary line names exactly the services that changed, and the exit code is the
 * README's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fixtureRoot, freeOffset, isAlive, runCli, tempDir } from './helpers.js';

interface Row {
  name: string;
  state: string;
  ready?: boolean;
  workers: { pid: number }[];
}

const NAMES = ['alpha', 'beta', 'gamma'] as const;

describe('one service at a time', () => {
  const stateDir = tempDir('one');
  let root = '';
  let supervisorPid = 0;
  const sm = (...args: string[]) => runCli(['--state-dir', stateDir, ...args], { cwd: root });
  const rows = async (): Promise<Map<string, Row>> => {
    const status = await sm('status', '--json');
    const parsed = JSON.parse(status.stdout) as { supervisor: { pid: number }; services: Row[] };
    supervisorPid = parsed.supervisor.pid;
    return new Map(parsed.services.map((s) => [s.name, s]));
  };
  const pids = (row: Row | undefined) => (row?.workers ?? []).map((w) => w.pid);

  /** Runs a command and checks that every service but `changed` kept its pids and readiness. */
  async function untouched(changed: readonly string[], command: () => Promise<{ code: number | null; stdout: string; stderr: string }>) {
    const before = await rows();
    const result = await command();
    const after = await rows();
    for (const name of NAMES.filter((n) => !changed.includes(n))) {
      if (before.get(name)?.state === 'stopped') {
        expect(after.get(name)).toMatchObject({ state: 'stopped', workers: [] });
        continue;
      }
      expect(after.get(name)).toMatchObject({ state: 'running', ready: true });
      expect(pids(after.get(name))).toEqual(pids(before.get(name)));
      for (const pid of pids(after.get(name))) expect(isAlive(pid)).toBe(true);
    }
    expect(isAlive(supervisorPid)).toBe(true);
    return { result, before, after };
  }

  beforeAll(async () => {
    const offset = await freeOffset(8101, 3);
    root = fixtureRoot(NAMES.map((name, i) => ({ name, port: 8101 + i + offset, fixture: true })));
    const started = await sm('start');
    expect(started.code).toBe(0);
    expect(started.stdout.split('\n')[0]).toMatch(/^✓ started alpha, beta, gamma \(development profile, supervisor pid \d+\)$/);
  });

  afterAll(async () => {
    await sm('stop', '--timeout', '3000');
  });

  it('restart beta: only beta gets a new pid; the table shows it ready; exit 0', async () => {
    const { result, before, after } = await untouched(['beta'], () => sm('restart', 'beta'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('✓ restarted beta');
    expect(lines[1]).toMatch(/^SERVICE\s+STATE\s+READY\s+PIDS/);
    expect(lines[2]).toMatch(new RegExp(`^beta\\s+running\\s+yes\\s+${pids(after.get('beta'))[0]}\\s`));
    expect(lines.filter((l) => /^(alpha|gamma)\s/.test(l))).toEqual([]);
    expect(pids(after.get('beta'))).not.toEqual(pids(before.get('beta')));
    expect(after.get('beta')).toMatchObject({ state: 'running', ready: true });
  });

  it('stop beta, then start beta: the others keep serving, each summary names beta alone', async () => {
    const stopped = await untouched(['beta'], () => sm('stop', 'beta'));
    expect(stopped.result.code).toBe(0);
    expect(stopped.result.stdout).toBe('✓ stopped beta\n');
    expect(stopped.after.get('beta')).toMatchObject({ state: 'stopped', workers: [] });
    for (const pid of pids(stopped.before.get('beta'))) expect(isAlive(pid)).toBe(false);

    const status = await sm('status');
    expect(status.code).toBe(0);

    const started = await untouched(['beta'], () => sm('start', 'beta'));
    expect(started.result.stderr).toBe('');
    expect(started.result.code).toBe(0);
    expect(started.result.stdout.split('\n')[0]).toMatch(/^✓ started beta \(development profile, supervisor pid \d+\)$/);
    expect(started.after.get('beta')).toMatchObject({ state: 'running', ready: true });
  });

  it('restart --rolling beta: beta is replaced, the others keep their pids; exit 0', async () => {
    const { result, before, after } = await untouched(['beta'], () => sm('restart', '--rolling', 'beta'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('✓ restarted beta (rolling)');
    expect(pids(after.get('beta'))).not.toEqual(pids(before.get('beta')));
    expect(after.get('beta')).toMatchObject({ state: 'running', ready: true });
  });

  it('with gamma stopped, restart --rolling (no names) replaces alpha and beta only and says so', async () => {
    expect((await sm('stop', 'gamma')).code).toBe(0);
    const { result, before, after } = await untouched(['alpha', 'beta'], () => sm('restart', '--rolling', '--json'));
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { ok: boolean; rolling: boolean; restarted: string[]; services: Row[] };
    expect(parsed).toMatchObject({ ok: true, rolling: true, restarted: ['alpha', 'beta'] });
    expect(parsed.services.map((s) => [s.name, s.state, s.ready])).toEqual([
      ['alpha', 'running', true],
      ['beta', 'running', true],
    ]);
    for (const name of ['alpha', 'beta']) expect(pids(after.get(name))).not.toEqual(pids(before.get(name)));
    expect(after.get('gamma')).toMatchObject({ state: 'stopped', workers: [] });
  });

  it('start with no names starts what is not running (gamma) and names it; then exit 5 when all run', async () => {
    const { result, after } = await untouched(['gamma'], () => sm('start'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^✓ started gamma \(development profile, supervisor pid \d+\)$/);
    expect(after.get('gamma')).toMatchObject({ state: 'running', ready: true });

    const again = await untouched([], () => sm('start'));
    expect(again.result.code).toBe(5);
    expect(again.result.stderr).toContain('already running: alpha, beta, gamma');
  });

  it('restart --rolling with no names and every service running: all three, exit 0', async () => {
    const text = await sm('restart', '--rolling');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe('✓ restarted alpha, beta, gamma (rolling)');
  });
});
