// Footprint (issue #17): resident memory and start-up time of the services with the development
// defaults (no environment beyond a port and a state directory), against a bare node:http server,
// the SDK's stateless example and FastMCP measured in the same run.
//
// 1. One server at a time, in a child process, `BENCH_ROUNDS` (3) rounds, the order rotating:
//    - start → first successful tools/call: from spawn until a tools/call answers 200 with a
//      successful tool result (the request is retried every 5 ms while the port refuses);
//    - RSS just started: VmRSS of the process 2 s after that first call (nothing else sent);
//    - RSS settled: VmRSS once idle for `SETTLE_MS` (15 000) after the round's last start. V8's
//      memory reducer gives the start-up garbage back some 8–12 s after the start (the young
//      generation's pages, ~9 MiB); this is what an idle service holds. The round's processes
//      stay up (idle) until then, so one wait serves them all.
//    a2a-mcp rows send the 2026-07-28 body with the development key (written into the state
//    directory before the start, as `service-manager start` would have it); bare, sdk and fastmcp
//    the 2025-era body every one of them answers.
// 2. The fleet: `service-manager start --json` (development profile, its own state directory and a
//    port offset) → nine ready, then the VmRSS of the supervisor and of every worker 2 s later and
//    again after `SETTLE_MS`; `FLEET_ROUNDS` (3) rounds. Also the fleet's PSS 2 s after ready (Pss
//    of /proc/<pid>/smaps_rollup summed): the memory it occupies, node's shared pages counted once.
//
//   node bench/footprint.mjs      # BENCH_ROUNDS, FLEET_ROUNDS, BENCH_TARGETS=bare,sdk,fastmcp,<service>,…
//                                 # FOOTPRINT_JSON=1 adds a `FOOTPRINT_RESULT {json}` line
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, median, pssMiB, rssMiB, stopChild, toolCallBody, toolCallHeaders } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const fleetRounds = Number(process.env.FLEET_ROUNDS ?? 3);
const settleMs = Number(process.env.SETTLE_MS ?? 15_000);
const key = 'dev_footprint0123456789abcdefghijklmnopq';
const bench = (file) => join(root, 'bench', file);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A tool per service that needs no earlier call (stateful services: a write). */
const FIRST_CALL = {
  'confidence-calculator': ['calculate_fallback_confidence', { scenario: 'partial_evidence' }],
  'data-standardization': ['standardize_values', { kind: 'boolean', values: ['yes', 'N', '1', 'off'] }],
  'vector-similarity': ['calculate_vector_similarity', { vector_a: [0.1, 0.2, 0.3], vector_b: [0.3, 0.2, 0.1], metric: 'cosine' }],
  'vector-ranking': [
    'fuse_rankings',
    {
      rankings: [
        { name: 'a', items: [{ docId: 'x' }, { docId: 'y' }] },
        { name: 'b', items: [{ docId: 'y' }] },
      ],
    },
  ],
  'transport-layer': ['receive_messages', { mailbox: 'bench', max: 10 }],
  'reasoning-agent': [
    'evaluate_proposition',
    {
      formula: 'A & !B',
      assignment: [
        { variable: 'A', value: true },
        { variable: 'B', value: false },
      ],
    },
  ],
  'session-management': ['create_session', { ttl_seconds: 60, state: '{"step":1}' }],
  'resource-streaming': ['publish_event', { stream: 'bench', type: 'tick', data: '{"i":1}' }],
  'semantic-similarity': ['calculate_text_similarity', { text1: 'the cat sat', text2: 'the cat ate', method: 'jaccard' }],
};
const legacyBody = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'calculate_fallback_confidence', arguments: { scenario: 'partial_evidence' } },
});
const legacyHeaders = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-11-25',
};

const OTHERS = {
  bare: { script: bench('bare-server.mjs'), path: '/' },
  sdk: { script: bench('sdk-stateless-server.mjs'), path: '/mcp' },
  fastmcp: { script: bench('fastmcp-server.mjs'), path: '/mcp' },
};
const allTargets = ['bare', 'sdk', 'fastmcp', ...Object.keys(FIRST_CALL)];
const targets = process.env.BENCH_TARGETS ? process.env.BENCH_TARGETS.split(',').map((s) => s.trim()) : allTargets;

