/**
 * The fuzz run: all nine services as child processes (a private redis-server behind them), then
 * fast-check properties over the raw HTTP surface and over every tool's input schema, then the
 * invariants that only hold after the run (every process up, /health 200, no error logged, memory
 * back near its baseline).
 *
 * FUZZ_RUNS sets the number of requests (default 6 000; `full` = 100 000: `pnpm --filter
 * @a2a-mcp/fuzz fuzz:full`), FUZZ_SEED the seed (default fixed). A failure prints the seed, the
 * path to replay it and the shrunk counterexample.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sleep, startRedisServer, type RedisServer } from '@a2a-mcp/testkit';
import {
  FuzzRunner,
  loadServiceEntries,
  mebibytes,
  memoryProblems,
  rawHttpArbitrary,
  readBudget,
  splitBudget,
  startFleet,
  toolCallArbitrary,
  toolCallRequest,
  toRequest,
  type Fleet,
  type FleetService,
  type MemorySample,
  type RawHttpCase,
  type ToolCall,
  type ToolCallOptions,
  type ToolUnderTest,
} from '../src/index.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SERVICES = loadServiceEntries(ROOT).map((s) => s.name);
const budget = readBudget(process.env);
/** Requests sent concurrently per property run (one fast-check run = one batch). */
const BATCH = 6;
/** Small, so bodies past it are cheap to send; tool bounds below it are still reached. */
const MAX_BODY_BYTES = 1024 * 1024;
const KEYS = {
  read: 'fuzz-read-key-7f3a9c0e5b2d4186a1c3e5f7',
  write: 'fuzz-write-key-2b8d6f1a3c5e7092b4d6f8a1',
  admin: 'fuzz-admin-key-9e1c3a5b7d9f2048c6e8a0b2',
};
const OTHER_SECRETS = {
  JWT_SECRET: 'fuzz-jwt-secret-5d7f9b1c3e5a7092d4f6b8c0e2a4',
  METRICS_TOKEN: 'fuzz-metrics-token-8a0c2e4f6b8d1a3c5e7f9b1d',
  SESSION_SIGNING_SECRET: 'fuzz-session-secret-3c5e7a9b1d3f5a7c9e1b3d5f',
};
const SECRETS = [...Object.values(KEYS), ...Object.values(OTHER_SECRETS)];
const TOOL_OPTIONS: ToolCallOptions = { maxBodyBytes: MAX_BODY_BYTES, keys: { read: KEYS.read, write: KEYS.write } };
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'a2a-mcp-fuzz', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
/** Per-test time allowance: generous, since the machine may be loaded; never asserted on. */
const allowance = (requests: number) => 120_000 + requests * 250;

let redis: RedisServer | undefined;
let fleet: Fleet | undefined;
let runner: FuzzRunner;
let startedAt = 0;
const tools = new Map<string, ToolUnderTest[]>();
const resourceUris = new Set<string>();
const baseline = new Map<string, MemorySample>();
/** What the read key may see, before the run: `__proto__` payloads must not change it. */
const readToolsBefore = new Map<string, string[]>();

async function readToolNames(target: FleetService): Promise<string[]> {
  return ((await jsonRpc(target, 'tools/list', KEYS.read)).tools as { name: string }[]).map((t) => t.name);
}

function service(name: string): FleetService {
  const found = fleet?.services.find((s) => s.name === name);
  if (!found) throw new Error(`${name} is not running`);
  return found;
}

async function jsonRpc(target: FleetService, method: string, key: string = KEYS.write): Promise<Record<string, unknown>> {
  const reply = await runner.exchange(target, {
    method: 'POST',
    path: '/mcp',
    // 2026-07-28: stateless in every service (a 2025-era request may need a session first).
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'x-api-key': key,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
    },
    body: Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { _meta: MODERN_META } })),
  });
  const text = reply.body.toString('utf8');
  const data =
    text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .at(-1)
      ?.slice(5) ?? text;
  const result = (JSON.parse(data) as { result?: Record<string, unknown> }).result;
  if (!result) throw new Error(`${target.name} ${method}: ${text.slice(0, 300)}`);
  return result;
}

