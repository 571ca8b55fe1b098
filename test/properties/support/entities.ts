/**
 * Every vendor payload the mappers read, as a property subject: an arbitrary of VALID
 * payloads derived from what adapters/<vendor>/wire.ts declares (and the shapes in
 * adapters/<vendor>/fixtures/), how the adapter parses and maps it (the same wire schema
 * through `keepRaw` + `parseWire`, then the map.ts function), the unified schema the result
 * must pass, the keys whose absence must be a `VendorResponseError` naming them, and the enum
 * fields whose unknown values must map to the catch-all.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import * as netpbxMap from '../../../adapters/netpbx/map.js';
import * as netpbxWire from '../../../adapters/netpbx/wire.js';
import * as portsipMap from '../../../adapters/portsip/map.js';
import * as portsipMapCdr from '../../../adapters/portsip/map-cdr.js';
import * as portsipMapCc from '../../../adapters/portsip/map-contact-centre.js';
import * as portsipWire from '../../../adapters/portsip/wire.js';
import * as portsipWireCdr from '../../../adapters/portsip/wire-cdr.js';
import * as portsipWireCc from '../../../adapters/portsip/wire-contact-centre.js';
import * as vsMap from '../../../adapters/voipstudio/map.js';
import * as vsWire from '../../../adapters/voipstudio/wire.js';
import { CdrSchema, GroupMemberSchema, GroupSchema, QueueMembershipSchema, QueueSchema, QueueStateSchema, UserSchema } from '../../../core/model.js';
import { keepRaw, parseWire } from '../../../core/wire.js';

type Payload = Record<string, unknown>;
type Raw = Record<string, unknown>;

export interface EnumField {
  /** Payload key of the vendor enum. */
  readonly key: string;
  /** The unified value it became. */
  readonly read: (mapped: any) => string;
  /** Vendor values with their documented unified values (after the vendor's own normalisation). */
  readonly documented: Readonly<Record<string, string>>;
  /** How the adapter normalises a value before looking it up (trim/upper-case, NetPBX names). */
  readonly normalize: (value: string) => string;
  /** What a value outside the table becomes. */
  readonly fallback: string;
  /** Payload changes under which the table applies (e.g. a VoIPStudio record of type M is missed whatever its disposition), for documented and unknown values alike. */
  readonly neutral?: Payload;
}

export interface Entity {
  readonly vendor: string;
  readonly name: string;
  readonly payload: fc.Arbitrary<Payload>;
  /** Parses (wire schema via keepRaw + parseWire) and maps, as the adapter does. */
  readonly map: (payload: Payload) => any;
  readonly schema: z.ZodType;
  /** Where the mapped object keeps the payload, and which part of the payload that is. Default: `raw`, the whole payload. */
  readonly raw?: (mapped: any, payload: Payload) => { readonly actual: unknown; readonly expected: unknown };
  /** Keys that must be present: without them the read fails naming the key. Each entry lists the key and its aliases. */
  readonly required: ReadonlyArray<readonly string[]>;
  readonly enums?: readonly EnumField[];
  /** Further facts the mapping promises about a valid payload. */
  readonly check?: (payload: Payload, mapped: any) => void;
}

const parse = (vendor: string, schema: z.ZodType, body: unknown): { wire: any; raw: Raw } =>
  parseWire(keepRaw(schema), body, { vendor, operation: 'property', what: 'payload' }) as { wire: any; raw: Raw };

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Keys a vendor may add that we do not read: kept in `raw`, never secret-looking (those are masked). */
const extraKeys: fc.Arbitrary<Payload> = fc.dictionary(fc.stringMatching(/^x_[a-z]{1,8}$/).filter((k) => !/pass|secret|token|key|auth|pin|cookie|otp|nonce/.test(k)), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 3,
});

const withExtras = (arb: fc.Arbitrary<Payload>): fc.Arbitrary<Payload> => fc.tuple(arb, extraKeys).map(([payload, extra]) => ({ ...extra, ...payload }));

