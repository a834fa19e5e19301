/**
 * PostgreSQL sink: batched multi-row INSERTs into `usage_logs`, created by a versioned, idempotent
 * migration (`schema_migrations`). Nothing is lost in an outage: a batch that cannot be written
 * (PostgreSQL down, its circuit breaker open) is spooled to a file under the spool directory, and
 * spooled batches are replayed, oldest first, before any new batch, once PostgreSQL answers again.
 * Spool files survive a restart and are replayed by the next process.
 */
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type pgTypes from 'pg';
import type { Logger } from '../logger.js';
import type { StoreGuard } from '../store/redis-store.js';
import type { UsageRecord, UsageSink } from './record.js';

/** What the sink needs of a pg Pool (tests wrap a real one to simulate outages). */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
  connect(): Promise<{
    query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
    release(error?: Error | boolean): void;
  }>;
  end(): Promise<void>;
}

/** The usage schema, in order. Versions are never edited once released; add a new one instead. */
export const USAGE_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'create usage_logs',
    sql: `CREATE TABLE IF NOT EXISTS usage_logs (
  id bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  correlation_id text NOT NULL,
  client_id text NOT NULL,
  service text NOT NULL,
  tool text NOT NULL,
  outcome text NOT NULL,
  error_code text,
  duration_ms double precision NOT NULL,
  client_ip text,
  user_agent text,
  input_bytes integer NOT NULL,
  input jsonb
);
CREATE INDEX IF NOT EXISTS usage_logs_service_time ON usage_logs (service, occurred_at);
CREATE INDEX IF NOT EXISTS usage_logs_client_time ON usage_logs (client_id, occurred_at);`,
  },
  {
    // Issue #20, the audit fields. Nullable columns without defaults: PostgreSQL adds them without
    // rewriting the table, and rows written before keep their values (the new fields read null).
    version: 2,
    name: 'audit fields: request id, trace id, protocol era and version, error type, output bytes, cost',
    sql: `ALTER TABLE usage_logs
  ADD COLUMN IF NOT EXISTS request_id text,
  ADD COLUMN IF NOT EXISTS trace_id text,
  ADD COLUMN IF NOT EXISTS protocol_era text,
  ADD COLUMN IF NOT EXISTS protocol_version text,
  ADD COLUMN IF NOT EXISTS error_type text,
  ADD COLUMN IF NOT EXISTS output_bytes integer,
  ADD COLUMN IF NOT EXISTS cost double precision;
CREATE INDEX IF NOT EXISTS usage_logs_time ON usage_logs (occurred_at, id);
CREATE INDEX IF NOT EXISTS usage_logs_trace ON usage_logs (trace_id) WHERE trace_id IS NOT NULL;`,
  },
];

// Serialises migrations across processes and replicas (pg_advisory_xact_lock key).
const MIGRATION_LOCK = 7_242_026;

/** Applies the usage migrations not yet recorded in `schema_migrations`; safe to run concurrently. */
export async function migrateUsageSchema(pool: PgQueryable): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    for (const migration of USAGE_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    client.release();
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(true);
    throw error;
  }
}

const COLUMNS = [
  'occurred_at',
  'correlation_id',
  'client_id',
  'service',
  'tool',
  'outcome',
  'error_code',
  'duration_ms',
  'client_ip',
  'user_agent',
  'input_bytes',
  'input',
  'request_id',
  'trace_id',
  'protocol_era',
  'protocol_version',
  'error_type',
  'output_bytes',
  'cost',
] as const;
// PostgreSQL allows 65 535 parameters per statement.
const MAX_ROWS_PER_INSERT = Math.floor(65_535 / COLUMNS.length);

export interface PostgresSinkOptions {
  /** `postgres://…` (DATABASE_URL); ignored when `pool` is given. */
  connectionString?: string;
  pool?: PgQueryable;
  /** Directory for batches that could not be written yet. */
  spoolDir: string;
  /** Wait between replay attempts while PostgreSQL is down, ms. Default 1000. */
  retryMs?: number;
  /** Wraps every database round trip (core passes the `postgres` circuit breaker). */
  guard?: StoreGuard;
  logger: Logger;
}

export class PostgresSink implements UsageSink {
  readonly name = 'postgres';
  private readonly pool: PgQueryable;
  private readonly spoolDir: string;
  private readonly retryMs: number;
  private readonly guard: StoreGuard;
  private readonly logger: Logger;
  private migrated: Promise<unknown> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  private spooled = -1;
  private down = false;
  private seq = 0;
  private closed = false;

