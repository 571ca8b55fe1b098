/**
 * The sync algorithm (core/sync) against an in-memory CDR list that behaves like a vendor's:
 * filtered by start time (inclusive), ordered by start time, offset-paged, with records that
 * appear late (a long call ends after later calls were listed).
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import type { Cdr } from '../../core/model.js';
import type { Page } from '../../core/paging.js';
import { syncCdrs, type SyncBatch, type SyncSettings } from '../../core/sync/cdr-sync.js';
import { decodeCursor, seenCount } from '../../core/sync/cursor.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const MIN = 60_000;

function cdr(id: number, startedAt: number): Cdr {
  return { id: String(id), direction: 'internal', from: { number: '100' }, to: { number: '101' }, startedAt: new Date(startedAt), durationSeconds: 1, disposition: 'answered', vendor: 'fake', raw: {} };
}

/** A vendor list: what is visible now, sorted by start time, paged by offset. */
class FakeList {
  readonly visible: Cdr[] = [];
  requests = 0;
  add(...cdrs: Cdr[]): void {
    this.visible.push(...cdrs);
    this.visible.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  }
  async *pages(from: Date | undefined, pageSize = 3): AsyncGenerator<Page<Cdr>> {
    for (let offset = 0; ; offset += pageSize) {
      this.requests++;
      const items = this.visible.filter((c) => !from || c.startedAt >= from).slice(offset, offset + pageSize);
      yield { items };
      if (items.length < pageSize) return;
    }
  }
}

function settings(list: FakeList, extra: Partial<SyncSettings> = {}): SyncSettings {
  return {
    vendor: 'fake',
    overlapMs: 30 * MIN,
    maxCursorIds: 10_000,
    follow: false,
    intervalMs: 10,
    now: () => T0 + 24 * 60 * MIN,
    listPages: (from, pageSize) => list.pages(from, pageSize ?? 3),
    sleep: async () => {},
    ...extra,
  };
}

async function collect(gen: AsyncIterable<SyncBatch>): Promise<SyncBatch[]> {
  const out: SyncBatch[] = [];
  for await (const batch of gen) out.push(batch);
  return out;
}

const ids = (batches: readonly SyncBatch[]): string[] => batches.flatMap((b) => b.cdrs.map((c) => c.id));

