/** The options of `cdrs.sync`, validated before anything is sent. */
import { z } from 'zod';
import { CdrQuerySchema } from '../inputs.js';
import { once } from '../once.js';
import { DEFAULT_MAX_CURSOR_IDS } from './cursor.js';

/** The schema of `cdrs.sync`'s options, built at first use (importing the client does not build it). */
export const cdrSyncOptionsSchema = once(() =>
  z.strictObject({
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
  }),
);

export type CdrSyncOptions = z.input<ReturnType<typeof cdrSyncOptionsSchema>>;
export { DEFAULT_MAX_CURSOR_IDS };
