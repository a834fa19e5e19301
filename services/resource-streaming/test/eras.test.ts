import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { callOk as ok, CLIENT_ERAS, startTestService, TEST_KEYS, type ConnectedClient } from '@a2a-mcp/testkit';
import { createResourceStreamingService, loadStreamSettings } from '../src/service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startTestService(createResourceStreamingService(loadStreamSettings({})));
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

  it('lists the two tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['publish_event', 'read_stream']);
  });

  it('publishes, reads and reads the stream resource', async () => {
    const { event_id } = await ok<{ event_id: string }>(client, 'publish_event', { stream: `eras-${era}`, data: JSON.stringify({ era }) });
    const read = await ok<{ events: { event_id: string; data: unknown }[] }>(client, 'read_stream', { stream: `eras-${era}` });
    expect(read.events).toMatchObject([{ event_id, data: { era } }]);
    const { contents } = await client.readResource(`stream://eras-${era}`);
    expect(JSON.parse(contents[0]!.text!.trim())).toMatchObject({ event_id, data: { era } });
  });
});
