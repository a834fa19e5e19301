import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import {
  callOk as ok,
  callOutcome as call,
  connectLegacyClient,
  connectModernClient,
  metricSamples,
  requireExternalService,
  sleep,
  startTestService,
  TEST_KEYS,
  uniqueKeyPrefix as uniquePrefix,
  type ConnectedClient,
} from '@a2a-mcp/testkit';
import { createSessionManagementService, loadSessionSettings } from '../src/service.js';

const REDIS_URL = requireExternalService('REDIS_URL');
const SECRET = 'test-session-signing-secret-0123456789';
const settings = loadSessionSettings({ SESSION_SIGNING_SECRET: SECRET });

interface Created {
  session_id: string;
  token: string;
  status: string;
  expires_at: string;
  version: number;
}
interface Session {
  session_id: string;
  owner: string;
  status: string;
  state: Record<string, unknown>;
  version: number;
  expires_at: string;
  last_active_at: string;
}

const backends: [string, Record<string, string> | undefined][] = [['memory', {}]];
backends.push(['redis', REDIS_URL ? { REDIS_URL, REDIS_KEY_PREFIX: uniquePrefix() } : undefined]);

describe.each(backends)('sessions on the %s store', (_backend, env) => {
  const run = env ? describe : describe.skip;
  run('behaviour', () => {
    let service: RunningService;
    let writer: ConnectedClient;
    let reader: ConnectedClient;
    let admin: ConnectedClient;
    beforeAll(async () => {
      service = await startTestService(createSessionManagementService(settings), { env: env ?? {} });
      writer = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
      reader = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
      admin = await connectLegacyClient(service.mcpUrl, { 'x-api-key': TEST_KEYS.admin });
    });
    afterAll(async () => {
      await Promise.all([writer?.close(), reader?.close(), admin?.close()]);
      await service?.close();
    });

    it('creates, reads and merge-patches a session', async () => {
      const created = await ok<Created>(writer, 'create_session', {
        ttl_seconds: 600,
        state: JSON.stringify({ a: 1, nested: { x: 1, y: 2 } }),
        metadata: JSON.stringify({ m: true }),
        client_info: JSON.stringify({ name: 'jest' }),
      });
      expect(created).toMatchObject({ status: 'active', version: 1 });
      expect(created.token).toMatch(/^v1\./);
      const read = await ok<Session>(writer, 'get_session', { session_id: created.session_id, token: created.token });
      expect(read).toMatchObject({ owner: 'writer', status: 'active', state: { a: 1, nested: { x: 1, y: 2 } }, version: 1 });
      const updated = await ok<Session>(writer, 'update_session', {
        session_id: created.session_id,
        token: created.token,
        state_patch: JSON.stringify({ a: null, b: [1, 2], nested: { y: null, z: 3 } }),
      });
      expect(updated.state).toEqual({ b: [1, 2], nested: { x: 1, z: 3 } });
      expect(updated.version).toBe(2);
    });

    it('rejects a stale if_version with conflict', async () => {
      const { session_id, token } = await ok<Created>(writer, 'create_session', { ttl_seconds: 600 });
      await ok(writer, 'update_session', { session_id, token, state_patch: JSON.stringify({ n: 1 }), if_version: 1 });
      const stale = await call(writer, 'update_session', { session_id, token, state_patch: JSON.stringify({ n: 2 }), if_version: 1 });
      expect(stale.code).toBe('conflict');
      expect(stale.message).toMatch(/version 2, not 1/);
    });

    it('loses no update: 20 parallel increments with if_version and retries end at 20', async () => {
      const { session_id, token } = await ok<Created>(writer, 'create_session', {
        ttl_seconds: 600,
        state: JSON.stringify({ counter: 0 }),
      });
      let conflicts = 0;
      const increment = async () => {
        for (;;) {
          const current = await ok<Session>(writer, 'get_session', { session_id, token });
          const outcome = await call(writer, 'update_session', {
            session_id,
            token,
            state_patch: JSON.stringify({ counter: (current.state.counter as number) + 1 }),
            if_version: current.version,
          });
          if (outcome.ok) return;
          expect(outcome.code).toBe('conflict');
          conflicts++;
        }
      };
      await Promise.all(Array.from({ length: 20 }, increment));
      const final = await ok<Session>(writer, 'get_session', { session_id, token });
      expect(final.state.counter).toBe(20);
      expect(final.version).toBe(21);
      expect(conflicts).toBeGreaterThan(0);
    });

    it('lets only the owner in, admin may read; a bad token or another client answers exactly like an unknown id', async () => {
      const { session_id, token } = await ok<Created>(writer, 'create_session', { ttl_seconds: 600 });
      const unknown = await call(writer, 'get_session', { session_id: 'ses_missing', token });
      expect(unknown).toEqual({ ok: undefined, code: 'not_found', message: 'no session with this id and token (it may have expired)' });
      expect(await call(reader, 'get_session', { session_id, token })).toEqual(unknown);
      expect((await ok<Session>(admin, 'get_session', { session_id, token })).owner).toBe('writer');
      expect(await call(admin, 'update_session', { session_id, token, status: 'suspended' })).toEqual(unknown);
      const other = await ok<Created>(writer, 'create_session', { ttl_seconds: 600 });
      expect(await call(writer, 'get_session', { session_id, token: other.token })).toEqual(unknown);
      expect(await call(writer, 'get_session', { session_id, token: `${token.slice(0, -2)}AA` })).toEqual(unknown);
      expect(await call(writer, 'update_session', { session_id, token: 'v1.x', state_patch: JSON.stringify({ a: 1 }) })).toEqual(unknown);
    });

    it('expires after the TTL unless refreshed; reads slide the expiry', async () => {
      const { session_id, token, expires_at } = await ok<Created>(writer, 'create_session', { ttl_seconds: 1 });
      await sleep(20);
      const touched = await ok<Session>(writer, 'get_session', { session_id, token });
      expect(Date.parse(touched.expires_at)).toBeGreaterThan(Date.parse(expires_at));
      expect(touched.version).toBe(1);
      await sleep(1_200);
      const expired = await ok<Session>(writer, 'get_session', { session_id, token });
      expect(expired.status).toBe('expired');
      expect((await call(writer, 'update_session', { session_id, token, state_patch: JSON.stringify({ a: 1 }) })).code).toBe('conflict');
    });

    it('suspends, resumes and terminates', async () => {
      const { session_id, token } = await ok<Created>(writer, 'create_session', { ttl_seconds: 600 });
      expect((await ok<Session>(writer, 'update_session', { session_id, token, status: 'suspended' })).status).toBe('suspended');
      expect((await call(writer, 'update_session', { session_id, token, state_patch: JSON.stringify({ a: 1 }) })).code).toBe('conflict');
      expect(
        (await ok<Session>(writer, 'update_session', { session_id, token, status: 'active', state_patch: JSON.stringify({ a: 1 }) })).state,
      ).toEqual({ a: 1 });
      expect((await ok<Session>(writer, 'update_session', { session_id, token, status: 'terminated' })).status).toBe('terminated');
      expect((await ok<Session>(writer, 'get_session', { session_id, token })).status).toBe('terminated');
      expect((await call(writer, 'update_session', { session_id, token, status: 'active' })).code).toBe('conflict');
    });

    it('rejects bad arguments', async () => {
      expect((await call(writer, 'create_session', { ttl_seconds: 0 })).code).toBe('invalid_arguments');
      expect((await call(writer, 'create_session', { ttl_seconds: settings.maxTtlSeconds + 1 })).code).toBe('invalid_arguments');
      const { session_id, token } = await ok<Created>(writer, 'create_session', { ttl_seconds: 60 });
      expect((await call(writer, 'update_session', { session_id, token })).code).toBe('invalid_arguments');
      // Permission checks are protocol errors (403 / -32003), not tool results.
      await expect(reader.callTool('create_session', { ttl_seconds: 60 })).rejects.toThrow(/-32003.*needs the .*write.* permission/);
    });

    it('reports active, unexpired sessions as mcp_sessions_active on /metrics', async () => {
      // A service of its own (fresh store or key prefix), so the count starts at 0.
      const own = await startTestService(createSessionManagementService(settings), {
        env: env?.REDIS_URL ? { ...env, REDIS_KEY_PREFIX: uniquePrefix() } : {},
      });
      const client = await connectLegacyClient(own.mcpUrl, { 'x-api-key': TEST_KEYS.write });
      const gauge = () => metricSamples(own.url, 'mcp_sessions_active');
      const sample = (n: number) => [`mcp_sessions_active{service="session-management"} ${n}`];
      try {
        expect(await gauge()).toEqual(sample(0));
        const created = [];
        for (let i = 0; i < 3; i++) created.push(await ok<Created>(client, 'create_session', { ttl_seconds: 600 }));
        // Three seconds: long enough to be counted by the next scrape even on a loaded machine.
        await ok<Created>(client, 'create_session', { ttl_seconds: 3 });
        expect(await gauge()).toEqual(sample(4));
        const [a, b] = created as [Created, Created, Created];
        await ok(client, 'update_session', { session_id: a.session_id, token: a.token, status: 'suspended' });
        await ok(client, 'update_session', { session_id: b.session_id, token: b.token, status: 'terminated' });
        expect(await gauge()).toEqual(sample(2));
        await ok(client, 'update_session', { session_id: a.session_id, token: a.token, status: 'active' });
        expect(await gauge()).toEqual(sample(3));
        // The three-second session expires: 3 - 1.
        await sleep(3_200);
        expect(await gauge()).toEqual(sample(2));
      } finally {
        await client.close();
        await own.close();
      }
    });

    it('counts in sessions://stats', async () => {
      const stats = JSON.parse((await writer.readResource('sessions://stats')).contents[0]!.text!) as Record<string, number>;
      expect(stats.created).toBeGreaterThanOrEqual(6);
      expect(stats.conflicts).toBeGreaterThan(0);
      expect(stats.backend).toBe(env?.REDIS_URL ? 'redis' : 'memory');
    });
  });
});

