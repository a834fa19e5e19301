/**
 * docker/nginx/nginx.conf run for real (Debian's nginx, as a child process on a free port, every
 * path under a temporary prefix) in front of two replicas that share the real Redis: for
 * confidence-calculator, requests reach both replicas and the rate limit is one budget across
 * them; for session-management, a session created through one replica is read and updated
 * through the other.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningService } from '@a2a-mcp/core';
import { createConfidenceCalculatorService } from '@a2a-mcp/confidence-calculator';
import { createSessionManagementService, loadSessionSettings } from '@a2a-mcp/session-management';
import { mcpPost, requireExternalService, startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { findBinary, freePort, repoPath, startChild, waitFor } from './support.js';

const CONFIG = readFileSync(repoPath('docker/nginx/nginx.conf'), 'utf8');
const nginx = findBinary('nginx', 'nginx');
const redisUrl = requireExternalService('REDIS_URL');
const RATE_LIMIT = 8;

describe('nginx.conf', () => {
  it('balances on a keep-alive upstream without buffering, with timeouts for long polls and streams', () => {
    const location = CONFIG.slice(CONFIG.indexOf('location / {'));
    expect(CONFIG).toMatch(/upstream \w+ \{[^}]*keepalive \d+;/);
    expect(location).toMatch(/proxy_http_version 1\.1;/);
    expect(location).toMatch(/proxy_set_header Connection "";/);
    expect(location).toMatch(/proxy_buffering off;/);
    expect(location).toMatch(/proxy_request_buffering off;/);
    const readTimeout = Number(/proxy_read_timeout (\d+)s;/.exec(location)?.[1]);
    expect(readTimeout).toBeGreaterThanOrEqual(300);
    // POST is never replayed on another replica once sent (no non_idempotent).
    expect(CONFIG).not.toMatch(/non_idempotent/);
  });
});

/** The repository's config with test upstreams, a loopback listen address and temp paths. */
function testConfig(prefix: string, listen: number, upstreams: string[]): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `  ${name}_temp_path ${join(prefix, `${name}_temp`)};`)
    .join('\n');
  let upstreamIndex = 0;
  const config = CONFIG.replace(
    /^(\s*)server confidence-calculator-\d+:8108/gm,
    (_m, indent: string) => `${indent}server ${upstreams[upstreamIndex++]}`,
  )
    .replace(/^(\s*)listen 8080;/m, `$1listen 127.0.0.1:${listen};`)
    .replace(/^http \{/m, `http {\n${temp}`);
  expect(upstreamIndex).toBe(upstreams.length);
  return config;
}

/** nginx running the repository's config on a free loopback port in front of `upstreams`. */
interface Balancer {
  url: string;
  stop(): Promise<void>;
}

async function startBalancer(upstreams: string[]): Promise<Balancer> {
  const prefix = mkdtempSync(join(tmpdir(), 'deploy-checks-nginx-'));
  // Workers may run as an unprivileged user when the test runs as root: let them in.
  chmodSync(prefix, 0o755);
  mkdirSync(join(prefix, 'logs'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(join(prefix, 'nginx.conf'), testConfig(prefix, port, upstreams));
  const proxy = startChild(nginx!, [
    '-p',
    prefix,
    '-c',
    join(prefix, 'nginx.conf'),
    '-g',
    `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log ${join(prefix, 'logs', 'error.log')} warn;`,
  ]);
  const stop = async () => {
    await proxy.stop();
    rmSync(prefix, { recursive: true, force: true });
  };
  await waitFor('nginx to answer', async () => ((await fetch(`${url}/health`)).ok ? true : undefined), 15_000).catch(
    async (error: Error) => {
      const output = proxy.output();
      await stop();
      throw new Error(`${error.message}\n${output}`);
    },
  );
  return { url, stop };
}

/** Sum of `mcp_tool_calls_total` on one replica, optionally for one tool. */
async function toolCalls(replica: RunningService, tool?: string): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  return [...text.matchAll(/^mcp_tool_calls_total\{([^}]*)\} (\d+)/gm)]
    .filter((m) => tool === undefined || m[1]!.includes(`tool="${tool}"`))
    .reduce((sum, m) => sum + Number(m[2]), 0);
}

