/** Resource-streaming settings, read once at start-up with core's `loadSettings`. */
import { boundedInt, loadSettings, z } from '@a2a-mcp/core';

/** Keys are environment variable names; every one has a default. */
export const settingsSchema = z.object({
  /**
   * Events one publisher keeps in one stream: past it the publisher's own oldest event is trimmed,
   * never another publisher's (with one publisher, the stream's latest N events).
   */
  STREAM_MAX_EVENTS: boundedInt(1_000, 1_000_000),
  /** Bytes one publisher keeps in one stream (stored fields, UTF-8); its own oldest events make room. */
  STREAM_MAX_STREAM_BYTES: boundedInt(1024 * 1024, 1024 * 1024 * 1024),
  /** Streams one client may publish to within STREAM_TTL_SECONDS; past it publish_event is quota_exceeded. */
  STREAM_MAX_PER_CLIENT: boundedInt(100, 1_000_000),
  /** A stream nobody publishes to for this long disappears. */
  STREAM_TTL_SECONDS: boundedInt(7 * 86_400, 365 * 86_400),
  /** Cap on `wait_ms`. */
  STREAM_MAX_WAIT_MS: boundedInt(20_000, 300_000),
  /** Most events one read_stream call returns. */
  STREAM_MAX_BATCH: boundedInt(500, 100_000),
  /** Largest event (data + type, serialised) in bytes. */
  STREAM_MAX_EVENT_BYTES: boundedInt(64 * 1024, 16 * 1024 * 1024),
  /** Events shown by the `stream://{name}` resource (the most recent ones). */
  STREAM_RESOURCE_EVENTS: boundedInt(100, 100_000),
  /** `stream://` URIs one subscription may name. */
  STREAM_SUBSCRIPTION_URIS: boundedInt(32, 1_000),
});

export type StreamSettings = z.output<typeof settingsSchema>;

/** Reads the settings from `source` (default `process.env`); throws ConfigError naming each bad variable. */
export function loadStreamSettings(source: NodeJS.ProcessEnv = process.env): StreamSettings {
  return loadSettings(settingsSchema, source);
}
