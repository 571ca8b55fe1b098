/** Wire-schema helpers: parseWire, tolerant scalars, caseInsensitive, keepRaw, fromVendorEnum, sendParsed. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VendorResponseError } from '../../core/errors.js';
import { caseInsensitive, fastSchema, fromVendorEnum, idString, keepRaw, keepRawEach, looseNumber, optionalText, optionalTimestamp, parseWire, party, recordMaker, rememberLast, rewrite, sendParsed, timestamp } from '../../core/wire.js';
import { reply, scriptedFetch } from '../support/core/http.js';
import { CANARY, makeKernel, rejection } from '../support/core/kernel.js';
import { expectNoSecrets } from '../support/core/secrets.js';

describe('parseWire', () => {
  const schema = z.object({ id: z.string(), count: z.number() });

  it('returns the parsed body', () => {
    expect(parseWire(schema, { id: 'a', count: 1 }, { what: 'thing' })).toEqual({ id: 'a', count: 1 });
  });

  it('throws VendorResponseError naming each bad field, with the context', () => {
    let error: unknown;
    try {
      parseWire(schema, { id: 7 }, { vendor: 'acme', operation: 'users.get', status: 200, requestId: 'r1', what: 'user' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VendorResponseError);
    const v = error as VendorResponseError;
    expect(v).toMatchObject({ code: 'BAD_RESPONSE', vendor: 'acme', operation: 'users.get', status: 200, requestId: 'r1' });
    expect(v.issues.map((i) => i.field)).toEqual(['id', 'count']);
    expect(v.message).toMatch(/^acme users\.get: unexpected user \(id: .+; count: .+\)$/);
    expect(v).not.toHaveProperty('what');
  });

  it('a whole-body mismatch is labelled (body)', () => {
    expect(() => parseWire(schema, 'nope', { vendor: 'acme', what: 'reply' })).toThrow(/unexpected reply \(\(body\): /);
  });

  it('redacts issue messages that quote a value', () => {
    const quoting = z.object({ token: z.string().refine(() => false, { message: `bad token ${CANARY}` }) });
    let error: unknown;
    try {
      parseWire(quoting, { token: 'x' }, { vendor: 'acme', what: 'token', redact: (t) => t.replaceAll(CANARY, '[REDACTED]') });
    } catch (e) {
      error = e;
    }
    expectNoSecrets(error, [CANARY]);
    expect((error as VendorResponseError).issues[0]!.message).toBe('bad token [REDACTED]');
  });
});

describe('compiled schemas (parsed more than once)', () => {
  const item = keepRaw(z.object({ id: idString, at: optionalTimestamp, n: looseNumber.nullish(), secret_token: optionalText }));
  const list = z.object({ items: z.array(item) });
  const body = (at: string) => ({ items: [{ id: 1, at: '2026-01-01T00:00:00Z', n: '4', secret_token: 'abc' }, { id: 'b', at, extra: [1] }] });

  it('the second use is zod\'s compiled twin; the result is the same as the interpreter\'s', () => {
    const schema = z.object({ id: z.string() });
    expect(fastSchema(schema)).toBe(schema);
    const twin = fastSchema(schema);
    expect(twin).not.toBe(schema);
    expect(fastSchema(schema)).toBe(twin);
    const expected = list.safeParse(body('2026-01-02T00:00:00Z'));
    for (let i = 0; i < 3; i++) expect(parseWire(list, body('2026-01-02T00:00:00Z'), { what: 'list' })).toEqual(expected.data);
    const first = parseWire(list, body('2026-01-02T00:00:00Z'), { what: 'list' }).items[0]!;
    expect(first.wire).toEqual({ id: '1', at: new Date('2026-01-01T00:00:00Z'), n: 4, secret_token: 'abc' });
    expect(first.raw).toEqual({ id: 1, at: '2026-01-01T00:00:00Z', n: '4', secret_token: '[REDACTED]' });
  });

  it('a compiled schema that rejects still names the field (the interpreter reports it)', () => {
    for (let i = 0; i < 3; i++) parseWire(list, body('2026-01-02T00:00:00Z'), { what: 'list' }); // compiled by now
    expect(() => parseWire(list, body('not a date'), { what: 'list' })).toThrow(VendorResponseError);
    try {
      parseWire(list, body('not a date'), { what: 'list' });
    } catch (error) {
      expect((error as VendorResponseError).issues.map((i) => i.field)).toEqual(['items.1.at']);
    }
  });
});

describe('party', () => {
  it('sets name and domain only when present', () => {
    expect(party('100')).toEqual({ number: '100' });
    expect(Object.keys(party('100', '', 'pbx'))).toEqual(['number', 'domain']);
    expect(party('100', 'Al', 'pbx')).toEqual({ number: '100', name: 'Al', domain: 'pbx' });
  });
});

describe('tolerant scalars', () => {
  it('optionalText: null, "" and absent become undefined', () => {
    expect(optionalText.parse(null)).toBeUndefined();
    expect(optionalText.parse('')).toBeUndefined();
    expect(optionalText.parse(undefined)).toBeUndefined();
    expect(optionalText.parse('x')).toBe('x');
    expect(optionalText.safeParse(1).success).toBe(false);
  });

  it('optionalTimestamp: parses ISO strings, empties become undefined, garbage fails', () => {
    expect(optionalTimestamp.parse('2024-01-02T03:04:05Z')).toEqual(new Date('2024-01-02T03:04:05Z'));
    expect(optionalTimestamp.parse('')).toBeUndefined();
    expect(optionalTimestamp.parse(null)).toBeUndefined();
    const bad = optionalTimestamp.safeParse('not-a-time');
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('not a timestamp: "not-a-time"');
  });

  it('timestamp: required; absent, null, "" and garbage fail naming the value', () => {
    expect(timestamp.parse('2024-01-02T03:04:05Z')).toEqual(new Date('2024-01-02T03:04:05Z'));
    for (const bad of [undefined, null, '']) expect(timestamp.safeParse(bad).success, String(bad)).toBe(false);
    expect(timestamp.safeParse('soon').error!.issues[0]!.message).toBe('not a timestamp: "soon"');
  });

  it('the rewriting scalars give the same answers compiled and interpreted, absent keys included', () => {
    const record = z.object({ text: optionalText, at: optionalTimestamp, required: timestamp });
    const compiled = z.compile(record);
    const inputs: unknown[] = [
      { required: '2024-01-02T03:04:05Z' },
      { text: null, at: null, required: '2024-01-02T03:04:05Z' },
      { text: '', at: '', required: '2024-01-02T03:04:05Z' },
      { text: 'x', at: '2024-05-06T07:08:09+02:00', required: '2024-01-02T03:04:05Z' },
      { text: 'x', at: 'garbage', required: '2024-01-02T03:04:05Z' },
      { text: 'x' },
      { required: null },
    ];
    for (const input of inputs) {
      const [a, b] = [record.safeParse(input), compiled.safeParse(input)];
      expect(b.success, JSON.stringify(input)).toBe(a.success);
      if (a.success) expect(b.data).toEqual(a.data);
      else expect(b.error!.issues).toEqual(a.error.issues);
    }
    const ok = compiled.parse({ text: '', at: null, required: '2024-01-02T03:04:05Z' });
    expect(ok).toEqual({ text: undefined, at: undefined, required: new Date('2024-01-02T03:04:05Z') });
  });

  it('rewrite: rewrites the output, keeps the input checks', () => {
    const upper = rewrite(z.string().min(2), (value) => value.toUpperCase());
    expect(upper.parse('ab')).toBe('AB');
    expect(z.compile(upper).parse('ab')).toBe('AB');
    expect(upper.safeParse('a').success).toBe(false);
  });

  it('rememberLast: computes once for the same argument in a row, again for another', () => {
    let calls = 0;
    const length = rememberLast((text: string) => (calls++, text.length));
    expect([length('abc'), length('abc'), length('de'), length('abc')]).toEqual([3, 3, 2, 3]);
    expect(calls).toBe(3);
  });

  it('looseNumber: numbers and numeric strings', () => {
    expect(looseNumber.parse(3)).toBe(3);
    expect(looseNumber.parse(' 42 ')).toBe(42);
    expect(looseNumber.parse('-1.5')).toBe(-1.5);
    for (const bad of ['1e3', 'abc', '', '0x10', null]) expect(looseNumber.safeParse(bad).success, String(bad)).toBe(false);
  });

  it('idString: strings and integers, always a string', () => {
    expect(idString.parse('a1')).toBe('a1');
    expect(idString.parse(42)).toBe('42');
    expect(idString.parse(0)).toBe('0');
    for (const bad of ['', 1.5, null]) expect(idString.safeParse(bad).success).toBe(false);
  });
});

describe('caseInsensitive', () => {
  const schema = caseInsensitive(z.object({ firstName: z.string(), id: z.number() }));

  it('maps keys in any case to the declared key and keeps unknown keys', () => {
    expect(schema.parse({ FirstName: 'Ann', ID: 1 })).toEqual({ firstName: 'Ann', id: 1 });
    expect(caseInsensitive(z.looseObject({ firstName: z.string() })).parse({ FIRSTNAME: 'A', Other: 1 })).toEqual({ firstName: 'A', Other: 1 });
  });

  it('passes non-objects through to the schema (which then fails)', () => {
    expect(schema.safeParse(null).success).toBe(false);
    expect(schema.safeParse([1]).success).toBe(false);
  });
});

describe('keepRaw', () => {
  it('keeps the payload as received, with secrets masked, next to the parsed wire object', () => {
    const schema = keepRaw(z.object({ Id: idString.transform((v) => `u${v}`) }));
    const raw = { Id: 7, extra: { nested: true }, password: 'pw-1234', pin: 1234 };
    const parsed = schema.parse(raw);
    expect(parsed.wire).toEqual({ Id: 'u7' });
    expect(parsed.raw).toEqual({ Id: 7, extra: { nested: true }, password: '[REDACTED]', pin: '[REDACTED]' });
  });

  it('fails for non-objects and reports inner issues with their paths', () => {
    const schema = keepRaw(z.object({ id: z.string() }));
    expect(schema.safeParse([]).success).toBe(false);
    expect(schema.safeParse('x').success).toBe(false);
    const result = z.array(schema).safeParse([{ id: 'a' }, { id: 1 }]);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['1.id']);
  });
});

describe('keepRawEach', () => {
  const list = z.object({ items: keepRawEach(z.object({ id: idString, name: optionalText })) });

  it('pairs each parsed item with its payload as received, secrets masked, input untouched', () => {
    const body = { items: [{ id: 7, name: '', pin: 1234 }, { id: 'b', name: 'Bo', extra: [1] }] };
    const parsed = parseWire(list, body, { what: 'list' });
    expect(parsed.items).toEqual([
      { wire: { id: '7', name: undefined }, raw: { id: 7, name: '', pin: '[REDACTED]' } },
      { wire: { id: 'b', name: 'Bo' }, raw: { id: 'b', name: 'Bo', extra: [1] } },
    ]);
    expect(parsed.items[1]!.raw).toBe(body.items[1]); // nothing to mask: no copy
    expect(body.items[0]!.pin).toBe(1234);
    // Parsed more than once: the compiled twin gives the same answer.
    expect(parseWire(list, body, { what: 'list' })).toEqual(parsed);
  });

  it('names the element and the field of a mismatch, and refuses what is not an array', () => {
    for (let i = 0; i < 2; i++) {
      const error = (() => {
        try {
          parseWire(list, { items: [{ id: 'a' }, { id: '' }, 'x'] }, { vendor: 'acme', operation: 'users.list', what: 'user list' });
        } catch (e) {
          return e as VendorResponseError;
        }
        throw new Error('no error');
      })();
      expect(error.issues.map((issue) => issue.field)).toEqual(['items.1.id', 'items.2']);
    }
    expect(list.safeParse({ items: { id: 'a' } }).success).toBe(false);
  });
});

describe('recordMaker', () => {
  it('makes plain objects: Object.prototype, constructor Object, fields in the order set, equal to literals', () => {
    const Make = recordMaker<{ id: string; name?: string; n?: number }>();
    const records = Array.from({ length: 20 }, (_, i) => {
      const out = new Make();
      out.id = String(i);
      if (i % 2) out.name = 'x';
      out.n = i;
      return out;
    });
    const odd = records[3]!;
    expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
    expect(odd.constructor).toBe(Object);
    expect(Object.keys(odd)).toEqual(['id', 'name', 'n']);
    expect(odd).toStrictEqual({ id: '3', name: 'x', n: 3 });
    expect(records[4]).toStrictEqual({ id: '4', n: 4 });
    expect(JSON.stringify(odd)).toBe('{"id":"3","name":"x","n":3}');
    expect(structuredClone(odd)).toStrictEqual(odd);
  });
});

describe('fromVendorEnum', () => {
  const table = { A: 'ready', B: 'busy' } as const;
  it('maps known values and falls back for unknown ones, including Object.prototype names', () => {
    expect(fromVendorEnum(table, 'A')).toBe('ready');
    expect(fromVendorEnum(table, 'Z')).toBe('unknown');
    expect(fromVendorEnum(table, undefined)).toBe('unknown');
    expect(fromVendorEnum(table, 'toString')).toBe('unknown');
    expect(fromVendorEnum(table, '__proto__')).toBe('unknown');
    expect(fromVendorEnum(table, 'Z', 'other')).toBe('other');
  });
});

describe('sendParsed', () => {
  it('sends and parses the reply', async () => {
    const { kernel } = makeKernel({ fetch: scriptedFetch(reply(200, { id: 'a' })).fetch });
    await expect(sendParsed(kernel, { operation: 'users.get', method: 'GET', path: 'users/a' }, z.object({ id: z.string() }), {})).resolves.toEqual({ id: 'a' });
  });

  it('a reply that does not match is VendorResponseError with status and request id, redacted', async () => {
    const { kernel } = makeKernel({ fetch: scriptedFetch(reply(200, { id: 1 }, { 'x-request-id': 'rq-9' })).fetch });
    const schema = z.object({ id: z.string({ error: `expected id, not ${CANARY}` }) });
    const error = await rejection(sendParsed(kernel, { operation: 'users.get', method: 'GET', path: 'users/a' }, schema, {}, 'user'));
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error).toMatchObject({ vendor: 'testvendor', operation: 'users.get', status: 200, requestId: 'rq-9' });
    expect((error as Error).message).toContain('unexpected user');
    expectNoSecrets(error, [CANARY]);
  });
});
