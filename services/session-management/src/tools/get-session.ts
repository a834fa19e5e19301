import { defineTool, z } from '@a2a-mcp/core';
import { touchSession } from '../lib/sessions.js';
import type { SessionSettings } from '../settings.js';
import { authorizer, present, sessionIdField, sessionOutput, tokenField } from './common.js';

/** `get_session`: reads a session (owner, or admin) and refreshes its sliding TTL. */
export function createGetSessionTool(settings: SessionSettings) {
  return defineTool({
    name: 'get_session',
    title: 'Get session',
    description:
      'Reads a session: owner, status (active / suspended / expired / terminated), client info, metadata, state, timestamps and version. Refreshes the sliding TTL of an active session. Only the owner (or an admin) with the signed token can read it.',
    permission: 'read',
    annotations: { readOnlyHint: false, idempotentHint: true, destructiveHint: false, openWorldHint: false },
    input: z.object({ session_id: sessionIdField, token: tokenField }),
    output: sessionOutput,
    handler: async ({ session_id, token }, ctx) =>
      present(
        await touchSession(ctx.store, session_id, settings, authorizer(settings.signingSecret, ctx.identity, session_id, token, true)),
      ),
  });
}
