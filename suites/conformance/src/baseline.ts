/**
 * The expected-failures baseline (expected-failures.json) and the verdict on one run: every
 * failing check must be listed, with a reason, and every listed check that now passes is stale
 * and must be removed — the same rules as the suite's own `--expected-failures`, per check, per
 * revision and optionally per service.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REVISIONS, type Revision, type ScenarioResult } from './suite.js';

/** Why a failure is expected. */
export const BASELINE_KINDS = {
  fixture: "the scenario drives a tool, resource or prompt of the suite's own reference server (test_* names, test:// URIs)",
  'not-offered': 'an optional capability the service does not declare, answered as the specification requires (-32601)',
  extension: 'a protocol extension the fleet does not implement',
} as const;
export type BaselineKind = keyof typeof BASELINE_KINDS;

export interface BaselineEntry {
  scenario: string;
  /** The check id the suite prints; a failure of any other check of the scenario is not excused. */
  check: string;
  revisions: Revision[];
  /** Only these services; all when absent. */
  services?: string[];
  kind: BaselineKind;
  reason: string;
}

export interface Verdict {
  /** Failing checks the baseline does not excuse, and required scenarios that produced no result. */
  unexpected: string[];
  /** Baseline entries whose check passed. */
  stale: string[];
  /** Checks the suite reports as WARNING (SHOULD-level); they do not fail the run. */
  warnings: string[];
}

/** Reads and validates a baseline file; `services` are the names entries may scope to. */
export function loadBaseline(path: string, services: readonly string[]): BaselineEntry[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { expected?: unknown };
  if (!Array.isArray(raw.expected)) throw new Error(`${path}: "expected" must be an array`);
  const entries = raw.expected as BaselineEntry[];
  const problems: string[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const at = `expected[${index}] (${String(entry.scenario)}:${String(entry.check)})`;
    if (typeof entry.scenario !== 'string' || entry.scenario === '') problems.push(`${at}: scenario is required`);
    if (typeof entry.check !== 'string' || entry.check === '') problems.push(`${at}: check is required`);
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 10) problems.push(`${at}: a reason is required`);
    if (!(entry.kind in BASELINE_KINDS)) problems.push(`${at}: kind must be one of ${Object.keys(BASELINE_KINDS).join(', ')}`);
    if (!Array.isArray(entry.revisions) || entry.revisions.length === 0 || entry.revisions.some((r) => !REVISIONS.includes(r)))
      problems.push(`${at}: revisions must name ${REVISIONS.join(' and/or ')}`);
    for (const service of entry.services ?? []) if (!services.includes(service)) problems.push(`${at}: unknown service ${service}`);
    // One check may have entries for disjoint sets of services (different kinds and reasons).
    for (const revision of entry.revisions ?? []) {
      const twice = (entry.services ?? services).filter((service) => {
        const key = `${revision} ${service} ${entry.scenario}:${entry.check}`;
        const repeated = seen.has(key);
        seen.add(key);
        return repeated;
      });
      if (twice.length > 0) problems.push(`${at}: listed twice for ${revision}${entry.services ? ` (${twice.join(', ')})` : ''}`);
    }
  });
  if (problems.length > 0) throw new Error(`${path} is invalid:\n${problems.join('\n')}`);
  return entries;
}

/** The baseline shipped with this package. */
export function defaultBaselinePath(): string {
  return fileURLToPath(new URL('../expected-failures.json', import.meta.url));
}

function applies(entry: BaselineEntry, revision: Revision, service: string): boolean {
  return entry.revisions.includes(revision) && (entry.services === undefined || entry.services.includes(service));
}

/**
 * Judges one service's results for one revision. `expectedScenarios` are the scenarios the run
 * should have produced; a missing one is unexpected (the suite could not run it).
 */
export function judge(
  results: readonly ScenarioResult[],
  baseline: readonly BaselineEntry[],
  options: { revision: Revision; service: string; expectedScenarios: readonly string[] },
): Verdict {
  const { revision, service } = options;
  const excused = new Set(baseline.filter((e) => applies(e, revision, service)).map((e) => `${e.scenario}:${e.check}`));
  const unexpected: string[] = [];
  const warnings: string[] = [];
  const failing = new Set<string>();
  const passing = new Set<string>();
  for (const { scenario, checks } of results) {
    for (const check of checks) {
      const key = `${scenario}:${check.id}`;
      if (check.status === 'FAILURE') {
        failing.add(key);
        if (!excused.has(key)) unexpected.push(`${key} — ${check.errorMessage ?? 'failed'}`);
      } else if (check.status === 'SUCCESS') {
        passing.add(key);
      } else if (check.status === 'WARNING') {
        warnings.push(`${key} — ${check.errorMessage ?? 'warning'}`);
      }
    }
  }
  const ran = new Set(results.map((r) => r.scenario));
  for (const scenario of options.expectedScenarios)
    if (!ran.has(scenario)) unexpected.push(`${scenario} — no result: the scenario did not run`);
  // A listed check that is absent or skipped is tolerated (a scenario that stops at a failed
  // prerequisite never reaches its later checks); one that passed, and never failed, is stale.
  const stale = [...excused]
    .filter((key) => passing.has(key) && !failing.has(key))
    .map((key) => `${key} — passes now: remove it from the baseline`);
  return { unexpected: [...new Set(unexpected)], stale, warnings: [...new Set(warnings)] };
}
