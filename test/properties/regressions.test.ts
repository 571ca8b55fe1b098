/**
 * Fixed examples of what the input and mapper properties found, so each stays fixed whatever
 * a random run happens to generate. The foreign-cursor case is in inputs-cdrs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { toCdr as portsipToCdr } from '../../adapters/portsip/map-cdr.js';
import { toMembership as portsipToMembership } from '../../adapters/portsip/map-contact-centre.js';
import { WireCdr as PortSipWireCdr } from '../../adapters/portsip/wire-cdr.js';
import { WireAgent as PortSipWireAgent } from '../../adapters/portsip/wire-contact-centre.js';
import * as vsMap from '../../adapters/voipstudio/map.js';
import * as vsWire from '../../adapters/voipstudio/wire.js';
import { ValidationError } from '../../core/errors.js';
import { assertRelativePath, path } from '../../core/http/path.js';
import { CdrQuerySchema, IdSchema } from '../../core/inputs.js';
import { CdrSchema, QueueMembershipSchema } from '../../core/model.js';
import { keepRaw, parseWire } from '../../core/wire.js';
import { VENDOR_IDS } from '../../src/registry.js';
import { simulatorFactory } from '../../src/simulator.js';
import { Harness, harness } from './support/harness.js';

const rejection = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);
const clientRefusal = { code: 'VALIDATION_FAILED', source: 'client' };

describe('ids that can never reach the vendor as themselves are refused before any request', () => {
  it.each(['.', '..', ' .. ', '\ud800', 'a\udc00b'])('IdSchema refuses %j', (id) => {
    expect(IdSchema.safeParse(id).success).toBe(false);
  });

  it('path() turns a lone surrogate into a ValidationError, not a URIError', () => {
    expect(() => path`users/${'\ud800'}`).toThrow(ValidationError);
  });

  // Before: the user (or, by extension, its id) was looked up first and the group id refused
  // only when its path was built; VoIPStudio even wrote `..` into the user's team list.
  it.each(VENDOR_IDS)('%s: groups.members.add / queues.login / users.get with such an id send nothing', async (vendor) => {
    const h = await harness(vendor);
    const user = h.known.users[1]!;
    for (const id of ['..', '.', '\ud800']) {
      const fresh = new Harness(vendor, h.sim, 0);
      const calls = [
        fresh.client.groups.members.add(id, { id: user.id }),
        fresh.client.groups.members.add(h.known.groups[0]?.id ?? '1', { id }),
        fresh.client.queues.login(id, { extension: user.extension! }),
        fresh.client.users.get(id),
      ].map(rejection);
      for (const call of calls) {
        const error = (await call) as { code?: string; source?: string };
        expect(error.code === 'UNSUPPORTED_OPERATION' || (error.code === 'VALIDATION_FAILED' && error.source === 'client'), `${id}: ${String(error)}`).toBe(true);
      }
      expect(fresh.requests).toEqual([]);
    }
  });
});

describe('raw.request with a path that is not a string', () => {
  it.each([null, undefined, 42, {}, ['users']])('refuses %j with a ValidationError, not a TypeError', async (value) => {
    expect(() => assertRelativePath(value as never)).toThrow(ValidationError);
    const h = await harness('portsip');
    const before = h.requests.length;
    expect(await rejection(h.client.raw.request('GET', value as never))).toMatchObject(clientRefusal);
    expect(h.requests.length).toBe(before);
  });
});

describe('CDR range dates: ISO 8601 or nothing', () => {
  // `new Date()` reads all of these as some date: "foo 1" and "-1" as 2001-01-01, "2024-02-30" as 1 March.
  it.each(['foo 1', '1', '-1', 'March 7', '12/25/2024', 'hello world 5', '2024-02-30', '2023-02-29', '2024-04-31T00:00:00Z', '2024-06-01T24:00:00Z', ' 2024-01-01 '])(
    'refuses %j',
    (from) => {
      expect(CdrQuerySchema.safeParse({ from }).success).toBe(false);
    },
  );

  it.each([
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-06-01T10:00:00Z', '2024-06-01T10:00:00.000Z'],
    ['2024-06-01T10:00:00.250+02:00', '2024-06-01T08:00:00.250Z'],
    ['2024-06-01 10:00:00Z', '2024-06-01T10:00:00.000Z'],
    ['2024-06-01T10:00+0130', '2024-06-01T08:30:00.000Z'],
  ])('accepts %j', (from, iso) => {
    expect(CdrQuerySchema.parse({ from }).from?.toISOString()).toBe(iso);
  });
});

describe('a huge input does not flood the error message', () => {
  it('a long string passed as list options (spread into thousands of keys) gives a bounded message', async () => {
    const h = new Harness('portsip', (await simulatorFactory('portsip'))({ users: 2, cdrs: 0 }), 0);
    let error: unknown;
    try {
      h.client.users.list('z'.repeat(5000) as never);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject(clientRefusal);
    expect((error as Error).message.length).toBeLessThan(1000);
  });
});

describe('mapper garbage never reaches the model', () => {
  const parse = (vendor: string, schema: Parameters<typeof keepRaw>[0], body: unknown) =>
    parseWire(keepRaw(schema), body, { vendor, operation: 'test', what: 'payload' }) as { wire: any; raw: Record<string, unknown> };

  it.each([2.5, -9007199254740992, 1e300])('PortSIP skill_level %d is left in raw, not the model', (skill) => {
    const { wire, raw } = parse('portsip', PortSipWireAgent, { extension_number: '101', skill_level: skill });
    const agent = portsipToMembership('q', wire, raw, 'READY');
    expect(QueueMembershipSchema.safeParse(agent).success).toBe(true);
    expect(agent.skillLevel).toBeUndefined();
    expect(agent.raw['skill_level']).toBe(skill);
  });

  it('a negative PortSIP duration is not a negative talk time', () => {
    const { wire, raw } = parse('portsip', PortSipWireCdr, { id: '1', started_at: '2025-01-01T00:00:00Z', duration: -5 });
    const cdr = portsipToCdr(wire, raw, '1');
    expect(CdrSchema.safeParse(cdr).success).toBe(true);
    expect(cdr).toMatchObject({ durationSeconds: 0, talkSeconds: 0 });
  });

  it('a VoIPStudio duration beyond the date range leaves the end unknown', () => {
    const { wire, raw } = parse('voipstudio', vsWire.WireCdr, { id: 1, calldate: '2025-01-01 00:00:00', duration: 8.64e12, billsec: 0, disposition: 'CONNECTED' });
    const cdr = vsMap.toCdr(wire, raw);
    expect(CdrSchema.safeParse(cdr).success).toBe(true);
    expect(cdr.endedAt).toBeUndefined();
    expect(cdr.answeredAt).toBeUndefined();
  });
});