/** Text a vendor may leave blank: a string, `""` or null. */
const blankable = (text: fc.Arbitrary<string> = fc.string({ maxLength: 20 })): fc.Arbitrary<string | null> => fc.oneof({ weight: 4, arbitrary: text }, fc.constant(''), fc.constant(null));

const name = fc.oneof(fc.stringMatching(/^[A-Z][a-z]{1,10}$/), fc.string({ maxLength: 16 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const e164 = fc.stringMatching(/^\+[1-9][0-9]{6,13}$/);
const email = fc.tuple(fc.stringMatching(/^[a-z0-9.]{1,10}$/), fc.constantFrom('example.com', 'acme.test')).map(([l, d]) => `${l}@${d}`);
/** Ids as JSON carries them: non-empty strings or integers. */
const anyId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9+/=_-]{1,24}$/), fc.integer({ min: 0, max: 2 ** 31 }));
const intId = fc.integer({ min: 1, max: 99_999_999 });
const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true });
/** RFC 3339 as PortSIP writes it: `Z`, fractions of 0–6 digits, or an offset. */
const rfc3339 = fc.tuple(instant, fc.constantFrom('Z', '.000Z', '.250000Z', '+02:00')).map(([d, form]) => {
  const base = d.toISOString().slice(0, 19);
  if (form === '+02:00') return `${new Date(d.getTime() + 2 * 3600_000).toISOString().slice(0, 19)}+02:00`;
  return `${base}${form}`;
});
const seconds = fc.integer({ min: 0, max: 86_400 });
const looseCount = (n: fc.Arbitrary<number>) => fc.oneof({ weight: 3, arbitrary: n }, n.map(String));

/** A random string a vendor table does not know (incl. names of Object.prototype members). */
export const unknownEnumValue = (known: (value: string) => boolean): fc.Arbitrary<string> =>
  fc
    .oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'UNKNOWN', 'new_value_22_4', ' ', ''))
    .filter((value) => !known(value));

// ---------------------------------------------------------------------------------------------
// PortSIP (snake_case JSON; blank text is null or "")

const PORTSIP_AGENT_STATUS = {
  READY: 'ready',
  NOT_READY: 'not_ready',
  BREAK: 'not_ready',
  LUNCH: 'not_ready',
  WRAP_UP: 'wrap_up',
  QUEUE_CALL: 'busy',
  OTHER_CALL: 'busy',
  TRANSFER: 'busy',
  CONSULT_TRANSFER: 'busy',
  ON_HOLD: 'busy',
  LOGGED_OUT: 'logged_out',
  OFFLINE: 'offline',
};
const PORTSIP_DIRECTION = { INBOUND_CALL: 'inbound', OUTBOUND_CALL: 'outbound', EXTENSION_CALL: 'internal', INBOUND_OUTBOUND_CALL: 'inbound' };

const portsipUser = withExtras(
  fc.record(
    {
      id: anyId,
      name: blankable(fc.stringMatching(/^[a-z][a-z0-9.]{0,12}$/)),
      display_name: blankable(name),
      email: blankable(email),
      extension_number: blankable(digits(3, 6)),
      mobile_phone: blankable(e164),
      enabled: fc.option(fc.boolean(), { nil: null }),
      role: blankable(fc.constantFrom('Admin', 'StandardUser', 'QueueManager')),
      department: blankable(name),
    },
    { requiredKeys: ['id'] },
  ),
);

