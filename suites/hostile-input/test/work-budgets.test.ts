/**
 * Work budgets and linear-time regexes, against real service processes (issue #14, items 2 and 3):
 *
 * - the 422 KB `calculate_bm25_scores` call with term details (12 000 query terms × 10 000
 *   documents, top_k 10 000, read key) that exhausted the heap and killed the process is refused
 *   with the budget's message, and a call at the budgets' edge is answered by the same process
 *   (run with a 256 MB old space: the budgets must hold on small heaps too);
 * - the 143-byte `validate_schema_compliance` whose schema has `pattern: "^(a|a)+$"` (33 s and
 *   doubling per character on V8's backtracking engine) is answered at once;
 * - 400 crafted 10 000-character date-times (`T,T,…`, quadratic in data-standardization's
 *   date-time split: ~2 minutes for the call) are answered at once, one error per value.
 *
 * After each, the process is alive and `/health` answers 200.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, isAlive, mcpPost, TEST_KEYS, waitForHealth } from '@a2a-mcp/testkit';

interface Child {
  url: string;
  base: string;
  process: ChildProcess;
}

/** Starts `services/<name>/dist/index.js` as its own process on a free port with the test keys. */
async function startServiceProcess(name: string, nodeOptions: string[] = []): Promise<Child> {
  const port = await freePort();
  const entry = fileURLToPath(new URL(`../../../services/${name}/dist/index.js`, import.meta.url));
  const child = spawn(process.execPath, [...nodeOptions, entry], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: String(port),
      USAGE_SINKS: 'none',
      RATE_LIMIT_MAX_REQUESTS: '100000',
      MCP_API_KEYS: `${TEST_KEYS.read}:reader:read`,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(`${base}/health`, 30_000);
  return { url: `${base}/mcp`, base, process: child };
}

async function stop(child: Child | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

let nextId = 1;

/** One `tools/call` with the read key; returns the JSON-RPC result. */
async function call(child: Child, name: string, args: Record<string, unknown>) {
  const response = await mcpPost(
    child.url,
    { jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name, arguments: args } },
    { 'x-api-key': TEST_KEYS.read, 'mcp-protocol-version': '2025-11-25' },
  );
  expect(response.status).toBe(200);
  return (
    response.json as {
      result: {
        isError?: boolean;
        structuredContent?: Record<string, unknown>;
        content: { type: string; text: string }[];
        _meta?: Record<string, unknown>;
      };
    }
  ).result;
}

async function expectHealthy(child: Child): Promise<void> {
  expect(isAlive(child.process.pid!)).toBe(true);
  expect(child.process.exitCode).toBeNull();
  expect((await fetch(`${child.base}/health`)).status).toBe(200);
}

describe('vector-ranking under a 256 MB heap', () => {
  let ranking: Child | undefined;
  beforeAll(async () => {
    ranking = await startServiceProcess('vector-ranking', ['--max-old-space-size=256']);
  }, 60_000);
  afterAll(() => stop(ranking), 30_000);

  it('refuses the BM25 call that killed a worker (12 000 terms × 10 000 documents, term details, top_k 10 000) with the budget it exceeds', async () => {
    const query = Array.from({ length: 12_000 }, (_, i) => `t${i}`).join(' ');
    const documents = Array.from({ length: 10_000 }, (_, i) => ({ docId: `d${i}`, content: `t${i % 12_000} t${(i * 7) % 12_000} x` }));
    const args = { query, documents, top_k: 10_000, include_term_details: true };
    expect(JSON.stringify(args).length).toBeGreaterThan(400_000);
    const result = await call(ranking!, 'calculate_bm25_scores', args);
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toContain(
      'BM25 work is 12 000 query terms × 10 000 documents = 120 000 000; the limit is RANKING_MAX_BM25_WORK=10 000 000: send fewer query terms or documents',
    );
    expect(result._meta?.['a2a-mcp/error']).toEqual({
      code: 'invalid_arguments',
      retryable: false,
      data: { bound: 'RANKING_MAX_BM25_WORK', limit: 10_000_000, value: 120_000_000, field: 'query' },
    });
    await expectHealthy(ranking!);
  });

  it('answers a call at both BM25 budgets (1 000 terms × 10 000 documents; 100 results × 1 000 term details) on the same heap', async () => {
    const query = Array.from({ length: 1_000 }, (_, i) => `t${i}`).join(' ');
    const documents = Array.from({ length: 10_000 }, (_, i) => ({ docId: `d${i}`, content: `t${i % 1_000} t${(i * 7) % 1_000} x` }));
    const result = await call(ranking!, 'calculate_bm25_scores', { query, documents, top_k: 100, include_term_details: true });
    expect(result.isError).toBeUndefined();
    const out = result.structuredContent as {
      results: { term_scores: Record<string, number> }[];
      corpus: { document_count: number; matching_documents: number };
    };
    expect(out.results).toHaveLength(100);
    expect(Object.keys(out.results[0]!.term_scores)).toHaveLength(1_000);
    expect(out.corpus).toEqual({ document_count: 10_000, average_document_length: 3, matching_documents: 10_000 });
    await expectHealthy(ranking!);
  });
});

describe('data-standardization', () => {
  let standardization: Child | undefined;
  beforeAll(async () => {
    standardization = await startServiceProcess('data-standardization');
  }, 60_000);
  afterAll(() => stop(standardization), 30_000);

  it('answers the 143-byte ReDoS schema (pattern ^(a|a)+$) at once: a pattern error, not a 33 s stall', async () => {
    const args = {
      data: JSON.stringify({ s: `${'a'.repeat(40)}!` }),
      schema: JSON.stringify({ type: 'object', properties: { s: { type: 'string', pattern: '^(a|a)+$' } } }),
    };
    const result = await call(standardization!, 'validate_schema_compliance', args);
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({
      is_valid: false,
      compliance_score: 0,
      records_checked: 1,
      valid_records: 0,
      errors: [{ record_index: 0, path: '/s', keyword: 'pattern', message: 'must match pattern "^(a|a)+$"' }],
      warnings: [],
      error_count: 1,
      warning_count: 0,
      schema_errors_truncated: false,
    });
    await expectHealthy(standardization!);
  });

  it('answers 400 crafted 10 000-character date-times at once, each refused by the 128-character bound', async () => {
    const crafted = 'T,'.repeat(5_000);
    const result = await call(standardization!, 'standardize_values', {
      kind: 'datetime',
      values: Array.from({ length: 400 }, () => crafted),
    });
    expect(result.isError).toBeUndefined();
    const out = result.structuredContent as { results: { index: number; error?: string }[]; summary: unknown };
    expect(out.summary).toEqual({ total: 400, succeeded: 0, failed: 400 });
    expect(new Set(out.results.map((r) => r.error))).toEqual(new Set(['longer than 128 characters (no date or date-time is)']));
    await expectHealthy(standardization!);
  });
});
