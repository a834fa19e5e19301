/** The service registry (services.json): names, packages, ports. Read, never duplicated. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { formatIssues } from './zod-issues.js';

const entrySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  package: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  description: z.string().min(1),
});

const registrySchema = z.object({ services: z.array(entrySchema).min(1) }).superRefine((value, ctx) => {
  const names = new Set<string>();
  const ports = new Set<number>();
  for (const [i, s] of value.services.entries()) {
    if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: ['services', i, 'name'], message: `duplicate service name ${s.name}` });
    if (ports.has(s.port)) ctx.addIssue({ code: 'custom', path: ['services', i, 'port'], message: `duplicate port ${s.port}` });
    names.add(s.name);
    ports.add(s.port);
  }
});

export type ServiceEntry = z.infer<typeof entrySchema>;

export interface ServicesRegistry {
  /** Absolute path of the services.json that was read. */
  file: string;
  services: ServiceEntry[];
}

/** Walks up from `start` to the first directory holding services.json. */
export function findServicesFile(start: string = process.cwd()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'services.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates services.json; throws an Error naming the file and every problem. */
export function loadServicesRegistry(file: string): ServicesRegistry {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = registrySchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: ${formatIssues(parsed.error.issues)}`);
  return { file, services: parsed.data.services };
}

/** Finds the registry relative to a module (an entry point's import.meta.url) or the working directory. */
export function locateServicesRegistry(options: { file?: string; moduleUrl?: string } = {}): ServicesRegistry | undefined {
  const file =
    options.file ?? (options.moduleUrl ? findServicesFile(dirname(fileURLToPath(options.moduleUrl))) : undefined) ?? findServicesFile();
  return file ? loadServicesRegistry(file) : undefined;
}

/** The version in the nearest package.json above a module. */
export function readPackageVersion(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { version?: unknown };
      return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
    }
    const parent = dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}
