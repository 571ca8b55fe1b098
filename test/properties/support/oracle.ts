/**
 * An input oracle written from the documented contract (core/inputs.ts doc comments, the
 * README), independently of the zod schemas it judges: `invalid` inputs must be refused
 * client-side, `valid` ones must not be refused by the unified rules (a vendor may still
 * refuse them client-side for its own reasons), `maybe` is not judged.
 */
import { GROUP_KINDS, SETTABLE_AGENT_STATUSES } from '../../../core/model.js';
import type { Verdict } from './harness.js';

export function all(...verdicts: Verdict[]): Verdict {
  if (verdicts.includes('invalid')) return 'invalid';
  return verdicts.includes('maybe') ? 'maybe' : 'valid';
}

const CONTROL = /[\u0000-\u001f\u007f]/;
/** A UTF-16 surrogate without its other half: such a string has no UTF-8 form, so it cannot be percent-encoded. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/** An opaque id: a string, trimmed non-empty, at most 256 characters, no control characters, not a dot segment, encodable. */
export function id(value: unknown): Verdict {
  if (typeof value !== 'string') return 'invalid';
  const text = value.trim();
  if (text === '' || text.length > 256 || CONTROL.test(text) || LONE_SURROGATE.test(text) || text === '.' || text === '..') return 'invalid';
  return 'valid';
}

/** Extension: 2 to 32 digits (surrounding whitespace ignored). */
export const extension = (value: unknown): Verdict => (typeof value === 'string' && /^[0-9]{2,32}$/.test(value.trim()) ? 'valid' : 'invalid');

const SIMPLE_EMAIL = /^[a-z0-9]+(\.[a-z0-9]+)*@[a-z0-9]+(\.[a-z0-9]+)*\.[a-z]{2,}$/i;

export function email(value: unknown): Verdict {
  if (typeof value !== 'string' || value.length > 254 || !value.includes('@') || /\s/.test(value) || CONTROL.test(value)) return 'invalid';
  return SIMPLE_EMAIL.test(value) ? 'valid' : 'maybe';
}

export const e164 = (value: unknown): Verdict => (typeof value === 'string' && /^\+[1-9][0-9]{1,14}$/.test(value) ? 'valid' : 'invalid');

/** Free text up to `max` characters, no control characters; `required` texts must not be blank. */
export function text(value: unknown, max: number, options: { readonly required?: boolean; readonly nonBlank?: boolean; readonly nonEmpty?: boolean } = {}): Verdict {
  if (value === undefined) return options.required ? 'invalid' : 'valid';
  if (typeof value !== 'string' || CONTROL.test(value)) return 'invalid';
  if (value.length > max) return value.trim().length > max ? 'invalid' : 'maybe';
  if ((options.required || options.nonBlank) && value.trim() === '') return 'invalid';
  if (options.nonEmpty && value === '') return 'invalid';
  // Lone surrogates are not refused by the unified text rules, and vendors may mangle them.
  return LONE_SURROGATE.test(value) ? 'maybe' : 'valid';
}

const optional = (value: unknown, verdict: (value: unknown) => Verdict): Verdict => (value === undefined ? 'valid' : verdict(value));

const positiveMs = (value: unknown): Verdict =>
  value === undefined || (Number.isInteger(value) && (value as number) > 0 && (value as number) <= 2_147_483_647) ? 'valid' : 'invalid';

/** The values of the call options in an options object. */
function callValues(value: object): Verdict {
  const { signal, timeoutMs, deadlineMs } = value as Record<string, unknown>;
  return all(positiveMs(timeoutMs), positiveMs(deadlineMs), signal === undefined || signal instanceof AbortSignal ? 'valid' : 'invalid');
}

/** Per-call options: undefined, or an object of call options only (a misspelt key is refused). */
export const callOptions = (value: unknown): Verdict => optionsWith(value, [], () => 'valid');

export const isAborted = (options: unknown): boolean =>
  options !== null && typeof options === 'object' && (options as { signal?: unknown }).signal instanceof AbortSignal && ((options as { signal: AbortSignal }).signal.aborted);

const CALL_KEYS = ['signal', 'timeoutMs', 'deadlineMs'];

/** Options object with call options and `keys` (strict): what list calls and `addAgent` take. */
function optionsWith(value: unknown, keys: readonly string[], check: (options: Record<string, unknown>) => Verdict): Verdict {
  if (value === undefined) return 'valid';
  // Options must be an object: null, strings, numbers and arrays are refused.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'invalid';
  const unknown = Object.keys(value).filter((key) => !CALL_KEYS.includes(key) && !keys.includes(key));
  return all(unknown.length ? 'invalid' : 'valid', callValues(value), check(value as Record<string, unknown>));
}

export const pageSize = (value: unknown): Verdict =>
  value === undefined || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 1000) ? 'valid' : 'invalid';

/** A cursor is opaque: its shape is the vendor's business (refused when the list is read). */
export const cursor = (value: unknown): Verdict =>
  value === undefined ? 'valid' : typeof value === 'string' && value.length >= 1 && value.length <= 512 ? 'maybe' : 'invalid';

export const listOptions = (value: unknown): Verdict =>
  optionsWith(value, ['pageSize', 'cursor'], (o) => all(pageSize(o['pageSize']), cursor(o['cursor'])));

/** The second argument of `cdrs.list`: call options only (its paging belongs in the query). */
export function cdrListOptions(value: unknown): Verdict {
  return optionsWith(value, [], () => 'valid');
}

export const agentOptions = (value: unknown): Verdict =>
  optionsWith(value, ['skillLevel'], (o) =>
    o['skillLevel'] === undefined || (Number.isInteger(o['skillLevel']) && (o['skillLevel'] as number) >= 1 && (o['skillLevel'] as number) <= 100) ? 'valid' : 'invalid',
  );

