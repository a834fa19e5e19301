/**
 * session-management: create → get → update → get, crossing eras (a session created by one era is
 * read and updated by the other), the same chain run twice with the eras swapped; both runs must
 * give the same results apart from ids, tokens and clock times.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callOutcome } from '@a2a-mcp/testkit';
import { CATALOGUE, SERVICES } from './catalogue.js';
import { expectEveryToolCalled, expectListedTools, openService, storeBackends, type Era, type Harness } from './harness.js';

const TOOLS = CATALOGUE['session-management'];
let h: Harness;

interface Session {
  session_id: string;
  owner: string;
  status: string;
  client_info: Record<string, unknown>;
  metadata: Record<string, unknown>;
  state: Record<string, unknown>;
  ttl_seconds: number;
  created_at: string;
  last_active_at: string;
  expires_at: string;
  version: number;
}

/** The session without what differs between runs (id and clock times), plus the TTL the times imply. */
function comparable({ session_id: _id, created_at: _c, last_active_at, expires_at, ...rest }: Session): Record<string, unknown> {
  return { ...rest, expires_in_ms: Date.parse(expires_at) - Date.parse(last_active_at) };
}

async function chain(first: Era, second: Era): Promise<Record<string, unknown>[]> {
  const created = await h.callEra<{ session_id: string; token: string; status: string; expires_at: string; version: number }>(
    first,
    'create_session',
    {
      client_info: '{"name":"e2e"}',
      metadata: JSON.stringify({ run: first }),
      state: '{"a":1,"b":{"c":2}}',
      ttl_seconds: 60,
    },
  );
  expect(created).toMatchObject({ status: 'active', version: 1 });
  expect(created.token).not.toBe(created.session_id);
  const { session_id, token } = created;

  // The other era reads it: owner is the authenticated client ("writer"), TTL 60 s from last activity.
  const read = await h.callEra<Session>(second, 'get_session', { session_id, token });
  expect(read).toMatchObject({
    session_id,
    owner: 'writer',
    status: 'active',
    client_info: { name: 'e2e' },
    metadata: { run: first },
    state: { a: 1, b: { c: 2 } },
    ttl_seconds: 60,
    version: 1,
  });
  expect(Date.parse(read.expires_at) - Date.parse(read.last_active_at)).toBe(60_000);

  // RFC 7386: {a:1, b:{c:2}} patched with {b:{c:null, d:3}, e:4} → {a:1, b:{d:3}, e:4}.
  const updated = await h.callEra<Session>(first, 'update_session', {
    session_id,
    token,
    state_patch: '{"b":{"c":null,"d":3},"e":4}',
    if_version: 1,
    extend_ttl_seconds: 120,
  });
  expect(updated).toMatchObject({ state: { a: 1, b: { d: 3 }, e: 4 }, version: 2, ttl_seconds: 120, status: 'active' });
  expect(Date.parse(updated.expires_at) - Date.parse(updated.last_active_at)).toBe(120_000);

  // A stale version is a conflict and changes nothing.
  const stale = await callOutcome(h.clients[second], 'update_session', { session_id, token, state_patch: '{"lost":true}', if_version: 1 });
  expect(stale.ok).toBeUndefined();
  expect(stale.code).toBe('conflict');

  const suspended = await h.callEra<Session>(second, 'update_session', { session_id, token, status: 'suspended', if_version: 2 });
  expect(suspended).toMatchObject({ status: 'suspended', version: 3, state: { a: 1, b: { d: 3 }, e: 4 } });

  // The id with someone else's token grants nothing.
  const forgedToken = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
  const forged = await callOutcome(h.clients[first], 'get_session', { session_id, token: forgedToken });
  expect(forged.ok).toBeUndefined();
  // …and reads exactly like an unknown id, so guessing reveals nothing.
  expect(forged.code).toBe('not_found');

  const final = await h.callEra<Session>(first, 'get_session', { session_id, token });
  expect(final).toMatchObject({ status: 'suspended', version: 3, state: { a: 1, b: { d: 3 }, e: 4 } });
  // Terminated is final: the other era terminates, nothing can change it afterwards.
  const terminated = await h.callEra<Session>(second, 'update_session', { session_id, token, status: 'terminated' });
  expect(terminated).toMatchObject({ status: 'terminated', version: 4 });
  const revived = await callOutcome(h.clients[first], 'update_session', { session_id, token, status: 'active' });
  expect(revived.code).toBe('conflict');
  const after = await h.callEra<Session>(first, 'get_session', { session_id, token });
  expect(after).toMatchObject({ status: 'terminated', version: 4 });
  return [read, updated, suspended, final, terminated].map(comparable);
}

describe.each(storeBackends())('session-management through both eras, %s store', (_store, env) => {
  beforeAll(async () => {
    h = await openService(await SERVICES['session-management'](), env ? { key: 'write', env } : { key: 'write' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists exactly its three tools', () => {
    expectListedTools(h, TOOLS);
  });

  it('runs the session chain legacy → modern and modern → legacy with the same results', async () => {
    const legacyFirst = await chain('legacy', 'modern');
    const modernFirst = await chain('modern', 'legacy');
    // metadata.run names the creating era; everything else is the same.
    const withoutRun = (rows: Record<string, unknown>[]) => rows.map(({ metadata: _m, ...rest }) => rest);
    expect(withoutRun(modernFirst)).toEqual(withoutRun(legacyFirst));
  });

  it('called every tool through both eras', () => {
    expectEveryToolCalled(h, TOOLS);
  });
});
