/**
 * docker/nginx/nginx.conf run for real (Debian's nginx, as a child process on a free port, every
 * path under a temporary prefix) in front of two replicas of confidence-calculator that share the
 * real Redis: requests reach both replicas, and the rate limit is one budget across them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningService } from '@a2a-mcp/core';
import { createConfidenceCalculatorService } from '@a2a-mcp/confidence-calculator';
import { mcpPost, requireExternalService, startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { findBinary, freePort, repoPath, startChild, waitFor, type Child } from './support.js';

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
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${join(prefix, `${name}_temp`)};`).join('\n');
  let upstreamIndex = 0;
  const config = CONFIG.replace(/^(\s*)server confidence-calculator-\d+:8108/gm, (_m, indent: string) => `${indent}server ${upstreams[upstreamIndex++]}`)
    .replace(/^(\s*)listen 8080;/m, `$1listen 127.0.0.1:${listen};`)
    .replace(/^http \{/m, `http {\n${temp}`);
  expect(upstreamIndex).toBe(upstreams.length);
  return config;
}

(nginx && redisUrl ? describe : describe.skip)('nginx in front of two confidence-calculator replicas sharing Redis', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'deploy-checks-nginx-'));
  const replicas: RunningService[] = [];
  let proxy: Child | undefined;
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
    // Workers may run as an unprivileged user when the test runs as root: let them in.
    chmodSync(prefix, 0o755);
    mkdirSync(join(prefix, 'logs'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    writeFileSync(join(prefix, 'nginx.conf'), testConfig(prefix, port, replicas.map((r) => new URL(r.url).host)));
    proxy = startChild(nginx!, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log ${join(prefix, 'logs', 'error.log')} warn;`]);
    await waitFor('nginx to answer', async () => ((await fetch(`${url}/health`)).ok ? true : undefined), 15_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${proxy!.output()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all(replicas.map((r) => r.close()));
    rmSync(prefix, { recursive: true, force: true });
  });

  const call = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'calculate_fallback_confidence', arguments: { scenario: 'consensus_fallback' } } });
  const toolCalls = async (replica: RunningService) => {
    const text = await (await fetch(`${replica.url}/metrics`)).text();
    return [...text.matchAll(/^mcp_tool_calls_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  };

  it('serves requests through both replicas, and one rate-limit budget spans them', async () => {
    const statuses: number[] = [];
    // Sequential: least_conn with no open requests alternates between the two servers.
    for (let i = 0; i < RATE_LIMIT + 4; i++) {
      const res = await mcpPost(`${url}/mcp`, call(i), { 'x-api-key': TEST_KEYS.read });
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBeTruthy();
    }
    const counts = await Promise.all(replicas.map(toolCalls));
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
