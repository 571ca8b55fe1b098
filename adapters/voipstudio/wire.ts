/**
 * VoIPStudio REST JSON as it travels, deliberately minimal and tolerant: only the fields the
 * mapping reads are declared (`keepRaw` keeps the payload as received for `raw`), enums are
 * plain strings, blank values (`null`, `""`) are accepted, and values VoIPStudio documents
 * loosely (`charge` as number or string, extension numbers as strings or numbers, booleans as
 * `0`/`1`) are normalised here.
 *
 * Envelopes: a collection is `{data:[…], total}`, a single resource `{data:{…}, links}`.
 */
import * as z from 'zod';
import { blankToUndefined, idString, keepRawEach, looseNumber, optionalText, rememberLast, rewrite } from '../../core/wire.js';

/** `{data:[…], total}` around the array schema `items` (`total` counts every match across pages). */
const envelope = <A extends z.ZodType>(items: A) =>
  // `data: null` reads as an empty page; a reply without `data` is not a page at all.
  z.object({ data: items.nullable().transform((data) => (data ?? []) as z.output<A>), total: looseNumber.nullish() });

/** `{data:[…], total}`: one page of a collection (`total` counts every match across pages). */
export const listOf = <T extends z.ZodType>(item: T) => envelope(z.array(item));

/** `listOf(keepRaw(item))`, the items parsed as one array (see `keepRawEach`): for lists read by the thousand. */
export const rawListOf = <T extends z.ZodType>(item: T) => envelope(keepRawEach(item));

/** `{data:{…}, links}`: a single resource. */
export const dataOf = <T extends z.ZodType>(item: T) => z.object({ data: item });

// Listed by the thousand: these fields rewrite with `rewrite` (zod's `.overwrite`), not `.transform`.

/** Text VoIPStudio may send as a number (extension numbers, phone numbers); blank becomes undefined. */
export const textOrNumber = rewrite(z.union([z.string(), z.number()]).nullish(), (value) =>
  typeof value === 'number' ? String(value) : blankToUndefined(value),
);

/** A flag sent as `true`/`false`, `1`/`0` or their strings; anything else is undefined (kept in `raw`). */
export const flag = rewrite(z.unknown().optional(), (value): boolean | undefined => {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  return undefined;
});

/** A money amount sent as a number or a numeric string (`"0.0450"`); anything else is undefined (kept in `raw`). */
export const amount = rewrite(z.unknown().optional(), (value): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
});

const VOIPSTUDIO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$/;

/** Epoch ms of a non-blank date-time `text` (see {@link datetime}); NaN when it is not one. */
const datetimeMs = rememberLast((text: string): number => {
  const plain = VOIPSTUDIO_DATETIME.exec(text);
  if (plain) return Date.UTC(+plain[1]!, +plain[2]! - 1, +plain[3]!, +plain[4]!, +plain[5]!, +plain[6]!);
  return /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? Date.parse(text) : Number.NaN;
});

/** The trimmed text, or undefined when blank. */
const nonBlank = (value: string | null | undefined): string | undefined => value?.trim() || undefined;

const notADatetime = { error: (issue: { readonly input: unknown }) => `not a date-time: ${JSON.stringify(String(issue.input).trim().slice(0, 40))}` };

/**
 * A VoIPStudio date-time, `YYYY-MM-DD HH:MM:SS`, read as UTC (the User model documents its
 * dates "in UTC timezone"; see docs/voipstudio.md). An ISO 8601 value with a zone is accepted
 * too. Blank is undefined; garbage fails the parse, naming the field.
 */
export const datetime = rewrite(
  z
    .string()
    .nullish()
    .refine((value) => {
      const text = nonBlank(value);
      return text === undefined || !Number.isNaN(datetimeMs(text));
    }, notADatetime),
  (value) => {
    const text = nonBlank(value);
    return text === undefined ? undefined : new Date(datetimeMs(text));
  },
);

/** Like {@link datetime}, required: absent, null or blank fails the parse. */
export const requiredDatetime = rewrite(
  z.string().refine((value) => !Number.isNaN(datetimeMs(value.trim())), notADatetime),
  (value) => new Date(datetimeMs(value.trim())),
);

/** A team reference inside a user: an id, or an object with one (as an `include` would give). */
const teamId = z.union([idString, z.object({ id: idString }).transform((team) => team.id)]);

