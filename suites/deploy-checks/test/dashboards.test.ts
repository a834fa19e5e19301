/**
 * monitoring/grafana: provisioning files, and every dashboard panel and alert expression evaluated
 * by a real Prometheus (Debian's package) scraping real services that have seen real traffic.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RunningService } from '@a2a-mcp/core';
import { createConfidenceCalculatorService } from '@a2a-mcp/confidence-calculator';
import { createVectorSimilarityService } from '@a2a-mcp/vector-similarity';
import { mcpPost, startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { findBinary, freePort, repoPath, startChild, waitFor, type Child } from './support.js';

const GRAFANA = repoPath('monitoring/grafana');
const DASHBOARD_DIR = join(GRAFANA, 'dashboards');

interface Target {
  refId: string;
  expr: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  targets?: Target[];
}
interface Variable {
  name: string;
  type: string;
  query?: { query: string } | string;
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
}

const dashboards = readdirSync(DASHBOARD_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, dashboard: JSON.parse(readFileSync(join(DASHBOARD_DIR, f), 'utf8')) as Dashboard }));
const alertRules = (
  parse(readFileSync(repoPath('monitoring/prometheus/alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] }
).groups.flatMap((g) => g.rules);

/**
 * Targets allowed to return nothing against this fleet, each with the reason. Every panel still
 * needs at least one target with data.
 */
