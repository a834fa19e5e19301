/**
 * JSON Schema validation with ajv (draft 2020-12) and ajv-formats. One Ajv instance per service;
 * compiled validators are cached by the schema's canonical JSON so repeated calls with the same
 * schema do not recompile (compiling is the expensive part). An Ajv instance keeps every schema it
 * ever compiled (its cache keyed by the schema object, and the generated code's shared scope), so
 * one instance for the life of the service grows with every distinct schema a caller sends (found
 * by suites/fuzz: +23 MiB per 10 000 schemas). A fresh instance takes over after every
 * CACHE_SIZE compilations; an old one is collected once the LRU has evicted its validators.
 *
 * Regular expressions in a caller's schema (`pattern`, `patternProperties`) run on RE2JS, a
 * linear-time engine (lib/linear-regex.ts); a pattern RE2 cannot express (lookaround,
 * backreferences) is refused. ajv-formats' `url` format is replaced by the WHATWG URL parser:
 * its regex backtracks quadratically (0.3 s for one 10 000-character value).
 *
 * Bounded work and memory (issue #14): ajv with `allErrors` builds one error object for every
 * failed keyword, so a 4 MB record against a schema that fails everywhere built ~4 million of them
 * (1.6 GB of heap). Each schema is therefore compiled twice: a first-error validator (allErrors
 * off: one error at most) decides which records are valid, and the every-error validator runs on a
 * failing record only while its worst case (instance values × schema size) fits in what is left of
 * `maxErrors` per call. Records past that list their first error only, and the result says so
 * (`truncated`). Before any of it, instance values × expanded schema size (local `$ref`s counted
 * with their targets, so a schema that doubles through `$defs` counts what it implies) must stay
 * within `maxWork`.
 */
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type * as AjvModule from 'ajv/dist/2020.js';
import { canonicalJson } from './canonical.js';
import { LinearRegexError, linearRegExpEngine } from './linear-regex.js';
import { ServiceError } from '@a2a-mcp/core/errors';

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
let ajvModules: { Ajv: typeof Ajv2020; addFormats: FormatsPlugin } | undefined;

/**
 * ajv and ajv-formats, loaded by the first schema compiled rather than when the service starts
 * (~4 MiB resident that a service never validating a schema does not need; issue #17).
 */
function loadAjv(): { Ajv: typeof Ajv2020; addFormats: FormatsPlugin } {
  if (ajvModules) return ajvModules;
  const require = createRequire(import.meta.url);
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof AjvModule;
  // ajv-formats is CommonJS (`module.exports = plugin; exports.default = plugin`): accept both shapes.
  const formatsModule = require('ajv-formats') as FormatsPlugin & { default?: FormatsPlugin };
  const addFormats: FormatsPlugin = typeof formatsModule.default === 'function' ? formatsModule.default : formatsModule;
  return (ajvModules = { Ajv, addFormats });
}

/** One validation problem. */
export interface SchemaProblem {
  record_index: number;
  /** JSON Pointer into the record (`/address/city`), `` for the record itself. */
  path: string;
  keyword: string;
  message: string;
}

const CACHE_SIZE = 100;

/** A compiled schema: the first-error validator, the every-error one (compiled on first need) and the schema's expanded size. */
export interface CompiledSchema {
  /** allErrors off: at most one error; decides validity. */
  readonly first: ValidateFunction;
  /** allErrors on, compiled on first use (most calls never need it). */
  all(): ValidateFunction;
  /** Schema values, each local `$ref` counted as the size of its target (capped at 1e15). */
  readonly size: number;
}

/** Bounds of one validation (see the module comment). */
export interface ValidationBounds {
  /** Schema errors gathered per call at most (every-error detail; first errors beyond it). */
  maxErrors: number;
  /** Instance values × expanded schema size per call at most; `Infinity` to skip the check. */
  maxWork: number;
  /** Name of the argument the schema came from, for the work-budget message. */
  field?: string;
}

/** Problems per record, and whether any record lists only its first error. */
export interface BoundedValidation {
  problems: SchemaProblem[][];
  truncated: boolean;
}

