/**
 * The shape of `pbx.watch()`'s options. Apart from `options.ts` (which builds the public schema at
 * import) so that the client can build its own from it at first use: importing the client
 * does not build either.
 */
import * as z from 'zod';

/** A fresh shape (new schema instances on every call). */
export function watchOptionsShape() {
  return {
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
  };
}
