/**
 * The shape of `cdrs.sync`'s options. Apart from `options.ts` (which builds the public schema at
 * import) so that the client can build its own from it at first use: importing the client
 * does not build either.
 */
import * as z from 'zod';
import { CdrQuerySchema } from '../inputs.js';

/** A fresh shape (new schema instances on every call). */
export function cdrSyncOptionsShape() {
  return {
    /** The cursor of the last batch you stored; omit on the first run. */
    cursor: z.string().min(1).max(4_000_000).optional(),
    /** First run only: sync CDRs that started at or after this time (default: all). Ignored with a cursor. */
    from: CdrQuerySchema.shape.from,
    /** Late-arrival window in ms (default 2 h): how far behind the latest delivered start a new CDR may start and still be caught. */
    overlapMs: z.number().int().min(0).max(30 * 86_400_000).optional(),
    /** Bound of the ids carried in the cursor (default 10000). */
    maxCursorIds: z.number().int().min(100).max(1_000_000).optional(),
    /** Page size of the underlying list requests (capped by the vendor). */
    pageSize: z.number().int().min(1).max(1000).optional(),
    /** Keep polling (every `intervalMs`) until `signal` aborts. Default false: one pass up to now. */
    follow: z.boolean().optional(),
    /** Pause between polls with `follow`, ms. Default 5000. */
    intervalMs: z.number().int().min(10).max(86_400_000).optional(),
  };
}
