/**
 * CPU-bound and heap-exhausting calls (issue #14, items 2 and 3), against real service processes:
 * pathological SAT instances must end with the documented `timeout` at TOOL_TIMEOUT_MS while the
 * service keeps answering others (the one timing check of the suite: /health p99 under 100 ms);
 * a BM25 call whose term details cannot fit in memory must not kill the process; SIGTERM during a
 * long call must end the process within its shutdown timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startServiceProcess, TEST_KEYS, type ServiceProcess } from '@a2a-mcp/testkit';

/** Pigeonhole PHP(pigeons, holes) as DIMACS clauses: unsatisfiable, and exponential for resolution-based solvers. */
function pigeonhole(pigeons: number, holes: number): number[][] {
  const v = (pigeon: number, hole: number) => pigeon * holes + hole + 1;
  const clauses: number[][] = [];
  for (let p = 0; p < pigeons; p++) clauses.push(Array.from({ length: holes }, (_, h) => v(p, h)));
  for (let h = 0; h < holes; h++)
    for (let p = 0; p < pigeons; p++) for (let q = p + 1; q < pigeons; q++) clauses.push([-v(p, h), -v(q, h)]);
  return clauses;
}

interface ToolReply {
  status: number;
  result?: { isError?: boolean; content: { text: string }[]; structuredContent?: Record<string, unknown>; _meta?: Record<string, unknown> };
}

/** One stateless 2025-era tools/call with the read key; a connection that breaks resolves to status 0. */
async function callTool(url: string, name: string, args: unknown, timeoutMs = 90_000): Promise<ToolReply> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
        'x-api-key': TEST_KEYS.read,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { result?: ToolReply['result'] };
    return { status: response.status, ...(body.result ? { result: body.result } : {}) };
  } catch {
    return { status: 0 };
  }
}

const errorOf = (reply: ToolReply) => ({
  status: reply.status,
  isError: reply.result?.isError,
  text: reply.result?.content[0]?.text,
  error: reply.result?._meta?.['a2a-mcp/error'],
});

/** GET /health latency in ms; a request that fails or takes 5 s counts as 5 000. */
async function healthLatency(url: string): Promise<number> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    await response.text();
    return response.ok ? performance.now() - started : 5_000;
  } catch {
    return 5_000;
  }
}

const p99 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.ceil(samples.length * 0.99) - 1]!;

