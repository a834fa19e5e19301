import { hasPermission, ServiceError, z, type Identity, type Permission } from '@a2a-mcp/core';
import { deadLetterMailbox } from '../lib/keys.js';

// Client ids are printable; mailboxes are client ids (or dead-letter:<client id>).
export const mailboxField = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s\p{Cc}\p{Cs}]+$/u, 'must be printable, without spaces or lone surrogates');

/** A client may use its own mailbox and its dead-letter mailbox; admin may use any. */
export function assertMailboxAccess(identity: Identity, mailbox: string): void {
  if (mailbox === identity.clientId || mailbox === deadLetterMailbox(identity.clientId) || hasPermission(identity, 'admin')) return;
  throw new ServiceError('forbidden', 'you can only receive from your own mailbox (your client id)', { data: { mailbox } });
}

/**
 * The `permissionFor` hook of the mailbox tools: another client's mailbox (`mailbox` not the
 * caller's own nor its dead-letter mailbox) needs `admin`, so the endpoint answers 403
 * insufficient_scope, scope="admin" before the tool runs. A missing or malformed `mailbox` is
 * left to argument validation (invalid_arguments).
 */
export function mailboxPermission(args: Record<string, unknown>, identity: Identity): Permission | undefined {
  const { mailbox } = args;
  if (typeof mailbox !== 'string' || !mailboxField.safeParse(mailbox).success) return undefined;
  if (mailbox === identity.clientId || mailbox === deadLetterMailbox(identity.clientId)) return undefined;
  return 'admin';
}