/** A user reference: an object with a valid `id` and/or `extension` (other keys, e.g. a whole User, are fine). */
export function userRef(value: unknown): Verdict {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'invalid';
  if (!isPlainObject(value)) return 'maybe';
  const { id: refId, extension: refExtension } = value;
  if (refId === undefined && refExtension === undefined) return 'invalid';
  return all(optional(refId, id), optional(refExtension, extension));
}

export const status = (value: unknown): Verdict => ((SETTABLE_AGENT_STATUSES as readonly unknown[]).includes(value) ? 'valid' : 'invalid');

function strict(value: unknown, keys: readonly string[]): Verdict {
  if (!isPlainObject(value)) return value !== null && typeof value === 'object' && !Array.isArray(value) ? 'maybe' : 'invalid';
  return Object.keys(value).every((key) => keys.includes(key)) ? 'valid' : 'invalid';
}

const USER_CREATE_KEYS = ['extension', 'displayName', 'email', 'username', 'firstName', 'lastName', 'mobile', 'role', 'department', 'enabled', 'password', 'sipPassword', 'voicemailPin'];

const secret = (value: unknown): Verdict => (typeof value === 'string' && value.length >= 1 && value.length <= 128 ? 'valid' : 'invalid');
const boolean = (value: unknown): Verdict => (typeof value === 'boolean' ? 'valid' : 'invalid');

export function userCreate(value: unknown): Verdict {
  const shape = strict(value, USER_CREATE_KEYS);
  if (shape !== 'valid') return shape;
  const v = value as Record<string, unknown>;
  return all(
    extension(v['extension']),
    text(v['displayName'], 1024, { required: true }),
    email(v['email']),
    text(v['username'], 64, { nonBlank: true }),
    text(v['firstName'], 128),
    text(v['lastName'], 128),
    optional(v['mobile'], e164),
    text(v['role'], 64, { nonEmpty: true }),
    text(v['department'], 128),
    optional(v['enabled'], boolean),
    optional(v['password'], secret),
    optional(v['sipPassword'], secret),
    optional(v['voicemailPin'], (pin) => (typeof pin === 'string' && /^[0-9]{4,10}$/.test(pin) ? 'valid' : 'invalid')),
  );
}

export function userPatch(value: unknown): Verdict {
  const shape = strict(value, ['displayName', 'firstName', 'lastName', 'email', 'mobile', 'enabled', 'department']);
  if (shape !== 'valid') return shape;
  const v = value as Record<string, unknown>;
  return all(
    Object.values(v).some((field) => field !== undefined) ? 'valid' : 'invalid',
    text(v['displayName'], 1024, { nonBlank: true }),
    text(v['firstName'], 128),
    text(v['lastName'], 128),
    optional(v['email'], email),
    optional(v['mobile'], e164),
    optional(v['enabled'], boolean),
    text(v['department'], 128),
  );
}

export function groupCreate(value: unknown): Verdict {
  const shape = strict(value, ['name', 'kind', 'description']);
  if (shape !== 'valid') return shape;
  const v = value as Record<string, unknown>;
  return all(
    text(v['name'], 64, { required: true }),
    optional(v['kind'], (kind) => ((GROUP_KINDS as readonly unknown[]).includes(kind) ? 'valid' : 'invalid')),
    text(v['description'], 1024),
  );
}

export function groupPatch(value: unknown): Verdict {
  const shape = strict(value, ['name', 'description']);
  if (shape !== 'valid') return shape;
  const v = value as Record<string, unknown>;
  return all(
    Object.values(v).some((field) => field !== undefined) ? 'valid' : 'invalid',
    text(v['name'], 64, { nonBlank: true }),
    text(v['description'], 1024),
  );
}

/** ISO 8601 / RFC 3339: a date, or a date-time with optional seconds, fraction and zone. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-](\d{2}):?(\d{2}))?)?$/;

/** A date: a valid Date, finite epoch milliseconds in range, or an ISO 8601 string naming a real calendar day and time. */
export function date(value: unknown): Verdict {
  if (value === undefined) return 'valid';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : 'valid';
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= 8.64e15 ? 'valid' : 'invalid';
  if (typeof value !== 'string') return 'invalid';
  const m = ISO_DATE.exec(value);
  if (!m) return 'invalid';
  const [year, month, day, hour = 0, minute = 0, second = 0, , offsetHours = 0, offsetMinutes = 0] = [m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9]].map(
    (part) => (part === undefined ? undefined : Number(part)),
  ) as number[];
  const daysInMonth = [31, isLeap(year!) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month! - 1] ?? 0;
  const ok = day! >= 1 && day! <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
  return ok ? 'valid' : 'invalid';
}

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const timeOf = (value: unknown): number => (value instanceof Date ? value.getTime() : new Date(value as string | number).getTime());

export function cdrQuery(value: unknown): Verdict {
  if (value === undefined || value === null) return 'valid';
  const shape = strict(value, ['from', 'to', 'userId', 'scope', 'pageSize', 'cursor']);
  if (shape !== 'valid') return shape;
  const v = value as Record<string, unknown>;
  const verdict = all(
    date(v['from']),
    date(v['to']),
    optional(v['userId'], id),
    v['scope'] === undefined || v['scope'] === 'tenant' || v['scope'] === 'self' ? 'valid' : 'invalid',
    pageSize(v['pageSize']),
    cursor(v['cursor']),
  );
  if (verdict === 'invalid') return verdict;
  if (v['scope'] === 'self' && v['userId'] !== undefined) return 'invalid';
  if (v['from'] !== undefined && v['to'] !== undefined && timeOf(v['from']) > timeOf(v['to'])) return 'invalid';
  return verdict;
}
