/**
 * JSON-lines file sink with size rotation: `<file>` is renamed to `<file>.1` (older ones shift to
 * `.2`, … up to `maxFiles`) when the next batch would take it past `maxBytes`.
 */
import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { UsageRecord, UsageSink } from './record.js';

export interface FileSinkOptions {
  file: string;
  /** Rotate past this size. Default 50 MiB. */
  maxBytes?: number;
  /** Rotated files kept. Default 5. */
  maxFiles?: number;
}

export class FileSink implements UsageSink {
  readonly name = 'file';
  private handle: FileHandle | undefined;
  private size = 0;
  private readonly file: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;

  constructor({ file, maxBytes = 50 * 1024 * 1024, maxFiles = 5 }: FileSinkOptions) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
  }

  private async openFile(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    this.handle = await open(this.file, 'a', 0o600);
    this.size = (await stat(this.file)).size;
    return this.handle;
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    for (let i = this.maxFiles - 1; i >= 1; i--) {
      await rename(`${this.file}.${i}`, `${this.file}.${i + 1}`).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await rename(this.file, `${this.file}.1`);
  }

  async write(batch: readonly UsageRecord[]): Promise<void> {
    let text = '';
    for (const record of batch) text += `${JSON.stringify(record)}\n`;
    const bytes = Buffer.byteLength(text);
    await this.openFile();
    if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate();
    const handle = await this.openFile();
    await handle.appendFile(text);
    this.size += bytes;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}

/** Writes JSON lines to stdout (log collectors). Not for stdio mode, where stdout carries JSON-RPC. */
export class StdoutSink implements UsageSink {
  readonly name = 'stdout';
  write(batch: readonly UsageRecord[]): Promise<void> {
    let text = '';
    for (const record of batch) text += `${JSON.stringify({ type: 'usage', ...record })}\n`;
    return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
