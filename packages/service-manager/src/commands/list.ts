/** `list`: the registry, with what is present (`services/<name>/package.json`) and built. */
import type { ServiceInfo } from '../context.js';
import { loadContext } from '../context.js';
import { formatTable, paintState, print, printJson } from '../output.js';
import type { GlobalOptions } from './common.js';

/** `built`, `not built`, or `absent` (no `services/<name>/package.json`). */
export function registryStatus(service: Pick<ServiceInfo, 'implemented' | 'built'>): 'built' | 'not built' | 'absent' {
  if (!service.implemented) return 'absent';
  return service.built ? 'built' : 'not built';
}

export function listCommand(options: GlobalOptions & { json?: boolean }): number {
  const context = loadContext({ stateDir: options.stateDir });
  if (options.json) {
    printJson({
      servicesFile: context.servicesFile,
      services: context.services.map((s) => ({ name: s.name, package: s.package, port: s.port, description: s.description, status: registryStatus(s), implemented: s.implemented, built: s.built })),
    });
    return 0;
  }
  print(
    formatTable(
      ['SERVICE', 'PORT', 'STATUS', 'DESCRIPTION'],
      context.services.map((s) => [s.name, String(s.port), paintState(registryStatus(s)), s.description]),
    ),
  );
  const absent = context.services.filter((s) => !s.implemented);
  if (absent.length > 0) print(`\nabsent: no services/<name>/package.json (${absent.map((s) => s.name).join(', ')})`);
  return 0;
}
