/**
 * VoIPStudio queues on the wire: `GET /queues`, `GET /queues/{id}`, the members with
 * `?include=users&fields[users]=id,first_name,last_name,status`, and every membership change
 * (add, remove, join = login, leave = logout) as `PATCH /queues/{id}?include=users
 * {users:[{id, status}, …]}` carrying every member — read, write, verify.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnsupportedOperationError, VendorResponseError } from '../../core/errors.js';
import { fixture } from './support/fixtures.js';
import { WireMock, rejection, useNock, vsClient } from './support/wire.js';

useNock();

const MEMBERS = { include: 'users', 'fields[users]': 'id,first_name,last_name,status' };
const WRITE = { include: 'users' };

/** `GET /queues/301?include=users…` with these members. */
const queueWith = (users: Array<{ id: number; status: unknown }>) => ({
  data: { ...fixture('queue-with-users.json').data, users: users.map((u) => ({ first_name: 'A', last_name: 'B', ...u })) },
  links: {},
});
const SEEDED = [
  { id: 4721, status: true },
  { id: 4722, status: false },
  { id: 4725, status: 1 },
];

describe('queues.list / get', () => {
  it('GET /queues?page&limit and GET /queues/{id}: number → extension, ring_strategy → strategy', async () => {
    const wire = new WireMock().login().get('/queues', { query: { page: '1', limit: '200' }, fixture: 'queues.json' }).get('/queues/301', { fixture: 'queue.json' });
    const client = vsClient();
    const queues = await client.queues.list().toArray();
    expect(queues.map((q) => [q.id, q.name, q.extension, q.strategy])).toEqual([
      ['301', 'Support', '8000', 'ringall'],
      ['305', 'Sales', '8001', 'leastrecent'],
    ]);
    expect((await client.queues.get('301')).raw['users']).toEqual([4721, 4722, 4725]);
    wire.done();
  });
});

describe('queues.agents: GET /queues/{id}?include=users&fields[users]=id,first_name,last_name,status', () => {
  it('maps status true / 1 to joined (ready, logged in) and false to left (logged_out)', async () => {
    const wire = new WireMock().login().get('/queues/301', { query: MEMBERS, fixture: 'queue-with-users.json' });
    const agents = await vsClient().queues.agents('301').toArray();
    expect(agents.map((a) => [a.queueId, a.userId, a.displayName, a.loggedIn, a.status])).toEqual([
      ['301', '4721', 'Ada Lovelace', true, 'ready'],
      ['301', '4722', 'Alan Turing', false, 'logged_out'],
      ['301', '4725', 'Grace Hopper', true, 'ready'],
    ]);
    expect(agents[1]!.raw).toEqual({ id: 4722, first_name: 'Alan', last_name: 'Turing', status: false });
    wire.done();
  });

  it('a status that is not a boolean is unknown (not logged in), raw kept', async () => {
    const wire = new WireMock().login().get('/queues/301', { query: MEMBERS, fixture: 'queue-users-unknown-status.json' });
    const [agent] = await vsClient().queues.agents('301').toArray();
    expect(agent).toMatchObject({ status: 'unknown', loggedIn: false, raw: { status: 'paused' } });
    wire.done();
  });

  it('members as bare ids (include ignored) are VendorResponseError', async () => {
    const wire = new WireMock().login().get('/queues/301', { query: MEMBERS, fixture: 'queue-users-as-ids.json' });
    expect(await rejection(vsClient().queues.agents('301').toArray())).toBeInstanceOf(VendorResponseError);
    wire.done();
  });
});

