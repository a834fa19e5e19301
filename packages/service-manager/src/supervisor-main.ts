#!/usr/bin/env node
/**
 * Entry point of the background supervisor process. `service-manager start` launches it detached,
 * with its stdout and stderr appended to `<state dir>/logs/supervisor.log`, and the request as one
 * JSON argument.
 */
import { ManagerError, messageOf } from './errors.js';
import { serve, type SuperviseRequest } from './serve.js';

/** One JSON line per supervisor event (its stdout is the supervisor log file). */
export function logLine(message: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level: 'info', service: 'supervisor', message, ...fields })}\n`,
  );
}

const request = JSON.parse(process.argv[2] ?? '{}') as SuperviseRequest;
try {
  const handle = await serve(request, { foreground: false, log: logLine });
  process.exit(await handle.done);
} catch (error) {
  logLine('supervisor failed to start', { error: messageOf(error) });
  process.exit(error instanceof ManagerError ? error.exitCode : 1);
}