describe('CPU-bound calls run off the event loop, under deadlines that hold', () => {
  let reasoning: ServiceProcess;
  beforeAll(async () => {
    reasoning = await startServiceProcess('reasoning-agent', { env: { TOOL_TIMEOUT_MS: '5000' } });
  });
  afterAll(async () => {
    await reasoning?.stop();
  });

  it('two PHP(11,10) check_satisfiability calls end with `timeout`; meanwhile /health p99 stays under 100 ms (or 3 × idle on a loaded machine) and other calls are served', async () => {
    const clauses = pigeonhole(11, 10);
    expect(JSON.stringify({ clauses }).length).toBeGreaterThan(5_000);
    // The bound is 100 ms, or 3 × the idle p99 just measured when the machine itself is that slow
    // (CI runs three suites at once on two cores). Before the pool, /health did not answer at all.
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push(await healthLatency(reasoning.url));
    const bound = Math.max(100, 3 * p99(idle));
    let done = false;
    const calls = Promise.all([
      callTool(reasoning.mcpUrl, 'check_satisfiability', { clauses }),
      callTool(reasoning.mcpUrl, 'check_satisfiability', { clauses }),
    ]).finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    let served: ToolReply | undefined;
    while (!done) {
      latencies.push(await healthLatency(reasoning.url));
      if (!served && latencies.length === 10)
        served = await callTool(
          reasoning.mcpUrl,
          'evaluate_proposition',
          {
            formula: 'A & !B',
            assignment: [
              { variable: 'A', value: true },
              { variable: 'B', value: false },
            ],
          },
          5_000,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const replies = await calls;
    for (const reply of replies) {
      expect(errorOf(reply)).toEqual({
        status: 200,
        isError: true,
        text: 'Tool call timed out after 5000 ms',
        error: { code: 'timeout', retryable: true, data: { timeoutMs: 5000 } },
      });
    }
    expect(served?.result?.structuredContent).toEqual({ value: true, canonical: 'A & !B', variables: ['A', 'B'], unused_assignments: [] });
    expect(latencies.length).toBeGreaterThanOrEqual(20);
    expect(p99(latencies)).toBeLessThan(bound);
    expect(reasoning.exit()).toBeUndefined();
  });

  it('a small instance still answers (inline), and a large satisfiable one answers from the pool', async () => {
    const small = await callTool(reasoning.mcpUrl, 'check_satisfiability', { clauses: [[1, 2], [-1], [-2, 3]] });
    expect(small.result?.structuredContent).toEqual({
      satisfiable: true,
      model: { x1: false, x2: true, x3: true },
      model_literals: [-1, 2, 3],
      variables: ['x1', 'x2', 'x3'],
      cnf: { variables: 3, auxiliary_variables: 0, clauses: 3 },
    });
    // 300 unit clauses x_k: one model, every variable true; 300 literals is above the inline bound.
    const units = Array.from({ length: 300 }, (_, k) => [k + 1]);
    const large = await callTool(reasoning.mcpUrl, 'check_satisfiability', { clauses: units });
    expect(errorOf(large)).toEqual({
      status: 200,
      isError: undefined,
      text: expect.stringContaining('"satisfiable":true'),
      error: undefined,
    });
    expect(large.result?.structuredContent?.model_literals).toEqual(units.map(([k]) => k));
  });
});

describe('a call that cannot fit in memory does not kill the process', () => {
  let ranking: ServiceProcess;
  beforeAll(async () => {
    ranking = await startServiceProcess('vector-ranking');
  });
  afterAll(async () => {
    await ranking?.stop();
  });

  it('calculate_bm25_scores with term details over 12 000 terms × 10 000 documents: the process lives, the call gets a clear answer, the next call is served', async () => {
    const terms = Array.from({ length: 12_000 }, (_, i) => `t${i}`);
    const documents = Array.from({ length: 10_000 }, (_, i) => ({
      docId: `d${i}`,
      content: `${terms[i % terms.length]} ${terms[(i * 7) % terms.length]} w${i}`,
    }));
    const args = { query: terms.join(' '), documents, top_k: 10_000, include_term_details: true };
    expect(JSON.stringify(args).length).toBeGreaterThan(400_000);
    const reply = await callTool(ranking.mcpUrl, 'calculate_bm25_scores', args, 110_000);
    expect(reply.status).toBe(200);
    if (reply.result?.isError) {
      // Refused by a work bound, stopped by the heap limit or the deadline: a named error, never a crash.
      expect(['invalid_arguments', 'resource_exhausted', 'timeout']).toContain(
        (reply.result._meta?.['a2a-mcp/error'] as { code: string }).code,
      );
    } else {
      expect(reply.result?.structuredContent?.results).toHaveLength(10_000);
    }
    expect(ranking.exit()).toBeUndefined();
    const next = await callTool(ranking.mcpUrl, 'calculate_bm25_scores', {
      query: 'cat',
      documents: [
        { docId: 'a', content: 'cat' },
        { docId: 'b', content: 'dog' },
      ],
      top_k: 1,
    });
    expect(next.result?.structuredContent).toEqual({
      results: [{ docId: 'a', index: 0, rank: 1, score: Math.log(1 + (2 - 1 + 0.5) / (1 + 0.5)), normalized_score: 1 }],
      query_terms: [{ term: 'cat', query_frequency: 1, document_frequency: 1, idf: Math.log(1 + (2 - 1 + 0.5) / (1 + 0.5)) }],
      corpus: { document_count: 2, average_document_length: 1, matching_documents: 1 },
      parameters: { k1: 1.2, b: 0.75 },
    });
  });
});

describe('SIGTERM during a long call', () => {
  it('ends the process within its shutdown timeout (the call gets `shutting_down`), not when the call would end', async () => {
    const service = await startServiceProcess('reasoning-agent', { env: { TOOL_TIMEOUT_MS: '600000', SHUTDOWN_TIMEOUT_MS: '2000' } });
    try {
      const pending = callTool(service.mcpUrl, 'check_satisfiability', { clauses: pigeonhole(11, 10) }, 60_000);
      // The call is in flight once the service says so (/status counts in-flight requests, itself included).
      for (;;) {
        const status = (await (
          await fetch(`${service.url}/status`, { headers: { 'x-api-key': TEST_KEYS.admin }, signal: AbortSignal.timeout(5_000) })
        ).json()) as { inFlight: number };
        if (status.inFlight >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      service.kill('SIGTERM');
      const exit = await Promise.race([
        service.exited,
        new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000)),
      ]);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(errorOf(await pending)).toEqual({
        status: 200,
        isError: true,
        text: 'The service is shutting down',
        error: { code: 'shutting_down', retryable: true },
      });
    } finally {
      await service.stop(1_000);
    }
  });
});
