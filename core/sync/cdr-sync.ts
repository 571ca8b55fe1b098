/**
 * `cdrs.sync`, emulated on any vendor's CDR list filtered by start time and ordered by start
 * time ascending (what `CdrPort.list` returns for a `from` filter).
 *
 * Each poll re-reads from the cursor's floor (watermark − overlap): CDRs that appear late —
 * a call that was still in progress when a later call's record was delivered — are caught as
 * long as they appear before the watermark has moved `overlapMs` past their start. Ids already
 * delivered inside the window travel in the cursor, so nothing is delivered twice. A batch is
 * one listed page's new CDRs with the cursor that covers them: persist the CDRs, then the
 * cursor; after a crash, resume with the last persisted cursor (see docs/sync.md).
 */
import type { Cdr } from '../model.js';
import type { Page } from '../paging.js';
import { DEFAULT_MAX_CURSOR_IDS, advanceFloor, decodeCursor, encodeCursor, initialState, wholeSecond, type SyncState } from './cursor.js';

/** Default overlap window: 2 hours (the longest call, plus the vendor's delay in writing its record). */
export const DEFAULT_OVERLAP_MS = 2 * 3_600_000;
/** Default pause between polls with `follow`. */
export const DEFAULT_SYNC_INTERVAL_MS = 5_000;

/** New CDRs and the cursor to persist once they are stored. */
export interface SyncBatch {
  /** CDRs not delivered before under this cursor lineage, in start-time order. */
  readonly cdrs: readonly Cdr[];
  /** Opaque; pass it as `cursor` to resume after these CDRs. */
  readonly cursor: string;
  /** True when more than `maxCursorIds` CDRs started inside the overlap window, so the window was shortened (see docs/sync.md). */
  readonly overlapTruncated: boolean;
}

export interface SyncSettings {
  readonly vendor: string;
  readonly cursor?: string | undefined;
  readonly from?: Date | undefined;
  readonly overlapMs: number;
  readonly maxCursorIds: number;
  readonly pageSize?: number | undefined;
  readonly follow: boolean;
  readonly intervalMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly now: () => number;
  /** The vendor's CDR list from `from` (start time, inclusive), in start-time order, page by page. */
  readonly listPages: (from: Date | undefined, pageSize: number | undefined) => AsyncIterable<Page<Cdr>>;
  /** Waits between polls; rejects when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

export { DEFAULT_MAX_CURSOR_IDS };

/** Runs one pass (or, with `follow`, passes until aborted), yielding a batch per page that holds new CDRs. */
export async function* syncCdrs(settings: SyncSettings): AsyncGenerator<SyncBatch> {
  const state: SyncState = settings.cursor !== undefined ? decodeCursor(settings.cursor, settings.vendor) : initialState(settings.vendor, settings.from);
  for (;;) {
    yield* pass(state, settings);
    if (!settings.follow) return;
    await settings.sleep(settings.intervalMs, settings.signal);
  }
}

async function* pass(state: SyncState, settings: SyncSettings): AsyncGenerator<SyncBatch> {
  const from = state.floor !== null ? new Date(state.floor) : undefined;
  for await (const page of settings.listPages(from, settings.pageSize)) {
    const fresh: Cdr[] = [];
    for (const cdr of page.items) {
      const at = cdr.startedAt.getTime();
      // Before the floor: outside what the cursor remembers, so possibly delivered already.
      if (state.floor !== null && at < state.floor) continue;
      const second = wholeSecond(at);
      let ids = state.seen.get(second);
      if (ids?.has(cdr.id)) continue;
      if (!ids) state.seen.set(second, (ids = new Set()));
      ids.add(cdr.id);
      fresh.push(cdr);
      // Capped at the client's clock: a record dated in the future must not drag the window past calls still to come.
      const capped = Math.min(at, settings.now());
      if (state.watermark === null || capped > state.watermark) state.watermark = capped;
    }
    if (fresh.length === 0) continue;
    const overlapTruncated = advanceFloor(state, settings.overlapMs, settings.maxCursorIds);
    yield { cdrs: fresh, cursor: encodeCursor(state), overlapTruncated };
  }
}
