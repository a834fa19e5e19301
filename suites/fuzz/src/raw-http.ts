/**
 * Fuzzed requests over the raw HTTP surface: methods, paths, headers (content type, accept,
 * credentials, MCP routing headers, Origin, Host, correlation ids) and bodies (random bytes,
 * invalid UTF-8, truncated JSON, JSON-RPC envelopes with wrong types, batches, deep nesting, huge
 * strings past MAX_BODY_BYTES, `__proto__`/`constructor`/`prototype` keys, odd JSON syntax).
 */
import fc from 'fast-check';
import type { RawRequest } from './http-client.js';
import { hugeString, nestedJson, objectFromEntries, RawJson, toJsonText } from './json-text.js';

export interface RawHttpOptions {
  /** Tool names the services offer (so some tools/call requests name a real tool). */
  toolNames: readonly string[];
  /** Resource URIs the services offer. */
  resourceUris: readonly string[];
  /** MAX_BODY_BYTES of the services. */
  maxBodyBytes: number;
  /** Known API keys by permission. */
  keys: { read: string; write: string; admin: string };
}

/** A generated request: small and printable; `toRequest` expands it. */
export interface RawHttpCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Kind of body, for counterexamples and the summary. */
  bodyKind: string;
  body: RawJson | Uint8Array | undefined;
}

const KNOWN_METHODS = [
  'initialize',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/read',
  'resources/templates/list',
  'resources/subscribe',
  'resources/unsubscribe',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'server/discover',
  'sampling/createMessage',
  'roots/list',
  'rpc.discover',
];

const PROTOCOL_VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'];
const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineSetter__'];
const PATHS = [
  '/health',
  '/ready',
  '/status',
  '/metrics',
  '/circuit-breakers',
  '/circuit-breakers/reset',
  '/.well-known/oauth-protected-resource',
  '/.well-known/oauth-protected-resource/mcp',
  '/mcp?x=1',
  '/mcp/',
  '/MCP',
  '//mcp',
  '/mcp%00',
  '/mcp/../mcp',
  '/../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/',
  '/favicon.ico',
  '/mcp?__proto__[polluted]=1',
];

/** Header-safe text (what Node's client accepts in a header value). */
function headerValue(maxLength = 40): fc.Arbitrary<string> {
  return fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });
}

function maybe<T>(arbitrary: fc.Arbitrary<T>, presentWeight = 1, absentWeight = 3): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: absentWeight, arbitrary: fc.constant(undefined) }, { weight: presentWeight, arbitrary: arbitrary });
}

/** Small JSON values of every type, with special keys among the object keys. */
function wildValue(): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<unknown>(
        null,
        true,
        false,
        0,
        -1,
        1.5,
        1e308,
        '',
        'x',
        '__proto__',
        new RawJson(() => '-0', '-0'),
        new RawJson(() => '1e400', '1e400'),
      ),
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 20 }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc
        .array(fc.tuple(fc.oneof(fc.constantFrom(...SPECIAL_KEYS), fc.string({ maxLength: 10 })), tie('value')), { maxLength: 4 })
        .map((entries) => objectFromEntries(entries)),
    ),
  }));
  return value;
}

function idArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat() },
    { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
    {
      weight: 3,
      arbitrary: fc.constantFrom<unknown>(
        undefined,
        null,
        -1,
        1.5,
        1e21,
        Number.MAX_SAFE_INTEGER + 2,
        true,
        [],
        {},
        [1],
        { a: 1 },
        '',
        new RawJson(() => '-0', '-0'),
        new RawJson(() => '1e400', '1e400'),
      ),
    },
  );
}

function paramsFor(method: string, options: RawHttpOptions): fc.Arbitrary<unknown> {
  const meta = fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    {
      weight: 2,
      arbitrary: fc.constant({
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientInfo': { name: 'fuzz', version: '1' },
        'io.modelcontextprotocol/clientCapabilities': {},
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          'io.modelcontextprotocol/protocolVersion': fc.oneof(fc.constantFrom(...PROTOCOL_VERSIONS), wildValue()),
          'io.modelcontextprotocol/clientInfo': wildValue(),
          'io.modelcontextprotocol/clientCapabilities': wildValue(),
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: fc.record({ progressToken: wildValue() }) },
    { weight: 1, arbitrary: wildValue() },
  );
  let shaped: fc.Arbitrary<Record<string, unknown>>;
  switch (method) {
    case 'initialize':
      shaped = fc.record(
        {
          protocolVersion: fc.oneof(fc.constantFrom(...PROTOCOL_VERSIONS), wildValue()),
          capabilities: fc.oneof(fc.constant({}), wildValue()),
          clientInfo: fc.oneof(fc.constant({ name: 'fuzz', version: '1.0.0' }), wildValue()),
        },
        { requiredKeys: [] },
      );
      break;
    case 'tools/call':
      shaped = fc.record(
        { name: fc.oneof(fc.constantFrom(...options.toolNames), wildValue()), arguments: wildValue() },
        { requiredKeys: [] },
      );
      break;
    case 'resources/read':
    case 'resources/subscribe':
    case 'resources/unsubscribe':
      shaped = fc.record(
        {
          uri: fc.oneof(
            fc.constantFrom(...options.resourceUris),
            fc.constantFrom('stream://', 'stream://x', 'file:///etc/passwd', 'http://127.0.0.1:1/'),
            wildValue(),
          ),
        },
        { requiredKeys: [] },
      );
      break;
    case 'logging/setLevel':
      shaped = fc.record({ level: fc.oneof(fc.constantFrom('debug', 'info', 'emergency'), wildValue()) }, { requiredKeys: [] });
      break;
    default:
      shaped = fc.oneof(fc.constant({}), fc.record({ cursor: wildValue() }, { requiredKeys: [] }));
  }
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(shaped, meta).map(([p, m]) => (m === undefined ? p : { ...p, _meta: m })) },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: wildValue() },
  );
}

