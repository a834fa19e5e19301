/**
 * The official MCP conformance suite against every service in services.json, for 2025-11-25 and
 * 2026-07-28, each at its own wire (the suite's frozen requirement set for the revision, scored and
 * unscored scenarios alike). Every failing check must be listed in expected-failures.json with a
 * reason; a listed check that passes is stale. The suite cannot send headers, so it talks to each
 * service through a loopback proxy that adds the API key (src/auth-proxy.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '@a2a-mcp/core';
import { startTestService, TEST_KEYS } from '@a2a-mcp/testkit';
import { startAuthProxy, type AuthProxy } from '../src/auth-proxy.js';
import { defaultBaselinePath, judge, loadBaseline } from '../src/baseline.js';
import { createRegisteredService, registeredServices, SERVICE_FACTORIES } from '../src/services.js';
import { REVISIONS, runSuite, serverScenarios, type Revision } from '../src/suite.js';

const services = registeredServices().map((s) => s.name);
const baseline = loadBaseline(defaultBaselinePath(), services);
/** An agent's key (write): every tool is visible to it. */
const AUTH = { 'x-api-key': TEST_KEYS.write };

const workDir = mkdtempSync(join(tmpdir(), 'a2a-conformance-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

it('has a service factory for every service in services.json', () => {
  expect(Object.keys(SERVICE_FACTORIES).sort()).toEqual([...services].sort());
});

describe.each(services)('%s', (name) => {
  let service: RunningService;
  let proxy: AuthProxy;
  beforeAll(async () => {
    service = await startTestService(createRegisteredService(name));
    proxy = await startAuthProxy(service.mcpUrl, AUTH);
  });
  afterAll(async () => {
    await proxy.close();
    await service.close();
  });

  it(`passes ${REVISIONS.join(' and ')}, apart from the baseline`, async () => {
    // The two revisions run side by side: separate processes, separate wires.
    const verdicts = await Promise.all(
      REVISIONS.map(async (revision: Revision) => {
        const outputDir = mkdtempSync(join(workDir, `${name}-${revision}-`));
        const run = await runSuite({ url: proxy.url, revision, outputDir });
        const { unexpected, stale } = judge(run.results, baseline, {
          revision,
          service: name,
          expectedScenarios: serverScenarios(revision),
        });
        return [revision, { unexpected, stale }] as const;
      }),
    );
    expect(Object.fromEntries(verdicts)).toEqual(Object.fromEntries(REVISIONS.map((r) => [r, { unexpected: [], stale: [] }])));
  }, 300_000);
});

describe('the harness', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService(createRegisteredService('vector-similarity'));
  });
  afterAll(async () => {
    await service.close();
  });

  it('reports a failure the baseline does not list (here: no API key, so initialize is refused)', async () => {
    const outputDir = mkdtempSync(join(workDir, 'no-key-'));
    const run = await runSuite({ url: service.mcpUrl, revision: '2025-11-25', outputDir, scenario: 'server-initialize' });
    expect(run.exitCode).toBe(1);
    const { unexpected, stale } = judge(run.results, baseline, {
      revision: '2025-11-25',
      service: 'vector-similarity',
      expectedScenarios: ['server-initialize'],
    });
    expect(stale).toEqual([]);
    expect(unexpected.map((line) => line.split(' — ')[0])).toEqual(['server-initialize:server-initialize']);
    expect(unexpected[0]).toContain('"code":-32001,"message":"Authentication required: send X-API-Key or Authorization: Bearer"');
  }, 120_000);
});
