/**
 * `pbx.watch()`, emulated by polling: each poll takes a snapshot of what is watched (users;
 * groups and their members; queues and their agents; new CDRs through `cdrs.sync`), diffs it
 * against the remembered one and yields an event per change, each with a stable id and the
 * cursor that resumes after it. The first poll without a cursor only remembers (nothing is
 * emitted for what already exists); a restart from a cursor emits what changed while it was
 * down. A retryable error skips one poll; anything else ends the iteration.
 */
import type { PbxClient } from '../client.js';
import { isPbxError } from '../errors.js';
import type { CallOptions } from '../inputs.js';
import type { Cdr, GroupMember, QueueMembership } from '../model.js';
import { mapConcurrent } from '../concurrent.js';
import { DEFAULT_OVERLAP_MS } from '../sync/cdr-sync.js';
import { encodeCursor, initialState } from '../sync/cursor.js';
import { cdrChange, diffGroups, diffQueues, diffUsers, type Change } from './diff.js';
import { encodeWatchCursor, type WatchState } from './state.js';
import type { WatchEvent } from './types.js';

export interface WatchSettings {
  readonly client: PbxClient;
  readonly users: boolean;
  readonly groups: boolean;
  readonly queues: boolean;
  readonly cdrs: boolean;
  readonly intervalMs: number;
  readonly overlapMs: number | undefined;
  readonly maxPolls: number | undefined;
  readonly state: WatchState;
  readonly call: CallOptions;
  readonly now: () => number;
  readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Told about a poll skipped because of a retryable error. */
  readonly onSkippedPoll?: ((error: Error) => void) | undefined;
}

const CONCURRENCY = 4;

export async function* watchChanges(settings: WatchSettings): AsyncGenerator<WatchEvent> {
  const { client, state, call } = settings;
  for (let poll = 1; ; poll++) {
    const observedAt = new Date(settings.now());
    let changes: Change[] = [];
    let cdrBatches: Array<{ cdrs: readonly Cdr[]; cursor: string }> = [];
    try {
      changes = await snapshotChanges(settings);
      cdrBatches = settings.cdrs ? await newCdrs(settings) : [];
    } catch (error) {
      if (!isPbxError(error) || !error.retryable || call.signal?.aborted) throw error;
      settings.onSkippedPoll?.(error);
      changes = [];
      cdrBatches = [];
    }
    for (const change of changes) {
      change.apply();
      yield { ...change.event, vendor: client.vendor, observedAt, cursor: encodeWatchCursor(state) } as unknown as WatchEvent;
    }
    for (const batch of cdrBatches) {
      // Events before the batch's last carry the cursor from before the batch: resuming there emits the batch again, with the same ids.
      const before = encodeWatchCursor(state);
      for (const [index, cdr] of batch.cdrs.entries()) {
        const last = index === batch.cdrs.length - 1;
        if (last) state.cdrs = batch.cursor;
        yield { ...cdrChange(client.vendor, cdr), vendor: client.vendor, observedAt, cursor: last ? encodeWatchCursor(state) : before } as unknown as WatchEvent;
      }
    }
    if (settings.maxPolls !== undefined && poll >= settings.maxPolls) return;
    await settings.sleep(settings.intervalMs, call.signal);
  }
}

/** Users, group members and queue agents: fetched, diffed; a section seen for the first time is only remembered. */
async function snapshotChanges(settings: WatchSettings): Promise<Change[]> {
  const { client, state, call } = settings;
  const vendor = client.vendor;
  const changes: Change[] = [];
  /** Diffs one part; the first time a part is seen, its snapshot is only remembered. */
  const part = <K extends 'users' | 'groups' | 'queues'>(key: K, diff: (known: NonNullable<WatchState[K]>) => Change[]): void => {
    const known = (state[key] ?? {}) as NonNullable<WatchState[K]>;
    const found = diff(known);
    if (state[key]) changes.push(...found);
    else {
      found.forEach((c) => c.apply());
      state[key] = known;
    }
  };
  if (settings.users) {
    const users = await client.users.list({ ...call, pageSize: 1000 }).toArray();
    part('users', (known) => diffUsers(vendor, known, users));
  }
  if (settings.groups) {
    const groups = await client.groups.list({ ...call, pageSize: 1000 }).toArray();
    const members = await mapConcurrent(groups, CONCURRENCY, async (g) => [g.id, { name: g.name, members: await client.groups.members.list(g.id, { ...call, pageSize: 1000 }).toArray() }] as const);
    part('groups', (known) => diffGroups(vendor, known, new Map<string, { name: string; members: readonly GroupMember[] }>(members)));
  }
  if (settings.queues) {
    const queues = await client.queues.list({ ...call, pageSize: 1000 }).toArray();
    const agents = await mapConcurrent(queues, CONCURRENCY, async (q) => [q.id, { name: q.name, agents: await client.queues.agents(q.id, call).toArray() }] as const);
    part('queues', (known) => diffQueues(vendor, known, new Map<string, { name: string; agents: readonly QueueMembership[] }>(agents)));
  }
  return changes;
}

/** New CDRs since the remembered sync cursor; the first time, everything within the overlap window is only remembered. */
async function newCdrs(settings: WatchSettings): Promise<Array<{ cdrs: readonly Cdr[]; cursor: string }>> {
  const { client, state, call } = settings;
  const overlap = settings.overlapMs ?? DEFAULT_OVERLAP_MS;
  const first = state.cdrs === undefined;
  const options = {
    ...call,
    ...(first ? { from: new Date(settings.now() - overlap) } : { cursor: state.cdrs! }),
    ...(settings.overlapMs !== undefined ? { overlapMs: settings.overlapMs } : {}),
    pageSize: 1000,
  };
  const batches: Array<{ cdrs: readonly Cdr[]; cursor: string }> = [];
  for await (const batch of client.cdrs.sync(options)) batches.push(batch);
  if (first) {
    // Calls in progress when the watch started end inside the window: remembering what exists now, not "now", catches them.
    state.cdrs = batches.at(-1)?.cursor ?? encodeCursor(initialState(client.vendor, new Date(settings.now() - overlap)));
    return [];
  }
  return batches;
}
