/**
 * Where `cdrs sync` stores what it pulls. A sink makes a batch's CDRs and the cursor that
 * covers them durable together (or the CDRs first): after a crash, `open()` returns the
 * cursor of the last batch fully stored and undoes anything stored after it.
 */
import type { SyncBatch } from '../../core/sync/cdr-sync.js';

export interface CdrSink {
  /** Recovers after a crash and returns the cursor to resume from (undefined: first run). */
  open(): Promise<string | undefined>;
  /**
   * Stores the batch's CDRs and then its cursor, durably; resolves once both are. May be called
   * again before the previous call settled: batches are stored in call order, and after a failed
   * one the later ones fail without storing anything (`open()` starts afresh).
   */
  write(batch: SyncBatch): Promise<void>;
  /** CDRs stored by this process so far. */
  readonly written: number;
  /** Waits for the writes given so far to settle, then releases what the sink holds. */
  close(): Promise<void>;
}

/** Which PBX a sink's records come from: vendor id and a stable name of the PBX (its base URL by default). */
export interface SinkSource {
  readonly vendor: string;
  readonly pbx: string;
}
