/**
 * Arbitraries of caller input: real values of the seeded simulator mixed with hostile ones
 * (wrong types, huge strings, path and query metacharacters, dot segments, percent signs,
 * unicode incl. lone surrogates, blank ids, bad E.164 numbers, bad dates, bad page sizes,
 * unknown fields).
 */
import fc from 'fast-check';
import type { Known } from './harness.js';

/** Strings that have broken URL building, filters or parsers somewhere. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '   ',
  '\t',
  '\n',
  '\u00a0',
  '.',
  '..',
  ' .. ',
  '../',
  '../..',
  '../../etc/passwd',
  './x',
  '..%2F',
  '%2e%2e',
  '%2E%2e',
  '.%2e',
  '/',
  '//',
  'a/b',
  '/x',
  'x/',
  '\\',
  '..\\x',
  '?',
  'a?b=c',
  '?skip=5',
  '#',
  'a#b',
  '%',
  '%%',
  '%zz',
  '%2F',
  '%00',
  '100%',
  '\u0000',
  'a\u0000b',
  '\u007f',
  '\r\n',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '😀',
  'ä/ö',
  '日本語',
  '\u202e',
  '\ufeff',
  '\ud800',
  'x\udc00y',
  "O'Brien",
  "' or 1 eq 1 or '",
  '") or true',
  '[{"property":"id","operator":"gt","value":0}]',
  'users',
  'destroy',
  'members',
  'email',
  'extension',
  'EMAIL',
  ' email ',
  'me',
  'self',
  '-1',
  '0',
  '1e3',
  '0x1F',
  '9007199254740993',
  'x'.repeat(257),
  'y'.repeat(20_000),
] as const;

const metacharacter = fc.constantFrom('/', '?', '#', '%', '..', '/../', '%2F', '\\', ' ', '\u0000', '\ud800', '&', '=', '+', ';', "'", '"');

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 3, arbitrary: fc.tuple(fc.string({ maxLength: 4 }), metacharacter, fc.string({ maxLength: 4 })).map(([a, b, c]) => a + b + c) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 3000 }).map((n) => 'z'.repeat(n)) },
);

/** Anything a JavaScript caller (or a JSON payload) could pass where a typed value is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.object({ maxDepth: 1, maxKeys: 3 }),
  fc.date({ noInvalidDate: false }),
  fc.constant({ toString: () => '1001', valueOf: () => 1001 }),
  fc.constant(Object.freeze(Object.create(null) as object)),
);

/** Mostly `valid`, sometimes hostile. */
export const sometimes = <T>(valid: fc.Arbitrary<T>, weight = 3): fc.Arbitrary<unknown> =>
  fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });

const nonEmpty = <T>(values: readonly T[], fallback: T): readonly T[] => (values.length ? values : [fallback]);

/** Ids: real ones (also padded with whitespace), well-formed unknown ones, hostile ones. */
export function anyId(real: readonly string[], missing: string): fc.Arbitrary<unknown> {
  const known = nonEmpty(real, missing);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.constantFrom(...known).map((id) => ` ${id}\t`) },
    { weight: 1, arbitrary: fc.constant(missing) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/) },
    { weight: 4, arbitrary: hostileString },
    { weight: 1, arbitrary: hostileValue },
  );
}

export const validEmail: fc.Arbitrary<string> = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.constantFrom('com', 'test', 'example', 'io'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

export function anyEmail(k: Known): fc.Arbitrary<unknown> {
  const real = k.users.flatMap((u) => (u.email ? [u.email, u.email.toUpperCase()] : []));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...nonEmpty(real, 'nobody@example.com')) },
    { weight: 2, arbitrary: validEmail },
    { weight: 1, arbitrary: fc.emailAddress() },
    { weight: 1, arbitrary: fc.constantFrom('a@b', '@x.io', 'a@@b.io', 'a b@c.io', 'a@b.c', "o'neil@x.io", 'x@y.io?z', 'x@y.io/../', `${'a'.repeat(250)}@x.io`) },
    { weight: 2, arbitrary: hostileValue },
  );
}

export function anyExtension(k: Known): fc.Arbitrary<unknown> {
  const real = k.users.flatMap((u) => (u.extension ? [u.extension] : []));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...nonEmpty(real, k.freeExtension)) },
    { weight: 1, arbitrary: fc.constantFrom(...nonEmpty(real, k.freeExtension)).map((e) => ` ${e} `) },
    { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{2,8}$/) },
    { weight: 1, arbitrary: fc.constantFrom('1', '0'.repeat(33), '12a', '+1001', '10 01', '１００１', '1001/..', '1001?x') },
    { weight: 2, arbitrary: hostileValue },
  );
}

export const validE164: fc.Arbitrary<string> = fc.stringMatching(/^\+[1-9][0-9]{6,13}$/);

