/**
 * Helpers for adapters' wire schemas: parse a vendor reply with zod and turn a mismatch
 * into a `VendorResponseError` that names the missing or malformed field, so `undefined`
 * never flows silently into the model.
 */
import * as z from 'zod';
import { VendorResponseError, type PbxErrorContext } from './errors.js';
import type { RequestContext } from './http/context.js';
import type { HttpKernel, HttpRequest } from './http/kernel.js';
import { maskSecretFields } from './http/redact.js';
import { toFieldIssues } from './inputs.js';

/** How often a schema was parsed (until compiled), or its compiled twin. */
const compiled = new WeakMap<z.ZodType, z.ZodType | 'seen'>();

/**
 * The schema to parse with: from its second use on, zod's compiled twin (`z.compile`), which
 * parses a list of records about five times faster than zod's interpreter and hands any input it
 * rejects to that interpreter, so failures still name the field. Compiling costs about 1 ms, so
 * schemas built for one call (and parsed once) are never compiled.
 */
export function fastSchema<S extends z.ZodType>(schema: S): S {
  const known = compiled.get(schema);
  if (known === undefined) {
    compiled.set(schema, 'seen');
    return schema;
  }
  if (known !== 'seen') return known as S;
  const twin = z.compile(schema);
  compiled.set(schema, twin);
  return twin;
}

/** Parses `body` with `schema`; throws `VendorResponseError` naming each bad field otherwise. */
export function parseWire<S extends z.ZodType>(
  schema: S,
  body: unknown,
  context: PbxErrorContext & { readonly what: string; readonly redact?: (text: string) => string },
): z.output<S> {
  const result = fastSchema(schema).safeParse(body);
  if (result.success) return result.data;
  const { what, redact = (text: string) => text, ...errorContext } = context;
  // Issue messages may quote the offending value (a token, say): redact them like every other message.
  const issues = toFieldIssues(result.error).map((i) => ({ field: redact(i.field), message: redact(i.message) }));
  const list = issues.map((i) => `${i.field || '(body)'}: ${i.message}`).join('; ');
  throw new VendorResponseError(`${context.vendor ?? 'vendor'} ${context.operation ?? ''}: unexpected ${what} (${list})`.replace('  ', ' '), issues, errorContext);
}

/**
 * `schema` whose output `fn` rewrites (zod's `.overwrite`). Prefer it to `.transform` for
 * fields of listed records: zod's compiled parser calls it directly, where a transform builds a
 * payload object and an issues array for every value (for a PortSIP CDR, ~1 KB of the ~2.7 KB
 * a parse allocated). It cannot report an issue: check what may be refused with a `.refine`
 * on `schema` first. A `.refine` chained after it does not run for an absent key: make a
 * required field's `schema` required instead (as {@link timestamp} is).
 */
export function rewrite<S extends z.ZodType, O>(schema: S, fn: (value: z.output<S>) => O): z.ZodType<O, z.input<S>> {
  return schema.overwrite(fn as (value: z.output<S>) => z.output<S>) as unknown as z.ZodType<O, z.input<S>>;
}

/** `undefined` for null, undefined and `""`; the value otherwise. */
export function blankToUndefined<T>(value: T | null | undefined | ''): T | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}

/** A string the vendor may send as null, `""` or absent: all become undefined. */
export const optionalText = rewrite(z.string().nullish(), blankToUndefined<string>);

/**
 * `fn` remembering its last argument and result. A field checked by a `.refine` and then
 * rewritten by {@link rewrite} computes the same thing twice for one value, back to back and
 * synchronously (parsing a date costs ~0.2 µs): this lets the second call reuse the first.
 */
export function rememberLast<A, R>(fn: (argument: A) => R): (argument: A) => R {
  let called = false;
  let lastArgument: A;
  let lastResult: R;
  return (argument) => {
    if (!called || argument !== lastArgument) {
      lastResult = fn(argument);
      lastArgument = argument;
      called = true;
    }
    return lastResult;
  };
}

const timestampMs = rememberLast(Date.parse);
const isTimestamp = (value: string): boolean => !Number.isNaN(timestampMs(value));
const notATimestamp = { error: (issue: { readonly input: unknown }) => `not a timestamp: ${JSON.stringify(String(issue.input).slice(0, 40))}` };

/** A required RFC 3339 / ISO 8601 timestamp, as a `Date`; garbage fails the parse. */
export const timestamp = rewrite(z.string().refine(isTimestamp, notATimestamp), (value) => new Date(timestampMs(value)));

/** An RFC 3339 / ISO 8601 timestamp (null or `""` become undefined; garbage fails the parse). */
export const optionalTimestamp = rewrite(
  z
    .string()
    .nullish()
    .refine((value) => !value || isTimestamp(value), notATimestamp),
  (value) => (value ? new Date(timestampMs(value)) : undefined),
);

