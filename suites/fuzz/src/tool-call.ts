/**
 * Fuzzed tools/call requests for one tool: arguments generated from its advertised input schema,
 * then (most of the time) broken in one way — a required field dropped, an extra field (often
 * `__proto__`, `constructor` or `prototype`), a value of the wrong type, a number at or past its
 * limits, a string or array at, just past or far past its bound, deep nesting — and sent through
 * either lane of either protocol era.
 */
import fc from 'fast-check';
import type { RawRequest } from './http-client.js';
import {
  cloneValue,
  hugeArray,
  hugeString,
  nestedJson,
  objectFromEntries,
  RawJson,
  setOwn,
  toJsonText,
  type NestingKind,
} from './json-text.js';
import { jsonValueArbitrary, schemaArbitrary, type JsonSchema } from './schema-arbitrary.js';

export interface ToolUnderTest {
  name: string;
  inputSchema: JsonSchema;
}

export interface ToolCallOptions {
  /** MAX_BODY_BYTES of the services: huge values are sized around it. */
  maxBodyBytes: number;
  /** X-API-Key values: `write` may call every tool, `read` only the read ones. */
  keys: { read: string; write: string };
}

export type Mutation =
  | { kind: 'none' }
  | { kind: 'drop' }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'retype'; value: unknown }
  | { kind: 'huge-string'; size: 'bound' | 'past-bound' | 'far'; fraction: number; unit: string }
  | { kind: 'huge-array'; size: 'bound' | 'past-bound' | 'far'; fraction: number }
  | { kind: 'deep'; depth: number; nesting: NestingKind }
  | { kind: 'arguments'; value: unknown };

/** A generated call, kept small and printable for counterexamples. */
export interface ToolCall {
  tool: string;
  mutation: Mutation;
  /** Which node of the generated value the mutation hits (modulo the node count). */
  at: number;
  args: unknown;
  era: 'legacy' | 'legacy-progress' | 'modern' | 'modern-progress';
  id: number | string;
  key: 'read' | 'write';
}

const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then'];

/** Values of the wrong type for almost any field, and numbers that break arithmetic. */
const WRONG_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER + 2,
  new RawJson(() => '1e400', '1e400'),
  new RawJson(() => '-0', '-0'),
  new RawJson(() => '123456789012345678901234567890', 'big integer'),
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '',
  ' ',
  '0',
  '[]',
  '{}',
  [],
  [null],
  {},
  objectFromEntries([['__proto__', { polluted: true }]]),
];

function wrongValueArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...WRONG_VALUES) },
    { weight: 1, arbitrary: jsonValueArbitrary() },
    { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
  );
}

function protoValueArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant({ polluted: true, isAdmin: true, toString: 'x' }),
    fc.constant({ constructor: { prototype: { polluted: true } } }),
    jsonValueArbitrary(),
  );
}

function mutationArbitrary(): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
    { weight: 2, arbitrary: fc.constant<Mutation>({ kind: 'drop' }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        key: fc.oneof(fc.constantFrom(...SPECIAL_KEYS), fc.string({ maxLength: 12 })),
        value: protoValueArbitrary(),
      }),
    },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('retype' as const), value: wrongValueArbitrary() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('huge-string' as const),
        size: fc.constantFrom('bound' as const, 'past-bound' as const, 'far' as const),
        fraction: fc.double({ min: 0.05, max: 1.3, noNaN: true }),
        unit: fc.constantFrom('a', ' ', 'é', '\\u0000', '\\ud800', '(', '😀', 'A & '),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('huge-array' as const),
        size: fc.constantFrom('bound' as const, 'past-bound' as const, 'far' as const),
        fraction: fc.double({ min: 0.05, max: 1.3, noNaN: true }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('deep' as const),
        depth: fc.oneof(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 200, max: 20_000 })),
        nesting: fc.constantFrom('array' as const, 'object' as const, 'mixed' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('arguments' as const),
        value: fc.constantFrom<unknown>([], 'x', 0, true, [{}], new RawJson(() => 'null', 'null')),
      }),
    },
  );
}

interface Node {
  /** Keys from the root. */
  path: (string | number)[];
  value: unknown;
  /** The schema of the node when known (object properties and array items followed). */
  schema: JsonSchema | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RawJson);
}

function resolve(schema: JsonSchema | undefined, root: JsonSchema): JsonSchema | undefined {
  if (!schema) return undefined;
  if (typeof schema.$ref === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const defs = root.$defs;
    const target = name && isRecord(defs) ? defs[name] : undefined;
    return isRecord(target) ? target : undefined;
  }
  return schema;
}

/** Every node of a generated value with its schema, root first. */
function nodes(value: unknown, schema: JsonSchema | undefined, root: JsonSchema, path: (string | number)[] = [], out: Node[] = []): Node[] {
  const resolved = resolve(schema, root);
  out.push({ path, value, schema: resolved });
  if (Array.isArray(value)) {
    const items = resolved && isRecord(resolved.items) ? resolved.items : undefined;
    value.forEach((item, index) => nodes(item, items, root, [...path, index], out));
  } else if (isRecord(value)) {
    const properties = resolved && isRecord(resolved.properties) ? resolved.properties : {};
    const extra = resolved && isRecord(resolved.additionalProperties) ? resolved.additionalProperties : undefined;
    for (const key of Object.keys(value)) {
      const sub = properties[key];
      nodes(value[key], isRecord(sub) ? sub : extra, root, [...path, key], out);
    }
  }
  return out;
}

function replaceAt(root: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = cloneValue(root);
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent[last as number] = replacement;
  else setOwn(parent as Record<string, unknown>, String(last), replacement);
  return copy;
}