const portsipCdr = withExtras(
  fc
    .record(
      {
        id: anyId,
        call_id: blankable(fc.stringMatching(/^[a-f0-9]{8,20}@[a-z.]{3,12}$/)),
        caller: blankable(digits(3, 12)),
        caller_domain: blankable(fc.domain()),
        caller_display_name: blankable(name),
        callee: blankable(digits(3, 12)),
        callee_domain: blankable(fc.domain()),
        callee_display_name: blankable(name),
        started_at: rfc3339,
        answered: fc.boolean(),
        talk: seconds,
        ring: fc.integer({ min: 0, max: 120 }),
        ended: fc.boolean(),
        direction: fc.constantFrom(...Object.keys(PORTSIP_DIRECTION)),
        end_reason: blankable(fc.constantFrom('CALLER_DISCONNECTED', 'CALLEE_DISCONNECTED', 'CANCELLED', 'BUSY')),
        status_code: fc.option(looseCount(fc.constantFrom(200, 404, 408, 480, 486, 487, 503, 600)), { nil: null }),
        trunk: blankable(name),
        cost: fc.option(fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom('0.05', '1')), { nil: null }),
      },
      { requiredKeys: ['id', 'started_at', 'answered', 'talk', 'ring', 'ended', 'direction'] },
    )
    .map(({ answered, talk, ring, ended, ...cdr }) => {
      // Timestamps in order: start, answer after ringing, end after the talk time.
      const start = new Date(cdr.started_at as string).getTime();
      const answeredAt = start + ring * 1000;
      const endedAt = answered ? answeredAt + talk * 1000 : answeredAt;
      return {
        ...cdr,
        answered_at: answered ? new Date(answeredAt).toISOString() : null,
        ended_at: ended ? new Date(endedAt).toISOString() : null,
        duration: answered ? talk : 0,
      };
    }),
);

const portsipAgent = withExtras(
  fc.record(
    { extension_number: digits(3, 6), display_name: blankable(name), skill_level: fc.option(looseCount(fc.integer({ min: 1, max: 100 })), { nil: null }), status: fc.constantFrom(...Object.keys(PORTSIP_AGENT_STATUS)) },
    { requiredKeys: ['extension_number'] },
  ),
);

const PORTSIP: Entity[] = [
  {
    vendor: 'portsip',
    name: 'user',
    payload: portsipUser,
    map: (p) => {
      const { wire, raw } = parse('portsip', portsipWire.WireUser, p);
      return portsipMap.toUser(wire, raw);
    },
    schema: UserSchema,
    required: [['id']],
    check: (p, user) => {
      if (user.id !== String(p['id'])) throw new Error('id changed');
      if (p['extension_number'] && user.extension !== p['extension_number']) throw new Error('extension lost');
    },
  },
  {
    vendor: 'portsip',
    name: 'group',
    payload: withExtras(fc.record({ id: anyId, name: name, description: blankable(name) }, { requiredKeys: ['id', 'name'] })),
    map: (p) => {
      const { wire, raw } = parse('portsip', portsipWire.WireGroup, p);
      return portsipMap.toGroup(wire, raw);
    },
    schema: GroupSchema,
    required: [['id'], ['name']],
  },
  {
    vendor: 'portsip',
    name: 'group member',
    payload: withExtras(fc.record({ id: fc.option(anyId, { nil: null }), name: blankable(), display_name: blankable(name), extension_number: digits(3, 6) }, { requiredKeys: ['extension_number'] })),
    map: (p) => {
      const { wire, raw } = parse('portsip', portsipWire.WireGroupMember, p);
      return portsipMap.toGroupMember('g1', wire, raw);
    },
    schema: GroupMemberSchema,
    required: [['extension_number']],
  },
  {
    vendor: 'portsip',
    name: 'queue',
    payload: withExtras(
      fc.record({ id: anyId, name, extension_number: blankable(digits(3, 6)), polling_strategy: blankable(fc.constantFrom('RING_ALL', 'ROUND_ROBIN', 'LEAST_RECENT')) }, { requiredKeys: ['id', 'name'] }),
    ),
    map: (p) => {
      const { wire, raw } = parse('portsip', portsipWireCc.WireQueue, p);
      return portsipMapCc.toQueue(wire, raw);
    },
    schema: QueueSchema,
    required: [['id'], ['name']],
  },
  {
    vendor: 'portsip',
    name: 'queue agent with its status',
    payload: portsipAgent,
    map: (p) => {
      // As queues.agents does: the agent list item and the per-agent state, merged.
      const { wire, raw } = parse('portsip', portsipWireCc.WireAgent, p);
      const state = parse('portsip', portsipWireCc.WireAgentState, p);
      return portsipMapCc.toMembership('q1', wire, { ...raw, ...state.raw }, state.wire.status);
    },
    schema: QueueMembershipSchema,
    required: [['extension_number']],
    enums: [{ key: 'status', read: (m) => m.status, documented: PORTSIP_AGENT_STATUS, normalize: (v) => v, fallback: 'unknown' }],
    check: (_p, m) => {
      if (m.loggedIn !== ['ready', 'not_ready', 'wrap_up', 'busy'].includes(m.status)) throw new Error('loggedIn disagrees with status');
    },
  },
  {
    vendor: 'portsip',
    name: 'CDR (list item)',
    payload: portsipCdr,
    map: (p) => {
      const { wire, raw } = parse('portsip', portsipWireCdr.WireCdrListItem, p);
      return portsipMapCdr.toCdr(wire, raw, wire.id);
    },
    schema: CdrSchema,
    required: [['id'], ['started_at']],
    enums: [{ key: 'direction', read: (c) => c.direction, documented: PORTSIP_DIRECTION, normalize: (v) => v, fallback: 'unknown' }],
    check: (p, cdr) => {
      if (cdr.startedAt.getTime() !== new Date(p['started_at'] as string).getTime()) throw new Error('startedAt changed');
      if ((cdr.disposition === 'answered') !== Boolean(p['answered_at'])) throw new Error('answered disposition disagrees with answered_at');
      if (cdr.endedAt && cdr.endedAt.getTime() < cdr.startedAt.getTime()) throw new Error('ends before it starts');
    },
  },
];