/** A JSON-RPC message whose members may each be missing, of the wrong type or extra. */
function messageArbitrary(options: RawHttpOptions): fc.Arbitrary<Record<string, unknown>> {
  const method = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...KNOWN_METHODS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: wildValue() },
  );
  return method.chain((m) =>
    fc
      .record({
        jsonrpc: fc.oneof(
          { weight: 8, arbitrary: fc.constant<unknown>('2.0') },
          { weight: 2, arbitrary: fc.constantFrom<unknown>(undefined, '1.0', 2, 2.0, null, '', ' 2.0', [], {}) },
        ),
        id: idArbitrary(),
        method: fc.constant(m),
        params: typeof m === 'string' ? paramsFor(m, options) : wildValue(),
        extra: fc.array(
          fc.tuple(fc.oneof(fc.constantFrom(...SPECIAL_KEYS, 'result', 'error', 'jsonrpc'), fc.string({ maxLength: 8 })), wildValue()),
          { maxLength: 2 },
        ),
      })
      .map(({ jsonrpc, id, method: name, params, extra }) =>
        objectFromEntries([
          ...(jsonrpc === undefined ? [] : [['jsonrpc', jsonrpc] as const]),
          ...(id === undefined ? [] : [['id', id] as const]),
          ['method', name] as const,
          ...(params === undefined ? [] : [['params', params] as const]),
          ...extra,
        ]),
      ),
  );
}

const text = (value: unknown) => new RawJson(() => toJsonText(value), 'json');

