/**
 * What a model sees of a tool call, through both lanes: the result's JSON as the first text block
 * (a tool's summary second), and unknown arguments refused with a message that names them, says
 * where they belong and lists what is accepted. Plus the input-schema dialect: the rewrites
 * toInputJsonSchema makes and every construct dialectViolations refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { jsonText, keyValueList } from '../src/input-forms.js';
import { dialectViolations, toInputJsonSchema } from '../src/mcp/input-schema.js';
import type { RunningService } from '../src/runtime.js';
import { startService } from '../src/runtime.js';
import { defineService } from '../src/service.js';
import { defineTool } from '../src/tool.js';
import { ToolRegistry } from '../src/mcp/tool-registry.js';
import { callToolRaw, coreTestConfig, KEYS } from './helpers/service.js';

const annotations = { readOnlyHint: true };

const tools = [
  defineTool({
    name: 'summarised',
    description: 'Adds, with a summary.',
    permission: 'read',
    annotations,
    input: z.object({ a: z.number(), b: z.number() }),
    output: z.object({ sum: z.number(), terms: z.array(z.number()) }),
    handler: ({ a, b }) => ({ sum: a + b, terms: [a, b] }),
    render: (out) => `sum ${out.sum}`,
  }),
  defineTool({
    name: 'plain',
    description: 'Echoes.',
    permission: 'read',
    annotations,
    input: z.object({ text: z.string() }),
    output: z.object({ echo: z.string() }),
    handler: ({ text }) => ({ echo: text }),
  }),
  defineTool({
    name: 'standardize',
    description: 'Values with nested options.',
    permission: 'read',
    annotations,
    input: z.object({
      values: z.array(z.string()),
      type: z.string(),
      options: z.object({ day_first: z.boolean().optional(), input_formats: z.array(z.string()).optional() }).default({}),
      rules: z.array(z.object({ head: z.string() })).optional(),
    }),
    output: z.object({ n: z.number() }),
    handler: ({ values }) => ({ n: values.length }),
  }),
  defineTool({
    name: 'nothing',
    description: 'Takes no arguments.',
    permission: 'read',
    annotations,
    input: z.object({}),
    output: z.object({ ok: z.boolean() }),
    handler: () => ({ ok: true }),
  }),
];

let service: RunningService;
beforeAll(async () => {
  service = await startService(defineService({ name: 'model-view', version: '1.0.0', tools }), { config: coreTestConfig(), port: 0 });
});
afterAll(async () => {
  await service.close();
});

interface ToolResult {
  content: { type: string; text: string }[];
  structuredContent?: unknown;
  isError?: boolean;
  _meta?: Record<string, { code: string; data?: Record<string, unknown> }>;
}

/** The fast lane: a canonical 2026-07-28 tools/call. */
async function fastLane(name: string, args: Record<string, unknown>): Promise<ToolResult> {
  const response = await callToolRaw(service.mcpUrl, name, args, { 'x-api-key': KEYS.read });
  expect(response.status).toBe(200);
  return (response.json as { result: ToolResult }).result;
}