function rawArbitrary(): fc.Arbitrary<[string, RawHttpCase][]> {
  const options = {
    toolNames: [...tools.values()].flat().map((t) => t.name),
    resourceUris: [...resourceUris],
    maxBodyBytes: MAX_BODY_BYTES,
    keys: KEYS,
  };
  return fc.array(fc.tuple(fc.constantFrom(...SERVICES), rawHttpArbitrary(options)), { minLength: BATCH, maxLength: BATCH });
}

async function sendRawBatch(batch: [string, RawHttpCase][]): Promise<void> {
  await Promise.all(
    batch.map(([name, generated]) => runner.exchange(service(name), toRequest(generated), { bodyKind: generated.bodyKind })),
  );
}

function toolArbitrary(name: string): fc.Arbitrary<ToolCall[]> {
  const own = tools.get(name) ?? [];
  return fc.array(fc.oneof(...own.map((tool) => toolCallArbitrary(tool, TOOL_OPTIONS))), { minLength: BATCH, maxLength: BATCH });
}

async function sendToolBatch(name: string, calls: ToolCall[]): Promise<void> {
  const target = service(name);
  await Promise.all(calls.map((call) => runner.exchange(target, toolCallRequest(call, TOOL_OPTIONS), { tool: true })));
}

const runsFor = (requests: number) => Math.max(1, Math.ceil(requests / BATCH));

beforeAll(async () => {
  startedAt = performance.now();
  process.stdout.write(
    `fuzz: seed ${budget.seed}, ${budget.requests} requests (FUZZ_RUNS=${process.env.FUZZ_RUNS ?? 'unset'}); replay with FUZZ_SEED=${budget.seed}\n`,
  );
  redis = await startRedisServer();
  fleet = await startFleet({
    root: ROOT,
    env: {
      NODE_ENV: 'test',
      MCP_API_KEYS: `${KEYS.read}:fuzz-reader:read ${KEYS.write}:fuzz-writer:write ${KEYS.admin}:fuzz-operator:admin`,
      ...OTHER_SECRETS,
      REDIS_URL: redis.url,
      RATE_LIMIT_MAX_REQUESTS: '1000000000',
      USAGE_SINKS: 'none',
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      // Long enough that no idle connection closes under the client mid-run.
      KEEP_ALIVE_TIMEOUT_MS: '600000',
      // Long polls capped short: the fuzzer reaches them without waiting 20 s each.
      TRANSPORT_MAX_WAIT_MS: '50',
      STREAM_MAX_WAIT_MS: '50',
    },
  });
  runner = new FuzzRunner({ secrets: SECRETS, paths: [ROOT], maxBodyBytes: MAX_BODY_BYTES }, { timeoutMs: 60_000, streamGraceMs: 2_000 });
  for (const name of SERVICES) {
    const target = service(name);
    const listed = (await jsonRpc(target, 'tools/list')).tools as ToolUnderTest[];
    tools.set(name, listed);
    readToolsBefore.set(name, await readToolNames(target));
    // Services without resources answer -32601.
    const noResources: Record<string, unknown> = {};
    const resources = (await jsonRpc(target, 'resources/list').catch(() => noResources)).resources;
    if (Array.isArray(resources)) for (const r of resources as { uri: string }[]) resourceUris.add(r.uri);
  }
  // Warm-up with another seed: compiled code, filled caches and loaded models are not leaks.
  await fc.assert(fc.asyncProperty(rawArbitrary(), sendRawBatch), { seed: budget.seed + 1, numRuns: 20 });
  for (const name of SERVICES)
    await fc.assert(
      fc.asyncProperty(toolArbitrary(name), (calls) => sendToolBatch(name, calls)),
      { seed: budget.seed + 1, numRuns: 5 },
    );
  await sleep(1_000);
  for (const target of fleet.services) baseline.set(target.name, await target.memory());
}, 300_000);

