/**
 * monitoring/prometheus: the scrape configuration against services.json, and the alert rules with
 * the real promtool (check config, check rules, test rules).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findBinary, loadServices, repoPath, run } from './support.js';

const promtool = findBinary('promtool', 'prometheus');
const DIR = repoPath('monitoring/prometheus');
const TOKEN_PATH = '/run/secrets/metrics_token';

interface ScrapeConfig {
  job_name: string;
  honor_labels?: boolean;
  authorization?: { type?: string; credentials_file?: string; credentials?: string };
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
}
const prometheusConfig = parse(readFileSync(join(DIR, 'prometheus.yml'), 'utf8')) as {
  scrape_configs: ScrapeConfig[];
  rule_files: string[];
};
const rules = parse(readFileSync(join(DIR, 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
const ruleTests = parse(readFileSync(join(DIR, 'alerts.test.yml'), 'utf8')) as {
  tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
};

describe('prometheus.yml', () => {
  const job = prometheusConfig.scrape_configs.find((c) => c.job_name === 'a2a-mcp')!;

  it('scrapes every service of services.json at its port, labelled with its name, and nothing else', () => {
    const expected = loadServices().map((s) => ({ target: `${s.name}:${s.port}`, service: s.name }));
    const actual = job.static_configs.flatMap((c) => c.targets.map((target) => ({ target, service: c.labels?.service })));
    expect(actual).toEqual(expected);
    expect(job.honor_labels).toBe(true);
  });

  it('sends the METRICS_TOKEN from a file, never inline', () => {
    expect(job.authorization).toEqual({ type: 'Bearer', credentials_file: TOKEN_PATH });
    expect(readFileSync(join(DIR, 'prometheus.yml'), 'utf8')).not.toMatch(/bearer_token:|credentials:/);
  });
});

(promtool ? describe : describe.skip)('promtool', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'deploy-checks-prom-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('check config accepts prometheus.yml (with the secret file present) and its rule files', () => {
    cpSync(DIR, tmp, { recursive: true });
    // promtool checks that credentials_file exists: point it at a stand-in for the Docker secret.
    writeFileSync(join(tmp, 'metrics_token'), 'stand-in-token-for-promtool\n');
    const config = readFileSync(join(tmp, 'prometheus.yml'), 'utf8').replace(TOKEN_PATH, join(tmp, 'metrics_token'));
    writeFileSync(join(tmp, 'prometheus.yml'), config);
    const result = run(promtool!, ['check', 'config', join(tmp, 'prometheus.yml')]);
    expect(`${result.stdout}${result.stderr}`).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  });

  it('check rules accepts alerts.yml', () => {
    const result = run(promtool!, ['check', 'rules', join(DIR, 'alerts.yml')]);
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  it('test rules passes alerts.test.yml', () => {
    const result = run(promtool!, ['test', 'rules', 'alerts.test.yml'], { cwd: DIR });
    expect(`${result.stdout}${result.stderr}`).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  });
});

describe('alert rules', () => {
  const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));

  it('cover the operational cases the deployment promises', () => {
    expect(alerts.sort()).toEqual(
      [
        'McpAuthFailureSpike',
        'McpCircuitBreakerOpen',
        'McpDeadLettersWaiting',
        'McpGaugeCollectFailing',
        'McpHighErrorRatio',
        'McpHighLatencyP95',
        'McpHighToolErrorRatio',
        'McpRateLimitSpike',
        'McpServiceDown',
        'McpUsageRecordsDropped',
      ].sort(),
    );
  });

  it('each has a unit test in alerts.test.yml in which it fires', () => {
    const firing = new Set(
      ruleTests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)),
    );
    expect(alerts.filter((a) => !firing.has(a))).toEqual([]);
  });
});
