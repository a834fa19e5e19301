import { randomBytes } from 'node:crypto';
import type { ConnectedClient } from '@a2a-mcp/testkit';

export interface ToolOutcome<T> {
  ok: T | undefined;
  code: string | undefined;
  message: string;
}

/** Calls a tool and splits the result into its output or its error code. */
export async function call<T = Record<string, unknown>>(client: ConnectedClient, name: string, args: Record<string, unknown>): Promise<ToolOutcome<T>> {
  const result = (await client.callTool(name, args)) as { isError?: boolean; structuredContent?: unknown; content: { text?: string }[]; _meta?: Record<string, { code?: string }> };
  if (result.isError) return { ok: undefined, code: result._meta?.['a2a-mcp/error']?.code, message: result.content[0]?.text ?? '' };
  return { ok: result.structuredContent as T, code: undefined, message: '' };
}

/** Like `call`, but throws when the tool failed. */
export async function ok<T = Record<string, unknown>>(client: ConnectedClient, name: string, args: Record<string, unknown>): Promise<T> {
  const outcome = await call<T>(client, name, args);
  if (outcome.ok === undefined) throw new Error(`${name} failed: ${outcome.code}: ${outcome.message}`);
  return outcome.ok;
}

/** A key prefix no other test run uses. */
export const uniquePrefix = () => `test-${randomBytes(6).toString('hex')}:`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
