/**
 * The one input-schema dialect every tool is held to, and the refusal of unknown arguments.
 *
 * Function-calling APIs and agent frameworks accept only a subset of JSON Schema (OpenAI strict
 * mode, Gemini's function declarations, the LangChain / AI SDK / OpenAI Agents / Mastra
 * converters). A tool's `tools/list` input schema stays inside that subset:
 *
 * - every node has one `type` (a string: object, array, string, number, integer or boolean);
 * - an object lists its `properties` and says `additionalProperties: false`;
 * - an array has one `items` schema;
 * - `enum` only on strings;
 * - no keyword outside {@link DIALECT_KEYWORDS}: no `propertyNames`, `$ref`/`$defs`,
 *   `exclusiveMinimum`/`exclusiveMaximum`, `patternProperties`, type arrays, `if`/`then`/`else`,
 *   `not`, `allOf`, `anyOf`, `oneOf`, `const`, `format`.
 *
 * {@link toInputJsonSchema} turns a zod input schema into that form with exact rewrites only
 * (zod 4's `z.toJSONSchema` leaves `additionalProperties` out of a plain `z.object` input and emits
 * `exclusiveMinimum` for `.positive()`); what cannot be rewritten exactly stays and is reported by
 * {@link dialectViolations}, so the tool registry refuses to start with it. Open records and "any
 * JSON" payloads are written with {@link jsonText} or {@link keyValueList} instead.
 *
 * Since every object is closed, the server refuses what the schema refuses:
 * {@link findUnknownArguments} names each key the schema does not declare (zod's plain objects
 * would strip them silently), and {@link describeUnknownArguments} words the refusal so a model can
 * correct itself ("unknown argument input_formats; did you mean options.input_formats?").
 */
import { z } from 'zod';

/** The keywords a schema node may use. Everything else is outside the dialect. */
export const DIALECT_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'description',
  'title',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'default',
]);

const DIALECT_TYPES: ReadonlySet<string> = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean']);

type JsonSchema = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rewrites one node (and its children) in place; only rewrites that accept exactly the same values. */
function rewrite(node: unknown): void {
  if (!isObject(node)) return;
  if (node.type === 'integer') {
    // For integers, > n is ≥ floor(n) + 1 and < n is ≤ ceil(n) - 1: the same set of values.
    if (typeof node.exclusiveMinimum === 'number') {
      const bound = Math.floor(node.exclusiveMinimum) + 1;
      node.minimum = typeof node.minimum === 'number' ? Math.max(node.minimum, bound) : bound;
      delete node.exclusiveMinimum;
    }
    if (typeof node.exclusiveMaximum === 'number') {
      const bound = Math.ceil(node.exclusiveMaximum) - 1;
      node.maximum = typeof node.maximum === 'number' ? Math.min(node.maximum, bound) : bound;
      delete node.exclusiveMaximum;
    }
  }
  // A plain zod object's input lets unknown keys through (and strips them); core refuses them
  // (findUnknownArguments), so the object is closed and the schema says so.
  if (node.type === 'object' && !('additionalProperties' in node)) node.additionalProperties = false;
  if (isObject(node.properties)) for (const child of Object.values(node.properties)) rewrite(child);
  if ('items' in node) rewrite(node.items);
  if ('additionalProperties' in node) rewrite(node.additionalProperties);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    if (Array.isArray(node[key])) for (const child of node[key] as unknown[]) rewrite(child);
}

/**
 * The `tools/list` input schema of a zod input schema: zod 4's JSON Schema (draft 2020-12, input
 * side) without `$schema` (Gemini refuses fields it does not know; 2020-12 is MCP's default
 * dialect), every object closed, integer exclusive bounds turned into inclusive ones.
 */
export function toInputJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  rewrite(json);
  return json;
}

function checkNode(node: unknown, path: string, out: string[]): void {
  const at = path || '(root)';
  if (!isObject(node)) {
    out.push(`${at}: not a schema object`);
    return;
  }
  for (const key of Object.keys(node)) if (!DIALECT_KEYWORDS.has(key)) out.push(`${at}: ${key} is outside the dialect`);
  const { type } = node;
  if (type === undefined) out.push(`${at}: no type`);
  else if (typeof type !== 'string') out.push(`${at}: type must be one string, not ${JSON.stringify(type)}`);
  else if (!DIALECT_TYPES.has(type)) out.push(`${at}: type ${type} is outside the dialect`);
  if ('enum' in node && (type !== 'string' || !Array.isArray(node.enum) || !node.enum.every((v) => typeof v === 'string')))
    out.push(`${at}: enum only lists strings of a string`);
  if (type === 'object') {
    if (node.additionalProperties !== false) out.push(`${at}: an object must say additionalProperties: false`);
    if (isObject(node.additionalProperties)) checkNode(node.additionalProperties, `${path}/additionalProperties`, out);
    if (!isObject(node.properties)) out.push(`${at}: an object must list its properties`);
    else {
      for (const [key, child] of Object.entries(node.properties)) checkNode(child, `${path}/properties/${key}`, out);
      if (
        'required' in node &&
        (!Array.isArray(node.required) || !node.required.every((k) => typeof k === 'string' && Object.hasOwn(node.properties as object, k)))
      ) {
        out.push(`${at}: required names a property the object does not list`);
      }
    }
  } else {
    for (const key of ['properties', 'required', 'additionalProperties'])
      if (key in node) out.push(`${at}: ${key} on a node of type ${String(type)}`);
  }
  if (type === 'array') {
    if (!isObject(node.items)) out.push(`${at}: an array must have one items schema`);
    else checkNode(node.items, `${path}/items`, out);
  } else if ('items' in node) out.push(`${at}: items on a node of type ${String(type)}`);
}

