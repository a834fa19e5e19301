import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { callOk as ok, CLIENT_ERAS, startTestService, TEST_KEYS, type ConnectedClient } from '@a2a-mcp/testkit';
import { createTransportLayerService, loadTransportSettings } from '../src/service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startTestService(createTransportLayerService(loadTransportSettings({})));
});
afterAll(async () => {
  await service.close();
});

describe.each(CLIENT_ERAS)('%s client', (era, connect) => {
  let client: ConnectedClient;
  beforeAll(async () => {
    client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
  });
  afterAll(async () => {
    await client.close();
  });

  it('lists the two tools with schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['receive_messages', 'send_message']);
    for (const tool of tools) expect(tool.outputSchema).toMatchObject({ type: 'object' });
  });

  it('sends to itself, receives and acks', async () => {
    const sent = await ok<{ message_id: string }>(client, 'send_message', { to: 'writer', body: JSON.stringify({ era }) });
    const got = await ok<{ messages: { message_id: string; from: string; body: unknown }[] }>(client, 'receive_messages', {
      mailbox: 'writer',
      max: 5,
      visibility_timeout_s: 60,
    });
    expect(got.messages).toMatchObject([{ message_id: sent.message_id, from: 'writer', body: { era } }]);
    const acked = await ok<{ acked: number }>(client, 'receive_messages', { mailbox: 'writer', max: 0, ack: [sent.message_id] });
    expect(acked.acked).toBe(1);
  });
});
