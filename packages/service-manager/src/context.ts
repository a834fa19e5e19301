/**
 * Where things are: the repo root (the directory of services.json), the registry, the state
 * directory and each service's entry point. Read once per CLI invocation.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findServicesFile, loadServicesRegistry, type ServiceEntry } from '@a2a-mcp/core/operator';
import { ManagerError, messageOf } from './errors.js';

/** One registry entry plus what the manager knows about it on disk. */
export interface ServiceInfo extends ServiceEntry {
  /** `services/<name>/package.json` exists. */
  implemented: boolean;
  /** `services/<name>/dist/index.js` exists. */
  built: boolean;
  /** Absolute path of the entry point (`services/<name>/dist/index.js`). */
  entry: string;
}

export interface ManagerContext {
  root: string;
  servicesFile: string;
  stateDir: string;
  services: ServiceInfo[];
}

export interface ContextOptions {
  /** State directory; default `A2A_STATE_DIR` or `<root>/.state`. */
  stateDir?: string | undefined;
  /** Where to start looking for services.json; default the working directory, then this package's location. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Finds services.json from the cwd (then from this package), loads it and describes each service. */
export function loadContext({ stateDir, cwd = process.cwd(), env = process.env }: ContextOptions = {}): ManagerContext {
  const servicesFile = findServicesFile(cwd) ?? findServicesFile(dirname(fileURLToPath(import.meta.url)));
  if (!servicesFile) throw new ManagerError('config', `no services.json found in ${cwd} or any parent directory`);
  let registry;
  try {
    registry = loadServicesRegistry(servicesFile);
  } catch (error) {
    throw new ManagerError('config', `malformed services.json: ${messageOf(error)}`, { cause: error });
  }
  const root = dirname(servicesFile);
  const services = registry.services.map((entry): ServiceInfo => {
    const dir = join(root, 'services', entry.name);
    const entryPoint = join(dir, 'dist', 'index.js');
    return { ...entry, implemented: existsSync(join(dir, 'package.json')), built: existsSync(entryPoint), entry: entryPoint };
  });
  const dir = stateDir ?? (env.A2A_STATE_DIR || undefined) ?? join(root, '.state');
  return { root, servicesFile, stateDir: resolve(cwd, dir), services };
}

/**
 * The services a command acts on: the named ones (unknown names are a usage error listing the
 * valid ones), or every implemented service when none is named.
 */
export function selectServices(context: ManagerContext, names: readonly string[]): ServiceInfo[] {
  if (names.length === 0) return context.services.filter((s) => s.implemented);
  const unknown = names.filter((n) => !context.services.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new ManagerError(
      'usage',
      `unknown service${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Valid names: ${context.services.map((s) => s.name).join(', ')}`,
    );
  }
  const wanted = new Set(names);
  return context.services.filter((s) => wanted.has(s.name));
}

/** Throws unless every service is implemented and built. */
export function requireBuilt(services: readonly ServiceInfo[]): void {
  const missing = services.filter((s) => !s.implemented);
  if (missing.length > 0)
    throw new ManagerError('missingBuild', `absent: ${missing.map((s) => s.name).join(', ')} (no services/<name>/package.json)`);
  const unbuilt = services.filter((s) => !s.built);
  if (unbuilt.length > 0)
    throw new ManagerError(
      'missingBuild',
      `not built: ${unbuilt.map((s) => s.name).join(', ')} (missing ${unbuilt.map((s) => s.entry).join(', ')}). Run: pnpm build`,
    );
  if (services.length === 0) throw new ManagerError('missingBuild', 'no service is present (no services/<name>/package.json)');
}
