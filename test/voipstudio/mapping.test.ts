/**
 * VoIPStudio wire → unified model, as pure functions: the enum tables (CDR `type`,
 * `disposition`, queue `status`), `charge` as number or string, Asterisk-style `duration` /
 * `billsec`, `calldate` as UTC, blank values, unknown values → `unknown` with `raw` kept.
 */
import { describe, expect, it } from 'vitest';
import { CdrSchema, GroupSchema, QueueMembershipSchema, QueueSchema, UserSchema } from '../../core/model.js';
import { keepRaw, parseWire } from '../../core/wire.js';
import { parseVoipStudioError } from '../../adapters/voipstudio/errors.js';
import { calldateRange, datetimeText, filterParam, condition } from '../../adapters/voipstudio/filter.js';
import { agentState, cdrDirection, cdrDisposition, toCdr, toGroup, toMembership, toQueue, toUser, userPatchBody, wireId } from '../../adapters/voipstudio/map.js';
import { WireCdr, WireGroup, WireQueue, WireQueueUser, WireUser, dataOf, listOf } from '../../adapters/voipstudio/wire.js';
import { fixture } from './support/fixtures.js';

const ctx = { vendor: 'voipstudio', operation: 'test', what: 'reply' };
const users = (name: 'users-page1.json' | 'users-page2.json') => parseWire(listOf(keepRaw(WireUser)), fixture(name), ctx).data.map(({ wire, raw }) => toUser(wire, raw));
const cdrs = () => parseWire(listOf(keepRaw(WireCdr)), fixture('cdrs.json'), ctx).data.map(({ wire, raw }) => toCdr(wire, raw));
const cdr = (record: Record<string, unknown>) => {
  const { wire, raw } = parseWire(keepRaw(WireCdr), { id: 1, calldate: '2025-01-14 10:00:00', ...record }, ctx);
  return toCdr(wire, raw);
};

