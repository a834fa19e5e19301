// Load test (issue 10): confidence-calculator's `calculate_fallback_confidence` with every layer on,
// first unthrottled to find the maximum rate, then at a low rate, then for LOAD_DURATION seconds at
// LOAD_FRACTION of that maximum. Fails (exit 1) on any error, timeout, non-2xx or JSON-RPC error
// answer, on an achieved rate short of the target by more than LOAD_TOLERANCE, or when the usage
// records written (file, and PostgreSQL when reachable) differ from the successful calls.
//
// Layers: production profile, API-key auth, rate limiting (a budget the load cannot exhaust; Redis
// store when Redis answers, memory otherwise), metrics, JSON logs at `info` to a file, usage
// records to the file sink and to PostgreSQL when it answers, OTLP/HTTP tracing to a loopback
// receiver run here (in a worker thread) that answers 200 and counts spans.
//
// Knobs: LOAD_DURATION (60 s), LOAD_FRACTION (0.8), LOAD_CONNECTIONS (50), LOAD_MAX_DURATION (10 s
// per round), LOAD_MAX_ROUNDS (3), LOAD_LOW_DURATION (15 s), LOAD_LOW_RATE (5 % of max, at least
// 20/s), LOAD_TARGET_RATE (a fixed target instead of the fraction), LOAD_TOLERANCE (0.05),
// LOAD_EXTRA_ENV='{"VAR":"value"}' (more service env), LOAD_JSON=1 (last line: `LOAD_RESULT {json}`),
// LOAD_KEEP=1 (keep the state directory: usage file, service log).
// DATABASE_URL / REDIS_URL override the loopback defaults; REQUIRE_SERVICES=1 fails when either is
// unreachable instead of leaving that layer off.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { freePort, median, rssMiB, startChild, stopChild, toolCallBody, toolCallHeaders } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const num = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
};
const duration = num('LOAD_DURATION', 60);
const fraction = num('LOAD_FRACTION', 0.8);
const connections = Math.round(num('LOAD_CONNECTIONS', 50));
const maxDuration = num('LOAD_MAX_DURATION', 10);
const maxRounds = Math.round(num('LOAD_MAX_ROUNDS', 3));
const lowDuration = num('LOAD_LOW_DURATION', 15);
const tolerance = num('LOAD_TOLERANCE', 0.05);
const extraEnv = JSON.parse(process.env.LOAD_EXTRA_ENV ?? '{}');
const requireServices = process.env.REQUIRE_SERVICES === '1';
const json = process.env.LOAD_JSON === '1';
const log = json ? (...a) => console.error(...a) : (...a) => console.log(...a);

const tool = 'calculate_fallback_confidence';
const body = toolCallBody(tool, { scenario: 'partial_evidence' });
// One API key (and so one usage client id) per phase, unique to this run: records are counted per phase.
const runId = randomBytes(4).toString('hex');
const phases = ['max', 'low', 'loaded'];
const keys = Object.fromEntries(
  phases.map((p) => [p, { key: `load-${p}-${randomBytes(16).toString('hex')}`, clientId: `load-${p}-${runId}` }]),
);

