/**
 * SESSION_MAX_PER_CLIENT on both stores (memory; the real Redis shared by two replicas): the N-th
 * live session of a client is created, the N+1-th is the retryable quota_exceeded naming the
 * quota, every other client's sessions stay, and a terminated session gives its place back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import {
  callOk as ok,
  callOutcome as call,
  connectLegacyClient,
  connectModernClient,
  requireExternalService,
  startTestService,
  TEST_KEYS,
  uniqueKeyPrefix,
  type ConnectedClient,
} from '@a2a-mcp/testkit';
import { createSessionManagementService, loadSessionSettings } from '../src/service.js';

const REDIS_URL = requireExternalService('REDIS_URL');
const SECRET = 'test-session-signing-secret-0123456789';

type Created = { session_id: string; token: string };

const backends: [string, Record<string, string> | undefined][] = [
  ['memory', {}],
  ['redis', REDIS_URL ? { REDIS_URL, REDIS_KEY_PREFIX: uniqueKeyPrefix('session-quota') } : undefined],
];

describe.each(backends)('sessions per client on the %s store', (_backend, env) => {
  const run = env ? it : it.skip;
  let one: RunningService;
  let two: RunningService;
  let writer: ConnectedClient;
  let writerElsewhere: ConnectedClient;
  let other: ConnectedClient;
  beforeAll(async () => {
    if (!env) return;
    const settings = loadSessionSettings({
      SESSION_SIGNING_SECRET: SECRET,
      SESSION_MAX_PER_CLIENT: '3',
      ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
    });
    one = await startTestService(createSessionManagementService(settings), { env });
    // With Redis a second replica shares the quota; in memory the same replica stands in.
    two = env.REDIS_URL ? await startTestService(createSessionManagementService(settings), { env }) : one;
    writer = await connectLegacyClient(one.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    writerElsewhere = await connectModernClient(two.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    other = await connectLegacyClient(one.mcpUrl, { 'x-api-key': TEST_KEYS.admin });
  });
  afterAll(async () => {
    await Promise.all([writer?.close(), writerElsewhere?.close(), other?.close()]);
    await Promise.all([one?.close(), two === one ? undefined : two?.close()]);
  });

  run('the 3rd session is created, the 4th is quota_exceeded; others are untouched; terminating frees a place', async () => {
    const victim = await ok<Created>(other, 'create_session', { ttl_seconds: 600, state: JSON.stringify({ mine: true }) });
    const mine: Created[] = [];
    mine.push(await ok<Created>(writer, 'create_session', { ttl_seconds: 600 }));
    mine.push(await ok<Created>(writerElsewhere, 'create_session', { ttl_seconds: 600 }));
    mine.push(await ok<Created>(writer, 'create_session', { ttl_seconds: 600 }));
    const refused = (await writerElsewhere.callTool('create_session', { ttl_seconds: 600 })) as {
      isError?: boolean;
      content: { text: string }[];
      _meta?: Record<string, unknown>;
    };
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toBe(
      'Quota exceeded: this client already holds 3 live sessions; terminate one or let one expire (quota sessions_per_client = 3)',
    );
    expect(refused._meta?.['a2a-mcp/error']).toEqual({
      code: 'quota_exceeded',
      retryable: true,
      data: { quota: 'sessions_per_client', limit: 3 },
    });
    expect((await call(writer, 'create_session', { ttl_seconds: 600 })).code).toBe('quota_exceeded');
    // Another client is not affected, and its session is intact.
    expect(await ok(other, 'get_session', { session_id: victim.session_id, token: victim.token })).toMatchObject({
      status: 'active',
      state: { mine: true },
    });
    await ok<Created>(other, 'create_session', { ttl_seconds: 600 });
    // Every session of the writer is still there.
    for (const session of mine)
      expect(await ok(writer, 'get_session', { session_id: session.session_id, token: session.token })).toMatchObject({
        status: 'active',
        owner: 'writer',
      });
    // Suspended still counts; terminated does not.
    await ok(writer, 'update_session', { session_id: mine[0]!.session_id, token: mine[0]!.token, status: 'suspended' });
    expect((await call(writer, 'create_session', { ttl_seconds: 600 })).code).toBe('quota_exceeded');
    await ok(writer, 'update_session', { session_id: mine[1]!.session_id, token: mine[1]!.token, status: 'terminated' });
    await ok<Created>(writerElsewhere, 'create_session', { ttl_seconds: 600 });
    expect((await call(writer, 'create_session', { ttl_seconds: 600 })).code).toBe('quota_exceeded');
  });

  run('an expired session gives its place back', async () => {
    const settings = loadSessionSettings({
      SESSION_SIGNING_SECRET: SECRET,
      SESSION_MAX_PER_CLIENT: '1',
      ...(env?.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
    });
    const own = await startTestService(createSessionManagementService(settings), {
      env: env?.REDIS_URL ? { ...env, REDIS_KEY_PREFIX: uniqueKeyPrefix('session-quota') } : {},
    });
    const client = await connectLegacyClient(own.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    try {
      await ok<Created>(client, 'create_session', { ttl_seconds: 1 });
      expect((await call(client, 'create_session', { ttl_seconds: 1 })).code).toBe('quota_exceeded');
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await ok<Created>(client, 'create_session', { ttl_seconds: 60 });
    } finally {
      await client.close();
      await own.close();
    }
  });
});
