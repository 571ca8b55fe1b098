/**
 * Every payload-shape ASSUMPTION of docs/netpbx.md, tested explicitly: PascalCase and camelCase
 * bodies parse alike; each key the mapping relies on is required (a missing one is a
 * `VendorResponseError` naming it, never `undefined` in the model); unknown keys stay in
 * `raw`; ids may be integers; lists are bare arrays; errors are ASP.NET `HttpError`s.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError, VendorResponseError, type FieldIssue } from '../../core/errors.js';
import { keepRaw } from '../../core/wire.js';
import { parseNetPbxError } from '../../adapters/netpbx/errors.js';
import { agentStatus, groupKind, toPulseStatus } from '../../adapters/netpbx/map.js';
import { WireGroup, WireMember, WirePulseMember, WireUser, parseTimeSpan, wirePulse } from '../../adapters/netpbx/wire.js';
import { Wire, fixture, netpbxClient, rejection, useNock } from './support/wire.js';

useNock();

/** PascalCase keys -> camelCase, deeply (what a CamelCasePropertyNamesContractResolver writes). */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [/^[A-Z]/.test(k) ? k[0]!.toLowerCase() + k.slice(1) : k, camel(v)]));
}
const without = (object: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
const issues = (error: unknown): FieldIssue[] => [...(error as VendorResponseError).issues];

describe('assumption: keys are PascalCase, matched case-insensitively (camelCase servers work too)', () => {
  it('user: the PascalCase and camelCase fixtures give the same user, each keeping its own raw', async () => {
    const wire = new Wire().login().get('/users/1', { reply: fixture('user.json') }).get('/users/2', { reply: fixture('user-camel.json') });
    const client = netpbxClient();
    const [pascal, camelCase] = [await client.users.get('1'), await client.users.get('2')];
    wire.done();
    expect({ ...camelCase, raw: undefined }).toEqual({ ...pascal, raw: undefined });
    expect(pascal.raw).toEqual(fixture('user.json'));
    expect(camelCase.raw).toEqual(fixture('user-camel.json'));
  });

  it('groups, members and pulses: camelCase equals PascalCase', async () => {
    const replies = { groups: fixture('groups.json'), members: fixture('group-members.json'), pulse: fixture('queuepulse.json') };
    const wire = new Wire()
      .login()
      .get('/groups', { reply: replies.groups })
      .get('/groups', { reply: camel(replies.groups) })
      .get('/groups/262/members', { reply: replies.members })
      .get('/queuepulses/262', { reply: replies.pulse })
      .get('/groups/262/members', { reply: camel(replies.members) })
      .get('/queuepulses/262', { reply: camel(replies.pulse) });
    const client = netpbxClient();
    const strip = <T extends { raw: unknown }>(items: T[]) => items.map((i) => ({ ...i, raw: undefined }));
    expect(strip(await client.groups.list().toArray())).toEqual(strip(await client.groups.list().toArray()));
    const [a, b] = [await client.queues.state('262'), await client.queues.state('262')];
    wire.done();
    expect({ ...b, raw: undefined, agents: strip(b.agents) }).toEqual({ ...a, raw: undefined, agents: strip(a.agents) });
    expect(a.longestWaitSeconds).toBe(297);
  });

  it('any casing of a key works (UPPERCASE too)', () => {
    const upper = Object.fromEntries(Object.entries(fixture('user.json')).map(([k, v]) => [k.toUpperCase(), v]));
    expect(keepRaw(WireUser).parse(upper).wire).toMatchObject({ UserId: '1042', FirstName: 'Ada', MobileNumber: '+46701234567' });
  });
});

describe('assumption: every key the mapping reads is present (Json.NET writes nulls); values may be null or ""', () => {
  const user = fixture('user.json');
  it.each(['UserId', 'FirstName', 'LastName', 'Email', 'Extension', 'MobileNumber'])('a user without %s is VendorResponseError naming it', async (key) => {
    const wire = new Wire().login().get('/users/1042', { reply: without(user, key) });
    const error = await rejection(netpbxClient().users.get('1042'));
    wire.done();
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(issues(error)).toEqual([{ field: key, message: 'missing' }]);
    expect(error.message).toContain(`${key}: missing`);
  });

  it('in a list, the issue names the item index too', async () => {
    const users = fixture('users.json');
    const wire = new Wire().login().get('/users', { reply: [users[0], without(users[1], 'Email')] });
    const error = await rejection(netpbxClient().users.list().page());
    wire.done();
    expect(issues(error)).toEqual([{ field: '1.Email', message: 'missing' }]);
  });

  it('null and "" are "not set": the model leaves the field out', () => {
    const parsed = keepRaw(WireUser).parse(fixture('users.json')[2]);
    expect(parsed.wire).toMatchObject({ FirstName: undefined, LastName: undefined, Email: undefined, Extension: '1043' });
  });

  it('optional keys (UserName, Role) may be absent', () => {
    const parsed = keepRaw(WireUser).parse(without(without(user, 'UserName'), 'Role'));
    expect(parsed.wire.UserName).toBeUndefined();
  });

  it('a wrong type is named too', () => {
    const result = keepRaw(WireUser).safeParse({ ...user, Email: 42 });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['Email', 'expected a string or null']]);
  });

  it.each([
    ['group', WireGroup, fixture('groups.json')[0], ['GroupId', 'Name', 'Type']],
    ['member', WireMember, fixture('group-members.json')[0], ['MemberId', 'LoggedIn']],
    ['pulse member', WirePulseMember, fixture('queuepulse.json').Members[0], ['MemberId', 'Status']],
    ['pulse', wirePulse(WirePulseMember), fixture('queuepulse.json'), ['GroupId', 'Members']],
  ] as const)('%s: each required key missing is named', (_what, schema, body, keys) => {
    for (const key of keys) {
      const result = keepRaw(schema).safeParse(without(body as Record<string, unknown>, key));
      expect(result.error?.issues.map((i) => [i.path.join('.'), i.message]), key).toEqual([[key, 'missing']]);
    }
  });

  it('a group reply missing Type fails the read of queues too (no guessing whether it is a queue)', async () => {
    const wire = new Wire().login().get('/groups', { reply: [without(fixture('groups.json')[0], 'Type')] });
    const error = await rejection(netpbxClient().queues.list().page());
    wire.done();
    expect(issues(error)).toEqual([{ field: '0.Type', message: 'missing' }]);
  });

  it('a pulse member without Status fails queues.state with the path to it', async () => {
    const pulse = fixture('queuepulse.json');
    const wire = new Wire()
      .login()
      .get('/groups/262/members', { reply: fixture('group-members.json') })
      .get('/queuepulses/262', { reply: { ...pulse, Members: [{ MemberId: 1042 }] } });
    const error = await rejection(netpbxClient().queues.state('262'));
    wire.done();
    expect(issues(error)).toEqual([{ field: 'Members.0.Status', message: 'missing' }]);
  });
});