PORTSIP.push({
  vendor: 'portsip',
  name: 'CDR (detail: GET cdrs/{id} wraps it in items, as an array or an object, without its id)',
  payload: fc
    .tuple(portsipCdr, fc.boolean(), fc.boolean())
    .map(([{ id, ...cdr }, asArray, withId]) => ({ items: asArray ? [withId ? { id, ...cdr } : cdr] : withId ? { id, ...cdr } : cdr })),
  map: (p) => {
    // As cdrs.get does.
    const body = parse('portsip', portsipWireCdr.WireCdrDetail, p);
    const item = Array.isArray(body.wire.items) ? body.wire.items[0] : body.wire.items;
    const rawItems = body.raw['items'];
    return portsipMapCdr.toCdr(item, (Array.isArray(rawItems) ? rawItems[0] : rawItems) as Raw, 'requested-id');
  },
  raw: (c, p) => ({ actual: c.raw, expected: Array.isArray(p['items']) ? p['items'][0] : p['items'] }),
  schema: CdrSchema,
  required: [['items']],
  check: (_p, cdr) => {
    if (cdr.id !== 'requested-id') throw new Error('the requested id is the record id');
  },
});

// ---------------------------------------------------------------------------------------------
// NetPBX (ASP.NET: PascalCase or camelCase keys; read properties present, possibly null)

type Casing = (key: string) => string;
const CASINGS: Readonly<Record<string, Casing>> = {
  pascal: (k) => k,
  camel: (k) => k.charAt(0).toLowerCase() + k.slice(1),
  lower: (k) => k.toLowerCase(),
  upper: (k) => k.toUpperCase(),
};
/** A payload with its keys in one casing (a server uses one contract resolver for all its output). */
const cased = (arb: fc.Arbitrary<Payload>): fc.Arbitrary<Payload> =>
  fc.tuple(arb, fc.constantFrom(...Object.keys(CASINGS))).map(([payload, casing]) => recase(payload, CASINGS[casing]!));
const recase = (value: Payload, casing: Casing): Payload =>
  Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.startsWith('x_') ? k : casing(k), Array.isArray(v) ? v.map((item) => (isPayload(item) ? recase(item, casing) : item)) : v]),
  );
const isPayload = (value: unknown): value is Payload => value !== null && typeof value === 'object' && !Array.isArray(value);

/** An id under its key or one of its aliases (`Id` for `UserId`…). */
const aliased = (key: string, aliases: readonly string[], value: fc.Arbitrary<unknown>) =>
  fc.tuple(fc.constantFrom(key, ...aliases), value).map(([k, v]) => ({ [k]: v }));

const netpbxId = fc.oneof(intId, intId.map(String));
const netpbxCode = fc.oneof(digits(2, 6), fc.integer({ min: 10, max: 99_999 }));