describe('cdrs.sync mechanics', () => {
  it('delivers every CDR once, in start order, a batch per page with new records', async () => {
    const list = new FakeList();
    list.add(...Array.from({ length: 10 }, (_, i) => cdr(i, T0 + i * MIN)));
    const batches = await collect(syncCdrs(settings(list)));
    expect(ids(batches)).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    expect(batches.map((b) => b.cdrs.length)).toEqual([3, 3, 3, 1]);
    // Resuming from the last cursor: nothing new, nothing again.
    expect(ids(await collect(syncCdrs(settings(list, { cursor: batches.at(-1)!.cursor }))))).toEqual([]);
  });

  it('resuming from the cursor of any batch (a crash after storing it) delivers exactly the rest', async () => {
    const list = new FakeList();
    list.add(...Array.from({ length: 25 }, (_, i) => cdr(i, T0 + Math.floor(i / 2) * MIN))); // pairs share a start time
    const full = await collect(syncCdrs(settings(list)));
    for (let k = 0; k < full.length; k++) {
      const stored = ids(full.slice(0, k + 1));
      const rest = ids(await collect(syncCdrs(settings(list, { cursor: full[k]!.cursor }))));
      const all = [...stored, ...rest];
      expect(new Set(all).size).toBe(all.length); // no duplicate
      expect(new Set(all)).toEqual(new Set(list.visible.map((c) => c.id))); // nothing lost
    }
  });

  it('catches a late arrival inside the overlap window, and says what it cannot catch beyond it', async () => {
    const list = new FakeList();
    list.add(cdr(1, T0), cdr(2, T0 + 10 * MIN), cdr(3, T0 + 40 * MIN));
    const first = await collect(syncCdrs(settings(list)));
    // A call that started at T0+20min (before the watermark T0+40min) ends now: inside the 30-minute window.
    list.add(cdr(4, T0 + 20 * MIN));
    // One that started at T0+5min: 35 minutes before the watermark, outside it.
    list.add(cdr(5, T0 + 5 * MIN));
    const second = await collect(syncCdrs(settings(list, { cursor: first.at(-1)!.cursor })));
    expect(ids(second)).toEqual(['4']);
    // A longer window catches it.
    const wide = await collect(syncCdrs(settings(list, { overlapMs: 60 * MIN })));
    expect(ids(wide).sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('an offset shifted by a late arrival while paging never loses a record', async () => {
    const list = new FakeList();
    list.add(...Array.from({ length: 9 }, (_, i) => cdr(i, T0 + i * MIN)));
    const delivered: string[] = [];
    let cursor: string | undefined;
    let injected = false;
    for await (const batch of syncCdrs(settings(list))) {
      delivered.push(...batch.cdrs.map((c) => c.id));
      cursor = batch.cursor;
      if (!injected) {
        list.add(cdr(100, T0 + 30_000)); // lands before the current offset
        injected = true;
      }
    }
    delivered.push(...ids(await collect(syncCdrs(settings(list, { cursor: cursor! })))));
    expect(delivered.sort()).toEqual([...list.visible.map((c) => c.id)].sort());
  });

  it('keeps the cursor within its bound, shortening the window and saying so', async () => {
    const list = new FakeList();
    list.add(...Array.from({ length: 500 }, (_, i) => cdr(i, T0 + i * 1000)));
    const batches = await collect(syncCdrs(settings(list, { maxCursorIds: 100, listPages: (from) => list.pages(from, 50) })));
    expect(ids(batches)).toHaveLength(500);
    const last = decodeCursor(batches.at(-1)!.cursor, 'fake');
    expect(seenCount(last)).toBeLessThanOrEqual(100);
    expect(batches.some((b) => b.overlapTruncated)).toBe(true);
    expect(ids(await collect(syncCdrs(settings(list, { cursor: batches.at(-1)!.cursor }))))).toEqual([]);
  });

  it('does not let a record dated in the future drag the window past calls still to come', async () => {
    const list = new FakeList();
    const now = T0 + 60 * MIN;
    list.add(cdr(1, T0), cdr(2, now + 10 * 60 * MIN));
    const first = await collect(syncCdrs(settings(list, { now: () => now })));
    list.add(cdr(3, now - 5 * MIN));
    expect(ids(await collect(syncCdrs(settings(list, { now: () => now, cursor: first.at(-1)!.cursor }))))).toEqual(['3']);
  });

  it('follow keeps polling until the signal aborts', async () => {
    const list = new FakeList();
    list.add(cdr(1, T0));
    const controller = new AbortController();
    let polls = 0;
    const seen: string[] = [];
    const run = (async () => {
      const sync = syncCdrs(
        settings(list, {
          follow: true,
          signal: controller.signal,
          sleep: async (_ms, signal) => {
            polls++;
            if (polls === 1) list.add(cdr(2, T0 + MIN));
            if (polls === 3) controller.abort(new Error('stop'));
            if (signal?.aborted) throw signal.reason;
          },
        }),
      );
      for await (const batch of sync) seen.push(...batch.cdrs.map((c) => c.id));
    })().catch((e: Error) => e);
    expect(await run).toMatchObject({ message: 'stop' });
    expect(seen).toEqual(['1', '2']);
    expect(polls).toBe(3);
  });

  it('refuses a cursor of another vendor or a garbled one', () => {
    expect(() => decodeCursor('cs1.' + Buffer.from('{"v":"other","w":null,"f":null,"s":[]}').toString('base64url'), 'fake')).toThrow(ValidationError);
    expect(() => decodeCursor('nope', 'fake')).toThrow(/invalid cursor/);
  });
});