describe('users', () => {
  it('maps the User model: ext → extension, first/last name → displayName, active → enabled, roles → role', () => {
    const [admin, ada] = users('users-page1.json');
    expect(ada).toMatchObject({ id: '4721', extension: '1001', displayName: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@acme.example', mobile: '+447700900123', enabled: true, role: 'ROLE_USER', vendor: 'voipstudio' });
    expect(admin).toMatchObject({ id: '4720', extension: '100', role: 'ROLE_ADMIN', enabled: true });
    expect(admin!.mobile).toBeUndefined();
    for (const user of [admin, ada]) UserSchema.parse(user);
  });

  it('blank fields are absent; active 0 is disabled; without a name the email, then the extension names the user', () => {
    const [blank] = users('users-page2.json');
    expect(blank).toEqual({ id: '4725', extension: '1002', displayName: '1002', enabled: false, vendor: 'voipstudio', raw: fixture('users-page2.json').data[0] });
  });

  it('ext sent as a number is a string; raw keeps the number', () => {
    const ada = users('users-page1.json')[1]!;
    expect(ada.extension).toBe('1001');
    expect(ada.raw['ext']).toBe(1001);
  });

  it('secret-named fields are masked in raw, nothing else is touched', () => {
    const { data } = parseWire(dataOf(keepRaw(WireUser)), fixture('user.json'), ctx);
    const user = toUser(data.wire, data.raw);
    expect(user.raw).toEqual({ ...fixture('user.json').data, vm_pin: '[REDACTED]', legacy_api_key: '[REDACTED]' });
  });

  it('a user without an id is refused, naming the field', () => {
    expect(() => parseWire(dataOf(keepRaw(WireUser)), { data: { email: 'x@acme.example' } }, ctx)).toThrow(/data\.id/);
  });

  it('userPatchBody sends only what changes, with VoIPStudio names', () => {
    expect(userPatchBody({ email: 'a@b.example' })).toEqual({ email: 'a@b.example' });
    expect(userPatchBody({ firstName: '', lastName: 'K', mobile: '+44', enabled: false })).toEqual({ first_name: '', last_name: 'K', mobile: '+44', active: false });
  });
});

describe('teams and queues', () => {
  it('usergroups are teams; color stays in raw', () => {
    const group = parseWire(listOf(keepRaw(WireGroup)), fixture('usergroups.json'), ctx).data.map(({ wire, raw }) => toGroup(wire, raw))[0]!;
    expect(GroupSchema.parse(group)).toEqual({ id: '218', name: 'Sales', kind: 'team', vendor: 'voipstudio', raw: { id: 218, color: '#e91e63', name: 'Sales' } });
  });

  it('team ids inside a user may be integers, strings or {id} objects', () => {
    const { wire } = parseWire(keepRaw(WireUser), { id: 1, groups: [218, '230', { id: 241, name: 'Night' }] }, ctx);
    expect(wire.groups).toEqual(['218', '230', '241']);
  });

  it('queues: number → extension (number or string), ring_strategy → strategy', () => {
    const queues = parseWire(listOf(keepRaw(WireQueue)), fixture('queues.json'), ctx).data.map(({ wire, raw }) => toQueue(wire, raw));
    expect(queues.map((q) => QueueSchema.parse(q)).map((q) => [q.id, q.extension, q.strategy])).toEqual([
      ['301', '8000', 'ringall'],
      ['305', '8001', 'leastrecent'],
    ]);
  });

  it.each([
    [true, true, 'ready'],
    [1, true, 'ready'],
    ['1', true, 'ready'],
    ['true', true, 'ready'],
    [false, false, 'logged_out'],
    [0, false, 'logged_out'],
    ['0', false, 'logged_out'],
    ['paused', false, 'unknown'],
    [null, false, 'unknown'],
    [undefined, false, 'unknown'],
    [2, false, 'unknown'],
  ])('queue member status %j → loggedIn %s, %s', (status, loggedIn, mapped) => {
    expect(agentState(status)).toEqual({ loggedIn, status: mapped });
  });

  it('members keep their raw entry', () => {
    const { wire, raw } = parseWire(keepRaw(WireQueueUser), { id: 4722, first_name: 'Alan', last_name: '', status: 'later' }, ctx);
    expect(QueueMembershipSchema.parse(toMembership('301', wire, raw))).toEqual({ queueId: '301', userId: '4722', displayName: 'Alan', loggedIn: false, status: 'unknown', raw: { id: 4722, first_name: 'Alan', last_name: '', status: 'later' } });
  });
});

describe('CDRs', () => {
  it.each([
    ['I', 'inbound'],
    ['O', 'outbound'],
    ['M', 'inbound'],
    ['o', 'outbound'],
    ['X', 'unknown'],
    [undefined, 'unknown'],
  ])('type %j → direction %s', (type, direction) => {
    expect(cdrDirection(type)).toBe(direction);
  });

  it.each([
    ['CONNECTED', 'O', 'answered'],
    ['ANSWERED', 'I', 'answered'],
    ['NO ANSWER', 'O', 'missed'],
    ['no answer', 'I', 'missed'],
    ['NOANSWER', 'I', 'missed'],
    ['BUSY', 'O', 'busy'],
    ['FAILED', 'O', 'failed'],
    ['CONGESTION', 'O', 'failed'],
    ['TRANSFERRED', 'I', 'unknown'],
    [undefined, 'O', 'unknown'],
    // Type M is the missed-call log: missed whatever its disposition says.
    [undefined, 'M', 'missed'],
    ['SOMETHING NEW', 'M', 'missed'],
    ['BUSY', 'M', 'missed'],
    ['CONNECTED', 'M', 'missed'],
    ['ANSWERED', ' m ', 'missed'],
  ])('disposition %j with type %j → %s', (disposition, type, mapped) => {
    expect(cdrDisposition({ disposition, type })).toBe(mapped);
  });

  it('maps every record of cdrs.json to a valid unified Cdr, unknown values to unknown with raw kept', () => {
    const records = cdrs();
    for (const record of records) CdrSchema.parse(record);
    expect(records.map((c) => [c.id, c.direction, c.disposition, c.cost])).toEqual([
      ['5014980', 'inbound', 'answered', 0],
      ['5014983', 'outbound', 'answered', 0.045],
      ['5014990', 'inbound', 'missed', 0],
      ['5014991', 'outbound', 'busy', 0],
      ['5014995', 'outbound', 'failed', undefined],
      ['5014999', 'unknown', 'unknown', undefined],
    ]);
    expect(records[5]!.raw).toMatchObject({ type: 'X', disposition: 'TRANSFERRED', charge: 'n/a' });
  });

  it('charge as a number or a numeric string is cost; null, garbage, NaN are no cost', () => {
    expect(cdr({ charge: 0.02 }).cost).toBe(0.02);
    expect(cdr({ charge: '0.0450' }).cost).toBe(0.045);
    expect(cdr({ charge: ' 1.5 ' }).cost).toBe(1.5);
    expect(cdr({ charge: '-0.10' }).cost).toBe(-0.1);
    for (const charge of [null, '', 'n/a', '0,02', '€0.02', {}, [], true]) expect(cdr({ charge }).cost).toBeUndefined();
  });

  it('calldate is UTC; duration is start→end and billsec answer→end (Asterisk semantics)', () => {
    const answered = cdr({ calldate: '2025-01-14 10:15:00', duration: 125, billsec: 118, disposition: 'CONNECTED', type: 'O' });
    expect(answered.startedAt.toISOString()).toBe('2025-01-14T10:15:00.000Z');
    expect(answered.endedAt?.toISOString()).toBe('2025-01-14T10:17:05.000Z');
    expect(answered.answeredAt?.toISOString()).toBe('2025-01-14T10:15:07.000Z');
    expect([answered.durationSeconds, answered.talkSeconds]).toEqual([125, 118]);
    const missed = cdr({ duration: '21', billsec: '0', disposition: 'NO ANSWER', type: 'M' });
    expect(missed.answeredAt).toBeUndefined();
    expect([missed.durationSeconds, missed.talkSeconds]).toEqual([21, 0]);
  });

  it('a type M record with disposition CONNECTED and a billsec (someone else answered) is missed: no answer, no talk, raw kept', () => {
    const record = { calldate: '2025-01-14 10:15:00', duration: 40, billsec: 31, disposition: 'CONNECTED', type: 'M' };
    const missed = cdr(record);
    expect(missed).toMatchObject({ direction: 'inbound', disposition: 'missed', durationSeconds: 40, talkSeconds: 0 });
    expect(missed.answeredAt).toBeUndefined();
    expect(missed.raw).toEqual({ id: 1, ...record });
    CdrSchema.parse(missed);
  });

  it('no duration: no end and durationSeconds 0; unanswered without billsec: talk 0; an ISO calldate with a zone is accepted', () => {
    const bare = cdr({ calldate: '2025-01-14T10:15:00+01:00', disposition: 'BUSY' });
    expect(bare.startedAt.toISOString()).toBe('2025-01-14T09:15:00.000Z');
    expect(bare).toMatchObject({ durationSeconds: 0, talkSeconds: 0 });
    expect(bare.endedAt).toBeUndefined();
    const noBillsec = cdr({ duration: 30, disposition: 'CONNECTED' });
    expect(noBillsec.talkSeconds).toBeUndefined();
    expect(noBillsec.answeredAt).toBeUndefined();
  });

  it('src_name, else the name in clid, names the caller; numbers may be integers', () => {
    expect(cdr({ src: 1001, clid: '"Ada Lovelace" <1001>' }).from).toEqual({ number: '1001', name: 'Ada Lovelace' });
    expect(cdr({ src: '1001', src_name: 'Ada L', clid: '"Other" <1001>' }).from).toEqual({ number: '1001', name: 'Ada L' });
    expect(cdr({ src: '441615032756', clid: '<441615032756>' }).from).toEqual({ number: '441615032756' });
  });

  it('a record without calldate, or with a garbage one, is refused naming the field', () => {
    expect(() => parseWire(keepRaw(WireCdr), { id: 1 }, ctx)).toThrow(/calldate/);
    expect(() => parseWire(keepRaw(WireCdr), { id: 1, calldate: '14/01/2025 10:00' }, ctx)).toThrow(/calldate/);
    expect(() => parseWire(keepRaw(WireCdr), { id: 1, calldate: '2025-01-14 10:00:00 local' }, ctx)).toThrow(/calldate/);
  });
});

describe('filters and ids', () => {
  it('filterParam is the JSON array of conditions; values stay JSON strings (no injection)', () => {
    const text = filterParam(condition('email', 'eq', '"],[{"property":"is_root"'), undefined);
    expect(JSON.parse(text!)).toEqual([{ property: 'email', operator: 'eq', value: '"],[{"property":"is_root"' }]);
    expect(filterParam()).toBeUndefined();
  });

  it('calldateRange: [from, to) in whole seconds, UTC', () => {
    expect(calldateRange(new Date('2025-01-14T00:00:00Z'), new Date('2025-01-15T00:00:00Z'))).toEqual([
      { property: 'calldate', operator: 'gte', value: '2025-01-14 00:00:00' },
      { property: 'calldate', operator: 'lte', value: '2025-01-14 23:59:59' },
    ]);
    expect(calldateRange(new Date('2025-01-14T00:00:00.001Z'), undefined)).toEqual([{ property: 'calldate', operator: 'gte', value: '2025-01-14 00:00:01' }]);
    expect(calldateRange(undefined, new Date('2025-01-14T00:00:00.001Z'))).toEqual([{ property: 'calldate', operator: 'lte', value: '2025-01-14 00:00:00' }]);
    expect(datetimeText(Date.UTC(2025, 11, 31, 23, 59, 59))).toBe('2025-12-31 23:59:59');
  });

  it('wireId: decimal ids travel as JSON numbers, anything else as given', () => {
    expect(wireId('4721')).toBe(4721);
    expect(wireId('00012')).toBe(12);
    expect(wireId('9007199254740993')).toBe('9007199254740993');
    expect(wireId('abc')).toBe('abc');
  });
});

describe('parseVoipStudioError', () => {
  it('reads {message, errors:[{field, message}]}', () => {
    expect(parseVoipStudioError(fixture('error-validation.json'))).toEqual({
      message: 'Validation error (email: This value is already used.; mobile: This value is not a valid phone number.)',
      fields: [
        { field: 'email', message: 'This value is already used.' },
        { field: 'mobile', message: 'This value is not a valid phone number.' },
      ],
    });
    expect(parseVoipStudioError(fixture('error-login.json'))).toEqual({ message: 'Invalid email or password' });
  });

  it('keeps a code when there is one; entries without a message are skipped; `property` names a field too', () => {
    expect(parseVoipStudioError({ code: 'E42', message: 'Nope', errors: [{ field: 'x' }, { property: 'y', message: 'bad' }] })).toEqual({ code: 'E42', message: 'Nope (y: bad)', fields: [{ field: 'y', message: 'bad' }] });
  });

  it('is undefined for bodies that are not VoIPStudio errors', () => {
    for (const body of [undefined, null, 'text', [], {}, { message: '' }, { errors: [] }, { data: {} }]) expect(parseVoipStudioError(body)).toBeUndefined();
  });
});