  constructor({ connectionString, pool, spoolDir, retryMs = 1000, guard, logger }: PostgresSinkOptions) {
    if (pool) this.pool = pool;
    else {
      // pg is loaded here, by the first sink that needs a pool, not when this module is imported: a
      // service without the PostgreSQL sink never pays for it (~12 MiB resident, issue #17).
      const pg = createRequire(import.meta.url)('pg') as typeof pgTypes;
      const created = new pg.Pool({ connectionString, max: 4, connectionTimeoutMillis: 2000, idleTimeoutMillis: 10_000 });
      // An idle client losing its connection must not crash the process; the next query reports it.
      created.on('error', (error) => logger.debug('postgres idle client error', { error: error.message }));
      this.pool = created;
    }
    this.spoolDir = spoolDir;
    this.retryMs = retryMs;
    this.guard = guard ?? ((operation) => operation());
    this.logger = logger;
    // Batches spooled by an earlier process are replayed without waiting for a new call.
    void this.serial(async () => {
      if ((await this.spoolFiles()).length > 0) await this.replay();
      else this.spooled = 0;
    }).catch((error: unknown) =>
      logger.error('usage records: spool replay failed', { error: error instanceof Error ? error.message : 'unknown' }),
    );
  }

  private serial(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task, task);
    return this.chain;
  }

  private async insert(batch: readonly UsageRecord[]): Promise<void> {
    await this.guard(async () => {
      this.migrated ??= migrateUsageSchema(this.pool).catch((error: unknown) => {
        this.migrated = undefined;
        throw error;
      });
      await this.migrated;
      for (let start = 0; start < batch.length; start += MAX_ROWS_PER_INSERT) {
        const rows = batch.slice(start, start + MAX_ROWS_PER_INSERT);
        const values: unknown[] = [];
        const tuples = rows.map((r, i) => {
          // Batches spooled by an older version lack the audit fields: they are written as null.
          values.push(
            r.time,
            r.correlationId,
            r.clientId,
            r.service,
            r.tool,
            r.outcome,
            r.errorCode,
            r.durationMs,
            r.clientIp,
            r.userAgent,
            r.inputBytes,
            r.input === undefined ? null : JSON.stringify(r.input),
            r.requestId ?? null,
            r.traceId ?? null,
            r.protocolEra ?? null,
            r.protocolVersion ?? null,
            r.errorType ?? null,
            r.outputBytes ?? null,
            r.cost ?? null,
          );
          return `(${COLUMNS.map((_, c) => `$${i * COLUMNS.length + c + 1}`).join(', ')})`;
        });
        await this.pool.query(`INSERT INTO usage_logs (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, values);
      }
    });
  }

  private async spoolFiles(): Promise<string[]> {
    try {
      return (await readdir(this.spoolDir)).filter((f) => f.endsWith('.json')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private async spool(batch: readonly UsageRecord[]): Promise<void> {
    await mkdir(this.spoolDir, { recursive: true, mode: 0o700 });
    // Zero-padded time and sequence: lexical order is write order.
    const name = `${String(Date.now()).padStart(15, '0')}-${String(this.seq++).padStart(9, '0')}-${process.pid}.json`;
    await writeFile(join(this.spoolDir, `${name}.tmp`), JSON.stringify(batch), { mode: 0o600 });
    await rename(join(this.spoolDir, `${name}.tmp`), join(this.spoolDir, name));
    this.spooled = Math.max(this.spooled, 0) + 1;
  }

  /** Replays spooled batches in order; stops at the first failure. True when the spool is empty. */
  private async replay(): Promise<boolean> {
    const files = await this.spoolFiles();
    this.spooled = files.length;
    for (const file of files) {
      const path = join(this.spoolDir, file);
      // Claim the file first: another process sharing the state directory may be replaying too.
      const claimed = `${path}.${process.pid}.claimed`;
      try {
        await rename(path, claimed);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      const batch = JSON.parse(await readFile(claimed, 'utf8')) as UsageRecord[];
      try {
        await this.insert(batch);
      } catch (error) {
        await rename(claimed, path);
        this.markDown(error);
        return false;
      }
      await unlink(claimed);
      this.spooled--;
    }
    this.markUp();
    return true;
  }

  private markDown(error: unknown): void {
    if (!this.down) {
      this.down = true;
      this.logger.warn('usage records: PostgreSQL unavailable; spooling batches to disk and retrying', {
        spoolDir: this.spoolDir,
        error: error instanceof Error ? error.message : 'unknown',
      });
    }
    this.scheduleRetry();
  }

  private markUp(): void {
    if (this.down) {
      this.down = false;
      this.logger.info('usage records: PostgreSQL reachable again; spool replayed');
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.serial(async () => {
        await this.replay();
      }).catch((error: unknown) =>
        this.logger.error('usage records: spool replay failed', { error: error instanceof Error ? error.message : 'unknown' }),
      );
    }, this.retryMs);
    this.retryTimer.unref();
  }

  /** Batches spooled on disk, waiting for PostgreSQL. */
  async spoolSize(): Promise<number> {
    return (await this.spoolFiles()).length;
  }

  write(batch: readonly UsageRecord[]): Promise<void> {
    return this.serial(async () => {
      if (this.spooled !== 0 && !(await this.replay())) {
        await this.spool(batch);
        return;
      }
      try {
        await this.insert(batch);
        this.markUp();
      } catch (error) {
        await this.spool(batch);
        this.markDown(error);
      }
    });
  }

  /** Waits for pending work and tries a last replay; what is still spooled waits for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.serial(async () => {
      if (this.spooled !== 0) await this.replay();
    });
    await this.pool.end();
  }
}
