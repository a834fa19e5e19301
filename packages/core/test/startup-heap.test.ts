/**
 * Issue #17: start-up heap shaping (src/startup.ts). While held, the young generation keeps its
 * initial size however much long-lived data is allocated; once released, the same allocation grows
 * it as V8 does by default. Each case runs in a fresh node process (the flag is process-wide).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';

const startup = new URL('../dist/startup.js', import.meta.url).href;

/** New-space size (bytes) before and after allocating ~24 MiB of retained small objects. */
function youngGeneration(steps: string): { before: number; after: number; held: boolean } {
  const program = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { holdStartupHeap, releaseStartupHeap, startupHeapHeld } from ${JSON.stringify(startup)};
    const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    const before = newSpace();
    ${steps}
    const kept = [];
    for (let i = 0; i < 300_000; i++) kept.push({ i, text: 'x' + i, list: [i, i + 1] });
    process.stdout.write(JSON.stringify({ before, after: newSpace(), held: startupHeapHeld(), kept: kept.length }));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { before: number; after: number; held: boolean };
}

describe('start-up heap shaping', () => {
  it('without the hold, retained allocation grows the young generation (V8 default)', () => {
    const { before, after, held } = youngGeneration('');
    expect(held).toBe(false);
    expect(after).toBeGreaterThanOrEqual(8 * before);
  });

  it('held, the young generation keeps its initial size', () => {
    const { before, after, held } = youngGeneration('holdStartupHeap();');
    expect(held).toBe(true);
    expect(after).toBeLessThanOrEqual(2 * before);
  });

  it('released, it grows again as by default', () => {
    const { before, after, held } = youngGeneration('holdStartupHeap(); releaseStartupHeap();');
    expect(held).toBe(false);
    expect(after).toBeGreaterThanOrEqual(8 * before);
  });

  it('a second hold and a release without a hold change nothing', () => {
    const { after, before, held } = youngGeneration('releaseStartupHeap(); holdStartupHeap(); holdStartupHeap();');
    expect(held).toBe(true);
    expect(after).toBeLessThanOrEqual(2 * before);
  });
});

describe('launchService', () => {
  it('holds while the service loads and releases once it serves', () => {
    const index = new URL('../dist/index.js', import.meta.url).href;
    const program = `
      import { launchService, startupHeapHeld } from ${JSON.stringify(startup)};
      let whileLoading;
      await launchService(async () => {
        whileLoading = startupHeapHeld();
        const { defineService } = await import(${JSON.stringify(index)});
        return defineService({ name: 'held-test', version: '1.0.0', tools: [] });
      }, import.meta.url);
      process.stderr.write(JSON.stringify({ whileLoading, afterStart: startupHeapHeld() }) + '\\n');
      process.exit(0);
    `;
    // argv[2] on is what runService reads: --stdio, so the test binds no port.
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', program, '--', 'entry', '--stdio'], {
      encoding: 'utf8',
      input: '',
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'error' },
      timeout: 20_000,
    });
    const line = result.stderr.split('\n').find((l) => l.startsWith('{"whileLoading"'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toEqual({ whileLoading: true, afterStart: false });
  });
});