/** Bodies of every kind (see the module comment); each tagged with its kind. */
function bodyArbitrary(options: RawHttpOptions): fc.Arbitrary<{ kind: string; body: RawJson | Uint8Array | undefined }> {
  const message = messageArbitrary(options);
  const tag = (kind: string) => (body: RawJson | Uint8Array | undefined) => ({ kind, body });
  return fc.oneof(
    { weight: 30, arbitrary: message.map((m) => text(m)).map(tag('message')) },
    {
      weight: 5,
      arbitrary: fc
        .array(message, { maxLength: 6 })
        .map((ms) => text(ms))
        .map(tag('batch')),
    },
    {
      weight: 3,
      arbitrary: wildValue()
        .map((v) => text(v))
        .map(tag('any JSON')),
    },
    { weight: 5, arbitrary: fc.uint8Array({ maxLength: 200 }).map(tag('random bytes')) },
    {
      weight: 5,
      arbitrary: fc
        .tuple(
          fc.constantFrom('method', 'id', 'key', 'argument'),
          fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => bytes.map((b) => 0x80 | b)),
        )
        .map(([where, bad]) => {
          const mark = '\u0001BAD\u0001';
          const template =
            where === 'method'
              ? `{"jsonrpc":"2.0","id":1,"method":"${mark}"}`
              : where === 'id'
                ? `{"jsonrpc":"2.0","id":"${mark}","method":"ping"}`
                : where === 'key'
                  ? `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"${mark}":1}}`
                  : `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"${options.toolNames[0] ?? 'x'}","arguments":{"text":"${mark}"}}}`;
          const [before, after] = template.split(mark) as [string, string];
          return Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
        })
        .map(tag('invalid UTF-8')),
    },
    {
      weight: 5,
      arbitrary: fc
        .tuple(message, fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([m, cut]) => {
          const full = toJsonText(m);
          return new RawJson(() => full.slice(0, Math.floor(full.length * cut)), 'truncated');
        })
        .map(tag('truncated JSON')),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom('top', 'params', 'id', 'arguments', 'meta'),
          fc.oneof(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 300, max: 30_000 })),
          fc.constantFrom('array' as const, 'object' as const, 'mixed' as const),
        )
        .map(([where, depth, kind]) => {
          const deep = nestedJson(depth, kind);
          if (where === 'top') return deep;
          const tool = options.toolNames[depth % Math.max(1, options.toolNames.length)] ?? 'x';
          const shell =
            where === 'params'
              ? { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { cursor: deep } }
              : where === 'id'
                ? { jsonrpc: '2.0', id: deep, method: 'ping' }
                : where === 'meta'
                  ? { jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { progressToken: deep } } }
                  : { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: { x: deep } } };
          return new RawJson(() => toJsonText(shell), `${deep.label} in ${where}`);
        })
        .map(tag('deep nesting')),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.double({ min: 0.5, max: 2.5, noNaN: true }), fc.constantFrom('a', '\\u0000', 'é'))
        .map(([fraction, unit]) => {
          const huge = hugeString(Math.floor((options.maxBodyBytes * fraction) / (unit.length > 1 ? 6 : 2)), unit);
          return new RawJson(
            () =>
              toJsonText({
                jsonrpc: '2.0',
                id: 1,
                method: 'tools/call',
                params: { name: options.toolNames[0] ?? 'x', arguments: { text: huge } },
              }),
            huge.label,
          );
        })
        .map(tag('huge string')),
    },
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom(...SPECIAL_KEYS), fc.constantFrom('top', 'params', 'arguments', 'meta', 'nested'), wildValue())
        .map(([key, where, value]) => {
          const poison = objectFromEntries([
            [
              key,
              objectFromEntries([
                ['polluted', true],
                ['isAdmin', true],
                [key, value],
              ]),
            ],
          ]);
          const tool = options.toolNames[key.length % Math.max(1, options.toolNames.length)] ?? 'x';
          const shell =
            where === 'top'
              ? objectFromEntries([
                  ['jsonrpc', '2.0'],
                  ['id', 1],
                  ['method', 'tools/list'],
                  [key, { polluted: true }],
                ])
              : where === 'params'
                ? { jsonrpc: '2.0', id: 1, method: 'tools/list', params: poison }
                : where === 'meta'
                  ? { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: {}, _meta: poison } }
                  : where === 'nested'
                    ? { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: { a: [poison], b: { c: poison } } } }
                    : { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: poison } };
          return text(shell);
        })
        .map(tag('prototype keys')),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom<RawJson | Uint8Array | undefined>(
          undefined,
          new Uint8Array(0),
          Buffer.from('   \n\t'),
          Buffer.from('\ufeff{"jsonrpc":"2.0","id":1,"method":"ping"}'),
        )
        .map(tag('empty or BOM')),
    },
    {
      weight: 4,
      arbitrary: fc
        .constantFrom(
          '{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}',
          '{"jsonrpc":"2.0","id":1,"method":"ping","method":"tools/list"}',
          '{"jsonrpc":"2.0","id":1e400,"method":"ping"}',
          '{"jsonrpc":"2.0","id":-0,"method":"ping"}',
          '{"jsonrpc":"2.0","id":"\\ud800","method":"ping"}',
          '{"jsonrpc":"2.0","id":1,"method":"tools/list",}',
          "{'jsonrpc':'2.0','id':1,'method':'ping'}",
          '{"jsonrpc":"2.0","id":NaN,"method":"ping"}',
          '{"jsonrpc":"2.0",/*c*/"id":1,"method":"ping"}',
          '{"jsonrpc":"2.0","id":1,"method":"ping"}{"jsonrpc":"2.0","id":2,"method":"ping"}',
          '{"jsonrpc":"2.0","id":1,"method":"ping"}\n\n',
          '[[],[[]],{}]',
          '[1,2,3]',
          '"\\u0000"',
          '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\\u0000","arguments":{}}}',
          '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":null,"arguments":null}}',
          '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"__proto__","arguments":{}}}',
          '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"constructor","arguments":{}}}',
          '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"toString","arguments":{}}}',
          '{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"__proto__"}}',
        )
        .map((s) => Buffer.from(s))
        .map(tag('odd JSON')),
    },
  );
}

