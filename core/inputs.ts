/**
 * Schemas of what callers pass in. Everything is validated here, before any request,
 * and a failure becomes a {@link ValidationError} naming the offending fields. Each schema
 * is built at its first use (`lazySchema`): importing the client builds none of them.
 */
import * as z from 'zod';
import { parseIsoDate } from './dates.js';
import { ValidationError, type FieldIssue } from './errors.js';
import { GroupKindSchema, SettableAgentStatusSchema } from './enums.js';
import { lazySchema } from './lazy-schema.js';

// Control characters are never meaningful in ids or names and break logs and URLs.
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;

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

const text = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).regex(NO_CONTROL_CHARS, 'must not contain control characters');

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

export const UserCreateInputSchema = lazySchema(() =>
  z.strictObject({
    extension: ExtensionSchema,
    displayName: text(1024).trim().min(1, 'must not be empty'),
    email: EmailSchema,
    username: text(64).trim().min(1).optional(),
    firstName: text(128).optional(),
    lastName: text(128).optional(),
    mobile: E164Schema.optional(),
    role: text(64).min(1).optional(),
    department: text(128).optional(),
    enabled: z.boolean().optional(),
    /** Portal / login password. Vendors that require one get a random one when it is omitted. */
    password: z.string().min(1).max(128).optional(),
    /** SIP registration password. Generated when the vendor requires one and it is omitted. */
    sipPassword: z.string().min(1).max(128).optional(),
    /** Voicemail PIN (digits). Generated when the vendor requires one and it is omitted. */
    voicemailPin: z.string().regex(/^[0-9]{4,10}$/, 'must be 4 to 10 digits').optional(),
  }),
);
/** What `users.create` takes. */
export type UserCreateInput = z.input<typeof UserCreateInputSchema>;

export const UserPatchSchema = lazySchema(() =>
  z
    .strictObject({
      displayName: text(1024).trim().min(1, 'must not be empty').optional(),
      firstName: text(128).optional(),
      lastName: text(128).optional(),
      email: EmailSchema.optional(),
      mobile: E164Schema.optional(),
      enabled: z.boolean().optional(),
      department: text(128).optional(),
      /** A role name from `roles.list()`. */
      role: text(64).trim().min(1, 'must not be empty').optional(),
    })
    .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'a patch must change at least one field'),
);
/** What `users.update` takes: only the fields to change. */
export type UserPatch = z.input<typeof UserPatchSchema>;
export type UserPatchField = keyof UserPatch;

/** `users.presence` ids: 1 to 1000 distinct user ids. */
export const PresenceIdsSchema = lazySchema(() =>
  z
    .array(IdSchema, { error: 'must be an array of user ids' })
    .min(1, 'give at least one user id')
    .max(1000, 'at most 1000 user ids per call')
    .refine((ids) => new Set(ids).size === ids.length, 'user ids must be distinct'),
);

export const GroupCreateInputSchema = lazySchema(() =>
  z.strictObject({
    name: text(64).trim().min(1, 'must not be empty'),
    kind: GroupKindSchema.default('team'),
    description: text(1024).optional(),
  }),
);
export type GroupCreateInput = z.input<typeof GroupCreateInputSchema>;

export const GroupPatchSchema = lazySchema(() =>
  z
    .strictObject({
      name: text(64).trim().min(1, 'must not be empty').optional(),
      description: text(1024).optional(),
    })
    .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'a patch must change at least one field'),
);
export type GroupPatch = z.input<typeof GroupPatchSchema>;

/**
 * A reference to a user: by vendor id or by extension number. A {@link User} object is
 * itself a valid reference (it has `id` and usually `extension`), which saves a lookup.
 */
export type UserRef = { readonly id: string; readonly extension?: string } | { readonly id?: string; readonly extension: string };
export const UserRefSchema = lazySchema(() =>
  z
    .object({ id: IdSchema.optional(), extension: ExtensionSchema.optional() })
    .refine((ref) => ref.id !== undefined || ref.extension !== undefined, 'give a user id or an extension'),
);

const seconds = (max: number) => z.number().int('must be a whole number of seconds').min(1).max(max);

export const QueueCreateInputSchema = lazySchema(() =>
  z.strictObject({
    name: text(64).trim().min(1, 'must not be empty'),
    /** The queue's own extension number. */
    extension: ExtensionSchema,
    /** The vendor's distribution strategy, as the vendor names it (PortSIP: `RING_SIMULTANEOUSLY`, `LEAST_WORKED_HUNT` …). */
    strategy: text(64).trim().min(1).optional(),
    /** How long an agent's phone rings, in seconds. */
    ringTimeSeconds: seconds(600).optional(),
    /** How long a caller may wait in the queue, in seconds. */
    maxWaitSeconds: seconds(86_400).optional(),
  }),
);
/** What `queues.create` takes. */
export type QueueCreateInput = z.input<typeof QueueCreateInputSchema>;

export const QueuePatchSchema = lazySchema(() =>
  z
    .strictObject({
      name: text(64).trim().min(1, 'must not be empty').optional(),
      strategy: text(64).trim().min(1).optional(),
      ringTimeSeconds: seconds(600).optional(),
      maxWaitSeconds: seconds(86_400).optional(),
    })
    .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'a patch must change at least one field'),
);
/** What `queues.update` takes: only the fields to change. */
export type QueuePatch = z.input<typeof QueuePatchSchema>;

export const AgentOptionsSchema = lazySchema(() =>
  z.strictObject({
    /** Skill level / priority in the queue, 1–100, where the vendor supports one. */
    skillLevel: z.number().int().min(1).max(100).optional(),
  }),
);
export type AgentOptions = z.input<typeof AgentOptionsSchema>;

export { SettableAgentStatusSchema };

export const SetStatusOptionsSchema = lazySchema(() =>
  z.strictObject({
    /** A not-ready reason code (see `queues.notReadyReasons()`); only with status `not_ready`. */
    reason: text(64).trim().min(1, 'must not be empty').optional(),
  }),
);
/** What `queues.setStatus` takes besides the call options. */
export type SetStatusOptions = z.input<typeof SetStatusOptionsSchema>;

/**
 * A date input: a `Date`, epoch milliseconds, or an ISO 8601 string parsed strictly by
 * `core/dates.ts` (`"2024-02-30"` is refused, not read as 1 March; text without a zone is UTC).
 */
const DateInputSchema = lazySchema(() =>
  z.union([z.date(), z.string(), z.number()]).transform((value, ctx) => {
    const date = typeof value === 'string' ? (parseIsoDate(value) ?? new Date(Number.NaN)) : new Date(value);
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
export const ReturningSchema = lazySchema(() => z.enum(['representation', 'none'] as const satisfies readonly Returning[]));

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
