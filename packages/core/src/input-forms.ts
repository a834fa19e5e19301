/**
 * Input forms for what the portable schema dialect cannot say directly (see
 * `mcp/input-schema.ts`): an "any JSON" payload or an open record becomes JSON text in a string
 * ({@link jsonText}), a map of names to typed values becomes a list of pairs ({@link keyValueList}).
 * Both advertise a plain typed schema, and the handler still receives the parsed value, so the
 * client's validation (the advertised schema) and the server's agree.
 */
import { z } from 'zod';

/** Nesting bound of JSON text, the same as the request body's (deeper values overflow validators). */
export const MAX_JSON_TEXT_DEPTH = 64;

/**
 * Depth of arrays and objects in a parsed JSON value, counted without recursion; stops past `limit`.
 * Only arrays and objects go on the stack (a 4 MB array of numbers is two million values: pushing
 * each with its depth cost more than a second of the event loop).
 */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: { value: object; depth: number }[] = [];
  if (typeof value === 'object' && value !== null) stack.push({ value, depth: 1 });
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (depth > limit) return true;
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) {
        const child: unknown = current[i];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
      }
    } else {
      for (const key in current) {
        if (!Object.hasOwn(current, key)) continue;
        const child: unknown = (current as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return false;
}

export interface JsonTextOptions {
  /** Longest accepted text, in UTF-16 code units (the string's `maxLength`); the request body's bound otherwise. */
  maxLength?: number;
  /** The field's description; say what the decoded JSON must be. */
  description: string;
}

/**
 * A string holding JSON text, decoded and then validated by `inner`. Advertised as
 * `{type: "string", maxLength, description}`; the handler receives the decoded value. Text that is
 * not JSON, or nests deeper than 64 levels, is refused naming the field.
 *
 * @example
 * data: jsonText(z.unknown(), { maxLength: 100_000, description: 'The event payload: any JSON value, encoded as JSON text (e.g. "{\\"id\\":1}")' })
 */
export function jsonText<T extends z.ZodType>(inner: T, options: JsonTextOptions) {
  const text = options.maxLength === undefined ? z.string() : z.string().max(options.maxLength);
  return text
    .describe(options.description)
    .transform((text, ctx) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON text (it does not parse as JSON)' });
        return z.NEVER;
      }
      if (depthExceeds(value, MAX_JSON_TEXT_DEPTH)) {
        ctx.addIssue({ code: 'custom', message: `JSON text nests deeper than ${MAX_JSON_TEXT_DEPTH} levels` });
        return z.NEVER;
      }
      return value;
    })
    .pipe(inner);
}

export interface KeyValueListOptions<V extends z.ZodType> {
  /** Name and schema of each pair's key field (`name`, `field`, `variable`). */
  key: readonly [string, z.ZodString];
  /** Name and schema of each pair's value field (`value`, `weight`). */
  value: readonly [string, V];
  /** Most pairs accepted. */
  maxItems: number;
  description: string;
}

/**
 * A map of names to typed values written as a list of `{<key>: name, <value>: value}` pairs
 * (closed objects), handed to the handler as a record. Duplicate names are refused (which value
 * was meant is unknowable).
 *
 * @example
 * assignment: keyValueList({ key: ['variable', z.string().max(64)], value: ['value', z.boolean()], maxItems: 64, description: 'Truth values, e.g. [{"variable":"A","value":true}]' })
 */
export function keyValueList<V extends z.ZodType>(options: KeyValueListOptions<V>) {
  const [keyName, keySchema] = options.key;
  const [valueName, valueSchema] = options.value;
  const pair = z.strictObject({ [keyName]: keySchema, [valueName]: valueSchema }) as unknown as z.ZodType<Record<string, unknown>>;
  return z
    .array(pair)
    .max(options.maxItems)
    .describe(options.description)
    .superRefine((pairs, ctx) => {
      const seen = new Set<string>();
      pairs.forEach((entry, index) => {
        const name = entry[keyName] as string;
        if (seen.has(name))
          ctx.addIssue({ code: 'custom', path: [index, keyName], message: `duplicate ${keyName} ${JSON.stringify(name.slice(0, 64))}` });
        seen.add(name);
      });
    })
    .transform((pairs) => Object.fromEntries(pairs.map((entry) => [entry[keyName] as string, entry[valueName] as z.output<V>])));
}
