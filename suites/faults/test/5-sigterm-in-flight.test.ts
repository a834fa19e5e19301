/**
 * Scenario 5: SIGTERM with calls in flight. data-standardization runs as a plain child process
 * (no supervisor: the signal goes straight to the service), usage records to a file and to the
 * machine's PostgreSQL (DATABASE_URL; with REQUIRE_SERVICES=1 its absence fails the run).
 * K keep-alive connections are opened first (so no request waits in the listen backlog, which a
 * closing listener would reset). Then K `standardize_batch` calls of 3 000 records each (~0.1-0.3 s
 * of work apiece) are started on them: headers and the first KiB of each body are written, no
 * answer has arrived, and SIGTERM is sent. Once the service logs that it is draining, the rest of
 * each body is sent. So the calls are in flight in the strongest sense: half received when the
 * drain begins. All K must get complete, correct 200 answers marked `Connection: close` on those
 * same connections; the process exits 0 well within SHUTDOWN_TIMEOUT_MS; exactly K usage records
 * (file) and K rows (PostgreSQL) carry the calls' correlation ids.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { requireExternalService, TEST_KEYS } from '@a2a-mcp/testkit';
import pg from 'pg';
import { recordFigures, startServiceProcess, tempDir, toolCallBody, toolCallHeaders, waitFor, type ServiceProcess } from '../src/index.js';

const DATABASE_URL = requireExternalService('DATABASE_URL');
const CALLS = 4;
const RECORDS = 3_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;
const run = `${process.pid}-${Date.now()}`;

interface Exchange {
  id: string;
  status: number;
  connection: string | undefined;
  localPort: number;
  body: string;
  answeredAt: number;
}

(DATABASE_URL ? describe : describe.skip)('SIGTERM while tools/call requests are in flight (data-standardization)', () => {
  let service: ServiceProcess | undefined;
  const stateDir = tempDir('sigterm');
  const agent = new Agent({ keepAlive: true, maxSockets: CALLS });

  beforeAll(async () => {
    service = await startServiceProcess('data-standardization', {
      NODE_ENV: 'test',
      STATE_DIR: stateDir,
      MCP_API_KEYS: `${TEST_KEYS.read}:reader:read`,
      USAGE_SINKS: 'file,postgres',
      DATABASE_URL: DATABASE_URL!,
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      KEEP_ALIVE_TIMEOUT_MS: '60000',
      RATE_LIMIT_MAX_REQUESTS: '100000',
    });
  }, 60_000);

  afterAll(async () => {
    agent.destroy();
    await service?.stop(5_000);
  }, 30_000);

  const get = (path: string) =>
    new Promise<{ status: number; localPort: number }>((resolve, reject) => {
      const req = request(`${service!.url}${path}`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, localPort: req.socket!.localPort! }));
      });
      req.on('error', reject);
      req.end();
    });

  it('answers every in-flight call completely, exits 0, and writes exactly K records', async () => {
    // K connections, established and accepted by the server before anything else.
    const warm = await Promise.all(Array.from({ length: CALLS }, () => get('/health')));
    expect(warm.map((w) => w.status)).toEqual(Array(CALLS).fill(200));
    const warmPorts = new Set(warm.map((w) => w.localPort));
    expect(warmPorts.size).toBe(CALLS);

    const ids = Array.from({ length: CALLS }, (_, i) => `faults-term-${run}-${i}`);
    // Each record as JSON text, the tool's input form.
    const account = Array.from({ length: RECORDS }, (_, i) =>
      JSON.stringify({ account_id: `A${i}`, account_name: '  cash   and equivalents ', account_type: 'cash' }),
    );
    const body = Buffer.from(toolCallBody('standardize_batch', { account }));
    const head = body.subarray(0, 1024);
    const rest = body.subarray(1024);
    let headsWritten = 0;
    let answered = 0;
    let allHeadsWritten: (() => void) | undefined;
    const headsDone = new Promise<void>((resolve) => (allHeadsWritten = resolve));
    const requests: ReturnType<typeof request>[] = [];
    const exchanges = ids.map(
      (id) =>
        new Promise<Exchange>((resolve, reject) => {
          const req = request(
            `${service!.url}/mcp`,
            {
              method: 'POST',
              agent,
              headers: { ...toolCallHeaders('standardize_batch', TEST_KEYS.read, id), 'content-length': String(body.length) },
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => {
                answered++;
                resolve({
                  id,
                  status: res.statusCode!,
                  connection: res.headers.connection,
                  localPort: req.socket!.localPort!,
                  body: Buffer.concat(chunks).toString('utf8'),
                  answeredAt: Date.now(),
                });
              });
              res.on('error', reject);
            },
          );
          req.on('error', reject);
          requests.push(req);
          // Headers and the first KiB of the body: the request is under way and cannot be complete.
          req.write(head, () => {
            if (++headsWritten === CALLS) allHeadsWritten!();
          });
        }),
    );
    await headsDone;
    const answeredBeforeSigterm = answered;
    const sigtermAt = Date.now();
    service!.child.kill('SIGTERM');
    // The service has begun to drain (its log says so) while every request is still half sent.
    const draining = await waitFor(() => service!.output.some((l) => l.includes('shutting down: draining in-flight requests')), 20_000, 20);
    expect(draining).toBe(true);
    const drainLine = JSON.parse(service!.output.find((l) => l.includes('shutting down: draining in-flight requests'))!) as {
      inFlight: number;
    };
    for (const req of requests) req.end(rest);
    const results = await Promise.all(exchanges);
    const exit = await service!.exited;
    const exitMs = Date.now() - sigtermAt;

    // Records, from both sinks, written before the process exited.
    const usageFile = join(stateDir, 'usage', 'data-standardization.jsonl');
    const fileRecords = existsSync(usageFile)
      ? readFileSync(usageFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { correlationId: string; tool: string; outcome: string })
          .filter((r) => ids.includes(r.correlationId))
      : [];
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    const rows = (
      await client.query<{ correlation_id: string; tool: string; outcome: string }>(
        'SELECT correlation_id, tool, outcome FROM usage_logs WHERE correlation_id = ANY($1) ORDER BY correlation_id',
        [ids],
      )
    ).rows;
    await client.end();

    recordFigures('sigterm-in-flight', {
      calls: CALLS,
      recordsPerCall: RECORDS,
      answeredBeforeSigterm,
      inFlightAtDrainStart: drainLine.inFlight,
      answered200: results.filter((r) => r.status === 200).length,
      exitCode: exit.code,
      exitSignal: exit.signal,
      sigtermToExitMs: exitMs,
      lastAnswerAfterSigtermMs: Math.max(...results.map((r) => r.answeredAt)) - sigtermAt,
      fileRecords: fileRecords.length,
      postgresRows: rows.length,
      connectionHeaders: results.map((r) => r.connection ?? null),
    });
    expect(answeredBeforeSigterm).toBe(0);
    // The drain saw requests in progress (those whose headers it had parsed; the rest arrive after).
    expect(drainLine.inFlight).toBeGreaterThanOrEqual(1);
    for (const result of results) {
      expect(result.status).toBe(200);
      // The same connections as warmed up: none was re-established.
      expect(warmPorts.has(result.localPort)).toBe(true);
      const message = (
        result.body.startsWith('{')
          ? JSON.parse(result.body)
          : JSON.parse(
              result.body
                .split('\n')
                .filter((l) => l.startsWith('data:'))
                .pop()!
                .slice(5),
            )
      ) as {
        result: {
          isError?: boolean;
          structuredContent: {
            account: { records: { account_id: string; account_name: string; account_type: string }[] };
            batch_summary: { total_records: number; standardized: number; failed: number };
          };
        };
      };
      expect(message.result.isError).toBeUndefined();
      expect(message.result.structuredContent.batch_summary).toMatchObject({ total_records: RECORDS, standardized: RECORDS, failed: 0 });
      expect(message.result.structuredContent.account.records).toHaveLength(RECORDS);
      expect(message.result.structuredContent.account.records[RECORDS - 1]).toMatchObject({
        account_id: `A${RECORDS - 1}`,
        account_name: 'Cash and Equivalents',
        account_type: 'asset',
      });
    }
    // Answered while draining: each closes its connection, so the drain ends without waiting.
    expect(results.map((r) => r.connection)).toEqual(Array(CALLS).fill('close'));
    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(fileRecords.map((r) => r.correlationId).sort()).toEqual([...ids].sort());
    expect(fileRecords.every((r) => r.tool === 'standardize_batch' && r.outcome === 'success')).toBe(true);
    expect(rows).toEqual([...ids].sort().map((id) => ({ correlation_id: id, tool: 'standardize_batch', outcome: 'success' })));
    expect(service!.output.some((l) => l.includes('shutdown complete'))).toBe(true);
  }, 90_000);
});
