// The same tool on FastMCP (npm fastmcp), HTTP stream transport in stateless mode, defaults
// otherwise: no auth, FastMCP's own logger, streamed (SSE) replies. FASTMCP_JSON_RESPONSE=1 sets
// httpStream.enableJsonResponse. One tool: calculate_fallback_confidence (bench/fallback-tool.mjs).
import { FastMCP } from 'fastmcp';
import * as z from 'zod/v4';
import { description, inputShape, name, outputShape, toolResult } from './fallback-tool.mjs';

const port = Number(process.env.PORT ?? 8080);

const server = new FastMCP({ name: 'bench-fastmcp', version: '1.0.0' });
server.addTool({
  name,
  description,
  parameters: z.object(inputShape),
  outputSchema: z.object(outputShape),
  execute: async ({ scenario }) => toolResult(scenario),
});

await server.start({
  transportType: 'httpStream',
  httpStream: { port, host: '127.0.0.1', endpoint: '/mcp', stateless: true, enableJsonResponse: process.env.FASTMCP_JSON_RESPONSE === '1' },
});
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
