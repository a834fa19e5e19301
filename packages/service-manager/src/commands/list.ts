/** `list`: the registry, with what is implemented and built. */
import { loadContext } from '../context.js';
import { formatTable, paintState, print, printJson } from '../output.js';
import type { GlobalOptions } from './common.js';

export function listCommand(options: GlobalOptions & { json?: boolean }): number {
  const context = loadContext({ stateDir: options.stateDir });
  if (options.json) {
    printJson({ servicesFile: context.servicesFile, services: context.services.map(({ name, package: pkg, port, description, implemented, built }) => ({ name, package: pkg, port, description, implemented, built })) });
    return 0;
  }
  print(
    formatTable(
      ['SERVICE', 'PORT', 'STATUS', 'DESCRIPTION'],
      context.services.map((s) => [s.name, String(s.port), paintState(s.built ? 'built' : s.implemented ? 'not built' : 'not implemented'), s.description]),
    ),
  );
  return 0;
}
