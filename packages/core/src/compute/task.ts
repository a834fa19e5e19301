/**
 * A compute task: the CPU-heavy, pure part of a tool, named so a worker thread can load it. Only
 * data crosses a thread boundary, never a function, so a task is the URL of the module that
 * exports the function plus the export's name; the same function also runs inline on the calling
 * thread when the input is small enough that a hop to the pool would cost more than the work.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The function behind a task: a payload in (structured-cloneable), a result out (same). */
export type TaskFunction<P, R> = (payload: P, signal?: AbortSignal) => R | Promise<R>;

export interface ComputeTaskOptions<P> {
  /**
   * The work a payload implies, in the task's own unit (clauses, vector entries, pairs, cells).
   * Without it every call goes to the pool.
   */
  weight?: (payload: P) => number;
  /** Calls whose weight is at most this run inline on the event loop; heavier ones in the pool. Default 0. */
  poolAbove?: number;
  /** The export's name when it differs from the function's own `name`. */
  exportName?: string;
}

/** A task as `defineTask` returns it; hand it to `ctx.compute(task, payload)`. */
export interface ComputeTask<P, R> {
  /** URL of the module that exports the function (as given; see `workerModuleUrl`). */
  readonly module: string;
  /** Name of the export a worker calls. */
  readonly exportName: string;
  /** The function itself, for inline runs. */
  readonly run: TaskFunction<P, R>;
  /** Whether this payload is heavy enough for the pool. */
  readonly heavy: (payload: P) => boolean;
}

/**
 * Declares a task. `module` is the URL of the module that exports `run` (resolve it relative to
 * the caller: `new URL('../lib/sat.js', import.meta.url)`); the module must not need anything from
 * the main thread (no store, no logger, no closures): a worker imports it on its own. Keep such
 * modules light (import `ServiceError` from `@a2a-mcp/core/errors`, not the package root): every
 * worker loads them.
 *
 * @example
 * export const satTask = defineTask(new URL('../lib/logic/tasks.js', import.meta.url), satisfiability, {
 *   weight: (p) => p.clauses?.length ?? p.formula?.length ?? 0,
 *   poolAbove: 200,
 * });
 * // in the handler: return ctx.compute(satTask, { clauses, formula, maxClauses });
 */
export function defineTask<P, R>(
  module: URL | string,
  run: TaskFunction<P, R>,
  options: ComputeTaskOptions<P> = {},
): ComputeTask<P, Awaited<R>> {
  const exportName = options.exportName ?? run.name;
  if (!/^[A-Za-z_$][\w$]*$/.test(exportName))
    throw new Error(`defineTask: the function has no usable name ("${exportName}"); pass exportName`);
  const poolAbove = options.poolAbove ?? 0;
  const { weight } = options;
  return {
    module: String(module),
    exportName,
    run: run as TaskFunction<P, Awaited<R>>,
    heavy: weight ? (payload) => weight(payload) > poolAbove : () => true,
  };
}

const resolved = new Map<string, string>();

/**
 * The module URL a worker thread loads for `moduleUrl`. A worker thread cannot load TypeScript on
 * Node 20, so when the URL points into a package's `src/` and no `.js` file is there (jest runs the
 * sources through SWC), the same path under the package's `dist/` is used (turbo builds every
 * package before its tests). Throws when neither exists.
 */
export function workerModuleUrl(moduleUrl: string): string {
  const cached = resolved.get(moduleUrl);
  if (cached) return cached;
  const url = new URL(moduleUrl);
  if (url.protocol !== 'file:') throw new Error(`compute task module must be a file: URL (got ${url.protocol})`);
  const path = fileURLToPath(url);
  const candidates = [path.replace(/\.ts$/, '.js')];
  const srcAt = path.lastIndexOf('/src/');
  if (srcAt >= 0) candidates.push(`${path.slice(0, srcAt)}/dist/${path.slice(srcAt + 5)}`.replace(/\.ts$/, '.js'));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`compute task module not found: ${candidates.join(' or ')} (build the package first)`);
  const result = pathToFileURL(found).href;
  resolved.set(moduleUrl, result);
  return result;
}
