/** `logs <name> [-f] [-n lines]`: a service's (or the supervisor's) log file under the state directory. */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { loadContext, selectServices } from '../context.js';
import { ManagerError } from '../errors.js';
import { print } from '../output.js';
import { stateFiles } from '../state.js';
import { sleep, tailFile, type GlobalOptions } from './common.js';

export interface LogsOptions extends GlobalOptions {
  follow?: boolean;
  lines?: number;
}

/** Prints the last lines; with --follow keeps printing new ones (and follows rotation) until interrupted. */
export async function logsCommand(name: string, options: LogsOptions): Promise<number> {
  const context = loadContext({ stateDir: options.stateDir });
  const files = stateFiles(context.stateDir);
  if (name !== 'supervisor') selectServices(context, [name]);
  const file = name === 'supervisor' ? files.supervisorLog : files.serviceLog(name);
  if (!existsSync(file) && !options.follow) throw new ManagerError('failure', `no log for ${name} yet (${file}); it is written once the service has been started`);
  for (const line of tailFile(file, options.lines ?? 50)) print(line);
  if (!options.follow) return 0;
  let position = existsSync(file) ? statSync(file).size : 0;
  let inode = existsSync(file) ? statSync(file).ino : 0;
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    await sleep(250);
    if (!existsSync(file)) continue;
    const stat = statSync(file);
    if (stat.ino !== inode || stat.size < position) {
      // Rotated (renamed to .1) or truncated: start over on the new file.
      inode = stat.ino;
      position = 0;
    }
    if (stat.size === position) continue;
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        const read = readSync(fd, buffer, 0, buffer.length, position);
        if (read <= 0) break;
        process.stdout.write(buffer.subarray(0, read));
        position += read;
      }
    } finally {
      closeSync(fd);
    }
  }
}
