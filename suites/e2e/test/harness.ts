/**
 * One service in-process on port 0, one 2025-era client (SDK v1) and one 2026-07-28 client (SDK
 * v2) connected to it over HTTP, the tools as each era lists them, and calls that check every
 * structured result against the tool's advertised output schema (ajv, draft 2020-12).
 */
import { expect } from '@jest/globals';
import type { RunningService, ServiceDefinition } from '@a2a-mcp/core';
import {
  connectLegacyClient,
  connectModernClient,
  requireExternalService,
  startTestService,
  TEST_KEYS,
  uniqueKeyPrefix,
  type ConnectedClient,
} from '@a2a-mcp/testkit';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export type Era = 'legacy' | 'modern';
export const ERAS: readonly Era[] = ['legacy', 'modern'];

interface ListedTool {
  name: string;
  inputSchema: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

export interface Harness {
  service: RunningService;
  clients: Record<Era, ConnectedClient>;
  /** The tools as each era listed them, by name. */
  tools: Record<Era, Map<string, ListedTool>>;
  /** The compiled output-schema validator of `name` as `era` listed it (throws for an unknown tool). */
  outputValidator(era: Era, name: string): ValidateFunction;
  /** Names of the tools called so far (through both eras, or through each era by `callEra`). */
  called: Record<Era, Set<string>>;
  /** Calls `name` through one era; the result must not be an error and must match the output schema. */
  callEra<T = Record<string, unknown>>(era: Era, name: string, args: Record<string, unknown>, options?: CallOptions): Promise<T>;
  /**
   * Calls `name` through both eras, asserts both structured results are equal (after `normalize`,
   * which drops what legitimately differs per call, such as generated ids), returns the legacy one.
   */
  callBoth<T = Record<string, unknown>>(name: string, args: Record<string, unknown>, normalize?: (result: T) => unknown): Promise<T>;
  close(): Promise<void>;
}

export interface CallOptions {
  /** Sends a progress token and receives the tool's progress notifications. */
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

export interface OpenOptions {
  /** Which test key the clients send (default `read`). */
  key?: keyof typeof TEST_KEYS;
  /** Extra configuration variables for the service (core config). */
  env?: Record<string, string>;
}

/** Starts `definition` and connects both eras; close it in afterAll. */
export async function openService(definition: ServiceDefinition, { key = 'read', env }: OpenOptions = {}): Promise<Harness> {
  const service = await startTestService(definition, env ? { env } : {});
  const headers = { 'x-api-key': TEST_KEYS[key] };
  let legacy: ConnectedClient | undefined;
  let modern: ConnectedClient | undefined;
  try {
    legacy = await connectLegacyClient(service.mcpUrl, headers);
    modern = await connectModernClient(service.mcpUrl, headers);
  } catch (error) {
    await legacy?.close();
    await service.close();
    throw error;
  }
  const clients: Record<Era, ConnectedClient> = { legacy, modern };
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const tools = {} as Record<Era, Map<string, ListedTool>>;
  const validators = {} as Record<Era, Map<string, ValidateFunction>>;
  for (const era of ERAS) {
    const listed = (await clients[era].listTools()).tools;
    tools[era] = new Map(listed.map((tool) => [tool.name, tool]));
    // Each era's schema is compiled separately: both must hold for that era's results.
    validators[era] = new Map(
      listed.filter((tool) => tool.outputSchema !== undefined).map((tool) => [tool.name, ajv.compile(tool.outputSchema as object)]),
    );
  }
  const called: Record<Era, Set<string>> = { legacy: new Set(), modern: new Set() };

  async function callEra<T>(era: Era, name: string, args: Record<string, unknown>, options?: CallOptions): Promise<T> {
    const result = await clients[era].callTool(name, args, options);
    if (result.isError) {
      const text = (result.content[0] as { text?: string } | undefined)?.text ?? '';
      throw new Error(`${era} ${name} failed: ${text}`);
    }
    const validate = validators[era].get(name);
    if (!validate) throw new Error(`${era}: ${name} lists no output schema`);
    expect(result.structuredContent).toBeDefined();
    if (!validate(result.structuredContent)) {
      throw new Error(`${era} ${name}: output does not match its output schema: ${ajv.errorsText(validate.errors)}`);
    }
    // What a model behind a text-only framework sees: the result's JSON first, exactly.
    expect(result.content[0]).toEqual({ type: 'text', text: JSON.stringify(result.structuredContent) });
    called[era].add(name);
    return result.structuredContent as T;
  }

  return {
    service,
    clients,
    tools,
    called,
    callEra,
    outputValidator(era, name) {
      const validate = validators[era].get(name);
      if (!validate) throw new Error(`${era}: ${name} lists no output schema`);
      return validate;
    },
    async callBoth<T>(name: string, args: Record<string, unknown>, normalize: (result: T) => unknown = (result) => result): Promise<T> {
      const legacyResult = await callEra<T>('legacy', name, args);
      const modernResult = await callEra<T>('modern', name, args);
      expect(normalize(modernResult)).toEqual(normalize(legacyResult));
      return legacyResult;
    },
    async close() {
      await Promise.allSettled([legacy.close(), modern.close()]);
      await service.close();
    },
  };
}

/** The checks every service file makes on the listed tools: exact names, both eras alike, a schema each. */
export function expectListedTools(harness: Harness, names: readonly string[]): void {
  for (const era of ERAS) {
    expect([...harness.tools[era].keys()].sort()).toEqual([...names].sort());
    for (const tool of harness.tools[era].values()) {
      expect(tool.outputSchema).toMatchObject({ type: 'object' });
      expect(tool.inputSchema).toMatchObject({ type: 'object' });
    }
  }
  // Both eras advertise the same schemas and annotations for every tool.
  for (const name of names) {
    const legacy = harness.tools.legacy.get(name)!;
    const modern = harness.tools.modern.get(name)!;
    expect({ input: modern.inputSchema, output: modern.outputSchema, annotations: modern.annotations }).toEqual({
      input: legacy.inputSchema,
      output: legacy.outputSchema,
      annotations: legacy.annotations,
    });
  }
}

/** Every listed tool was called through both eras. */
export function expectEveryToolCalled(harness: Harness, names: readonly string[]): void {
  for (const era of ERAS) expect([...harness.called[era]].sort()).toEqual([...names].sort());
}

/**
 * The shared-store backends stateful services run on: memory always; Redis when REDIS_URL is set
 * (required with REQUIRE_SERVICES=1), under a key prefix no other run uses.
 */
export function storeBackends(): [string, Record<string, string> | undefined][] {
  const url = requireExternalService('REDIS_URL');
  const backends: [string, Record<string, string> | undefined][] = [['memory', undefined]];
  if (url) backends.push(['redis', { REDIS_URL: url, REDIS_KEY_PREFIX: uniqueKeyPrefix('e2e') }]);
  return backends;
}
