/**
 * Issue #14, item 9 (messages): a malformed tools/call is answered -32602 in words (no zod issue
 * JSON) in both protocol eras, alone and in a batch, and bad arguments in the fast lane name the
 * field in words; get_session answers an unknown id, a wrong token and another client's session
 * identically. Real service processes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_KEYS } from '@a2a-mcp/testkit';
import { startServiceProcess, toolCallBody, toolCallHeaders, type ServiceProcess } from './support/service-process.js';

const KEYS_ENV = {
  MCP_API_KEYS: `${TEST_KEYS.read}:reader:read ${TEST_KEYS.write}:writer:write ${TEST_KEYS.admin}:operator:admin`,
  USAGE_SINKS: 'none',
};

interface JsonRpcAnswer {
  id: unknown;
  result?: {
    isError?: boolean;
    content?: { text: string }[];
    structuredContent?: Record<string, unknown>;
    _meta?: Record<string, { code?: string }>;
  };
  error?: { code: number; message: string; data?: Record<string, unknown> };
}

async function post(
  service: ServiceProcess,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; messages: JsonRpcAnswer[] }> {
  const response = await fetch(`${service.url}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'x-api-key': TEST_KEYS.write,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const messages = response.headers.get('content-type')?.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => JSON.parse(l.slice(5)) as JsonRpcAnswer)
    : ([JSON.parse(text)].flat() as JsonRpcAnswer[]);
  return { status: response.status, messages };
}

/** Neither zod's issue JSON nor any JSON structure inside a message meant for people. */
const expectWords = (message: string) => {
  expect(message).not.toMatch(/[[\]{}"\n]/);
};

describe('malformed tools/call: -32602 in words', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startServiceProcess('confidence-calculator', KEYS_ENV);
  });
  afterAll(async () => {
    await service?.stop();
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ['name is a number', { name: 5 }, 'Invalid params for tools/call: params.name: Invalid input: expected string, received number'],
    [
      'arguments is a string',
      { name: 'calculate_fallback_confidence', arguments: 'scenario' },
      'Invalid params for tools/call: params.arguments: Invalid input: expected record, received string',
    ],
    ['no name', {}, 'Invalid params for tools/call: params.name: Invalid input: expected string, received undefined'],
  ];

  it.each(cases)('2025-era, %s', async (_, params, message) => {
    const { status, messages } = await post(
      service,
      { jsonrpc: '2.0', id: 7, method: 'tools/call', params },
      { 'mcp-protocol-version': '2025-11-25' },
    );
    expect(status).toBe(200);
    expect(messages).toEqual([
      { jsonrpc: '2.0', id: 7, error: { code: -32602, message, data: expect.objectContaining({ code: 'invalid_params' }) as unknown } },
    ]);
    expectWords(messages[0]!.error!.message);
  });

  it.each(cases)('2026-07-28, %s', async (_, params, message) => {
    const body = toolCallBody('calculate_fallback_confidence', {}, 8);
    const { status, messages } = await post(
      service,
      { ...body, params: { ...params, _meta: (body.params as { _meta: unknown })._meta } },
      toolCallHeaders('calculate_fallback_confidence'),
    );
    expect(status).toBe(200);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.error).toMatchObject({ code: -32602, message, data: { code: 'invalid_params' } });
    expectWords(messages[0]!.error!.message);
  });

  it('in a batch, each malformed call is answered in words and the well-formed one is served', async () => {
    const { status, messages } = await post(
      service,
      [
        { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 5 } },
        {
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'calculate_fallback_confidence', arguments: { scenario: 'partial_evidence' } },
        },
      ],
      { 'mcp-protocol-version': '2025-03-26' },
    );
    expect(status).toBe(200);
    const byId = new Map(messages.map((m) => [m.id, m]));
    expect(byId.get(1)?.error).toMatchObject({
      code: -32602,
      message: 'Invalid params for tools/call: params.name: Invalid input: expected string, received number',
    });
    expect(byId.get(2)?.result?.structuredContent).toEqual({ scenario: 'partial_evidence', confidence: 0.5, known_scenario: true });
  });

  it('bad arguments in the fast lane: a tool result naming the field in words', async () => {
    const { messages } = await post(
      service,
      toolCallBody('calculate_fallback_confidence', { scenario: 5 }, 9),
      toolCallHeaders('calculate_fallback_confidence'),
    );
    expect(messages[0]!.result?.isError).toBe(true);
    expect(messages[0]!.result?._meta?.['a2a-mcp/error']?.code).toBe('invalid_arguments');
    const text = messages[0]!.result!.content![0]!.text;
    expect(text).toBe(
      'Invalid arguments for tool calculate_fallback_confidence: scenario: Invalid input: expected string, received number',
    );
    expectWords(text);
  });
});

describe('get_session does not tell whether an id exists', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startServiceProcess('session-management', {
      ...KEYS_ENV,
      SESSION_SIGNING_SECRET: 'hostile-input-session-secret-0123456789abcdef',
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  /** A tools/call as `key`; the tool result. */
  const callAs = async (key: string, tool: string, args: Record<string, unknown>) => {
    const { status, messages } = await post(service, toolCallBody(tool, args), { ...toolCallHeaders(tool), 'x-api-key': key });
    expect(status).toBe(200);
    return messages[0]!.result!;
  };

  it('an unknown id, a wrong token and another client with the right token get the same answer', async () => {
    const created = (await callAs(TEST_KEYS.write, 'create_session', { ttl_seconds: 600 })).structuredContent as {
      session_id: string;
      token: string;
    };
    const other = (await callAs(TEST_KEYS.write, 'create_session', { ttl_seconds: 600 })).structuredContent as {
      session_id: string;
      token: string;
    };
    const unknownId = `ses_${'A'.repeat(22)}`;
    const answers = [
      await callAs(TEST_KEYS.write, 'get_session', { session_id: unknownId, token: created.token }),
      await callAs(TEST_KEYS.write, 'get_session', { session_id: created.session_id, token: other.token }),
      await callAs(TEST_KEYS.write, 'get_session', { session_id: created.session_id, token: `${created.token.slice(0, -2)}AA` }),
      await callAs(TEST_KEYS.read, 'get_session', { session_id: created.session_id, token: created.token }),
    ];
    for (const answer of answers) {
      expect(answer.isError).toBe(true);
      expect(answer.content).toEqual([{ type: 'text', text: 'no session with this id and token (it may have expired)' }]);
      expect(answer._meta?.['a2a-mcp/error']).toEqual({ code: 'not_found', retryable: false });
    }
    // Byte for byte the same result, whichever of the four it was.
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    // The owner still reads it.
    expect(
      (await callAs(TEST_KEYS.write, 'get_session', { session_id: created.session_id, token: created.token })).structuredContent,
    ).toMatchObject({ session_id: created.session_id, owner: 'writer' });
  });
});
