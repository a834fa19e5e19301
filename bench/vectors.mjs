// Vector and ranking tools end-to-end over HTTP, in one process (build first: pnpm --filter
// @a2a-mcp/vector-similarity --filter @a2a-mcp/vector-ranking build).
//
// 1. batch_vector_similarity, 10 000 candidates × 384 dimensions, top_k 10: a full tools/call
//    (HTTP, auth, JSON.parse, zod, the scan, output validation) against JSON.parse of the same
//    request body here — the floor any JSON API pays. Target ≤ 2×. Each round times one parse and
//    one call back to back and takes their ratio, so a load spike on a shared machine hits both;
//    the median ratio (and the range) is reported, for wall time and for process CPU time (user +
//    system, all threads: GC helpers included; waiting for a core on a loaded machine is not). The client shares this process and its one
//    thread with the server, so its own work counts against the service: the primary figure uses
//    node:http writing the request's UTF-8 bytes (what a client holds; no copy), the second
//    fetch with a string body, as this bench did before (Node 20's fetch encodes the 36 MB string
//    and copies the bytes twice more per call, all client-side).
// 2. cluster_vectors, 10 000 × 32, k = 10: time per call.
// 3. calculate_bm25_scores over 10 000 generated short documents: time per call.
//
// BENCH_ROUNDS (default 5) rounds each; medians are reported. BENCH_ONLY_BATCH=1 skips 2 and 3.
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadConfig, startService } from '../packages/core/dist/index.js';
import { createRandom } from '../packages/core/dist/vectors/index.js';
import { median, toolCallBody, toolCallHeaders } from './lib.mjs';
import { createVectorRankingService, settingsSchema as rankingSettings } from '../services/vector-ranking/dist/service.js';
import { createVectorSimilarityService, settingsSchema as similaritySettings } from '../services/vector-similarity/dist/service.js';

// Each timed segment starts from a collected heap, so the call does not pay for collecting the
// garbage of the JSON.parse timed just before it (it still pays for its own).
if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const key = 'bench-key-0123456789abcdef0123456789';
// Keep-alive longer than any pause between calls: client and server share one loaded thread, so
// a 5 s server timer could close a connection the client is about to reuse (ECONNRESET). The
// clients' idle connections then outlive the run: close() cuts them after 1 s (logged at warn).
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'error',
  MCP_API_KEYS: `${key}:bench:read`,
  MAX_BODY_BYTES: String(64 * 1024 * 1024),
  TOOL_TIMEOUT_MS: '120000',
  KEEP_ALIVE_TIMEOUT_MS: '120000',
  SHUTDOWN_TIMEOUT_MS: '1000',
});

// Deterministic data (core's mulberry32), values rounded to 6 decimals like typical embedding JSON.
const rand = createRandom(42);
const vector = (d) => Array.from({ length: d }, () => Math.round((rand() * 2 - 1) * 1e6) / 1e6);

const cpuMs = ({ user, system }) => (user + system) / 1000;

/** One tools/call with node:http, writing `bytes` (a Buffer) as the body. */
function callBytes(mcpUrl, name, bytes) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(mcpUrl, { method: 'POST', headers: { ...toolCallHeaders(name, key), 'content-length': bytes.length } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const ms = performance.now() - started;
        if (res.statusCode !== 200 || text.includes('"isError":true'))
          reject(new Error(`${name}: HTTP ${res.statusCode} ${text.slice(0, 300)}`));
        else resolve({ ms, text });
      });
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

