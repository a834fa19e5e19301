/**
 * A private PostgreSQL server for fault tests, the counterpart of `startRedisServer`: a throwaway
 * cluster (`initdb`, fsync off) on 127.0.0.1 and a free port, which a test can kill (an outage:
 * the postmaster and every backend SIGKILLed at once), start again on the same port and data
 * directory (crash recovery keeps what was committed), and remove. Never stop the machine's shared
 * PostgreSQL in a test: start one of these.
 *
 * PostgreSQL refuses to run as root. Run as root, the cluster belongs to the `postgres` user (the
 * temp directory is chowned to it) and the server process is spawned with its uid and gid, so the
 * pid we hold is the postmaster itself (a `runuser` wrapper would sit in between and survive it).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server.js';
import { sleep } from './wait.js';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  url: string;
  port: number;
  /** The cluster's data directory. */
  dataDir: string;
  /** The server log (stdout and stderr of every start), for failure messages. */
  logFile: string;
  /** SIGKILLs the postmaster and all its backends (an outage); resolves once they are gone. Idempotent. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory (after `kill`); resolves once it accepts queries. */
  restart(): Promise<void>;
  /** Kills it and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPostgresServerOptions {
  /** Port to use; default a free one. */
  port?: number;
  /** Longest wait for the server to accept queries, in ms. Default 30 000. */
  startTimeoutMs?: number;
  /** Directory holding initdb, postgres and pg_isready; default `PG_BIN_DIR`, else the newest /usr/lib/postgresql/<version>/bin, else PATH. */
  binDir?: string;
}

/** The directory of the PostgreSQL server binaries, or '' to use PATH. */
export function findPostgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PG_BIN_DIR) return env.PG_BIN_DIR;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(base, versions[0], 'bin');
  }
  return '';
}

interface RunAs {
  uid?: number;
  gid?: number;
}

function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
  return { uid, gid };
}

function run(command: string, args: string[], runAs: RunAs, timeoutMs = 60_000): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { ...runAs, timeout: timeoutMs, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
        resolve({ code, output: `${stdout}${stderr}${error && code === -1 ? error.message : ''}` });
      },
    );
  });
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Creates a PostgreSQL cluster in a temp directory and starts it on 127.0.0.1; resolves once it
 * accepts queries (`pg_isready`). Call `stop()` in afterAll.
 *
 * @example
 * const pg = await startPostgresServer();
 * // ... a service with DATABASE_URL: pg.url, then:
 * await pg.kill();     // outage
 * await pg.restart();  // back, with everything committed before the kill
 * await pg.stop();
 */
export async function startPostgresServer({
  port,
  startTimeoutMs = 30_000,
  binDir = findPostgresBinDir(),
}: StartPostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = (name: string) => (binDir ? join(binDir, name) : name);
  const runAs = postgresUser();
  const root = mkdtempSync(join(tmpdir(), 'a2a-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'socket');
  const logFile = join(root, 'server.log');
  mkdirSync(socketDir);
  closeSync(openSync(logFile, 'a'));
  if (runAs.uid !== undefined) for (const path of [root, socketDir, logFile]) chownSync(path, runAs.uid, runAs.gid!);
  const chosen = port ?? (await freePort());

  const initdb = await run(
    bin('initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
    runAs,
  );
  if (initdb.code !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed (exit ${initdb.code}): ${initdb.output.slice(-2000)}`);
  }

  let child: ChildProcess | undefined;
  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const spawnServer = async () => {
    const log = openSync(logFile, 'a');
    // Its own process group (detached), so kill() takes the postmaster and every backend at once.
    // fsync off is safe against a process kill (the kernel keeps what was written); synchronous_commit
    // stays on, or a commit acknowledged just before kill() would be lost from WAL buffers.
    child = spawn(
      bin('postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(chosen),
        '-h',
        '127.0.0.1',
        '-k',
        socketDir,
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=50',
      ],
      { ...runAs, detached: true, stdio: ['ignore', log, log], env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' } },
    );
    closeSync(log);
    const spawnError = new Promise<Error>((resolve) => child!.once('error', resolve));
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline && alive()) {
      const ready = await run(
        bin('pg_isready'),
        ['-q', '-h', '127.0.0.1', '-p', String(chosen), '-d', 'postgres', '-U', 'postgres'],
        {},
        5_000,
      );
      if (ready.code === 0) return;
      const failed = await Promise.race([spawnError, sleep(100).then(() => undefined)]);
      if (failed) throw new Error(`postgres could not be started: ${failed.message}`);
    }
    const exited = !alive();
    await kill();
    throw new Error(
      `postgres ${exited ? 'exited' : 'did not accept queries'} on port ${chosen} within ${startTimeoutMs} ms: ${tail(logFile)}`,
    );
  };

  const kill = async () => {
    const current = child;
    if (current?.pid === undefined) return;
    const group = -current.pid;
    if (current.exitCode === null && current.signalCode === null) {
      const exited = new Promise((resolve) => current.once('exit', resolve));
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    }
    // Backends are in the same group; wait until none is left (they hold the shared memory).
    for (let i = 0; i < 200; i++) {
      try {
        process.kill(group, 0);
      } catch {
        return;
      }
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        return;
      }
      await sleep(25);
    }
  };

  let stopped = false;
  try {
    await spawnServer();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${chosen}/postgres`,
    port: chosen,
    dataDir,
    logFile,
    kill,
    restart: async () => {
      if (stopped) throw new Error('this PostgreSQL server was stopped');
      await kill();
      await spawnServer();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
