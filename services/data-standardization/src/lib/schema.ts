/**
 * JSON Schema validation with ajv (draft 2020-12) and ajv-formats. One Ajv instance per service;
 * compiled validators are cached by the schema's canonical JSON so repeated calls with the same
 * schema do not recompile (compiling is the expensive part). An Ajv instance keeps every schema it
 * ever compiled (its cache keyed by the schema object, and the generated code's shared scope), so
 * one instance for the life of the service grows with every distinct schema a caller sends (found
 * by packages/fuzz: +23 MiB per 10 000 schemas). A fresh instance takes over after every
 * CACHE_SIZE compilations; an old one is collected once the LRU has evicted its validators.
 *
 * Regular expressions in a caller's schema (`pattern`, `patternProperties`) run on RE2JS, a
 * linear-time engine (lib/linear-regex.ts); a pattern RE2 cannot express (lookaround,
 * backreferences) is refused. ajv-formats' `url` format is replaced by the WHATWG URL parser:
 * its regex backtracks quadratically (0.3 s for one 10 000-character value).
 */
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type * as AjvModule from 'ajv/dist/2020.js';
import { canonicalJson } from './canonical.js';
import { LinearRegexError, linearRegExpEngine } from './linear-regex.js';
import { ServiceError } from '@a2a-mcp/core';

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

/** Compiles and caches JSON Schemas; create one per service. */
export class SchemaValidator {
  /** Created by the first compilation. */
  private ajv: Ajv2020 | undefined;
  private readonly cache = new Map<string, ValidateFunction>();
  /** Compilations (successful or not) on the current Ajv instance. */
  private compiled = 0;
  private instances = 0;

  constructor(private readonly maxSchemaBytes: number) {}

  /** Ajv instances made so far: none before the first compilation, one more after every CACHE_SIZE. */
  get generation(): number {
    return this.instances;
  }

  private createAjv(): Ajv2020 {
    this.instances++;
    this.compiled = 0;
    const { Ajv, addFormats } = loadAjv();
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true, addUsedSchema: false, loadSchema: undefined, code: { regExp: linearRegExpEngine } });
    addFormats(ajv);
    ajv.addFormat('url', isHttpOrFtpUrl);
    return ajv;
  }

  /** Compiles `schema`, throwing invalid_arguments naming `field` when it is too big or not a valid schema. */
  compile(schema: Record<string, unknown>, field = 'schema'): ValidateFunction {
    const key = canonicalJson(schema) ?? '';
    if (key.length > this.maxSchemaBytes) {
      throw new ServiceError('invalid_arguments', `${field} is ${key.length} characters as JSON; the limit is DS_MAX_SCHEMA_BYTES=${this.maxSchemaBytes}`, {
        data: { bound: 'DS_MAX_SCHEMA_BYTES', limit: this.maxSchemaBytes },
      });
    }
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    if (this.ajv === undefined || this.compiled >= CACHE_SIZE) this.ajv = this.createAjv();
    this.compiled++;
    let validate: ValidateFunction;
    try {
      validate = this.ajv.compile(schema);
    } catch (error) {
      if (error instanceof LinearRegexError) throw new ServiceError('invalid_arguments', `${field} uses ${error.message}`, { data: { field } });
      const detail = error instanceof Error ? error.message.slice(0, 300) : 'invalid schema';
      throw new ServiceError('invalid_arguments', `${field} is not a valid JSON Schema (draft 2020-12): ${detail}`, { data: { field } });
    }
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, validate);
    return validate;
  }

  /** Validates each item; returns the problems per item. */
  validate(validate: ValidateFunction, items: readonly unknown[]): SchemaProblem[][] {
    return items.map((item, recordIndex) => {
      if (validate(item)) return [];
      return (validate.errors ?? []).map((error: ErrorObject) => toProblem(error, recordIndex));
    });
  }
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
  return (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ftp:') && url.hostname !== '' && text.slice(0, url.protocol.length + 2).toLowerCase() === `${url.protocol}//`;
}

function toProblem(error: ErrorObject, recordIndex: number): SchemaProblem {
  let path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') path = `${path}/${params.missingProperty}`;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') path = `${path}/${params.additionalProperty}`;
  return { record_index: recordIndex, path, keyword: error.keyword, message: error.message ?? error.keyword };
}
