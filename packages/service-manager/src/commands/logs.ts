/** `logs <name> [-f] [-n lines]`: a service's (or the supervisor's) log file under the state directory. */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { loadContext, selectServices } from '../context.js';
import { ManagerError } from '../errors.js';
import { print } from '../output.js';
import { stateFiles } from '../state.js';
import { onInterrupt, type GlobalOptions } from './common.js';

export interface LogsOptions extends GlobalOptions {
  follow?: boolean;
  lines?: number;
}

/** How often --follow looks for new lines. */
const FOLLOW_INTERVAL_MS = 200;

/** The inode of a path, or undefined while it does not exist. */
function inodeOf(file: string): number | undefined {
  try {
    return statSync(file).ino;
  } catch {
    return undefined;
  }
}

/**
 * Follows `file` from byte `start` until SIGINT/SIGTERM. The open descriptor keeps reading the
 * file it was opened on, so lines written just before a rotation (rename to `.1`) are printed
 * before the follower moves on to the new file from its start; a truncated file is read again
 * from its start.
 */
async function follow(file: string, start: number): Promise<void> {
  const interrupt = onInterrupt();
  const buffer = Buffer.alloc(64 * 1024);
  let fd: number | undefined;
  let position = start;
  const open = (from: number) => {
    try {
      fd = openSync(file, 'r');
      position = from;
    } catch {
      fd = undefined;
    }
  };
  const drain = () => {
    if (fd === undefined) return;
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, position);
      if (read <= 0) return;
      process.stdout.write(buffer.subarray(0, read));
      position += read;
    }
  };
  try {
    open(start);
    while (!interrupt.received) {
      if (fd === undefined) open(0);
      if (fd !== undefined) {
        if (fstatSync(fd).size < position) position = 0;
        drain();
        const current = inodeOf(file);
        if (current !== undefined && current !== fstatSync(fd).ino) {
          // Rotated: finish the old file, then take the new one from its start.
          drain();
          closeSync(fd);
          open(0);
          drain();
        }
      }
      await interrupt.sleep(FOLLOW_INTERVAL_MS);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
    interrupt.dispose();
  }
}

/** Prints the last lines; with --follow keeps printing new ones (across rotations) until SIGINT/SIGTERM, then exits 0. */
export async function logsCommand(name: string, options: LogsOptions): Promise<number> {
  const context = loadContext({ stateDir: options.stateDir });
  const files = stateFiles(context.stateDir);
  if (name !== 'supervisor') selectServices(context, [name]);
  const file = name === 'supervisor' ? files.supervisorLog : files.serviceLog(name);
  if (!existsSync(file) && !options.follow)
    throw new ManagerError('failure', `no log for ${name} yet (${file}); it is written once the service has been started`);
  // One read for both the last lines and where following starts, so no line is printed twice.
  const content = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
  const lines = content.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const count = options.lines ?? 50;
  for (const line of count <= 0 ? [] : lines.slice(-count)) print(line);
  if (!options.follow) return 0;
  await follow(file, content.length);
  return 0;
}
