/**
 * What every answer to a fuzzed request must satisfy, whatever the request was:
 *
 * - an answer at all (no reset, no stall), except a connection the server closed after refusing
 *   an oversized body (413 closes the connection by design, possibly mid-upload);
 * - no 5xx: every fuzzed request is a client's mistake or a valid request, and no dependency is down;
 * - a body of the documented kind: JSON-RPC response(s) on /mcp (JSON or SSE), JSON elsewhere
 *   (Prometheus text on /metrics), or no body where HTTP says so (HEAD, 202, 204);
 * - no internal error in disguise: no JSON-RPC -32603 and no tool result whose error code is
 *   `internal` (a handler that threw on bad input answers 200 with `isError`, so status alone
 *   would miss it);
 * - nothing that leaks: no stack frame, `node:internal`, `file://`, source line reference or
 *   repository path in the body or a header (unless the request itself carried that text, i.e. it
 *   is an echo of the caller's input), and never a configured secret.
 */
import type { RawReply, RawRequest } from './http-client.js';

export interface InvariantContext {
  /** Secrets the services were configured with (API keys, JWT secret, metrics token). */
  secrets: readonly string[];
  /** Paths that must never appear (repository root, home directory). */
  paths: readonly string[];
  /** MAX_BODY_BYTES of the services: a larger body may be cut off with the connection. */
  maxBodyBytes: number;
}

interface LeakPattern {
  name: string;
  pattern: RegExp;
}