// --- layers that need a server: probe, and leave off (or fail, under REQUIRE_SERVICES) ---------
function tcpAnswers(host, port, send, expect) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => (send ? socket.write(send) : done(true)));
    if (send) socket.once('data', (d) => done(d.toString().startsWith(expect)));
  });
}
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const pg = createRequire(join(root, 'packages/core/package.json'))('pg');
async function postgresAnswers() {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
const redis = new URL(redisUrl);
const layers = {
  postgres: await postgresAnswers(),
  redis: await tcpAnswers(redis.hostname, Number(redis.port || 6379), 'PING\r\n', '+PONG'),
};
for (const [name, on] of Object.entries(layers)) {
  if (!on && requireServices) throw new Error(`REQUIRE_SERVICES=1 but ${name} is not reachable`);
  if (!on) log(`note: ${name} is not reachable; that layer stays off`);
}

// --- OTLP/HTTP receiver in a worker thread (so it does not share autocannon's event loop) -------
const otlp = new Worker(
  `
  const { parentPort } = require('node:worker_threads');
  const { createServer } = require('node:http');
  const { gunzipSync } = require('node:zlib');
  let spans = 0, exports = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let buf = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') buf = gunzipSync(buf);
      const text = buf.toString();
      for (let i = text.indexOf('"spanId"'); i !== -1; i = text.indexOf('"spanId"', i + 8)) spans++;
      exports++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
  parentPort.on('message', () => parentPort.postMessage({ spans, exports }));
  `,
  { eval: true },
);
const otlpPort = await new Promise((resolve) => otlp.once('message', (m) => resolve(m.port)));
const otlpCounts = () =>
  new Promise((resolve) => {
    otlp.once('message', resolve);
    otlp.postMessage('count');
  });

// --- the service ----------------------------------------------------------------------------------
const stateDir = mkdtempSync(join(tmpdir(), 'a2a-load-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}/mcp`;
const serviceEnv = {
  PORT: String(port),
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  MCP_API_KEYS: Object.values(keys)
    .map((k) => `${k.key}:${k.clientId}:read`)
    .join(';'),
  STATE_DIR: stateDir,
  RATE_LIMIT_MAX_REQUESTS: '1000000000',
  USAGE_SINKS: layers.postgres ? 'postgres,file' : 'file',
  USAGE_FILE_MAX_BYTES: String(8 * 1024 ** 3), // no rotation during the run: every record stays countable
  DATABASE_URL: layers.postgres ? databaseUrl : undefined,
  REDIS_URL: layers.redis ? redisUrl : undefined,
  REDIS_KEY_PREFIX: `a2a-load-${runId}:`,
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
  ...extraEnv,
};
const child = await startChild(
  join(root, 'services/confidence-calculator/dist/index.js'),
  [],
  serviceEnv,
  `http://127.0.0.1:${port}/health`,
  {
    stdout: openSync(join(stateDir, 'service.log'), 'a'),
  },
);

/**
 * One autocannon run. autocannon 9 paces `overallRate` per connection (rate / connections each)
 * and per wall-clock second: a connection sends back to back until its quota for the second is
 * used, then waits for the next tick, so load arrives in bursts at the start of each second.
 * `amount` fixes the request count (all of them answered or failed when it returns); the latency
 * correction for coordinated omission is off because autocannon 9 passes it an expected interval
 * of ceil(1 / rate) = 1 ms, which fills the histogram with invented 1 ms steps.
 */
function run(phase, opts) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const instance = autocannon(
      {
        url,
        method: 'POST',
        body,
        headers: toolCallHeaders(tool, keys[phase].key),
        connections,
        timeout: 10,
        ignoreCoordinatedOmission: Boolean(opts.overallRate),
        // A 200 carrying a JSON-RPC error or a tool error is a failure too.
        verifyBody: (b) => b.includes('"result"') && !b.includes('"isError":true'),
        ...opts,
      },
      (error, r) => {
        clearTimeout(guard);
        if (error) return reject(error);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
        resolve({
          requests: r.requests.total,
          ok: r['2xx'],
          errors: r.errors,
          timeouts: r.timeouts,
          non2xx: r.non2xx,
          mismatches: r.mismatches,
          elapsed: +elapsed.toFixed(2),
          rate: +(r['2xx'] / elapsed).toFixed(1),
          perSecond: { min: Math.min(...seconds), max: Math.max(...seconds), seconds },
          p50: r.latency.p50,
          p90: r.latency.p90,
          p99: r.latency.p99,
          max: r.latency.max,
          stopped,
        });
      },
    );
    // Responses per wall-clock second (the last one is partial).
    const seconds = [];
    instance.on('tick', ({ counter }) => seconds.push(counter));
    // Bound in time even if the service stalls: stop at twice the planned length plus 30 s.
    const planned = opts.duration ?? (opts.amount ?? 0) / (opts.overallRate ?? 1);
    let stopped = false;
    const guard = setTimeout(
      () => {
        stopped = true;
        instance.stop();
      },
      (planned * 2 + 30) * 1000,
    );
  });
}
/** rate rounded down to a multiple of `conns` (autocannon splits it evenly then), at least `conns`. */
const evenRate = (rate, conns) => Math.max(conns, Math.floor(rate / conns) * conns);

