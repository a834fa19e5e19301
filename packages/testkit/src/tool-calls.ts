/** Tool calls split into output or error code, for tests of tool behaviour over real clients. */
import { randomBytes } from 'node:crypto';
import type { ConnectedClient } from './clients.js';
import { sleep } from './wait.js';

export interface ToolOutcome<T> {
  /** The structured output; undefined when the tool failed. */
  ok: T | undefined;
  /** The error code (`_meta['a2a-mcp/error'].code`) when the tool failed. */
  code: string | undefined;
  /** The error text when the tool failed, else ''. */
  message: string;
}

/** Calls a tool and splits the result into its output or its error code. Protocol errors (401/403) still reject. */
export async function callOutcome<T = Record<string, unknown>>(
  client: ConnectedClient,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolOutcome<T>> {
  const result = (await client.callTool(name, args)) as {
    isError?: boolean;
    structuredContent?: unknown;
    content: { text?: string }[];
    _meta?: Record<string, { code?: string }>;
  };
  if (result.isError) return { ok: undefined, code: result._meta?.['a2a-mcp/error']?.code, message: result.content[0]?.text ?? '' };
  return { ok: result.structuredContent as T, code: undefined, message: '' };
}

/** Like `callOutcome`, but returns the output and throws when the tool failed. */
export async function callOk<T = Record<string, unknown>>(
  client: ConnectedClient,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const outcome = await callOutcome<T>(client, name, args);
  if (outcome.ok === undefined) throw new Error(`${name} failed: ${outcome.code}: ${outcome.message}`);
  return outcome.ok;
}

/**
 * After an outage: repeats the call until it succeeds, for at most `attempts` tries `delayMs`
 * apart (default 100 × 200 ms). Every failure on the way must carry `expectedCode` (default
 * `unavailable`); any other failure, or no success in time, throws.
 */
export async function callUntilOk<T = Record<string, unknown>>(
  client: ConnectedClient,
  name: string,
  args: Record<string, unknown>,
  { attempts = 100, delayMs = 200, expectedCode = 'unavailable' }: { attempts?: number; delayMs?: number; expectedCode?: string } = {},
): Promise<T> {
  let last: ToolOutcome<T> | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    last = await callOutcome<T>(client, name, args);
    if (last.ok !== undefined) return last.ok;
    if (last.code !== expectedCode)
      throw new Error(`${name} failed with ${last.code} (expected ${expectedCode} until it recovers): ${last.message}`);
    await sleep(delayMs);
  }
  throw new Error(`${name} did not recover after ${attempts} attempts: ${last?.code}: ${last?.message}`);
}

/** A store key prefix no other test run uses (`REDIS_KEY_PREFIX`), so runs on one Redis never collide. */
export const uniqueKeyPrefix = (name = 'test') => `${name}-${randomBytes(6).toString('hex')}:`;