export const WireUser = z.object({
  id: idString,
  first_name: optionalText,
  last_name: optionalText,
  email: optionalText,
  ext: textOrNumber,
  mobile: textOrNumber,
  active: flag,
  /** ACL roles: documented as an array, seen as a string in examples. */
  roles: rewrite(z.unknown().optional(), (value): string | undefined => {
    if (typeof value === 'string') return value.trim() || undefined;
    if (!Array.isArray(value)) return undefined;
    // A loop, not filter + join: every listed user has roles (no array per user).
    let roles = '';
    for (const role of value) if (typeof role === 'string' && role !== '') roles = roles ? `${roles},${role}` : role;
    return roles || undefined;
  }),
  /** Ids of the user's teams (usergroups); absent when the representation does not carry them. */
  groups: z.array(teamId).nullish(),
});
export type WireUser = z.output<typeof WireUser>;

/**
 * A user as the team-membership read-modify-write reads it: `groups` (`null` reads as none)
 * is absent (undefined) when the representation does not carry it — the documented User model
 * does not — and then the list cannot be written back without dropping the user's other teams.
 */
export const WireUserTeams = z.object({
  id: idString,
  groups: z
    .array(teamId)
    .nullish()
    .transform((groups) => (groups === undefined ? undefined : (groups ?? []))),
});

export const WireGroup = z.object({
  id: idString,
  name: z.string(),
  color: optionalText,
});
export type WireGroup = z.output<typeof WireGroup>;

/** A queue member as `?include=users&fields[users]=id,first_name,last_name,status` returns it. */
export const WireQueueUser = z.object({
  id: idString,
  first_name: optionalText,
  last_name: optionalText,
  /** Joined (true) or left (false). Kept as sent as well, to be written back unchanged. */
  status: z.unknown().optional(),
});
export type WireQueueUser = z.output<typeof WireQueueUser>;

export const WireQueue = z.object({
  id: idString,
  name: z.string(),
  number: textOrNumber,
  ring_strategy: optionalText,
  /** Member ids, or member objects with `?include=users`. */
  users: z.array(z.union([idString, WireQueueUser])).nullish(),
});
export type WireQueue = z.output<typeof WireQueue>;

export const WireCdr = z.object({
  id: idString,
  /** An integer in VoIPStudio's published CDR schema; a string is accepted too. */
  call_id: textOrNumber,
  user_id: idString.nullish(),
  /** `I` inbound, `O` outbound, `M` missed. */
  type: optionalText,
  calldate: requiredDatetime,
  clid: optionalText,
  src: textOrNumber,
  src_name: optionalText,
  dst: textOrNumber,
  dst_name: optionalText,
  /** Seconds from the start of the call to its end. */
  duration: looseNumber.nullish(),
  /** Seconds from the answer to the end (talk time). */
  billsec: looseNumber.nullish(),
  disposition: optionalText,
  destination: textOrNumber,
  charge: amount,
  /** Why the call ended (termination cause), passed through as text. */
  t_cause: textOrNumber,
});
export type WireCdr = z.output<typeof WireCdr>;

/** `POST /login` (and `/login2fa`) success: `{message, user_id, user_token}`. */
export const WireLogin = z.object({
  user_id: idString,
  user_token: z.string().min(1),
});

/** `POST /login` for an account with 2FA: `202 {nonce}`. */
export const WireTwoFactor = z.object({ nonce: z.string().min(1) });

/** The id of `GET /me`: it names the user in `GET /users/{id}`, so it must be a user id (digits). */
const MeAccount = z.object({ id: idString.pipe(z.string().regex(/^\d{1,18}$/, 'not a VoIPStudio user id')) });

/**
 * `GET /me`: `{data:{id, …}}` as VoIPStudio serves it (its clients read `data.id`), or the
 * `{data:[{id, …}], total}` of the documentation's example; both are accepted.
 */
export const WireMe = z.object({
  data: z.union([z.array(MeAccount).min(1, 'the /me reply is empty'), MeAccount]),
});

/** VoIPStudio's error body: `{message, errors:[{field, message}]}` (`errors` may be empty). */
export const WireErrorBody = z.object({
  message: z.unknown().optional(),
  code: z.unknown().optional(),
  errors: z.unknown().optional(),
});
