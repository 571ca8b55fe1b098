/**
 * A durable outbox on disk for `unipbx watch --webhook`: one file per event in `<dir>/pending/`,
 * written atomically and fsync'd before the watch cursor moves past the event, moved to
 * `<dir>/delivered/` once a delivery succeeded (the last {@link REMEMBERED} are kept). Names
 * start with a sequence number, so delivery follows the order of observation. An event pending
 * or delivered already (the same id re-emitted after a restart, observed again at another time)
 * is not added again; one whose delivery was not yet recorded when the process died is
 * delivered again, with the same id and body, for the receiver to drop.
 */
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFile } from './durable.js';

export interface OutboxItem {
  readonly id: string;
  readonly body: string;
  readonly file: string;
}

const NAME = /^(\d{12})-([0-9a-zA-Z_.-]+)\.json$/;

/** Delivered events remembered, to drop the same event observed again after a restart. */
export const REMEMBERED = 10_000;

export class Outbox {
  private readonly pending = new Map<string, string>();
  /** Delivered ids, oldest first, with their file names. */
  private readonly delivered = new Map<string, string>();
  private sequence = 0;
  private readonly waiters: Array<() => void> = [];

  /** `remember`: how many delivered ids to keep (default {@link REMEMBERED}). */
  constructor(
    readonly dir: string,
    private readonly remember = REMEMBERED,
  ) {}

  private get folder(): string {
    return join(this.dir, 'pending');
  }

  private get done(): string {
    return join(this.dir, 'delivered');
  }

  async open(): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    await mkdir(this.done, { recursive: true });
    for (const [folder, into] of [[this.done, this.delivered], [this.folder, this.pending]] as const) {
      for (const name of (await readdir(folder)).sort()) {
        const match = NAME.exec(name);
        if (!match) continue; // temporary files of an interrupted write
        into.set(match[2]!, name);
        this.sequence = Math.max(this.sequence, Number(match[1]) + 1);
      }
    }
    await this.forget();
  }

  get size(): number {
    return this.pending.size;
  }

  /** Adds an event durably (returns once it is on disk); false when it is pending or delivered already. */
  async add(id: string, body: string): Promise<boolean> {
    if (this.pending.has(id) || this.delivered.has(id)) return false;
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

  /** Records a successful delivery: the event leaves the pending folder, its id is remembered. */
  async markDelivered(item: OutboxItem): Promise<void> {
    await rename(join(this.folder, item.file), join(this.done, item.file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    this.pending.delete(item.id);
    this.delivered.set(item.id, item.file);
    await this.forget();
  }

  /** Keeps the newest `remember` delivered ids. */
  private async forget(): Promise<void> {
    for (const [id, name] of this.delivered) {
      if (this.delivered.size <= this.remember) return;
      this.delivered.delete(id);
      await rm(join(this.done, name), { force: true });
    }
  }
}
