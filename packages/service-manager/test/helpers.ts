/** Test helpers: run the built CLI as a child process, pick free ports, drive load. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(packageDir, '..', '..');
export const cliPath = join(packageDir, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for child processes: no jest NODE_OPTIONS, no colours, a roomy rate limit. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RATE_LIMIT_MAX_REQUESTS: '100000000', LOG_LEVEL: 'warn' };
  delete env.NODE_OPTIONS;
  delete env.A2A_STATE_DIR;
  delete env.A2A_PORT_OFFSET;
  delete env.FORCE_COLOR;
  // What the test asks for wins (A2A_PORT_OFFSET included).
  return { ...env, ...extra };
}

/** Runs `node dist/cli.js ...args` and collects its output (a new process every call). */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: childEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A fresh directory for state, logs or a fixture checkout. Under the root `pnpm test`
 * (A2A_TEST_LOG_DIR set) it lies in `<dir>/service-manager/`, so the supervisor's service logs
 * are kept for the secret scan after the suite; otherwise in the OS temp directory.
 */
export function tempDir(prefix: string): string {
  const logDir = process.env.A2A_TEST_LOG_DIR;
  const parent = logDir ? join(logDir, 'service-manager') : tmpdir();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `sm-${prefix}-`));
}

export { freeOffset, isAlive, waitFor } from '@a2a-mcp/testkit';

export { driveLoad, type LoadResult } from '@a2a-mcp/testkit';

/** One MCP tools/call (2026-07-28 form) on confidence-calculator; true on a correct answer. */
export async function callFallbackTool(port: number, key: string): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
    method: 'POST',
    signal: AbortSignal.timeout(15_000),
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${key}`,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'calculate_fallback_confidence',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'calculate_fallback_confidence',
        arguments: { scenario: 'no_historical_data' },
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'sm-test', version: '1' },
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  });
  const text = await response.text();
  return response.status === 200 && text.includes('"scenario":"no_historical_data"');
}

/** A CLI process that keeps running (start --foreground, health --watch, logs -f), its output so far. */
export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node dist/cli.js ...args` and leaves it running. */
export function spawnCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): RunningCli {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
  };
}

export const fixtureService = join(packageDir, 'test', 'fixtures', 'flag-service.mjs');

/**
 * A throwaway checkout for fixture services: services.json with the given entries, and for each
 * with `fixture: true` a services/<name>/package.json and services/<name>/dist/index.js (a copy of
 * fixtures/flag-service.mjs); entries without it are absent (registry only).
 */
export function fixtureRoot(entries: { name: string; port: number; fixture?: boolean }[]): string {
  const root = tempDir('root');
  writeFileSync(
    join(root, 'services.json'),
    JSON.stringify({
      services: entries.map((e) => ({ name: e.name, package: `@fixture/${e.name}`, port: e.port, description: `fixture ${e.name}` })),
    }),
  );
  for (const entry of entries.filter((e) => e.fixture)) {
    mkdirSync(join(root, 'services', entry.name, 'dist'), { recursive: true });
    writeFileSync(join(root, 'services', entry.name, 'package.json'), JSON.stringify({ name: `@fixture/${entry.name}`, type: 'module' }));
    copyFileSync(fixtureService, join(root, 'services', entry.name, 'dist', 'index.js'));
  }
  return root;
}
