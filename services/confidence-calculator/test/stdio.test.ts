import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { connectStdioClient } from '@a2a-mcp/testkit';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('stdio mode', () => {
  it('serves the same tools over stdio with logs on stderr only', async () => {
    const client = await connectStdioClient(process.execPath, [entry, '--stdio'], { LOG_LEVEL: 'info', NODE_ENV: 'test' });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('calculate_fallback_confidence');
      const result = await client.callTool('calculate_fallback_confidence', { scenario: 'validated_fallback' });
      expect(result.structuredContent).toEqual({ scenario: 'validated_fallback', confidence: 0.6, known_scenario: true });
      // Any log line on stdout would have broken the JSON-RPC stream above; the logs are on stderr.
      expect(client.stderr()).toContain('"message":"confidence-calculator serving MCP on stdio"');
    } finally {
      await client.close();
    }
  });
});