describe('assumption: ids are integers or strings; Id is read when UserId / GroupId / MemberId is absent', () => {
  it('integer ids become strings', () => {
    expect(keepRaw(WireUser).parse(fixture('user.json')).wire.UserId).toBe('1042');
    expect(keepRaw(WireGroup).parse({ GroupId: 'g-1', Name: 'X', Type: null }).wire.GroupId).toBe('g-1');
  });

  it.each([
    ['UserId', WireUser, fixture('user.json')],
    ['GroupId', WireGroup, fixture('groups.json')[0]],
    ['MemberId', WireMember, fixture('group-members.json')[0]],
  ] as const)('Id stands in for %s, and raw keeps Id as sent', (key, schema, body) => {
    const sent = { ...without(body as Record<string, unknown>, key), Id: 77 };
    const parsed = keepRaw(schema).parse(sent) as { wire: Record<string, unknown>; raw: unknown };
    expect(parsed.wire[key]).toBe('77');
    expect(parsed.raw).toEqual(sent);
  });

  it('members and pulse members may say UserId instead of MemberId (documented: the same number)', () => {
    expect(keepRaw(WireMember).parse({ UserId: 5, LoggedIn: false }).wire.MemberId).toBe('5');
    expect(keepRaw(WirePulseMember).parse({ userId: 5, status: 'Busy' }).wire.MemberId).toBe('5');
  });

  it('an extension sent as a number is a string in the model', () => {
    expect(keepRaw(WireUser).parse({ ...fixture<Record<string, unknown>>('user.json'), Extension: 1042 }).wire.Extension).toBe('1042');
  });

  it('an empty id is refused', () => {
    expect(keepRaw(WireUser).safeParse({ ...fixture<Record<string, unknown>>('user.json'), UserId: ' ' }).success).toBe(false);
  });
});

describe('assumption: unknown keys are kept in raw (secret-named ones masked)', () => {
  it('Language, IsMexUser and any other key stay in raw as sent', async () => {
    const reply = { ...fixture('user.json'), TenantId: 12, Presence: { Text: 'In a meeting' } };
    const wire = new Wire().login().get('/users/1042', { reply });
    const user = await netpbxClient().users.get('1042');
    wire.done();
    expect(user.raw).toEqual(reply);
    expect(Object.keys(user)).not.toContain('TenantId');
  });

  it('whoami: an api_token in the reply is masked in raw', async () => {
    const wire = new Wire().login().get('/authorizations', { reply: fixture('login.json') });
    const me = await netpbxClient().whoami();
    wire.done();
    expect(me.raw['api_token']).toBe('[REDACTED]');
    expect(JSON.stringify(me)).not.toContain(fixture('login.json').api_token);
  });
});

describe('assumption: lists are bare JSON arrays, without paging', () => {
  it.each([{ Items: fixture('users.json') }, { value: fixture('users.json') }, null])('a list reply %j is VendorResponseError', async (reply) => {
    const wire = new Wire().login().get('/users', { reply });
    const error = await rejection(netpbxClient().users.list().page());
    wire.done();
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error.message).toMatch(/expected a JSON array/);
  });
});