/** Compiles and caches JSON Schemas; create one per service. */
export class SchemaValidator {
  /** Created by the first compilation (the every-error and the first-error instance). */
  private ajv: Ajv2020 | undefined;
  private firstAjv: Ajv2020 | undefined;
  private readonly cache = new Map<string, CompiledSchema>();
  /** Compilations (successful or not) on the current Ajv instance. */
  private compiled = 0;
  private instances = 0;

  constructor(
    private readonly maxSchemaBytes: number,
    private readonly bounds: ValidationBounds = { maxErrors: 10_000, maxWork: Infinity },
  ) {}

  /** Ajv instances made so far: none before the first compilation, one more after every CACHE_SIZE. */
  get generation(): number {
    return this.instances;
  }

  private createAjv(allErrors: boolean): Ajv2020 {
    if (allErrors) {
      this.instances++;
      this.compiled = 0;
    }
    const { Ajv, addFormats } = loadAjv();
    const ajv = new Ajv({
      allErrors,
      strict: false,
      validateSchema: true,
      addUsedSchema: false,
      loadSchema: undefined,
      code: { regExp: linearRegExpEngine },
    });
    addFormats(ajv);
    ajv.addFormat('url', isHttpOrFtpUrl);
    return ajv;
  }

  /** Compiles `schema`, throwing invalid_arguments naming `field` when it is too big or not a valid schema. */
  compile(schema: Record<string, unknown>, field = 'schema'): CompiledSchema {
    const key = canonicalJson(schema) ?? '';
    if (key.length > this.maxSchemaBytes) {
      throw new ServiceError(
        'invalid_arguments',
        `${field} is ${key.length} characters as JSON; the limit is DS_MAX_SCHEMA_BYTES=${this.maxSchemaBytes}`,
        {
          data: { bound: 'DS_MAX_SCHEMA_BYTES', limit: this.maxSchemaBytes },
        },
      );
    }
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    if (this.ajv === undefined || this.firstAjv === undefined || this.compiled >= CACHE_SIZE) {
      this.ajv = this.createAjv(true);
      this.firstAjv = this.createAjv(false);
    }
    this.compiled++;
    const first = compileWith(this.firstAjv, schema, field);
    const ajv: Ajv2020 = this.ajv;
    let all: ValidateFunction | undefined;
    const compiled: CompiledSchema = { first, all: () => (all ??= compileWith(ajv, schema, field)), size: expandedSize(schema) };
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, compiled);
    return compiled;
  }

  /** Validates each item; returns the problems per item (bounded as the constructor's bounds say). */
  validate(compiled: CompiledSchema, items: readonly unknown[]): SchemaProblem[][] {
    return this.validateBounded(compiled, items).problems;
  }

  /**
   * Validates each item within `bounds` (default: the constructor's): refuses the call when
   * instance values × expanded schema size exceed `maxWork` (invalid_arguments naming
   * DS_MAX_SCHEMA_WORK), lists every error of a failing record while its worst case fits in what
   * is left of `maxErrors`, else its first error only (`truncated`).
   */
  validateBounded(compiled: CompiledSchema, items: readonly unknown[], bounds: ValidationBounds = this.bounds): BoundedValidation {
    const sizes = items.map(countValues);
    const values = sizes.reduce((a, b) => a + b, 0);
    const work = values * compiled.size;
    if (work > bounds.maxWork) {
      const field = bounds.field ?? 'schema';
      throw new ServiceError(
        'invalid_arguments',
        `Schema validation work is ${values} instance values × ${compiled.size} schema values (local $refs expanded) = ${work}; the limit is DS_MAX_SCHEMA_WORK=${bounds.maxWork}: send fewer or smaller records, or a smaller ${field}`,
        { data: { bound: 'DS_MAX_SCHEMA_WORK', limit: bounds.maxWork, work, field } },
      );
    }
    let left = bounds.maxErrors;
    let truncated = false;
    const problems = items.map((item, recordIndex) => {
      if (runValidator(compiled.first, item)) return [];
      const worst = sizes[recordIndex]! * compiled.size;
      if (worst <= left) {
        const all = compiled.all();
        runValidator(all, item);
        const list = (all.errors ?? []).map((error: ErrorObject) => toProblem(error, recordIndex));
        left -= list.length;
        return list;
      }
      truncated = true;
      return (compiled.first.errors ?? []).slice(0, 1).map((error: ErrorObject) => toProblem(error, recordIndex));
    });
    return { problems, truncated };
  }
}