const NETPBX_GROUP_TYPES = ['HuntGroupWithQueue', 'Hunt group with queue', 'ACD group', 'AcdGroup', 'AttendantGroup', 'Customer center group', 'CustomerCentreGroup', 'HuntGroup', 'RingGroup', 'CallPickupGroup', 'Paging'];
const NETPBX_PULSE_STATUSES = ['Available', 'Ready', 'Idle', 'Busy', 'Talking', 'InCall', 'Ringing', 'WrapUp', 'Clerical', 'AfterCallWork', 'Paused', 'NotReady', 'Away', 'DND', 'DoNotDisturb', 'LoggedOut', 'NotLoggedIn', 'Offline', 'Unregistered'];

const netpbxUser = withExtras(
  fc
    .tuple(
      aliased('UserId', ['Id'], netpbxId),
      fc.record(
        {
          FirstName: blankable(name),
          LastName: blankable(name),
          Email: blankable(email),
          Extension: fc.oneof(blankable(digits(2, 6)), fc.integer({ min: 10, max: 99_999 })),
          MobileNumber: blankable(e164),
          UserName: blankable(fc.stringMatching(/^[a-z][a-z0-9.]{0,12}$/)),
          Role: blankable(fc.constantFrom('Administrator', 'Standard')),
        },
        { requiredKeys: ['FirstName', 'LastName', 'Email', 'Extension', 'MobileNumber'] },
      ),
    )
    .map(([idPart, rest]) => ({ ...idPart, ...rest })),
);

const netpbxGroup = withExtras(
  fc
    .tuple(
      aliased('GroupId', ['Id'], netpbxId),
      fc.record(
        { Name: blankable(name), Type: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NETPBX_GROUP_TYPES) }, fc.integer({ min: 0, max: 9 }), fc.constant(null)), Extension: fc.option(netpbxCode, { nil: null }) },
        { requiredKeys: ['Name', 'Type'] },
      ),
    )
    .map(([idPart, rest]) => ({ ...idPart, ...rest })),
);

const netpbxMember = withExtras(
  fc
    .tuple(
      aliased('MemberId', ['UserId', 'Id'], netpbxId),
      fc.record({ LoggedIn: fc.boolean(), FirstName: blankable(name), LastName: blankable(name), Name: blankable(name), Extension: fc.option(netpbxCode, { nil: null }) }, { requiredKeys: ['LoggedIn'] }),
    )
    .map(([idPart, rest]) => ({ ...idPart, ...rest })),
);

/**
 * A member with its queue-pulse entry, as queues.agents joins them. The pulse's status and
 * whether the pulse lists the member ride along under `x_` keys (unknown keys: kept in raw).
 */
const netpbxAgent = fc
  .tuple(netpbxMember, fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NETPBX_PULSE_STATUSES) }, fc.integer({ min: 0, max: 5 }), fc.constant(null)), fc.boolean())
  .map(([member, status, inPulse]) => ({ ...member, x_pulse_status: status, x_in_pulse: inPulse }));

const timeSpan = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .map(([d, h, m, s]) => `${d ? `${d}.` : ''}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`);

const netpbxPulse = withExtras(
  fc
    .tuple(
      aliased('GroupId', ['Id'], netpbxId),
      fc.record(
        {
          Members: fc.array(fc.tuple(aliased('MemberId', ['UserId', 'Id'], netpbxId), fc.oneof(fc.constantFrom(...NETPBX_PULSE_STATUSES), fc.constant(null))).map(([idPart, Status]) => ({ ...idPart, Status })), { maxLength: 4 }),
          CallsWaiting: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
          LongestWaitTime: fc.option(fc.oneof(seconds, timeSpan), { nil: null }),
        },
        { requiredKeys: ['Members'] },
      ),
    )
    .map(([idPart, rest]) => ({ ...idPart, ...rest })),
);

