import { hasPermission, jsonText, z, type Identity } from '@a2a-mcp/core';
import { effectiveStatus, noSuchSession, SESSION_STATUSES, type SessionRecord } from '../lib/sessions.js';
import { verifySessionToken } from '../lib/token.js';

export const sessionIdField = z.string().min(1).max(100).describe('The session id returned by create_session');
export const tokenField = z.string().min(1).max(200).describe('The signed session token returned by create_session');
export const jsonObject = z.record(z.string(), z.unknown());

/**
 * A free-form JSON object as a tool argument: JSON text (function-calling schemas cannot say "an
 * object with any keys"; see the README's "Input forms"), decoded before the handler sees it.
 */
export function jsonObjectText(description: string) {
  return jsonText(jsonObject, {
    description: `${description}: a JSON object written as JSON text, e.g. "{\\"name\\":\\"planner\\",\\"version\\":\\"1.2\\"}"`,
  });
}

/** What the tools return for a session. */
export const sessionOutput = z.object({
  session_id: z.string(),
  owner: z.string().describe('Client id of the creator'),
  status: z.enum(SESSION_STATUSES),
  client_info: jsonObject,
  metadata: jsonObject,
  state: jsonObject,
  ttl_seconds: z.number().int().describe('Sliding time to live: each read or update moves expires_at this far ahead'),
  created_at: z.string(),
  last_active_at: z.string(),
  expires_at: z.string(),
  version: z.number().int().describe('Incremented by every update; pass it as if_version for optimistic concurrency'),
});

/** The session as the caller sees it (expiry applied). */
export function present(record: SessionRecord): z.input<typeof sessionOutput> {
  const { quota_subject: _subject, ...visible } = record;
  return { ...visible, status: effectiveStatus(record, Date.now()) };
}

/**
 * The token must be the session's signature (whoever presents it), and the caller must own the
 * session; `allowAdmin` lets an admin read another client's session. A wrong token and another
 * client's session answer exactly like an unknown id (`noSuchSession`): the answer never tells
 * whether an id exists.
 */
export function authorizer(
  secret: string,
  identity: Identity,
  sessionId: string,
  token: string,
  allowAdmin: boolean,
): (record: SessionRecord) => void {
  return (record) => {
    if (!verifySessionToken(secret, sessionId, record.owner, token)) throw noSuchSession();
    if (record.owner !== identity.clientId && !(allowAdmin && hasPermission(identity, 'admin'))) throw noSuchSession();
  };
}