function cleanEnv(extra) {
  const env = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  // The development defaults: nothing the services read from the bench's own environment.
  for (const name of Object.keys(env))
    if (/^(REDIS_|DATABASE_|OTEL_|USAGE_|LOG_|RATE_LIMIT_|METRICS_|MCP_|API_KEY|JWT_|OAUTH_)/.test(name)) delete env[name];
  env.NODE_ENV = 'development';
  return env;
}

/** Whether `text` (JSON or one SSE event) is a successful tool result. */
function successful(text) {
  const json = text.startsWith('{')
    ? text
    : text
        .split('\n')
        .filter((l) => l.startsWith('data: ') && l.length > 6)
        .map((l) => l.slice(6))[0];
  if (!json) return false;
  const result = JSON.parse(json).result;
  return result !== undefined && result.isError !== true;
}

/** Starts one target and times spawn → first successful tools/call; returns the child and ms. */
async function startAndCall(target) {
  const port = await freePort();
  let script;
  let request;
  let env;
  let stateDir;
  if (OTHERS[target]) {
    script = OTHERS[target].script;
    request = { url: `http://127.0.0.1:${port}${OTHERS[target].path}`, body: legacyBody, headers: legacyHeaders };
    env = cleanEnv({ PORT: String(port) });
  } else {
    const [tool, args] = FIRST_CALL[target];
    script = join(root, 'services', target, 'dist', 'index.js');
    stateDir = mkdtempSync(join(tmpdir(), 'a2a-footprint-'));
    writeFileSync(join(stateDir, 'dev-api-key'), `${key}\n`, { mode: 0o600 });
    request = { url: `http://127.0.0.1:${port}/mcp`, body: toolCallBody(tool, args), headers: toolCallHeaders(tool, key) };
    env = cleanEnv({ PORT: String(port), STATE_DIR: stateDir });
  }
  const t0 = performance.now();
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${target} exited with ${child.exitCode}`);
    try {
      const res = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
      const text = await res.text();
      if (res.status === 200 && successful(text)) break;
      throw new Error(`${target}: HTTP ${res.status}: ${text.slice(0, 200)}`);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // fetch failed: not listening yet
      if (Date.now() > deadline) throw new Error(`${target} did not start`);
      await sleep(5);
    }
  }
  return { child, ms: performance.now() - t0, stateDir };
}

const single = Object.fromEntries(targets.map((t) => [t, { startMs: [], rssMiB: [], settledMiB: [] }]));
for (let round = 0; round < rounds; round++) {
  const order = targets.map((_, i) => targets[(i + round) % targets.length]);
  const running = [];
  for (const target of order) {
    const { child, ms, stateDir } = await startAndCall(target);
    await sleep(2000);
    single[target].startMs.push(ms);
    single[target].rssMiB.push(rssMiB(child.pid));
    running.push({ target, child, stateDir });
  }
  await sleep(settleMs);
  for (const { target, child, stateDir } of running) {
    single[target].settledMiB.push(rssMiB(child.pid));
    await stopChild(child);
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }
}

// The fleet under the service manager.
const cli = join(root, 'packages', 'service-manager', 'dist', 'cli.js');
const portFree = (port) =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
const fleet = {
  startMs: [],
  totalMiB: [],
  supervisorMiB: [],
  workersMiB: [],
  settledTotalMiB: [],
  settledSupervisorMiB: [],
  settledWorkersMiB: [],
  pssTotalMiB: [],
};
for (let round = 0; round < fleetRounds; round++) {
  let offset;
  for (;;) {
    offset = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(Array.from({ length: 9 }, (_, i) => portFree(8101 + i + offset)));
    if (free.every(Boolean)) break;
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'a2a-footprint-fleet-'));
  mkdirSync(stateDir, { recursive: true });
  const env = cleanEnv({});
  const t0 = performance.now();
  const started = spawnSync(process.execPath, [cli, '--state-dir', stateDir, 'start', '--json', '--port-offset', String(offset)], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (started.status !== 0) throw new Error(`service-manager start exited ${started.status}: ${started.stderr}`);
  const out = JSON.parse(started.stdout);
  await sleep(2000);
  const workers = out.services.flatMap((s) => s.workers.map((w) => rssMiB(w.pid)));
  const supervisor = rssMiB(out.supervisor.pid);
  fleet.startMs.push(ms);
  fleet.supervisorMiB.push(supervisor);
  fleet.workersMiB.push(workers);
  fleet.totalMiB.push(supervisor + workers.reduce((a, b) => a + b, 0));
  fleet.pssTotalMiB.push(
    [out.supervisor.pid, ...out.services.flatMap((s) => s.workers.map((w) => w.pid))].reduce((sum, pid) => sum + pssMiB(pid), 0),
  );
  await sleep(settleMs);
  const settledWorkers = out.services.flatMap((s) => s.workers.map((w) => rssMiB(w.pid)));
  const settledSupervisor = rssMiB(out.supervisor.pid);
  fleet.settledSupervisorMiB.push(settledSupervisor);
  fleet.settledWorkersMiB.push(settledWorkers);
  fleet.settledTotalMiB.push(settledSupervisor + settledWorkers.reduce((a, b) => a + b, 0));
  const stopped = spawnSync(process.execPath, [cli, '--state-dir', stateDir, 'stop', '--timeout', '5000'], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (stopped.status !== 0) throw new Error(`service-manager stop exited ${stopped.status}: ${stopped.stderr}`);
  rmSync(stateDir, { recursive: true, force: true });
  if (out.services.length !== 9) throw new Error(`expected 9 services, started ${out.services.length}`);
}

const range = (values, digits = 0) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
const bareStart = single.bare ? median(single.bare.startMs) : undefined;
console.log(
  `\nFootprint, ${rounds} rounds per server (development defaults), ${fleetRounds} fleet rounds; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`,
);
console.log(
  '| server | start → first tools/call ms, median (range) | × bare | RSS MiB 2 s after start, median (range) | RSS MiB settled, median (range) |',
);
console.log('|---|---|---|---|---|');
for (const target of targets) {
  const { startMs, rssMiB: rss, settledMiB } = single[target];
  console.log(
    `| ${target} | ${median(startMs).toFixed(0)} (${range(startMs)}) | ${bareStart ? (median(startMs) / bareStart).toFixed(2) : '—'} | ${median(rss)} (${range(rss)}) | ${median(settledMiB)} (${range(settledMiB)}) |`,
  );
}
const services = targets.filter((t) => FIRST_CALL[t]);
if (services.length > 0) {
  const span = (key) => {
    const medians = services.map((t) => median(single[t][key]));
    return `${Math.min(...medians)}–${Math.max(...medians)} MiB`;
  };
  console.log(
    `\nRSS of the ${services.length} service(s) alone (medians): ${span('rssMiB')} 2 s after start, ${span('settledMiB')} settled`,
  );
}
if (fleetRounds > 0) {
  console.log(`\n| fleet | median | range |\n|---|---|---|`);
  console.log(`| \`service-manager start\` → nine ready | ${median(fleet.startMs).toFixed(0)} ms | ${range(fleet.startMs)} ms |`);
  console.log(`| RSS 2 s after ready, supervisor + nine services | ${median(fleet.totalMiB)} MiB | ${range(fleet.totalMiB)} MiB |`);
  console.log(
    `| PSS 2 s after ready, supervisor + nine services (shared pages divided among the processes) | ${median(fleet.pssTotalMiB)} MiB | ${range(fleet.pssTotalMiB)} MiB |`,
  );
  console.log(`| RSS 2 s after ready, supervisor | ${median(fleet.supervisorMiB)} MiB | ${range(fleet.supervisorMiB)} MiB |`);
  console.log(
    `| RSS 2 s after ready, one service in the fleet | ${median(fleet.workersMiB.flat())} MiB | ${range(fleet.workersMiB.flat())} MiB |`,
  );
  console.log(`| RSS settled, supervisor + nine services | ${median(fleet.settledTotalMiB)} MiB | ${range(fleet.settledTotalMiB)} MiB |`);
  console.log(`| RSS settled, supervisor | ${median(fleet.settledSupervisorMiB)} MiB | ${range(fleet.settledSupervisorMiB)} MiB |`);
  console.log(
    `| RSS settled, one service in the fleet | ${median(fleet.settledWorkersMiB.flat())} MiB | ${range(fleet.settledWorkersMiB.flat())} MiB |`,
  );
}
if (process.env.FOOTPRINT_JSON === '1') console.log(`FOOTPRINT_RESULT ${JSON.stringify({ single, fleet })}`);