describe('assumption: LongestWaitTime is seconds or a .NET TimeSpan; CallsWaiting optional', () => {
  it.each([
    ['00:00:00', 0],
    ['00:04:57', 297],
    ['01:00:01', 3601],
    ['1.02:03:04', 93_784],
    ['00:00:01.5000000', 1.5],
  ])('TimeSpan %s = %d s', (text, expected) => expect(parseTimeSpan(text)).toBe(expected));

  it.each(['4:57', '00:61:00', '-00:00:05', 'PT5M', ''])('%j is not a TimeSpan', (text) => expect(parseTimeSpan(text)).toBeUndefined());

  it('a number is seconds; garbage is VendorResponseError naming LongestWaitTime', () => {
    const schema = keepRaw(wirePulse(keepRaw(WirePulseMember)));
    const pulse = fixture('queuepulse.json');
    expect(schema.parse({ ...pulse, LongestWaitTime: 42 }).wire.LongestWaitTime).toBe(42);
    expect(schema.safeParse({ ...pulse, LongestWaitTime: 'soon' }).error?.issues[0]?.path).toEqual(['LongestWaitTime']);
    expect(schema.parse(without(pulse, 'CallsWaiting')).wire.CallsWaiting).toBeUndefined();
  });
});

describe('assumption: group types and member statuses are names; unknown ones never crash', () => {
  it.each([
    ['HuntGroupWithQueue', 'queue'],
    ['Hunt group with queue', 'queue'],
    ['hunt_group_with_queue', 'queue'],
    ['ACD', 'queue'],
    ['AcdGroup', 'queue'],
    ['Attendant group', 'queue'],
    ['CustomerCenterGroup', 'queue'],
    ['Customer centre group', 'queue'],
    ['HuntGroup', 'ring'],
    ['CallPickupGroup', 'other'],
    [3, 'other'],
    [null, 'other'],
  ] as const)('type %j -> kind %s', (type, kind) => expect(groupKind(type)).toBe(kind));

  it.each([
    ['Available', 'ready'],
    ['Busy', 'busy'],
    ['Ringing', 'busy'],
    ['WrapUp', 'wrap_up'],
    ['Wrap-up', 'wrap_up'],
    ['Paused', 'not_ready'],
    ['LoggedOut', 'logged_out'],
    ['Offline', 'offline'],
    ['Teleporting', 'unknown'],
    [2, 'unknown'],
    [null, 'unknown'],
  ] as const)('pulse status %j -> %s', (status, expected) => expect(toPulseStatus(status)).toBe(expected));

  it('logged-in state comes from the member list; the pulse only says what a logged-in member does', () => {
    expect(agentStatus(false, 'busy')).toBe('logged_out');
    expect(agentStatus(true, undefined)).toBe('unknown');
    expect(agentStatus(true, 'logged_out')).toBe('unknown');
    expect(agentStatus(true, 'offline')).toBe('offline');
  });
});

describe('assumption: errors are ASP.NET HttpError bodies ({Message}, ModelState), any casing', () => {
  it('{Message} and {message} give the message', () => {
    expect(parseNetPbxError(fixture('error-not-found.json'))).toEqual({ message: 'User not found.' });
    expect(parseNetPbxError(fixture('error-camel.json'))).toEqual({ message: 'The email address is already used by another user.' });
  });

  it('ModelState names the fields, without the action parameter prefix', () => {
    expect(parseNetPbxError({ message: 'The request is invalid.', modelState: { 'request.Email': ['bad'], '': 'whole body' } })).toEqual({
      message: 'The request is invalid.; Email: bad; whole body',
      fields: [
        { field: 'Email', message: 'bad' },
        { field: '', message: 'whole body' },
      ],
    });
  });

  it('a non-HttpError body gives nothing (the status decides)', () => {
    expect(parseNetPbxError('<html>')).toBeUndefined();
    expect(parseNetPbxError({ error: 'x' })).toBeUndefined();
  });

  it('400 + ModelState from the wire is a vendor ValidationError with field issues', async () => {
    const wire = new Wire()
      .login()
      .put('/users/1042/email', { body: { email: 'ada.l@example.com' }, status: 400, reply: { Message: 'The request is invalid.', ModelState: { 'request.Email': ['The Email field is not a valid e-mail address.'] } } });
    const error = await rejection(netpbxClient().users.update('1042', { email: 'ada.l@example.com' }));
    wire.done();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ source: 'vendor', status: 400, issues: [{ field: 'Email', message: 'The Email field is not a valid e-mail address.' }] });
  });

  it('an HTML error page (IIS) still gives a typed error by status', async () => {
    const wire = new Wire().login().get('/users/1042', { status: 404, rawReply: '<html><body>404 - File or directory not found.</body></html>', headers: { 'content-type': 'text/html' } });
    expect(await rejection(netpbxClient().users.get('1042'))).toBeInstanceOf(NotFoundError);
    wire.done();
  });
});
