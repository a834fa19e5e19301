/**
 * The live key store: keys from the environment merged with the hashed keys file (API_KEYS_FILE),
 * reloaded without a restart when the file changes. `fs.watch` on the directory sees the atomic
 * rename `writeKeysFile` does (a watch on the file itself would follow the old inode); a periodic
 * stat check covers file systems where watch events do not arrive (NFS, some containers).
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
  /** Fallback stat interval. Default 5000 ms. */
  pollIntervalMs?: number;
  /** Quiet time after a change before reloading. Default 100 ms. */
  debounceMs?: number;
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

function signature(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

/**
 * Loads the keys file (throwing when it is malformed, so a bad file stops the start) and keeps
 * watching it. A malformed new file keeps the previous keys and logs an error.
 */
export function watchKeysFile({ path, envKeys, logger, pollIntervalMs = 5_000, debounceMs = 100 }: KeysWatcherOptions): KeysWatcher {
  const envRecords: ApiKeyRecord[] = envKeys.map((e) => ({ hash: hashApiKey(e.key), clientId: e.clientId, permissions: e.permissions }));
  const build = () => {
    const file = readKeysFile(path);
    return { store: new ApiKeyStore([...envRecords, ...toApiKeyRecords(file)]), live: file.keys.filter((k) => !k.revokedAt).length };
  };
  let seen = signature(path);
  let { store, live } = build();

  const check = () => {
    const now = signature(path);
    if (now === seen) return;
    seen = now;
    try {
      ({ store, live } = build());
      logger.info('API keys file reloaded', { file: path, keys: live });
    } catch (error) {
      logger.error('API keys file is invalid; keeping the previous keys', { file: path, error: error instanceof Error ? error.message : String(error) });
    }
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(check, debounceMs);
    timer.unref();
  };
  let watcher: FSWatcher | undefined;
  const name = basename(path);
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
      if (changed === null || changed === name) schedule();
    });
    watcher.on('error', (error) => logger.debug('keys file watch failed; relying on the periodic check', { error: error.message }));
  } catch (error) {
    logger.debug('cannot watch the keys file directory; relying on the periodic check', { error: error instanceof Error ? error.message : String(error) });
  }
  const poll = setInterval(check, pollIntervalMs);
  poll.unref();

  return {
    current: () => store,
    fileKeyCount: () => live,
    check,
    close() {
      clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
    },
  };
}
