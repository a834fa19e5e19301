/**
 * The transport-layer's gauges on /metrics, computed from the shared store at scrape time (every
 * replica reports the same fleet-wide totals: aggregate replicas with `max`).
 *
 * Totals only, no `mailbox` label: mailbox names are client ids chosen by senders, an unbounded
 * set. Per-mailbox figures are in `transport://stats`.
 */
import { defineGauge, type GaugeDefinition, type Store } from '@a2a-mcp/core';
import { transportTotals, type TransportTotals } from './lib/mailbox.js';

/** Mailboxes covered by the gauges: the most recently sent-to ones. */
export const GAUGE_MAILBOX_LIMIT = 1_000;

/** The three gauges; one store scan per scrape serves all three. */
export function createTransportGauges(): GaugeDefinition[] {
  // A scrape starts the three collects together: they share one scan while it runs.
  const running = new WeakMap<Store, Promise<TransportTotals>>();
  const totals = (store: Store) => {
    let scan = running.get(store);
    if (!scan) {
      scan = transportTotals(store, GAUGE_MAILBOX_LIMIT).finally(() => running.delete(store));
      running.set(store, scan);
    }
    return scan;
  };
  return [
    defineGauge({
      name: 'mcp_mailbox_depth',
      help: `Unfinished messages (waiting or leased) in all mailboxes, dead-letter mailboxes excluded (the ${GAUGE_MAILBOX_LIMIT} most recently used mailboxes)`,
      collect: async ({ store }) => (await totals(store)).depth,
    }),
    defineGauge({
      name: 'mcp_messages_in_flight',
      help: 'Messages leased by a receiver and not yet acked, whose lease is still running',
      collect: async ({ store }) => (await totals(store)).inFlight,
    }),
    defineGauge({
      name: 'mcp_mailbox_dead_letters',
      help: 'Unfinished messages in dead-letter mailboxes',
      collect: async ({ store }) => (await totals(store)).deadLetters,
    }),
  ];
}
