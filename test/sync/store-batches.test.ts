/** storeBatches: fetches the next batch while the sink stores the current one, never more than two batches waiting in the sink, and no error lost. */
import { describe, expect, it } from 'vitest';
import type { SyncBatch } from '../../core/sync/cdr-sync.js';
import { inOrder } from '../../src/sinks/in-order.js';
import { storeBatches } from '../../src/sinks/store.js';
import type { CdrSink } from '../../src/sinks/types.js';

const batch = (n: number): SyncBatch => ({ cdrs: [], cursor: `c${n}`, overlapTruncated: false });

/** A sink whose writes take `ms` each (in order, as the real sinks), failing at cursor `failAt`. */
function slowSink(ms: number, log: string[], failAt?: string): CdrSink & { readonly waiting: number[] } {
  const writes = inOrder();
  const waiting: number[] = [];
  let open = 0;
  let written = 0;
  return {
    waiting,
    get written() {
      return written;
    },
    open: async () => undefined,
    write(b) {
      waiting.push(++open);
      return writes
        .run(async () => {
          log.push(`store ${b.cursor}`);
          await new Promise((resolve) => setTimeout(resolve, ms));
          if (b.cursor === failAt) throw new Error(`disk full at ${b.cursor}`);
          log.push(`stored ${b.cursor}`);
          written++;
        })
        .finally(() => open--);
    },
    close: () => writes.settled(),
  };
}

async function* source(log: string[], count: number, failAfter?: number): AsyncGenerator<SyncBatch> {
  for (let n = 0; n < count; n++) {
    log.push(`fetch ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (n === failAfter) throw new Error('PBX unreachable');
    yield batch(n);
  }
}

describe('storeBatches', () => {
  it('fetches the next batch while the sink stores the current one, two batches at most in the sink', async () => {
    const log: string[] = [];
    const sink = slowSink(20, log);
    await storeBatches(source(log, 5), sink);
    expect(sink.written).toBe(5);
    expect(Math.max(...sink.waiting)).toBeLessThanOrEqual(2);
    // Batch 1 was fetched before batch 0 was stored.
    expect(log.indexOf('fetch 1')).toBeLessThan(log.indexOf('stored c0'));
    expect(log.filter((l) => l.startsWith('stored'))).toEqual(['stored c0', 'stored c1', 'stored c2', 'stored c3', 'stored c4']);
  });

  it('a fetch error surfaces after the batch being stored is stored', async () => {
    const log: string[] = [];
    const sink = slowSink(30, log);
    await expect(storeBatches(source(log, 5, 2), sink)).rejects.toThrow('PBX unreachable');
    expect(log.at(-1)).toBe('stored c1');
    expect(sink.written).toBe(2);
  });

  it('a storage error wins, and nothing after the failed batch is stored', async () => {
    const log: string[] = [];
    const sink = slowSink(10, log, 'c1');
    await expect(storeBatches(source(log, 5), sink)).rejects.toThrow('disk full at c1');
    expect(log.filter((l) => l.startsWith('store'))).toEqual(['store c0', 'stored c0', 'store c1']);
  });
});
