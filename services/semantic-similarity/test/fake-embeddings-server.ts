/**
 * A small OpenAI-compatible `/v1/embeddings` server on 127.0.0.1, port 0, for tests. Each text gets
 * a deterministic 4-dimensional vector (see `fakeVector`); `mode` switches on failures.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'ok' | 'error500' | 'hang' | 'garbage' | 'missing' | 'reversed' | 'mixed';

/** Vector of a text: (length, vowels, spaces, 1), so related strings are predictable. */
export function fakeVector(text: string): number[] {
  return [text.length, (text.match(/[aeiou]/gi) ?? []).length, (text.match(/ /g) ?? []).length, 1];
}

export interface FakeEmbeddingsServer {
  url: string;
  requests: { headers: IncomingHttpHeaders; body: { model: string; input: string[] } }[];
  mode: FakeMode;
  close(): Promise<void>;
}

export async function startFakeEmbeddingsServer(mode: FakeMode = 'ok'): Promise<FakeEmbeddingsServer> {
  const state: FakeEmbeddingsServer = { url: '', requests: [], mode, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { model: string; input: string[] };
      state.requests.push({ headers: req.headers, body });
      if (state.mode === 'hang') return;
      if (state.mode === 'error500') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream secret stack trace');
        return;
      }
      if (state.mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [not json');
        return;
      }
      let data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: fakeVector(text) }));
      if (state.mode === 'missing') data = data.slice(1);
      if (state.mode === 'reversed') data = data.reverse();
      if (state.mode === 'mixed') data = data.map((item, i) => (i === 0 ? { ...item, embedding: [1, 2] } : item));
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', model: body.model, data, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
