/**
 * Sends fuzzed requests to the fleet, checks each answer against the invariants and keeps the
 * tallies the report prints (requests, statuses, tool outcomes, body kinds). A violated invariant
 * throws, so fast-check records the counterexample, shrinks it and prints its seed and path.
 */
import type { Agent } from 'node:http';
import { createAgent, sendRaw, type RawReply, type RawRequest, type SendOptions } from './http-client.js';
import { checkReply, sseData, type InvariantContext } from './invariants.js';
import type { FleetService } from './fleet.js';

export interface FuzzStats {
  requests: number;
  byStatus: Record<string, number>;
  /** Tool calls by outcome: `success`, an error code from `_meta['a2a-mcp/error']`, or `rpc <code>`. */
  toolOutcomes: Record<string, number>;
  /** Raw requests by body kind. */
  bodyKinds: Record<string, number>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** How a tools/call answer ended, for the tallies. */
export function toolOutcome(reply: RawReply): string {
  if (reply.error !== undefined) return 'transport failure';
  const text = reply.body.toString('utf8');
  const contentType = String(reply.headers['content-type'] ?? '');
  let payload: string | undefined = text;
  if (contentType.startsWith('text/event-stream')) payload = sseData(text, reply.cutOff).at(-1);
  let message: unknown;
  try {
    message = payload === undefined ? undefined : JSON.parse(payload);
  } catch {
    return `http ${reply.status}, not JSON`;
  }
  if (!isRecord(message)) return `http ${reply.status}`;
  if (isRecord(message.error)) return `rpc ${String(message.error.code)}`;
  const result = message.result;
  if (!isRecord(result)) return `http ${reply.status}`;
  if (result.isError !== true) return 'success';
  const meta = isRecord(result._meta) ? result._meta['a2a-mcp/error'] : undefined;
  return isRecord(meta) ? String(meta.code) : 'isError';
}

/** Replaces configured secrets in text meant for test output (counterexamples are printed). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('<secret>');
  return out;
}

/** A printable summary of a request (body cut to `limit` characters, secrets redacted). */
export function describeRequest(request: RawRequest, secrets: readonly string[], limit = 600): string {
  const body =
    request.body === undefined
      ? '(no body)'
      : `${request.body.length} bytes: ${JSON.stringify(request.body.toString('utf8').slice(0, limit))}`;
  return redact(`${request.method} ${request.path} ${JSON.stringify(request.headers).slice(0, 800)} ${body}`, secrets);
}

export class FuzzRunner {
  readonly stats: FuzzStats = { requests: 0, byStatus: {}, toolOutcomes: {}, bodyKinds: {} };
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly context: InvariantContext,
    private readonly sendOptions: SendOptions,
  ) {}

  private agent(service: FleetService): Agent {
    let agent = this.agents.get(service.name);
    if (!agent) {
      agent = createAgent();
      this.agents.set(service.name, agent);
    }
    return agent;
  }

  /** Sends one request and returns the answer; throws with a printable report when an invariant fails. */
  async exchange(service: FleetService, request: RawRequest, tally: { tool?: boolean; bodyKind?: string } = {}): Promise<RawReply> {
    const reply = await sendRaw(service.url, request, this.agent(service), this.sendOptions);
    this.stats.requests++;
    bump(this.stats.byStatus, reply.error === undefined ? String(reply.status) : 'transport failure');
    if (tally.tool) bump(this.stats.toolOutcomes, toolOutcome(reply));
    if (tally.bodyKind) bump(this.stats.bodyKinds, tally.bodyKind);
    const problems = checkReply(request, reply, this.context);
    const exit = service.exit();
    if (exit) problems.push(`${service.name} exited (code ${exit.code}, signal ${exit.signal})`);
    if (problems.length > 0) {
      const answer = `${reply.status} ${JSON.stringify(reply.headers['content-type'] ?? '')} ${JSON.stringify(reply.body.toString('utf8').slice(0, 600))}`;
      throw new Error(
        redact(
          `${service.name}: ${problems.join('; ')}\n  request: ${describeRequest(request, this.context.secrets)}\n  answer: ${answer}`,
          this.context.secrets,
        ),
      );
    }
    return reply;
  }

  /** Closes the keep-alive connections. */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
