// What the worker-thread pool costs: the same check_satisfiability calls against reasoning-agent
// with TOOL_WORKERS=0 (everything on the event loop, as before the pool) and TOOL_WORKERS=1, over
// HTTP with autocannon. Build first: pnpm build.
//
// Two bodies: a light instance (20 variables, 60 literals: below the 256-literal inline bound, so
// inline in both runs: the pool must cost it nothing) and a heavier one (random 3-SAT, 60
// variables, 256 clauses: pooled with TOOL_WORKERS=1). Three rounds each (BENCH_ROUNDS), 10
// connections for BENCH_DURATION seconds (default 5); prints median req/s and p99 per case, and the
// RSS of the service after the rounds (the pool's threads included).
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
const cases = {
  'light (inline in both)': random3Sat(rand, 20, 20),
  'heavy (pooled with TOOL_WORKERS=1)': random3Sat(rand, 60, 256),
};

const rows = [];
for (const workers of ['0', '1']) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  const child = await startChild(join(root, 'services/reasoning-agent/dist/index.js'), [], { PORT: String(port), NODE_ENV: 'test', LOG_LEVEL: 'error', USAGE_SINKS: 'none', RATE_LIMIT_ENABLED: 'false', MCP_API_KEYS: `${KEY}:bench:read`, TOOL_WORKERS: workers }, url);
  try {
    for (const [name, clauses] of Object.entries(cases)) {
      const body = toolCallBody('check_satisfiability', { clauses });
      const headers = toolCallHeaders('check_satisfiability', KEY);
      await load({ url, body, headers, connections: 10, duration: 1 }); // warm-up: threads, JIT
      const results = [];
      for (let r = 0; r < rounds; r++) results.push(await load({ url, body, headers, connections: 10, duration }));
      rows.push(`| ${workers} | ${name} | ${Math.round(median(results.map((x) => x.rps)))} | ${median(results.map((x) => x.p99))} |`);
    }
    rows.push(`| ${workers} | RSS after the rounds | ${rssMiB(child.pid)} MiB | |`);
  } finally {
    await stopChild(child);
  }
}

console.log('| TOOL_WORKERS | case | median req/s | median p99 ms |');
console.log('|---:|---|---:|---:|');
for (const row of rows) console.log(row);
console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}; ${rounds} rounds of ${duration} s, 10 connections.`);
