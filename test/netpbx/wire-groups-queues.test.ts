/**
 * NetPBX groups and queues on the wire: read-only groups (kind from the group type), members,
 * queues = queue-type groups, agents = members joined with the queue pulse, login/logout via
 * `PUT …/groups/{id}/members/{memberId}` (any group), the live state from the queue pulses, and
 * ASP.NET's route-miss 404 as a configuration error, never "not found".
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, PermissionError, VendorResponseError } from '../../core/errors.js';
import { Wire, fixture, netpbxClient, rejection, useNock } from './support/wire.js';

useNock();

const GROUPS = fixture('groups.json');
const MEMBERS = fixture('group-members.json');
const PULSE = fixture('queuepulse.json');

describe('groups: GET api/v1/groups, …/{id}, …/{id}/members', () => {
  it('lists groups with the kind derived from the group type', async () => {
    const wire = new Wire().login().get('/groups', { reply: GROUPS });
    const groups = await netpbxClient().groups.list().toArray();
    wire.done();
    expect(groups.map((g) => [g.id, g.name, g.kind])).toEqual([
      ['261', 'Reception', 'queue'],
      ['262', 'Support', 'queue'],
      ['263', 'Sales', 'queue'],
      ['264', 'Billing', 'queue'],
      ['265', 'Technicians', 'ring'],
      ['266', 'Warehouse pickup', 'other'],
      // A numeric type is kept in raw, but unipbx cannot tell what it is.
      ['267', 'Legacy', 'other'],
    ]);
    expect(groups[6]!.raw).toEqual(GROUPS[6]);
  });

  it('reads one group by id', async () => {
    const wire = new Wire().login().get('/groups/262', { reply: GROUPS[1] });
    expect(await netpbxClient().groups.get('262')).toMatchObject({ id: '262', name: 'Support', kind: 'queue', vendor: 'netpbx' });
    wire.done();
  });

  it('lists members: MemberId is the user id', async () => {
    const wire = new Wire().login().get('/groups/262/members', { reply: MEMBERS });
    const members = await netpbxClient().groups.members.list('262').toArray();
    wire.done();
    expect(members[0]).toEqual({ groupId: '262', userId: '1042', extension: '1042', displayName: 'Ada Lovelace', raw: MEMBERS[0] });
    expect(members).toHaveLength(4);
  });

  it('a missing group is NotFoundError', async () => {
    const wire = new Wire().login().get('/groups/999', { status: 404, reply: { Message: 'Group not found.' } });
    expect(await rejection(netpbxClient().groups.get('999'))).toBeInstanceOf(NotFoundError);
    wire.done();
  });
});

describe('queues: the queue-type groups', () => {
  it('queues.list is GET api/v1/groups filtered to hunt group with queue, ACD, attendant and customer center groups', async () => {
    const wire = new Wire().login().get('/groups', { reply: GROUPS.slice(0, 5) });
    const queues = await netpbxClient().queues.list().toArray();
    wire.done();
    // Every type is a known name: one request, no queue pulses needed.
    expect(wire.order()).toEqual(['POST /authorizations', 'GET /groups']);
    expect(queues.map((q) => [q.id, q.name, q.extension, q.strategy])).toEqual([
      ['261', 'Reception', '200', 'AttendantGroup'],
      ['262', 'Support', '201', 'CustomerCenterGroup'],
      ['263', 'Sales', '202', 'AcdGroup'],
      ['264', 'Billing', '203', 'HuntGroupWithQueue'],
    ]);
  });

  it('a type that does not tell (a number, an unknown name) is decided by GET api/v1/queuepulses: a queue iff it has a pulse', async () => {
    const wire = new Wire()
      .login()
      .get('/groups', { reply: GROUPS })
      .get('/queuepulses', { reply: [...fixture('queuepulses.json'), { GroupId: 267, Members: [] }] });
    const queues = await netpbxClient().queues.list().toArray();
    wire.done();
    expect(wire.order()).toEqual(['POST /authorizations', 'GET /groups', 'GET /queuepulses']);
    // Known names are trusted (263 and 264 have no pulse here); 266 (CallPickupGroup) has no pulse; 267 (Type 7) has one.
    expect(queues.map((q) => [q.id, q.strategy])).toEqual([
      ['261', 'AttendantGroup'],
      ['262', 'CustomerCenterGroup'],
      ['263', 'AcdGroup'],
      ['264', 'HuntGroupWithQueue'],
      ['267', '7'],
    ]);
  });

  it('numeric types only (Json.NET writes enums as integers by default): the queues are the groups with a pulse, never an empty list', async () => {
    const numeric = GROUPS.slice(0, 6).map((g: Record<string, unknown>, i: number) => ({ ...g, Type: [4, 5, 3, 2, 1, 6][i] }));
    const pulses = [261, 262, 263, 264].map((GroupId) => ({ GroupId, CallsWaiting: 0, Members: [] }));
    const wire = new Wire().login().get('/groups', { reply: numeric }).get('/queuepulses', { reply: pulses });
    const queues = await netpbxClient().queues.list().toArray();
    wire.done();
    expect(queues.map((q) => [q.id, q.name, q.strategy])).toEqual([
      ['261', 'Reception', '4'],
      ['262', 'Support', '5'],
      ['263', 'Sales', '3'],
      ['264', 'Billing', '2'],
    ]);
  });

  it('queues.get of a group with a numeric type asks GET api/v1/queuepulses: a queue with a pulse, NotFoundError without', async () => {
    const pulses = [...fixture('queuepulses.json'), { GroupId: 267, Members: [] }];
    const wire = new Wire()
      .login()
      .get('/groups/267', { reply: GROUPS[6] })
      .get('/queuepulses', { reply: pulses })
      .get('/groups/267', { reply: GROUPS[6] })
      .get('/queuepulses', { reply: fixture('queuepulses.json') });
    const client = netpbxClient();
    expect(await client.queues.get('267')).toMatchObject({ id: '267', name: 'Legacy', strategy: '7' });
    const error = await rejection(client.queues.get('267'));
    wire.done();
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/not a queue \(its type is 7, and NetPBX reports no queue pulse for it\)/);
  });

  it('a route miss on GET api/v1/queuepulses is VendorResponseError, not an empty list', async () => {
    const wire = new Wire().login().get('/groups', { reply: GROUPS }).get('/queuepulses', { status: 404, reply: fixture('error-route-miss.json') });
    const error = await rejection(netpbxClient().queues.list().toArray());
    wire.done();
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error.message).toMatch(/route api\/v1\/queuepulses does not exist at this base URL/);
  });

  it('queues.get of a group that is not a queue type is NotFoundError', async () => {
    const wire = new Wire().login().get('/groups/262', { reply: GROUPS[1] }).get('/groups/265', { reply: GROUPS[4] });
    const client = netpbxClient();
    expect((await client.queues.get('262')).name).toBe('Support');
    const error = await rejection(client.queues.get('265'));
    wire.done();
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/not a queue.*HuntGroup/);
  });

  it('queues.agents: members (who is logged in) joined with the queue pulse (what they do), both GETs', async () => {
    const wire = new Wire().login().get('/groups/262/members', { reply: MEMBERS }).get('/queuepulses/262', { reply: PULSE });
    const agents = await netpbxClient().queues.agents('262').toArray();
    wire.done();
    expect(wire.order().slice(1).sort()).toEqual(['GET /groups/262/members', 'GET /queuepulses/262']);
    expect(agents.map((a) => [a.userId, a.extension, a.loggedIn, a.status])).toEqual([
      ['1042', '1042', true, 'wrap_up'],
      ['1043', '1043', true, 'busy'],
      // Logged out in the member list: logged_out whatever the pulse says.
      ['1044', '1044', false, 'logged_out'],
      // Logged in, but absent from the pulse: unknown, never guessed.
      ['1045', '1045', true, 'unknown'],
    ]);
    expect(agents[0]!.raw).toEqual({ member: MEMBERS[0], pulse: PULSE.Members[0] });
    expect(agents[3]!.raw).toEqual({ member: MEMBERS[3] });
  });

  it('a member the pulse reports logged out while the member list says logged in is unknown (two snapshots disagree)', async () => {
    const wire = new Wire()
      .login()
      .get('/groups/262/members', { reply: [{ ...MEMBERS[0], LoggedIn: true }] })
      .get('/queuepulses/262', { reply: { ...PULSE, Members: [{ MemberId: 1042, Status: 'LoggedOut' }] } });
    expect((await netpbxClient().queues.agents('262').toArray())[0]!.status).toBe('unknown');
    wire.done();
  });

  it('queues.state: waiting callers, longest wait (TimeSpan "00:04:57" = 297 s), agents, the pulse as raw', async () => {
    const wire = new Wire().login().get('/groups/262/members', { reply: MEMBERS }).get('/queuepulses/262', { reply: PULSE });
    const state = await netpbxClient().queues.state('262');
    wire.done();
    expect(state).toMatchObject({ queueId: '262', waitingCallers: 3, longestWaitSeconds: 297, raw: PULSE });
    expect(state.agents.map((a) => a.status)).toEqual(['wrap_up', 'busy', 'logged_out', 'unknown']);
  });

  it('queues.state without waiting figures leaves them out (never undefined keys)', async () => {
    const { CallsWaiting: _c, LongestWaitTime: _l, ...bare } = PULSE;
    const wire = new Wire().login().get('/groups/262/members', { reply: MEMBERS }).get('/queuepulses/262', { reply: { ...bare, CallsWaiting: null } });
    const state = await netpbxClient().queues.state('262');
    wire.done();
    expect(Object.keys(state)).toEqual(['queueId', 'agents', 'raw']);
  });

  it('a 404 from queuepulses/{id} is checked against GET api/v1/queuepulses (the documented route has no slash)', async () => {
    const wire = new Wire()
      .login()
      .get('/groups/262/members', { reply: MEMBERS })
      .get('/queuepulses/262', { status: 404, reply: { Message: 'No HTTP resource was found that matches the request URI.' } })
      .get('/queuepulses', { reply: fixture('queuepulses.json') });
    const state = await netpbxClient().queues.state('262');
    wire.done();
    expect(state.waitingCallers).toBe(3);
  });

  it('… but a route miss on GET api/v1/queuepulses too is VendorResponseError (wrong base URL, or no such route), not NotFoundError', async () => {
    const wire = new Wire()
      .login()
      .get('/groups/262/members', { reply: MEMBERS })
      .get('/queuepulses/262', { status: 404, reply: fixture('error-route-miss.json') })
      .get('/queuepulses', { status: 404, reply: fixture('error-route-miss.json') });
    const error = await rejection(netpbxClient().queues.state('262'));
    wire.done();
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', status: 404, operation: 'queues.state' });
    expect(error.message).toMatch(/route api\/v1\/queuepulses does not exist at this base URL/);
  });

  it('… and a group without a pulse there either is NotFoundError', async () => {
    const wire = new Wire()
      .login()
      .get('/groups/265/members', { reply: MEMBERS })
      .get('/queuepulses/265', { status: 404, reply: { Message: 'Queue status information is only supported for groups with queue.' } })
      .get('/queuepulses', { reply: fixture('queuepulses.json') });
    const error = await rejection(netpbxClient().queues.agents('265').toArray());
    wire.done();
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/no queue pulse/);
  });
});

describe('queues.login / logout: PUT api/v1/groups/{id}/members/{memberId}', () => {
  it('login sends {loggedIn: true}, logout {loggedIn: false}; a user id is the member id', async () => {
    const wire = new Wire()
      .login()
      .put('/groups/262/members/1042', { body: { loggedIn: true } })
      .put('/groups/262/members/1042', { body: { loggedIn: false } });
    const client = netpbxClient();
    await client.queues.login('262', { id: '1042' });
    await client.queues.logout('262', { id: '1042', extension: '1042' });
    wire.done();
    expect(wire.order()).toEqual(['POST /authorizations', 'PUT /groups/262/members/1042', 'PUT /groups/262/members/1042']);
  });

  it('works for any group, as NetPBX documents it: a non-queue group (HuntGroup 265) gets the PUT, and nothing else is sent', async () => {
    const wire = new Wire().login().put('/groups/265/members/1042', { body: { loggedIn: true } }).put('/groups/265/members/1042', { body: { loggedIn: false } });
    const client = netpbxClient();
    await client.queues.login('265', { id: '1042' });
    await client.queues.logout('265', { id: '1042' });
    wire.done();
    expect(wire.order()).toEqual(['POST /authorizations', 'PUT /groups/265/members/1042', 'PUT /groups/265/members/1042']);
  });

  it('a user given by extension only is looked up first (users/extension)', async () => {
    const wire = new Wire()
      .login()
      .get('/users/extension', { query: { extension: '1042' }, reply: fixture('user.json') })
      .put('/groups/262/members/1042', { body: { loggedIn: true } });
    await netpbxClient().queues.login('262', { extension: '1042' });
    wire.done();
  });

  it('an extension nobody has is NotFoundError, and nothing is PUT', async () => {
    const wire = new Wire().login().get('/users/extension', { query: { extension: '7000' }, status: 404, reply: fixture('error-not-found.json') });
    const error = await rejection(netpbxClient().queues.logout('262', { extension: '7000' }));
    wire.done();
    expect(error).toBeInstanceOf(NotFoundError);
    expect(wire.order()).toEqual(['POST /authorizations', 'GET /users/extension?extension=7000']);
  });

  it('403 (a standard user logging in someone else) -> PermissionError', async () => {
    const wire = new Wire().login().put('/groups/262/members/1043', { body: { loggedIn: true }, status: 403, reply: { Message: 'Standard users may only change themselves.' } });
    const error = await rejection(netpbxClient().queues.login('262', { id: '1043' }));
    wire.done();
    expect(error).toBeInstanceOf(PermissionError);
    expect(error.message).toContain('Standard users may only change themselves.');
  });
});
