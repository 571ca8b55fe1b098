/**
 * Schemas of what callers pass in. Everything is validated here, before any request,
 * and a failure becomes a {@link ValidationError} naming the offending fields. Each schema
 * is built at its first use (`lazySchema`): importing the client builds none of them.
 */
import * as z from 'zod';
import { parseIsoDateUtc } from './iso-date.js';
import { ValidationError, type FieldIssue } from './errors.js';
import { NO_CONTROL_CHARS, text } from './input-text.js';
import { lazySchema } from './lazy-schema.js';

export type { UserCreateInput, UserPatch, UserPatchField } from './inputs-users.js';


// A UTF-16 surrogate without its other half has no UTF-8 form: it cannot be percent-encoded
// into a URL path (encodeURIComponent throws URIError).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * An opaque vendor id: non-empty, at most 256 characters, no control characters, valid
 * Unicode, and not `.` or `..` (URL parsers resolve those as dot segments even when encoded,
 * so such an id could never reach the vendor as itself; refusing it here refuses it before
 * any request, also in operations that look something else up first).
 */
export const IdSchema = lazySchema(() =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(256, 'must be at most 256 characters')
    .regex(NO_CONTROL_CHARS, 'must not contain control characters')
    .refine((id) => !LONE_SURROGATE.test(id), 'must be valid Unicode text (no lone surrogates)')
    .refine((id) => id !== '.' && id !== '..', 'must not be "." or ".."'),
);

/** An extension number: digits only, as every supported PBX stores them. */
export const ExtensionSchema = lazySchema(() =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .regex(/^[0-9]{2,32}$/, 'must be 2 to 32 digits'),
);

export const EmailSchema = lazySchema(() => z.email({ error: 'must be an email address' }).max(254));

/** E.164: `+`, country code, subscriber number, at most 15 digits. */
export const E164Schema = lazySchema(() => z.string().regex(/^\+[1-9][0-9]{1,14}$/, 'must be an E.164 number like +46701234567'));

/**
 * A reference to a user: by vendor id or by extension number. A {@link User} object is
 * itself a valid reference (it has `id` and usually `extension`), which saves a lookup.
 */
export type UserRef = { readonly id: string; readonly extension?: string } | { readonly id?: string; readonly extension: string };

/**
 * A date input: a `Date`, epoch milliseconds, or an ISO 8601 string parsed strictly by
 * `core/dates.ts` (`"2024-02-30"` is refused, not read as 1 March; text without a zone is UTC).
 */
const DateInputSchema = lazySchema(() =>
  z.union([z.date(), z.string(), z.number()]).transform((value, ctx) => {
    const date = typeof value === 'string' ? (parseIsoDateUtc(value) ?? new Date(Number.NaN)) : new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'must be a valid date (a Date or an ISO 8601 string)' });
      return z.NEVER;
    }
    return date;
  }),
);

export const CdrQuerySchema = lazySchema(() =>
  z
    .strictObject({
      /** Start of the range, inclusive. */
      from: DateInputSchema.optional(),
      /** End of the range, exclusive. */
      to: DateInputSchema.optional(),
      /** Only calls of this user. */
      userId: IdSchema.optional(),
      /** `self`: the logged-in user's own calls (works for non-admin credentials). Default `tenant`. */
      scope: z.enum(['tenant', 'self']).default('tenant'),
      pageSize: z.number().int().min(1).max(1000).optional(),
      cursor: z.string().min(1).max(512).optional(),
    })
    .refine((q) => q.from === undefined || q.to === undefined || q.from.getTime() <= q.to.getTime(), {
      message: '`from` must not be after `to`',
      path: ['from'],
    })
    .refine((q) => !(q.scope === 'self' && q.userId !== undefined), {
      message: 'give either `userId` or `scope: "self"`, not both',
      path: ['userId'],
    }),
);
export type CdrQuery = z.input<typeof CdrQuerySchema>;
export type CdrFilter = z.output<typeof CdrQuerySchema>;

