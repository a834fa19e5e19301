// tools/call throughput and latency of confidence-calculator's calculate_fallback_confidence with
// every layer on (API-key auth, metrics, info-level JSON logs to a file, rate limiting, usage
// records, helmet headers, correlation ids), as ratios to a bare node:http server answering the
// same request, in the same run; and, in the same run, the official SDK's stateless example
// (bench/sdk-stateless-server.mjs) and FastMCP in stateless mode (bench/fastmcp-server.mjs) serving
// the same tool. Servers run one at a time in child processes; autocannon runs here. Rounds
// alternate (the order rotates each round); medians are reported.
//
// Two request bodies:
// - 2026: the 2026-07-28 stateless tools/call (`_meta` envelope, no handshake) with its
//   Mcp-Method / Mcp-Name headers; only a2a-mcp (and bare) speak it.
// - 2025: one 2025-11-25-era tools/call with no session id and no initialize, the same bytes and
//   headers to every server (the SDK 1.x and FastMCP 4.x refuse 2026-07-28).
// Before and after each load, the exact request is sent once and the answer checked (HTTP 200, the
// expected structuredContent and text, not an error; JSON or SSE); a wrong answer aborts the run,
// as does any non-2xx or socket error during the load.
//
// Knobs: BENCH_ROUNDS (3), BENCH_DURATION (5 s), BENCH_CONNECTIONS (50),
// BENCH_TARGETS (comma list; default bare,a2a-mcp,a2a-mcp-layers-off,sdk,fastmcp; also sdk-json,
// fastmcp-json: the same servers with JSON instead of SSE replies; express: express alone, no MCP;
// bare is always measured),
// BENCH_EXTRA_ENV='{"VAR":"value"}' (more env for the a2a-mcp row), BENCH_BASE_ROOT (a built checkout
// of another commit, e.g. a git worktree: target a2a-mcp-base is the a2a-mcp row served from there,
// for a before/after in the same run).
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { freePort, load, median, rssMiB, startChild, stopChild, toolCallRequest } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const key = 'bench-key-0123456789abcdef0123456789';
const extraEnv = JSON.parse(process.env.BENCH_EXTRA_ENV ?? '{}');
const tool = 'calculate_fallback_confidence';
const args = { scenario: 'partial_evidence' };
const expected = { scenario: 'partial_evidence', confidence: 0.5, known_scenario: true };

const requests = { 2026: toolCallRequest('2026', tool, args, key), 2025: toolCallRequest('2025', tool, args, key) };

const stateDir = mkdtempSync(join(tmpdir(), 'a2a-bench-'));
const a2aService = join(root, 'services/confidence-calculator/dist/index.js');
const a2aEnv = (port) => ({ PORT: String(port), NODE_ENV: 'production', MCP_API_KEYS: `${key}:bench:read`, STATE_DIR: stateDir });
const serviceLog = () => ({ stdout: openSync(join(stateDir, 'service.log'), 'a') });
const bench = (file) => join(root, 'bench', file);

