#!/usr/bin/env node
/**
 * `service-manager`: start, stop, restart, status, health, logs, list, keys and usage for the a2a-mcp
 * fleet. The only place that calls process.exit; every failure is a ManagerError with an exit code
 * (see errors.ts and the README).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { healthCommand, restartCommand, statusCommand, stopCommand } from './commands/lifecycle.js';
import { keysCreateCommand, keysListCommand, keysRevokeCommand, keysRotateCommand } from './commands/keys.js';
import { listCommand } from './commands/list.js';
import { logsCommand } from './commands/logs.js';
import { startCommand } from './commands/start.js';
import { usageExportCommand } from './commands/usage.js';
import { EXIT_CODES, ManagerError, messageOf } from './errors.js';
import { paint, printError, printJson } from './output.js';

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

const EXIT_HELP = `
Exit codes:
  0 ok   1 failure   2 usage error   3 not running   4 not ready
  5 already running   6 port in use   7 absent / not built   8 configuration error`;

/** Builds the program; `run` is set by each action to produce the exit code. */
export function createProgram(setResult: (result: Promise<number> | number) => void): Command {
  const program = new Command('service-manager')
    .description('Start, supervise and inspect the a2a-mcp services of this checkout.')
    .option('--state-dir <dir>', 'state directory (default: A2A_STATE_DIR or <repo root>/.state)')
    .option('--verbose', 'show what the command does')
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) });

  program
    .command('start')
    .description('start services (default: every implemented one) under a supervisor; returns when they are ready')
    .argument('[names...]', 'services to start')
    .option('--production', 'production profile (NODE_ENV=production, --production; 2 workers per service, which need REDIS_URL)')
    .option('--foreground', 'run the supervisor in this process (containers, systemd); Ctrl-C/SIGTERM stops all')
    .option('--json', 'machine-readable output')
    .option('--workers <n>', 'workers per service (default 1, production 2); more than 1 needs REDIS_URL in production', integer(1, 64))
    .option('--port-offset <n>', 'add n to every registry port (default A2A_PORT_OFFSET or 0)', integer(-65534, 65534))
    .option('--timeout <ms>', 'how long to wait for readiness', integer(1, 3_600_000), 60_000)
    .option('--restart-delay <ms>', 'first restart delay after a crash, doubling per crash (default 500)', integer(1, 3_600_000))
    .option('--restart-delay-max <ms>', 'longest restart delay (default 30000)', integer(1, 3_600_000))
    .option('--crash-loop-count <n>', 'crashes within the window that stop the restarts (default 5)', integer(1, 1_000))
    .option('--crash-loop-window <ms>', 'window for --crash-loop-count (default 60000)', integer(1, 86_400_000))
    .action((names: string[], _options, command: Command) => setResult(startCommand(names, command.optsWithGlobals())));

  program
    .command('stop')
    .description('stop services gracefully (default: all, and the supervisor)')
    .argument('[names...]', 'services to stop')
    .option('--timeout <ms>', 'drain time before SIGKILL', integer(0, 3_600_000), 15_000)
    .option('--json', 'machine-readable output')
    .action((names: string[], _options, command: Command) => setResult(stopCommand(names, command.optsWithGlobals())));

  program
    .command('restart')
    .description('restart services (default: all running); --rolling replaces one worker at a time with no downtime')
    .argument('[names...]', 'services to restart')
    .option('--rolling', 'zero-downtime: start a new worker, wait until ready, then drain an old one')
    .option('--timeout <ms>', 'per-worker readiness and drain timeout', integer(1, 3_600_000), 30_000)
    .option('--json', 'machine-readable output')
    .action((names: string[], _options, command: Command) => setResult(restartCommand(names, command.optsWithGlobals())));

  program
    .command('status')
    .description('state, pids, port, uptime, restarts, last exit and readiness of each service')
    .option('--json', 'machine-readable output')
    .action((_options, command: Command) => setResult(statusCommand(command.optsWithGlobals())));

  program
    .command('health')
    .description("call each service's /ready; exits 4 when any is not ready")
    .argument('[names...]', 'services to check (default: the running ones)')
    .option('--json', 'machine-readable output')
    .option('--watch', 'check again every --interval until interrupted')
    .option('--interval <ms>', 'interval for --watch', integer(100, 3_600_000), 2_000)
    .option('--port-offset <n>', 'port offset when no supervisor runs (default A2A_PORT_OFFSET or 0)', integer(-65534, 65534))
    .action((names: string[], _options, command: Command) => setResult(healthCommand(names, command.optsWithGlobals())));

  program
    .command('logs')
    .description("print a service's log (or the supervisor's: logs supervisor)")
    .argument('<name>', 'service name or "supervisor"')
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --lines <n>', 'lines to print', integer(0, 1_000_000), 50)
    .action((name: string, _options, command: Command) => setResult(logsCommand(name, command.optsWithGlobals())));

  program
    .command('list')
    .description('the registry: name, port, status (built, not built, absent: no services/<name>/package.json), description')
    .option('--json', 'machine-readable output')
    .option(
      '--port-offset <n>',
      "add n to every registry port (default: the running supervisor's offset, else A2A_PORT_OFFSET or 0)",
      integer(-65534, 65534),
    )
    .action((_options, command: Command) => setResult(listCommand(command.optsWithGlobals())));

  const keys = program.command('keys').description('manage API keys in the hashed keys file (<state dir>/api-keys.json)');
  const fileOption = () => new Option('--file <path>', 'keys file (default <state dir>/api-keys.json)');
  keys
    .command('create')
    .description('create a key (printed once)')
    .requiredOption('--client <id>', 'client id the key identifies')
    .option('--permissions <list>', 'comma list of read, write, admin', 'read')
    .option('--expires <when>', 'duration (30d, 12h, 2w) or ISO date')
    .addOption(fileOption())
    .option('--json', 'machine-readable output')
    .action((_options, command: Command) => setResult(keysCreateCommand(command.optsWithGlobals())));
  keys
    .command('list')
    .description('list keys (never the keys, only a hash prefix)')
    .addOption(fileOption())
    .option('--json', 'machine-readable output')
    .action((_options, command: Command) => setResult(keysListCommand(command.optsWithGlobals())));
  keys
    .command('revoke')
    .description('revoke a key by id, or every live key of a client')
    .argument('<id-or-client>')
    .addOption(fileOption())
    .option('--json', 'machine-readable output')
    .action((idOrClient: string, _options, command: Command) => setResult(keysRevokeCommand(idOrClient, command.optsWithGlobals())));
  keys
    .command('rotate')
    .description('new key for a client, its old keys revoked (printed once)')
    .argument('<client>')
    .option('--permissions <list>', 'permissions of the new key (default: those of the old keys)')
    .option('--expires <when>', 'duration (30d, 12h, 2w) or ISO date')
    .addOption(fileOption())
    .option('--json', 'machine-readable output')
    .action((client: string, _options, command: Command) => setResult(keysRotateCommand(client, command.optsWithGlobals())));
  const usage = program.command('usage').description('usage records (the audit trail of tool calls)');
  usage
    .command('export')
    .description('write the usage records of a time range as JSON lines (oldest first) for a SIEM or a billing job')
    .option('--since <when>', 'start, inclusive: ISO date (2026-12-01T00:00:00Z) or a duration before now (24h, 7d)')
    .option('--until <when>', 'end, exclusive: ISO date or duration before now (default: now)')
    .option('--client <id>', 'only this client id')
    .option('--service <name>', 'only this service')
    .option('--database-url <url>', 'the PostgreSQL usage sink (default: DATABASE_URL)')
    .option(
      '--file <path...>',
      "read the file sink's JSON-lines files instead of PostgreSQL (e.g. usage/<service>.jsonl and its rotated .1, .2)",
    )
    .option('--out <file>', 'write to this file (mode 0600) instead of stdout')
    .action((_options, command: Command) => setResult(usageExportCommand(command.optsWithGlobals())));
  return program;
}

async function main(argv: string[]): Promise<number> {
  const outcome: { result: Promise<number> | number } = { result: 0 };
  const program = createProgram((r) => {
    outcome.result = r;
  });
  const json = argv.includes('--json');
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT_CODES.usage;
    }
    await program.parseAsync(argv);
    return await outcome.result;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
        ? 0
        : EXIT_CODES.usage;
    }
    const managed = error instanceof ManagerError ? error : new ManagerError('failure', messageOf(error), { cause: error });
    if (json)
      printJson({
        ok: false,
        error: { kind: managed.kind, exitCode: managed.exitCode, message: managed.message, details: managed.details },
      });
    printError(`${paint('red', 'error:', process.stderr)} ${managed.message}`);
    for (const line of managed.details) printError(`  ${line}`);
    if (!(error instanceof ManagerError) && process.env.DEBUG && error instanceof Error && error.stack) printError(error.stack);
    return managed.exitCode;
  }
}

process.exit(await main(process.argv));