function headersArbitrary(options: RawHttpOptions): fc.Arbitrary<Record<string, string>> {
  const { keys } = options;
  return fc
    .record({
      contentType: fc.oneof(
        { weight: 12, arbitrary: fc.constant<string | undefined>('application/json') },
        {
          weight: 3,
          arbitrary: fc.constantFrom<string | undefined>(
            undefined,
            '',
            'application/json; charset=utf-8',
            'APPLICATION/JSON',
            'application/json;charset=latin1',
            'application/jsonx',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'text/event-stream',
            'application/json, text/plain',
          ),
        },
        { weight: 1, arbitrary: headerValue() },
      ),
      accept: fc.oneof(
        { weight: 10, arbitrary: fc.constant<string | undefined>('application/json, text/event-stream') },
        {
          weight: 3,
          arbitrary: fc.constantFrom<string | undefined>(
            undefined,
            'application/json',
            'text/event-stream',
            '*/*',
            'text/html',
            '',
            'application/*',
            'text/event-stream, application/json;q=0',
          ),
        },
        { weight: 1, arbitrary: headerValue() },
      ),
      auth: fc.oneof(
        {
          weight: 8,
          arbitrary: fc.constantFrom({ 'x-api-key': keys.write }, { 'x-api-key': keys.read }, { authorization: `Bearer ${keys.write}` }),
        },
        { weight: 1, arbitrary: fc.constant({ 'x-api-key': keys.admin }) },
        { weight: 1, arbitrary: fc.constant({}) },
        {
          weight: 2,
          arbitrary: fc.oneof(
            headerValue().map((v) => ({ 'x-api-key': v })),
            headerValue().map((v) => ({ authorization: v })),
            fc.constantFrom(
              { authorization: 'Bearer ' },
              { authorization: 'Basic dXNlcjpwYXNz' },
              { authorization: 'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsInBlcm1pc3Npb25zIjpbImFkbWluIl19.' },
              { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA' },
              { authorization: 'Bearer a.b.c' },
              { authorization: `Bearer ${'x'.repeat(8_000)}` },
              { authorization: `bearer  ${keys.read}  ` },
              { 'x-api-key': `${keys.write}x` },
              { 'x-api-key': keys.write.slice(0, -1) },
              { 'x-api-key': keys.write, authorization: 'Bearer wrong' },
            ),
          ),
        },
      ),
      version: maybe(fc.oneof(fc.constantFrom(...PROTOCOL_VERSIONS, '', '2025-11-26', '1.0', 'latest'), headerValue(20))),
      routing: maybe(
        fc.record(
          {
            'mcp-method': fc.oneof(fc.constantFrom(...KNOWN_METHODS), headerValue(20)),
            'mcp-name': fc.oneof(fc.constantFrom(...options.toolNames), headerValue(20)),
          },
          { requiredKeys: [] },
        ),
        1,
        4,
      ),
      session: maybe(headerValue(40), 1, 12),
      origin: maybe(
        fc.constantFrom('http://evil.example', 'null', 'http://127.0.0.1:1', 'http://localhost', 'file://', 'https://example.com:443'),
        1,
        12,
      ),
      host: maybe(fc.constantFrom('evil.example', 'localhost', '127.0.0.1:99999', '[::1]', 'LOCALHOST', '127.0.0.1.nip.io', ''), 1, 12),
      correlation: maybe(
        fc.record(
          {
            'x-request-id': headerValue(200),
            'x-correlation-id': headerValue(200),
            traceparent: headerValue(60),
            tracestate: headerValue(60),
            'last-event-id': headerValue(30),
          },
          { requiredKeys: [] },
        ),
        1,
        6,
      ),
      extra: fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), headerValue(30)), { maxLength: 2 }),
    })
    .map(({ contentType, accept, auth, version, routing, session, origin, host, correlation, extra }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of extra)
        if (!['content-length', 'transfer-encoding', 'host', 'connection', 'expect', 'upgrade', 'te', 'trailer'].includes(name))
          headers[name] = value;
      if (contentType !== undefined) headers['content-type'] = contentType;
      if (accept !== undefined) headers.accept = accept;
      Object.assign(headers, auth, routing ?? {}, correlation ?? {});
      if (version !== undefined) headers['mcp-protocol-version'] = version;
      if (session !== undefined) headers['mcp-session-id'] = session;
      if (origin !== undefined) headers.origin = origin;
      if (host !== undefined) headers.host = host;
      return headers;
    });
}

/** Generated raw requests. */
export function rawHttpArbitrary(options: RawHttpOptions): fc.Arbitrary<RawHttpCase> {
  return fc
    .record({
      method: fc.oneof(
        { weight: 20, arbitrary: fc.constant('POST') },
        { weight: 3, arbitrary: fc.constantFrom('GET', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND') },
      ),
      path: fc.oneof(
        { weight: 20, arbitrary: fc.constant('/mcp') },
        { weight: 3, arbitrary: fc.constantFrom(...PATHS) },
        { weight: 1, arbitrary: fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)) },
      ),
      headers: headersArbitrary(options),
      body: bodyArbitrary(options),
    })
    .map(({ method, path, headers, body }) => ({ method, path, headers, bodyKind: body.kind, body: body.body }));
}

/** The request to send for a generated case. */
export function toRequest(generated: RawHttpCase): RawRequest {
  const { body } = generated;
  return {
    method: generated.method,
    path: generated.path,
    headers: generated.headers,
    ...(body === undefined ? {} : { body: body instanceof RawJson ? Buffer.from(body.build(), 'utf8') : Buffer.from(body) }),
  };
}