/** The SDK lane: a 2025-era tools/call with a progress token, which the fast lane declines. */
async function sdkLane(name: string, args: Record<string, unknown>): Promise<ToolResult> {
  const response = await fetch(service.mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'x-api-key': KEYS.read,
      'mcp-protocol-version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name, arguments: args, _meta: { progressToken: 'p' } } }),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  // JSON, or an SSE stream whose last data line is the response.
  const payload = text.trimStart().startsWith('{')
    ? text
    : text
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .pop()!;
  return (JSON.parse(payload) as { result: ToolResult }).result;
}

const LANES = [
  ['fast lane', fastLane],
  ['SDK lane', sdkLane],
] as const;

describe.each(LANES)('the result in the text (%s)', (_lane, call) => {
  it('sends the structured result as JSON in the first text block, the summary second', async () => {
    const result = await call('summarised', { a: 2, b: 3 });
    expect(result.content).toEqual([
      { type: 'text', text: '{"sum":5,"terms":[2,3]}' },
      { type: 'text', text: 'sum 5' },
    ]);
    expect(result.structuredContent).toEqual({ sum: 5, terms: [2, 3] });
  });

  it('sends only the JSON when the tool has no summary', async () => {
    const result = await call('plain', { text: 'hi' });
    expect(result.content).toEqual([{ type: 'text', text: '{"echo":"hi"}' }]);
  });
});

describe.each(LANES)('unknown arguments (%s)', (_lane, call) => {
  it('refuses an unknown top-level key, naming it and the accepted ones', async () => {
    const result = await call('plain', { text: 'hi', foo: 1 });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: 'Invalid arguments for tool plain: unknown argument foo. Accepted arguments: text.' },
    ]);
    expect(result._meta?.['a2a-mcp/error']).toEqual({
      code: 'invalid_arguments',
      retryable: false,
      data: { unknown: ['foo'], issues: [] },
    });
  });

  it('says where a key belongs when it was put at the wrong level', async () => {
    const result = await call('standardize', { values: ['03/04/2024'], type: 'date', input_formats: ['DD/MM/YYYY'] });
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toBe(
      'Invalid arguments for tool standardize: unknown argument input_formats; did you mean options.input_formats? Accepted arguments: values, type, options, rules.',
    );
  });

  it('names unknown keys inside nested objects and array items, with their paths', async () => {
    const result = await call('standardize', {
      values: [],
      type: 'date',
      options: { dayfirst: true },
      rules: [{ head: 'p' }, { head: 'q', body: [] }],
    });
    expect(result.content[0]!.text).toBe(
      'Invalid arguments for tool standardize: unknown argument options.dayfirst; did you mean options.day_first? Accepted in options: day_first, input_formats. ' +
        'unknown argument rules[1].body. Accepted in rules[1]: head.',
    );
    expect(result._meta?.['a2a-mcp/error']?.data).toEqual({ unknown: ['options.dayfirst', 'rules[1].body'], issues: [] });
  });

  it('reports unknown keys and type errors together', async () => {
    const result = await call('nothing', { verbose: true });
    expect(result.content[0]!.text).toBe('Invalid arguments for tool nothing: unknown argument verbose. Accepted arguments: none.');
    const both = await call('plain', { text: 7, txt: 'x' });
    expect(both.content[0]!.text).toBe(
      'Invalid arguments for tool plain: unknown argument txt; did you mean text? Accepted arguments: text. text: Invalid input: expected string, received number',
    );
  });
});

