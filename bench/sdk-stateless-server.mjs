// The official TypeScript SDK's plain stateless Streamable HTTP server, written the way the legacy
// SDK (@modelcontextprotocol/sdk 1.x) documents it: createMcpExpressApp (express + JSON body
// parser + localhost Host-header check), then for every POST /mcp a new McpServer and a new
// StreamableHTTPServerTransport({ sessionIdGenerator: undefined }), closed when the response closes.
// One tool: calculate_fallback_confidence (bench/fallback-tool.mjs).
//
// Like the SDK's example, enableJsonResponse is left off, so each reply is a one-event SSE stream
// (text/event-stream). SDK_JSON_RESPONSE=1 sets enableJsonResponse: true (a plain JSON reply).
// Differences from the example, all of them removals: no prompt, resource or extra tools, and no
// console.log per request (the example logs "Request closed" for every request).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { description, inputShape, name, outputShape, toolResult } from './fallback-tool.mjs';

const port = Number(process.env.PORT ?? 3000);
const enableJsonResponse = process.env.SDK_JSON_RESPONSE === '1';

function buildServer() {
  const server = new McpServer({ name: 'bench-sdk-stateless', version: '1.0.0' });
  server.registerTool(name, { description, inputSchema: inputShape, outputSchema: outputShape }, async ({ scenario }) =>
    toolResult(scenario),
  );
  return server;
}

const app = createMcpExpressApp();

app.post('/mcp', async (req, res) => {
  const server = buildServer();
  try {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse });
    res.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    console.error('MCP request failed:', error);
    if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
  }
});

// Stateless: no standalone SSE stream and no session to delete.
const notAllowed = (_req, res) =>
  res.status(405).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
app.get('/mcp', notAllowed);
app.delete('/mcp', notAllowed);

app.listen(port, '127.0.0.1', (error) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
});
process.on('SIGTERM', () => process.exit(0));
