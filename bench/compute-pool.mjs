// What the worker-thread pool costs: the same calls against a service started twice, with
// TOOL_WORKERS=0 (everything on the event loop, as before the pool) and TOOL_WORKERS=1, over HTTP
// with autocannon. Build first: pnpm build.
//
// Both processes run at once and the rounds alternate between them (0, 1, 0, 1, …), so each
// ratio compares figures taken seconds apart: on a shared, drifting VM a run of one setting after
// the other would measure the drift. Per case a light input (below the tool's inline bound: inline
// in both processes, so the pool must cost it nothing) and a heavier one (above it: pooled with
// TOOL_WORKERS=1):
//
// - reasoning-agent check_satisfiability: random 3-SAT, 20 variables × 20 clauses / 60 × 256;
// - data-standardization validate_schema_compliance: 20 / 1 000 records against a 7-property
//   schema (the bounded validation of issue #14: first-error pass, then every error within
//   DS_MAX_SCHEMA_ERRORS);
// - data-standardization standardize_values: 100 / 3 000 dates.
//
// BENCH_ROUNDS (3) rounds of BENCH_DURATION (5) s per setting, 10 connections; prints median
// req/s and p99 per case and setting, the ratio pooled ÷ inline, and each process's RSS after.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from '../packages/core/dist/vectors/index.js';
import { freePort, load, median, rssMiB, startChild, stopChild, toolCallBody, toolCallHeaders } from './lib.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const duration = Number(process.env.BENCH_DURATION ?? 5);
const KEY = 'bench-compute-pool-key-0123456789abcdef';

function random3Sat(rand, variables, clauses) {
  return Array.from({ length: clauses }, () => {
    const chosen = new Set();
    while (chosen.size < 3) chosen.add(1 + Math.floor(rand() * variables));
    return [...chosen].map((v) => (rand() < 0.5 ? -v : v));
  });
}

const rand = createRandom(14);
const schema = JSON.stringify({
  type: 'object',
  required: ['id', 'email', 'amount'],
  properties: {
    id: { type: 'integer' },
    email: { type: 'string', format: 'email' },
    amount: { type: 'number', minimum: 0 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    name: { type: 'string', maxLength: 50 },
    tags: { type: 'array', items: { type: 'string' } },
    active: { type: 'boolean' },
  },
});
const records = (n) =>
  JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      id: i,
      email: `u${i}@example.com`,
      amount: i % 7 === 0 ? -1 : i * 1.5,
      currency: i % 5 === 0 ? 'eur' : 'EUR',
      name: `name ${i}`,
      tags: ['a', 'b'],
      active: i % 2 === 0,
    })),
  );
const dates = (n) =>
  Array.from({ length: n }, (_, i) => `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`);

const services = [
  {
    service: 'reasoning-agent',
    cases: [
      ['check_satisfiability', 'light: 20 clauses (inline in both)', { clauses: random3Sat(rand, 20, 20) }],
      ['check_satisfiability', 'heavy: 256 clauses (pooled)', { clauses: random3Sat(rand, 60, 256) }],
    ],
  },
  {
    service: 'data-standardization',
    cases: [
      ['validate_schema_compliance', 'light: 20 records (inline in both)', { data: records(20), schema }],
      ['validate_schema_compliance', 'heavy: 1 000 records (pooled)', { data: records(1_000), schema }],
      ['standardize_values', 'light: 100 dates (inline in both)', { kind: 'date', values: dates(100) }],
      ['standardize_values', 'heavy: 3 000 dates (pooled)', { kind: 'date', values: dates(3_000) }],
    ],
  },
];

const rows = [];
for (const { service, cases } of services) {
  const children = {};
  try {
    for (const workers of ['0', '1']) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/mcp`;
      children[workers] = {
        url,
        child: await startChild(
          join(root, `services/${service}/dist/index.js`),
          [],
          {
            PORT: String(port),
            NODE_ENV: 'test',
            LOG_LEVEL: 'error',
            USAGE_SINKS: 'none',
            RATE_LIMIT_ENABLED: 'false',
            MCP_API_KEYS: `${KEY}:bench:read`,
            TOOL_WORKERS: workers,
          },
          url,
        ),
      };
    }
    for (const [tool, name, args] of cases) {
      const body = toolCallBody(tool, args);
      const headers = toolCallHeaders(tool, KEY);
      const results = { 0: [], 1: [] };
      for (const workers of ['0', '1']) await load({ url: children[workers].url, body, headers, connections: 10, duration: 1 }); // warm-up: threads, JIT
      for (let r = 0; r < rounds; r++)
        for (const workers of ['0', '1'])
          results[workers].push(await load({ url: children[workers].url, body, headers, connections: 10, duration }));
      const rps = (w) => Math.round(median(results[w].map((x) => x.rps)));
      const p99 = (w) => median(results[w].map((x) => x.p99));
      rows.push(
        `| ${service} | \`${tool}\` ${name} | ${rps('0')} | ${rps('1')} | ${(rps('1') / rps('0')).toFixed(2)} | ${p99('0')} / ${p99('1')} |`,
      );
    }
    rows.push(
      `| ${service} | RSS after the rounds (TOOL_WORKERS=0 / 1) | ${rssMiB(children['0'].child.pid)} MiB | ${rssMiB(children['1'].child.pid)} MiB | | |`,
    );
  } finally {
    for (const { child } of Object.values(children)) await stopChild(child);
  }
}

console.log('| service | case | req/s TOOL_WORKERS=0 | req/s TOOL_WORKERS=1 | 1 ÷ 0 | p99 ms 0 / 1 |');
console.log('|---|---|---:|---:|---:|---|');
for (const row of rows) console.log(row);
console.log(
  `\nnode ${process.version}, ${process.platform}/${process.arch}; ${rounds} rounds of ${duration} s per setting, alternating, 10 connections.`,
);
