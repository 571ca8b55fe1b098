/**
 * The example payloads of VoIPStudio's own documentation replay through the adapter under nock
 * (exact method, path, query and body). They are placeholders (`"value"`, a CDR endpoint that
 * answers a User, a User model without `groups`), so each replay pins what the adapter does with
 * them: maps what is there, and where the payload cannot carry the operation, fails with a typed,
 * explained error before writing anything. The fixtures in `fixtures/vendor-docs/` are the
 * documentation's examples verbatim (checked against the text when `../shared` is present).
 */
import { describe, expect, it } from 'vitest';
import { UnsupportedOperationError, VendorResponseError } from '../../core/errors.js';
import { fixture } from './support/fixtures.js';
import { customerModuleExamples } from './support/vendor-docs.js';
import { WireMock, rejection, useNock, userPage, vsClient } from './support/wire.js';

useNock();

const API_KEY = 'api-key-9f8e7d6c5b4a';

describe('fixtures/vendor-docs are the Customer module documentation\'s examples verbatim', () => {
  const examples = customerModuleExamples();
  const cases: Array<[`vendor-docs/${string}.json`, string, 'requestBody' | 'responseBody']> = [
    ['vendor-docs/users.json', 'GET /users', 'responseBody'],
    ['vendor-docs/user.json', 'GET /users/{id}', 'responseBody'],
    ['vendor-docs/users-bulk-patch-request.json', 'PATCH /users', 'requestBody'],
    ['vendor-docs/users-bulk-patch.json', 'PATCH /users', 'responseBody'],
    ['vendor-docs/me.json', 'GET /me', 'responseBody'],
    ['vendor-docs/user-cdrs.json', 'GET /users/{id}/cdrs', 'responseBody'],
    ['vendor-docs/usergroups.json', 'GET /usergroups', 'responseBody'],
    ['vendor-docs/usergroup.json', 'GET /usergroups/{id}', 'responseBody'],
    ['vendor-docs/usergroup-create-request.json', 'POST /usergroups', 'requestBody'],
    ['vendor-docs/usergroup-created.json', 'POST /usergroups', 'responseBody'],
    ['vendor-docs/usergroup-updated.json', 'PATCH /usergroups/{id}', 'responseBody'],
  ];
  it.skipIf(!examples).each(cases)('%s is the example of %s', (name, endpoint, part) => {
    expect(fixture(name)).toEqual(examples!.get(endpoint)![part]);
  });

  it.skipIf(!examples)('the documented statuses the adapter relies on: 201 on create, 204 on delete, 200 otherwise', () => {
    expect(examples!.get('POST /usergroups')!.status).toBe(201);
    for (const endpoint of ['DELETE /users/{id}', 'DELETE /usergroups/{id}']) expect(examples!.get(endpoint)!.status).toBe(204);
    for (const endpoint of ['GET /users', 'PATCH /users', 'GET /users/{id}', 'GET /me', 'GET /usergroups', 'PATCH /usergroups/{id}']) expect(examples!.get(endpoint)!.status).toBe(200);
  });
});

describe('users: the documented User examples map', () => {
  it('users.list: GET /users?page=1&limit=200&sort=id&dir=ASC → the example user, total 59', async () => {
    const wire = new WireMock().login().get('/users', { query: userPage(1, 200), fixture: 'vendor-docs/users.json' });
    const page = await vsClient().users.list().page();
    expect(page.total).toBe(59);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: '3472', displayName: 'value value', firstName: 'value', email: 'value', enabled: true, role: 'value', vendor: 'voipstudio' });
    expect(page.items[0]!.raw).toEqual(fixture('vendor-docs/users.json').data[0]);
    wire.done();
  });

  it('users.get: GET /users/40 → the example user (id as the reply says)', async () => {
    const wire = new WireMock().login().get('/users/40', { fixture: 'vendor-docs/user.json' });
    const user = await vsClient().users.get('40');
    expect(user).toMatchObject({ id: '1321', enabled: true, role: 'value' });
    wire.done();
  });

  it('users.delete: DELETE /users/13 → 204', async () => {
    const wire = new WireMock().login().delete('/users/13', { status: 204 });
    await vsClient().users.delete('13');
    wire.done();
  });
});

describe('GET /me: the documented collection form', () => {
  it('with a placeholder id ("value") is VendorResponseError naming data.0.id, and no GET /users/value is sent', async () => {
    const wire = new WireMock().useAuth({ token: API_KEY }).get('/me', { fixture: 'vendor-docs/me.json' });
    const error = await rejection(vsClient({ credentials: { apiKey: API_KEY } }).whoami());
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error.message).toContain('data.0.id');
    expect(error.message).toContain('not a VoIPStudio user id');
    wire.done();
  });

  it('with a real id, the documented collection form still works (and so does the object form)', async () => {
    const documented = fixture('vendor-docs/me.json');
    documented.data[0].id = 4720;
    const wire = new WireMock()
      .useAuth({ token: API_KEY })
      .get('/me', { reply: documented })
      .get('/users/4720', { fixture: 'user.json' })
      .get('/me', { reply: { data: { id: '4720', sip_password: 'f00dfeedcafe0001', sip_domain: 'sip.acme.example' }, links: {} } })
      .get('/users/4720', { fixture: 'user.json' });
    await vsClient({ credentials: { apiKey: API_KEY } }).whoami();
    await vsClient({ credentials: { apiKey: API_KEY } }).whoami();
    wire.done();
  });
});

