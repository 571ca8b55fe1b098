/**
 * PortSIP wire -> unified model, from the reply fixtures: User, Group, GroupMember, Queue,
 * QueueMembership and Cdr; the enum tables (agent statuses, CDR directions, dispositions
 * derived from answered_at / status_code); values PortSIP added in 22.3 read as `unknown`
 * with the vendor value kept in `raw` (a read never crashes). Also the request bodies the
 * mapping builds, checked against the vendor OpenAPI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { groupBody, toGroup, toGroupMember, toUser } from '../../adapters/portsip/map.js';
import { toCdr } from '../../adapters/portsip/map-cdr.js';
import { createSecrets, userCreateBody, userUpdateBody } from '../../adapters/portsip/map-user-write.js';
import { AGENT_STATUS_TO_WIRE, toAgentStatus, toMembership, toQueue } from '../../adapters/portsip/map-contact-centre.js';
import { requestBodyProblems, undeclaredBodyKeys } from '../../adapters/portsip/openapi/spec.js';
import { DEFAULT_SOURCE } from '../../scripts/portsip-openapi-subset.js';
import { passwordProblems, voicemailPinProblems } from '../../adapters/portsip/policy.js';
import { WireGroup, WireGroupMember, WireUser, listOf } from '../../adapters/portsip/wire.js';
import { WireCdr, WireCdrDetail, WireCdrListItem } from '../../adapters/portsip/wire-cdr.js';
import { WireAgent, WireQueue } from '../../adapters/portsip/wire-contact-centre.js';
import { CdrSchema, GroupMemberSchema, GroupSchema, QueueMembershipSchema, QueueSchema, UserSchema, type Cdr } from '../../core/model.js';
import { keepRaw, parseWire } from '../../core/wire.js';
import { fixture } from '../support/portsip/fixtures.js';

type Raw = Record<string, unknown>;
const parse = <S extends z.ZodType>(schema: S, body: unknown) => parseWire(keepRaw(schema), body, { vendor: 'portsip', operation: 'test', what: 'fixture' }) as { wire: z.output<S>; raw: Raw };

const user = (item: unknown) => {
  const { wire, raw } = parse(WireUser, item);
  return toUser(wire, raw);
};
const cdr = (item: unknown, id = 'cdr-1'): Cdr => {
  const { wire, raw } = parse(WireCdr, item);
  return toCdr(wire, raw, id);
};

describe('User', () => {
  it('maps a complete list item', () => {
    const item = fixture('users-list-page1.json').items[0];
    const mapped = user(item);
    expect(mapped).toEqual({
      id: 'NzA1MDAwMDAwMDAwMDAwMTAx',
      extension: '101',
      username: 'alice',
      displayName: 'Alice Andersson',
      email: 'alice@acme.example',
      mobile: '+46701234567',
      enabled: true,
      role: 'StandardUser',
      department: 'Sales',
      vendor: 'portsip',
      raw: item,
    });
    expect(UserSchema.parse(mapped)).toEqual(mapped);
  });

  it('treats blank fields ("" and null) as absent, falls back to the name for the display name, keeps raw verbatim', () => {
    const item = fixture('users-list-page1.json').items[1];
    const mapped = user(item);
    expect(mapped).toEqual({ id: item.id, extension: '102', username: 'bob', displayName: 'bob', email: 'bob@acme.example', enabled: true, role: 'QueueManager', vendor: 'portsip', raw: item });
    expect(mapped.raw['work_phone']).toBe('');
    expect(mapped.raw['department']).toBeNull();
  });

  it('falls back to the extension, then the id, for the display name; an integer id becomes a string', () => {
    expect(user({ id: 'u9', extension_number: '109' }).displayName).toBe('109');
    expect(user({ id: 'u9' }).displayName).toBe('u9');
    expect(user({ id: 42, name: 'n' }).id).toBe('42');
  });

  it('keeps detail-only fields in raw', () => {
    const mapped = user(fixture('user-detail.json'));
    expect(mapped.raw['office_hours']).toEqual({ mode: 'GLOBAL' });
    expect(mapped.raw['sms']).toBe('DISABLE');
    expect(mapped.enabled).toBe(true);
  });

  it('maps every user of the list fixtures to a valid unified user', () => {
    for (const name of ['users-list-page1.json', 'users-list-page2.json', 'users-find-by-email.json'] as const) {
      const list = parseWire(listOf(keepRaw(WireUser)), fixture(name), { what: 'fixture' });
      for (const { wire, raw } of list.items) UserSchema.parse(toUser(wire, raw));
    }
    expect(user(fixture('users-list-page2.json').items[0]).enabled).toBe(false);
  });
});

describe('Group and GroupMember', () => {
  it('a user group is a team', () => {
    const { wire, raw } = parse(WireGroup, fixture('group-detail.json'));
    const group = toGroup(wire, raw);
    expect(group).toEqual({ id: 'NzA2MDAwMDAwMDAwMDAwMDAx', name: 'Sales', kind: 'team', description: 'Inside and field sales', vendor: 'portsip', raw: fixture('group-detail.json') });
    expect(GroupSchema.parse(group)).toEqual(group);
  });

  it('a blank description is absent', () => {
    const item = fixture('group-list.json').items[1];
    const { wire, raw } = parse(WireGroup, item);
    expect(toGroup(wire, raw)).toEqual({ id: item.id, name: 'Support', kind: 'team', vendor: 'portsip', raw: item });
  });

  it('members carry user id, extension and display name (falling back to the name)', () => {
    const [alice, bob] = fixture('group-members.json').items.map((item: unknown) => {
      const { wire, raw } = parse(WireGroupMember, item);
      return toGroupMember('g1', wire, raw);
    });
    expect(alice).toEqual({ groupId: 'g1', userId: 'NzA1MDAwMDAwMDAwMDAwMTAx', extension: '101', displayName: 'Alice Andersson', raw: fixture('group-members.json').items[0] });
    expect(bob).toMatchObject({ extension: '102', displayName: 'bob' });
    GroupMemberSchema.parse(alice);
    GroupMemberSchema.parse(bob);
  });
});

describe('Queue and QueueMembership', () => {
  it('maps a queue with its strategy', () => {
    const item = fixture('queue-list.json').items[1];
    const { wire, raw } = parse(WireQueue, item);
    const queue = toQueue(wire, raw);
    expect(queue).toEqual({ id: item.id, name: 'Sales Queue', extension: '8002', strategy: 'LEAST_WORKED_HUNT', vendor: 'portsip', raw: item });
    expect(QueueSchema.parse(queue)).toEqual(queue);
  });

  it.each([
    ['READY', 'ready', true],
    ['NOT_READY', 'not_ready', true],
    ['BREAK', 'not_ready', true],
    ['LUNCH', 'not_ready', true],
    ['WRAP_UP', 'wrap_up', true],
    ['QUEUE_CALL', 'busy', true],
    ['OTHER_CALL', 'busy', true],
    ['TRANSFER', 'busy', true],
    ['CONSULT_TRANSFER', 'busy', true],
    ['ON_HOLD', 'busy', true],
    ['LOGGED_OUT', 'logged_out', false],
    ['OFFLINE', 'offline', false],
    ['AWAY', 'unknown', false],
    ['', 'unknown', false],
    [undefined, 'unknown', false],
  ] as const)('agent status %s -> %s (logged in: %s)', (wireStatus, status, loggedIn) => {
    const { wire, raw } = parse(WireAgent, fixture('queue-agents.json').items[0]);
    const membership = toMembership('q1', wire, raw, wireStatus === '' ? undefined : wireStatus);
    expect(membership).toMatchObject({ queueId: 'q1', extension: '101', displayName: 'Alice Andersson', skillLevel: 1, status, loggedIn });
    expect(QueueMembershipSchema.parse(membership)).toEqual(membership);
  });

  it.skipIf(!existsSync(DEFAULT_SOURCE))('every status the v22.0 spec lists (in the enum or only in the description) maps to a known unified status', () => {
    // The subset drops descriptions: read the vendor file, where TRANSFER, CONSULT_TRANSFER and ON_HOLD appear only in prose.
    const spec = JSON.parse(readFileSync(DEFAULT_SOURCE, 'utf8')) as { paths: Record<string, Record<string, any>> };
    const status = spec.paths['/call_queues/{id}/agents/{agent_number}']!['get'].responses['200'].content['application/json'].schema.properties.status;
    const described = [...(status.description as string).matchAll(/^- `([A-Z_]+)`/gm)].map((m) => m[1]!);
    expect(described).toEqual(expect.arrayContaining(['TRANSFER', 'CONSULT_TRANSFER', 'ON_HOLD', ...status.enum]));
    for (const value of new Set([...described, ...status.enum])) expect(toAgentStatus(value), value).not.toBe('unknown');
  });

  it('an unknown (22.3+) agent status reads as unknown, with the vendor value and reason in raw', () => {
    const agent = parse(WireAgent, fixture('queue-agents.json').items[1]);
    const state = fixture('queue-agent-unknown-status.json');
    const membership = toMembership('q1', agent.wire, { ...agent.raw, ...state }, state.status);
    expect(membership).toMatchObject({ status: 'unknown', loggedIn: false, extension: '102' });
    expect(membership.raw).toMatchObject({ status: 'AWAY', reason: 'Team meeting' });
  });

  it('settable statuses map to the values POST …/agents/{ext} accepts', () => {
    expect(AGENT_STATUS_TO_WIRE).toEqual({ logged_in: 'LOGGED_IN', logged_out: 'LOGGED_OUT', ready: 'READY', not_ready: 'NOT_READY', wrap_up: 'WRAP_UP' });
    for (const status of Object.values(AGENT_STATUS_TO_WIRE)) expect(requestBodyProblems('POST /call_queues/{id}/agents/{agent_number}', { status })).toEqual([]);
  });
});

describe('Cdr', () => {
  const [answered, missed, busy] = fixture('cdr-list.json').items;

  it('maps an answered inbound call', () => {
    const mapped = cdr(answered, answered.id);
    expect(mapped).toEqual({
      id: answered.id,
      callId: 'a84b4c76e66710@pbx.acme.example',
      direction: 'inbound',
      from: { number: '0317001234', name: '+46317001234', domain: 'trunk.telco.example' },
      to: { number: '101', name: 'Alice Andersson', domain: 'acme.pbx.test' },
      startedAt: new Date('2025-03-01T08:30:00Z'),
      answeredAt: new Date('2025-03-01T08:30:05Z'),
      endedAt: new Date('2025-03-01T08:34:05Z'),
      durationSeconds: 245,
      talkSeconds: 240,
      disposition: 'answered',
      endReason: 'CALLER_DISCONNECTED',
      trunk: 'Telco SIP',
      vendor: 'portsip',
      raw: answered,
    });
    expect(CdrSchema.parse(mapped)).toEqual(mapped);
  });

  it('maps a cancelled outbound call (487) as missed, with microsecond timestamps', () => {
    const mapped = cdr(missed);
    expect(mapped).toMatchObject({ direction: 'outbound', disposition: 'missed', talkSeconds: 0, durationSeconds: 20, startedAt: new Date('2025-03-01T09:00:00.250Z') });
    expect(mapped.answeredAt).toBeUndefined();
    expect(mapped.to).toEqual({ number: '0701112233', domain: 'trunk.telco.example' });
  });

  it('maps a busy internal call (486)', () => {
    expect(cdr(busy)).toMatchObject({ direction: 'internal', disposition: 'busy', durationSeconds: 3 });
    expect(cdr(busy).trunk).toBeUndefined();
  });

  it.each([
    ['INBOUND_CALL', 'inbound'],
    ['OUTBOUND_CALL', 'outbound'],
    ['EXTENSION_CALL', 'internal'],
    ['INBOUND_OUTBOUND_CALL', 'inbound'],
    ['CONFERENCE_CALL', 'unknown'],
    [null, 'unknown'],
  ] as const)('direction %s -> %s', (direction, expected) => {
    expect(cdr({ ...answered, direction }).direction).toBe(expected);
  });

  it.each([
    ['answered_at set', { answered_at: '2025-03-01T08:30:05Z', status_code: 200 }, 'answered'],
    ['answered_at set, even with a later 486', { answered_at: '2025-03-01T08:30:05Z', status_code: 486 }, 'answered'],
    ['486 Busy Here', { answered_at: null, status_code: 486 }, 'busy'],
    ['600 Busy Everywhere', { answered_at: null, status_code: 600 }, 'busy'],
    ['487 Request Terminated', { answered_at: null, status_code: 487 }, 'missed'],
    ['480 Temporarily Unavailable', { answered_at: null, status_code: 480 }, 'missed'],
    ['408 Request Timeout', { answered_at: null, status_code: 408 }, 'missed'],
    ['no status code', { answered_at: null, status_code: null }, 'missed'],
    ['200 but never answered', { answered_at: '', status_code: 200 }, 'missed'],
    ['CANCELLED with a 503', { answered_at: null, status_code: 503, end_reason: 'CANCELLED' }, 'missed'],
    ['403 Forbidden', { answered_at: null, status_code: 403, end_reason: 'CALLER_DISCONNECTED' }, 'failed'],
    ['404 Not Found', { answered_at: null, status_code: 404, end_reason: 'CALLER_DISCONNECTED' }, 'failed'],
    ['503 Service Unavailable', { answered_at: null, status_code: 503, end_reason: 'CALLER_DISCONNECTED' }, 'failed'],
    ['a numeric string status', { answered_at: null, status_code: '486' }, 'busy'],
  ] as const)('disposition: %s -> %s', (_case, change, expected) => {
    expect(cdr({ ...answered, ...change }).disposition).toBe(expected);
  });

  it('derives the duration from the timestamps when PortSIP gives none, and never goes negative', () => {
    expect(cdr({ ...answered, duration: null }).durationSeconds).toBe(245);
    expect(cdr({ ...answered, duration: null, ended_at: null }).durationSeconds).toBe(0);
    expect(cdr({ ...answered, duration: null, ended_at: '2025-03-01T08:29:00Z' }).durationSeconds).toBe(0);
  });

  it('blank parties become empty numbers, not crashes', () => {
    const mapped = cdr({ ...answered, caller: null, caller_display_name: '', caller_domain: null });
    expect(mapped.from).toEqual({ number: '' });
  });

  it('GET /cdrs/{id} {items:[…]} and GET /user/cdrs/{id} {items:{…}} map with the requested id', () => {
    const array = parseWire(keepRaw(WireCdrDetail), fixture('cdr-detail-array.json'), { what: 'fixture' });
    const item = Array.isArray(array.wire.items) ? array.wire.items[0] : array.wire.items;
    const fromArray = toCdr(item!, (array.raw['items'] as Raw[])[0]!, 'c1');
    expect(fromArray).toMatchObject({ id: 'c1', cost: 0.12, disposition: 'answered', durationSeconds: 245 });
    expect(fromArray.raw['billed_account']).toBe('acme');

    const object = parseWire(keepRaw(WireCdrDetail), fixture('cdr-detail-object.json'), { what: 'fixture' });
    expect(Array.isArray(object.wire.items)).toBe(false);
    const fromObject = toCdr(object.wire.items as z.output<typeof WireCdr>, object.raw['items'] as Raw, 'c2');
    expect(fromObject).toMatchObject({ id: 'c2', cost: 0, disposition: 'missed', durationSeconds: 20 });
    CdrSchema.parse(fromArray);
    CdrSchema.parse(fromObject);
  });

  it('22.3 enum values never crash a read: unknown direction, verbatim end reason, everything in raw', () => {
    const list = parseWire(listOf(keepRaw(WireCdrListItem)), fixture('cdr-list-22.3-enums.json'), { what: 'fixture' });
    const [abandoned, conference] = list.items.map(({ wire, raw }) => toCdr(wire, raw, wire.id));
    expect(abandoned).toMatchObject({ direction: 'inbound', disposition: 'missed' });
    expect(abandoned?.raw['reroute_reason']).toBe('QUEUE_ABANDONED');
    expect(conference).toMatchObject({ direction: 'unknown', disposition: 'answered', endReason: 'SYSTEM_DISCONNECTED', durationSeconds: 121 });
    expect(conference?.raw).toMatchObject({ direction: 'CONFERENCE_CALL', end_reason: 'SYSTEM_DISCONNECTED', reroute_reason: 'FORWARDING_NO_ANSWER' });
    for (const c of [abandoned, conference]) CdrSchema.parse(c);
  });

  it('every CDR of the list fixtures maps to a valid unified Cdr', () => {
    for (const name of ['cdr-list.json', 'cdr-list-page1.json', 'cdr-list-page2.json', 'cdr-list-22.3-enums.json'] as const) {
      const list = parseWire(listOf(keepRaw(WireCdrListItem)), fixture(name), { what: 'fixture' });
      for (const { wire, raw } of list.items) CdrSchema.parse(toCdr(wire, raw, wire.id));
    }
  });
});

describe('request bodies built by the mapping', () => {
  const full = {
    extension: '105',
    displayName: 'Dana Dahl',
    email: 'dana@acme.example',
    username: 'dana',
    role: 'StandardUser',
    mobile: '+46709876543',
    department: 'Support',
    enabled: true,
  };

  it('POST /users: required fields, generated secrets, valid against the spec and only declared keys', () => {
    const secrets = createSecrets(full);
    const body = userCreateBody(full, secrets);
    expect(requestBodyProblems('POST /users', body)).toEqual([]);
    expect(undeclaredBodyKeys('POST /users', body)).toEqual([]);
    const account = { name: full.username, extension: full.extension };
    expect(secrets.password).toMatch(/^.{16}$/);
    expect(passwordProblems(secrets.password, account)).toEqual([]);
    expect(passwordProblems(secrets.extensionPassword, account)).toEqual([]);
    expect(secrets.extensionPassword).not.toBe(secrets.password);
    expect(voicemailPinProblems(secrets.voicemailPin)).toEqual([]);
    expect(createSecrets({ ...full, password: 'p', sipPassword: 's', voicemailPin: '482915' })).toEqual({ password: 'p', extensionPassword: 's', voicemailPin: '482915' });
  });

  it('generated PINs are 6 random digits, leading zeros included', () => {
    const pins = Array.from({ length: 300 }, () => createSecrets(full).voicemailPin);
    expect(pins.every((p) => /^[0-9]{6}$/.test(p))).toBe(true);
    expect(new Set(pins).size).toBeGreaterThan(290);
    expect(pins.some((p) => p.startsWith('0'))).toBe(true);
  });

  it('POST /users/{id}: only the changed fields, valid against the spec', () => {
    expect(userUpdateBody({ displayName: 'X' })).toEqual({ display_name: 'X' });
    expect(userUpdateBody({})).toEqual({});
    const body = userUpdateBody({ displayName: 'X', email: 'x@acme.example', mobile: '+46700000000', enabled: false, department: 'D' });
    expect(requestBodyProblems('POST /users/{id}', body)).toEqual([]);
    expect(undeclaredBodyKeys('POST /users/{id}', body)).toEqual([]);
  });

  it('POST /groups and POST /groups/{id}: name and description, only when given', () => {
    expect(groupBody({ name: 'Sales', kind: 'team' })).toEqual({ name: 'Sales' });
    expect(groupBody({ description: 'D' })).toEqual({ description: 'D' });
    const body = groupBody({ name: 'Sales', kind: 'team', description: 'Inside and field sales' });
    expect(body).toEqual({ name: 'Sales', description: 'Inside and field sales' });
    for (const op of ['POST /groups', 'POST /groups/{id}'] as const) {
      expect(requestBodyProblems(op, body)).toEqual([]);
      expect(undeclaredBodyKeys(op, body)).toEqual([]);
    }
  });
});
