/** Canonical JSON (RFC 8785, JCS) of tool input, for checksums, duplicate keys and comparisons. */
import canonicalize from 'canonicalize';
import { ServiceError } from '@a2a-mcp/core/errors';

/**
 * `canonicalize(value)`, except that a value with no canonical form is the caller's mistake
 * (invalid_arguments), not an internal error. Parsed JSON has two such values: a string holding a
 * lone UTF-16 surrogate (`"\ud800"`, which JCS forbids) and a number beyond the double range
 * (`1e400` parses to Infinity). Undefined (as `canonicalize`) for undefined.
 */
export function canonicalJson(value: unknown): string | undefined {
  try {
    return canonicalize(value);
  } catch (error) {
    throw new ServiceError(
      'invalid_arguments',
      'A value has no canonical JSON form (RFC 8785): a string holds a lone UTF-16 surrogate, or a number is beyond ±1.8e308',
      { cause: error },
    );
  }
}
