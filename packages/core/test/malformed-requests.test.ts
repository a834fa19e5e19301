/**
 * Client mistakes the fuzzer (suites/fuzz) answered as internal errors, pinned at the wire: JSON
 * nested ten thousand levels deep overflowed the stack of the SDK lane's validators, and a Host
 * header that is no valid URL authority (`127.0.0.1:99999`) broke the SDK's request URL (both 500,
 * now 400 / -32600); params the SDK's wire schema rejects (`tools/list` with a numeric cursor,
 * `initialize` without params) were -32603 with zod's raw issue list, now -32602 naming the field.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../src/http/body.js';
import { startService, type RunningService } from '../src/runtime.js';
import { coreTestConfig, KEYS, securityTestService } from './helpers/service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService(securityTestService(), { config: coreTestConfig(), port: 0 });
});
afterAll(async () => {
  await service.close();
});

interface Answer {
  status: number;
  body: unknown;
}

/** The JSON-RPC message of an answer that came as JSON or as one SSE event. */
function message(text: string): unknown {
  const data =
    text.startsWith('event:') || text.startsWith('data:')
      ? text
          .split('\n')
          .find((line) => line.startsWith('data:'))!
          .slice(5)
      : text;
  return JSON.parse(data);
}

/** POST /mcp with a 2025-era header set and any Host header (fetch cannot set Host). */
function post(body: string, host?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${service.url}/mcp`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'x-api-key': KEYS.read,
          ...(host === undefined ? {} : { host }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: message(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const tooDeep = (id: number | null) => ({
  jsonrpc: '2.0',
  id,
  error: {
    code: -32600,
    message: `Invalid request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
    data: { maxDepth: 64, code: 'invalid_request' },
  },
});

/** A tools/call of echo_text whose arguments carry `levels` nested arrays: the message is 3 + levels deep. */
const echoWithNesting = (levels: number) =>
  `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo_text","arguments":{"text":"x","pad":${'['.repeat(levels)}${']'.repeat(levels)}}}}`;

describe('deeply nested JSON', () => {
  it('10 000 nested arrays as the whole body: 400 / -32600, not a stack overflow', async () => {
    const answer = await post('['.repeat(10_000) + ']'.repeat(10_000));
    expect(answer).toEqual({ status: 400, body: tooDeep(null) });
  });

  it('10 000 nested objects in the params of a request with an id: the id is echoed', async () => {
    const answer = await post(
      `{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`,
    );
    expect(answer).toEqual({ status: 400, body: tooDeep(7) });
  });

  it('64 levels are served; 65 are refused', async () => {
    const served = await post(echoWithNesting(61));
    expect(served.status).toBe(200);
    // Past the parser's bound check: the tool itself answers, refusing the argument it does not take.
    expect((served.body as { result: { content: unknown } }).result.content).toEqual([
      { type: 'text', text: 'Invalid arguments for tool echo_text: unknown argument pad. Accepted arguments: text.' },
    ]);
    expect(await post(echoWithNesting(62))).toEqual({ status: 400, body: tooDeep(5) });
  });

  it('exceedsJsonDepth counts arrays and objects, not scalars, at any depth without recursion', () => {
    expect(exceedsJsonDepth('text', 0)).toBe(false);
    expect(exceedsJsonDepth({ a: 1 }, 1)).toBe(false);
    expect(exceedsJsonDepth({ a: [1] }, 1)).toBe(true);
    expect(exceedsJsonDepth({ a: [1] }, 2)).toBe(false);
    expect(exceedsJsonDepth(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), 64)).toBe(true);
  });
});

describe('Host header that is no valid authority', () => {
  it.each(['127.0.0.1:99999', 'localhost:port', '[::1'])('%s: 400 / -32600', async (host) => {
    const answer = await post(
      '{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}',
      host,
    );
    expect(answer).toEqual({
      status: 400,
      body: { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Host header', data: { code: 'invalid_request' } } },
    });
  });

  it('a valid Host with a port is still served', async () => {
    const answer = await post('{"jsonrpc":"2.0","id":4,"method":"tools/list"}', `127.0.0.1:${service.port}`);
    expect(answer.status).toBe(200);
    expect((answer.body as { id: number }).id).toBe(4);
  });

  it('the service is still up', async () => {
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });
});

describe('params the SDK wire schema rejects', () => {
  /** The answer for a request whose params the wire schema rejects: the issues in words, and as data. */
  const invalidParams = (id: number, message: string) => {
    const [, method, detail] = /^Invalid params for ([\w/]+): (.*)$/.exec(message)!;
    const issues = detail!
      .split('; ')
      .map((issue) => ({ path: issue.slice(0, issue.indexOf(': ')), message: issue.slice(issue.indexOf(': ') + 2) }));
    return {
      status: 200,
      body: {
        jsonrpc: '2.0',
        id,
        error: { code: -32602, message: `Invalid params for ${method}: ${detail}`, data: { code: 'invalid_params', issues } },
      },
    };
  };

  it.each([
    ['{"name":5}', 'params.name: Invalid input: expected string, received number'],
    ['{"name":"echo_text","arguments":"text"}', 'params.arguments: Invalid input: expected record, received string'],
    ['{}', 'params.name: Invalid input: expected string, received undefined'],
  ])("tools/call with params %s: -32602 in words, not zod's issue JSON", async (params, detail) => {
    expect(await post(`{"jsonrpc":"2.0","id":15,"method":"tools/call","params":${params}}`)).toEqual(
      invalidParams(15, `Invalid params for tools/call: ${detail}`),
    );
  });

  it('tools/list with a numeric cursor: -32602 naming params.cursor', async () => {
    expect(await post('{"jsonrpc":"2.0","id":11,"method":"tools/list","params":{"cursor":42}}')).toEqual(
      invalidParams(11, 'Invalid params for tools/list: params.cursor: Invalid input: expected string, received number'),
    );
  });

  it('initialize without params: -32602 naming params', async () => {
    expect(await post('{"jsonrpc":"2.0","id":12,"method":"initialize"}')).toEqual(
      invalidParams(12, 'Invalid params for initialize: params: Invalid input: expected object, received undefined'),
    );
  });

  it('initialize with an array as clientInfo: -32602 naming params.clientInfo', async () => {
    expect(
      await post(
        '{"jsonrpc":"2.0","id":13,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":[1]}}',
      ),
    ).toEqual(invalidParams(13, 'Invalid params for initialize: params.clientInfo: Invalid input: expected object, received array'));
  });

  it('a valid cursorless tools/list through the SDK lane still lists the tools', async () => {
    const answer = await post('{"jsonrpc":"2.0","id":14,"method":"tools/list","params":{"_meta":{"progressToken":"p"}}}');
    expect(answer.status).toBe(200);
    expect((answer.body as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name)).toEqual(['echo_text']);
  });
});
