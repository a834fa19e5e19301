/**
 * `logs` (-n, -f, rotation), the output rules (colours only on a terminal, plain when piped, JSON
 * with --json) and the "absent" registry state. Real CLI processes; a terminal comes from
 * util-linux `script`, which runs the CLI on a pseudo-terminal.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RotatingLog } from '../src/log-file.js';
import { childEnv, cliPath, fixtureRoot, freeOffset, runCli, spawnCli, tempDir, waitFor, type RunningCli } from './helpers.js';

const ESC = '\u001b[';
const line = (n: number) => `line ${String(n).padStart(2, '0')}`;
const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_v, i) => `${line(from + i)}\n`).join('');

describe('logs', () => {
  const root = fixtureRoot([{ name: 'steady', port: 9300, fixture: true }]);
  const stateDir = tempDir('logs');
  const logFile = join(stateDir, 'logs', 'steady.log');
  const followers: RunningCli[] = [];

  beforeAll(() => {
    mkdirSync(join(stateDir, 'logs'), { recursive: true });
    writeFileSync(logFile, lines(1, 10));
  });

  afterAll(() => {
    for (const f of followers) if (f.child.exitCode === null) f.child.kill('SIGKILL');
  });

  it('-n limits the lines to the last N (0: none); the default is 50', async () => {
    const three = await runCli(['--state-dir', stateDir, 'logs', 'steady', '-n', '3'], { cwd: root });
    expect(three).toEqual({ code: 0, stdout: lines(8, 10), stderr: '' });
    const none = await runCli(['--state-dir', stateDir, 'logs', 'steady', '--lines', '0'], { cwd: root });
    expect(none).toEqual({ code: 0, stdout: '', stderr: '' });
    const all = await runCli(['--state-dir', stateDir, 'logs', 'steady'], { cwd: root });
    expect(all.stdout).toBe(lines(1, 10));
    expect((await runCli(['--state-dir', stateDir, 'logs', 'steady', '-n', '-1'], { cwd: root })).code).toBe(2);
  });

  it('a service without a log yet exits 1; an unknown name exits 2', async () => {
    const other = fixtureRoot([
      { name: 'steady', port: 9300, fixture: true },
      { name: 'quiet', port: 9301, fixture: true },
    ]);
    const missing = await runCli(['--state-dir', stateDir, 'logs', 'quiet'], { cwd: other });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no log for quiet yet (${join(stateDir, 'logs', 'quiet.log')})`);
    const unknown = await runCli(['--state-dir', stateDir, 'logs', 'nope'], { cwd: root });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown service: nope. Valid names: steady');
  });

  it('-f prints appended lines, follows a rotation without losing a line, and exits 0 on SIGTERM', async () => {
    const cli = spawnCli(['--state-dir', stateDir, 'logs', 'steady', '-f', '-n', '2'], { cwd: root });
    followers.push(cli);
    expect(await waitFor(() => cli.stdout === lines(9, 10), 20_000, 20)).toBe(true);
    appendFileSync(logFile, lines(11, 12));
    expect(await waitFor(() => cli.stdout === lines(9, 12), 20_000, 20)).toBe(true);

    // The supervisor's own rotation: 12 lines of 8 bytes are 96 bytes; with a 120-byte limit the
    // 4th line written (16) moves lines 1-15 to steady.log.1 and starts a new steady.log. Lines 13-15
    // land in the old file right before the rename, in one synchronous burst.
    const log = new RotatingLog(logFile, { maxBytes: 120, files: 3 });
    for (let n = 13; n <= 20; n++) log.write(`${line(n)}\n`);
    log.close();
    expect(readFileSync(`${logFile}.1`, 'utf8')).toBe(lines(1, 15));
    expect(readFileSync(logFile, 'utf8')).toBe(lines(16, 20));
    expect(await waitFor(() => cli.stdout === lines(9, 20), 20_000, 20)).toBe(true);
    appendFileSync(logFile, lines(21, 21));
    expect(await waitFor(() => cli.stdout === lines(9, 21), 20_000, 20)).toBe(true);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout).toBe(lines(9, 21));
    expect(cli.stderr).toBe('');
  });

  it('-f on a service whose log does not exist yet waits for it; SIGINT ends it with 0', async () => {
    const dir = tempDir('logs-late');
    const cli = spawnCli(['--state-dir', dir, 'logs', 'steady', '-f'], { cwd: root });
    followers.push(cli);
    await new Promise((r) => setTimeout(r, 500));
    mkdirSync(join(dir, 'logs'), { recursive: true });
    writeFileSync(join(dir, 'logs', 'steady.log'), lines(1, 2));
    expect(await waitFor(() => cli.stdout === lines(1, 2), 20_000, 20)).toBe(true);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });
});

/** Runs the CLI on a pseudo-terminal (stdout is a TTY); returns what the terminal showed. */
function onTerminal(args: string[], cwd: string, env: Record<string, string> = {}): { status: number | null; output: string } {
  // A terminal that takes colours, whatever TERM the test run has (TERM=dumb turns them off).
  const base = childEnv({ TERM: 'xterm-256color', ...env });
  if (env.NO_COLOR === undefined) delete base.NO_COLOR;
  const command = [process.execPath, cliPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd,
    env: base,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  return { status: result.status, output: result.stdout };
}

describe('output: colours on a terminal, plain when piped, JSON with --json; the absent state', () => {
  let port = 0;
  let root = '';
  const stateDir = tempDir('output');
  const keysFile = join(tempDir('output-keys'), 'api-keys.json');

  beforeAll(async () => {
    port = 8108 + (await freeOffset());
    root = fixtureRoot([
      { name: 'steady', port, fixture: true },
      { name: 'ghost', port: port + 1 },
    ]);
    const started = await runCli(['--state-dir', stateDir, 'start', 'steady'], { cwd: root });
    expect(started.code).toBe(0);
    const key = await runCli(['keys', 'create', '--client', 'colour-test', '--permissions', 'read', '--file', keysFile]);
    expect(key.code).toBe(0);
  });

  afterAll(async () => {
    await runCli(['--state-dir', stateDir, 'stop', '--timeout', '3000'], { cwd: root });
  });

  it('list: "absent" for a registry entry without services/<name>/package.json, plain and JSON', async () => {
    const plain = await runCli(['--state-dir', stateDir, 'list'], { cwd: root });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(
      [
        'SERVICE  PORT   STATUS  DESCRIPTION',
        `steady   ${port}  built   fixture steady`,
        `ghost    ${port + 1}  absent  fixture ghost`,
        '',
        'absent: no services/<name>/package.json (ghost)',
        '',
      ].join('\n'),
    );
    const json = await runCli(['--state-dir', stateDir, 'list', '--json'], { cwd: root });
    expect(JSON.parse(json.stdout)).toEqual({
      servicesFile: join(root, 'services.json'),
      portOffset: 0,
      services: [
        {
          name: 'steady',
          package: '@fixture/steady',
          port,
          registryPort: port,
          description: 'fixture steady',
          status: 'built',
          implemented: true,
          built: true,
        },
        {
          name: 'ghost',
          package: '@fixture/ghost',
          port: port + 1,
          registryPort: port + 1,
          description: 'fixture ghost',
          status: 'absent',
          implemented: false,
          built: false,
        },
      ],
    });
    const start = await runCli(['--state-dir', stateDir, 'start', 'ghost', '--json'], { cwd: root });
    expect(start.code).toBe(7);
    expect(start.stderr).toContain('error: absent: ghost (no services/<name>/package.json)');
    expect(JSON.parse(start.stdout)).toEqual({
      ok: false,
      error: { kind: 'missingBuild', exitCode: 7, message: 'absent: ghost (no services/<name>/package.json)', details: [] },
    });
  });

  it('on a terminal: colours (bold headers, coloured states); NO_COLOR turns them off', () => {
    for (const args of [['list'], ['status'], ['health'], ['keys', 'list', '--file', keysFile]]) {
      const coloured = onTerminal(['--state-dir', stateDir, ...args], root);
      expect(coloured.status).toBe(0);
      expect(coloured.output).toContain(`${ESC}1m`);
      const plain = onTerminal(['--state-dir', stateDir, ...args], root, { NO_COLOR: '1' });
      expect(plain.status).toBe(0);
      expect(plain.output).not.toContain(ESC);
    }
    expect(onTerminal(['--state-dir', stateDir, 'list'], root).output).toContain(`${ESC}32mbuilt${ESC}39m`);
    expect(onTerminal(['--state-dir', stateDir, 'status'], root).output).toContain(`${ESC}32mrunning${ESC}39m`);
  });

  it('piped (no NO_COLOR either): no escape codes in list, status, health, keys list', async () => {
    const env = { NO_COLOR: '' };
    for (const args of [['list'], ['status'], ['health'], ['keys', 'list', '--file', keysFile]]) {
      const result = await runCli(['--state-dir', stateDir, ...args], { cwd: root, env });
      expect(result.code).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(0);
      expect(result.stdout).not.toContain(ESC);
    }
  });

  it('--json: status, health and keys list print parseable JSON with the exact fields', async () => {
    const status = JSON.parse((await runCli(['--state-dir', stateDir, 'status', '--json'], { cwd: root })).stdout) as {
      running: boolean;
      services: { name: string; state: string; port: number; ready: boolean }[];
    };
    expect(status.running).toBe(true);
    expect(status.services.map((s) => [s.name, s.state, s.port, s.ready])).toEqual([['steady', 'running', port, true]]);
    const health = await runCli(['--state-dir', stateDir, 'health', '--json'], { cwd: root });
    expect(health.code).toBe(0);
    expect(JSON.parse(health.stdout)).toEqual({
      ok: true,
      checkedAt: expect.any(String),
      services: [{ name: 'steady', port, ready: true, status: 200, detail: 'ready' }],
    });
    const keys = JSON.parse((await runCli(['keys', 'list', '--file', keysFile, '--json'])).stdout) as {
      file: string;
      keys: { clientId: string; permissions: string[]; status: string; hashPrefix: string }[];
    };
    expect(keys.file).toBe(keysFile);
    expect(keys.keys).toEqual([
      expect.objectContaining({
        clientId: 'colour-test',
        permissions: ['read'],
        status: 'active',
        hashPrefix: expect.stringMatching(/^[0-9a-f]{8}$/),
      }),
    ]);
  });
});
