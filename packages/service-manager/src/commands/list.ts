/** `list`: the registry, with what is present (`services/<name>/package.json`) and built. */
import type { ServiceInfo } from '../context.js';
import { loadContext } from '../context.js';
import { formatTable, paintState, print, printJson } from '../output.js';
import { ManagerError } from '../errors.js';
import { findSupervisor, type GlobalOptions } from './common.js';

/** `built`, `not built`, or `absent` (no `services/<name>/package.json`). */
export function registryStatus(service: Pick<ServiceInfo, 'implemented' | 'built'>): 'built' | 'not built' | 'absent' {
  if (!service.implemented) return 'absent';
  return service.built ? 'built' : 'not built';
}

/**
 * The port offset `list` applies: `--port-offset`, else the running supervisor's, else
 * `A2A_PORT_OFFSET`, else 0 (the same ports `start` would use).
 */
function listOffset(option: number | undefined, supervisorOffset: number | undefined): number {
  if (option !== undefined) return option;
  if (supervisorOffset !== undefined) return supervisorOffset;
  const env = process.env.A2A_PORT_OFFSET;
  if (env === undefined || env === '') return 0;
  const parsed = Number(env);
  if (!Number.isInteger(parsed)) throw new ManagerError('usage', `A2A_PORT_OFFSET must be an integer, got "${env}"`);
  return parsed;
}

export function listCommand(options: GlobalOptions & { json?: boolean; portOffset?: number }): number {
  const context = loadContext({ stateDir: options.stateDir });
  const offset = listOffset(
    options.portOffset,
    options.portOffset === undefined ? findSupervisor(context, options.verbose)?.portOffset : undefined,
  );
  if (options.json) {
    printJson({
      servicesFile: context.servicesFile,
      portOffset: offset,
      services: context.services.map((s) => ({
        name: s.name,
        package: s.package,
        port: s.port + offset,
        registryPort: s.port,
        description: s.description,
        status: registryStatus(s),
        implemented: s.implemented,
        built: s.built,
      })),
    });
    return 0;
  }
  print(
    formatTable(
      ['SERVICE', 'PORT', 'STATUS', 'DESCRIPTION'],
      context.services.map((s) => [s.name, String(s.port + offset), paintState(registryStatus(s)), s.description]),
    ),
  );
  if (offset !== 0) print(`\nports: registry port + ${offset} (port offset)`);
  const absent = context.services.filter((s) => !s.implemented);
  if (absent.length > 0) print(`\nabsent: no services/<name>/package.json (${absent.map((s) => s.name).join(', ')})`);
  return 0;
}
