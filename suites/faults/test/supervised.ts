/**
 * Scenarios 1 and 2 run confidence-calculator under their own service-manager supervisor with 2
 * workers on one port (own state dir, a free port offset), rate limits out of reach and no usage
 * records: registered as the describe block's beforeAll / afterAll.
 */
import { afterAll, beforeAll, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeOffset, runCli, tempDir, type StatusService } from '../src/index.js';

export const SERVICE = 'confidence-calculator';

export interface Supervised {
  /** The service's port, once started. */
  port: number;
  /** The supervisor's development API key, once started. */
  key: string;
  /** Runs the service-manager CLI against this supervisor. */
  sm: (...args: string[]) => ReturnType<typeof runCli>;
  /** The service's entry of `status --json`. */
  service: () => Promise<StatusService | undefined>;
}

export function superviseTwoWorkers(prefix: string): Supervised {
  const stateDir = tempDir(prefix);
  const sm = (...args: string[]) =>
    runCli(['--state-dir', stateDir, ...args], { RATE_LIMIT_MAX_REQUESTS: '100000000', USAGE_SINKS: 'none' });
  const supervised: Supervised = {
    port: 0,
    key: '',
    sm,
    service: async () =>
      (JSON.parse((await sm('status', '--json')).stdout) as { services: StatusService[] }).services.find((s) => s.name === SERVICE),
  };
  beforeAll(async () => {
    const offset = await freeOffset(8108);
    supervised.port = 8108 + offset;
    const started = await sm('start', SERVICE, '--workers', '2', '--port-offset', String(offset));
    expect(started.code).toBe(0);
    supervised.key = readFileSync(join(stateDir, 'dev-api-key'), 'utf8').trim();
  }, 90_000);
  afterAll(async () => {
    await sm('stop', '--timeout', '5000');
  }, 60_000);
  return supervised;
}
