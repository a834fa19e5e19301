// tools/call throughput of confidence-calculator with every layer on (API-key auth, metrics,
// info-level JSON logs to a file, helmet headers, correlation ids), as a ratio to a bare node:http
// server answering the same JSON-RPC body, in the same run. Servers run one at a time in child
// processes; autocannon runs here. Rounds alternate; medians are reported.
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, load, median, rssMiB, startChild, stopChild } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const duration = Number(process.env.BENCH_DURATION ?? 5);
const key = 'bench-key-0123456789abcdef0123456789';
const extraEnv = JSON.parse(process.env.BENCH_EXTRA_ENV ?? '{}');
const body = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'calculate_fallback_confidence',
    arguments: { scenario: 'partial_evidence' },
    _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} },
  },
});
const headers = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'calculate_fallback_confidence',
  'x-api-key': key,
};

const logDir = mkdtempSync(join(tmpdir(), 'a2a-bench-'));
const targets = {
  bare: async (port) => startChild(join(root, 'bench/bare-server.mjs'), [], { PORT: String(port) }, `http://127.0.0.1:${port}/`),
  'a2a-mcp': async (port) =>
    startChild(
      join(root, 'services/confidence-calculator/dist/index.js'),
      [],
      // Rate limiting stays on, with a budget the load cannot exhaust; usage records go to the file sink.
      { PORT: String(port), NODE_ENV: 'production', LOG_LEVEL: 'info', MCP_API_KEYS: `${key}:bench:read`, STATE_DIR: logDir, RATE_LIMIT_MAX_REQUESTS: '1000000000', ...extraEnv },
      `http://127.0.0.1:${port}/health`,
      { stdout: openSync(join(logDir, 'service.log'), 'a') },
    ),
};

const samples = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, start] of Object.entries(targets)) {
    const port = await freePort();
    const child = await start(port);
    const url = `http://127.0.0.1:${port}${name === 'bare' ? '/' : '/mcp'}`;
    await load({ url, body, headers, duration: 1 }); // warm-up
    const rssIdle = rssMiB(child.pid);
    const figures = await load({ url, body, headers, duration });
    samples[name].push({ ...figures, rss: rssMiB(child.pid), rssIdle });
    await stopChild(child);
  }
}

const summary = Object.fromEntries(
  Object.entries(samples).map(([name, s]) => [name, { rps: median(s.map((x) => x.rps)), p50: median(s.map((x) => x.p50)), p99: median(s.map((x) => x.p99)), rss: median(s.map((x) => x.rss)) }]),
);
const bare = summary.bare.rps;
console.log(`\n### tools/call overhead (${rounds} rounds × ${duration} s, 50 connections${Object.keys(extraEnv).length ? `, ${JSON.stringify(extraEnv)}` : ''})\n`);
console.log('| server | req/s (median) | ratio to bare | p50 ms | p99 ms | RSS under load MiB |');
console.log('|---|---|---|---|---|---|');
for (const [name, s] of Object.entries(summary)) console.log(`| ${name} | ${Math.round(s.rps)} | ${(s.rps / bare).toFixed(2)} | ${s.p50} | ${s.p99} | ${s.rss} |`);
console.log(`\nper round: ${JSON.stringify(samples)}`);
