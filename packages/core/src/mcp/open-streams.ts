/**
 * Open streams per client on this replica, counted across both protocol eras: 2025-era session GET
 * streams and 2026-07-28 `subscriptions/listen` streams share one count per client. An open stream
 * holds a connection and memory of this process, so the count is per replica (a client's streams
 * on another replica are that replica's concern); what it prevents is one client holding every
 * stream slot of a worker and locking every other client out.
 */
import { quotaSubject, type Identity } from '../auth/identity.js';
import { quotaExceeded } from '../errors.js';

export class OpenStreams {
  private readonly perClient = new Map<string, number>();

  /** @param limit open streams one client may hold (OPEN_STREAMS_PER_CLIENT). */
  constructor(readonly limit: number) {}

  /**
   * Counts one more open stream for `identity`, or throws the retryable `quota_exceeded` (HTTP 429,
   * `Retry-After`, `data: {quota: "open_streams_per_client", limit}`). Call the returned function
   * once when the stream ends (it ignores later calls).
   */
  acquire(identity: Identity): () => void {
    const client = quotaSubject(identity);
    const held = this.perClient.get(client) ?? 0;
    if (held >= this.limit) {
      throw quotaExceeded(
        'open_streams_per_client',
        this.limit,
        `this client already holds ${this.limit} open streams (GET streams and subscriptions) on this server; close one before opening another`,
      );
    }
    this.perClient.set(client, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
    };
  }

  /** Clients holding at least one open stream. */
  get clients(): number {
    return this.perClient.size;
  }

  /** Open streams `identity` holds now. */
  held(identity: Identity): number {
    return this.perClient.get(quotaSubject(identity)) ?? 0;
  }
}
