/**
 * A durable outbox on disk for `unipbx watch --webhook`: one file per event in `<dir>/pending/`,
 * written atomically and fsync'd before the watch cursor moves past the event, removed once a
 * delivery succeeded. Names start with a sequence number, so delivery follows the order of
 * observation. An event already pending (the same id re-emitted after a restart) is not added
 * twice; one already delivered may be delivered again — with its id, for the receiver to drop.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFile } from './durable.js';

export interface OutboxItem {
  readonly id: string;
  readonly body: string;
  readonly file: string;
}

const NAME = /^(\d{12})-([0-9a-zA-Z_.-]+)\.json$/;

export class Outbox {
  private readonly pending = new Map<string, string>();
  private sequence = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly dir: string) {}

  private get folder(): string {
    return join(this.dir, 'pending');
  }

  async open(): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    for (const name of (await readdir(this.folder)).sort()) {
      const match = NAME.exec(name);
      if (!match) continue; // temporary files of an interrupted write
      this.pending.set(match[2]!, name);
      this.sequence = Math.max(this.sequence, Number(match[1]) + 1);
    }
  }

  get size(): number {
    return this.pending.size;
  }

  /** Adds an event durably (returns once it is on disk); false when it is pending already. */
  async add(id: string, body: string): Promise<boolean> {
    if (this.pending.has(id)) return false;
    const name = `${String(this.sequence++).padStart(12, '0')}-${id}.json`;
    await replaceFile(join(this.folder, name), body);
    this.pending.set(id, name);
    this.waiters.splice(0).forEach((wake) => wake());
    return true;
  }

  /** The oldest pending event, or undefined. */
  async next(): Promise<OutboxItem | undefined> {
    const [id, name] = [...this.pending.entries()].sort((a, b) => a[1].localeCompare(b[1]))[0] ?? [];
    if (id === undefined || name === undefined) return undefined;
    return { id, file: name, body: await readFile(join(this.folder, name), 'utf8') };
  }

  /** Resolves when an event is added (or after `ms`). */
  async changed(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async delivered(item: OutboxItem): Promise<void> {
    await rm(join(this.folder, item.file), { force: true });
    this.pending.delete(item.id);
  }
}
