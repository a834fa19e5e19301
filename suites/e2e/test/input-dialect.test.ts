/**
 * Every input schema of the fleet, as both lanes list it, stays inside the portable dialect that
 * function-calling APIs and agent-framework converters accept (core's dialectViolations: every
 * node typed, objects closed, none of propertyNames, $ref/$defs, exclusive bounds, type arrays,
 * conditionals, anyOf/oneOf/allOf/not, const, format) and is a valid draft 2020-12 schema.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { dialectViolations } from '@a2a-mcp/core/mcp';
import { modernEnvelope, modernHeaders, startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { CATALOGUE, SERVICES, type ServiceName } from './catalogue.js';

interface Listed {
  name: string;
  inputSchema: unknown;
}

/**
 * A tools/list over a connection of its own (no keep-alive pool: a pooled socket to a closed
 * service's port would break another file's service that gets the port next). JSON or SSE answer.
 */
function listTools(mcpUrl: string, meta: Record<string, unknown>): Promise<Listed[]> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } });
  return new Promise((resolve, reject) => {
    const req = request(
      mcpUrl,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'x-api-key': TEST_KEYS.admin,
          ...modernHeaders('tools/list'),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json = text.trimStart().startsWith('{')
            ? text
            : text
                .split('\n')
                .filter((line) => line.startsWith('data:'))
                .map((line) => line.slice(5).trim())
                .pop()!;
          resolve((JSON.parse(json) as { result: { tools: Listed[] } }).result.tools);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const names = Object.keys(CATALOGUE) as ServiceName[];
const listed = new Map<ServiceName, { fast: Listed[]; sdk: Listed[] }>();

beforeAll(async () => {
  for (const name of names) {
    const service: RunningService = await startTestService(await SERVICES[name]());
    try {
      // The fast lane answers a canonical 2026-07-28 tools/list; a progress token sends it to the SDK lane.
      listed.set(name, {
        fast: await listTools(service.mcpUrl, modernEnvelope),
        sdk: await listTools(service.mcpUrl, { ...modernEnvelope, progressToken: 'p' }),
      });
    } finally {
      await service.close();
    }
  }
}, 120_000);

afterAll(() => listed.clear());

describe('input schemas of all 51 tools', () => {
  it('both lanes list the 51 tools of the catalogue with the same input schemas', () => {
    let count = 0;
    for (const name of names) {
      const { fast, sdk } = listed.get(name)!;
      expect(fast.map((t) => t.name).sort()).toEqual([...CATALOGUE[name]].sort());
      expect(sdk).toEqual(fast);
      count += fast.length;
    }
    expect(count).toBe(51);
  });

  it('every input schema is inside the portable dialect and compiles as draft 2020-12', () => {
    const ajv = new Ajv2020({ strict: true });
    const outside: Record<string, string[]> = {};
    for (const name of names) {
      for (const tool of listed.get(name)!.fast) {
        const violations = dialectViolations(tool.inputSchema);
        if (violations.length > 0) outside[tool.name] = violations;
        ajv.compile(tool.inputSchema as object);
      }
    }
    expect(outside).toEqual({});
  });
});
