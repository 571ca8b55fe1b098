/**
 * Read-modify-write with verification: no-op when satisfied, redo after an overwrite,
 * ConflictError after the bounded attempts, and the central promise — concurrent writers
 * never lose a change silently: each change survives, or its writer gets a ConflictError.
 * The vendor list is simulated by a shared array with asynchronous, interleaving reads and
 * writes.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, isPbxError } from '../../core/errors.js';
import { readModifyWrite, type ReadModifyWrite } from '../../core/rmw.js';
import { delay } from '../support/core/http.js';
import { rejection } from '../support/core/kernel.js';

/**
 * A writer's spec. `key` names the resource (the shared list): writers of the same resource
 * within one process can be serialised on it.
 */
type Spec<S> = ReadModifyWrite<S> & { readonly key?: string };

/** A vendor-side list that only supports "read all" and "replace all". */
class SharedList {
  items: string[] = [];
  reads = 0;
  writes = 0;
  constructor(private readonly latency: () => Promise<void> = () => Promise.resolve()) {}
  async read(): Promise<string[]> {
    await this.latency();
    this.reads++;
    return [...this.items];
  }
  async write(next: readonly string[]): Promise<void> {
    await this.latency();
    this.writes++;
    this.items = [...next];
  }
}

/** A writer that adds `item` to `list`. */
function adder(list: SharedList, item: string, extra: Partial<Spec<string[]>> = {}): Spec<string[]> {
  return {
    vendor: 'testvendor',
    operation: 'queues.addAgent',
    key: 'testvendor:queue:q1:agents',
    read: () => list.read(),
    modify: (current) => (current.includes(item) ? undefined : [...current, item]),
    write: (next) => list.write(next),
    verify: (state) => state.includes(item),
    ...extra,
  };
}

const noWait = () => 0;

/** Small seeded PRNG (mulberry32), so a failing interleaving can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('readModifyWrite', () => {
  it('does nothing when the state already has the change', async () => {
    const list = new SharedList();
    list.items = ['a'];
    await readModifyWrite(adder(list, 'a'), {}, noWait);
    expect(list.reads).toBe(1);
    expect(list.writes).toBe(0);
  });

  it('reads, writes and verifies with a fresh read', async () => {
    const list = new SharedList();
    await readModifyWrite(adder(list, 'a'), {}, noWait);
    expect(list.items).toEqual(['a']);
    expect(list.reads).toBe(2);
    expect(list.writes).toBe(1);
  });

  it('redoes the change from a fresh read when another writer overwrote it', async () => {
    const list = new SharedList();
    let interfered = false;
    const spec = adder(list, 'a', {
      write: async (next) => {
        await list.write(next);
        if (!interfered) {
          interfered = true;
          list.items = ['b']; // someone else replaced the list right after our write
        }
      },
    });
    await readModifyWrite(spec, {}, noWait);
    expect(list.items).toEqual(['b', 'a']);
    expect(list.writes).toBe(2);
  });

  it('gives up with a retryable ConflictError after the configured attempts', async () => {
    const list = new SharedList();
    const spec = adder(list, 'a', {
      attempts: 3,
      write: async (next) => {
        await list.write(next);
        list.items = ['b'];
      },
    });
    const error = await rejection(readModifyWrite(spec, {}, noWait));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'CONFLICT', retryable: true, vendor: 'testvendor', operation: 'queues.addAgent' });
    expect(list.writes).toBe(3);
  });

  it('defaults to 4 attempts', async () => {
    const list = new SharedList();
    const spec = adder(list, 'a', {
      write: async () => {
        list.writes++;
      },
    });
    await expect(readModifyWrite(spec, {}, noWait)).rejects.toBeInstanceOf(ConflictError);
    expect(list.writes).toBe(4);
  });

  it('passes the request context to read and write', async () => {
    const list = new SharedList();
    const seen: unknown[] = [];
    const ctx = { timeoutMs: 123 };
    await readModifyWrite(
      adder(list, 'a', {
        read: (c) => (seen.push(c), list.read()),
        write: (next, c) => (seen.push(c), list.write(next)),
      }),
      ctx,
      noWait,
    );
    expect(seen).toEqual([ctx, ctx, ctx]);
  });

  it('an abort during the wait between attempts rejects with AbortedError', async () => {
    const list = new SharedList();
    const spec = adder(list, 'a', {
      write: async (next) => {
        await list.write(next);
        list.items = []; // always overwritten: forces the wait before the next attempt
      },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    const error = await rejection(readModifyWrite(spec, { signal: controller.signal }, () => 0.99));
    expect(isPbxError(error, 'ABORTED')).toBe(true);
    expect(error).toMatchObject({ name: 'AbortError', vendor: 'testvendor', operation: 'queues.addAgent' });
  });

  it('two writers racing in lockstep both get their change in', async () => {
    const list = new SharedList(tick);
    await Promise.all([readModifyWrite(adder(list, 'a'), {}, noWait), readModifyWrite(adder(list, 'b'), {}, noWait)]);
    expect([...list.items].sort()).toEqual(['a', 'b']);
  });

  it('a writer whose stale write lands after the other writer verified does not erase that change silently', async () => {
    // B reads [] and is slow to write; meanwhile A reads [], writes [a] and verifies [a].
    // B's write of [b] then erases A's change. A already returned success: a silent loss,
    // unless the writers of this list are kept from interleaving.
    const list = new SharedList();
    let aSettled!: () => void;
    const aDone = new Promise<void>((resolve) => (aSettled = resolve));
    const b = readModifyWrite(
      adder(list, 'b', {
        write: async (next) => {
          await Promise.race([aDone, delay(50)]);
          await list.write(next);
        },
      }),
      {},
      noWait,
    );
    await tick();
    const a = readModifyWrite(adder(list, 'a'), {}, noWait);
    void a.then(aSettled, aSettled);
    const results = await Promise.allSettled([a, b]);
    const items = ['a', 'b'];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') expect(list.items, `writer ${items[i]} succeeded, so its change must be there`).toContain(items[i]);
      else expect(result.reason).toBeInstanceOf(ConflictError);
    });
  });

  it('under random interleavings, every writer that succeeds has its change in the final list (seeded fuzz)', async () => {
    const losses: string[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const rng = prng(seed);
      const list = new SharedList(async () => {
        for (let n = Math.floor(rng() * 6); n > 0; n--) await tick();
      });
      const writers = ['a', 'b', 'c', 'd'];
      const results = await Promise.allSettled(writers.map((item) => readModifyWrite(adder(list, item), {}, noWait)));
      results.forEach((result, i) => {
        if (result.status === 'fulfilled' && !list.items.includes(writers[i]!)) losses.push(`seed ${seed}: ${writers[i]} lost (final ${JSON.stringify(list.items)})`);
        if (result.status === 'rejected' && !(result.reason instanceof ConflictError)) losses.push(`seed ${seed}: ${writers[i]} failed with ${String(result.reason)}`);
      });
    }
    expect(losses).toEqual([]);
  });
});
