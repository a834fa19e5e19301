/**
 * Development convenience: when no credential is configured, the development profile makes one
 * API key, stores it (mode 0600) in the state directory so every service of the checkout shares
 * it, and the first service to create it prints it once. Never used by the production profile.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DevKey {
  key: string;
  file: string;
  created: boolean;
}

/** Reads the development key from `stateDir`, creating it atomically when absent. */
export function ensureDevKey(stateDir: string): DevKey {
  const file = join(stateDir, 'dev-api-key');
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const key = `dev_${randomBytes(24).toString('base64url')}`;
  try {
    writeFileSync(file, `${key}\n`, { flag: 'wx', mode: 0o600 });
    return { key, file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: readFileSync(file, 'utf8').trim(), file, created: false };
  }
}
