/**
 * NetPBX Web API JSON as it travels — ASSUMED. NetPBX publishes only an endpoint list, so
 * every shape here is the most plausible ASP.NET Web API shape, written down (with its
 * source) in docs/netpbx.md and tested explicitly in test/netpbx/wire-shapes.test.ts:
 *
 * - keys are PascalCase (Json.NET's default for C# properties) but matched
 *   case-insensitively, so camelCase servers (CamelCasePropertyNamesContractResolver) work too;
 * - properties the mapping reads are *required to be present*: Json.NET serialises null
 *   properties by default, so an absent key means the shape is not what we assumed, and the
 *   read fails with a `VendorResponseError` naming the key instead of letting `undefined`
 *   flow into the model. Their values may be null or `""` (blank);
 * - ids may be integers (SQL identity columns) or strings; `Id` is accepted for `UserId`,
 *   `GroupId` and `MemberId`;
 * - lists are bare JSON arrays (an `IEnumerable<T>` action result), without paging;
 * - unknown keys are ignored here and kept in the model's `raw` (see `keepRaw`).
 */
import * as z from 'zod';
import { caseInsensitive, optionalText, rewrite } from '../../core/wire.js';

/** Zod's error option: `missing` for an absent key, `expected …` for a wrong type. */
const missingOr = (expected: string) => ({
  error: (issue: { readonly input: unknown }) => (issue.input === undefined ? 'missing' : `expected ${expected}`),
});

/** Text, or a code sent as a number, as text; null, undefined and blank become undefined. */
const textOf = (value: string | number | null | undefined): string | undefined =>
  typeof value === 'number' ? String(value) : value === null || value === undefined || value.trim() === '' ? undefined : value;

/** A key that must be present; a null or blank value means "not set". */
const presentText = rewrite(z.string(missingOr('a string or null')).nullable(), textOf);

/** Like {@link presentText}, for numbers the vendor may send as JSON numbers (extensions). */
const presentCode = rewrite(z.union([z.string(), z.number().int().nonnegative()], missingOr('a string, a number or null')).nullable(), textOf);

/** An optional key holding a string or a number (an extension on a member, say). */
const optionalCode = rewrite(z.union([z.string(), z.number().int().nonnegative()]).nullish(), textOf);

/** An id: a non-empty string or an integer; always a string in the model. */
const id = z.union([z.string().trim().min(1), z.number().int().transform(String)], missingOr('a non-empty string or an integer'));

const presentBoolean = z.boolean(missingOr('true or false'));

/** A non-negative number of seconds, or a .NET TimeSpan (`[d.]hh:mm:ss[.fffffff]`, Json.NET's format). */
export const seconds = z.union([
  z.number().nonnegative(),
  z.string().transform((value, ctx) => {
    const parsed = parseTimeSpan(value);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `not a number of seconds or a TimeSpan: ${JSON.stringify(value.slice(0, 32))}` });
      return z.NEVER;
    }
    return parsed;
  }),
]);

/** Seconds of a .NET TimeSpan string (`01:02:03`, `1.02:03:04.5`), or undefined. Negative spans are refused. */
export function parseTimeSpan(text: string): number | undefined {
  const match = /^(?:(\d{1,8})\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, secs, fraction] = match;
  if (Number(minutes) > 59 || Number(secs) > 59 || Number(hours) > 23) return undefined;
  return Number(days ?? 0) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(secs) + (fraction ? Number(`0.${fraction}`) : 0);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An ASP.NET object: `shape` with keys matched case-insensitively (core `caseInsensitive`),
 * plus `aliases` (alias -> declared key) read when the declared key is absent, e.g.
 * `{ Id: 'UserId' }`. The input is never mutated: `raw` stays what the vendor sent.
 */
export function dotnetObject<S extends z.ZodRawShape>(shape: S, aliases: Readonly<Record<string, keyof S & string>> = {}) {
  const schema = caseInsensitive(z.object(shape));
  const table = Object.entries(aliases).map(([alias, key]) => [alias.toLowerCase(), key.toLowerCase(), key] as const);
  if (table.length === 0) return schema;
  return z.preprocess((input) => {
    if (!isObject(input)) return input;
    const keys = new Map(Object.keys(input).map((key) => [key.toLowerCase(), key]));
    let out: Record<string, unknown> | undefined;
    for (const [alias, lowerKey, key] of table) {
      const from = keys.get(alias);
      if (keys.has(lowerKey) || from === undefined) continue;
      (out ??= { ...input })[key] = input[from];
    }
    return out ?? input;
  }, schema);
}

/** A user (`GET api/v1/users`, `…/users/{id}`, `…/users/email`, `…/users/extension`, `GET api/v1/authorizations`). */
export const WireUser = dotnetObject(
  {
    UserId: id,
    FirstName: presentText,
    LastName: presentText,
    Email: presentText,
    Extension: presentCode,
    MobileNumber: presentText,
    // Not grounded in the endpoint list: read when present.
    UserName: optionalText,
    Role: optionalText,
  },
  { Id: 'UserId' },
);
export type WireUser = z.output<typeof WireUser>;

/** `POST api/v1/authorizations`: the user including its `api_token` (the documented name; `ApiToken` accepted). */
export const WireLogin = dotnetObject(
  { api_token: z.string(missingOr('a non-empty string')).trim().min(1, 'must not be empty') },
  { ApiToken: 'api_token' },
);

/** A group (`GET api/v1/groups`, `…/groups/{id}`). `Type` is the group type (a name; a number is kept but not understood). */
export const WireGroup = dotnetObject(
  {
    GroupId: id,
    Name: presentText,
    Type: z.union([z.string(), z.number()], missingOr('a string, a number or null')).nullable(),
    Extension: optionalCode,
  },
  { Id: 'GroupId' },
);
export type WireGroup = z.output<typeof WireGroup>;

/** A group member (`GET api/v1/groups/{id}/members`). `MemberId` is the member's UserId. */
export const WireMember = dotnetObject(
  {
    MemberId: id,
    LoggedIn: presentBoolean,
    FirstName: optionalText,
    LastName: optionalText,
    Name: optionalText,
    Extension: optionalCode,
  },
  { UserId: 'MemberId', Id: 'MemberId' },
);
export type WireMember = z.output<typeof WireMember>;

/** A member in a queue pulse: its live status (a name; a number is kept but not understood). */
export const WirePulseMember = dotnetObject(
  {
    MemberId: id,
    Status: z.union([z.string(), z.number()], missingOr('a string, a number or null')).nullable(),
  },
  { UserId: 'MemberId', Id: 'MemberId' },
);
export type WirePulseMember = z.output<typeof WirePulseMember>;

/** Queue pulse of one group (`GET api/v1/queuepulses/{id}`, items of `GET api/v1/queuepulses`). */
export const wirePulse = <M extends z.ZodType>(member: M) =>
  dotnetObject(
    {
      GroupId: id,
      Members: z.array(member, missingOr('an array')),
      // "Waiting callers where present": optional.
      CallsWaiting: z.number().int().nonnegative().nullish(),
      LongestWaitTime: seconds.nullish(),
    },
    { Id: 'GroupId' },
  );

/** A JSON array (every NetPBX list). */
export const arrayOf = <T extends z.ZodType>(item: T) => z.array(item, missingOr('a JSON array'));

/** ASP.NET Web API's error body: `{Message, MessageDetail?, ModelState?}` (`HttpError`), any key casing. */
export const WireError = caseInsensitive(
  z.object({
    Message: optionalText,
    MessageDetail: optionalText,
    ModelState: z.record(z.string(), z.union([z.array(z.string()), z.string()])).nullish(),
  }),
);
