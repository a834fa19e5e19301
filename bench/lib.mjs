// Shared helpers for the benchmarks: child-process servers, autocannon rounds, medians.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node [nodeFlags] script args` with env and waits until readyUrl answers (POST for an /mcp
 * URL, else GET; any status). `stdout`: where the child's stdout goes (a stdio value, e.g. a file
 * descriptor).
 */
export async function startChild(script, args, env, readyUrl, { stdout = 'ignore', nodeFlags = [] } = {}) {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      const res = await fetch(readyUrl, { method: readyUrl.endsWith('/mcp') ? 'POST' : 'GET' });
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        // Not left running behind the benchmark that gave up on it.
        child.kill('SIGKILL');
        throw new Error(`${script} did not start`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return child;
}

export async function stopChild(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/**
 * Proportional set size: resident pages with each shared page divided among the processes that map
 * it. Summed over a fleet it is the memory the fleet occupies; summed RSS counts the pages of the
 * node binary that every process shares (~33–43 MiB each) once per process.
 */
export function pssMiB(pid) {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** One autocannon round; fails loudly if any request errors or is not 2xx. */
export async function load({ url, body, headers, connections = 50, duration = 5 }) {
  const result = await autocannon({ url, method: 'POST', body, headers, connections, duration });
  if (result.errors || result.non2xx) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The JSON body of a 2026-07-28 `tools/call` (stateless: the `_meta` envelope, no handshake). */
export function toolCallBody(name, args) {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      name,
      arguments: args,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
        'io.modelcontextprotocol/clientCapabilities': {},
      },
    },
  });
}

/** The HTTP headers that go with `toolCallBody(name, …)`, authenticated with `key`. */
export const toolCallHeaders = (name, key) => ({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': name,
  'x-api-key': key,
});

/**
 * The benchmark's tools/call as `{ body, headers }` for one era: `2026` (the stateless envelope and
 * its Mcp-Method / Mcp-Name headers) or `2025` (a 2025-11-25 request without session or handshake,
 * which every server takes). The API key goes to every server so the request is byte-identical;
 * only a2a-mcp reads it.
 */
export function toolCallRequest(era, name, args, key) {
  if (era === '2026') return { body: toolCallBody(name, args), headers: toolCallHeaders(name, key) };
  return {
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
      'x-api-key': key,
    },
  };
}
