/**
 * VoIPStudio teams on the wire: `/usergroups` CRUD, and membership as the user's `groups` list
 * written with the bulk `PATCH /users [{id, groups}]`: read, write the whole list, verify with a
 * fresh read. Listing members walks the user list.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, OutcomeUnknownError, UnsupportedOperationError, ValidationError } from '../../core/errors.js';
import { fixture } from './support/fixtures.js';
import { WireMock, rejection, useNock, userPage, vsClient } from './support/wire.js';

useNock();

/** `GET /users/{id}` of a user in `groups`. */
const userIn = (id: number, groups: number[] | null | undefined) => {
  const data = { ...fixture('user.json').data, id, groups };
  if (groups === undefined) delete data.groups;
  return { data, links: {} };
};

describe('usergroups CRUD (kind team)', () => {
  it('groups.list: GET /usergroups?page&limit → teams', async () => {
    const wire = new WireMock().login().get('/usergroups', { query: { page: '1', limit: '200' }, fixture: 'usergroups.json' });
    const groups = await vsClient().groups.list().toArray();
    expect(groups.map((g) => [g.id, g.name, g.kind])).toEqual([
      ['218', 'Sales', 'team'],
      ['230', 'Support', 'team'],
    ]);
    expect(groups[0]!.raw).toEqual({ id: 218, color: '#e91e63', name: 'Sales' });
    wire.done();
  });

  it('groups.get: GET /usergroups/{id}; a missing one is NotFoundError', async () => {
    const wire = new WireMock().login().get('/usergroups/218', { fixture: 'usergroup.json' }).get('/usergroups/9', { status: 404, fixture: 'error-not-found.json' });
    const client = vsClient();
    expect((await client.groups.get('218')).name).toBe('Sales');
    expect(await rejection(client.groups.get('9'))).toBeInstanceOf(NotFoundError);
    wire.done();
  });

  it('groups.create: POST /usergroups {name} → 201 {data}; one request', async () => {
    const wire = new WireMock().login().post('/usergroups', { body: { name: 'Night Shift' }, status: 201, fixture: 'usergroup-created.json' });
    const group = await vsClient().groups.create({ name: 'Night Shift' });
    expect(group).toMatchObject({ id: '241', name: 'Night Shift', kind: 'team' });
    wire.done();
    expect(wire.requests).toHaveLength(2);
  });

  it('groups.create refuses a description and any kind but team, before any request', async () => {
    const wire = new WireMock();
    const client = vsClient();
    expect(await rejection(client.groups.create({ name: 'X', description: 'night cover' }))).toBeInstanceOf(UnsupportedOperationError);
    expect(await rejection(client.groups.create({ name: 'X', kind: 'queue' }))).toBeInstanceOf(UnsupportedOperationError);
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });

  it('groups.create after an unknown outcome looks the name up before trying again (never a duplicate team)', async () => {
    const wire = new WireMock()
      .login()
      .post('/usergroups', { body: { name: 'Night Shift' }, status: 502, reply: { message: 'Bad gateway', errors: [] } })
      .get('/usergroups', { query: { page: '1', limit: '2' }, filter: [{ property: 'name', operator: 'eq', value: 'Night Shift' }], reply: { data: [fixture('usergroup-created.json').data], total: 1 } });
    expect((await vsClient().groups.create({ name: 'Night Shift' })).id).toBe('241');
    wire.done();
    expect(wire.count('POST', '/usergroups')).toBe(1);
  });

  it('groups.create: when the lookup finds nothing, it is tried again; when the lookup fails, OutcomeUnknownError', async () => {
    const a = new WireMock()
      .login()
      .post('/usergroups', { body: { name: 'Night Shift' }, status: 502, reply: { message: 'Bad gateway', errors: [] } })
      .get('/usergroups', { query: { page: '1', limit: '2' }, filter: [{ property: 'name', operator: 'eq', value: 'Night Shift' }], fixture: 'users-empty.json' })
      .post('/usergroups', { body: { name: 'Night Shift' }, status: 201, fixture: 'usergroup-created.json' });
    await vsClient().groups.create({ name: 'Night Shift' });
    a.done();
    const b = new WireMock()
      .login()
      .post('/usergroups', { body: { name: 'Night Shift' }, status: 502, reply: { message: 'Bad gateway', errors: [] } })
      .get('/usergroups', { query: { page: '1', limit: '2' }, filter: [{ property: 'name', operator: 'eq', value: 'Night Shift' }], status: 502, reply: { message: 'Bad gateway', errors: [] }, times: 4 });
    expect(await rejection(vsClient().groups.create({ name: 'Night Shift' }))).toBeInstanceOf(OutcomeUnknownError);
    b.done();
  });

  it('groups.update: PATCH /usergroups/{id} {name}; description is refused', async () => {
    const renamed = { data: { id: 218, color: '#e91e63', name: 'Inside Sales' }, links: {} };
    const wire = new WireMock().login().patch('/usergroups/218', { body: { name: 'Inside Sales' }, reply: renamed });
    const client = vsClient();
    expect((await client.groups.update('218', { name: 'Inside Sales' })).name).toBe('Inside Sales');
    expect(await rejection(client.groups.update('218', { description: 'x' }))).toBeInstanceOf(UnsupportedOperationError);
    wire.done();
  });

  it('groups.delete: DELETE /usergroups/{id} → 204', async () => {
    const wire = new WireMock().login().delete('/usergroups/218', { status: 204 });
    await vsClient().groups.delete('218');
    wire.done();
  });
});

