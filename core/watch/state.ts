/**
 * What `watch` remembers between polls, and carries in its cursor: the last snapshot of each
 * watched resource (users' fields, group members, queue agents' state; no vendor payloads),
 * a version per entity (so ids of repeated changes differ), and the CDR sync cursor.
 * Size grows with the PBX: roughly 150 bytes per user, 60 per group member or queue agent.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { once } from '../once.js';
import { decodeOpaque, encodeOpaque } from '../sync/opaque.js';

const PREFIX = 'wc1.';

// Built at first use: importing the client does not build it.
const stateSchema = once(() => {
  const entry = z.object({ v: z.number().int(), d: z.record(z.string(), z.unknown()).nullable() });
  const section = z.record(z.string(), entry);
  const container = z.object({ name: z.string(), m: section });
  return z.strictObject({
    vendor: z.string(),
    users: section.optional(),
    groups: z.record(z.string(), container).optional(),
    queues: z.record(z.string(), container).optional(),
    cdrs: z.string().optional(),
  });
});

export type WatchState = z.infer<ReturnType<typeof stateSchema>>;
/** A group's or queue's name and members. */
export type Container = NonNullable<WatchState['groups']>[string];
/** One entity: its version and last known data (null once deleted: the version stays for the next id). */
export type Entry = Container['m'][string];

export function encodeWatchCursor(state: WatchState): string {
  return encodeOpaque(PREFIX, state);
}

export function decodeWatchCursor(cursor: string, vendor: string): WatchState {
  return decodeOpaque(PREFIX, cursor, stateSchema(), vendor, 'watch', (d) => d.vendor);
}

/** True once a poll has remembered something (a cursor then resumes without a new baseline). */
export function isWatchStarted(state: WatchState): boolean {
  return state.users !== undefined || state.groups !== undefined || state.queues !== undefined || state.cdrs !== undefined;
}

/** The stable id of a change: vendor, type, entity key, its version and content. */
export function eventId(vendor: string, type: string, key: string, version: number, content: unknown): string {
  return createHash('sha256').update(`${vendor}\n${type}\n${key}\n${version}\n${JSON.stringify(content)}`).digest('hex').slice(0, 24);
}
