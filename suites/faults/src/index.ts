/**
 * Helpers of the scripted fault run: real service processes (directly or under the
 * service-manager supervisor), MCP tools/call over HTTP, a bounded keep-alive load, and the
 * figures file every scenario appends one JSON line to.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(packageDir, '..', '..');
export const cliPath = join(repoRoot, 'packages', 'service-manager', 'dist', 'cli.js');

import { sleep, startServiceProcess as startKitProcess, type ServiceProcess } from '@a2a-mcp/testkit';

export { sleep };

/** Where the figures go: `<A2A_TEST_LOG_DIR>/faults.jsonl`, else `suites/faults/.test-results/faults.jsonl`. */
export function figuresFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.A2A_TEST_LOG_DIR ?? join(packageDir, '.test-results'), 'faults.jsonl');
}

/** Appends one JSON line with the scenario's figures (plus date and load average) to `figuresFile()`. */
export function recordFigures(scenario: string, figures: Record<string, unknown>): Record<string, unknown> {
  const line = { scenario, at: new Date().toISOString(), loadavg1: Math.round(loadavg()[0]! * 100) / 100, ...figures };
  const file = figuresFile();
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(line)}\n`);
  return line;
}

/** A fresh directory (state dir, spool): under `A2A_TEST_LOG_DIR/faults` when set, so logs are kept for the secret scan. */
export function tempDir(prefix: string): string {
  const parent = process.env.A2A_TEST_LOG_DIR ? join(process.env.A2A_TEST_LOG_DIR, 'faults') : tmpdir();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `faults-${prefix}-`));
}

/** Environment of child processes: ours without jest's NODE_OPTIONS and the supervisor's own variables. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn', ...extra };
  for (const name of ['NODE_OPTIONS', 'A2A_STATE_DIR', 'A2A_PORT_OFFSET', 'FORCE_COLOR', 'REDIS_URL', 'DATABASE_URL', 'REQUIRE_SERVICES'])
    if (!(name in extra)) delete env[name];
  return env;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node packages/service-manager/dist/cli.js ...args` from the repo root and collects its output. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
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

export { freeOffset, isAlive, waitFor } from '@a2a-mcp/testkit';

export type { ServiceProcess } from '@a2a-mcp/testkit';

/**
 * Starts a built service on 127.0.0.1, a free port; resolves once it listens. The child inherits
 * this process's environment as `childEnv` leaves it (`LOG_LEVEL=info`), with `env` on top.
 */
export function startServiceProcess(name: string, env: Record<string, string>, startTimeoutMs = 60_000): Promise<ServiceProcess> {
  return startKitProcess(name, { baseEnv: childEnv({ LOG_LEVEL: 'info', ...env }), env, startTimeoutMs });
}

export interface McpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON-RPC message (JSON or the last SSE `data:` line), or undefined when the body is neither. */
  json:
    | {
        result?: {
          isError?: boolean;
          structuredContent?: Record<string, unknown>;
          content?: { text?: string }[];
          _meta?: Record<string, { code?: string }>;
        };
        error?: { code: number; message: string; data?: Record<string, unknown> };
      }
    | undefined;
}

function parseBody(text: string, contentType: string | null): McpAnswer['json'] {
  try {
    if (contentType?.includes('text/event-stream')) {
      const data = text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim());
      return data.length ? (JSON.parse(data[data.length - 1]!) as McpAnswer['json']) : undefined;
    }
    return text ? (JSON.parse(text) as McpAnswer['json']) : undefined;
  } catch {
    return undefined;
  }
}

/** The body of a 2026-07-28 tools/call. */
export function toolCallBody(tool: string, args: Record<string, unknown>, id: number | string = 1): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: {
      name: tool,
      arguments: args,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientInfo': { name: 'faults', version: '1' },
        'io.modelcontextprotocol/clientCapabilities': {},
      },
    },
  });
}

/** Headers of a 2026-07-28 tools/call with `key`. */
export function toolCallHeaders(tool: string, key: string, requestId?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${key}`,
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': 'tools/call',
    'mcp-name': tool,
    ...(requestId ? { 'x-request-id': requestId } : {}),
  };
}

/** One MCP tools/call (2026-07-28, stateless) over keep-alive fetch. */
export async function callTool(
  baseUrl: string,
  key: string,
  tool: string,
  args: Record<string, unknown>,
  { requestId, timeoutMs = 15_000 }: { requestId?: string; timeoutMs?: number } = {},
): Promise<McpAnswer> {
  const response = await fetch(`${baseUrl}/mcp`, {
    method: 'POST',
    signal: AbortSignal.timeout(timeoutMs),
    headers: toolCallHeaders(tool, key, requestId),
    body: toolCallBody(tool, args),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseBody(text, response.headers.get('content-type')) };
}

/** GET `url`, JSON body (undefined when not JSON). */
export async function getJson(url: string, timeoutMs = 10_000): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: text };
  }
}

export { driveLoad, type LoadResult } from '@a2a-mcp/testkit';

/** `service-manager status --json`, the services part. */
export interface StatusService {
  name: string;
  state: string;
  port: number;
  ready?: boolean;
  restarts: number;
  workers: { id: number; pid: number; state: string }[];
  lastExit: { code: number | null; signal: string | null } | null;
}
