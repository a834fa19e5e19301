// What the JSON text block costs on the largest tool outputs (issue #15): a successful result
// carries its structured result twice, as structuredContent and serialized as the first text
// block. For each call this reports the whole tools/call (HTTP, validation, the work, both
// serializations) and, measured here on the answer received, what serializing the structured
// result once more costs and how many of the response's bytes the text block is.
// Build first (pnpm build). BENCH_ROUNDS (default 5); medians.
import { loadConfig, startService } from '../packages/core/dist/index.js';
import { createRandom } from '../packages/core/dist/vectors/index.js';
import { median, toolCallBody, toolCallHeaders } from './lib.mjs';
import { createVectorRankingService, settingsSchema as rankingSettings } from '../services/vector-ranking/dist/service.js';
import { createVectorSimilarityService, settingsSchema as similaritySettings } from '../services/vector-similarity/dist/service.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const KEY = 'bench-text-cost-key-0123456789abcdef0123';
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  MCP_API_KEYS: `${KEY}:bench:read`,
  RATE_LIMIT_ENABLED: 'false',
  USAGE_SINKS: 'none',
  MAX_BODY_BYTES: String(64 * 1024 * 1024),
});
const random = createRandom(20261207);
const vector = (d) => Array.from({ length: d }, () => random() * 2 - 1);
const words = ['agent', 'vector', 'rank', 'model', 'tool', 'server', 'stream', 'session', 'query', 'score', 'token', 'cache'];
const sentence = (n) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');

async function measure(mcpUrl, name, args) {
  const body = toolCallBody(name, args);
  const headers = toolCallHeaders(name, KEY);
  const once = async () => {
    const started = performance.now();
    const response = await fetch(mcpUrl, { method: 'POST', headers, body });
    const text = await response.text();
    return { ms: performance.now() - started, text };
  };
  await once();
  const calls = [];
  const stringify = [];
  let bytes = 0;
  let textBytes = 0;
  for (let r = 0; r < rounds; r++) {
    const { ms, text } = await once();
    const answer = JSON.parse(text);
    if (!answer.result) throw new Error(`${name}: ${JSON.stringify(answer.error).slice(0, 300)}`);
    const result = answer.result;
    if (result.isError) throw new Error(`${name}: ${result.content[0].text}`);
    const started = performance.now();
    const again = JSON.stringify(result.structuredContent);
    stringify.push(performance.now() - started);
    calls.push(ms);
    bytes = Buffer.byteLength(text);
    textBytes = Buffer.byteLength(JSON.stringify(again)); // as it travels: a JSON string inside the answer
  }
  return { call: median(calls), stringify: median(stringify), bytes, textBytes };
}

const similarity = await startService(createVectorSimilarityService(similaritySettings.parse({})), { config, port: 0 });
const ranking = await startService(createVectorRankingService(rankingSettings.parse({})), { config, port: 0 });
try {
  const rows = [];
  const candidates = Array.from({ length: 10_000 }, (_, i) => ({ id: `doc-${i}`, vector: vector(64) }));
  rows.push([
    'batch_vector_similarity, 10 000 × 64, top_k 10 000',
    await measure(similarity.mcpUrl, 'batch_vector_similarity', { query_vector: vector(64), candidates, top_k: 10_000 }),
  ]);
  const documents = Array.from({ length: 10_000 }, (_, i) => ({ docId: `d${i}`, content: sentence(12) }));
  rows.push([
    'calculate_bm25_scores, 10 000 docs, top_k 10 000',
    await measure(ranking.mcpUrl, 'calculate_bm25_scores', { query: 'agent vector rank model', documents, top_k: 10_000 }),
  ]);
  rows.push([
    'calculate_bm25_scores, + term details (4 terms)',
    await measure(ranking.mcpUrl, 'calculate_bm25_scores', {
      query: 'agent vector rank model',
      documents,
      top_k: 10_000,
      include_term_details: true,
    }),
  ]);
  console.log('| call | tools/call (median) | serializing the result once more | response bytes | of which the text block |');
  console.log('|---|---|---|---|---|');
  for (const [label, m] of rows) {
    console.log(
      `| ${label} | ${m.call.toFixed(1)} ms | ${m.stringify.toFixed(1)} ms (${((100 * m.stringify) / m.call).toFixed(1)} %) | ${(m.bytes / 1024).toFixed(0)} KiB | ${(m.textBytes / 1024).toFixed(0)} KiB (${((100 * m.textBytes) / m.bytes).toFixed(0)} %) |`,
    );
  }
} finally {
  await similarity.close();
  await ranking.close();
}
