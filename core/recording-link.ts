/**
 * Linking call recordings to call records when the vendor's recordings carry no CDR id
 * (PortSIP): a recording belongs to a CDR when its caller and callee are the CDR's `from`
 * and `to` numbers and it starts within the call — between the CDR's start and end, widened
 * by {@link LINK_TOLERANCE_MS} on both sides for clock skew and rounding to seconds.
 */
import type { Cdr, Recording } from './model.js';

/** Slack around a call's start and end (timestamps are whole seconds; recorders start a little late). */
export const LINK_TOLERANCE_MS = 5_000;

/** The window a recording of `cdr` starts in: [start − tolerance, end + tolerance]. */
export function linkWindow(cdr: Cdr): { readonly from: Date; readonly to: Date } {
  const end = cdr.endedAt ?? new Date(cdr.startedAt.getTime() + cdr.durationSeconds * 1000);
  return { from: new Date(cdr.startedAt.getTime() - LINK_TOLERANCE_MS), to: new Date(end.getTime() + LINK_TOLERANCE_MS) };
}

export function recordingMatchesCdr(recording: Recording, cdr: Cdr): boolean {
  if (recording.from !== cdr.from.number || recording.to !== cdr.to.number) return false;
  const { from, to } = linkWindow(cdr);
  const start = recording.startedAt.getTime();
  return start >= from.getTime() && start <= to.getTime();
}

export interface LinkResult {
  /** Recording id → the one CDR id it matches. */
  readonly linked: ReadonlyMap<string, string>;
  /** Recordings matching more than one CDR (their candidates). */
  readonly ambiguous: ReadonlyMap<string, readonly string[]>;
  /** Recordings matching no CDR. */
  readonly orphans: readonly string[];
}

/** Applies the rule to every pair (the CDRs grouped by caller and callee first, so it stays near-linear). */
export function linkRecordings(recordings: readonly Recording[], cdrs: readonly Cdr[]): LinkResult {
  const byPair = new Map<string, Cdr[]>();
  for (const cdr of cdrs) {
    const key = `${cdr.from.number}\u0000${cdr.to.number}`;
    byPair.set(key, [...(byPair.get(key) ?? []), cdr]);
  }
  const linked = new Map<string, string>();
  const ambiguous = new Map<string, string[]>();
  const orphans: string[] = [];
  for (const recording of recordings) {
    const candidates = (byPair.get(`${recording.from}\u0000${recording.to}`) ?? []).filter((cdr) => recordingMatchesCdr(recording, cdr)).map((c) => c.id);
    if (candidates.length === 1) linked.set(recording.id, candidates[0]!);
    else if (candidates.length > 1) ambiguous.set(recording.id, candidates);
    else orphans.push(recording.id);
  }
  return { linked, ambiguous, orphans };
}
