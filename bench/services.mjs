// Per-service tools/call throughput: one representative, cheap tool of each of the nine services
// over HTTP with every layer on (production profile, API-key auth, rate limiting with a budget the
// load cannot exhaust, metrics, info logs to a file, usage records to the file sink), against the
// bare node:http server of bench/bare-server.mjs in the same run. The servers run one at a time in
// child processes, autocannon in this process; bare is measured right before each service, and
// each service's ratio is taken against that bare run (this VM's speed drifts by tens of per cent
// within minutes, so one bare figure for the whole run would not do). Before loading a service the
// exact request is sent once and must come back 200 with a successful tool result (not isError);
// any non-2xx or error during the load aborts the run.
//
//   node bench/services.mjs        # BENCH_DURATION (5) s per service, BENCH_CONNECTIONS (50),
//                                  # BENCH_SERVICES=name,name to measure some
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, load, rssMiB, startChild, stopChild, toolCallBody, toolCallHeaders } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const key = 'bench-key-0123456789abcdef0123456789';
const signingSecret = 'bench-signing-secret-0123456789abcdef';

/** Per service: the tool and arguments loaded; `setup` may make a call first and return the arguments. */
const CASES = {
  'data-standardization': { tool: 'standardize_values', args: { kind: 'boolean', values: ['yes', 'N', '1', 'off'] } },
  'vector-similarity': {
    tool: 'calculate_vector_similarity',
    args: { vector_a: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], vector_b: [0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1], metric: 'cosine' },
  },
  'vector-ranking': {
    tool: 'fuse_rankings',
    args: {
      rankings: [
        { name: 'bm25', items: [{ docId: 'x' }, { docId: 'y' }, { docId: 'z' }] },
        { name: 'vector', items: [{ docId: 'y' }, { docId: 'w' }] },
      ],
    },
  },
  // Its own mailbox, empty: a store read per call.
  'transport-layer': { tool: 'receive_messages', args: { mailbox: 'bench', max: 10 } },
  'reasoning-agent': {
    tool: 'evaluate_proposition',
    args: {
      formula: '(A -> B) & !C',
      assignment: [
        { variable: 'A', value: true },
        { variable: 'B', value: false },
        { variable: 'C', value: false },
      ],
    },
  },
  'session-management': {
    tool: 'get_session',
    setup: async (call) => {
      const created = await call('create_session', { ttl_seconds: 3600, state: '{"step":1}' });
      return { session_id: created.session_id, token: created.token };
    },
  },
  'resource-streaming': {
    tool: 'read_stream',
    setup: async (call) => {
      for (let i = 0; i < 5; i++) await call('publish_event', { stream: 'bench', type: 'tick', data: JSON.stringify({ i }) });
      return { stream: 'bench', max: 10 };
    },
  },
  'confidence-calculator': { tool: 'calculate_fallback_confidence', args: { scenario: 'partial_evidence' } },
  'semantic-similarity': {
    tool: 'calculate_text_similarity',
    args: { text1: 'the cat sat on the mat', text2: 'the cat ate the rat', method: 'jaccard' },
  },
};

const only = process.env.BENCH_SERVICES?.split(',').map((s) => s.trim());
const names = Object.keys(CASES).filter((n) => !only || only.includes(n));
const stateDir = mkdtempSync(join(tmpdir(), 'a2a-bench-services-'));

async function callOnce(url, tool, args) {
  const response = await fetch(url, { method: 'POST', headers: toolCallHeaders(tool, key), body: toolCallBody(tool, args) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${tool}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  const result = JSON.parse(text).result;
  if (!result || result.isError) throw new Error(`${tool}: not a successful tool result: ${text.slice(0, 300)}`);
  return result.structuredContent;
}

async function measureBare() {
  const port = await freePort();
  const child = await startChild(join(root, 'bench/bare-server.mjs'), [], { PORT: String(port) }, `http://127.0.0.1:${port}/`);
  const url = `http://127.0.0.1:${port}/`;
  const body = toolCallBody('calculate_fallback_confidence', { scenario: 'partial_evidence' });
  const headers = toolCallHeaders('calculate_fallback_confidence', key);
  await load({ url, body, headers, connections, duration: 1 });
  const figures = await load({ url, body, headers, connections, duration });
  await stopChild(child);
  return figures;
}

const rows = [];
for (const name of names) {
  const { tool, args, setup } = CASES[name];
  const bare = await measureBare();
  console.log(`bare: ${Math.round(bare.rps)} req/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms`);
  const port = await freePort();
  const child = await startChild(
    join(root, `services/${name}/dist/index.js`),
    [],
    {
      PORT: String(port),
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      MCP_API_KEYS: `${key}:bench:write`,
      STATE_DIR: join(stateDir, name),
      RATE_LIMIT_MAX_REQUESTS: '1000000000',
      SESSION_SIGNING_SECRET: signingSecret,
      REDIS_URL: '',
      DATABASE_URL: '',
    },
    `http://127.0.0.1:${port}/health`,
    { stdout: openSync(join(stateDir, `${name}.log`), 'a') },
  );
  try {
    const url = `http://127.0.0.1:${port}/mcp`;
    const callArgs = setup ? await setup((t, a) => callOnce(url, t, a)) : args;
    await callOnce(url, tool, callArgs);
    const body = toolCallBody(tool, callArgs);
    const headers = toolCallHeaders(tool, key);
    await load({ url, body, headers, connections, duration: 1 });
    const rssIdle = rssMiB(child.pid);
    const figures = await load({ url, body, headers, connections, duration });
    const rss = rssMiB(child.pid);
    await callOnce(url, tool, callArgs);
    rows.push({ name, tool, ...figures, rssIdle, rss, bare });
    console.log(
      `${name} ${tool}: ${Math.round(figures.rps)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${figures.requests} requests, non-2xx ${figures.non2xx}, errors ${figures.errors}`,
    );
  } finally {
    await stopChild(child);
  }
}
rmSync(stateDir, { recursive: true, force: true });

const fmt = (n) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');
console.log(`\n### tools/call per service against bare node:http (${duration} s each, ${connections} connections)\n`);
console.log(
  '| service | tool | req/s | bare req/s (just before) | × bare | p50 ms | p99 ms | bare p99 ms | RSS idle → under load MiB | requests | non-2xx | errors |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.name} | \`${r.tool}\` | ${fmt(r.rps)} | ${fmt(r.bare.rps)} | ${(r.rps / r.bare.rps).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.bare.p99} | ${r.rssIdle} → ${r.rss} | ${r.requests} | ${r.non2xx} | ${r.errors} |`,
  );
}
