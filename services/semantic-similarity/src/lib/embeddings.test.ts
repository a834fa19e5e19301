import { afterEach, describe, expect, it } from '@jest/globals';
import { BreakerRegistry } from '@a2a-mcp/core';
import { fakeVector, startFakeEmbeddingsServer, type FakeEmbeddingsServer } from '../../test/fake-embeddings-server.js';
import { createOpenAiProvider, EMBEDDINGS_BREAKER, resolveEmbeddingsEndpoint } from './embeddings.js';

let server: FakeEmbeddingsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const signal = (): AbortSignal => new AbortController().signal;

async function providerFor(
  mode: Parameters<typeof startFakeEmbeddingsServer>[0],
  options: { batchSize?: number; timeoutMs?: number; apiKey?: string } = {},
) {
  server = await startFakeEmbeddingsServer(mode);
  return createOpenAiProvider({
    url: server.url,
    model: 'test-model',
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs ?? 5000,
    batchSize: options.batchSize ?? 64,
  });
}

describe('resolveEmbeddingsEndpoint', () => {
  it.each([
    ['http://localhost:11434', 'http://localhost:11434/v1/embeddings'],
    ['http://localhost:11434/v1', 'http://localhost:11434/v1/embeddings'],
    ['http://localhost:11434/v1/', 'http://localhost:11434/v1/embeddings'],
    ['https://api.example.com/v1/embeddings', 'https://api.example.com/v1/embeddings'],
  ])('%s → %s', (url, endpoint) => {
    expect(resolveEmbeddingsEndpoint(url)).toBe(endpoint);
  });
});

describe('OpenAI-compatible provider', () => {
  it('posts {model, input} with the bearer key and returns one vector per text', async () => {
    const provider = await providerFor('ok', { apiKey: 'sk-test-secret' });
    const vectors = await provider.embed(['hello world', 'cat'], signal());
    expect(vectors).toEqual([fakeVector('hello world'), fakeVector('cat')]);
    expect(server!.requests).toHaveLength(1);
    expect(server!.requests[0]!.body).toEqual({ model: 'test-model', input: ['hello world', 'cat'] });
    expect(server!.requests[0]!.headers.authorization).toBe('Bearer sk-test-secret');
    expect(provider.dimensions()).toBe(4);
    expect(provider.kind).toBe('openai-compatible');
  });

  it('sends no Authorization header without a key', async () => {
    const provider = await providerFor('ok');
    await provider.embed(['a'], signal());
    expect(server!.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('splits the input into batches of batchSize, in order', async () => {
    const provider = await providerFor('ok', { batchSize: 2 });
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const vectors = await provider.embed(texts, signal());
    expect(server!.requests.map((r) => r.body.input)).toEqual([['one', 'two'], ['three', 'four'], ['five']]);
    expect(vectors).toEqual(texts.map(fakeVector));
  });

  it('places embeddings by their index, not their order', async () => {
    const provider = await providerFor('reversed');
    expect(await provider.embed(['a', 'bb', 'ccc'], signal())).toEqual([fakeVector('a'), fakeVector('bb'), fakeVector('ccc')]);
  });

  it('turns a 500 into unavailable without the upstream body', async () => {
    const provider = await providerFor('error500', { apiKey: 'sk-test-secret' });
    const error = await provider.embed(['a'], signal()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable', message: 'The embeddings endpoint is unavailable (HTTP 500)', retryable: true });
    expect(JSON.stringify(error)).not.toContain('secret');
    expect((error as Error).message).not.toContain('stack');
  });

  it('times out a hanging endpoint', async () => {
    const provider = await providerFor('hang', { timeoutMs: 200 });
    await expect(provider.embed(['a'], signal())).rejects.toMatchObject({
      code: 'unavailable',
      message: 'The embeddings endpoint is unavailable (no answer within 200 ms)',
    });
  });

  it('passes the caller’s abort through instead of blaming the endpoint', async () => {
    const provider = await providerFor('hang', { timeoutMs: 10_000 });
    const controller = new AbortController();
    const pending = provider.embed(['a'], controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it.each([
    ['garbage', 'not JSON'],
    ['missing', 'fewer embeddings than inputs'],
    ['mixed', 'embeddings of different lengths'],
  ] as const)('rejects a malformed answer (%s)', async (mode, reason) => {
    const provider = await providerFor(mode);
    await expect(provider.embed(['a', 'b'], signal())).rejects.toMatchObject({
      code: 'unavailable',
      message: 'The embeddings endpoint returned a malformed response',
      data: { reason },
    });
  });

  it('reports a refused connection as unavailable', async () => {
    const provider = await providerFor('ok');
    await server!.close();
    await expect(provider.embed(['a'], signal())).rejects.toMatchObject({
      code: 'unavailable',
      message: 'The embeddings endpoint is unavailable',
    });
  });
});

describe('OpenAI-compatible provider behind the embeddings breaker', () => {
  let breakers: BreakerRegistry | undefined;
  afterEach(() => {
    breakers?.shutdown();
    breakers = undefined;
  });

  it('fires one breaker call per batch', async () => {
    breakers = new BreakerRegistry({ defaults: { volumeThreshold: 2, resetTimeoutMs: 60_000 } });
    const provider = await providerFor('ok', { batchSize: 2 });
    expect(await provider.embed(['one', 'two', 'three'], signal(), breakers)).toEqual(['one', 'two', 'three'].map(fakeVector));
    expect(breakers.snapshot()[EMBEDDINGS_BREAKER]).toEqual({
      state: 'closed',
      stats: { fires: 2, successes: 2, failures: 0, rejects: 0, timeouts: 0 },
    });
  });

  it('opens after the threshold and then fails without sending a request', async () => {
    breakers = new BreakerRegistry({ defaults: { volumeThreshold: 2, failureThresholdPercent: 50, resetTimeoutMs: 60_000 } });
    const provider = await providerFor('error500');
    for (let i = 0; i < 2; i++)
      await expect(provider.embed(['a'], signal(), breakers)).rejects.toMatchObject({
        message: 'The embeddings endpoint is unavailable (HTTP 500)',
      });
    expect(breakers.get(EMBEDDINGS_BREAKER).state()).toBe('open');
    server!.mode = 'ok';
    const error = await provider.embed(['a'], signal(), breakers).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'unavailable',
      retryable: true,
      message: 'The embeddings endpoint is unavailable (circuit open after repeated failures; retry later)',
      data: { dependency: 'embeddings', circuit: 'open' },
    });
    expect(server!.requests).toHaveLength(2);
    breakers.reset(EMBEDDINGS_BREAKER);
    expect(await provider.embed(['a'], signal(), breakers)).toEqual([fakeVector('a')]);
  });

  it('does not count the caller’s own abort as the endpoint failing', async () => {
    breakers = new BreakerRegistry({ defaults: { volumeThreshold: 1, failureThresholdPercent: 1, resetTimeoutMs: 60_000 } });
    const provider = await providerFor('hang', { timeoutMs: 10_000 });
    const controller = new AbortController();
    const pending = provider.embed(['a'], controller.signal, breakers);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(breakers.snapshot()[EMBEDDINGS_BREAKER]).toMatchObject({ state: 'closed', stats: { fires: 1, failures: 0 } });
  });
});