const NETPBX: Entity[] = [
  {
    vendor: 'netpbx',
    name: 'user',
    payload: cased(netpbxUser),
    map: (p) => {
      const { wire, raw } = parse('netpbx', netpbxWire.WireUser, p);
      return netpbxMap.toUser(wire, raw);
    },
    schema: UserSchema,
    required: [['UserId', 'Id'], ['FirstName'], ['LastName'], ['Email'], ['Extension'], ['MobileNumber']],
  },
  {
    vendor: 'netpbx',
    name: 'group',
    payload: cased(netpbxGroup),
    map: (p) => {
      const { wire, raw } = parse('netpbx', netpbxWire.WireGroup, p);
      return netpbxMap.toGroup(wire, raw);
    },
    schema: GroupSchema,
    required: [['GroupId', 'Id'], ['Name'], ['Type']],
    enums: [{ key: 'Type', read: (g) => g.kind, documented: netpbxMap.GROUP_KIND, normalize: netpbxMap.normalizeName, fallback: 'other' }],
  },
  {
    vendor: 'netpbx',
    name: 'queue (a queue-type group)',
    payload: cased(netpbxGroup),
    map: (p) => {
      const { wire, raw } = parse('netpbx', netpbxWire.WireGroup, p);
      return netpbxMap.toQueue(wire, raw);
    },
    schema: QueueSchema,
    required: [['GroupId', 'Id'], ['Name'], ['Type']],
  },
  {
    vendor: 'netpbx',
    name: 'group member',
    payload: cased(netpbxMember),
    map: (p) => {
      const { wire, raw } = parse('netpbx', netpbxWire.WireMember, p);
      return netpbxMap.toGroupMember('262', wire, raw);
    },
    schema: GroupMemberSchema,
    required: [['MemberId', 'UserId', 'Id'], ['LoggedIn']],
  },
  {
    vendor: 'netpbx',
    name: 'queue agent (member + pulse entry)',
    payload: cased(netpbxAgent),
    map: (p) => {
      const { wire, raw } = parse('netpbx', netpbxWire.WireMember, p);
      const pulse = p['x_in_pulse'] ? parse('netpbx', netpbxWire.WirePulseMember, { MemberId: wire.MemberId, Status: p['x_pulse_status'] ?? null }) : undefined;
      return netpbxMap.toMembership('262', wire, raw, pulse?.wire.Status, pulse?.raw);
    },
    raw: (m, p) => ({ actual: m.raw.member, expected: p }),
    schema: QueueMembershipSchema,
    required: [['MemberId', 'UserId', 'Id'], ['LoggedIn']],
    check: (p, m) => {
      const loggedIn = Object.entries(p).find(([k]) => k.toLowerCase() === 'loggedin')![1];
      if (m.loggedIn !== loggedIn) throw new Error('loggedIn changed');
      if (!loggedIn && m.status !== 'logged_out') throw new Error('a logged-out member is not logged_out');
    },
  },
  {
    vendor: 'netpbx',
    name: 'queue pulse member',
    payload: cased(
      fc
        .tuple(aliased('MemberId', ['UserId', 'Id'], netpbxId), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NETPBX_PULSE_STATUSES) }, fc.integer(), fc.constant(null)))
        .map(([idPart, Status]) => ({ ...idPart, Status })),
    ),
    // A logged-in member: its status is what the pulse says.
    map: (p) => {
      const { wire, raw } = parse('netpbx', netpbxWire.WirePulseMember, p);
      const member = parse('netpbx', netpbxWire.WireMember, { MemberId: wire.MemberId, LoggedIn: true });
      return netpbxMap.toMembership('262', member.wire, member.raw, wire.Status, raw);
    },
    raw: (m, p) => ({ actual: m.raw.pulse, expected: p }),
    schema: QueueMembershipSchema,
    required: [['MemberId', 'UserId', 'Id'], ['Status']],
    enums: [
      {
        key: 'Status',
        read: (m) => m.status,
        // A logged-in member the pulse reports logged out is `unknown` (two snapshots disagree).
        documented: Object.fromEntries(Object.entries(netpbxMap.PULSE_STATUS).map(([k, v]) => [k, v === 'logged_out' ? 'unknown' : v])),
        normalize: netpbxMap.normalizeName,
        fallback: 'unknown',
      },
    ],
  },
  {
    vendor: 'netpbx',
    name: 'queue pulse',
    payload: cased(netpbxPulse),
    map: (p) => {
      const PulseReply = keepRaw(netpbxWire.wirePulse(keepRaw(netpbxWire.WirePulseMember)));
      const { wire, raw } = parseWire(PulseReply, p, { vendor: 'netpbx', operation: 'property', what: 'payload' }) as { wire: any; raw: Raw };
      // What queues.state returns when the group has no members listed: the pulse's figures.
      return {
        queueId: wire.GroupId,
        ...(typeof wire.CallsWaiting === 'number' ? { waitingCallers: wire.CallsWaiting } : {}),
        ...(typeof wire.LongestWaitTime === 'number' ? { longestWaitSeconds: wire.LongestWaitTime } : {}),
        agents: [],
        raw,
      };
    },
    schema: QueueStateSchema,
    required: [['GroupId', 'Id'], ['Members']],
  },
];