/** A number the vendor may send as a number or a numeric string. */
export const looseNumber = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

/**
 * An id the vendor may send as a string or an integer; always a string in the model. (Rewritten,
 * not transformed: ids are parsed for every listed record, see {@link rewrite}.)
 */
export const idString = rewrite(z.union([z.string().min(1), z.number().int()]), String);

/**
 * Makes a schema's keys case-insensitive: `FirstName`, `firstName` and `firstname` all reach
 * the schema under the key it declares. Unknown keys are kept as sent.
 */
export function caseInsensitive<S extends z.ZodObject>(schema: S): z.ZodType<z.output<S>> {
  const known = new Map(Object.keys(schema.shape).map((key) => [key.toLowerCase(), key]));
  return z.preprocess((input) => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) out[known.get(key.toLowerCase()) ?? key] = value;
    return out;
  }, schema);
}

const PlainObject = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'expected an object');

/**
 * Parses an object with `schema` and keeps the payload exactly as received next to it:
 * `{ wire, raw }`. The model's `raw` must be what the vendor sent, not the normalised form —
 * except secrets (password, PIN, token fields), which are masked.
 */
export function keepRaw<S extends z.ZodType>(schema: S) {
  // A plain type guard: z.record would walk every key again only to learn it is an object.
  return PlainObject.transform((raw, ctx) => {
    const result = fastSchema(schema).safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return { wire: result.data as z.output<S>, raw: maskSecretFields(raw) };
  });
}

const PlainArray = z.custom<unknown[]>((value) => Array.isArray(value), 'expected an array');

/**
 * `z.array(keepRaw(item))` for the items of a list reply, parsed as one array: `item` checks and
 * normalises every element in one call of zod's compiled parser (instead of one nested parse, its
 * result and its issue bookkeeping per element), and each element is paired with its payload as
 * received, secrets masked. A mismatch names the element and the field (`items.3.id`).
 */
export function keepRawEach<S extends z.ZodType>(item: S) {
  const items = z.array(item);
  return PlainArray.transform((raw, ctx) => {
    const result = fastSchema(items).safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    const wire = result.data as Array<z.output<S>>;
    const out = new Array<{ wire: z.output<S>; raw: Record<string, unknown> }>(wire.length);
    for (let i = 0; i < wire.length; i++) out[i] = { wire: wire[i]!, raw: maskSecretFields(raw[i] as Record<string, unknown>) };
    return out;
  });
}

/** A model type whose fields a mapper may set one by one. */
export type Building<T> = { -readonly [K in keyof T]?: T[K] };

/**
 * A constructor of plain objects (prototype `Object.prototype`, constructor `Object`) for a
 * mapper that sets a record's fields one by one. V8 sizes a constructor's objects for the fields
 * its first objects received and keeps them inside the object, where an object literal grows a
 * separate field store three fields at a time (four allocations for a user's dozen fields).
 * Make one per record type.
 */
export function recordMaker<T>(): new () => Building<T> {
  function PlainRecord(): void {}
  PlainRecord.prototype = Object.prototype;
  return PlainRecord as unknown as new () => Building<T>;
}

/**
 * A call party (`Cdr.from` / `Cdr.to`) with the name and domain only when present. Mappers of
 * records listed by the thousand (CDRs, users) set optional fields one by one, in field order,
 * rather than spreading `...(x ? { x } : {})`: V8 runs such spreads several times slower.
 */
export function party(number: string, name?: string, domain?: string): { number: string; name?: string; domain?: string } {
  const out: { number: string; name?: string; domain?: string } = { number };
  if (name) out.name = name;
  if (domain) out.domain = domain;
  return out;
}

/**
 * Maps a vendor enum value through `table`; values the table does not know (a newer vendor
 * version's, or none) become `fallback`, never an exception.
 */
export function fromVendorEnum<T extends string, F extends string = 'unknown'>(
  table: Readonly<Record<string, T>>,
  value: string | undefined,
  fallback: F = 'unknown' as F,
): T | F {
  return value !== undefined && Object.hasOwn(table, value) ? (table[value] as T) : fallback;
}

/** Sends `request` and parses the reply body with `schema` (see {@link parseWire}). */
export async function sendParsed<S extends z.ZodType>(
  kernel: HttpKernel,
  request: HttpRequest,
  schema: S,
  ctx: RequestContext,
  what = 'reply',
): Promise<z.output<S>> {
  const response = await kernel.send(request, ctx);
  return parseWire(schema, response.body, {
    vendor: kernel.vendor,
    operation: request.operation,
    status: response.status,
    ...(response.requestId ? { requestId: response.requestId } : {}),
    what,
    redact: (text) => kernel.redactor.text(text),
  });
}
