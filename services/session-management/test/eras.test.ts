import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { callOk as ok, CLIENT_ERAS, startTestService, TEST_KEYS, type ConnectedClient } from '@a2a-mcp/testkit';
import { createSessionManagementService, loadSessionSettings } from '../src/service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startTestService(createSessionManagementService(loadSessionSettings({})));
});
afterAll(async () => {
  await service.close();
});

describe.each(CLIENT_ERAS)('%s client', (_era, connect) => {
  let client: ConnectedClient;
  beforeAll(async () => {
    client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
  });
  afterAll(async () => {
    await client.close();
  });

  it('lists the three tools with schemas and annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['create_session', 'get_session', 'update_session']);
    for (const tool of tools) expect(tool.outputSchema).toMatchObject({ type: 'object' });
  });

  it('runs a session round trip and reads sessions://stats', async () => {
    const { session_id, token } = await ok<{ session_id: string; token: string }>(client, 'create_session', {
      ttl_seconds: 60,
      state: JSON.stringify({ step: 1 }),
    });
    const updated = await ok<{ state: unknown; version: number }>(client, 'update_session', {
      session_id,
      token,
      state_patch: JSON.stringify({ step: 2 }),
      if_version: 1,
    });
    expect(updated).toMatchObject({ state: { step: 2 }, version: 2 });
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain('sessions://stats');
    const stats = JSON.parse((await client.readResource('sessions://stats')).contents[0]!.text!) as { created: number };
    expect(stats.created).toBeGreaterThanOrEqual(1);
  });
});
