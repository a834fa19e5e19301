/**
 * Everything the CLI prints goes through here (lint bans `console`): plain text when piped,
 * colours on a terminal (unless NO_COLOR is set), JSON for `--json`.
 */
import { styleText } from 'node:util';

type Style = 'red' | 'green' | 'yellow' | 'cyan' | 'gray' | 'bold' | 'dim';

/** Whether stdout gets colours: a TTY, no NO_COLOR, and not TERM=dumb. */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

/** Styles text when colours are on; returns it unchanged otherwise. */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  // colorEnabled has decided; styleText's own check would drop colours whenever CI is set.
  return colorEnabled(stream) ? styleText(style, text, { validateStream: false }) : text;
}

/** Colour for a state word (running green, failures red, transitions yellow). */
export function paintState(state: string): string {
  if (['running', 'ready', 'ok', 'active', 'yes', 'built'].includes(state)) return paint('green', state);
  if (['failed', 'crash-loop', 'not ready', 'unreachable', 'revoked', 'expired', 'no'].includes(state)) return paint('red', state);
  if (['stopped', 'not built', 'absent', '-'].includes(state)) return paint('gray', state);
  return paint('yellow', state);
}

/** Writes a line to stdout. */
export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Writes a line to stderr. */
export function printError(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Writes a value as pretty JSON to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Printed width of a string (ANSI escapes excluded). */
function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/** Renders rows as an aligned table with a header; cells may already be coloured. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell))))
      .join('  ')
      .trimEnd();
  return [paint('bold', line(headers)), ...rows.map(line)].join('\n');
}

/** Human duration: 45s, 3m12s, 2h05m, 3d04h. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}
