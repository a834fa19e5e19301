import { defineTool, ServiceError, z } from '@a2a-mcp/core';
import { updateSession } from '../lib/sessions.js';
import type { SessionSettings } from '../settings.js';
import { authorizer, jsonObjectText, present, sessionIdField, sessionOutput, tokenField } from './common.js';

/** `update_session`: merge-patches the state, changes the status or extends the TTL, optionally guarded by `if_version`. */
export function createUpdateSessionTool(settings: SessionSettings) {
  return defineTool({
    name: 'update_session',
    title: 'Update session',
    description:
      'Updates a session the caller owns: state_patch is a JSON Merge Patch (RFC 7386: null removes a member) written as JSON text, status moves between active and suspended or to terminated (final), extend_ttl_seconds sets a new sliding TTL. With if_version the update applies only when the session is still at that version; otherwise it is a conflict error (re-read and retry). Returns the updated session.',
    permission: 'write',
    annotations: { readOnlyHint: false, idempotentHint: false, destructiveHint: false, openWorldHint: false },
    input: z.object({
      session_id: sessionIdField,
      token: tokenField,
      state_patch: jsonObjectText('JSON Merge Patch (RFC 7386) applied to the state').optional(),
      status: z.enum(['active', 'suspended', 'terminated']).optional().describe('New status; terminated is final'),
      extend_ttl_seconds: z
        .number()
        .int()
        .positive()
        .max(settings.maxTtlSeconds)
        .optional()
        .describe('New sliding TTL in seconds, counted from now'),
      if_version: z.number().int().positive().optional().describe('Apply only if the session is at this version (optimistic concurrency)'),
    }),
    output: sessionOutput,
    handler: async ({ session_id, token, ...change }, ctx) => {
      if (change.state_patch === undefined && change.status === undefined && change.extend_ttl_seconds === undefined) {
        throw new ServiceError('invalid_arguments', 'nothing to update: give state_patch, status or extend_ttl_seconds');
      }
      return present(
        await updateSession(
          ctx.store,
          session_id,
          change,
          settings,
          authorizer(settings.signingSecret, ctx.identity, session_id, token, false),
        ),
      );
    },
  });
}