export const anyMobile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: validE164 },
  { weight: 2, arbitrary: fc.constantFrom('0701234567', '+0701234567', '+46 70 123 45 67', '+1234567890123456', '+', '+1', '46701234567', ' +46701234567', '+4670123456x', '+٤٦٧٠١٢٣٤٥٦٧') },
  { weight: 1, arbitrary: hostileValue },
);

/** Free text: ordinary, blank, long, or hostile. */
export const anyText = (max: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 24 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', 'a'.repeat(max + 1), ' a ') },
    { weight: 2, arbitrary: hostileValue },
  );

/** A known user as a reference: by id, by extension, as the whole User object, or broken. */
export function anyUserRef(k: Known): fc.Arbitrary<unknown> {
  const users = nonEmpty(k.users, { id: k.missingId, displayName: 'missing', vendor: 'x', raw: {} });
  const user = fc.constantFrom(...users);
  return fc.oneof(
    { weight: 3, arbitrary: user.map((u) => ({ id: u.id })) },
    { weight: 2, arbitrary: user.filter((u) => u.extension !== undefined).map((u) => ({ extension: u.extension })) },
    { weight: 1, arbitrary: user },
    { weight: 1, arbitrary: user.map((u) => ({ id: ` ${u.id} `, extension: u.extension, extra: 'ignored' })) },
    { weight: 1, arbitrary: fc.record({ id: anyId([], k.missingId) }) },
    { weight: 1, arbitrary: fc.record({ extension: anyExtension(k) }) },
    { weight: 1, arbitrary: fc.record({ id: anyId(users.map((u) => u.id), k.missingId), extension: hostileValue }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.constantFrom({}, { id: undefined }, { extension: undefined }, [], 'u1', 42) },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** Per-call options: none, good ones, bad ones, an aborted signal, unknown keys, wrong types. */
export const anyCallOptions: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.record({ timeoutMs: fc.oneof(fc.integer({ min: 1000, max: 10_000 }), fc.constantFrom(0, -1, 1.5, Number.NaN, '100', 2 ** 31, null)) }) },
  { weight: 1, arbitrary: fc.record({ deadlineMs: fc.oneof(fc.integer({ min: 1000, max: 10_000 }), fc.constantFrom(0, -5, Number.POSITIVE_INFINITY, '1s')) }) },
  { weight: 1, arbitrary: fc.constantFrom('live', 'aborted', 'not a signal').map((s) => ({ signal: s === 'live' ? new AbortController().signal : s === 'aborted' ? AbortSignal.abort() : s })) },
  { weight: 1, arbitrary: fc.constantFrom(null, {}, { unknownOption: true }) },
  { weight: 1, arbitrary: hostileValue },
);

/** Paging options of a list call (with the call options mixed in). */
export const anyListOptions: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        pageSize: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, -1, -100, 1001, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10', null)),
        cursor: fc.oneof(fc.constantFrom('offset:0', 'offset:2', 'page:1', 'page:2', 'offset:-1', 'page:0', 'garbage', '', 'offset:99999999999999'), hostileValue),
        timeoutMs: fc.oneof(fc.integer({ min: 1000, max: 9000 }), fc.constantFrom(0, -1)),
        signal: fc.constantFrom('aborted', 'live').map((s) => (s === 'aborted' ? AbortSignal.abort() : new AbortController().signal)),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom({ pageSize: 5, skip: 3 }, { top: 10 }, { pageSize: 5, extra: undefined }) },
  { weight: 1, arbitrary: hostileValue },
);

/** `obj` with an extra unknown key now and then (strict inputs must refuse it). */
export const withExtraKey = <T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 5, arbitrary: arb },
    {
      weight: 1,
      arbitrary: fc
        .tuple(arb, fc.constantFrom('id', 'extra', 'Extension', 'displayname', '__proto__', 'constructor', 'vendor', 'raw'), fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)))
        .map(([o, key, value]) => ({ ...o, [key]: value })),
    },
  );

/** Dates: valid ones (Date, ISO strings, epoch ms) and invalid ones (garbage, impossible days, NaN). */
export const anyDate: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }) },
  { weight: 2, arbitrary: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.integer({ min: 946_684_800_000, max: 2_208_988_800_000 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'foo 1',
      '1',
      '-1',
      '0',
      'March 7',
      '12/25/2024',
      'hello world 5',
      'yesterday',
      'now',
      '2024-02-30',
      '2023-02-29',
      '2024-04-31T00:00:00Z',
      '2024-13-01',
      '2024-06-01T25:00:00Z',
      '2024-06-01T10:60:00Z',
      '2024-06-01T10:00:00+02',
      ' 2024-01-01 ',
      '2024-1-1',
      '',
      new Date(Number.NaN),
      Number.NaN,
      Number.POSITIVE_INFINITY,
      8.64e15 + 1,
      1e20,
    ),
  },
  { weight: 1, arbitrary: hostileValue },
);
