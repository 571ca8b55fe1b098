/**
 * The vendor mappers, property-based (issue 6, item 4): for every payload every adapter
 * reads (test/properties/support/entities.ts), parsed through the vendor's wire schema and
 * mapped by its map.ts exactly as the adapter does:
 *
 * - random VALID payloads (shapes from wire.ts and the fixtures; NetPBX in PascalCase,
 *   camelCase, lower and upper case, with `Id` aliases) map to objects that pass the
 *   unified zod schemas of core/model.ts, and `raw` is the payload as sent, unmutated;
 * - documented enum values map as documented, and any other value (random strings,
 *   `__proto__`, blank) maps to `unknown` (or the documented catch-all) instead of throwing;
 * - a payload without a required key is a `VendorResponseError` naming that key;
 * - any JSON in any field (or as the whole payload) either maps to a valid unified object or
 *   is a `VendorResponseError`: nothing else escapes, and nothing invalid reaches the model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isPbxError, type VendorResponseError } from '../../core/errors.js';
import { maskSecretFields } from '../../core/http/redact.js';
import { keepRaw, parseWire } from '../../core/wire.js';
import * as netpbxWire from '../../adapters/netpbx/wire.js';
import * as portsipWire from '../../adapters/portsip/wire.js';
import * as vsWire from '../../adapters/voipstudio/wire.js';
import { ENTITIES, unknownEnumValue, type Entity } from './support/entities.js';

// PROPERTY_RUNS=5000 for a deeper search than the default run affords.
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

type Payload = Record<string, unknown>;

function expectValid(schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.success, `mapped object fails the unified schema: ${JSON.stringify(result.error?.issues)}\n${fc.stringify(value).slice(0, 600)}`).toBe(true);
}

/**
 * Checks that `mapped` keeps what the vendor sent in `raw`: the payload as sent (`sent`, a copy
 * taken before mapping), except values under secret-looking keys (pin, otp…), which are masked.
 */
function expectRaw(entity: Entity, mapped: any, sent: unknown): void {
  const { actual, expected } = entity.raw ? entity.raw(mapped, sent as Payload) : { actual: mapped.raw, expected: sent };
  expect(actual).toEqual(maskSecretFields(structuredClone(expected)));
}

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

const sameKey = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** `payload` with `key` (matched case-insensitively, as NetPBX keys are) set to `value`. */
function withKey(payload: Payload, key: string, value: unknown): Payload {
  const existing = Object.keys(payload).find((k) => sameKey(k, key)) ?? key;
  return { ...Object.fromEntries(Object.entries(payload).filter(([k]) => !sameKey(k, key))), [existing]: value };
}

/** Every place in `value` a vendor could put something else: object keys and array items, nested. */
function places(value: unknown, path: ReadonlyArray<string | number> = [], out: Array<ReadonlyArray<string | number>> = []): Array<ReadonlyArray<string | number>> {
  if (Array.isArray(value)) value.forEach((item, i) => (out.push([...path, i]), places(item, [...path, i], out)));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) out.push([...path, key]), places(item, [...path, key], out);
  return out;
}

