// The baseline: a bare node:http server answering the same JSON-RPC body with a fixed result.
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
const result = {
  content: [{ type: 'text', text: '{"scenario":"partial_evidence","confidence":0.5,"known_scenario":true}' }],
  structuredContent: { scenario: 'partial_evidence', confidence: 0.5, known_scenario: true },
};
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let id = null;
    try {
      id = JSON.parse(Buffer.concat(chunks).toString('utf8')).id ?? null;
    } catch {
      // probe request without a body
    }
    const body = JSON.stringify({ jsonrpc: '2.0', id, result });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
