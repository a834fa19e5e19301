/**
 * Start-up heap shaping (issue #17). Loading a service's modules allocates mostly long-lived
 * objects (module records, compiled functions, schemas), so V8 sees a high survival rate in its
 * young generation and doubles the semi-spaces at each scavenge, up to 8 MiB each; it gives the
 * pages back only when its memory reducer runs, some 8–12 s after the process goes idle, and not
 * at all under steady load. Every idle service therefore held ~6 MiB it used only while loading.
 *
 * A service's entry imports this module statically and calls `launchService(...)`, which calls
 * `holdStartupHeap()` before it loads anything else with `await import(...)` (static imports are all
 * loaded before any module body runs) and so keeps the young generation at its initial size while the modules load; `releaseStartupHeap()` (called by `launchService` once the service listens or serves stdio)
 * restores V8's default growth, so traffic grows the young generation exactly as it would have.
 * The only cost is a few more scavenges during start-up (measured in bench/README.md, "Footprint").
 *
 * `v8.setFlagsFromString` on a running isolate is allowed for this flag: V8 reads it each time it
 * decides to grow the young generation. Should a Node version refuse or ignore it, nothing else
 * changes.
 */
import { setFlagsFromString } from 'node:v8';
import type { ServiceDefinition } from './service.js';

/** V8's default `--semi-space-growth-factor` (Node 20 to 24). */
const DEFAULT_GROWTH_FACTOR = 2;
let held = false;

/** Keeps the young generation at its initial size until `releaseStartupHeap()`. */
export function holdStartupHeap(): void {
  if (held || process.execArgv.some((arg) => arg.startsWith('--semi-space-growth-factor'))) return;
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
    held = true;
  } catch {
    // an engine that refuses the flag keeps its defaults
  }
}

/** Restores V8's default young-generation growth; a no-op unless `holdStartupHeap()` held it. */
export function releaseStartupHeap(): void {
  if (!held) return;
  held = false;
  setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
}

/**
 * A service entry in one call: holds the young generation, then loads core's runtime and the
 * service (`load` does the service's own `await import(...)` and returns its definition or factory)
 * and runs it, and releases the hold once `runService` returns (the service listens or serves
 * stdio), so traffic grows the young generation exactly as V8 would by default. The entry's
 * only static import is this module, so nothing it loads can come before the hold:
 *
 *     import { launchService } from '@a2a-mcp/core/startup';
 *     await launchService(async () => {
 *       const { createMyService } = await import('./service.js');
 *       return () => createMyService();
 *     }, import.meta.url);
 */
export async function launchService(load: () => Promise<ServiceDefinition | (() => ServiceDefinition)>, moduleUrl: string): Promise<void> {
  holdStartupHeap();
  const { runService } = await import('./runtime.js');
  await runService(await load(), { moduleUrl });
  releaseStartupHeap();
}

/** Whether the start-up hold is in force (for tests and diagnostics). */
export function startupHeapHeld(): boolean {
  return held;
}