describe('membership changes: PATCH /queues/{id}?include=users {users:[{id, status}, …]} with every member', () => {
  it('addAgent appends {id, status: false} and sends the others with their status as read (true, false, 1)', async () => {
    const wire = new WireMock()
      .login()
      .get('/queues/301', { query: MEMBERS, reply: queueWith(SEEDED) })
      .patch('/queues/301', { query: WRITE, body: { users: [...SEEDED, { id: 4730, status: false }] }, reply: queueWith([...SEEDED, { id: 4730, status: false }]) })
      .get('/queues/301', { query: MEMBERS, reply: queueWith([...SEEDED, { id: 4730, status: false }]) });
    await vsClient().queues.addAgent('301', { id: '4730' });
    wire.done();
  });

  it('addAgent of a member writes nothing; skillLevel is refused before any request', async () => {
    const wire = new WireMock().login().get('/queues/301', { query: MEMBERS, reply: queueWith(SEEDED) });
    const client = vsClient();
    await client.queues.addAgent('301', { id: '4722' });
    expect(await rejection(client.queues.addAgent('301', { id: '4722' }, { skillLevel: 5 }))).toBeInstanceOf(UnsupportedOperationError);
    wire.done();
  });

  it('removeAgent sends the list without the agent; removing a non-agent writes nothing', async () => {
    const rest = SEEDED.filter((u) => u.id !== 4722);
    const wire = new WireMock()
      .login()
      .get('/queues/301', { query: MEMBERS, reply: queueWith(SEEDED) })
      .patch('/queues/301', { query: WRITE, body: { users: rest }, reply: queueWith(rest) })
      .get('/queues/301', { query: MEMBERS, reply: queueWith(rest) })
      .get('/queues/301', { query: MEMBERS, reply: queueWith(rest) });
    const client = vsClient();
    await client.queues.removeAgent('301', { id: '4722' });
    await client.queues.removeAgent('301', { id: '4722' });
    wire.done();
  });

  it('login sets the agent to status true (join), logout to false (leave); the others unchanged', async () => {
    const joined = [{ id: 4721, status: true }, { id: 4722, status: true }, { id: 4725, status: 1 }];
    const left = [{ id: 4721, status: false }, { id: 4722, status: true }, { id: 4725, status: 1 }];
    const wire = new WireMock()
      .login()
      .get('/queues/301', { query: MEMBERS, reply: queueWith(SEEDED) })
      .patch('/queues/301', { query: WRITE, body: { users: joined }, reply: queueWith(joined) })
      .get('/queues/301', { query: MEMBERS, reply: queueWith(joined) })
      .get('/queues/301', { query: MEMBERS, reply: queueWith(joined) })
      .patch('/queues/301', { query: WRITE, body: { users: left }, reply: queueWith(left) })
      .get('/queues/301', { query: MEMBERS, reply: queueWith(left) });
    const client = vsClient();
    await client.queues.login('301', { id: '4722' });
    await client.queues.logout('301', { id: '4721' });
    wire.done();
  });

  it('an agent whose status is not a flag ("paused") is logged out with an explicit status false, the others as read', async () => {
    const paused = [{ id: 4721, status: 'paused' }, { id: 4722, status: false }, { id: 4725, status: 'paused' }];
    const left = [{ id: 4721, status: false }, { id: 4722, status: false }, { id: 4725, status: 'paused' }];
    const wire = new WireMock()
      .login()
      .get('/queues/301', { query: MEMBERS, reply: queueWith(paused) })
      .patch('/queues/301', { query: WRITE, body: { users: left }, reply: queueWith(left) })
      .get('/queues/301', { query: MEMBERS, reply: queueWith(left) });
    await vsClient().queues.logout('301', { id: '4721' });
    wire.done();
  });

  it('a logout is only done when the verifying read says false: a status still not a flag is a lost change (ConflictError)', async () => {
    const paused = [{ id: 4721, status: 'paused' }];
    const wire = new WireMock()
      .login()
      .get('/queues/301', { query: MEMBERS, reply: queueWith(paused) })
      .patch('/queues/301', { query: WRITE, body: { users: [{ id: 4721, status: false }] }, reply: queueWith(paused), times: 4 })
      .get('/queues/301', { query: MEMBERS, reply: queueWith(paused), times: 4 });
    expect(await rejection(vsClient().queues.logout('301', { id: '4721' }))).toBeInstanceOf(ConflictError);
    wire.done();
  });

  it('login by extension looks the user up by ext first', async () => {
    const wire = new WireMock()
      .login()
      .get('/users', { query: { page: '1', limit: '2' }, filter: [{ property: 'ext', operator: 'eq', value: '1001' }], fixture: 'users-find.json' })
      .get('/queues/301', { query: MEMBERS, reply: queueWith(SEEDED) });
    // 4721 (ext 1001) has already joined: nothing to write
    await vsClient().queues.login('301', { extension: '1001' });
    wire.done();
  });

  it('login of a user who is not an agent is NotFoundError, nothing written', async () => {
    const wire = new WireMock().login().get('/queues/301', { query: MEMBERS, reply: queueWith(SEEDED) });
    const error = await rejection(vsClient().queues.login('301', { id: '4730' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('not an agent');
    wire.done();
  });

  it('a member without a status in the read is VendorResponseError: the list is never written back blind', async () => {
    const reply = queueWith(SEEDED);
    delete (reply.data.users[1] as { status?: unknown }).status;
    const wire = new WireMock().login().get('/queues/301', { query: MEMBERS, reply });
    expect(await rejection(vsClient().queues.addAgent('301', { id: '4730' }))).toBeInstanceOf(VendorResponseError);
    wire.done();
    expect(wire.count('PATCH', '/queues/301')).toBe(0);
  });

  it('an agent that does not stick (another writer) is written again from the fresh read', async () => {
    const other = [...SEEDED, { id: 4740, status: true }];
    const wire = new WireMock()
      .login()
      .get('/queues/301', { query: MEMBERS, reply: queueWith(SEEDED) })
      .patch('/queues/301', { query: WRITE, body: { users: [...SEEDED, { id: 4730, status: false }] }, reply: queueWith(SEEDED) })
      .get('/queues/301', { query: MEMBERS, reply: queueWith(other) })
      .patch('/queues/301', { query: WRITE, body: { users: [...other, { id: 4730, status: false }] }, reply: queueWith(SEEDED) })
      .get('/queues/301', { query: MEMBERS, reply: queueWith([...other, { id: 4730, status: false }]) });
    await vsClient().queues.addAgent('301', { id: '4730' });
    wire.done();
  });

  it('setStatus and state are unsupported: refused before any request, with the reason', async () => {
    const wire = new WireMock();
    const client = vsClient();
    const status = await rejection(client.queues.setStatus('301', { id: '4721' }, 'ready'));
    expect(status).toBeInstanceOf(UnsupportedOperationError);
    expect(String(status['reason'])).toMatch(/joined or left/);
    expect(await rejection(client.queues.state('301'))).toBeInstanceOf(UnsupportedOperationError);
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });
});
