/**
 * The worker-thread pool behind `ctx.compute`: created on the first heavy call and not before,
 * light payloads inline, the tool's timeout and the caller's abort terminate the thread running
 * the task, a heap or stack running out fails only that call (`resource_exhausted`), errors cross
 * the thread boundary with their code, and shutdown ends the pool. The tasks are plain JavaScript
 * (test/fixtures/compute-tasks.mjs) because a worker thread cannot load TypeScript.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { threadId } from 'node:worker_threads';
import { z } from 'zod';
import { expandPermissions, type Identity } from '../src/auth/identity.js';
import { loadConfig } from '../src/config.js';
import { ComputePool, type ComputePoolOptions } from '../src/compute/pool.js';
import { defineTask, workerModuleUrl } from '../src/compute/task.js';
import { createLogger } from '../src/logger.js';
import { callTool, type CallToolDeps, type CallToolResult } from '../src/mcp/call-tool.js';
import { ToolRegistry } from '../src/mcp/tool-registry.js';
import { defineService } from '../src/service.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { defineTool, type AnyToolDefinition } from '../src/tool.js';
import { crash, exhaustHeap, recurse, refuse, spinForever, sum } from './fixtures/compute-tasks.mjs';
import { coreTestConfig, KEYS } from './helpers/service.js';
import { startService } from '../src/runtime.js';

const identity: Identity = { clientId: 'tester', permissions: expandPermissions(['read']), authType: 'api_key' };
const annotations = { readOnlyHint: true, openWorldHint: false };
const tasks = new URL('./fixtures/compute-tasks.mjs', import.meta.url);

/** Light (at most 3 values) runs inline, heavier in the pool. */
const sumTask = defineTask(tasks, sum, { weight: (p) => p.values.length, poolAbove: 3 });
const spinTask = defineTask(tasks, spinForever);
const heapTask = defineTask(tasks, exhaustHeap);
const recurseTask = defineTask(tasks, recurse);
const refuseTask = defineTask(tasks, refuse);
const crashTask = defineTask(tasks, crash);