describe('teams: the documented User model has no `groups`', () => {
  it('groups.members.add on the documented GET /users/{id} reply: UnsupportedOperationError with the reason, no PATCH', async () => {
    const wire = new WireMock().login().get('/users/40', { fixture: 'vendor-docs/user.json' });
    const error = await rejection(vsClient().groups.members.add('218', { id: '40' }));
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect(error).toMatchObject({ reason: expect.stringContaining('documented User model does not list it') });
    wire.done();
    expect(wire.count('PATCH', '/users')).toBe(0);
  });

  it('groups.members.list on the documented GET /users reply: UnsupportedOperationError, not an empty team', async () => {
    const wire = new WireMock()
      .login()
      .get('/usergroups/9104', { fixture: 'vendor-docs/usergroup.json' })
      .get('/users', { query: userPage(1, 1000), fixture: 'vendor-docs/users.json' });
    expect(await rejection(vsClient().groups.members.list('9104').toArray())).toBeInstanceOf(UnsupportedOperationError);
    wire.done();
  });

  it('the documented bulk PATCH /users reply ({data: a user, links}) is taken as is: the verifying read decides', async () => {
    const user = (groups: number[]) => ({ data: { ...fixture('vendor-docs/user.json').data, id: 799, groups }, links: {} });
    const wire = new WireMock()
      .login()
      .get('/users/799', { reply: user([]) })
      .patch('/users', { body: [{ id: 799, groups: [9104] }], fixture: 'vendor-docs/users-bulk-patch.json' })
      .get('/users/799', { reply: user([9104]) });
    await vsClient().groups.members.add('9104', { id: '799' });
    wire.done();
  });

  it('the bulk PATCH body is the documented one but for `groups`, sent as an array (the model says array; the example\'s "abcd" is a placeholder)', () => {
    const documented = fixture('vendor-docs/users-bulk-patch-request.json') as Array<Record<string, unknown>>;
    expect(documented.map((entry) => Object.keys(entry).sort())).toEqual([
      ['groups', 'id', 'location_id'],
      ['groups', 'id', 'location_id'],
    ]);
    expect(typeof documented[0]!['groups']).toBe('string');
  });
});

describe('usergroups: the documented examples', () => {
  it('groups.list / get map {id, color, name} as kind team', async () => {
    const wire = new WireMock()
      .login()
      .get('/usergroups', { query: { page: '1', limit: '200' }, fixture: 'vendor-docs/usergroups.json' })
      .get('/usergroups/80', { fixture: 'vendor-docs/usergroup.json' });
    const client = vsClient();
    const page = await client.groups.list().page();
    expect(page.items.map((g) => [g.id, g.name, g.kind])).toEqual([['9104', 'value', 'team']]);
    expect(page.total).toBe(59);
    expect(await client.groups.get('80')).toMatchObject({ id: '4539', name: 'value', kind: 'team' });
    wire.done();
  });

  it('groups.create: POST /usergroups {name} → 201 with the documented reply', async () => {
    const wire = new WireMock().login().post('/usergroups', { body: { name: 'abcd' }, status: 201, fixture: 'vendor-docs/usergroup-created.json' });
    expect(await vsClient().groups.create({ name: 'abcd', kind: 'team' })).toMatchObject({ id: '4766', name: 'value' });
    wire.done();
    // The documented example body also carries `color`, which the unified API does not set.
    expect(Object.keys(fixture('vendor-docs/usergroup-create-request.json')).sort()).toEqual(['color', 'name']);
  });

  it('groups.update: PATCH /usergroups/26 {name}; the documented reply names another id (1565), so the team is read again', async () => {
    const wire = new WireMock()
      .login()
      .patch('/usergroups/26', { body: { name: 'abcd' }, fixture: 'vendor-docs/usergroup-updated.json' })
      .get('/usergroups/26', { reply: { data: { id: 26, color: 'value', name: 'abcd' }, links: {} } });
    expect(await vsClient().groups.update('26', { name: 'abcd' })).toMatchObject({ id: '26', name: 'abcd' });
    wire.done();
  });

  it('groups.delete: DELETE /usergroups/43 → 204', async () => {
    const wire = new WireMock().login().delete('/usergroups/43', { status: 204 });
    await vsClient().groups.delete('43');
    wire.done();
  });
});

describe('GET /users/{id}/cdrs: the documented example answers a User, not a collection', () => {
  it('cdrs.list({ userId }) is VendorResponseError naming the envelope (never a misread record)', async () => {
    const wire = new WireMock().login().get('/users/99/cdrs', { query: { page: '1', limit: '200', sort: 'calldate', dir: 'ASC' }, fixture: 'vendor-docs/user-cdrs.json' });
    const error = await rejection(vsClient().cdrs.list({ userId: '99' }).page());
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', operation: 'cdrs.list' });
    expect(error.message).toContain('data');
    wire.done();
  });
});