describe('groups.members.list: the team, then the user list filtered on groups', () => {
  it('GET /usergroups/{id}, then every page of GET /users (1000 a page); members are the users whose groups hold the team', async () => {
    const wire = new WireMock()
      .login()
      .get('/usergroups/230', { fixture: 'usergroup.json' })
      // total 1001: two pages of 1000
      .get('/users', { query: userPage(1, 1000), reply: { ...fixture('users-page1.json'), total: 1001 } })
      .get('/users', { query: userPage(2, 1000), reply: { data: [userIn(4730, [230, 218]).data], total: 1001 } });
    const members = await vsClient().groups.members.list('230').toArray();
    expect(members.map((m) => [m.groupId, m.userId, m.extension, m.displayName])).toEqual([
      ['230', '4721', '1001', 'Ada Lovelace'],
      ['230', '4730', '1001', 'Ada Lovelace'],
    ]);
    wire.done();
  });

  it('a missing team is NotFoundError (not an empty list)', async () => {
    const wire = new WireMock().login().get('/usergroups/9', { status: 404, fixture: 'error-not-found.json' });
    expect(await rejection(vsClient().groups.members.list('9').toArray())).toBeInstanceOf(NotFoundError);
    wire.done();
  });

  it('a user list without any `groups` (the documented User model) is UnsupportedOperationError with the reason (never a silently empty team)', async () => {
    const page = fixture('users-page1.json');
    for (const user of page.data) delete user.groups;
    const wire = new WireMock().login().get('/usergroups/218', { fixture: 'usergroup.json' }).get('/users', { query: userPage(1, 1000), reply: page });
    const error = await rejection(vsClient().groups.members.list('218').toArray());
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_OPERATION', operation: 'groups.members.list', reason: expect.stringContaining('carry no `groups`') });
    wire.done();
  });
});