/**
 * Where `schema` (a tool's `tools/list` input schema) leaves the dialect, one line per problem as
 * `<JSON pointer>: <problem>`; empty when it is inside. The root must be an object.
 */
export function dialectViolations(schema: unknown): string[] {
  const out: string[] = [];
  if (!isObject(schema) || schema.type !== 'object') out.push('(root): an input schema must be an object');
  checkNode(schema, '', out);
  return out;
}

/** One argument the schema does not declare. */
export interface UnknownArgument {
  /** Where the object holding it is, `''` for the top level (`options`, `rules[2]`). */
  parent: string;
  key: string;
  /** The properties that object declares. */
  accepted: string[];
  /** A place or spelling the caller probably meant (`options.input_formats`, `scenario`). */
  suggestion?: string;
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

const MAX_UNKNOWN = 10;

/**
 * The keys of `args` that `schema` (a dialect input schema) does not declare, walking nested
 * objects and array items; at most 10. Values of the wrong type are left to the zod validation.
 */
export function findUnknownArguments(schema: JsonSchema, args: unknown): UnknownArgument[] {
  const out: UnknownArgument[] = [];
  const walk = (node: unknown, value: unknown, path: string): void => {
    if (out.length >= MAX_UNKNOWN || !isObject(node)) return;
    if (node.type === 'object' && isObject(node.properties) && isObject(value)) {
      const properties = node.properties;
      for (const key of Object.keys(value)) {
        if (out.length >= MAX_UNKNOWN) return;
        if (Object.hasOwn(properties, key)) walk(properties[key], value[key], join(path, key));
        else if (node.additionalProperties === false) out.push({ parent: path, key, accepted: Object.keys(properties) });
        else walk(node.additionalProperties, value[key], join(path, key));
      }
    } else if (node.type === 'array' && Array.isArray(value)) {
      for (let i = 0; i < value.length && out.length < MAX_UNKNOWN; i++) walk(node.items, value[i], `${path}[${i}]`);
    }
  };
  walk(schema, args, '');
  for (const unknown of out) {
    const suggestion = suggest(schema, unknown);
    if (suggestion !== undefined) unknown.suggestion = suggestion;
  }
  return out;
}

/** Every property path of the schema (`options.input_formats`, `rules[].head`), by property name. */
function propertyPaths(schema: JsonSchema): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  const walk = (node: unknown, path: string, depth: number): void => {
    if (!isObject(node) || depth > 32) return;
    if (isObject(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        const full = join(path, key);
        paths.set(key, [...(paths.get(key) ?? []), full]);
        walk(child, full, depth + 1);
      }
    }
    if (node.type === 'array') walk(node.items, `${path}[]`, depth + 1);
  };
  walk(schema, '', 0);
  return paths;
}

/** Levenshtein distance, bounded inputs (property names). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function suggest(schema: JsonSchema, unknown: UnknownArgument): string | undefined {
  // The same name elsewhere in the schema: the argument was put at the wrong level.
  const elsewhere = (propertyPaths(schema).get(unknown.key) ?? []).filter(
    (path) => path !== join(unknown.parent.replace(/\[\d+\]/g, '[]'), unknown.key),
  );
  if (elsewhere.length > 0) return elsewhere[0];
  if (unknown.key.length > 64) return undefined;
  // A near spelling at the same level (case, a typo, a plural).
  let best: { name: string; d: number } | undefined;
  for (const name of unknown.accepted) {
    const d = name.toLowerCase() === unknown.key.toLowerCase() ? 0 : distance(name, unknown.key);
    if (d <= Math.max(1, Math.min(2, Math.floor(name.length / 4))) && (!best || d < best.d)) best = { name, d };
  }
  return best ? join(unknown.parent, best.name) : undefined;
}

/**
 * The refusal's wording: per object, each unknown key with its full path (and a suggestion when
 * there is one), then the keys that object accepts.
 *
 * @example
 * "unknown argument input_formats; did you mean options.input_formats? Accepted arguments: values, type, options."
 */
export function describeUnknownArguments(unknown: readonly UnknownArgument[]): string {
  const groups = new Map<string, UnknownArgument[]>();
  for (const item of unknown) groups.set(item.parent, [...(groups.get(item.parent) ?? []), item]);
  const parts: string[] = [];
  for (const [parent, items] of groups) {
    const keys = items.map(
      (item) => `unknown argument ${join(parent, item.key)}${item.suggestion === undefined ? '' : `; did you mean ${item.suggestion}?`}`,
    );
    const accepted = items[0]!.accepted;
    const where = parent ? `in ${parent}` : 'arguments';
    parts.push(
      `${keys.join('; ')}${keys[keys.length - 1]!.endsWith('?') ? '' : '.'} Accepted ${where}: ${accepted.length ? accepted.join(', ') : 'none'}.`,
    );
  }
  return parts.join(' ');
}