export const RecordingQuerySchema = lazySchema(() =>
  z
    .strictObject({
      /** Start of the range, inclusive. */
      from: DateInputSchema.optional(),
      /** End of the range, exclusive. */
      to: DateInputSchema.optional(),
      /** Only the recordings of this call record (linked by caller, callee and time). */
      cdrId: IdSchema.optional(),
      pageSize: z.number().int().min(1).max(1000).optional(),
      cursor: z.string().min(1).max(512).optional(),
    })
    .refine((q) => q.cdrId === undefined || (q.from === undefined && q.to === undefined), {
      message: 'give either `cdrId` or a `from`/`to` range, not both',
      path: ['cdrId'],
    })
    .refine((q) => q.from === undefined || q.to === undefined || q.from.getTime() <= q.to.getTime(), {
      message: '`from` must not be after `to`',
      path: ['from'],
    }),
);
/** What `recordings.list` takes: a time range, or one call record's id. */
export type RecordingQuery = z.input<typeof RecordingQuerySchema>;
export type RecordingFilter = Omit<z.output<typeof RecordingQuerySchema>, 'pageSize' | 'cursor'>;

export const ListOptionsSchema = lazySchema(() =>
  z.strictObject({
    pageSize: z.number().int().min(1).max(1000).optional(),
    cursor: z.string().min(1).max(512).optional(),
  }),
);
/** Paging options for any list. */
export type ListOptions = z.input<typeof ListOptionsSchema>;

/** Per-call options every operation takes. */
export interface CallOptions {
  /** Cancels the call, including retries and waits. */
  readonly signal?: AbortSignal;
  /** Timeout of each HTTP attempt in ms (overrides the client's `timeoutMs`). */
  readonly timeoutMs?: number;
  /** Overall time budget of the call in ms, across every request and retry it makes (time queued for a throttle slot excluded). */
  readonly deadlineMs?: number;
  /** Longest wait for one throttle slot in ms (overrides the client's `queueTimeoutMs`). */
  readonly queueTimeoutMs?: number;
  /** Largest reply body accepted in bytes (overrides the client's `maxResponseBytes`). */
  readonly maxResponseBytes?: number;
}

export const CallOptionsSchema = lazySchema(() =>
  z.object({
    signal: z.instanceof(AbortSignal).optional(),
    timeoutMs: z.number().int().positive().max(2_147_483_647).optional(),
    deadlineMs: z.number().int().positive().max(2_147_483_647).optional(),
    queueTimeoutMs: z.number().int().positive().max(2_147_483_647).optional(),
    maxResponseBytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  }),
);

/**
 * What a write resolves with: `'representation'` (default) the object as stored, read back
 * where the vendor's reply does not carry it (the capability manifest states that cost);
 * `'none'` only `{ id }`, with no read-back, for callers who do not need the result (bulk
 * runs, provisioning). A read-back that verifies the write (NetPBX's mobile number) is kept.
 */
export type Returning = 'representation' | 'none';

/** Options of `users.create` and `users.update`: the call options plus {@link Returning}. */
export interface WriteOptions extends CallOptions {
  readonly returning?: Returning;
}

/** What a write with `returning: 'none'` resolves with. */
export interface WriteAck {
  readonly id: string;
}

/** Turns zod issues into field issues. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
}

const MAX_SUMMARY = 500;

/**
 * Parses `value` with `schema`, or throws a client-side {@link ValidationError} that names
 * the argument and every bad field.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  argument: string,
  context: { vendor?: string; operation?: string } = {},
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  let summary = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
  // Bounded: a huge input (a long string spread into thousands of unknown keys, say) must not
  // flood logs through the message; `issues` keeps every detail.
  if (summary.length > MAX_SUMMARY) summary = `${summary.slice(0, MAX_SUMMARY)}…`;
  const where = context.operation ? `${context.operation}: ` : '';
  throw new ValidationError(`${where}invalid ${argument}: ${summary}`, issues, 'client', context);
}
