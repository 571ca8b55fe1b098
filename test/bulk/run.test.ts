/**
 * The bulk runner on its own: one result per item, bounded concurrency, progress, unknown
 * outcomes reconciled by natural key (never repeated blindly), native batches with their
 * fallbacks, and resuming from a journal without repeating what was done.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJournal, memoryJournal } from '../../core/bulk/journal.js';
import { runBulk, type BulkProgress, type BulkSpec } from '../../core/bulk/run.js';
import { NotFoundError, OutcomeUnknownError, ValidationError } from '../../core/errors.js';

/** A fake "server": a set of created keys, with scripted failures. */
function store() {
  const created = new Map<string, number>();
  return {
    created,
    create(key: string) {
      created.set(key, (created.get(key) ?? 0) + 1);
      return { id: key };
    },
  };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

describe('runBulk', () => {
  it('yields one result per item, at most `concurrency` in flight, and reports progress', async () => {
    const s = store();
    let active = 0;
    let peak = 0;
    const progress: BulkProgress[] = [];
    const spec: BulkSpec<string, { id: string }> = {
      key: (k) => k,
      idempotent: false,
      run: async (k) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 1));
        active--;
        return s.create(k);
      },
    };
    const { results, progress: last } = await runBulk(items(50), spec, { concurrency: 4, onProgress: (p) => progress.push(p) }).collect();
    expect(results).toHaveLength(50);
    expect(new Set(results.map((r) => r.key)).size).toBe(50);
    expect(results.every((r) => r.status === 'done')).toBe(true);
    expect(peak).toBe(4);
    expect(last).toMatchObject({ processed: 50, done: 50, failed: 0, unknown: 0, total: 50 });
    expect(progress.map((p) => p.processed)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('takes async iterables, and an item the vendor refuses is failed with its typed error', async () => {
    async function* source() {
      yield 'a';
      yield 'bad';
      yield 'c';
    }
    const spec: BulkSpec<string, string> = {
      key: (k) => k,
      idempotent: true,
      run: async (k) => {
        if (k === 'bad') throw new ValidationError('no', [{ field: 'x', message: 'no' }], 'vendor');
        return k;
      },
    };
    const { results } = await runBulk(source(), spec).collect();
    expect(results.find((r) => r.key === 'bad')).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_FAILED' } });
    expect(results.filter((r) => r.status === 'done')).toHaveLength(2);
  });

  it('an unknown outcome is looked up by natural key: found is done (not created twice), not found is sent again', async () => {
    const s = store();
    const lost = new Set(['u1', 'u2']); // the write lands, the reply is lost
    const never = new Set(['u3']); // the request dies before landing
    const spec: BulkSpec<string, { id: string }> = {
      key: (k) => k,
      idempotent: false,
      run: async (k) => {
        if (lost.delete(k)) {
          s.create(k);
          throw new OutcomeUnknownError('reset');
        }
        if (never.delete(k)) throw new OutcomeUnknownError('reset before');
        return s.create(k);
      },
      reconcile: async (k) => (s.created.has(k) ? { id: k } : null),
    };
    const { results } = await runBulk(items(5), spec).collect();
    expect(results.every((r) => r.status === 'done')).toBe(true);
    expect([...s.created.values()].every((n) => n === 1)).toBe(true);
    expect(s.created.size).toBe(5);
  });

  it('when the lookup fails too, the item is unknown, not failed, and not repeated', async () => {
    let sent = 0;
    const spec: BulkSpec<string, string> = {
      key: (k) => k,
      idempotent: false,
      run: async () => {
        sent++;
        throw new OutcomeUnknownError('reset');
      },
      reconcile: async () => {
        throw new NotFoundError('directory down');
      },
    };
    const { results } = await runBulk(['x'], spec).collect();
    expect(results[0]).toMatchObject({ status: 'unknown' });
    expect(sent).toBe(1);
  });

  it('refuses two items with the same key', async () => {
    const spec: BulkSpec<string, string> = { key: () => 'same', idempotent: true, run: async (k) => k };
    await expect(runBulk(['a', 'b'], spec).collect()).rejects.toThrow(/appears twice/);
  });

  it('native batches: one call per `size` items, per-item errors kept, unconfirmed items reconciled', async () => {
    const s = store();
    const batches: number[] = [];
    const spec: BulkSpec<string, { id: string }> = {
      key: (k) => k,
      idempotent: false,
      run: async (k) => s.create(k),
      reconcile: async (k) => (s.created.has(k) ? { id: k } : null),
      many: {
        size: 10,
        run: async (ks) => {
          batches.push(ks.length);
          return ks.map((k) => {
            if (k === 'u7') return new ValidationError('taken', [], 'vendor');
            const created = s.create(k);
            return k === 'u8' ? (new OutcomeUnknownError('no word') as never) : created;
          });
        },
      },
    };
    const { results } = await runBulk(items(25), spec, { concurrency: 2 }).collect();
    expect(batches.sort()).toEqual([10, 10, 5]);
    expect(results.find((r) => r.key === 'u7')).toMatchObject({ status: 'failed' });
    expect(results.find((r) => r.key === 'u8')).toMatchObject({ status: 'done', result: { id: 'u8' } });
    expect(s.created.get('u8')).toBe(1);
    expect(results.filter((r) => r.status === 'done')).toHaveLength(24);
  });

  it('a server without the bulk endpoint: items go one by one from then on', async () => {
    const s = store();
    let batchCalls = 0;
    const spec: BulkSpec<string, { id: string }> = {
      key: (k) => k,
      idempotent: false,
      run: async (k) => s.create(k),
      many: {
        size: 5,
        run: async () => {
          batchCalls++;
          throw new NotFoundError('no route');
        },
      },
    };
    const { results } = await runBulk(items(20), spec, { concurrency: 1 }).collect();
    expect(batchCalls).toBe(1);
    expect(results.every((r) => r.status === 'done')).toBe(true);
    expect(s.created.size).toBe(20);
  });

  it('resumes from a journal: done items are not sent again, started ones are looked up first', async () => {
    const s = store();
    const journal = memoryJournal();
    const controller = new AbortController();
    const spec: BulkSpec<string, { id: string }> = {
      key: (k) => k,
      idempotent: false,
      run: async (k) => {
        const r = s.create(k);
        if (s.created.size === 10) controller.abort(new Error('stop'));
        return r;
      },
      reconcile: async (k) => (s.created.has(k) ? { id: k } : null),
    };
    const first = await runBulk(items(30), spec, { concurrency: 1, journal, signal: controller.signal }).collect();
    expect(first.progress.done).toBe(10);
    journal.record('u10', 'started'); // as if killed after sending u10
    s.create('u10');
    const second = await runBulk(items(30), spec, { concurrency: 3, journal }).collect();
    expect(second.progress).toMatchObject({ resumed: 10, done: 20, failed: 0, unknown: 0 });
    expect([...s.created.values()].every((n) => n === 1)).toBe(true);
    expect(s.created.size).toBe(30);
  });

  it('the file journal survives a torn last line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unipbx-journal-'));
    const path = join(dir, 'run.journal');
    const journal = fileJournal(path);
    journal.record('a', 'started');
    journal.record('a', 'done');
    journal.record('b', 'started');
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"k":"c","s":"do`);
    const again = fileJournal(path);
    expect([...again.load()]).toEqual([
      ['a', 'done'],
      ['b', 'started'],
    ]);
    again.record('d', 'done');
    expect(fileJournal(path).load().get('d')).toBe('done');
  });
});
