/**
 * A loopback OTLP/HTTP (JSON) receiver for the tracing tests: every export it is sent, in order,
 * and readers for the spans and metrics in them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
}
export interface OtlpSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  /** Epoch nanoseconds (a decimal string in OTLP JSON). */
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  status?: { code?: number; message?: string };
  attributes: { key: string; value: OtlpValue }[];
  links?: { traceId: string; spanId: string }[];
}
export interface OtlpHistogramPoint {
  attributes: { key: string; value: OtlpValue }[];
  count: number | string;
  explicitBounds: number[];
  bucketCounts: (number | string)[];
}
export interface OtlpExport {
  resourceSpans?: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
  resourceMetrics?: {
    scopeMetrics: { metrics: { name: string; unit: string; histogram?: { dataPoints: OtlpHistogramPoint[] } }[] }[];
  }[];
}

export interface OtlpReceiver {
  endpoint: string;
  exports: { path: string; body: OtlpExport }[];
  close: () => Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: { path: string; body: OtlpExport }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const value = (v: OtlpValue) => (v.intValue !== undefined ? Number(v.intValue) : v.stringValue);
export const attributesOf = (item: { attributes: { key: string; value: OtlpValue }[] }): Record<string, string | number | undefined> =>
  Object.fromEntries(item.attributes.map((a) => [a.key, value(a.value)]));
export const spansIn = (exports: OtlpReceiver['exports'], from = 0): OtlpSpan[] =>
  exports.slice(from).flatMap((e) => (e.body.resourceSpans ?? []).flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
export const metricsIn = (exports: OtlpReceiver['exports'], from = 0) =>
  exports.slice(from).flatMap((e) => (e.body.resourceMetrics ?? []).flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)));
