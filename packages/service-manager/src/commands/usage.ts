/**
 * `usage export`: the usage records of a time range as JSON lines (one record per line, oldest
 * first), for a SIEM or a billing job. Reads the PostgreSQL sink (DATABASE_URL or --database-url);
 * with --file, the JSON-lines files of the file sink instead.
 */
import { createWriteStream, existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { readUsageFromFiles, readUsageFromPostgres, type ExportedUsageRecord, type UsageExportFilter } from '@a2a-mcp/core/usage';
import { ManagerError } from '../errors.js';
import { printError } from '../output.js';
import type { GlobalOptions } from './common.js';

export interface UsageExportOptions extends GlobalOptions {
  since?: string;
  until?: string;
  client?: string;
  service?: string;
  databaseUrl?: string;
  file?: string[];
  out?: string;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** An ISO 8601 date/time, or a duration before now (`90m`, `24h`, `7d`, `2w`). */
export function parseWhen(option: string, value: string, now = new Date()): Date {
  const relative = /^(\d+)([mhdw])$/.exec(value.trim());
  const date = relative ? new Date(now.getTime() - Number(relative[1]) * (UNITS[relative[2]!] ?? 0)) : new Date(value);
  if (value.trim() === '' || Number.isNaN(date.getTime()))
    throw new ManagerError(
      'usage',
      `${option}: "${value}" is neither an ISO date (2026-12-01T00:00:00Z) nor a duration before now (24h, 7d)`,
    );
  return date;
}

function write(out: Writable, text: string): Promise<void> | undefined {
  if (out.write(text)) return undefined;
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    out.once('error', onError);
    out.once('drain', () => {
      out.off('error', onError);
      resolve();
    });
  });
}

export async function usageExportCommand(options: UsageExportOptions): Promise<number> {
  const now = new Date();
  if (options.since === undefined)
    throw new ManagerError('usage', '--since is required (an ISO date or a duration before now such as 24h)');
  const filter: UsageExportFilter = {
    since: parseWhen('--since', options.since, now),
    until: options.until === undefined ? now : parseWhen('--until', options.until, now),
    ...(options.client === undefined ? {} : { clientId: options.client }),
    ...(options.service === undefined ? {} : { service: options.service }),
  };
  if (filter.since.getTime() >= filter.until.getTime())
    throw new ManagerError('usage', `--since (${filter.since.toISOString()}) must be before --until (${filter.until.toISOString()})`);
  const files = options.file ?? [];
  for (const file of files) if (!existsSync(file)) throw new ManagerError('usage', `--file: ${file} does not exist`);
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (files.length === 0 && !databaseUrl) {
    throw new ManagerError(
      'usage',
      "usage export reads the PostgreSQL usage sink: set DATABASE_URL or --database-url (or name the file sink's JSON-lines files with --file)",
    );
  }

  const out: Writable = options.out ? createWriteStream(options.out, { mode: 0o600 }) : process.stdout;
  let count = 0;
  const emit = async (records: AsyncIterable<ExportedUsageRecord>) => {
    for await (const record of records) {
      count++;
      await write(out, `${JSON.stringify(record)}\n`);
    }
  };
  try {
    if (files.length > 0) {
      let skipped = 0;
      await emit(readUsageFromFiles(files, filter, () => skipped++));
      if (skipped > 0) printError(`note: skipped ${skipped} line(s) that are not usage records`);
    } else {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
      try {
        await client.connect();
      } catch (error) {
        throw new ManagerError('failure', `cannot connect to PostgreSQL: ${error instanceof Error ? error.message : String(error)}`);
      }
      try {
        await emit(readUsageFromPostgres(client, filter));
      } catch (error) {
        const code = (error as { code?: string }).code;
        // 42P01: undefined_table — no service has written a usage record to this database yet.
        if (code === '42P01')
          throw new ManagerError(
            'failure',
            'the database has no usage_logs table: no service has written usage records to it (USAGE_SINKS=postgres)',
          );
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  } finally {
    if (options.out)
      await new Promise<void>((resolve, reject) =>
        (out as ReturnType<typeof createWriteStream>).end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
  }
  if (options.out) printError(`${count} record(s) written to ${options.out}`);
  return 0;
}
