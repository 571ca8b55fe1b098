import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { toJsonRecord, type Cdr, type JsonRecord } from '../../src/index.js';

const cdr: Cdr = {
  id: 'c1',
  callId: 'abc@pbx',
  direction: 'inbound',
  from: { number: '+4686001006', domain: 'carrier.example' },
  to: { number: '1005', name: 'Bob Rossi' },
  startedAt: new Date('2026-11-03T00:00:21Z'),
  answeredAt: new Date('2026-11-03T00:00:25Z'),
  endedAt: new Date('2026-11-03T00:01:50Z'),
  durationSeconds: 89,
  talkSeconds: 85,
  disposition: 'answered',
  vendor: 'portsip',
  raw: { id: 'c1', started_at: '2026-11-03T00:00:21Z', extension_password: '[REDACTED]' },
};

/** What `JSON.stringify` writes, `raw` fields left out at any depth when `dropRaw`. */
const stringified = (value: unknown, dropRaw: boolean): string | undefined => JSON.stringify(value, dropRaw ? (key, v: unknown) => (key === 'raw' ? undefined : v) : undefined);

describe('toJsonRecord', () => {
  it('turns dates into ISO 8601 strings and leaves the vendor payload out', () => {
    const json = toJsonRecord(cdr);
    expect(json).toEqual({
      id: 'c1',
      callId: 'abc@pbx',
      direction: 'inbound',
      from: { number: '+4686001006', domain: 'carrier.example' },
      to: { number: '1005', name: 'Bob Rossi' },
      startedAt: '2026-11-03T00:00:21.000Z',
      answeredAt: '2026-11-03T00:00:25.000Z',
      endedAt: '2026-11-03T00:01:50.000Z',
      durationSeconds: 89,
      talkSeconds: 85,
      disposition: 'answered',
      vendor: 'portsip',
    });
    expect(Object.keys(json)).toEqual(Object.keys(cdr).filter((key) => key !== 'raw')); // field order kept
    expectTypeOf(json.startedAt).toEqualTypeOf<string>();
    expectTypeOf(json).not.toHaveProperty('raw');
  });

  it('keeps the vendor payload, as the same object, with raw: true', () => {
    const json = toJsonRecord(cdr, { raw: true });
    expect(json.raw).toBe(cdr.raw);
    expect(json.endedAt).toBe('2026-11-03T00:01:50.000Z');
    expectTypeOf(json.raw).toEqualTypeOf<Record<string, unknown>>();
  });

  it('changes nothing in its input and shares the parts it has nothing to convert in', () => {
    const before = structuredClone(cdr);
    const json = toJsonRecord(cdr);
    expect(cdr).toEqual(before);
    expect(cdr.startedAt).toBeInstanceOf(Date);
    expect(json.from).toBe(cdr.from);
    const list = [{ a: 1 }, { b: 'x' }];
    expect(toJsonRecord(list)).toBe(list);
  });

  it('converts lists and nested records (a change event), and writes an invalid date as null', () => {
    const event = { type: 'cdr.created', at: new Date(Number.NaN), entity: cdr, changes: [{ field: 'endedAt', from: undefined, to: cdr.endedAt }] };
    const json = toJsonRecord([event]);
    expect(json[0]!.at).toBeNull();
    expect(json[0]!.entity).not.toHaveProperty('raw');
    expect(json[0]!.entity.startedAt).toBe('2026-11-03T00:00:21.000Z');
    expect(json[0]!.changes[0]!.to).toBe('2026-11-03T00:01:50.000Z');
    expectTypeOf<JsonRecord<typeof event>['entity']['answeredAt']>().toEqualTypeOf<string | undefined>();
  });

  it('keeps a __proto__ field a field', () => {
    const record = JSON.parse('{"__proto__":{"at":"x"},"raw":{}}') as Record<string, unknown>;
    const json = toJsonRecord(record) as Record<string, unknown>;
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(JSON.stringify(json)).toBe('{"__proto__":{"at":"x"}}');
  });

  // Any mix of records, lists, dates and `raw` fields: the JSON text is what `JSON.stringify` writes.
  const date = fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15) });
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.double(), fc.boolean(), fc.constant(null), date, tie('list'), tie('record')),
    list: fc.array(tie('value'), { maxLength: 4 }),
    record: fc.dictionary(fc.oneof(fc.string(), fc.constant('raw')), tie('value'), { maxKeys: 5 }),
  }));

  it('writes what JSON.stringify writes, raw fields left out or kept (property)', () => {
    fc.assert(
      fc.property(value, (input) => {
        expect(JSON.stringify(toJsonRecord(input))).toBe(stringified(input, true));
        expect(JSON.stringify(toJsonRecord(input, { raw: true }))).toBe(stringified(input, false));
      }),
      { numRuns: 1000 },
    );
  });
});
