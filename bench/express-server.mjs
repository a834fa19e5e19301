// express alone, no MCP: the bare server's answer (bench/bare-server.mjs) behind express 5 and
// express.json(), the way an express-based MCP server starts every request. Measures what choosing
// express over node:http costs before any MCP work (docs/architecture.md, "The packages the
// specification names"). express is not a dependency of this repository: it is the copy the SDK v1
// (@modelcontextprotocol/sdk, a test client here) brings along, loaded through the SDK's resolution.
import { createRequire } from 'node:module';

const sdkRequire = createRequire(createRequire(import.meta.url).resolve('@modelcontextprotocol/sdk/package.json'));
const express = sdkRequire('express');

const port = Number(process.env.PORT);
const result = {
  content: [{ type: 'text', text: '{"scenario":"partial_evidence","confidence":0.5,"known_scenario":true}' }],
  structuredContent: { scenario: 'partial_evidence', confidence: 0.5, known_scenario: true },
};
const app = express();
app.use(express.json());
app.post('/mcp', (req, res) => {
  res.json({ jsonrpc: '2.0', id: req.body?.id ?? null, result });
});
app.get('/mcp', (_req, res) => res.status(405).end());
app.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
