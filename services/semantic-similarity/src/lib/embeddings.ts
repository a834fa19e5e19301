/**
 * Embedding providers. The built-in one (builtin-embeddings.ts) runs offline; the
 * OpenAI-compatible one posts to a `/v1/embeddings` endpoint (OpenAI, Ollama, vLLM, TEI, LM Studio)
 * through core's circuit breaker named `embeddings`.
 */
import { isServiceError, ServiceError, z, type BreakerOptions, type BreakerRegistry } from '@a2a-mcp/core';
import type { Vector } from './vectors.js';

/** The circuit breaker around the embeddings endpoint (`GET /circuit-breakers`, `mcp_circuit_breaker_state`). */
export const EMBEDDINGS_BREAKER = 'embeddings';

/**
 * The breaker's options over the CIRCUIT_BREAKER_* defaults. Only the endpoint failing counts
 * (refused, timed out, non-2xx, malformed answer: all `unavailable`); the caller's own abort (tool
 * timeout, disconnect) does not. No breaker timeout: EMBEDDINGS_TIMEOUT_MS bounds each request
 * and, unlike a breaker timeout, actually aborts it.
 */
export const EMBEDDINGS_BREAKER_OPTIONS: BreakerOptions = {
  timeoutMs: false,
  isFailure: (error) => isServiceError(error) && error.code === 'unavailable',
};

/** Where sentence vectors come from. */
export interface EmbeddingsProvider {
  readonly kind: 'builtin' | 'openai-compatible';
  /** Model name reported to callers. */
  readonly model: string;
  /** Vector length, once known (the remote one is known after its first answer). */
  dimensions(): number | undefined;
  /**
   * One vector per text, in order, all of one length; not necessarily normalised. A zero vector
   * means the model knows none of the text's words. Failures are `ServiceError('unavailable')`.
   * `breakers` (the tool context's) guards remote calls; without it (unit tests) calls go direct.
   */
  embed(texts: readonly string[], signal: AbortSignal, breakers?: BreakerRegistry): Promise<Vector[]>;
}

export interface OpenAiProviderOptions {
  /** The endpoint, or a base URL: `…/embeddings` is used as is, `…/v1` gets `/embeddings`, anything else `/v1/embeddings`. */
  url: string;
  model: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string | undefined;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Inputs per request. */
  batchSize: number;
}

/** Resolves the embeddings endpoint from `EMBEDDINGS_URL` (credentials belong in EMBEDDINGS_API_KEY, never the URL: see settings.ts). */
export function resolveEmbeddingsEndpoint(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path.endsWith('/embeddings')) parsed.pathname = path;
  else if (path.endsWith('/v1')) parsed.pathname = `${path}/embeddings`;
  else parsed.pathname = `${path}/v1/embeddings`;
  return parsed.toString();
}

const responseSchema = z.object({
  data: z
    .array(
      z.object({
        index: z.number().int().nonnegative(),
        embedding: z.array(z.number().refine(Number.isFinite)).min(1),
      }),
    )
    .min(1),
});

const UNAVAILABLE = 'The embeddings endpoint is unavailable';

/**
 * The OpenAI-compatible provider: `POST {model, input: [...]}` in batches of `batchSize`, one at a
 * time, each a separate call through the `embeddings` circuit breaker, under `timeoutMs` and the
 * caller's abort signal; `data[].embedding` is placed by `data[].index`. Every failure (connection
 * refused, timeout, non-2xx status, malformed JSON, missing or misplaced indexes, mixed dimensions)
 * is a retryable `unavailable`; while the breaker is open calls fail at once without a request.
 * Messages never carry the upstream body, the URL or the key.
 */
export function createOpenAiProvider({ url, model, apiKey, timeoutMs, batchSize }: OpenAiProviderOptions): EmbeddingsProvider {
  const endpoint = resolveEmbeddingsEndpoint(url);
  let dimensions: number | undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;

  const malformed = (reason: string): ServiceError =>
    new ServiceError('unavailable', 'The embeddings endpoint returned a malformed response', { data: { reason } });

  async function embedBatch(input: readonly string[], signal: AbortSignal): Promise<number[][]> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let body: string;
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model, input }),
        signal: AbortSignal.any([signal, timeout]),
      });
      body = await response.text();
      if (!response.ok)
        throw new ServiceError('unavailable', `${UNAVAILABLE} (HTTP ${response.status})`, { data: { status: response.status } });
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      // The caller's own abort (tool timeout, disconnect) is not the endpoint's fault.
      if (signal.aborted) throw error;
      if (timeout.aborted)
        throw new ServiceError('unavailable', `${UNAVAILABLE} (no answer within ${timeoutMs} ms)`, {
          cause: error,
          data: { timeout_ms: timeoutMs },
        });
      throw new ServiceError('unavailable', UNAVAILABLE, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw malformed('not JSON');
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) throw malformed('no data[].embedding array of numbers');
    const vectors: (number[] | undefined)[] = new Array<number[] | undefined>(input.length);
    for (const item of parsed.data.data) {
      if (item.index >= input.length || vectors[item.index] !== undefined) throw malformed('data[].index out of range or repeated');
      vectors[item.index] = item.embedding;
    }
    const result: number[][] = [];
    for (const vector of vectors) {
      if (vector === undefined) throw malformed('fewer embeddings than inputs');
      result.push(vector);
    }
    return result;
  }

  async function guardedBatch(input: readonly string[], signal: AbortSignal, breakers: BreakerRegistry | undefined): Promise<number[][]> {
    if (!breakers) return embedBatch(input, signal);
    try {
      return await breakers.get(EMBEDDINGS_BREAKER, EMBEDDINGS_BREAKER_OPTIONS).fire(() => embedBatch(input, signal));
    } catch (error) {
      if (isServiceError(error) && error.data?.circuit === 'open') {
        throw new ServiceError('unavailable', `${UNAVAILABLE} (circuit open after repeated failures; retry later)`, {
          data: { dependency: EMBEDDINGS_BREAKER, circuit: 'open' },
        });
      }
      throw error;
    }
  }

  return {
    kind: 'openai-compatible',
    model,
    dimensions: () => dimensions,
    async embed(texts, signal, breakers) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await guardedBatch(texts.slice(start, start + batchSize), signal, breakers)));
      }
      const length = vectors[0]?.length;
      if (vectors.some((vector) => vector.length !== length)) throw malformed('embeddings of different lengths');
      if (length !== undefined) dimensions = length;
      return vectors;
    },
  };
}
