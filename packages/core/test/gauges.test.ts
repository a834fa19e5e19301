/**
 * Service gauges: declared in the service definition, computed from the store at each scrape of
 * /metrics, bounded label sets, absent (not stale, not a 500) when the store fails.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineGauge, type GaugeDefinition } from '../src/gauges.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { RedisStore } from '../src/store/redis-store.js';
import type { Store } from '../src/store/store.js';
import { startService, type RunningService } from '../src/runtime.js';
import { defineService } from '../src/service.js';
import { defineTool } from '../src/tool.js';
import { coreTestConfig as testConfig } from './helpers/service.js';
import { deleteRedisPrefix, requireExternalService, uniquePrefix } from './support/external.js';

const redisUrl = requireExternalService('REDIS_URL');
const prefix = uniquePrefix('gauges');

const gauges: GaugeDefinition[] = [
  defineGauge({
    name: 'mcp_sessions_active',
    help: 'Active sessions',
    collect: async ({ store }) => Number((await store.get('g:sessions')) ?? '0'),
  }),
  defineGauge({
    name: 'mcp_test_depth',
    help: 'Depth by queue',
    labelNames: ['queue'],
    maxSeries: 2,
    collect: async ({ store }) => {
      const all = (await store.hashGetAll('g:depth')) ?? {};
      return Object.entries(all)
        .map(([queue, value]) => ({ labels: { queue }, value: Number(value) }))
        .sort((a, b) => b.value - a.value);
    },
  }),
];

const definition = defineService({
  name: 'gauge-test',
  version: '1.0.0',
  gauges,
  tools: [
    defineTool({
      name: 'noop',
      description: 'Nothing.',
      permission: 'read',
      annotations: {},
      input: z.object({}),
      output: z.object({}),
      handler: () => ({}),
    }),
  ],
});

/** The sample lines of `name` in a /metrics body, e.g. `mcp_test_depth{queue="a",service="gauge-test"} 3`. */
async function samples(running: RunningService, name: string): Promise<string[]> {
  const res = await fetch(`${running.url}/metrics`);
  expect(res.status).toBe(200);
  const body = await res.text();
  return body.split('\n').filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`));
}

const backends: [string, (() => Store) | undefined][] = [
  ['memory', () => new MemoryStore()],
  ['redis', redisUrl ? () => new RedisStore({ url: redisUrl, keyPrefix: prefix }) : undefined],
];

afterAll(async () => {
  if (redisUrl) await deleteRedisPrefix(redisUrl, prefix);
});

describe.each(backends)('service gauges on the %s store', (_name, create) => {
  const run = create ? it : it.skip;
  let running: RunningService | undefined;
  afterAll(async () => {
    await running?.close();
  });

  run('reports the store value at each scrape, replacing the core placeholder, top maxSeries label sets only', async () => {
    const store = create!();
    running = await startService(definition, { config: testConfig(), port: 0, store });
    expect(await samples(running, 'mcp_sessions_active')).toEqual(['mcp_sessions_active{service="gauge-test"} 0']);
    expect(await samples(running, 'mcp_test_depth')).toEqual([]);
    await store.set('g:sessions', '7');
    await store.hashSet('g:depth', { a: '3', b: '9', c: '1' });
    expect(await samples(running, 'mcp_sessions_active')).toEqual(['mcp_sessions_active{service="gauge-test"} 7']);
    expect(await samples(running, 'mcp_test_depth')).toEqual([
      'mcp_test_depth{queue="b",service="gauge-test"} 9',
      'mcp_test_depth{queue="a",service="gauge-test"} 3',
    ]);
    await store.hashDelete('g:depth', ['b']);
    await store.set('g:sessions', '2');
    expect(await samples(running, 'mcp_sessions_active')).toEqual(['mcp_sessions_active{service="gauge-test"} 2']);
    expect(await samples(running, 'mcp_test_depth')).toEqual([
      'mcp_test_depth{queue="a",service="gauge-test"} 3',
      'mcp_test_depth{queue="c",service="gauge-test"} 1',
    ]);
    expect(await samples(running, 'mcp_gauge_collect_failures_total')).toEqual([
      'mcp_gauge_collect_failures_total{gauge="mcp_sessions_active",service="gauge-test"} 0',
      'mcp_gauge_collect_failures_total{gauge="mcp_test_depth",service="gauge-test"} 0',
    ]);
  });

  run('leaves a gauge out (and counts the failure) while the store fails; the scrape still answers 200', async () => {
    const store = running!.store;
    await store.set('g:depth', 'not a hash');
    expect(await samples(running!, 'mcp_test_depth')).toEqual([]);
    expect(await samples(running!, 'mcp_sessions_active')).toEqual(['mcp_sessions_active{service="gauge-test"} 2']);
    expect(await samples(running!, 'mcp_gauge_collect_failures_total')).toContain(
      'mcp_gauge_collect_failures_total{gauge="mcp_test_depth",service="gauge-test"} 2',
    );
    await store.delete('g:depth');
    await store.hashSet('g:depth', { d: '4' });
    expect(await samples(running!, 'mcp_test_depth')).toEqual(['mcp_test_depth{queue="d",service="gauge-test"} 4']);
  });
});

describe('gauge declarations', () => {
  const base = { name: 'x', version: '1.0.0', tools: [] };
  const collect = () => Promise.resolve(1);
  it.each([
    [[{ name: 'sessions_active', help: 'h', collect }], 'Gauge name "sessions_active" must be snake_case with the mcp_ prefix'],
    [
      [
        { name: 'mcp_a', help: 'h', collect },
        { name: 'mcp_a', help: 'h', collect },
      ],
      'Gauge "mcp_a" is declared twice',
    ],
    [
      [{ name: 'mcp_a', help: 'h', labelNames: ['service'], collect }],
      'Gauge "mcp_a": label "service" must be snake_case and not "service"',
    ],
    [[{ name: 'mcp_a', help: 'h', maxSeries: 101, collect }], 'Gauge "mcp_a": maxSeries must be an integer from 1 to 100'],
  ] as [GaugeDefinition[], string][])('rejects %j at declaration', (declared, message) => {
    expect(() => defineService({ ...base, gauges: declared })).toThrow(message);
  });

  it('refuses a gauge that would shadow a core metric', async () => {
    const definition = defineService({ ...base, gauges: [{ name: 'mcp_tool_calls_total', help: 'h', collect }] });
    await expect(startService(definition, { config: testConfig(), port: 0, store: new MemoryStore() })).rejects.toThrow(
      'Gauge "mcp_tool_calls_total" is already a core metric',
    );
  });
});
