/** The options of `pbx.watch()`, validated before anything is sent. */
import { z } from 'zod';
import { once } from '../once.js';

/** The schema of `watch`'s options, built at first use (importing the client does not build it). */
export const watchOptionsSchema = once(() =>
  z.strictObject({
  /** Watch users (created, updated with the changed fields, deleted). */
  users: z.boolean().optional(),
  /** Watch group membership. */
  groups: z.boolean().optional(),
  /** Watch queue agents (added, removed, logged in/out, status). */
  queues: z.boolean().optional(),
  /** Watch new call records. */
  cdrs: z.boolean().optional(),
  /** Pause between polls, ms. Default 5000. */
  intervalMs: z.number().int().min(10).max(86_400_000).optional(),
  /** The cursor of the last event you handled; omit to start from now (nothing emitted for what exists). */
  cursor: z.string().min(1).max(50_000_000).optional(),
  /** Late-arrival window of the CDR part, ms (as `cdrs.sync`). Default 2 h. */
  overlapMs: z.number().int().min(0).max(30 * 86_400_000).optional(),
  /** Stop after this many polls (default: until `signal` aborts). */
  maxPolls: z.number().int().min(1).optional(),
  }),
);

export type WatchOptions = z.input<ReturnType<typeof watchOptionsSchema>>;
