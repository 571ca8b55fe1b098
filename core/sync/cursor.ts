/**
 * The CDR sync cursor: an opaque string a consumer persists after each batch. It holds the
 * watermark (latest start time delivered), the floor (the start time from which the next poll
 * re-reads: watermark − overlap) and the ids of every CDR already delivered whose start time is
 * at or above the floor — what lets the next poll re-read the overlap window without
 * delivering anything twice.
 *
 * Size is bounded: at most `maxIds` ids (default {@link DEFAULT_MAX_CURSOR_IDS}). When more
 * CDRs than that start inside the overlap window, the floor is raised past the oldest
 * start-time groups until the rest fit (a group of CDRs sharing one start time is never
 * split, so a single group larger than the bound is kept whole): the window is then shorter
 * than asked, which `SyncBatch.overlapTruncated` reports.
 */
import * as z from 'zod';
import { once } from '../once.js';
import { decodeOpaque, encodeOpaque } from './opaque.js';

/** Default bound of the ids a cursor carries (≈ 25 bytes each once encoded). */
export const DEFAULT_MAX_CURSOR_IDS = 10_000;

const PREFIX = 'cs1.';

const cursorSchema = once(() =>
  z.strictObject({
  /** Vendor the cursor belongs to. */
  v: z.string().min(1),
  /** Watermark: latest start time delivered (epoch ms), capped at the client's clock. */
  w: z.number().int().nullable(),
  /** Floor (epoch ms, whole seconds): CDRs starting before it are never delivered again or re-read. */
  f: z.number().int().nullable(),
  /** Delivered ids at or above the floor, grouped by start second: [[secondMs, [id, …]], …] ascending. */
  s: z.array(z.tuple([z.number().int(), z.array(z.string().min(1))])),
  }),
);

export interface SyncState {
  readonly vendor: string;
  watermark: number | null;
  floor: number | null;
  /** start time rounded down to the second (ms) → ids delivered with a start in that second. */
  readonly seen: Map<number, Set<string>>;
}

/** The state of a first sync from `from` (everything when absent). */
export function initialState(vendor: string, from: Date | undefined): SyncState {
  const floor = from ? wholeSecond(from.getTime()) : null;
  return { vendor, watermark: floor, floor, seen: new Map() };
}

export function encodeCursor(state: SyncState): string {
  const s = [...state.seen.entries()].sort((a, b) => a[0] - b[0]).map(([at, ids]) => [at, [...ids]] as [number, string[]]);
  return encodeOpaque(PREFIX, { v: state.vendor, w: state.watermark, f: state.floor, s });
}

export function decodeCursor(cursor: string, vendor: string): SyncState {
  const data = decodeOpaque(PREFIX, cursor, cursorSchema(), vendor, 'cdrs.sync', (d) => d.v);
  return { vendor, watermark: data.w, floor: data.f, seen: new Map(data.s.map(([at, ids]) => [at, new Set(ids)])) };
}

/** Number of ids the state holds. */
export function seenCount(state: SyncState): number {
  let n = 0;
  for (const ids of state.seen.values()) n += ids.size;
  return n;
}

/**
 * Moves the floor up to `watermark − overlapMs` (never down) and forgets ids below it; then,
 * while more than `maxIds` ids remain, raises it past the oldest start-time group.
 * Returns true when the bound shortened the window.
 */
export function advanceFloor(state: SyncState, overlapMs: number, maxIds: number): boolean {
  if (state.watermark !== null) {
    const wanted = wholeSecond(state.watermark - overlapMs);
    if (state.floor === null || wanted > state.floor) state.floor = wanted;
  }
  const times = [...state.seen.keys()].sort((a, b) => a - b);
  for (const at of times) if (state.floor !== null && at < state.floor) state.seen.delete(at);
  let count = seenCount(state);
  let truncated = false;
  const kept = times.filter((at) => state.seen.has(at));
  for (let i = 0; count > maxIds && i < kept.length - 1; i++) {
    count -= state.seen.get(kept[i]!)!.size;
    state.seen.delete(kept[i]!);
    state.floor = kept[i + 1]!;
    truncated = true;
  }
  return truncated;
}

/** Rounds down to a whole second (vendors filter start times at second precision). */
export function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