(REDIS_URL ? describe : describe.skip)('two replicas sharing Redis', () => {
  const env = { REDIS_URL: REDIS_URL ?? '', REDIS_KEY_PREFIX: uniquePrefix() };
  let one: RunningService;
  let two: RunningService;
  let a: ConnectedClient;
  let b: ConnectedClient;
  beforeAll(async () => {
    one = await startTestService(
      createSessionManagementService(loadSessionSettings({ SESSION_SIGNING_SECRET: SECRET, REDIS_URL: env.REDIS_URL })),
      { env },
    );
    two = await startTestService(
      createSessionManagementService(loadSessionSettings({ SESSION_SIGNING_SECRET: SECRET, REDIS_URL: env.REDIS_URL })),
      { env },
    );
    a = await connectLegacyClient(one.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    b = await connectModernClient(two.mcpUrl, { 'x-api-key': TEST_KEYS.write });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all([one?.close(), two?.close()]);
  });

  it('reads and updates on one replica a session created on the other', async () => {
    expect(one.port).not.toBe(two.port);
    const { session_id, token } = await ok<Created>(a, 'create_session', { ttl_seconds: 600, state: JSON.stringify({ from: 'one' }) });
    expect((await ok<Session>(b, 'get_session', { session_id, token })).state).toEqual({ from: 'one' });
    await ok(b, 'update_session', { session_id, token, state_patch: JSON.stringify({ to: 'two' }), if_version: 1 });
    expect(await ok<Session>(a, 'get_session', { session_id, token })).toMatchObject({ state: { from: 'one', to: 'two' }, version: 2 });
  });

  it('reports the same, shared mcp_sessions_active on both replicas', async () => {
    // The earlier test created one session on this prefix; two more on one replica, one on the other.
    await ok<Created>(a, 'create_session', { ttl_seconds: 600 });
    await ok<Created>(a, 'create_session', { ttl_seconds: 600 });
    await ok<Created>(b, 'create_session', { ttl_seconds: 600 });
    const expected = ['mcp_sessions_active{service="session-management"} 4'];
    expect(await metricSamples(one.url, 'mcp_sessions_active')).toEqual(expected);
    expect(await metricSamples(two.url, 'mcp_sessions_active')).toEqual(expected);
  });
});
