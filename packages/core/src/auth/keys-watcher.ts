/**
 * The live key store: keys from the environment merged with the hashed keys file (API_KEYS_FILE),
 * reloaded without a restart when the file appears, changes or goes away.
 *
 * - `fs.watch` on the file's **directory**, not the file: it sees the file being created after the
 *   start (the usual `pnpm start`, then `service-manager keys create`), the atomic rename
 *   `writeKeysFile` does (a watch on the file would follow the old inode), deletion and
 *   re-creation, and the `..data` symlink swap of Kubernetes Secret volumes.
 * - A periodic stat check (default 5 s) covers file systems where watch events do not arrive
 *   (NFS, some container mounts) and a directory that does not exist yet or was replaced: each
 *   check re-establishes the directory watch when it is missing or stale.
 * - Events are debounced (a quiet time, bounded by a maximum wait) so a file written in several
 *   steps is read once it is complete.
 * - A malformed file keeps the last good keys and logs an error naming the file and the problem
 *   (the file holds only digests; the messages quote no values).
 * - A deleted file means no file keys (as after a restart without it); environment keys keep
 *   working; re-creating the file brings its keys back.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../logger.js';
import { ApiKeyStore, hashApiKey, type ApiKeyRecord } from './api-keys.js';
import { readKeysFile, toApiKeyRecords } from './keys-file.js';

export interface KeysWatcherOptions {
  /** API_KEYS_FILE. */
  path: string;
  /** Plaintext keys from the environment (kept across reloads). */
  envKeys: readonly { key: string; clientId: string; permissions: readonly string[] }[];
  logger: Logger;
  /** Fallback stat interval (also re-establishes the directory watch). Default 5000 ms. */
  pollIntervalMs?: number;
  /** Quiet time after a change before reloading. Default 100 ms. */
  debounceMs?: number;
  /** Longest a reload waits behind a stream of changes. Default 1000 ms. */
  maxWaitMs?: number;
}

export interface KeysWatcher {
  /** The current store; swapped wholesale on a successful reload. */
  current(): ApiKeyStore;
  /** Live (not revoked) entries in the file at the last successful load. */
  fileKeyCount(): number;
  /** Reloads now if the file changed (what the watcher and the timer call). */
  check(): void;
  close(): void;
}

/** What identifies a version of a path without reading it; `absent` when it does not exist. */
function signature(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
  } catch {
    return 'absent';
  }
}

/**
 * Loads the keys file (throwing when it is malformed, so a bad file stops the start; an absent
 * file is an empty one) and keeps watching it.
 */
export function watchKeysFile({
  path,
  envKeys,
  logger,
  pollIntervalMs = 5_000,
  debounceMs = 100,
  maxWaitMs = 1_000,
}: KeysWatcherOptions): KeysWatcher {
  const envRecords: ApiKeyRecord[] = envKeys.map((e) => ({ hash: hashApiKey(e.key), clientId: e.clientId, permissions: e.permissions }));
  const build = () => {
    const file = readKeysFile(path);
    return { store: new ApiKeyStore([...envRecords, ...toApiKeyRecords(file)]), live: file.keys.filter((k) => !k.revokedAt).length };
  };
  // Stat before reading: a change between the two is seen (again) by the next check.
  let seen = signature(path);
  let { store, live } = build();
  let closed = false;

  const check = () => {
    if (closed) return;
    const now = signature(path);
    if (now === seen) return;
    const was = seen;
    seen = now;
    try {
      ({ store, live } = build());
      if (now === 'absent') logger.warn('API keys file removed; only the environment keys are accepted until it is back', { file: path });
      else logger.info(was === 'absent' ? 'API keys file created; keys loaded' : 'API keys file reloaded', { file: path, keys: live });
    } catch (error) {
      logger.error('API keys file is invalid; keeping the previous keys', {
        file: path,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  // Debounce with a maximum wait: a steady stream of events cannot postpone the reload forever.
  let timer: NodeJS.Timeout | undefined;
  let firstEventAt: number | undefined;
  const fire = () => {
    timer = undefined;
    firstEventAt = undefined;
    check();
  };
  const schedule = () => {
    if (closed) return;
    const now = Date.now();
    firstEventAt ??= now;
    clearTimeout(timer);
    timer = setTimeout(fire, Math.max(0, Math.min(debounceMs, firstEventAt + maxWaitMs - now)));
    timer.unref();
  };

  const dir = dirname(path);
  const name = basename(path);
  let watcher: FSWatcher | undefined;
  let watchedDir: string | undefined;
  const unwatch = () => {
    watcher?.close();
    watcher = undefined;
    watchedDir = undefined;
  };
  const ensureWatch = () => {
    const dirNow = signature(dir);
    const identity = dirNow === 'absent' ? undefined : dirNow.split(':').slice(0, 2).join(':');
    if (watcher && watchedDir === identity) return;
    unwatch();
    if (identity === undefined) return; // the periodic check retries once the directory exists
    try {
      const w = watch(dir, { persistent: false }, (_event, changed) => {
        // Our file, or (Kubernetes Secret volumes) the `..data` link swapped under it.
        if (changed === null || changed === name || String(changed).startsWith('..')) schedule();
      });
      w.on('error', (error) => {
        logger.debug('keys file directory watch failed; relying on the periodic check', { error: error.message });
        if (watcher === w) unwatch();
      });
      watcher = w;
      watchedDir = identity;
    } catch (error) {
      logger.debug('cannot watch the keys file directory; relying on the periodic check', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  ensureWatch();
  const poll = setInterval(() => {
    ensureWatch();
    check();
  }, pollIntervalMs);
  poll.unref();

  return {
    current: () => store,
    fileKeyCount: () => live,
    check,
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
      unwatch();
    },
  };
}