afterAll(async () => {
  runner?.close();
  await fleet?.stop();
  await redis?.kill();
});

describe('the tool list', () => {
  it('covers all nine services and their 51 tools', () => {
    expect([...tools.keys()]).toEqual(SERVICES);
    expect([...tools.values()].flat()).toHaveLength(51);
  });
});

const RAW_REQUESTS = splitBudget(budget.requests, {}).raw;
const TOOL_REQUESTS = budget.requests - RAW_REQUESTS;

/** This service's share of the tool requests, in proportion to its tool count. */
function toolShare(name: string): number {
  return splitBudget(budget.requests, Object.fromEntries([...tools].map(([service, list]) => [service, list.length]))).tools[name] ?? 1;
}

describe('raw HTTP surface', () => {
  it(
    `${runsFor(RAW_REQUESTS) * BATCH} requests: malformed bodies, wrong types, odd headers, every invariant holds`,
    async () => {
      await fc.assert(fc.asyncProperty(rawArbitrary(), sendRawBatch), { seed: budget.seed, numRuns: runsFor(RAW_REQUESTS) });
    },
    allowance(RAW_REQUESTS),
  );
});

describe('tool inputs derived from each advertised inputSchema', () => {
  it.each(SERVICES)(
    '%s: generated and mutated arguments through both lanes of both eras',
    async (name) => {
      await fc.assert(
        fc.asyncProperty(toolArbitrary(name), (calls) => sendToolBatch(name, calls)),
        { seed: budget.seed, numRuns: runsFor(toolShare(name)) },
      );
    },
    allowance(TOOL_REQUESTS),
  );
});

describe('after the run', () => {
  it('no prototype was polluted: the read key still sees only read tools, no credentials is still 401', async () => {
    for (const target of fleet!.services) {
      expect({ name: target.name, tools: await readToolNames(target) }).toEqual({
        name: target.name,
        tools: readToolsBefore.get(target.name),
      });
      const anonymous = await fetch(new URL('/mcp', target.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
      });
      expect({ name: target.name, status: anonymous.status }).toEqual({ name: target.name, status: 401 });
    }
    // docs/tools.md: six of the 51 tools need write (run_standardization_workflow, send_message,
    // receive_messages, create_session, update_session, publish_event); the read key sees 45.
    expect([...readToolsBefore.values()].flat()).toHaveLength(45);
  });

  it('every process is up and healthy, nothing was logged at error level, memory is back near its baseline', async () => {
    const running = fleet!;
    for (const target of running.services) {
      expect({ name: target.name, exit: target.exit() }).toEqual({ name: target.name, exit: undefined });
      const health = await fetch(new URL('/health', target.url));
      expect({ name: target.name, status: health.status, body: await health.json() }).toEqual({
        name: target.name,
        status: 200,
        body: { status: 'ok', service: target.name },
      });
    }
    expect(running.errorLogs()).toEqual([]);
    await sleep(2_000);
    const lines: string[] = [];
    const problems: string[] = [];
    for (const target of running.services) {
      const before = baseline.get(target.name)!;
      const after = await target.memory();
      lines.push(
        `  ${target.name.padEnd(22)} heap ${mebibytes(before.heapUsed)} → ${mebibytes(after.heapUsed)}, rss ${mebibytes(before.rss)} → ${mebibytes(after.rss)}`,
      );
      problems.push(...memoryProblems(before, after).map((p) => `${target.name}: ${p}`));
    }
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(0);
    process.stdout.write(
      [
        `fuzz: ${runner.stats.requests} requests in ${seconds} s (seed ${budget.seed})`,
        `  statuses: ${JSON.stringify(runner.stats.byStatus)}`,
        `  tool outcomes: ${JSON.stringify(runner.stats.toolOutcomes)}`,
        `  raw bodies: ${JSON.stringify(runner.stats.bodyKinds)}`,
        '  memory after forced GC, baseline (after warm-up) → after the run:',
        ...lines,
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(runner.stats.requests).toBeGreaterThanOrEqual(budget.requests);
  }, 120_000);
});
