// What one tools/call costs the server, in figures that hold still on a noisy machine: bytes the
// JavaScript heap allocated per request, garbage-collection pauses per request, and CPU time per
// request, for confidence-calculator's calculate_fallback_confidence with every layer on (the
// a2a-mcp row of http-overhead.mjs) and for the bare node:http server, both started here in child
// processes with V8's --trace-gc-nvp. A fixed number of requests (not a fixed time) is sent by
// autocannon after a warm-up; allocation is the sum of the `allocated=` field of the GC lines V8
// prints during the measured requests (the bytes allocated since the GC before), CPU time is the
// child's utime + stime from /proc. Throughput on this 2-core machine moves by ±30 % from one
// minute to the next (other tenants); these figures move by a few per cent, so a change in the
// request path can be judged by them first and by http-overhead.mjs after.
//
// Knobs: COST_REQUESTS (20000), COST_WARMUP (5000), BENCH_CONNECTIONS (50), COST_ROUNDS (3),
// COST_TARGETS (bare,a2a-mcp), COST_BODY (2026 | 2025), BENCH_EXTRA_ENV (JSON, more env for a2a-mcp),
// COST_NODE_FLAGS (more node flags for a2a-mcp, space-separated), COST_ALT_ENV (JSON: target
// `a2a-mcp-alt` is a2a-mcp with this env on top, for an A/B of a setting in the same run),
// COST_BASE_ROOT (a built checkout of another commit, e.g. a git worktree: target `a2a-mcp-base` is
// a2a-mcp from there, for an A/B of a code change in the same run).
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, median, rssMiB, startChild, stopChild, toolCallRequest } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const requests = Number(process.env.COST_REQUESTS ?? 20_000);
const warmup = Number(process.env.COST_WARMUP ?? 5_000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Number(process.env.COST_ROUNDS ?? 3);
const targets = (process.env.COST_TARGETS ?? 'bare,a2a-mcp').split(',').filter(Boolean);
const era = process.env.COST_BODY ?? '2026';
const extraEnv = JSON.parse(process.env.BENCH_EXTRA_ENV ?? '{}');
const extraFlags = (process.env.COST_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const altEnv = JSON.parse(process.env.COST_ALT_ENV ?? '{}');
const key = 'bench-key-0123456789abcdef0123456789';
const tool = 'calculate_fallback_confidence';
const args = { scenario: 'partial_evidence' };
const request = toolCallRequest(era, tool, args, key);

const dir = mkdtempSync(join(tmpdir(), 'a2a-cost-'));
const servers = {
  bare: { script: join(root, 'bench', 'bare-server.mjs'), path: '/', ready: '/', env: {}, flags: [] },
  'a2a-mcp': {
    script: join(root, 'services', 'confidence-calculator', 'dist', 'index.js'),
    path: '/mcp',
    ready: '/health',
    env: {
      NODE_ENV: 'production',
      MCP_API_KEYS: `${key}:bench:read`,
      STATE_DIR: dir,
      LOG_LEVEL: 'info',
      RATE_LIMIT_MAX_REQUESTS: '1000000000',
      ...extraEnv,
    },
    flags: extraFlags,
  },
};
servers['a2a-mcp-alt'] = { ...servers['a2a-mcp'], env: { ...servers['a2a-mcp'].env, ...altEnv } };
if (process.env.COST_BASE_ROOT)
  servers['a2a-mcp-base'] = {
    ...servers['a2a-mcp'],
    script: join(process.env.COST_BASE_ROOT, 'services', 'confidence-calculator', 'dist', 'index.js'),
  };

async function start(name, round) {
  const server = servers[name];
  const port = await freePort();
  const gcLog = join(dir, `${name}-${round}.gc`);
  // V8 prints its GC lines on stdout; the service's own log lines go there too and are skipped.
  const child = await startChild(server.script, [], { ...server.env, PORT: String(port) }, `http://127.0.0.1:${port}${server.ready}`, {
    stdout: openSync(gcLog, 'a'),
    nodeFlags: ['--trace-gc-nvp', ...server.flags],
  });
  return { child, url: `http://127.0.0.1:${port}${server.path}`, gcLog };
}

/** utime + stime of a process, in milliseconds (clock ticks of 10 ms: exact enough over seconds). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The GC lines of the log: kind (s = scavenge, mc/ms = mark-compact), pause ms, bytes allocated since the GC before. */
function gcLines(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes(' pause=') && line.includes(' allocated='))
    .map((line) => ({
      kind: /\bgc=(\w+)/.exec(line)?.[1],
      pause: Number(/\bpause=([\d.]+)/.exec(line)?.[1]),
      allocated: Number(/\ballocated=(\d+)/.exec(line)?.[1]),
    }));
}

async function fire(url, amount) {
  const result = await autocannon({ url, method: 'POST', ...request, connections, amount });
  if (result.errors || result.non2xx) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  return result;
}

const samples = Object.fromEntries(targets.map((t) => [t, []]));
for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 ? [...targets].reverse() : targets) {
    const { child, url, gcLog } = await start(name, round);
    try {
      await fire(url, warmup);
      const before = gcLines(gcLog).length;
      const cpuBefore = cpuMs(child.pid);
      const result = await fire(url, requests);
      const cpu = cpuMs(child.pid) - cpuBefore;
      const rss = rssMiB(child.pid);
      const gcs = gcLines(gcLog).slice(before);
      // The first GC line of the window reports bytes allocated partly before it; with thousands of
      // requests per GC cycle the error is a fraction of one cycle, so it is counted whole.
      const allocated = gcs.reduce((sum, g) => sum + g.allocated, 0);
      const sample = {
        allocKB: allocated / requests / 1024,
        gcPauseUs: (gcs.reduce((sum, g) => sum + g.pause, 0) * 1000) / requests,
        scavenges: gcs.filter((g) => g.kind === 's').length,
        markCompacts: gcs.filter((g) => g.kind !== 's').length,
        cpuUs: (cpu * 1000) / requests,
        rps: result.requests.average,
        p99: result.latency.p99,
        rss,
      };
      samples[name].push(sample);
      console.error(
        `round ${round + 1}/${rounds} ${name}: ${sample.allocKB.toFixed(1)} KB allocated/request, GC ${sample.gcPauseUs.toFixed(1)} µs/request (${sample.scavenges} scavenges, ${sample.markCompacts} mark-compacts), CPU ${sample.cpuUs.toFixed(0)} µs/request, ${sample.rps.toFixed(0)} req/s, p99 ${sample.p99} ms, RSS ${rss} MiB`,
      );
    } finally {
      await stopChild(child);
    }
  }
}

console.log(
  `\n### Cost of one tools/call (${era} body; ${rounds} rounds × ${requests} requests after ${warmup}, ${connections} connections; medians)\n`,
);
console.log(
  '| server | KB allocated / request | GC pause µs / request | scavenges | mark-compacts | CPU µs / request | req/s | p99 ms | RSS MiB |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const name of targets) {
  const s = samples[name];
  const m = (field) => median(s.map((x) => x[field]));
  console.log(
    `| ${name} | ${m('allocKB').toFixed(1)} | ${m('gcPauseUs').toFixed(1)} | ${m('scavenges')} | ${m('markCompacts')} | ${m('cpuUs').toFixed(0)} | ${m('rps').toFixed(0)} | ${m('p99')} | ${m('rss')} |`,
  );
}
