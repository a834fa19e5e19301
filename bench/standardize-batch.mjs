// standardize_batch on 10 000 generated messy records, end to end over HTTP (a 2026-07-28
// stateless tools/call with fetch), against the same input given to the tool handler in-process.
// Reports records per second over HTTP and the share of wall time spent outside the handler
// (JSON parsing, zod input/output validation, serialisation, HTTP). Build first:
//   pnpm --filter @a2a-mcp/data-standardization build && node bench/standardize-batch.mjs
import { createDataStandardizationService } from '../services/data-standardization/dist/service.js';
import { createLogger, loadConfig, LOCAL_IDENTITY, MemoryStore, startService } from '../packages/core/dist/index.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const key = 'bench-key-0123456789abcdef0123456789';

const countries = ['Deutschland', 'U.S.A.', 'UK', 'Holland', 'france', ' ESP ', 'Atlantis', 'JPN', 'Brasil', 'Schweiz'];
const types = ['Assets', 'liability', 'Equity', 'income', 'COGS', 'expense', '???'];
const gtins = ['4006381333931', '036000291452', '96385074', '4006381333932', '04006381333931'];
/** Deterministic messy records: a third each of accounts, locations and products. */
function generate(n) {
  const account = [];
  const location = [];
  const product = [];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0)
      account.push({
        account_id: ` ${1000 + i} `,
        account_name: `  cash   AND equivalents ${i}`,
        account_type: types[i % types.length],
        path: 'Assets > Current Assets > Cash',
      });
    else if (i % 3 === 1)
      location.push({
        location_id: `loc ${i}`,
        name: `office ${i}`,
        country: countries[i % countries.length],
        city: ' berlin ',
        state: i % 2 ? 'be' : null,
      });
    else
      product.push({
        product_id: `sku ${i}`,
        product_name: ` Widget  ${i} `,
        l1_category: 'TOOLS',
        l2_subcategory: 'hand tools',
        gtin: gtins[i % gtins.length],
      });
  }
  // Each record travels as JSON text (the tools' input form; services/data-standardization README).
  const text = (records) => records.map((record) => JSON.stringify(record));
  return { account: text(account), location: text(location), product: text(product) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const args = generate(RECORDS);
const definition = createDataStandardizationService();
const tool = definition.tools.find((t) => t.name === 'standardize_batch');
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  MCP_API_KEYS: `${key}:bench:read`,
  MAX_BODY_BYTES: String(64 * 1024 * 1024),
  RATE_LIMIT_ENABLED: 'false',
});
const service = await startService(definition, { config, port: 0 });

const body = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'standardize_batch',
    arguments: args,
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  },
});
const headers = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'standardize_batch',
  'x-api-key': key,
};

async function overHttp() {
  const started = performance.now();
  const response = await fetch(service.mcpUrl, { method: 'POST', headers, body });
  const text = await response.text();
  const json = JSON.parse(
    response.headers.get('content-type')?.includes('text/event-stream')
      ? text
          .split('\n')
          .find((l) => l.startsWith('data:'))
          .slice(5)
      : text,
  );
  const elapsed = performance.now() - started;
  const summary = json.result?.structuredContent?.batch_summary;
  if (!summary || summary.total_records !== RECORDS) throw new Error(`unexpected answer: ${text.slice(0, 300)}`);
  return elapsed;
}

function inProcess() {
  const input = tool.input.parse(args);
  const ctx = {
    identity: LOCAL_IDENTITY,
    correlationId: 'bench',
    service: definition.name,
    logger: createLogger({ service: 'bench', level: 'silent' }),
    signal: new AbortController().signal,
    store: new MemoryStore(),
    wantsProgress: false,
    progress: async () => {},
  };
  const started = performance.now();
  tool.handler(input, ctx);
  return performance.now() - started;
}

await overHttp(); // warm-up
inProcess();
const http = [];
const handler = [];
for (let round = 0; round < ROUNDS; round++) {
  http.push(await overHttp());
  handler.push(inProcess());
}
await service.close();

const httpMs = median(http);
const handlerMs = median(handler);
const row = `| standardize_batch | ${RECORDS} records, ${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB request | ${httpMs.toFixed(0)} ms | ${Math.round(RECORDS / (httpMs / 1000))} rec/s | ${handlerMs.toFixed(0)} ms (${Math.round(RECORDS / (handlerMs / 1000))} rec/s) | ${(((httpMs - handlerMs) / httpMs) * 100).toFixed(0)} % |`;
process.stdout.write(
  `| tool | input | HTTP median (${ROUNDS} rounds) | HTTP throughput | handler median | outside handler |\n|---|---|---|---|---|---|\n${row}\n`,
);
