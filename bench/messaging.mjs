// Messages per second through transport-layer over HTTP, in one process (build first:
// pnpm --filter @a2a-mcp/transport-layer build), on the memory store and, when REDIS_URL is set
// (or BENCH_REDIS_URL), on Redis under a private key prefix.
//
// Per backend: BENCH_MESSAGES (default 2000) messages of ~100 bytes sent by BENCH_SENDERS (8)
// concurrent senders with send_message, then drained by BENCH_RECEIVERS (4) concurrent consumers
// with receive_messages (max BENCH_BATCH = 50, each call acking the previous batch). Reported:
// sends/s, received+acked messages/s, and the whole round trip. BENCH_ROUNDS (default 3), medians.
import { randomBytes } from 'node:crypto';
import { loadConfig, startService } from '../packages/core/dist/index.js';
import { createTransportLayerService, loadTransportSettings } from '../services/transport-layer/dist/service.js';
import { median, toolCallBody, toolCallHeaders } from './lib.mjs';

const messages = Number(process.env.BENCH_MESSAGES ?? 2000);
const senders = Number(process.env.BENCH_SENDERS ?? 8);
const receivers = Number(process.env.BENCH_RECEIVERS ?? 4);
const batch = Number(process.env.BENCH_BATCH ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL;
const key = 'bench-key-0123456789abcdef0123456789';

async function call(mcpUrl, name, args) {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: toolCallHeaders(name, key),
    body: toolCallBody(name, args),
  });
  const text = await response.text();
  const json = text.startsWith('{') ? text : (/^data: (.*)$/m.exec(text)?.[1] ?? '');
  const parsed = JSON.parse(json);
  if (response.status !== 200 || parsed.result?.isError || parsed.error)
    throw new Error(`${name}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return parsed.result.structuredContent;
}

// The mailbox is the bench client's own (its client id); each round drains it completely.
async function round(mcpUrl, mailbox) {
  const body = JSON.stringify({ kind: 'task', payload: 'x'.repeat(80) });
  let next = 0;
  const sendStart = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < messages) {
        next++;
        await call(mcpUrl, 'send_message', { to: mailbox, body });
      }
    }),
  );
  const sendMs = performance.now() - sendStart;
  let received = 0;
  const seen = new Set();
  const receiveStart = performance.now();
  await Promise.all(
    Array.from({ length: receivers }, async () => {
      let ack = [];
      while (received < messages) {
        const out = await call(mcpUrl, 'receive_messages', { mailbox, max: batch, ack, visibility_timeout_s: 60, wait_ms: 200 });
        for (const m of out.messages) seen.add(m.message_id);
        received += out.messages.length;
        ack = out.messages.map((m) => m.message_id);
      }
      if (ack.length > 0) await call(mcpUrl, 'receive_messages', { mailbox, max: 0, ack });
    }),
  );
  const receiveMs = performance.now() - receiveStart;
  if (seen.size !== messages) throw new Error(`received ${seen.size} distinct messages of ${messages}`);
  return { send: (messages / sendMs) * 1000, receive: (messages / receiveMs) * 1000, total: (messages / (sendMs + receiveMs)) * 1000 };
}

const backends = [['memory', {}]];
if (redisUrl) backends.push(['redis', { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `bench-${randomBytes(4).toString('hex')}:` }]);
else console.log('(REDIS_URL not set: memory only)');

console.log(`${messages} messages, ${senders} senders, ${receivers} receivers, batches of ${batch}, median of ${rounds} rounds`);
console.log('backend | send_message msg/s | receive+ack msg/s | end to end msg/s');
for (const [name, env] of backends) {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MCP_API_KEYS: `${key}:bench:write`,
    RATE_LIMIT_ENABLED: 'false',
    ...env,
  });
  const service = await startService(createTransportLayerService(loadTransportSettings({})), { config, port: 0 });
  try {
    const results = [];
    for (let r = 0; r < rounds; r++) results.push(await round(service.mcpUrl, 'bench'));
    const fmt = (k) => Math.round(median(results.map((x) => x[k])));
    console.log(`${name} | ${fmt('send')} | ${fmt('receive')} | ${fmt('total')}`);
  } finally {
    await service.close();
  }
}
