// Vector and ranking tools end-to-end over HTTP, in one process (build first: pnpm --filter
// @a2a-mcp/vector-similarity --filter @a2a-mcp/vector-ranking build).
//
// 1. batch_vector_similarity, 10 000 candidates × 384 dimensions, top_k 10: median time of a full
//    tools/call (HTTP, auth, JSON.parse, zod, the scan, output validation) against the median time
//    of JSON.parse of the same request body here — the floor any JSON API pays. Target ≤ 2×.
// 2. cluster_vectors, 10 000 × 32, k = 10: time per call.
// 3. calculate_bm25_scores over 10 000 generated short documents: time per call.
//
// BENCH_ROUNDS (default 5) rounds each; medians are reported.
import { loadConfig, startService } from '../packages/core/dist/index.js';
import { createVectorRankingService, settingsSchema as rankingSettings } from '../services/vector-ranking/dist/service.js';
import { createVectorSimilarityService, settingsSchema as similaritySettings } from '../services/vector-similarity/dist/service.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const key = 'bench-key-0123456789abcdef0123456789';
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', MCP_API_KEYS: `${key}:bench:read`, MAX_BODY_BYTES: String(64 * 1024 * 1024), TOOL_TIMEOUT_MS: '120000' });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Deterministic data (mulberry32), values rounded to 6 decimals like typical embedding JSON.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(42);
const vector = (d) => Array.from({ length: d }, () => Math.round((rand() * 2 - 1) * 1e6) / 1e6);

function envelope(name, args) {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      name,
      arguments: args,
      _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} },
    },
  });
}

async function call(mcpUrl, name, body) {
  const started = performance.now();
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': name,
      'x-api-key': key,
    },
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
  const batchBody = envelope('batch_vector_similarity', { query_vector: vector(d), candidates: Array.from({ length: n }, (_, i) => ({ id: `doc-${i}`, vector: vector(d) })), top_k: 10 });
  const parseTimes = [];
  for (let r = 0; r <= rounds; r++) {
    const started = performance.now();
    JSON.parse(batchBody);
    if (r > 0) parseTimes.push(performance.now() - started);
  }
  const batchTimes = await timeCalls(similarity.mcpUrl, 'batch_vector_similarity', batchBody);
  const parse = median(parseTimes);
  const batch = median(batchTimes);
  rows.push([`batch_vector_similarity, ${n} × ${d}, top_k 10 (body ${(batchBody.length / 1e6).toFixed(1)} MB)`, batch, `${(batch / parse).toFixed(2)}× JSON.parse (${parse.toFixed(0)} ms)`]);

  // 2. cluster_vectors
  const kmeansBody = envelope('cluster_vectors', { vectors: Array.from({ length: n }, () => vector(32)), k: 10, seed: 7 });
  const kmeans = await call(similarity.mcpUrl, 'cluster_vectors', kmeansBody);
  const kmeansInfo = JSON.parse(kmeans.text).result.structuredContent;
  const kmeansTimes = await timeCalls(similarity.mcpUrl, 'cluster_vectors', kmeansBody);
  rows.push([`cluster_vectors, ${n} × 32, k 10 (${kmeansInfo.iterations} iterations, silhouette on a 2 000-point sample)`, median(kmeansTimes), '']);

  // 3. calculate_bm25_scores
  const vocabulary = Array.from({ length: 2_000 }, (_, i) => `w${i.toString(36)}`);
  const word = () => vocabulary[Math.floor(rand() ** 2 * vocabulary.length)]; // skewed, like real text
  const documents = Array.from({ length: n }, (_, i) => ({ docId: `doc-${i}`, content: Array.from({ length: 8 + Math.floor(rand() * 24) }, word).join(' ') }));
  const bm25Body = envelope('calculate_bm25_scores', { query: `${vocabulary[3]} ${vocabulary[50]} ${vocabulary[700]}`, documents, top_k: 10 });
  const bm25Times = await timeCalls(ranking.mcpUrl, 'calculate_bm25_scores', bm25Body);
  rows.push([`calculate_bm25_scores, ${n} documents of 8–31 words, 3-term query, top_k 10 (body ${(bm25Body.length / 1e6).toFixed(1)} MB)`, median(bm25Times), '']);
} finally {
  await similarity.close();
  await ranking.close();
}

console.log(`\n### vector and ranking tools over HTTP (${rounds} rounds, medians, Node ${process.version})\n`);
console.log('| call | ms per call | note |');
console.log('|---|---|---|');
for (const [name, ms, note] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${note} |`);