function tool(
  name: string,
  run: (ctx: Parameters<AnyToolDefinition['handler']>[1], input: Record<string, unknown>) => unknown,
  timeoutMs?: number,
): AnyToolDefinition {
  return defineTool({
    name,
    description: name,
    permission: 'read',
    annotations,
    input: z.object({ values: z.array(z.number()).optional() }),
    output: z.object({ total: z.number(), threadId: z.number() }),
    handler: (input, ctx) => run(ctx, input) as { total: number; threadId: number },
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

const TOOLS: AnyToolDefinition[] = [
  tool('sum_values', (ctx, input) => ctx.compute(sumTask, { values: input.values as number[] })),
  tool('spin', (ctx) => ctx.compute(spinTask, {}), 300),
  tool('spin_long', (ctx) => ctx.compute(spinTask, { started }), 60_000),
  tool('exhaust_heap', (ctx) => ctx.compute(heapTask, {}), 60_000),
  tool('recurse', (ctx) => ctx.compute(recurseTask, { depth: 0 })),
  tool('refuse', (ctx) => ctx.compute(refuseTask, { field: 'values' })),
  tool('crash', (ctx) => ctx.compute(crashTask, {})),
];

/** Set to 1 by spin_long's task once it runs on its thread (memory shared with the worker). */
let started = new Int32Array(new SharedArrayBuffer(4));
const runningOnWorker = () => waitUntil(() => Atomics.load(started, 0) === 1);

const pools: ComputePool[] = [];
afterEach(async () => {
  started = new Int32Array(new SharedArrayBuffer(4));
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function setup(options: Partial<ComputePoolOptions> = {}): { deps: CallToolDeps; pool: ComputePool } {
  const pool = new ComputePool({ threads: 1, heapMb: 64, idleTimeoutMs: 60_000, maxQueue: 8, ...options });
  pools.push(pool);
  const deps: CallToolDeps = {
    service: 'compute-test',
    registry: new ToolRegistry(TOOLS),
    logger: createLogger({ service: 'compute-test', level: 'silent' }),
    store: new MemoryStore({ sweepIntervalMs: 60_000 }),
    defaultTimeoutMs: 30_000,
    compute: pool,
  };
  return { deps, pool };
}

const call = (deps: CallToolDeps, name: string, args: Record<string, unknown> = {}, signal?: AbortSignal): Promise<CallToolResult> =>
  callTool(deps, name, args, { identity, correlationId: 'compute', ...(signal ? { signal } : {}) });

const errorOf = (result: CallToolResult) => ({
  isError: result.isError,
  text: result.content[0]!.text,
  error: result._meta?.['a2a-mcp/error'],
});

async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe('compute pool: creation and placement', () => {
  it('starts no thread until the first heavy call, runs light payloads inline, heavy ones on a worker thread', async () => {
    const { deps, pool } = setup();
    expect(pool.stats()).toEqual({ started: false, threads: 0, queued: 0, completed: 0 });
    const light = await call(deps, 'sum_values', { values: [1, 2, 3] });
    expect(light.structuredContent).toEqual({ total: 6, threadId });
    expect(pool.stats().started).toBe(false);
    const heavy = await call(deps, 'sum_values', { values: [1, 2, 3, 4] });
    expect(heavy.structuredContent?.total).toBe(10);
    expect(heavy.structuredContent?.threadId).not.toBe(threadId);
    expect(pool.stats()).toMatchObject({ started: true, threads: 1, completed: 1 });
  });

  it('ends idle threads after the idle timeout, and starts one again for the next heavy call', async () => {
    const { deps, pool } = setup({ idleTimeoutMs: 100 });
    await call(deps, 'sum_values', { values: [1, 1, 1, 1] });
    await waitUntil(() => pool.stats().threads === 0);
    const again = await call(deps, 'sum_values', { values: [2, 2, 2, 2, 2] });
    expect(again.structuredContent?.total).toBe(10);
  });

  it('with TOOL_WORKERS=0 every task runs inline and no pool is created', async () => {
    const { deps, pool } = setup({ threads: 0 });
    const result = await call(deps, 'sum_values', { values: [1, 2, 3, 4, 5] });
    expect(result.structuredContent).toEqual({ total: 15, threadId });
    expect(pool.enabled).toBe(false);
    expect(pool.stats().started).toBe(false);
  });
});

describe('compute pool: deadlines and aborts', () => {
  it('terminates the thread of a task past the tool timeout; the call ends with `timeout` and the next call is served', async () => {
    const { deps, pool } = setup();
    // A warm thread takes the task at once, so the deadline finds it running on that thread (not queued).
    await call(deps, 'sum_values', { values: [1, 1, 1, 1] });
    const result = await call(deps, 'spin', {});
    expect(errorOf(result)).toEqual({
      isError: true,
      text: 'Tool call timed out after 300 ms',
      error: { code: 'timeout', retryable: true, data: { timeoutMs: 300 } },
    });
    // A spinning thread never goes idle: only termination brings the count back to zero.
    await waitUntil(() => pool.stats().threads === 0);
    expect((await call(deps, 'sum_values', { values: [5, 5, 5, 5] })).structuredContent?.total).toBe(20);
  });

  it('the caller going away (client disconnect) terminates the running task', async () => {
    const { deps, pool } = setup();
    const gone = new AbortController();
    const pending = call(deps, 'spin_long', {}, gone.signal);
    await runningOnWorker();
    gone.abort();
    expect(errorOf(await pending)).toEqual({ isError: true, text: 'The call was cancelled', error: { code: 'timeout', retryable: true } });
    await waitUntil(() => pool.stats().threads === 0);
    expect((await call(deps, 'sum_values', { values: [1, 2, 3, 4] })).structuredContent?.total).toBe(10);
  });

  it('a full queue fails at once with the retryable `unavailable`', async () => {
    const { deps, pool } = setup({ maxQueue: 1 });
    const gone = new AbortController();
    const running = call(deps, 'spin_long', {}, gone.signal);
    await runningOnWorker();
    const queued = call(deps, 'spin_long', {}, gone.signal);
    await waitUntil(() => pool.stats().queued === 1);
    const refused = await call(deps, 'sum_values', { values: [1, 2, 3, 4] });
    expect(errorOf(refused)).toEqual({
      isError: true,
      text: 'Every compute worker is busy and the queue is full; retry later',
      error: { code: 'unavailable', retryable: true, data: { max_queue: 1 } },
    });
    gone.abort();
    await Promise.all([running, queued]);
  });
});

describe('compute pool: failures stay in the call', () => {
  it('a task that exhausts its heap fails with `resource_exhausted`; the process and the pool go on', async () => {
    const { deps } = setup({ heapMb: 32 });
    const result = await call(deps, 'exhaust_heap', {});
    expect(errorOf(result)).toEqual({
      isError: true,
      text: 'The call needed more memory than a tool may use (32 MiB); reduce the input',
      error: { code: 'resource_exhausted', retryable: false, data: { limit_mb: 32 } },
    });
    expect((await call(deps, 'sum_values', { values: [1, 2, 3, 4] })).structuredContent?.total).toBe(10);
  });

  it('a stack overflow on a worker fails with `resource_exhausted`', async () => {
    const { deps } = setup();
    expect(errorOf(await call(deps, 'recurse', {}))).toEqual({
      isError: true,
      text: 'The call needs more memory or stack than a tool may use; reduce the input',
      error: { code: 'resource_exhausted', retryable: false },
    });
  });

  it('a ServiceError thrown on the worker arrives with its code, message and data', async () => {
    const { deps } = setup();
    expect(errorOf(await call(deps, 'refuse', {}))).toEqual({
      isError: true,
      text: 'values: too many',
      error: { code: 'invalid_arguments', retryable: false, data: { field: 'values', max: 3 } },
    });
  });

  it('any other error on the worker is `internal`, without its message', async () => {
    const { deps } = setup();
    expect(errorOf(await call(deps, 'crash', {}))).toEqual({
      isError: true,
      text: 'Internal error',
      error: { code: 'internal', retryable: false },
    });
  });
});

describe('compute pool: shutdown', () => {
  it('close() ends a running task with `shutting_down` and refuses later ones', async () => {
    const { deps, pool } = setup();
    const running = call(deps, 'spin_long', {}).then(errorOf);
    await runningOnWorker();
    await pool.close();
    expect(await running).toEqual({
      isError: true,
      text: 'The service is shutting down',
      error: { code: 'shutting_down', retryable: true },
    });
    expect(errorOf(await call(deps, 'sum_values', { values: [1, 2, 3, 4] })).error).toEqual({ code: 'shutting_down', retryable: true });
  });

  it('a service shutting down during a long pooled call answers it and stops within SHUTDOWN_TIMEOUT_MS, not the tool timeout', async () => {
    const service = await startService(
      defineService({
        name: 'compute-shutdown',
        version: '1.0.0',
        tools: [tool('spin_long', (ctx) => ctx.compute(spinTask, { started }))],
      }),
      {
        config: coreTestConfig({ TOOL_TIMEOUT_MS: '600000', SHUTDOWN_TIMEOUT_MS: '300' }),
        port: 0,
      },
    );
    const status = async () => ((await (await fetch(`${service.url}/status`)).json()) as { compute: Record<string, unknown> }).compute;
    expect(await status()).toEqual({ maxThreads: service.config.TOOL_WORKERS, started: false, threads: 0, queued: 0, completed: 0 });
    const answer = fetch(service.mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-api-key': KEYS.read,
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'spin_long', arguments: {} } }),
    }).then(
      async (response) => ({ status: response.status, body: (await response.json()) as { result: CallToolResult } }),
      () => undefined,
    );
    await runningOnWorker();
    expect(await status()).toMatchObject({ started: true, threads: 1 });
    await service.close();
    const answered = await answer;
    expect(answered?.status).toBe(200);
    expect(errorOf(answered!.body.result)).toEqual({
      isError: true,
      text: 'The service is shutting down',
      error: { code: 'shutting_down', retryable: true },
    });
  });
});

describe('compute tasks and settings', () => {
  it('resolves a task module under src/ to the built file under dist/ (a worker thread cannot load TypeScript)', () => {
    expect(workerModuleUrl(new URL('../src/compute/worker.ts', import.meta.url).href)).toBe(
      new URL('../dist/compute/worker.js', import.meta.url).href,
    );
    expect(workerModuleUrl(tasks.href)).toBe(tasks.href);
    expect(() => workerModuleUrl(new URL('../src/compute/missing.ts', import.meta.url).href)).toThrow(
      /compute task module not found: .*src\/compute\/missing\.js or .*dist\/compute\/missing\.js \(build the package first\)/,
    );
  });

  it('takes the export name from the function and refuses one without a name', () => {
    expect(sumTask).toMatchObject({ module: tasks.href, exportName: 'sum' });
    expect(() =>
      defineTask(
        tasks,
        (
          () => () =>
            1
        )(),
      ),
    ).toThrow('defineTask: the function has no usable name (""); pass exportName');
  });

  it('reads TOOL_WORKERS, TOOL_WORKER_HEAP_MB, TOOL_WORKER_IDLE_MS and TOOL_WORKER_MAX_QUEUE', () => {
    const config = loadConfig({ TOOL_WORKERS: '0', TOOL_WORKER_HEAP_MB: '128', TOOL_WORKER_IDLE_MS: '1000', TOOL_WORKER_MAX_QUEUE: '5' });
    expect([config.TOOL_WORKERS, config.TOOL_WORKER_HEAP_MB, config.TOOL_WORKER_IDLE_MS, config.TOOL_WORKER_MAX_QUEUE]).toEqual([
      0, 128, 1000, 5,
    ]);
    const defaults = loadConfig({});
    expect([defaults.TOOL_WORKER_HEAP_MB, defaults.TOOL_WORKER_IDLE_MS, defaults.TOOL_WORKER_MAX_QUEUE]).toEqual([512, 30_000, 64]);
    expect(() => loadConfig({ TOOL_WORKERS: '65', TOOL_WORKER_HEAP_MB: '8' })).toThrow(
      /TOOL_WORKERS: must be at most 64[\s\S]*TOOL_WORKER_HEAP_MB: must be at least 32/,
    );
  });
});
