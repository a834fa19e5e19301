import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { requireExternalService } from '../src/requirements.js';
import { findPostgresBinDir, startPostgresServer, type PostgresServer } from '../src/postgres-server.js';

// The PostgreSQL server binaries are installed wherever the PostgreSQL tests run.
const DATABASE_URL = requireExternalService('DATABASE_URL');

/** One SQL statement through psql: its output, or 'refused' when nothing listens. */
function psql(url: string, sql: string): Promise<string> {
  const bin = findPostgresBinDir();
  const command = bin && existsSync(join(bin, 'psql')) ? join(bin, 'psql') : 'psql';
  return new Promise((resolve) => {
    execFile(command, [url, '-X', '-q', '-tAc', sql], { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) resolve(/Connection refused/.test(stderr) ? 'refused' : `error: ${stderr.trim()}`);
      else resolve(stdout.trim());
    });
  });
}

(DATABASE_URL ? describe : describe.skip)('startPostgresServer', () => {
  let postgres: PostgresServer | undefined;
  afterAll(async () => {
    await postgres?.stop();
  });

  it('starts a private server, kills it (an outage), restarts it with its committed data, and removes it', async () => {
    postgres = await startPostgresServer();
    expect(postgres.url).toBe(`postgres://postgres@127.0.0.1:${postgres.port}/postgres`);
    expect(await psql(postgres.url, 'CREATE TABLE t (x int); INSERT INTO t VALUES (42); SELECT x FROM t')).toBe('42');
    await postgres.kill();
    expect(await psql(postgres.url, 'SELECT 1')).toBe('refused');
    await postgres.kill();
    await postgres.restart();
    expect(await psql(postgres.url, 'SELECT x FROM t')).toBe('42');
    await postgres.stop();
    expect(existsSync(postgres.dataDir)).toBe(false);
    expect(await psql(postgres.url, 'SELECT 1')).toBe('refused');
    await expect(postgres.restart()).rejects.toThrow('this PostgreSQL server was stopped');
  }, 60_000);

  it('reports a directory without the binaries', async () => {
    await expect(startPostgresServer({ binDir: '/nonexistent-pg-bin' })).rejects.toThrow(/initdb failed/);
  });
});
