/**
 * The fuzzer's own parts, without services: the invariant checker must flag each kind of violation
 * (a checker that cannot fail would make the fuzz run meaningless), the JSON text builder must
 * write what it promises, and the budget must read FUZZ_RUNS / FUZZ_SEED as documented.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkReply, type InvariantContext } from '../src/invariants.js';
import type { RawReply, RawRequest } from '../src/http-client.js';
import { hugeArray, hugeString, nestedJson, objectFromEntries, RawJson, toJsonText } from '../src/json-text.js';
import { readBudget, splitBudget } from '../src/budget.js';
import { memoryProblems } from '../src/memory.js';
import { applyMutation, toolCallArbitrary } from '../src/tool-call.js';
import { schemaArbitrary } from '../src/schema-arbitrary.js';
import { redact, toolOutcome } from '../src/runner.js';

const context: InvariantContext = { secrets: ['s3cret-key-value'], paths: ['/srv/app'], maxBodyBytes: 1000 };
const request = (body = '{"jsonrpc":"2.0","id":1,"method":"ping"}', path = '/mcp', method = 'POST'): RawRequest => ({
  method,
  path,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(body),
});
const reply = (status: number, body: string, contentType: string | null = 'application/json', extra: Partial<RawReply> = {}): RawReply => ({
  status,
  headers: contentType === null ? {} : { 'content-type': contentType },
  body: Buffer.from(body),
  cutOff: false,
  ...extra,
});

describe('checkReply', () => {
  it('accepts a JSON-RPC result, a JSON-RPC error, a 202 without body and an SSE stream of messages', () => {
    expect(checkReply(request(), reply(200, '{"jsonrpc":"2.0","id":1,"result":{}}'), context)).toEqual([]);
    expect(
      checkReply(request(), reply(400, '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}'), context),
    ).toEqual([]);
    expect(checkReply(request('{"jsonrpc":"2.0","method":"notifications/initialized"}'), reply(202, '', null), context)).toEqual([]);
    const sse =
      'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\nevent: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n';
    expect(checkReply(request(), reply(200, sse, 'text/event-stream'), context)).toEqual([]);
  });

  it('flags a 5xx, a -32603 and a tool result with error code internal', () => {
    expect(checkReply(request(), reply(500, '{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"x"}}'), context)).toEqual([
      'status 500',
    ]);
    expect(checkReply(request(), reply(200, '{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"boom"}}'), context)).toEqual([
      'JSON-RPC internal error (-32603): boom',
    ]);
    const internal =
      '{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"Internal error"}],"isError":true,"_meta":{"a2a-mcp/error":{"code":"internal"}}}}';
    expect(checkReply(request(), reply(200, internal), context)).toEqual([
      'tool result with error code "internal": [{"type":"text","text":"Internal error"}]',
    ]);
  });

  it('flags bodies that are not JSON-RPC: not JSON, no jsonrpc, both result and error, a wrong id, HTML', () => {
    expect(checkReply(request(), reply(400, 'Bad Request'), context)).toEqual(['body is not JSON: Bad Request']);
    expect(checkReply(request(), reply(200, '{"id":1,"result":{}}'), context)).toEqual(['jsonrpc must be "2.0"']);
    expect(checkReply(request(), reply(200, '{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}}'), context)).toEqual([
      'a response has exactly one of result and error',
    ]);
    expect(checkReply(request(), reply(200, '{"jsonrpc":"2.0","id":2,"result":{}}'), context)).toEqual([
      "response id 2 is not the request's 1",
    ]);
    expect(checkReply(request(), reply(404, '<h1>no</h1>', 'text/html'), context)).toEqual(['content type text/html on /mcp']);
    expect(checkReply(request(), reply(200, '', 'application/json'), context)).toEqual(['empty body with status 200']);
  });

  it("allows Node's own bare 400/431 (no content type) but not an empty answer from the application", () => {
    expect(checkReply(request(), reply(431, '', null), context)).toEqual([]);
    expect(checkReply(request(), reply(400, '', 'application/json'), context)).toEqual(['empty body with status 400']);
  });

  it('flags stack frames, node:internal, file URLs, source line references, configured paths and secrets', () => {
    const leaky = (text: string) => checkReply(request(), reply(200, JSON.stringify({ jsonrpc: '2.0', id: 1, result: { text } })), context);
    expect(leaky('Error: x\n    at handler (/srv/app/dist/tool.js:10:5)')).toEqual([
      'leaks a stack frame: "at handler (/srv/app/dist/tool.js:10:5)"',
      'leaks a source line reference: ".js:10"',
      'leaks the path /srv/app',
    ]);
    expect(leaky('in node:internal/modules')).toEqual(['leaks a node:internal: "node:internal"']);
    expect(leaky('TypeError: x\n    at Array.map (<anonymous>)')).toEqual(['leaks a stack frame: "at Array.map (<anonymous>)"']);
    expect(leaky('see file:///etc/passwd')).toEqual(['leaks a file:// URL: "file://"']);
    expect(leaky('key s3cret-key-value')).toEqual(['leaks a configured secret']);
  });

  it('does not count an echo of the caller’s own text as a leak, except secrets', () => {
    const echoed = request('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"file://x"}}');
    expect(
      checkReply(echoed, reply(200, '{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Unknown tool: file://x"}}'), context),
    ).toEqual([]);
    const secretEcho = request('{"jsonrpc":"2.0","id":1,"method":"x","params":{"k":"s3cret-key-value"}}');
    expect(
      checkReply(secretEcho, reply(200, '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"s3cret-key-value"}}'), context),
    ).toEqual(['leaks a configured secret']);
  });

  it('accepts a reset after an oversized body, and flags one after a small body or a stall', () => {
    const big: RawRequest = { ...request(), body: Buffer.alloc(2000, 0x61) };
    expect(checkReply(big, reply(0, '', null, { error: 'write EPIPE' }), context)).toEqual([]);
    expect(checkReply(request(), reply(0, '', null, { error: 'socket hang up' }), context)).toEqual(['transport failure: socket hang up']);
    expect(checkReply(request(), reply(0, '', null, { error: 'no answer within 60000 ms' }), context)).toEqual([
      'transport failure: no answer within 60000 ms',
    ]);
  });

  it('outside /mcp: JSON objects, Prometheus text on /metrics, nothing else', () => {
    expect(checkReply(request('', '/health', 'GET'), reply(200, '{"status":"ok"}'), context)).toEqual([]);
    expect(
      checkReply(request('', '/metrics', 'GET'), reply(200, 'mcp_http_requests_total 1\n', 'text/plain; version=0.0.4'), context),
    ).toEqual([]);
    expect(checkReply(request('', '/nope', 'GET'), reply(404, 'Not Found', 'text/plain'), context)).toEqual([
      'content type text/plain on /nope',
    ]);
    expect(checkReply(request('', '/mcp', 'HEAD'), reply(405, '{"x":1}'), context)).toEqual(['a HEAD answer must have no body']);
  });
});

describe('JSON text', () => {
  it('writes own __proto__ keys, RawJson verbatim and non-finite numbers as null', () => {
    const value = objectFromEntries([
      ['__proto__', { polluted: true }],
      ['n', Number.NaN],
      ['raw', new RawJson(() => '1e400', '1e400')],
    ]);
    expect(toJsonText(value)).toBe('{"__proto__":{"polluted":true},"n":null,"raw":1e400}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('builds nesting, huge strings and arrays of the exact size without recursion', () => {
    const deep = nestedJson(100_000, 'array').build();
    expect(deep.length).toBe(200_001);
    expect(deep.startsWith('[[[') && deep.endsWith(']]]')).toBe(true);
    expect(nestedJson(2, 'object').build()).toBe('{"a":{"a":0}}');
    expect(nestedJson(4, 'mixed', '1').build()).toBe('[{"k":[{"k":1}]}]');
    expect(hugeString(3, '\\u0000').build()).toBe('"\\u0000\\u0000\\u0000"');
    expect(JSON.parse(hugeArray(4, '{"a":1}').build())).toEqual([{ a: 1 }, { a: 1 }, { a: 1 }, { a: 1 }]);
  });
});

describe('arguments from a schema', () => {
  const schema = {
    type: 'object',
    properties: {
      text: { type: 'string', minLength: 1, maxLength: 5 },
      k: { type: 'integer', minimum: 1, maximum: 3 },
      tags: { type: 'array', items: { type: 'string', maxLength: 3 }, maxItems: 2 },
    },
    required: ['text', 'k'],
    additionalProperties: false,
  };

  it('generates values within the schema (required keys present, bounds kept)', () => {
    fc.assert(
      fc.property(schemaArbitrary(schema), (value) => {
        const v = value as { text: string; k: number; tags?: string[] };
        expect(Object.keys(v).every((key) => ['text', 'k', 'tags'].includes(key))).toBe(true);
        expect(v.text.length >= 1 || [...v.text].length >= 1).toBe(true);
        expect(Number.isInteger(v.k) && v.k >= 1 && v.k <= 3).toBe(true);
        expect((v.tags ?? []).length).toBeLessThanOrEqual(2);
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it('mutations: drop a required key, add __proto__, a string one past its bound', () => {
    const args = { text: 'ab', k: 2 };
    const item = () => '"x"';
    expect(applyMutation(args, { kind: 'drop' }, 1, schema, 1000, item)).toEqual({ text: 'ab' });
    expect(toJsonText(applyMutation(args, { kind: 'extra', key: '__proto__', value: { isAdmin: true } }, 0, schema, 1000, item))).toBe(
      '{"text":"ab","k":2,"__proto__":{"isAdmin":true}}',
    );
    expect(
      toJsonText(applyMutation(args, { kind: 'huge-string', size: 'past-bound', fraction: 1, unit: 'a' }, 0, schema, 1000, item)),
    ).toBe('{"text":"aaaaaa","k":2}');
    expect(args).toEqual({ text: 'ab', k: 2 });
  });

  it('tool calls for a schema serialise to a tools/call of that tool', () => {
    const [call] = fc.sample(
      toolCallArbitrary({ name: 'echo', inputSchema: schema }, { maxBodyBytes: 1000, keys: { read: 'r', write: 'w' } }),
      { seed: 3, numRuns: 1 },
    );
    expect(call!.tool).toBe('echo');
  });
});

describe('budget, memory bound, outcome tally, redaction', () => {
  it('reads FUZZ_RUNS and FUZZ_SEED', () => {
    expect(readBudget({})).toEqual({ requests: 6_000, seed: 20_261_121, full: false });
    expect(readBudget({ FUZZ_RUNS: 'full', FUZZ_SEED: '7' })).toEqual({ requests: 100_000, seed: 7, full: true });
    expect(readBudget({ FUZZ_RUNS: '250' }).requests).toBe(250);
    expect(() => readBudget({ FUZZ_RUNS: 'lots' })).toThrow('FUZZ_RUNS: must be a positive whole number or "full" (got "lots")');
  });

  it('splits 40 % raw and the rest by tool count', () => {
    expect(splitBudget(1000, { a: 3, b: 1 })).toEqual({ raw: 400, tools: { a: 450, b: 150 } });
  });

  it('memory: within max(12 MiB, 25 %) of the heap baseline passes, beyond fails', () => {
    const MiB = 1024 * 1024;
    const base = { rss: 100 * MiB, heapUsed: 40 * MiB, heapTotal: 60 * MiB, external: 0, arrayBuffers: 0 };
    expect(memoryProblems(base, { ...base, heapUsed: 51 * MiB })).toEqual([]);
    expect(memoryProblems(base, { ...base, heapUsed: 53 * MiB })).toEqual([
      'live heap 53.0 MiB after the run, baseline 40.0 MiB (limit 52.0 MiB)',
    ]);
    const large = { ...base, heapUsed: 80 * MiB };
    expect(memoryProblems(large, { ...large, heapUsed: 99 * MiB })).toEqual([]);
    expect(memoryProblems(large, { ...large, heapUsed: 101 * MiB })).toEqual([
      'live heap 101.0 MiB after the run, baseline 80.0 MiB (limit 100.0 MiB)',
    ]);
    expect(memoryProblems(base, { ...base, rss: 229 * MiB })).toEqual([
      'RSS 229.0 MiB after the run, baseline 100.0 MiB (limit 228.0 MiB)',
    ]);
  });

  it('tallies tool outcomes and redacts secrets', () => {
    expect(
      toolOutcome(reply(200, '{"jsonrpc":"2.0","id":1,"result":{"isError":true,"_meta":{"a2a-mcp/error":{"code":"invalid_arguments"}}}}')),
    ).toBe('invalid_arguments');
    expect(toolOutcome(reply(200, 'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"content":[]}}\n\n', 'text/event-stream'))).toBe(
      'success',
    );
    expect(toolOutcome(reply(200, '{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"x"}}'))).toBe('rpc -32602');
    expect(redact('key=abc and abc', ['abc'])).toBe('key=<secret> and <secret>');
  });
});