/** name → the request bodies it is measured with, the MCP path, and how to start it on a port. */
const servers = {
  bare: {
    protocols: ['2026', '2025'],
    path: '/',
    start: (port) => startChild(bench('bare-server.mjs'), [], { PORT: String(port) }, `http://127.0.0.1:${port}/`),
  },
  'a2a-mcp': {
    protocols: ['2026', '2025'],
    path: '/mcp',
    // Every layer on. Rate limiting stays on, with a budget the load cannot exhaust; usage records go to the file sink.
    start: (port) =>
      startChild(
        a2aService,
        [],
        { ...a2aEnv(port), LOG_LEVEL: 'info', RATE_LIMIT_MAX_REQUESTS: '1000000000', ...extraEnv },
        `http://127.0.0.1:${port}/health`,
        serviceLog(),
      ),
  },
  'a2a-mcp-base': {
    protocols: ['2026', '2025'],
    path: '/mcp',
    start: (port) => {
      if (!process.env.BENCH_BASE_ROOT) throw new Error('a2a-mcp-base needs BENCH_BASE_ROOT (a built checkout)');
      return startChild(
        join(process.env.BENCH_BASE_ROOT, 'services/confidence-calculator/dist/index.js'),
        [],
        { ...a2aEnv(port), LOG_LEVEL: 'info', RATE_LIMIT_MAX_REQUESTS: '1000000000', ...extraEnv },
        `http://127.0.0.1:${port}/health`,
        serviceLog(),
      );
    },
  },
  'a2a-mcp-layers-off': {
    protocols: ['2025'],
    path: '/mcp',
    // What can be switched off: metrics, rate limiting, usage records, info logs. The production
    // profile refuses to start without a credential, so API-key auth stays on; helmet headers and
    // correlation ids have no switch.
    start: (port) =>
      startChild(
        a2aService,
        [],
        { ...a2aEnv(port), LOG_LEVEL: 'warn', METRICS_ENABLED: 'false', RATE_LIMIT_ENABLED: 'false', USAGE_SINKS: 'none' },
        `http://127.0.0.1:${port}/health`,
        serviceLog(),
      ),
  },
  // express 5 + express.json() answering the bare server's body: the cost of express alone (no MCP).
  express: {
    protocols: ['2025'],
    path: '/mcp',
    start: (port) => startChild(bench('express-server.mjs'), [], { PORT: String(port) }, `http://127.0.0.1:${port}/mcp`),
  },
  sdk: {
    protocols: ['2025'],
    path: '/mcp',
    start: (port) => startChild(bench('sdk-stateless-server.mjs'), [], { PORT: String(port) }, `http://127.0.0.1:${port}/mcp`),
  },
  'sdk-json': {
    protocols: ['2025'],
    path: '/mcp',
    start: (port) =>
      startChild(bench('sdk-stateless-server.mjs'), [], { PORT: String(port), SDK_JSON_RESPONSE: '1' }, `http://127.0.0.1:${port}/mcp`),
  },
  fastmcp: {
    protocols: ['2025'],
    path: '/mcp',
    start: (port) => startChild(bench('fastmcp-server.mjs'), [], { PORT: String(port) }, `http://127.0.0.1:${port}/ping`),
  },
  'fastmcp-json': {
    protocols: ['2025'],
    path: '/mcp',
    start: (port) =>
      startChild(bench('fastmcp-server.mjs'), [], { PORT: String(port), FASTMCP_JSON_RESPONSE: '1' }, `http://127.0.0.1:${port}/ping`),
  },
};

const selected = (process.env.BENCH_TARGETS ?? 'bare,a2a-mcp,a2a-mcp-layers-off,sdk,fastmcp')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const name of selected)
  if (!servers[name]) throw new Error(`BENCH_TARGETS: unknown target ${name} (known: ${Object.keys(servers).join(', ')})`);
if (!selected.includes('bare')) selected.unshift('bare');
const cases = selected.flatMap((name) => servers[name].protocols.map((protocol) => ({ name, protocol, id: `${name} ${protocol}` })));

/** The JSON-RPC messages of a reply: one JSON body, or the `data:` of each SSE event. */
function messagesOf(contentType, text) {
  if (!contentType.startsWith('text/event-stream')) return [JSON.parse(text)];
  return text
    .split(/\r?\n\r?\n/)
    .map((event) =>
      event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n'),
    )
    .filter((data) => data.trim() !== '')
    .map((data) => JSON.parse(data));
}

/** What is wrong with a reply to the benchmark request, or undefined when it is right. */
function problemWith(status, contentType, text) {
  if (status !== 200) return `HTTP ${status}`;
  let message;
  try {
    message = messagesOf(contentType, text).find((m) => m.id === 1);
  } catch (error) {
    return `unparseable reply (${error.message})`;
  }
  if (!message) return 'no JSON-RPC response with id 1';
  if (message.error) return `JSON-RPC error ${JSON.stringify(message.error)}`;
  const result = message.result;
  if (result?.isError) return 'tool result with isError';
  if (!isDeepStrictEqual(result?.structuredContent, expected)) return `structuredContent ${JSON.stringify(result?.structuredContent)}`;
  const text0 = result.content?.[0];
  if (result.content?.length !== 1 || text0?.type !== 'text' || !isDeepStrictEqual(JSON.parse(text0.text), expected))
    return `content ${JSON.stringify(result.content)}`;
  return undefined;
}

