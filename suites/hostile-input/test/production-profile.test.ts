/**
 * Issue #14, item 5: two workers on per-process stores split state (20 get_session calls: 9 found
 * the session, 11 did not). `service-manager start --production` now refuses more than one worker
 * per service without REDIS_URL, naming the fix; with REDIS_URL both workers serve one state.
 * The real CLI, supervisor and service processes.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { freeOffset, requireExternalService, uniqueKeyPrefix } from '@a2a-mcp/testkit';
import { repoRoot, toolCallBody, toolCallHeaders } from './support/service-process.js';

const SERVICE = 'session-management';
const SERVICE_PORT = 8106;
const cliPath = join(repoRoot, 'packages', 'service-manager', 'dist', 'cli.js');
const redisUrl = requireExternalService('REDIS_URL');
// Production refuses test-looking and short keys: a random one of 48 characters.
const KEY = randomBytes(24).toString('hex');
const PRODUCTION_ENV = {
  MCP_API_KEYS: `${KEY}:agent:write`,
  SESSION_SIGNING_SECRET: randomBytes(24).toString('hex'),
  USAGE_SINKS: 'none',
  RATE_LIMIT_MAX_REQUESTS: '100000',
};

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the service-manager CLI with PATH and `env` only (no inherited REDIS_URL or jest NODE_OPTIONS). */
function runCli(args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const stateDirs: string[] = [];
const stateDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-production-'));
  stateDirs.push(dir);
  return dir;
};
afterAll(async () => {
  // Whatever a failed assertion left running.
  for (const dir of stateDirs) await runCli(['--state-dir', dir, 'stop'], PRODUCTION_ENV, 30_000);
});

describe('service-manager --production and the shared store', () => {
  it('--production without REDIS_URL: exit 8 naming the fix, nothing started', async () => {
    const dir = stateDir();
    const offset = await freeOffset();
    const result = await runCli(['--state-dir', dir, 'start', SERVICE, '--production', '--port-offset', String(offset)], PRODUCTION_ENV);
    expect(result.code).toBe(8);
    expect(result.stderr).toContain(
      '--production runs 2 workers per service, which need a shared store: set REDIS_URL (or REDIS_URL_FILE), or pass --workers 1',
    );
    expect((await runCli(['--state-dir', dir, 'status'], PRODUCTION_ENV)).code).toBe(3);
  });

  it('--production --workers 3 without REDIS_URL: exit 8 naming the choice', async () => {
    const dir = stateDir();
    const offset = await freeOffset();
    const result = await runCli(
      ['--state-dir', dir, 'start', SERVICE, '--production', '--workers', '3', '--port-offset', String(offset)],
      PRODUCTION_ENV,
    );
    expect(result.code).toBe(8);
    expect(result.stderr).toContain(
      '--workers 3 runs 3 workers per service, which need a shared store: set REDIS_URL (or REDIS_URL_FILE), or pass --workers 1',
    );
  });

  (redisUrl ? it : it.skip)(
    '--production with REDIS_URL: two workers, and every one of 20 get_session calls finds the session',
    async () => {
      const dir = stateDir();
      const offset = await freeOffset();
      const env = { ...PRODUCTION_ENV, REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: uniqueKeyPrefix('hostile-production') };
      const started = await runCli(['--state-dir', dir, 'start', SERVICE, '--production', '--port-offset', String(offset), '--json'], env);
      try {
        expect(started.code).toBe(0);
        const snapshot = JSON.parse(started.stdout) as { services: { name: string; workers: { pid: number }[] }[] };
        expect(snapshot.services.find((s) => s.name === SERVICE)?.workers).toHaveLength(2);
        const url = `http://127.0.0.1:${SERVICE_PORT + offset}/mcp`;
        const call = async (tool: string, args: Record<string, unknown>) => {
          // A fresh connection per call, so the primary spreads them over both workers.
          const response = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
              connection: 'close',
              ...toolCallHeaders(tool, KEY),
            },
            body: JSON.stringify(toolCallBody(tool, args)),
          });
          return ((await response.json()) as { result: { isError?: boolean; structuredContent?: Record<string, unknown> } }).result;
        };
        const created = (await call('create_session', { ttl_seconds: 600 })).structuredContent as { session_id: string; token: string };
        const reads = await Promise.all(
          Array.from({ length: 20 }, () => call('get_session', { session_id: created.session_id, token: created.token })),
        );
        expect(reads.map((r) => r.isError === true)).toEqual(Array.from({ length: 20 }, () => false));
        expect(new Set(reads.map((r) => r.structuredContent?.session_id))).toEqual(new Set([created.session_id]));
      } finally {
        expect((await runCli(['--state-dir', dir, 'stop'], env, 60_000)).code).toBe(0);
      }
    },
  );
});
