/**
 * A size-rotated log file: `name.log` grows to `maxBytes`, then becomes `name.log.1` (the older
 * `.1` becomes `.2`, and so on up to `files - 1`). Writes are synchronous appends, so a crash
 * loses nothing already handed over and `logs -f` sees lines as they come.
 */
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

export interface RotatingLogOptions {
  /** Rotate when the file would exceed this size; default 10 MiB. */
  maxBytes?: number;
  /** Files kept in all, the live one included; default 3. */
  files?: number;
}

export class RotatingLog {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly files: number;
  private fd: number;
  private size: number;

  constructor(path: string, { maxBytes = 10 * 1024 * 1024, files = 3 }: RotatingLogOptions = {}) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.files = Math.max(1, files);
    this.fd = openSync(path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  write(chunk: string | Buffer): void {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (this.size > 0 && this.size + data.length > this.maxBytes) this.rotate();
    writeSync(this.fd, data);
    this.size += data.length;
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    const oldest = `${this.path}.${this.files - 1}`;
    if (this.files === 1) rmSync(this.path, { force: true });
    else if (existsSync(oldest)) rmSync(oldest, { force: true });
    for (let i = this.files - 2; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    if (this.files > 1) renameSync(this.path, `${this.path}.1`);
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = 0;
  }
}

/** Masks API keys (core's `dev_…` and `a2a_…` forms) in lines shown by status or start. */
export function redactKeys(line: string): string {
  return line.replace(/\b(dev|a2a)_[A-Za-z0-9_-]{16,}/g, '$1_[redacted]');
}

/** Keeps the last `limit` complete lines of a stream of chunks (for start-up failure reports). */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly limit = 20) {}

  push(chunk: string | Buffer): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) if (line.trim()) this.lines.push(redactKeys(line));
    if (this.partial.length > 8192) this.partial = this.partial.slice(-8192);
    while (this.lines.length > this.limit) this.lines.shift();
  }

  get(): string[] {
    return this.partial.trim() ? [...this.lines, redactKeys(this.partial)].slice(-this.limit) : [...this.lines];
  }

  clear(): void {
    this.lines.length = 0;
    this.partial = '';
  }
}