describe('the input-schema dialect', () => {
  it('closes plain objects, drops $schema and turns integer exclusive bounds into inclusive ones', () => {
    const schema = toInputJsonSchema(
      z.object({
        n: z.number().int().positive(),
        m: z.number().int().gt(2.5).lt(10),
        nested: z.object({ s: z.string() }).optional(),
      }),
    );
    expect(schema).toEqual({
      type: 'object',
      properties: {
        n: { type: 'integer', minimum: 1, maximum: 9007199254740991 },
        m: { type: 'integer', minimum: 3, maximum: 9 },
        nested: { type: 'object', properties: { s: { type: 'string' } }, required: ['s'], additionalProperties: false },
      },
      required: ['n', 'm'],
      additionalProperties: false,
    });
    expect(dialectViolations(schema)).toEqual([]);
  });

  it('refuses each construct outside the dialect, naming where', () => {
    const closed = (properties: Record<string, unknown>) => ({ type: 'object', properties, additionalProperties: false });
    const cases: [string, unknown, string[]][] = [
      [
        'propertyNames',
        toInputJsonSchema(z.object({ r: z.record(z.string(), z.number()) })),
        [
          '/properties/r: propertyNames is outside the dialect',
          '/properties/r: an object must say additionalProperties: false',
          '/properties/r: an object must list its properties',
        ],
      ],
      ['$ref/$defs', closed({ a: { $ref: '#/$defs/x' } }), ['/properties/a: $ref is outside the dialect', '/properties/a: no type']],
      ['$defs at the root', { ...closed({}), $defs: {} }, ['(root): $defs is outside the dialect']],
      [
        'exclusiveMinimum on a number',
        toInputJsonSchema(z.object({ t: z.number().positive() })),
        ['/properties/t: exclusiveMinimum is outside the dialect'],
      ],
      [
        'exclusiveMaximum',
        closed({ t: { type: 'number', exclusiveMaximum: 1 } }),
        ['/properties/t: exclusiveMaximum is outside the dialect'],
      ],
      [
        'patternProperties',
        { ...closed({}), patternProperties: { '^a': { type: 'string' } } },
        ['(root): patternProperties is outside the dialect'],
      ],
      ['a type array', closed({ t: { type: ['string', 'null'] } }), ['/properties/t: type must be one string, not ["string","null"]']],
      ['type null', closed({ t: { type: 'null' } }), ['/properties/t: type null is outside the dialect']],
      [
        'if/then/else',
        closed({ t: { type: 'string', if: {}, then: {}, else: {} } }),
        [
          '/properties/t: if is outside the dialect',
          '/properties/t: then is outside the dialect',
          '/properties/t: else is outside the dialect',
        ],
      ],
      ['not', closed({ t: { type: 'string', not: { maxLength: 0 } } }), ['/properties/t: not is outside the dialect']],
      ['allOf', closed({ t: { type: 'string', allOf: [] } }), ['/properties/t: allOf is outside the dialect']],
      [
        'a zod union of primitives (a type array)',
        toInputJsonSchema(z.object({ u: z.union([z.string(), z.number()]) })),
        ['/properties/u: type must be one string, not ["string","number"]'],
      ],
      [
        'anyOf (a zod union)',
        toInputJsonSchema(z.object({ u: z.union([z.string(), z.object({})]) })),
        ['/properties/u: anyOf is outside the dialect', '/properties/u: no type'],
      ],
      ['oneOf', closed({ t: { oneOf: [{ type: 'string' }] } }), ['/properties/t: oneOf is outside the dialect', '/properties/t: no type']],
      ['an untyped node (z.unknown)', toInputJsonSchema(z.object({ v: z.array(z.unknown()) })), ['/properties/v/items: no type']],
      ['an open object', { type: 'object', properties: {} }, ['(root): an object must say additionalProperties: false']],
      [
        'typed additionalProperties',
        { type: 'object', properties: {}, additionalProperties: { type: 'string' } },
        ['(root): an object must say additionalProperties: false'],
      ],
      [
        'an untyped node under additionalProperties',
        { type: 'object', properties: {}, additionalProperties: {} },
        ['(root): an object must say additionalProperties: false', '/additionalProperties: no type'],
      ],
      ['const (a zod literal)', toInputJsonSchema(z.object({ k: z.literal('a') })), ['/properties/k: const is outside the dialect']],
      ['format (z.email)', toInputJsonSchema(z.object({ e: z.email() })), ['/properties/e: format is outside the dialect']],
      ['a numeric enum', closed({ e: { type: 'number', enum: [0, 1] } }), ['/properties/e: enum only lists strings of a string']],
      ['an array without items', closed({ a: { type: 'array' } }), ['/properties/a: an array must have one items schema']],
      ['a non-object root', { type: 'string' }, ['(root): an input schema must be an object']],
    ];
    for (const [label, schema, expected] of cases) {
      expect([label, dialectViolations(schema)]).toEqual([label, expected]);
    }
  });

  it('jsonText and keyValueList advertise plain typed schemas and hand the handler the decoded value', () => {
    const input = z.object({
      data: jsonText(z.unknown(), { maxLength: 200, description: 'any JSON, as JSON text' }),
      weights: keyValueList({
        key: ['field', z.string().max(20)],
        value: ['weight', z.number().min(0)],
        maxItems: 5,
        description: 'weights per field',
      }),
    });
    const schema = toInputJsonSchema(input);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        data: { type: 'string', maxLength: 200, description: 'any JSON, as JSON text' },
        weights: {
          type: 'array',
          maxItems: 5,
          description: 'weights per field',
          items: {
            type: 'object',
            properties: { field: { type: 'string', maxLength: 20 }, weight: { type: 'number', minimum: 0 } },
            required: ['field', 'weight'],
            additionalProperties: false,
          },
        },
      },
      required: ['data', 'weights'],
      additionalProperties: false,
    });
    expect(dialectViolations(schema)).toEqual([]);
    expect(input.parse({ data: '[1,{"a":null}]', weights: [{ field: 'name', weight: 2 }] })).toEqual({
      data: [1, { a: null }],
      weights: { name: 2 },
    });
    const bad = input.safeParse({
      data: '{"a":',
      weights: [
        { field: 'x', weight: 1 },
        { field: 'x', weight: 2 },
      ],
    });
    expect(bad.success ? [] : bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'data: must be JSON text (it does not parse as JSON)',
      'weights.1.field: duplicate field "x"',
    ]);
    const deep = input.safeParse({ data: '['.repeat(65) + ']'.repeat(65), weights: [] });
    expect(deep.success ? [] : deep.error.issues.map((i) => i.message)).toEqual(['JSON text nests deeper than 64 levels']);
    expect(input.safeParse({ data: '['.repeat(64) + ']'.repeat(64), weights: [] }).success).toBe(true);
  });
});

describe('the tool registry holds every tool to the dialect', () => {
  it('refuses to compile a tool whose input schema leaves it, naming the tool and each problem', () => {
    const open = defineTool({
      name: 'open_record',
      description: 'Takes a free-form record.',
      permission: 'read',
      annotations,
      input: z.object({ record: z.record(z.string(), z.unknown()), ttl: z.number().positive() }),
      output: z.object({ ok: z.boolean() }),
      handler: () => ({ ok: true }),
    });
    expect(() => new ToolRegistry([open])).toThrow(
      'Tool open_record: its input schema leaves the portable dialect (docs/architecture.md, "Input schemas"): ' +
        '/properties/record: propertyNames is outside the dialect; /properties/record: an object must say additionalProperties: false; ' +
        '/properties/record/additionalProperties: no type; /properties/record: an object must list its properties; /properties/ttl: exclusiveMinimum is outside the dialect',
    );
  });
});