async function call(mcpUrl, name, body) {
  const started = performance.now();
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: toolCallHeaders(name, key),
    body,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200 || text.includes('"isError":true')) throw new Error(`${name}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return { ms, text };
}

async function timeCalls(mcpUrl, name, body) {
  await call(mcpUrl, name, body); // warm-up
  const times = [];
  for (let r = 0; r < rounds; r++) times.push((await call(mcpUrl, name, body)).ms);
  return times;
}

const similarity = await startService(createVectorSimilarityService(similaritySettings.parse({})), { config, port: 0 });
const ranking = await startService(createVectorRankingService(rankingSettings.parse({})), { config, port: 0 });
const rows = [];
try {
  // 1. batch_vector_similarity vs JSON.parse
  const n = 10_000;
  const d = 384;
  const batchBody = toolCallBody('batch_vector_similarity', {
    query_vector: vector(d),
    candidates: Array.from({ length: n }, (_, i) => ({ id: `doc-${i}`, vector: vector(d) })),
    top_k: 10,
  });
  const batchBytes = Buffer.from(batchBody);
  const clients = [
    ['node:http, bytes body', () => callBytes(similarity.mcpUrl, 'batch_vector_similarity', batchBytes)],
    ['fetch, string body', () => call(similarity.mcpUrl, 'batch_vector_similarity', batchBody)],
  ];
  for (const [label, send] of clients) {
    JSON.parse(batchBody);
    await send(); // warm-up
    const parseTimes = [];
    const callTimes = [];
    const ratios = [];
    const cpuRatios = [];
    for (let r = 0; r < rounds; r++) {
      globalThis.gc();
      let cpu = process.cpuUsage();
      let started = performance.now();
      JSON.parse(batchBody);
      const parseMs = performance.now() - started;
      const parseCpu = cpuMs(process.cpuUsage(cpu));
      globalThis.gc();
      cpu = process.cpuUsage();
      started = performance.now();
      const { ms } = await send();
      const callCpu = cpuMs(process.cpuUsage(cpu));
      parseTimes.push(parseMs);
      callTimes.push(ms);
      ratios.push(ms / parseMs);
      cpuRatios.push(callCpu / parseCpu);
    }
    const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
    rows.push([
      `batch_vector_similarity, ${n} × ${d}, top_k 10 (body ${(batchBody.length / 1e6).toFixed(1)} MB, ${label})`,
      median(callTimes),
      `wall: median ratio ${median(ratios).toFixed(2)}× JSON.parse (range ${range(ratios)}; parse median ${median(parseTimes).toFixed(0)} ms); process CPU: ${median(cpuRatios).toFixed(2)}× (range ${range(cpuRatios)})`,
    ]);
  }

  if (!process.env.BENCH_ONLY_BATCH) {
    // 2. cluster_vectors
    const kmeansBody = toolCallBody('cluster_vectors', { vectors: Array.from({ length: n }, () => vector(32)), k: 10, seed: 7 });
    const kmeans = await call(similarity.mcpUrl, 'cluster_vectors', kmeansBody);
    const kmeansInfo = JSON.parse(kmeans.text).result.structuredContent;
    const kmeansTimes = await timeCalls(similarity.mcpUrl, 'cluster_vectors', kmeansBody);
    rows.push([
      `cluster_vectors, ${n} × 32, k 10 (${kmeansInfo.iterations} iterations, silhouette on a 2 000-point sample)`,
      median(kmeansTimes),
      '',
    ]);

    // 3. calculate_bm25_scores
    const vocabulary = Array.from({ length: 2_000 }, (_, i) => `w${i.toString(36)}`);
    const word = () => vocabulary[Math.floor(rand() ** 2 * vocabulary.length)]; // skewed, like real text
    const documents = Array.from({ length: n }, (_, i) => ({
      docId: `doc-${i}`,
      content: Array.from({ length: 8 + Math.floor(rand() * 24) }, word).join(' '),
    }));
    const bm25Body = toolCallBody('calculate_bm25_scores', {
      query: `${vocabulary[3]} ${vocabulary[50]} ${vocabulary[700]}`,
      documents,
      top_k: 10,
    });
    const bm25Times = await timeCalls(ranking.mcpUrl, 'calculate_bm25_scores', bm25Body);
    rows.push([
      `calculate_bm25_scores, ${n} documents of 8–31 words, 3-term query, top_k 10 (body ${(bm25Body.length / 1e6).toFixed(1)} MB)`,
      median(bm25Times),
      '',
    ]);
  }
} finally {
  await similarity.close();
  await ranking.close();
}

console.log(`\n### vector and ranking tools over HTTP (${rounds} rounds, medians, Node ${process.version})\n`);
console.log('| call | ms per call | note |');
console.log('|---|---|---|');
for (const [name, ms, note] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${note} |`);