const result = { date: new Date().toISOString(), layers: { ...layers, otlp: true }, connections, fraction, duration };
const failures = [];
const phaseFailures = (name, r) => {
  for (const k of ['errors', 'timeouts', 'non2xx', 'mismatches']) if (r[k]) failures.push(`${name}: ${r[k]} ${k}`);
  if (r.stopped) failures.push(`${name}: stopped by the time guard after ${r.elapsed} s, ${r.requests} requests sent`);
};
try {
  // (a) maximum rate: a warm-up, then the median of unthrottled rounds.
  await run('max', { duration: 2 });
  const rounds = [];
  for (let i = 0; i < maxRounds; i++) {
    const r = await run('max', { duration: maxDuration });
    phaseFailures(`max round ${i + 1}`, r);
    rounds.push(r);
    log(`max round ${i + 1}: ${r.rate} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`);
  }
  const maxRate = median(rounds.map((r) => r.rate));
  result.max = {
    rate: maxRate,
    rounds: rounds.map((r) => r.rate),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
  };

  // (b) low load: few connections, so requests do not queue behind each other.
  const lowConnections = 2;
  const lowRate = evenRate(num('LOAD_LOW_RATE', Math.max(20, 0.05 * maxRate)), lowConnections);
  const low = await run('low', { connections: lowConnections, overallRate: lowRate, amount: lowRate * Math.round(lowDuration) });
  phaseFailures('low', low);
  result.low = { target: lowRate, connections: lowConnections, ...low };
  log(`low: target ${lowRate}/s, achieved ${low.rate}/s, p50 ${low.p50} ms, p99 ${low.p99} ms`);

  // (c) the load: `duration` seconds at `fraction` of the maximum.
  const target = evenRate(num('LOAD_TARGET_RATE', fraction * maxRate), connections);
  const rssBefore = rssMiB(child.pid);
  const loaded = await run('loaded', { overallRate: target, amount: target * Math.round(duration) });
  const rssAfter = rssMiB(child.pid);
  phaseFailures('loaded', loaded);
  result.loaded = { target, ...loaded, rssBefore, rssAfter };
  result.p99Ratio = low.p99 ? +(loaded.p99 / low.p99).toFixed(2) : null;
  if (loaded.rate < target * (1 - tolerance))
    failures.push(`loaded: achieved ${loaded.rate} req/s, short of the target ${target} by more than ${tolerance * 100} %`);
  log(`loaded: target ${target}/s, achieved ${loaded.rate}/s, p50 ${loaded.p50} ms, p99 ${loaded.p99} ms`);
} finally {
  await stopChild(child); // graceful: the usage recorder flushes its queue before exit
}

