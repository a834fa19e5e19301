/**
 * The verdict rules (what makes the conformance test fail) on hand-made results, and the shipped
 * baseline's own consistency: valid entries, scenarios that exist in the suite's requirement set
 * for each revision they name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { defaultBaselinePath, judge, loadBaseline, type BaselineEntry } from '../src/baseline.js';
import { registeredServices } from '../src/services.js';
import { REVISIONS, serverScenarios, type ScenarioResult } from '../src/suite.js';

const SERVICES = registeredServices().map((s) => s.name);

const entry = (scenario: string, check: string, extra: Partial<BaselineEntry> = {}): BaselineEntry => ({
  scenario,
  check,
  revisions: ['2026-07-28'],
  kind: 'fixture',
  reason: 'calls the reference fixture tool',
  ...extra,
});

const results: ScenarioResult[] = [
  {
    scenario: 'tools-call-simple-text',
    checks: [{ id: 'tools-call-simple-text', status: 'FAILURE', errorMessage: 'Unknown tool: test_simple_text' }],
  },
  {
    scenario: 'server-stateless',
    checks: [
      { id: 'sep-2575-discover', status: 'SUCCESS' },
      { id: 'sep-2575-ping-404', status: 'FAILURE', errorMessage: 'got HTTP 200' },
      { id: 'sep-2575-logging', status: 'SKIPPED' },
    ],
  },
  {
    scenario: 'tools-list',
    checks: [
      { id: 'tools-list', status: 'SUCCESS' },
      { id: 'tools-list-names', status: 'WARNING', errorMessage: 'long name' },
    ],
  },
];
const options = {
  revision: '2026-07-28' as const,
  service: 'vector-similarity',
  expectedScenarios: ['tools-call-simple-text', 'server-stateless', 'tools-list'],
};

describe('judge', () => {
  it('excuses listed checks only: another failing check of the same scenario is unexpected', () => {
    const verdict = judge(
      results,
      [entry('tools-call-simple-text', 'tools-call-simple-text'), entry('server-stateless', 'sep-2575-logging')],
      options,
    );
    expect(verdict).toEqual({
      unexpected: ['server-stateless:sep-2575-ping-404 — got HTTP 200'],
      stale: [],
      warnings: ['tools-list:tools-list-names — long name'],
    });
  });

  it('reports a listed check that passes as stale, and tolerates one that was skipped or absent', () => {
    const baseline = [
      entry('tools-call-simple-text', 'tools-call-simple-text'),
      entry('server-stateless', 'sep-2575-ping-404'),
      entry('tools-list', 'tools-list'),
      entry('server-stateless', 'sep-2575-logging'),
      entry('server-stateless', 'never-ran'),
    ];
    expect(judge(results, baseline, options)).toMatchObject({
      unexpected: [],
      stale: ['tools-list:tools-list — passes now: remove it from the baseline'],
    });
  });

  it('applies an entry only to its revisions and services', () => {
    const baseline = [
      entry('tools-call-simple-text', 'tools-call-simple-text', { services: ['reasoning-agent'] }),
      entry('server-stateless', 'sep-2575-ping-404', { revisions: ['2025-11-25'] }),
    ];
    expect(judge(results, baseline, options).unexpected).toEqual([
      'tools-call-simple-text:tools-call-simple-text — Unknown tool: test_simple_text',
      'server-stateless:sep-2575-ping-404 — got HTTP 200',
    ]);
    expect(judge(results, baseline, { ...options, service: 'reasoning-agent' }).unexpected).toEqual([
      'server-stateless:sep-2575-ping-404 — got HTTP 200',
    ]);
  });

  it('treats a scenario that produced no result as unexpected', () => {
    const baseline = [entry('tools-call-simple-text', 'tools-call-simple-text'), entry('server-stateless', 'sep-2575-ping-404')];
    expect(judge(results, baseline, { ...options, expectedScenarios: [...options.expectedScenarios, 'caching'] }).unexpected).toEqual([
      'caching — no result: the scenario did not run',
    ]);
  });
});

describe('loadBaseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'a2a-baseline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (expected: unknown[]): string => {
    const path = join(dir, `b${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify({ expected }));
    return path;
  };

  it('rejects an entry without a reason, with an unknown kind, revision or service, or listed twice', () => {
    const path = write([
      { scenario: 'a', check: 'a', revisions: ['2026-07-28'], kind: 'fixture', reason: '' },
      { scenario: 'b', check: 'b', revisions: ['2024-11-05'], kind: 'fixture', reason: 'a long enough reason' },
      { scenario: 'c', check: 'c', revisions: ['2026-07-28'], kind: 'flaky', reason: 'a long enough reason' },
      { scenario: 'd', check: 'd', revisions: ['2026-07-28'], kind: 'fixture', reason: 'a long enough reason', services: ['nope'] },
      { scenario: 'e', check: 'e', revisions: ['2026-07-28'], kind: 'fixture', reason: 'a long enough reason' },
      { scenario: 'e', check: 'e', revisions: ['2026-07-28'], kind: 'fixture', reason: 'a long enough reason' },
    ]);
    expect(() => loadBaseline(path, SERVICES)).toThrow(
      [
        `${path} is invalid:`,
        'expected[0] (a:a): a reason is required',
        'expected[1] (b:b): revisions must name 2025-11-25 and/or 2026-07-28',
        'expected[2] (c:c): kind must be one of fixture, not-offered, extension',
        'expected[3] (d:d): unknown service nope',
        'expected[5] (e:e): listed twice for 2026-07-28',
      ].join('\n'),
    );
  });

  it('accepts entries of one check for disjoint services, and names the services listed twice', () => {
    const disjoint = write([
      {
        scenario: 'f',
        check: 'f',
        revisions: ['2025-11-25'],
        kind: 'not-offered',
        reason: 'a long enough reason',
        services: ['vector-similarity', 'vector-ranking'],
      },
      {
        scenario: 'f',
        check: 'f',
        revisions: ['2025-11-25'],
        kind: 'fixture',
        reason: 'a long enough reason',
        services: ['resource-streaming'],
      },
    ]);
    expect(loadBaseline(disjoint, SERVICES).map((e) => e.kind)).toEqual(['not-offered', 'fixture']);
    const overlapping = write([
      {
        scenario: 'g',
        check: 'g',
        revisions: ['2025-11-25'],
        kind: 'not-offered',
        reason: 'a long enough reason',
        services: ['vector-similarity', 'vector-ranking'],
      },
      {
        scenario: 'g',
        check: 'g',
        revisions: ['2025-11-25'],
        kind: 'fixture',
        reason: 'a long enough reason',
        services: ['vector-ranking', 'resource-streaming'],
      },
      { scenario: 'g', check: 'g', revisions: ['2025-11-25'], kind: 'fixture', reason: 'a long enough reason' },
    ]);
    expect(() => loadBaseline(overlapping, SERVICES)).toThrow(
      [
        `${overlapping} is invalid:`,
        'expected[1] (g:g): listed twice for 2025-11-25 (vector-ranking)',
        'expected[2] (g:g): listed twice for 2025-11-25',
      ].join('\n'),
    );
  });
});

describe('expected-failures.json', () => {
  const baseline = loadBaseline(defaultBaselinePath(), SERVICES);

  it.each(REVISIONS)('names only scenarios the suite runs for %s', (revision) => {
    const scenarios = new Set(serverScenarios(revision));
    const unknown = baseline.filter((e) => e.revisions.includes(revision) && !scenarios.has(e.scenario)).map((e) => e.scenario);
    expect(unknown).toEqual([]);
  });

  it('runs the scenarios the suite lists for each revision', () => {
    // Spot checks against the suite's frozen requirement sets.
    expect(serverScenarios('2025-11-25')).toEqual(
      expect.arrayContaining(['server-initialize', 'ping', 'logging-set-level', 'dns-rebinding-protection', 'server-session-lifecycle']),
    );
    expect(serverScenarios('2026-07-28')).toEqual(
      expect.arrayContaining(['server-stateless', 'caching', 'sep-2164-resource-not-found', 'tasks-lifecycle', 'http-header-validation']),
    );
    expect(serverScenarios('2026-07-28')).not.toContain('ping');
  });
});