(nginx && redisUrl ? describe : describe.skip)('nginx in front of two confidence-calculator replicas sharing Redis', () => {
  const replicas: RunningService[] = [];
  let balancer: Balancer | undefined;
  let url = '';

  beforeAll(async () => {
    const env = {
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `deploy-checks:${randomBytes(6).toString('hex')}:`,
      RATE_LIMIT_MAX_REQUESTS: String(RATE_LIMIT),
      RATE_LIMIT_WINDOW_MS: '60000',
      USAGE_SINKS: 'none',
    };
    replicas.push(await startTestService(createConfidenceCalculatorService(), { env }));
    replicas.push(await startTestService(createConfidenceCalculatorService(), { env }));
    balancer = await startBalancer(replicas.map((r) => new URL(r.url).host));
    url = balancer.url;
  }, 60_000);

  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(replicas.map((r) => r.close()));
  });

  const call = (id: number) => ({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'calculate_fallback_confidence', arguments: { scenario: 'consensus_fallback' } },
  });

  it('serves requests through both replicas, and one rate-limit budget spans them', async () => {
    const statuses: number[] = [];
    // Sequential: least_conn with no open requests alternates between the two servers.
    for (let i = 0; i < RATE_LIMIT + 4; i++) {
      const res = await mcpPost(`${url}/mcp`, call(i), { 'x-api-key': TEST_KEYS.read });
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBeTruthy();
    }
    const counts = await Promise.all(replicas.map((r) => toolCalls(r)));
    expect(counts.every((n) => n > 0)).toBe(true);
    // Separate in-memory limits would have allowed 2 × RATE_LIMIT; the shared Redis budget allows RATE_LIMIT.
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect(counts[0]! + counts[1]!).toBe(RATE_LIMIT);
  });

  it('keeps /metrics off the balancer', async () => {
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
  });

  it('keeps serving when one replica stops', async () => {
    await replicas[1]!.close();
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(200);
    }
  });
});

(nginx && redisUrl ? describe : describe.skip)('nginx in front of two session-management replicas sharing Redis', () => {
  const replicas: RunningService[] = [];
  let balancer: Balancer | undefined;
  const headers = { 'x-api-key': TEST_KEYS.write };
  let nextId = 1;
  const callTool = async (name: string, args: Record<string, unknown>) => {
    const res = await mcpPost(
      `${balancer!.url}/mcp`,
      { jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name, arguments: args } },
      headers,
    );
    expect(res.status).toBe(200);
    const result = (res.json as { result: { isError?: boolean; structuredContent: Record<string, unknown> } }).result;
    expect(result.isError).toBeFalsy();
    return result.structuredContent;
  };

  beforeAll(async () => {
    const secret = `deploy-checks-signing-${randomBytes(16).toString('hex')}`;
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: `deploy-checks:${randomBytes(6).toString('hex')}:`, USAGE_SINKS: 'none' };
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startTestService(
          createSessionManagementService(loadSessionSettings({ SESSION_SIGNING_SECRET: secret, REDIS_URL: redisUrl })),
          { env },
        ),
      );
    }
    balancer = await startBalancer(replicas.map((r) => new URL(r.url).host));
  }, 60_000);

  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(replicas.map((r) => r.close()));
  });

  it('uses through one replica a session created through the other', async () => {
    const created = await callTool('create_session', { ttl_seconds: 600, state: JSON.stringify({ step: 1 }) });
    const { session_id, token } = created as { session_id: string; token: string };
    // Which replica created it: the one whose counter moved.
    const creators = await Promise.all(replicas.map((r) => toolCalls(r, 'create_session')));
    expect(creators.sort()).toEqual([0, 1]);

    // Sequential requests on an idle least_conn upstream alternate, so four calls reach both replicas.
    const updated = await callTool('update_session', {
      session_id,
      token,
      state_patch: JSON.stringify({ step: 2, done: null }),
      if_version: created.version,
    });
    expect(updated.state).toEqual({ step: 2 });
    for (let i = 0; i < 3; i++) {
      const read = await callTool('get_session', { session_id, token });
      expect(read.state).toEqual({ step: 2 });
      expect(read.version).toBe(updated.version);
      expect(read.status).toBe('active');
    }
    const reads = await Promise.all(replicas.map((r) => toolCalls(r, 'get_session')));
    const updates = await Promise.all(replicas.map((r) => toolCalls(r, 'update_session')));
    expect(reads[0]! + reads[1]!).toBe(3);
    expect(updates[0]! + updates[1]!).toBe(1);
    // Every replica served at least one call on the session, so the data crossed between them.
    const served = replicas.map((_, i) => reads[i]! + updates[i]!);
    expect(served.every((n) => n > 0)).toBe(true);
  });
});
