/**
 * Session tokens: `v1.<base64url HMAC-SHA256(secret, "<session id>\n<owner>")>`. A session id alone
 * grants nothing; the token is verified in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'v1.';

/** Signs a session id for its owner. */
export function signSessionToken(secret: string, sessionId: string, owner: string): string {
  return PREFIX + createHmac('sha256', secret).update(`${sessionId}\n${owner}`).digest('base64url');
}

/** True when `token` is the signature of `sessionId` for `owner`. */
export function verifySessionToken(secret: string, sessionId: string, owner: string, token: string): boolean {
  const expected = Buffer.from(signSessionToken(secret, sessionId, owner));
  const given = Buffer.from(token);
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of the input.
  if (given.length !== expected.length) return timingSafeEqual(expected, expected) && false;
  return timingSafeEqual(expected, given);
}
