/** Raw HTTP access to /mcp, for status codes, headers and malformed bodies. */

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (SSE bodies: the last `data:` message), or undefined. */
  json: unknown;
}

export const modernEnvelope = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** Routing headers of a 2026-07-28 request. */
export function modernHeaders(method: string, name?: string): Record<string, string> {
  return { 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, ...(name ? { 'mcp-name': name } : {}) };
}

/** Headers of a 2025-era request after initialize. */
export function legacyHeaders(version = '2025-11-25'): Record<string, string> {
  return { 'mcp-protocol-version': version };
}

/** POSTs `body` (a value is JSON-encoded; a string is sent as-is) to `url`. */
export async function mcpPost(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    if (response.headers.get('content-type')?.includes('text/event-stream')) {
      const data = text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim());
      json = data.length ? JSON.parse(data[data.length - 1]!) : undefined;
    } else {
      json = text ? JSON.parse(text) : undefined;
    }
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