const MAY_BE_EMPTY: { pattern: RegExp; reason: string }[] = [
  {
    pattern: /mcp_mailbox_depth|mcp_messages_in_flight|mcp_mailbox_dead_letters/,
    reason: 'exported by transport-layer only, which is not in the fleet under test',
  },
  {
    pattern: /^max by \(service, breaker\) \(mcp_circuit_breaker_state/,
    reason: 'the services under test have no circuit breakers (no outbound dependency)',
  },
];

describe('Grafana provisioning', () => {
  it('provisions the Prometheus datasource with the uid the dashboards use, and the dashboards folder', () => {
    const datasources = parse(readFileSync(join(GRAFANA, 'provisioning/datasources/prometheus.yml'), 'utf8')) as {
      datasources: { uid: string; type: string; url: string }[];
    };
    expect(datasources.datasources).toEqual([
      expect.objectContaining({ uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090' }),
    ]);
    const providers = parse(readFileSync(join(GRAFANA, 'provisioning/dashboards/a2a-mcp.yml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    expect(providers.providers[0]!.options.path).toBe('/var/lib/grafana/dashboards');
    const compose = readFileSync(repoPath('docker/docker-compose.yml'), 'utf8');
    expect(compose).toContain('../monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro');
  });

  it.each(dashboards)(
    '$file: one fleet dashboard with service and instance variables, unique panel ids, every contract metric shown',
    ({ dashboard }) => {
      const names = dashboard.templating.list.map((v) => v.name);
      expect(names).toEqual(expect.arrayContaining(['service', 'instance']));
      const ids = dashboard.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
      for (const expr of exprs) expect(expr).toMatch(/service=~"\$service", instance=~"\$instance"/);
      const all = exprs.join('\n');
      for (const metric of [
        'mcp_http_requests_total',
        'mcp_http_request_duration_seconds_bucket',
        'mcp_tool_calls_total',
        'mcp_tool_duration_seconds_bucket',
        'mcp_tool_errors_total',
        'mcp_auth_failures_total',
        'mcp_rate_limited_total',
        'mcp_circuit_breaker_state',
        'mcp_usage_records_dropped_total',
        'mcp_sessions_active',
        'process_resident_memory_bytes',
        'process_cpu_seconds_total',
        'nodejs_eventloop_lag_p99_seconds',
      ]) {
        expect(all).toContain(metric);
      }
      // No copies per service: no panel names a service.
      expect(all).not.toMatch(/service="/);
    },
  );
});

const prometheusBinary = findBinary('prometheus', 'prometheus');

(prometheusBinary ? describe : describe.skip)('against a live Prometheus scraping real services', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'deploy-checks-grafana-'));
  const token = randomBytes(24).toString('hex');
  const services: RunningService[] = [];
  let prometheus: Child | undefined;
  let api = '';
  const serviceNames = ['confidence-calculator', 'vector-similarity'];

  const query = async (expr: string): Promise<{ status: string; error?: string; data?: { result: unknown[] } }> => {
    const response = await fetch(`${api}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`);
    return (await response.json()) as { status: string; error?: string; data?: { result: unknown[] } };
  };
  const substitute = (expr: string) =>
    expr
      .replaceAll('$service', serviceNames.join('|'))
      .replaceAll('$instance', '.+')
      .replaceAll('$__rate_interval', '15s')
      .replaceAll('$__range', '2m')
      .replaceAll('$__interval', '5s');

  beforeAll(async () => {
    const env = { METRICS_TOKEN: token, USAGE_SINKS: 'none' };
    services.push(await startTestService(createConfidenceCalculatorService(), { env }));
    services.push(await startTestService(createVectorSimilarityService(), { env }));
    writeFileSync(join(tmp, 'metrics_token'), token);
    copyFileSync(repoPath('monitoring/prometheus/alerts.yml'), join(tmp, 'alerts.yml'));
    const targets = services
      .map((s, i) => `      - targets: ["${new URL(s.url).host}"]\n        labels: { service: ${serviceNames[i]} }`)
      .join('\n');
    writeFileSync(
      join(tmp, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: [alerts.yml]\nscrape_configs:\n  - job_name: a2a-mcp\n    honor_labels: true\n    authorization:\n      type: Bearer\n      credentials_file: ${join(tmp, 'metrics_token')}\n    static_configs:\n${targets}\n`,
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    prometheus = startChild(prometheusBinary!, [
      `--config.file=${join(tmp, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(tmp, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ]);
    await waitFor('Prometheus to be ready', async () => ((await fetch(`${api}/-/ready`)).ok ? true : undefined), 30_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${prometheus!.output()}`);
      },
    );

    // Traffic: successful calls, an invalid call, a call without credentials, a wrong key.
    const call = (name: string, args: Record<string, unknown>) => ({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name, arguments: args },
    });
    const read = { 'x-api-key': TEST_KEYS.read };
    const [confidence, vectors] = services;
    for (let round = 0; round < 5; round++) {
      await mcpPost(confidence!.mcpUrl, call('calculate_fallback_confidence', { scenario: 'consensus_fallback' }), read);
      await mcpPost(vectors!.mcpUrl, call('calculate_vector_similarity', { vector_a: [1, 2, 3], vector_b: [4, 5, 6] }), read);
    }
    await mcpPost(confidence!.mcpUrl, call('calculate_evidence_quality', { evidence: 'not-a-list' }), read);
    await mcpPost(vectors!.mcpUrl, call('calculate_vector_similarity', { vector_a: [1] }), read);
    expect((await mcpPost(confidence!.mcpUrl, call('calculate_fallback_confidence', { scenario: 'x' }))).status).toBe(401);
    expect(
      (
        await mcpPost(vectors!.mcpUrl, call('calculate_vector_similarity', { vector_a: [1], vector_b: [2] }), {
          'x-api-key': 'wrong-key-0123456789abcdef0123456789',
        })
      ).status,
    ).toBe(401);

    // Scraped after the traffic, with enough samples for rate() over 15 s windows.
    await waitFor(
      'scrapes of the traffic',
      async () => {
        const r = await query('count(mcp_auth_failures_total) >= 2 and count(mcp_tool_errors_total) >= 2');
        return r.data && r.data.result.length > 0 ? true : undefined;
      },
      30_000,
      500,
    );
    await new Promise((r) => setTimeout(r, 3000));
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await Promise.all(services.map((s) => s.close()));
    rmSync(tmp, { recursive: true, force: true });
  });

  it('scrapes every service with the metrics token (up == 1)', async () => {
    const r = await query('up{job="a2a-mcp"}');
    expect(
      (r.data!.result as { metric: { service: string }; value: [number, string] }[]).map((s) => [s.metric.service, s.value[1]]).sort(),
    ).toEqual(serviceNames.map((n) => [n, '1']));
  });

  it('answers the dashboard variables', async () => {
    for (const { dashboard } of dashboards) {
      for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
        const text = typeof variable.query === 'string' ? variable.query : variable.query!.query;
        const m = /^label_values\((.*),\s*(\w+)\)$/.exec(substitute(text));
        expect(m).not.toBeNull();
        const response = await fetch(`${api}/api/v1/label/${m![2]}/values?${new URLSearchParams({ 'match[]': m![1]! }).toString()}`);
        const values = ((await response.json()) as { data: string[] }).data;
        expect(values.length).toBeGreaterThan(0);
        if (variable.name === 'service') expect(values.sort()).toEqual(serviceNames);
      }
    }
  });

  const panels = dashboards.flatMap(({ file, dashboard }) =>
    dashboard.panels.filter((p) => p.targets?.length).map((p) => ({ name: `${file} #${p.id} ${p.title}`, panel: p })),
  );
  it.each(panels)('panel $name: every expression parses, the panel returns data', async ({ panel }) => {
    let withData = 0;
    for (const target of panel.targets!) {
      const r = await query(substitute(target.expr));
      expect({ expr: target.expr, status: r.status, error: r.error }).toEqual({ expr: target.expr, status: 'success', error: undefined });
      if (r.data!.result.length > 0) withData++;
      else {
        const allowed = MAY_BE_EMPTY.find((m) => m.pattern.test(target.expr));
        expect({ expr: target.expr, empty: true, allowed: allowed?.reason }).toEqual({
          expr: target.expr,
          empty: true,
          allowed: expect.any(String),
        });
        // The dashboard itself says why this can be empty.
        expect(panel.description).toMatch(/empty/);
      }
    }
    expect(withData).toBeGreaterThan(0);
  });

  it.each(alertRules)('alert $alert: the expression evaluates on the live fleet, and the rule loads healthy', async ({ alert, expr }) => {
    const r = await query(expr);
    expect({ alert, status: r.status, error: r.error }).toEqual({ alert, status: 'success', error: undefined });
    const rules = (await (await fetch(`${api}/api/v1/rules?type=alert`)).json()) as {
      data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
    };
    const loaded = rules.data.groups.flatMap((g) => g.rules).find((x) => x.name === alert);
    expect(loaded?.health).not.toBe('err');
  });
});
