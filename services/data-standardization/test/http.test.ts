import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { connectLegacyClient, connectModernClient, startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { createDataStandardizationService } from '../src/service.js';
import { testSettings } from './context.js';

let service: RunningService;
beforeAll(async () => {
  service = await startTestService(createDataStandardizationService(testSettings({ DS_MAX_RECORDS: '50' })));
});
afterAll(async () => {
  await service.close();
});

describe.each([
  ['legacy', connectLegacyClient],
  ['modern', connectModernClient],
])('%s client', (_era, connect) => {
  it('lists the twelve tools to a writer, eleven to a reader', async () => {
    const writer = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    const reader = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    expect((await writer.listTools()).tools).toHaveLength(12);
    expect((await reader.listTools()).tools.map((t) => t.name)).not.toContain('run_standardization_workflow');
    await Promise.all([writer.close(), reader.close()]);
  });

  it('calls standardize_values, standardize_locations and verify_data_integrity', async () => {
    const client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    const values = await client.callTool('standardize_values', { kind: 'currency_amount', values: ['€1.234,56'] });
    expect(values.structuredContent).toEqual({
      kind: 'currency_amount',
      results: [{ index: 0, input: '€1.234,56', value: { amount: '1234.56', currency: 'EUR' } }],
      summary: { total: 1, succeeded: 1, failed: 0 },
    });
    const locations = await client.callTool('standardize_locations', {
      records: ['{"location_id":"b1","name":"berlin","country":"Deutschland","city":"Berlin"}'],
    });
    expect((locations.structuredContent?.records as Record<string, unknown>[])[0]).toMatchObject({
      location_id: 'B1',
      country: 'DE',
      country_alpha3: 'DEU',
      region: 'Europe',
    });
    const integrity = await client.callTool('verify_data_integrity', { records: ['{"a":1,"b":"x"}'] });
    expect(integrity.structuredContent?.checksum).toBe('a103829f0f464d4252e13d7b7911f6abd24978a09a93fdd84e37c32cde9345c2');
    await client.close();
  });

  it('runs the workflow with 4 progress notifications, then reads it as a resource', async () => {
    const client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.write });
    const progress: { progress: number; total?: number; message?: string }[] = [];
    const result = await client.callTool(
      'run_standardization_workflow',
      { record_type: 'product', records: ['{"product_id":"p1","product_name":"Pen","l1_category":"office","gtin":"4006381333931"}'] },
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ workflow_successful: true, failed_at: null });
    expect(progress.map((p) => [p.progress, p.total])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    const id = String(result.structuredContent?.workflow_id);
    const read = await client.readResource(`standardization://workflows/${id}`);
    expect(JSON.parse(read.contents[0]!.text!)).toEqual(result.structuredContent);
    await client.close();
  });

  it('answers a request over the bound with isError naming the bound', async () => {
    const client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    const result = await client.callTool('standardize_accounts', {
      records: Array.from({ length: 51 }, (_, i) => ({ account_id: String(i) })),
    });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('DS_MAX_RECORDS=50');
    await client.close();
  });

  it('refuses the workflow to a reader', async () => {
    const client = await connect(service.mcpUrl, { 'x-api-key': TEST_KEYS.read });
    await expect(client.callTool('run_standardization_workflow', { record_type: 'product', records: [] })).rejects.toThrow();
    await client.close();
  });
});
