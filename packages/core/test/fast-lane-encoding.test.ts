/**
 * The fast lane's answer body (encodeFastLaneResult): a 2026-07-28 tools/call result has the modern
 * fields appended to the result's own JSON text instead of being rebuilt with object spreads. The
 * text must be exactly what serialising the whole answer object gives, byte for byte, for every
 * shape a tool can return; results that already carry `_meta` or `resultType`, other methods and
 * the 2025 era take the object path.
 */
import { describe, expect, it } from '@jest/globals';
import { encodeFastLaneResult, type FastLaneRequest } from '../src/mcp/fast-lane.js';

const serverInfo = { name: 'confidence-calculator', version: '1.4.0' };
const call = (era: 'modern' | 'legacy', id: string | number = 7): FastLaneRequest => ({ id, method: 'tools/call', era, toolName: 't' });

const structured = { scenario: 'partial_evidence', confidence: 0.5, known_scenario: true };
const toolResult = { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };

describe('encodeFastLaneResult', () => {
  it('a modern tools/call result: the exact answer text, server info in _meta, resultType complete', () => {
    expect(encodeFastLaneResult(call('modern'), toolResult, serverInfo)).toBe(
      '{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"{\\"scenario\\":\\"partial_evidence\\",\\"confidence\\":0.5,\\"known_scenario\\":true}"}],' +
        '"structuredContent":{"scenario":"partial_evidence","confidence":0.5,"known_scenario":true},' +
        '"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"confidence-calculator","version":"1.4.0"}}}}',
    );
  });

  it.each([
    [
      'a rendered second block and a string id',
      { ...toolResult, content: [...toolResult.content, { type: 'text', text: '1/2 ok' }] },
      'req-"1"',
    ],
    [
      'non-ASCII text and a line separator',
      { content: [{ type: 'text', text: 'Zürich \u2028 日本' }], structuredContent: { city: 'Zürich' } },
      3,
    ],
    [
      'an isError result with its own _meta',
      { content: [{ type: 'text', text: 'no' }], isError: true, _meta: { 'a2a-mcp/error': { code: 'x' } } },
      4,
    ],
    ['a result naming resultType itself', { content: [], resultType: 'partial' }, 5],
    ['an empty result', {}, 6],
  ])('%s: the same text as serialising the whole answer', (_label, result, id) => {
    const reference = JSON.stringify({
      jsonrpc: '2.0',
      id,
      result: {
        ...result,
        resultType: 'complete',
        _meta: { ...((result as { _meta?: object })._meta ?? {}), 'io.modelcontextprotocol/serverInfo': serverInfo },
      },
    });
    expect(encodeFastLaneResult(call('modern', id), result, serverInfo)).toBe(reference);
  });

  it('2025 era: the result as it is', () => {
    expect(encodeFastLaneResult(call('legacy'), toolResult, serverInfo)).toBe(
      JSON.stringify({ jsonrpc: '2.0', id: 7, result: toolResult }),
    );
  });

  it('a modern tools/list is marked private to the caller', () => {
    const text = encodeFastLaneResult({ id: 1, method: 'tools/list', era: 'modern' }, { tools: [] }, serverInfo);
    expect(JSON.parse(text)).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: {
        tools: [],
        resultType: 'complete',
        _meta: { 'io.modelcontextprotocol/serverInfo': serverInfo },
        ttlMs: 0,
        cacheScope: 'private',
      },
    });
  });
});