/** Sends the benchmark request once; throws unless the answer is 200 with the expected result. Returns the reply's media type. */
async function checkAnswer(label, url, { body, headers }) {
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const problem = problemWith(res.status, contentType, text);
  if (problem)
    throw new Error(
      `${label}: wrong answer to the benchmark request: ${problem}\n  HTTP ${res.status} ${contentType}\n  ${text.slice(0, 600)}`,
    );
  return contentType.split(';')[0];
}

const samples = Object.fromEntries(cases.map((c) => [c.id, []]));
const replyTypes = {};
try {
  for (let round = 0; round < rounds; round++) {
    const order = [...cases.slice(round % cases.length), ...cases.slice(0, round % cases.length)];
    for (const { name, protocol, id } of order) {
      const port = await freePort();
      const child = await servers[name].start(port);
      try {
        const url = `http://127.0.0.1:${port}${servers[name].path}`;
        const request = { url, connections, ...requests[protocol] };
        replyTypes[id] = await checkAnswer(id, url, requests[protocol]);
        await load({ ...request, duration: 1 }); // warm-up
        const rssIdle = rssMiB(child.pid);
        const figures = await load({ ...request, duration });
        const rss = rssMiB(child.pid);
        await checkAnswer(`${id} (after the load)`, url, requests[protocol]);
        samples[id].push({ ...figures, rss, rssIdle });
        console.error(
          `round ${round + 1}/${rounds} ${id}: ${Math.round(figures.rps)} req/s, ${figures.requests} requests, non-2xx ${figures.non2xx}, errors ${figures.errors}`,
        );
      } finally {
        await stopChild(child);
      }
    }
  }
} catch (error) {
  console.error(`\nABORTED, no figures: ${error.message}`);
  process.exit(1);
}

const summary = Object.fromEntries(
  Object.entries(samples).map(([id, s]) => [
    id,
    {
      rps: median(s.map((x) => x.rps)),
      p50: median(s.map((x) => x.p50)),
      p99: median(s.map((x) => x.p99)),
      rss: median(s.map((x) => x.rss)),
      requests: s.reduce((n, x) => n + x.requests, 0),
      non2xx: s.reduce((n, x) => n + x.non2xx, 0),
      errors: s.reduce((n, x) => n + x.errors, 0),
    },
  ]),
);
const ratio = (value, base, digits = 2) => (base > 0 ? (value / base).toFixed(digits) : '—');
/** min–max over rounds of req/s ÷ bare's req/s in the same round: how much the ratio moves. */
function roundRatios(id, protocol) {
  const bare = samples[`bare ${protocol}`];
  const ratios = samples[id].map((x, i) => x.rps / bare[i].rps);
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
}
console.log(
  `\n### tools/call against bare node:http (${rounds} rounds × ${duration} s, ${connections} connections${Object.keys(extraEnv).length ? `, a2a-mcp with ${JSON.stringify(extraEnv)}` : ''})\n`,
);
console.log('Ratios are to bare with the same request body in the same run; p50/p99 ratios above 1 are slower than bare.\n');
console.log(
  '| server | body | reply | req/s (median) | × bare | × bare, per round | p50 ms | × bare | p99 ms | × bare | RSS under load MiB | requests | non-2xx | errors |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const { id, name, protocol } of cases) {
  const s = summary[id];
  const bare = summary[`bare ${protocol}`];
  console.log(
    `| ${name} | ${protocol} | ${replyTypes[id] === 'text/event-stream' ? 'SSE' : 'JSON'} | ${Math.round(s.rps)} | ${ratio(s.rps, bare.rps)} | ${roundRatios(id, protocol)} | ${s.p50} | ${ratio(s.p50, bare.p50, 1)} | ${s.p99} | ${ratio(s.p99, bare.p99, 1)} | ${s.rss} | ${s.requests} | ${s.non2xx} | ${s.errors} |`,
  );
}
console.log(`\nper round: ${JSON.stringify(samples)}`);
