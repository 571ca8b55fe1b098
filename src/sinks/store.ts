/**
 * Feeds a stream of sync batches to a sink, fetching the next batch while the sink stores the
 * current one (`unipbx cdrs sync`). At most two batches wait in the sink, which keeps their order
 * and stores none after a failed one (`CdrSink.write`).
 */
import type { SyncBatch } from '../../core/sync/cdr-sync.js';
import type { CdrSink } from './types.js';

/** Returns once every batch is stored; throws once every batch given is stored or failed, a storage error first. */
export async function storeBatches(batches: AsyncIterable<SyncBatch>, sink: CdrSink): Promise<void> {
  let storing: Promise<void> = Promise.resolve();
  try {
    for await (const batch of batches) {
      const next = sink.write(batch);
      next.catch(() => undefined); // awaited on the next turn; fails too if `storing` does
      await storing;
      storing = next;
    }
  } catch (error) {
    await storing;
    throw error;
  }
  await storing;
}