// (d) no data lost: one usage record per successful call, in the file and in PostgreSQL.
const usageDir = join(stateDir, 'usage');
const fileCounts = Object.fromEntries(phases.map((p) => [p, 0]));
for (const name of readdirSync(usageDir).filter((n) => n.includes('.jsonl'))) {
  for (const line of readFileSync(join(usageDir, name), 'utf8').split('\n')) {
    for (const p of phases) if (line.includes(`"clientId":"${keys[p].clientId}"`)) fileCounts[p]++;
  }
}
let rowCounts = null;
if (layers.postgres) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT client_id, count(*)::int AS n FROM usage_logs WHERE client_id = ANY($1) GROUP BY client_id',
      [phases.map((p) => keys[p].clientId)],
    );
    rowCounts = Object.fromEntries(phases.map((p) => [p, rows.find((r) => r.client_id === keys[p].clientId)?.n ?? 0]));
    // The database is shared (tests use it too): this run's rows go once counted.
    await client.query('DELETE FROM usage_logs WHERE client_id = ANY($1)', [phases.map((p) => keys[p].clientId)]);
  } finally {
    await client.end();
  }
}
result.usage = { file: fileCounts, postgres: rowCounts };
for (const p of ['low', 'loaded']) {
  const ok = result[p]?.ok;
  if (ok === undefined) continue;
  // A run stopped by the guard drops up to one answer in flight per connection: those calls were served and recorded.
  const slack = result[p].stopped ? (result[p].connections ?? connections) : 0;
  const lost = (n) => n < ok || n > ok + slack;
  if (lost(fileCounts[p])) failures.push(`${p}: ${ok} successful calls but ${fileCounts[p]} usage records in the file`);
  if (rowCounts && lost(rowCounts[p])) failures.push(`${p}: ${ok} successful calls but ${rowCounts[p]} usage rows in PostgreSQL`);
}
// Spans are recorded, not checked: the SDK's batch processor drops spans by design when its queue is full.
await new Promise((r) => setTimeout(r, 500));
result.spans = await otlpCounts();
await otlp.terminate();
// The usage file of a full run is ~70 MB; LOAD_KEEP=1 keeps it and the service log.
if (process.env.LOAD_KEEP === '1') log(`kept: ${stateDir}`);
else rmSync(stateDir, { recursive: true, force: true });
result.failures = failures;

// autocannon's latencies are whole milliseconds: 0 means under 1 ms.
const ms = (v) => (v === 0 ? '< 1' : v);
const line = (name, r) =>
  `| ${name} | ${r.target ?? '—'} | ${r.rate} | ${r.ok} | ${r.errors} / ${r.timeouts} / ${r.non2xx} / ${r.mismatches} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} |`;
log(
  `\n### load: ${duration} s at ${fraction * 100} % of max (${connections} connections; layers: ${Object.entries(result.layers)
    .filter(([, on]) => on)
    .map(([n]) => n)
    .join(', ')}, file sink, rate limits, auth, info logs)\n`,
);
log(`max rate (median of ${maxRounds} × ${maxDuration} s): ${result.max?.rate} req/s (rounds ${result.max?.rounds.join(', ')})\n`);
log('| phase | target req/s | achieved req/s | 2xx | errors / timeouts / non-2xx / bad body | p50 ms | p90 ms | p99 ms | max ms |');
log('|---|---|---|---|---|---|---|---|---|');
if (result.low) log(line('low', result.low));
if (result.loaded) log(line('loaded', result.loaded));
if (result.loaded)
  log(
    `\np99 loaded / low: ${result.p99Ratio}; RSS ${result.loaded.rssBefore} → ${result.loaded.rssAfter} MiB; responses per second during the load ${result.loaded.perSecond.min}–${result.loaded.perSecond.max} (${result.loaded.perSecond.seconds.join(' ')})`,
  );
const records = phases.reduce((n, p) => n + fileCounts[p], 0);
log(
  `usage records (file / PostgreSQL) per phase: ${phases.map((p) => `${p} ${fileCounts[p]} / ${rowCounts ? rowCounts[p] : 'off'}`).join(', ')}; spans received ${result.spans.spans} in ${result.spans.exports} exports (${records} calls recorded in all phases)`,
);
log(failures.length ? `\nFAILED:\n- ${failures.join('\n- ')}` : '\nOK: no errors, rate reached, every successful call recorded');
if (json) console.log(`LOAD_RESULT ${JSON.stringify(result)}`);
process.exit(failures.length ? 1 : 0);