// ---------------------------------------------------------------------------------------------
// VoIPStudio (snake_case; ids are integers; booleans may be 0/1; dates `YYYY-MM-DD HH:MM:SS` UTC)

const VS_DIRECTION = { I: 'inbound', O: 'outbound', M: 'inbound' };
const VS_DISPOSITION = { CONNECTED: 'answered', ANSWERED: 'answered', 'NO ANSWER': 'missed', NOANSWER: 'missed', NO_ANSWER: 'missed', BUSY: 'busy', FAILED: 'failed', CONGESTION: 'failed' };
const vsFlag = fc.constantFrom(true, false, 1, 0, '1', '0', 'true', 'false');
const vsDate = instant.map((d) => d.toISOString().slice(0, 19).replace('T', ' '));

const vsUser = withExtras(
  fc.record(
    {
      id: intId,
      first_name: blankable(name),
      last_name: blankable(name),
      email: blankable(email),
      ext: fc.oneof(blankable(digits(3, 6)), fc.integer({ min: 100, max: 99_999 })),
      mobile: fc.oneof(blankable(e164), fc.integer({ min: 1_000_000, max: 2 ** 40 })),
      active: vsFlag,
      roles: fc.oneof(fc.constantFrom('ROLE_USER', 'ROLE_ADMIN'), fc.array(fc.constantFrom('ROLE_USER', 'ROLE_ADMIN', 'ROLE_BILLING'), { maxLength: 3 })),
      groups: fc.option(fc.array(fc.oneof(intId, intId.map((id) => ({ id }))), { maxLength: 4 }), { nil: null }),
    },
    { requiredKeys: ['id'] },
  ),
);

const vsQueueUser = withExtras(fc.record({ id: intId, first_name: blankable(name), last_name: blankable(name), status: vsFlag }, { requiredKeys: ['id', 'status'] }));

const vsCdr = withExtras(
  fc.record(
    {
      id: intId,
      call_id: blankable(fc.stringMatching(/^[a-f0-9]{16,32}$/)),
      user_id: fc.option(intId, { nil: null }),
      type: fc.constantFrom('I', 'O', 'M', 'i', ' o '),
      calldate: fc.oneof({ weight: 3, arbitrary: vsDate }, instant.map((d) => d.toISOString())),
      clid: blankable(fc.tuple(name, digits(3, 6)).map(([n, e]) => `"${n}" <${e}>`)),
      src: fc.oneof(blankable(digits(3, 12)), fc.integer({ min: 100, max: 2 ** 40 })),
      src_name: blankable(name),
      dst: fc.oneof(blankable(digits(3, 12)), fc.integer({ min: 100, max: 2 ** 40 })),
      dst_name: blankable(name),
      duration: looseCount(seconds),
      billsec: looseCount(seconds),
      disposition: fc.constantFrom('CONNECTED', 'ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CONGESTION', 'connected'),
      destination: blankable(digits(3, 12)),
      charge: fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.constantFrom('0.0450', '0', '1.5'), fc.constant(null)),
    },
    { requiredKeys: ['id', 'calldate'] },
  ),
);