function sizeFor(
  bound: number | undefined,
  size: 'bound' | 'past-bound' | 'far',
  fraction: number,
  unitBytes: number,
  maxBodyBytes: number,
): number {
  const fitting = Math.max(1, Math.floor((maxBodyBytes * fraction) / unitBytes));
  if (bound === undefined || size === 'far') return fitting;
  return size === 'bound' ? bound : bound + 1;
}

/** The arguments after `mutation`, as a value whose RawJson parts expand when serialised. */
export function applyMutation(
  args: unknown,
  mutation: Mutation,
  at: number,
  inputSchema: JsonSchema,
  maxBodyBytes: number,
  itemText: (schema: JsonSchema | undefined) => string,
): unknown {
  const all = nodes(args, inputSchema, inputSchema);
  const pick = (candidates: Node[]): Node | undefined => (candidates.length === 0 ? undefined : candidates[at % candidates.length]);
  switch (mutation.kind) {
    case 'none':
      return args;
    case 'drop': {
      const required = Array.isArray(inputSchema.required) ? inputSchema.required.filter((k): k is string => typeof k === 'string') : [];
      const key = required[at % Math.max(1, required.length)];
      if (!isRecord(args) || key === undefined) return args;
      const copy = cloneValue(args);
      delete copy[key];
      return copy;
    }
    case 'extra': {
      const target = pick(all.filter((n) => isRecord(n.value)));
      if (!target) return args;
      const object = cloneValue(target.value as Record<string, unknown>);
      setOwn(object, mutation.key, mutation.value);
      return replaceAt(args, target.path, object);
    }
    case 'retype': {
      const target = pick(all.slice(1)) ?? all[0]!;
      return replaceAt(args, target.path, mutation.value);
    }
    case 'huge-string': {
      const strings = all.filter((n) => typeof n.value === 'string' || n.schema?.type === 'string');
      const target = pick(strings) ?? pick(all.slice(1)) ?? all[0]!;
      const unitBytes = Buffer.byteLength(JSON.parse(`"${mutation.unit}"`) as string, 'utf8') + (mutation.unit.startsWith('\\u') ? 5 : 0);
      const bound = typeof target.schema?.maxLength === 'number' ? target.schema.maxLength : undefined;
      return replaceAt(
        args,
        target.path,
        hugeString(sizeFor(bound, mutation.size, mutation.fraction, unitBytes, maxBodyBytes), mutation.unit),
      );
    }
    case 'huge-array': {
      const arrays = all.filter((n) => Array.isArray(n.value) || n.schema?.type === 'array');
      const target = pick(arrays) ?? pick(all.slice(1)) ?? all[0]!;
      const items = target.schema && isRecord(target.schema.items) ? target.schema.items : undefined;
      const element = itemText(items);
      const bound = typeof target.schema?.maxItems === 'number' ? target.schema.maxItems : undefined;
      return replaceAt(
        args,
        target.path,
        hugeArray(sizeFor(bound, mutation.size, mutation.fraction, element.length + 1, maxBodyBytes), element),
      );
    }
    case 'deep': {
      const target = pick(all.slice(1)) ?? all[0]!;
      return replaceAt(args, target.path, nestedJson(mutation.depth, mutation.nesting));
    }
    case 'arguments':
      return mutation.value;
  }
}

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'a2a-mcp-fuzz', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** The HTTP request for a generated call. */
export function toolCallRequest(call: ToolCall, options: ToolCallOptions): RawRequest {
  const modern = call.era.startsWith('modern');
  const progress = call.era.endsWith('progress');
  const meta = { ...(modern ? MODERN_META : {}), ...(progress ? { progressToken: `p-${call.id}` } : {}) };
  const params = { name: call.tool, arguments: call.args, ...(Object.keys(meta).length > 0 ? { _meta: meta } : {}) };
  const body = toJsonText({ jsonrpc: '2.0', id: call.id, method: 'tools/call', params });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'x-api-key': options.keys[call.key],
    ...(modern ? { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': call.tool } : {}),
  };
  return { method: 'POST', path: '/mcp', headers, body: Buffer.from(body, 'utf8') };
}

/** Generated calls of `tool`. */
export function toolCallArbitrary(tool: ToolUnderTest, options: ToolCallOptions): fc.Arbitrary<ToolCall> {
  const valid = schemaArbitrary(tool.inputSchema);
  // One valid element per array schema, serialised once: the repeated unit of huge arrays.
  const elementCache = new Map<JsonSchema | undefined, string>();
  const itemText = (schema: JsonSchema | undefined): string => {
    let text = elementCache.get(schema);
    if (text === undefined) {
      text = schema
        ? toJsonText(fc.sample(schemaArbitrary(schema, tool.inputSchema, { maxItems: 2, maxLength: 8 }), { numRuns: 1, seed: 1 })[0])
        : '0';
      elementCache.set(schema, text);
    }
    return text;
  };
  return fc
    .record({
      args: valid,
      mutation: mutationArbitrary(),
      at: fc.nat(),
      era: fc.constantFrom('legacy' as const, 'legacy-progress' as const, 'modern' as const, 'modern-progress' as const),
      id: fc.oneof(fc.nat(), fc.string({ minLength: 1, maxLength: 8 })),
      key: fc.oneof({ weight: 9, arbitrary: fc.constant('write' as const) }, { weight: 1, arbitrary: fc.constant('read' as const) }),
    })
    .map(({ args, mutation, at, era, id, key }) => ({
      tool: tool.name,
      mutation,
      at,
      era,
      id,
      key,
      args: applyMutation(args, mutation, at, tool.inputSchema, options.maxBodyBytes, itemText),
    }));
}
