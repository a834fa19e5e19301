/**
 * jose, loaded on first use: by the first bearer token checked or minted, or the first signing
 * keys fetched. A service that takes only API keys never loads it (~6 MiB resident, issue #17).
 */
import type * as JoseModule from 'jose';

type Jose = typeof JoseModule;

let jose: Promise<Jose> | undefined;

export function loadJose(): Promise<Jose> {
  return (jose ??= import('jose'));
}
