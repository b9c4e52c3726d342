/**
 * Durable JSON state for the local Entra ID (keys, users): written atomically (temp file + rename) and one
 * write at a time, so a crash or a burst of Graph calls never leaves a half-written file behind.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class JsonFile<T> {
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly file: string | undefined) {}

  async read(): Promise<T | undefined> {
    if (!this.file || !existsSync(this.file)) return undefined;
    return JSON.parse(await readFile(this.file, 'utf8')) as T;
  }

  /** Queues a write of `value` (serialised now, so later mutations do not leak into this write). */
  write(value: T): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const text = `${JSON.stringify(value, null, 2)}\n`;
    this.pending = this.pending
      .catch(() => undefined)
      .then(async () => {
        await mkdir(path.dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, text, { mode: 0o600 });
        await rename(temp, file);
      });
    return this.pending;
  }

  /** Waits for queued writes, so `close()` leaves the folder consistent. */
  flush(): Promise<void> {
    return this.pending.catch(() => undefined);
  }
}