const LEAK_PATTERNS: readonly LeakPattern[] = [
  { name: 'stack frame', pattern: /\bat (?:async )?[\w$.<>[\] ]*\(?(?:\/|file:|node:)[^\s)]*:\d+:\d+\)?/ },
  { name: 'stack frame', pattern: /\bat (?:async )?[\w$.<>[\]]+ \(<anonymous>\)/ },
  { name: 'node:internal', pattern: /node:internal/ },
  { name: 'file:// URL', pattern: /file:\/\// },
  { name: 'source line reference', pattern: /\.(?:[cm]?[jt]s|tsx?):\d+/ },
  { name: 'node_modules path', pattern: /\/node_modules\// },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerText(headers: Record<string, string | string[] | undefined>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : (value ?? '')}`)
    .join('\n');
}

function requestText(request: RawRequest): string {
  return `${request.method} ${request.path}\n${headerText(request.headers)}\n${request.body?.toString('utf8') ?? ''}`;
}

const isId = (id: unknown) => typeof id === 'string' || typeof id === 'number' || id === null;

/** Problems with one JSON-RPC message sent by a server (a response, or a notification/request on an SSE stream). */
export function jsonRpcProblems(message: unknown, allowServerMessages: boolean): string[] {
  if (!isRecord(message)) return ['a JSON-RPC message must be an object'];
  if (message.jsonrpc !== '2.0') return ['jsonrpc must be "2.0"'];
  if (allowServerMessages && typeof message.method === 'string' && !('result' in message) && !('error' in message)) {
    return message.params === undefined || isRecord(message.params) ? [] : ['params of a server message must be an object'];
  }
  const problems: string[] = [];
  if (!('id' in message) || !isId(message.id)) problems.push('a response needs an id that is a string, a number or null');
  const hasResult = 'result' in message;
  const hasError = 'error' in message;
  if (hasResult === hasError) problems.push('a response has exactly one of result and error');
  if (hasResult && !isRecord(message.result)) problems.push('result must be an object');
  if (hasError) {
    const error = message.error;
    if (!isRecord(error) || !Number.isInteger(error.code) || typeof error.message !== 'string')
      problems.push('error must be {code: integer, message: string}');
    else if (error.code === -32603) problems.push(`JSON-RPC internal error (-32603): ${error.message}`);
  }
  if (hasResult && isRecord(message.result)) {
    const meta = message.result._meta;
    const toolError = isRecord(meta) ? meta['a2a-mcp/error'] : undefined;
    if (isRecord(toolError) && toolError.code === 'internal')
      problems.push(`tool result with error code "internal": ${JSON.stringify(message.result.content).slice(0, 300)}`);
  }
  return problems;
}

/** The complete `data:` payloads of an SSE body (an event cut off by the stream's end is left out). */
export function sseData(body: string, cutOff: boolean): string[] {
  const events = body.replace(/\r\n/g, '\n').split('\n\n');
  if (cutOff || !body.endsWith('\n\n')) events.pop();
  const data: string[] = [];
  for (const event of events) {
    const lines = event.split('\n').filter((line) => line.startsWith('data:'));
    if (lines.length > 0) data.push(lines.map((line) => line.slice(5).replace(/^ /, '')).join('\n'));
  }
  return data;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function bodyProblems(request: RawRequest, reply: RawReply, route: string): string[] {
  const text = reply.body.toString('utf8');
  const contentType = String(reply.headers['content-type'] ?? '').toLowerCase();
  if (request.method === 'HEAD' || reply.status === 204 || reply.status === 304)
    return text.length === 0 ? [] : [`a ${request.method === 'HEAD' ? 'HEAD answer' : reply.status} must have no body`];
  if (text.length === 0) {
    if (reply.status === 202) return [];
    // Node's HTTP parser refuses what is no HTTP at all (an unknown method, headers over 16 KiB)
    // before any application code runs: a bare 400 or 431 with no content type, then it closes.
    if ((reply.status === 400 || reply.status === 431) && reply.headers['content-type'] === undefined) return [];
    return [`empty body with status ${reply.status}`];
  }
  if (route === '/mcp') {
    if (contentType.startsWith('text/event-stream')) {
      if (reply.status !== 200) return [`an SSE stream with status ${reply.status}`];
      const problems: string[] = [];
      for (const data of sseData(text, reply.cutOff)) {
        const parsed = parseJson(data);
        if (!parsed.ok) problems.push(`SSE data is not JSON: ${data.slice(0, 200)}`);
        else problems.push(...jsonRpcProblems(parsed.value, true));
      }
      return problems;
    }
    if (!contentType.startsWith('application/json')) return [`content type ${contentType || '(none)'} on /mcp`];
    const parsed = parseJson(text);
    if (!parsed.ok) return [`body is not JSON: ${text.slice(0, 200)}`];
    if (Array.isArray(parsed.value)) {
      if (parsed.value.length === 0) return ['an empty batch response'];
      return parsed.value.flatMap((message) => jsonRpcProblems(message, false));
    }
    const problems = jsonRpcProblems(parsed.value, false);
    const sent = parseJson(request.body?.toString('utf8') ?? '');
    if (
      problems.length === 0 &&
      sent.ok &&
      isRecord(sent.value) &&
      isRecord(parsed.value) &&
      parsed.value.id !== null &&
      (typeof sent.value.id === 'string' || typeof sent.value.id === 'number') &&
      parsed.value.id !== sent.value.id
    ) {
      problems.push(`response id ${JSON.stringify(parsed.value.id)} is not the request's ${JSON.stringify(sent.value.id)}`);
    }
    return problems;
  }
  if (route === '/metrics' && reply.status === 200) return contentType.startsWith('text/plain') ? [] : [`metrics served as ${contentType}`];
  if (!contentType.startsWith('application/json')) return [`content type ${contentType || '(none)'} on ${route}`];
  const parsed = parseJson(text);
  return parsed.ok && isRecord(parsed.value) ? [] : [`body is not a JSON object: ${text.slice(0, 200)}`];
}

/** Every violated invariant of `reply` to `request` (empty when all hold). */
export function checkReply(request: RawRequest, reply: RawReply, context: InvariantContext): string[] {
  if (reply.error !== undefined) {
    const oversized = (request.body?.length ?? 0) > context.maxBodyBytes;
    if (oversized && reply.status === 0 && /EPIPE|ECONNRESET|socket hang up/.test(reply.error)) return [];
    if (oversized && reply.status === 413) return [];
    return [`transport failure: ${reply.error}`];
  }
  const problems: string[] = [];
  if (reply.status >= 500) problems.push(`status ${reply.status}`);
  if (reply.status < 200) problems.push(`status ${reply.status}`);
  const q = request.path.indexOf('?');
  const route = q === -1 ? request.path : request.path.slice(0, q);
  problems.push(...bodyProblems(request, reply, route));
  const answer = `${headerText(reply.headers)}\n${reply.body.toString('utf8')}`;
  const asked = requestText(request);
  for (const { name, pattern } of LEAK_PATTERNS) {
    const found = pattern.exec(answer);
    if (found && !pattern.test(asked)) problems.push(`leaks a ${name}: ${JSON.stringify(found[0]).slice(0, 200)}`);
  }
  for (const path of context.paths) if (answer.includes(path) && !asked.includes(path)) problems.push(`leaks the path ${path}`);
  for (const secret of context.secrets) if (answer.includes(secret)) problems.push('leaks a configured secret');
  return problems;
}
