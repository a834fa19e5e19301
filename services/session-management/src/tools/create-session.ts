import { defineTool, quotaSubject, z } from '@a2a-mcp/core';
import { insertSession, newSessionId, type SessionRecord } from '../lib/sessions.js';
import { signSessionToken } from '../lib/token.js';
import type { SessionSettings } from '../settings.js';
import { jsonObjectText } from './common.js';

/** `create_session`: a new active session owned by the caller. */
export function createCreateSessionTool(settings: SessionSettings) {
  return defineTool({
    name: 'create_session',
    title: 'Create session',
    description: `Creates an application session owned by the caller and returns its id, a signed token (needed for every later call) and its expiry. The TTL slides: every read or update extends it. client_info, metadata and state are JSON objects written as JSON text. A client holds at most ${settings.maxSessionsPerClient} live sessions: past that the call fails with the retryable quota_exceeded (terminate one, or let one expire).`,
    permission: 'write',
    annotations: { readOnlyHint: false, idempotentHint: false, destructiveHint: false, openWorldHint: false },
    input: z.object({
      client_info: jsonObjectText('Free-form description of the client (name, version, ...)').optional(),
      metadata: jsonObjectText('Free-form metadata').optional(),
      state: jsonObjectText('Initial application state').optional(),
      ttl_seconds: z
        .number()
        .int()
        .positive()
        .max(settings.maxTtlSeconds)
        .describe(`Sliding time to live in seconds (at most ${settings.maxTtlSeconds})`),
    }),
    output: z.object({
      session_id: z.string(),
      token: z.string().describe('Signed token; keep it secret, the session id alone grants nothing'),
      status: z.literal('active'),
      expires_at: z.string(),
      version: z.number().int(),
    }),
    handler: async ({ client_info, metadata, state, ttl_seconds }, ctx) => {
      const now = Date.now();
      const record: SessionRecord = {
        session_id: newSessionId(),
        owner: ctx.identity.clientId,
        status: 'active',
        client_info: client_info ?? {},
        metadata: metadata ?? {},
        state: state ?? {},
        ttl_seconds,
        created_at: new Date(now).toISOString(),
        last_active_at: new Date(now).toISOString(),
        expires_at: new Date(now + ttl_seconds * 1000).toISOString(),
        version: 1,
        quota_subject: quotaSubject(ctx.identity),
      };
      await insertSession(ctx.store, record, settings, now);
      return {
        session_id: record.session_id,
        token: signSessionToken(settings.signingSecret, record.session_id, record.owner),
        status: 'active' as const,
        expires_at: record.expires_at,
        version: record.version,
      };
    },
  });
}
