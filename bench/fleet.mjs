// The fleet under the service manager: (1) time from `service-manager start` to every implemented
// service ready, (2) throughput of MCP tools/call on confidence-calculator (2 workers, autocannon,
// keep-alive) in 250 ms buckets before, during and after `restart --rolling`, and failed requests.
// Uses its own state directory and a port offset, so it never touches a running fleet.
// Usage: node bench/fleet.mjs   (env: FLEET_ROUNDS=3, FLEET_CONNECTIONS=32)
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'packages', 'service-manager', 'dist', 'cli.js');
const rounds = Number(process.env.FLEET_ROUNDS ?? 3);
const connections = Number(process.env.FLEET_CONNECTIONS ?? 32);
const portFree = (port) =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
let offset = 0;
for (;;) {
  offset = 20_000 + Math.floor(Math.random() * 12_000);
  const free = await Promise.all(Array.from({ length: 9 }, (_, i) => portFree(8101 + i + offset)));
  if (free.every(Boolean)) break;
}
const env = { ...process.env, RATE_LIMIT_MAX_REQUESTS: '1000000000', LOG_LEVEL: 'warn', NO_COLOR: '1' };
delete env.NODE_OPTIONS;

function sm(stateDir, ...args) {
  const result = spawnSync(process.execPath, [cli, '--state-dir', stateDir, ...args], { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`service-manager ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

function smAsync(stateDir, ...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--state-dir', stateDir, ...args], { cwd: root, env, stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`service-manager ${args.join(' ')} exited ${code}`))));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// 1. Start to all ready.
const startTimes = [];
let started = [];
for (let round = 0; round < rounds; round++) {
  const stateDir = mkdtempSync(join(tmpdir(), 'fleet-start-'));
  const t0 = performance.now();
  const out = JSON.parse(sm(stateDir, 'start', '--json', '--port-offset', String(offset)));
  startTimes.push(performance.now() - t0);
  started = out.services.map((s) => s.name);
  sm(stateDir, 'stop', '--timeout', '5000');
  rmSync(stateDir, { recursive: true, force: true });
}

// 2. Throughput around a rolling restart.
const stateDir = mkdtempSync(join(tmpdir(), 'fleet-roll-'));
sm(stateDir, 'start', 'confidence-calculator', '--workers', '2', '--port-offset', String(offset));
const port = 8108 + offset;
const key = readFileSync(join(stateDir, 'dev-api-key'), 'utf8').trim();
const body = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'calculate_fallback_confidence',
    arguments: { scenario: 'no_historical_data' },
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'fleet-bench', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  },
});
const headers = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  authorization: `Bearer ${key}`,
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'calculate_fallback_confidence',
};
const buckets = new Map();
let errors = 0;
let non2xx = 0;
const t0 = performance.now();
const bucketOf = () => Math.floor((performance.now() - t0) / 250);
const instance = autocannon({ url: `http://127.0.0.1:${port}/mcp`, method: 'POST', headers, body, connections, duration: 120 });
instance.on('response', (_client, status) => {
  const b = bucketOf();
  buckets.set(b, (buckets.get(b) ?? 0) + 1);
  if (status < 200 || status > 299) non2xx++;
});
instance.on('reqError', () => errors++);
await sleep(5000);
const restartFrom = bucketOf();
const errorsBefore = errors + non2xx;
const tRestart = performance.now();
await smAsync(stateDir, 'restart', 'confidence-calculator', '--rolling');
const restartMs = performance.now() - tRestart;
const restartTo = bucketOf();
const errorsDuring = errors + non2xx - errorsBefore;
await sleep(3000);
const lastBucket = bucketOf() - 1;
instance.stop();
sm(stateDir, 'stop', '--timeout', '5000');
rmSync(stateDir, { recursive: true, force: true });

const rate = (from, to) => {
  const values = [];
  for (let b = from; b <= to; b++) values.push((buckets.get(b) ?? 0) * 4);
  return values;
};
// Skip the first 2 s (connection and JIT warm-up) and the partial last bucket.
const phases = [
  ['before', rate(8, restartFrom - 1)],
  ['during restart --rolling', rate(restartFrom, restartTo)],
  ['after', rate(restartTo + 1, lastBucket)],
];
const mean = (v) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0);
const baseline = mean(phases[0][1]);

console.log(`\nFleet start (${started.length} implemented services: ${started.join(', ')}), ${rounds} rounds\n`);
console.log('| measure | median | min | max |');
console.log('| --- | --- | --- | --- |');
console.log(
  `| \`service-manager start\` → all ready | ${median(startTimes).toFixed(0)} ms | ${Math.min(...startTimes).toFixed(0)} ms | ${Math.max(...startTimes).toFixed(0)} ms |`,
);
console.log(
  `\nRolling restart of confidence-calculator (2 workers), tools/call, ${connections} keep-alive connections, 250 ms buckets; restart took ${restartMs.toFixed(0)} ms\n`,
);
console.log('| phase | buckets | mean req/s | lowest bucket req/s | vs before |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, values] of phases) {
  console.log(
    `| ${name} | ${values.length} | ${mean(values).toFixed(0)} | ${values.length ? Math.min(...values) : 0} | ${baseline ? (mean(values) / baseline).toFixed(2) : '-'} |`,
  );
}
console.log(
  `\nFailed requests: ${errorsDuring} during the restart (socket errors + non-2xx), ${errors + non2xx} in the whole run of ${[...buckets.values()].reduce((a, b) => a + b, 0)}.`,
);