/** A copy of `payload` with the `pick`-th place replaced by `value` (removed when undefined). */
function mutateAt(payload: Payload, pick: number, value: unknown): unknown {
  const copy = structuredClone(payload);
  const all = places(copy);
  if (all.length === 0) return copy;
  const path = all[pick % all.length]!;
  let parent: any = copy;
  for (const step of path.slice(0, -1)) parent = parent[step];
  const last = path.at(-1)!;
  if (value !== undefined) parent[last] = value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

describe.each(ENTITIES.map((e) => [`${e.vendor} ${e.name}`, e] as const))('%s', (_name, entity) => {
  it('a valid payload maps to a valid unified object whose raw is the payload, unmutated', () => {
    fc.assert(
      fc.property(entity.payload, (payload) => {
        const sent = structuredClone(payload);
        const mapped = entity.map(payload);
        expectValid(entity.schema, mapped);
        expectRaw(entity, mapped, sent);
        expect(payload).toEqual(sent);
        entity.check?.(payload, mapped);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  for (const field of entity.enums ?? []) {
    it(`documented ${field.key} values map as documented`, () => {
      fc.assert(
        fc.property(entity.payload, fc.constantFrom(...Object.keys(field.documented)), (payload, value) => {
          let input = withKey(payload, field.key, value);
          for (const [key, neutral] of Object.entries(field.neutral ?? {})) input = withKey(input, key, neutral);
          const mapped = entity.map(input);
          expect(field.read(mapped)).toBe(field.documented[field.normalize(value)]);
          expectValid(entity.schema, mapped);
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it(`an unknown ${field.key} maps to ${field.fallback}, kept in raw`, () => {
      const known = (value: string) => Object.hasOwn(field.documented, field.normalize(value));
      fc.assert(
        fc.property(entity.payload, unknownEnumValue(known), (payload, value) => {
          let input = withKey(payload, field.key, value);
          for (const [key, neutral] of Object.entries(field.neutral ?? {})) input = withKey(input, key, neutral);
          const mapped = entity.map(input);
          expect(field.read(mapped)).toBe(field.fallback);
          expectValid(entity.schema, mapped);
          const raw = (entity.raw ? entity.raw(mapped, input).actual : mapped.raw) as Payload;
          expect(Object.entries(raw).find(([k]) => sameKey(k, field.key))?.[1]).toBe(value);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }

  it('a payload without a required key is a VendorResponseError naming the key', () => {
    fc.assert(
      fc.property(entity.payload, fc.constantFrom(...entity.required), (payload, aliases) => {
        const without = Object.fromEntries(Object.entries(payload).filter(([k]) => !aliases.some((alias) => sameKey(alias, k))));
        const error = thrown(() => entity.map(without));
        expect(isPbxError(error, 'BAD_RESPONSE'), `missing ${aliases[0]}: ${fc.stringify(error)}`).toBe(true);
        const fields = (error as VendorResponseError).issues.map((issue) => issue.field.toLowerCase());
        expect(fields).toContain(aliases[0]!.toLowerCase());
        expect((error as Error).message.toLowerCase()).toContain(aliases[0]!.toLowerCase());
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('any JSON in any field (or as the payload): a valid unified object or a VendorResponseError, nothing else', () => {
    const mutated = fc
      .tuple(entity.payload, fc.nat(), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined, freq: 4 }))
      .map(([payload, pick, value]) => mutateAt(payload, pick, value));
    fc.assert(
      fc.property(fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }), (payload) => {
        const sent = structuredClone(payload);
        let mapped: unknown;
        try {
          mapped = entity.map(payload as Payload);
        } catch (error) {
          expect(isPbxError(error, 'BAD_RESPONSE'), `${fc.stringify(payload).slice(0, 300)} -> ${fc.stringify(error)}`).toBe(true);
          return;
        }
        expectValid(entity.schema, mapped);
        expectRaw(entity, mapped, sent);
      }),
      { numRuns: NUM_RUNS * 3 },
    );
  });
});

/** List envelopes: each vendor's user list, as its adapter parses it. A bad item is named by its index. */
const LISTS = [
  { vendor: 'portsip', id: 'id', wrap: (items: unknown[]) => ({ count: items.length, items }), schema: portsipWire.listOf(keepRaw(portsipWire.WireUser)), at: (i: number) => `items.${i}` },
  { vendor: 'voipstudio', id: 'id', wrap: (items: unknown[]) => ({ data: items, total: items.length }), schema: vsWire.listOf(keepRaw(vsWire.WireUser)), at: (i: number) => `data.${i}` },
  { vendor: 'netpbx', id: 'UserId', wrap: (items: unknown[]) => items, schema: netpbxWire.arrayOf(keepRaw(netpbxWire.WireUser)), at: (i: number) => `${i}` },
] as const;

describe.each(LISTS.map((l) => [l.vendor, l] as const))('%s user list', (vendor, list) => {
  const user = ENTITIES.find((e) => e.vendor === vendor && e.name === 'user')!;

  it('keeps every item as sent, in order; an item without its id fails naming its index', () => {
    fc.assert(
      fc.property(fc.array(user.payload, { minLength: 1, maxLength: 6 }), fc.nat(), (items, pick) => {
        const parse = (body: unknown) => parseWire(list.schema as z.ZodType, body, { vendor, operation: 'property', what: 'list' }) as any;
        const parsed = parse(list.wrap(items));
        const rows: Array<{ raw: unknown }> = Array.isArray(parsed) ? parsed : (parsed.items ?? parsed.data);
        expect(rows.map((row) => row.raw)).toEqual(items.map((item) => maskSecretFields(structuredClone(item))));

        const bad = pick % items.length;
        const broken = items.map((item, i) => (i === bad ? Object.fromEntries(Object.entries(item).filter(([k]) => !['id', 'userid'].includes(k.toLowerCase()))) : item));
        const error = thrown(() => parse(list.wrap(broken)));
        expect(isPbxError(error, 'BAD_RESPONSE')).toBe(true);
        expect((error as VendorResponseError).issues.map((issue) => issue.field.toLowerCase())).toContain(`${list.at(bad)}.${list.id}`.toLowerCase());
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