function compileWith(ajv: Ajv2020, schema: Record<string, unknown>, field: string): ValidateFunction {
  try {
    return ajv.compile(schema);
  } catch (error) {
    if (error instanceof LinearRegexError)
      throw new ServiceError('invalid_arguments', `${field} uses ${error.message}`, { data: { field } });
    const detail = error instanceof Error ? error.message.slice(0, 300) : 'invalid schema';
    throw new ServiceError('invalid_arguments', `${field} is not a valid JSON Schema (draft 2020-12): ${detail}`, { data: { field } });
  }
}

/** Runs a validator; a schema that recurses without consuming the instance (a `$ref` cycle through `anyOf`) overflows the stack: that is the caller's schema, named as such. */
function runValidator(validate: ValidateFunction, item: unknown): boolean {
  try {
    return validate(item);
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new ServiceError(
        'invalid_arguments',
        'schema recurses without end on this data (a $ref cycle that does not descend into the instance)',
        { data: { field: 'schema' } },
      );
    }
    throw error;
  }
}

/** Values in a JSON value: every array element, object member and primitive counts one (callers bound the depth first). */
export function countValues(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1;
  let count = 1;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) count += countValues(value[i]);
  } else {
    for (const key in value) if (Object.hasOwn(value, key)) count += countValues((value as Record<string, unknown>)[key]);
  }
  return count;
}

const SIZE_CAP = 1e15;

/**
 * Values in a schema with every local `$ref` / `$dynamicRef` counted as the expanded size of its
 * target (JSON Pointer `#/…` or `#anchor`); a ref that closes a cycle counts 1 (a recursive schema
 * descends into the instance), a ref this cannot resolve counts the whole schema once.
 */
export function expandedSize(root: unknown): number {
  const anchors = new Map<string, unknown>();
  const collect = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(collect);
    const record = node as Record<string, unknown>;
    for (const key of ['$anchor', '$dynamicAnchor']) if (typeof record[key] === 'string') anchors.set(record[key], node);
    Object.values(record).forEach(collect);
  };
  collect(root);
  const memo = new Map<object, number>();
  const open = new Set<object>();
  const resolve = (ref: string): unknown => {
    if (!ref.startsWith('#')) return undefined;
    const fragment = decodeURIComponent(ref.slice(1));
    if (fragment === '') return root;
    if (!fragment.startsWith('/')) return anchors.get(fragment);
    let at: unknown = root;
    for (const raw of fragment.slice(1).split('/')) {
      const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (at === null || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
      at = (at as Record<string, unknown>)[part];
    }
    return at;
  };
  const size = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return 1;
    const cached = memo.get(node);
    if (cached !== undefined) return cached;
    if (open.has(node)) return 1;
    open.add(node);
    let total = 1;
    const entries = Array.isArray(node) ? node.map((v) => ['', v] as const) : Object.entries(node as Record<string, unknown>);
    for (const [key, value] of entries) {
      if ((key === '$ref' || key === '$dynamicRef') && typeof value === 'string') {
        const target = resolve(value);
        total += target === undefined ? (open.has(root as object) ? 1 : plainSize(root)) : size(target);
      } else total += size(value);
      if (total >= SIZE_CAP) break;
    }
    open.delete(node);
    const result = Math.min(total, SIZE_CAP);
    memo.set(node, result);
    return result;
  };
  return size(root);
}

function plainSize(value: unknown): number {
  return countValues(value);
}

/**
 * The `url` format in linear time: an absolute http, https or ftp URL with a host and no
 * whitespace, as the WHATWG URL parser reads it (ajv-formats' regex also refuses private IPv4
 * hosts; this does not).
 */
export function isHttpOrFtpUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ftp:') &&
    url.hostname !== '' &&
    text.slice(0, url.protocol.length + 2).toLowerCase() === `${url.protocol}//`
  );
}

function toProblem(error: ErrorObject, recordIndex: number): SchemaProblem {
  let path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') path = `${path}/${params.missingProperty}`;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string')
    path = `${path}/${params.additionalProperty}`;
  return { record_index: recordIndex, path, keyword: error.keyword, message: error.message ?? error.keyword };
}