describe('groups.members.add / remove: read-modify-write of the user\'s groups with PATCH /users [{id, groups}]', () => {
  it('add: GET the user, PATCH its whole team list plus the team (ids as integers, reply {data:{…}, links} as documented), GET again to verify', async () => {
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: userIn(4721, [218]) })
      .patch('/users', { body: [{ id: 4721, groups: [218, 230] }], reply: userIn(4721, [218, 230]) })
      .get('/users/4721', { reply: userIn(4721, [218, 230]) });
    await vsClient().groups.members.add('230', { id: '4721' });
    wire.done();
  });

  it('the bulk PATCH reply is not relied on: {data:[…], total}, or none at all, is fine too', async () => {
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: userIn(4721, [218]) })
      .patch('/users', { body: [{ id: 4721, groups: [218, 230] }], reply: { data: [userIn(4721, [218, 230]).data], total: 1 } })
      .get('/users/4721', { reply: userIn(4721, [218, 230]) })
      .get('/users/4721', { reply: userIn(4721, [218, 230]) })
      .patch('/users', { body: [{ id: 4721, groups: [218] }], status: 204 })
      .get('/users/4721', { reply: userIn(4721, [218]) });
    const client = vsClient();
    await client.groups.members.add('230', { id: '4721' });
    await client.groups.members.remove('230', { id: '4721' });
    wire.done();
  });

  it('add by extension: one ext lookup first', async () => {
    const wire = new WireMock()
      .login()
      .get('/users', { query: { page: '1', limit: '2' }, filter: [{ property: 'ext', operator: 'eq', value: '1001' }], fixture: 'users-find.json' })
      .get('/users/4721', { reply: userIn(4721, null) })
      .patch('/users', { body: [{ id: 4721, groups: [230] }], reply: { data: [], total: 1 } })
      .get('/users/4721', { reply: userIn(4721, [230]) });
    await vsClient().groups.members.add('230', { extension: '1001' });
    wire.done();
  });

  it('adding a member again sends no write', async () => {
    const wire = new WireMock().login().get('/users/4721', { reply: userIn(4721, [218, 230]) });
    await vsClient().groups.members.add('230', { id: '4721' });
    wire.done();
  });

  it('a lost update is redone from the fresh read (another writer replaced the list meanwhile)', async () => {
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: userIn(4721, [218]) })
      .patch('/users', { body: [{ id: 4721, groups: [218, 230] }], reply: { data: [], total: 1 } })
      // someone else wrote [218, 250] after us
      .get('/users/4721', { reply: userIn(4721, [218, 250]) })
      .patch('/users', { body: [{ id: 4721, groups: [218, 250, 230] }], reply: { data: [], total: 1 } })
      .get('/users/4721', { reply: userIn(4721, [218, 250, 230]) });
    await vsClient().groups.members.add('230', { id: '4721' });
    wire.done();
  });

  it('a user reply without `groups` is UnsupportedOperationError with the reason, and nothing is written (it would drop the other teams)', async () => {
    for (const change of ['add', 'remove'] as const) {
      const wire = new WireMock().login().get('/users/4721', { reply: userIn(4721, undefined) });
      const client = vsClient();
      const error = await rejection(change === 'add' ? client.groups.members.add('230', { id: '4721' }) : client.groups.members.remove('230', { id: '4721' }));
      expect(error).toBeInstanceOf(UnsupportedOperationError);
      expect(error).toMatchObject({ operation: `groups.members.${change}`, reason: expect.stringContaining('nothing was written') });
      wire.done();
      expect(wire.count('PATCH', '/users')).toBe(0);
    }
  });

  it('a user reply with `groups: null` is a user in no team: add writes [team]', async () => {
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: userIn(4721, null) })
      .patch('/users', { body: [{ id: 4721, groups: [230] }], reply: userIn(4721, [230]) })
      .get('/users/4721', { reply: userIn(4721, [230]) });
    await vsClient().groups.members.add('230', { id: '4721' });
    wire.done();
  });

  it('adding to a team that does not exist: the refused write is reported as NotFoundError', async () => {
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: userIn(4721, [218]) })
      .patch('/users', { body: [{ id: 4721, groups: [218, 999] }], status: 400, reply: { message: 'Validation error', errors: [{ field: '0.groups', message: 'Unknown usergroup 999.' }] } })
      .get('/usergroups/999', { status: 404, fixture: 'error-not-found.json' });
    expect(await rejection(vsClient().groups.members.add('999', { id: '4721' }))).toBeInstanceOf(NotFoundError);
    wire.done();
  });

  it('a refused write to an existing team stays a ValidationError with the field details', async () => {
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: userIn(4721, [218]) })
      .patch('/users', { body: [{ id: 4721, groups: [218, 230] }], status: 400, reply: { message: 'Validation error', errors: [{ field: '0.groups', message: 'Too many teams.' }] } })
      .get('/usergroups/230', { fixture: 'usergroup.json' });
    const error = await rejection(vsClient().groups.members.add('230', { id: '4721' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error['issues']).toEqual([{ field: '0.groups', message: 'Too many teams.' }]);
    wire.done();
  });

  it('remove: PATCH without the team, then verify', async () => {
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: userIn(4721, [218, 230]) })
      .patch('/users', { body: [{ id: 4721, groups: [218] }], reply: { data: [], total: 1 } })
      .get('/users/4721', { reply: userIn(4721, [218]) });
    await vsClient().groups.members.remove('230', { id: '4721' });
    wire.done();
  });

  it('removing a non-member writes nothing but checks that the team exists', async () => {
    const a = new WireMock().login().get('/users/4721', { reply: userIn(4721, [218]) }).get('/usergroups/230', { fixture: 'usergroup.json' });
    await vsClient().groups.members.remove('230', { id: '4721' });
    a.done();
    const b = new WireMock().login().get('/users/4721', { reply: userIn(4721, [218]) }).get('/usergroups/9', { status: 404, fixture: 'error-not-found.json' });
    expect(await rejection(vsClient().groups.members.remove('9', { id: '4721' }))).toBeInstanceOf(NotFoundError);
    b.done();
  });
});