const VOIPSTUDIO: Entity[] = [
  {
    vendor: 'voipstudio',
    name: 'user',
    payload: vsUser,
    map: (p) => {
      const { wire, raw } = parse('voipstudio', vsWire.WireUser, p);
      return vsMap.toUser(wire, raw);
    },
    schema: UserSchema,
    required: [['id']],
    check: (p, user) => {
      if (user.enabled !== [true, 1, '1', 'true'].includes(p['active'] as never) && p['active'] !== undefined) throw new Error('enabled does not follow active');
    },
  },
  {
    vendor: 'voipstudio',
    name: 'team member (a user in the team)',
    payload: vsUser,
    map: (p) => {
      const { wire, raw } = parse('voipstudio', vsWire.WireUser, p);
      return vsMap.toGroupMember('218', wire, raw);
    },
    schema: GroupMemberSchema,
    required: [['id']],
  },
  {
    vendor: 'voipstudio',
    name: 'team',
    payload: withExtras(fc.record({ id: intId, name, color: blankable(fc.constantFrom('#ff0000', 'blue')) }, { requiredKeys: ['id', 'name'] })),
    map: (p) => {
      const { wire, raw } = parse('voipstudio', vsWire.WireGroup, p);
      return vsMap.toGroup(wire, raw);
    },
    schema: GroupSchema,
    required: [['id'], ['name']],
  },
  {
    vendor: 'voipstudio',
    name: 'queue',
    payload: withExtras(
      fc.record(
        {
          id: intId,
          name,
          number: fc.oneof(blankable(digits(3, 6)), fc.integer({ min: 100, max: 99_999 })),
          ring_strategy: blankable(fc.constantFrom('ringall', 'leastrecent', 'random')),
          users: fc.option(fc.array(fc.oneof(intId, fc.record({ id: intId, first_name: blankable(name), status: vsFlag })), { maxLength: 4 }), { nil: null }),
        },
        { requiredKeys: ['id', 'name'] },
      ),
    ),
    map: (p) => {
      const { wire, raw } = parse('voipstudio', vsWire.WireQueue, p);
      return vsMap.toQueue(wire, raw);
    },
    schema: QueueSchema,
    required: [['id'], ['name']],
  },
  {
    vendor: 'voipstudio',
    name: 'queue agent',
    payload: vsQueueUser,
    map: (p) => {
      const { wire, raw } = parse('voipstudio', vsWire.WireQueueUser, p);
      return vsMap.toMembership('301', wire, raw);
    },
    schema: QueueMembershipSchema,
    required: [['id']],
    enums: [
      {
        key: 'status',
        read: (m) => m.status,
        documented: { true: 'ready', '1': 'ready', false: 'logged_out', '0': 'logged_out' },
        normalize: (v) => v,
        fallback: 'unknown',
      },
    ],
  },
  {
    vendor: 'voipstudio',
    name: 'CDR',
    payload: vsCdr,
    map: (p) => {
      const { wire, raw } = parse('voipstudio', vsWire.WireCdr, p);
      return vsMap.toCdr(wire, raw);
    },
    schema: CdrSchema,
    required: [['id'], ['calldate']],
    enums: [
      { key: 'type', read: (c) => c.direction, documented: VS_DIRECTION, normalize: (v) => v.trim().toUpperCase(), fallback: 'unknown' },
      { key: 'disposition', read: (c) => c.disposition, documented: VS_DISPOSITION, normalize: (v) => v.trim().toUpperCase(), fallback: 'unknown', neutral: { type: 'O' } },
    ],
    check: (_p, cdr) => {
      if (cdr.endedAt && cdr.endedAt.getTime() < cdr.startedAt.getTime()) throw new Error('ends before it starts');
      if (cdr.answeredAt && (cdr.answeredAt.getTime() < cdr.startedAt.getTime() || cdr.answeredAt.getTime() > cdr.endedAt.getTime())) throw new Error('answered outside the call');
    },
  },
];

export const ENTITIES: readonly Entity[] = [...PORTSIP, ...NETPBX, ...VOIPSTUDIO];
