/**
 * PortSIP user groups on the wire: list/get/create/update/delete, and members keyed by
 * extension number (list, add, remove; by extension or by user id with one extra GET;
 * adding an existing member and removing a non-member are no-ops).
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnsupportedOperationError, ValidationError } from '../../core/errors.js';
import { fixture, idOf } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const SALES = idOf('group-detail.json');
const NEW_GROUP = idOf('group-created.json');
const ALICE = idOf('user-detail.json');
const CAROL: string = fixture('users-list-page2.json').items[0].id;

describe('groups.list / groups.get', () => {
  it('GET /api/groups?skip=0&top=100 -> teams; the next page is the ring groups', async () => {
    const wire = new WireMock().signIn().get('/api/groups', { query: { skip: '0', top: '100' }, fixture: 'group-list.json' });
    const page = await portsipClient().groups.list().page();
    wire.done();
    expect(page.items.map((g) => [g.name, g.kind])).toEqual([
      ['Sales', 'team'],
      ['Support', 'team'],
    ]);
    // Teams and ring groups are two collections: no single total; ring groups come next.
    expect(page.total).toBeUndefined();
    expect(page.nextCursor).toBe('ring:start');
  });

  it('pages with skip/top', async () => {
    const list = fixture('group-list.json');
    const wire = new WireMock()
      .signIn()
      .get('/api/groups', { query: { skip: '0', top: '1' }, reply: { count: 2, items: [list.items[0]] } })
      .get('/api/groups', { query: { skip: '1', top: '1' }, reply: { count: 2, items: [list.items[1]] } })
      .get('/api/ring_groups', { query: { skip: '0', top: '1' }, reply: { count: 0, items: [] } });
    const groups = await portsipClient().groups.list({ pageSize: 1 }).toArray();
    wire.done();
    expect(groups.map((g) => g.name)).toEqual(['Sales', 'Support']);
  });

  it('GET /api/groups/{id}', async () => {
    const wire = new WireMock().signIn().get(`/api/groups/${SALES}`, { fixture: 'group-detail.json' });
    const group = await portsipClient().groups.get(SALES);
    wire.done();
    expect(group).toMatchObject({ id: SALES, name: 'Sales', kind: 'team', vendor: 'portsip' });
  });
});

describe('groups.create / update / delete', () => {
  it('POST /api/groups {name} -> 201 {id}, then GET /api/groups/{id}', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/groups', { body: { name: 'Back Office' }, status: 201, fixture: 'group-created.json' })
      .get(`/api/groups/${NEW_GROUP}`, { fixture: 'group-new-detail.json' });
    const group = await portsipClient().groups.create({ name: 'Back Office' });
    wire.done();
    expect(group).toMatchObject({ id: NEW_GROUP, name: 'Back Office', kind: 'team' });
  });

  it('after an unknown outcome looks the name up (filter name eq …) and returns the existing group', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/groups', { body: { name: "Dev's Corner" }, status: 500, fixture: 'error-server.json' })
      .get('/api/groups', { query: { filter: "name eq 'Dev''s Corner'", skip: '0', top: '2' }, reply: { count: 1, items: [{ id: NEW_GROUP, name: "Dev's Corner" }] } })
      .get(`/api/groups/${NEW_GROUP}`, { reply: { ...fixture('group-new-detail.json'), name: "Dev's Corner" } });
    const group = await portsipClient().groups.create({ name: "Dev's Corner" });
    wire.done();
    expect(group.id).toBe(NEW_GROUP);
  });

  it('refuses kinds other than team before sending anything', async () => {
    const wire = new WireMock();
    expect(await rejection(portsipClient().groups.create({ name: 'Q', kind: 'queue' }))).toBeInstanceOf(UnsupportedOperationError);
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });

  it('POST /api/groups/{id} with only the changed name, then GET', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`/api/groups/${SALES}`, { body: { name: 'Sales EMEA' }, status: 200 })
      .get(`/api/groups/${SALES}`, { reply: { ...fixture('group-detail.json'), name: 'Sales EMEA' } });
    const group = await portsipClient().groups.update(SALES, { name: 'Sales EMEA' });
    wire.done();
    expect(group.name).toBe('Sales EMEA');
  });

  it('a description travels as description, on create and on update', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/groups', { body: { name: 'Back Office', description: 'Invoices and payroll' }, status: 201, fixture: 'group-created.json' })
      .get(`/api/groups/${NEW_GROUP}`, { fixture: 'group-new-detail.json' })
      .post(`/api/groups/${SALES}`, { body: { description: '' }, status: 200 })
      .get(`/api/groups/${SALES}`, { reply: { ...fixture('group-detail.json'), description: null } });
    const client = portsipClient();
    const created = await client.groups.create({ name: 'Back Office', description: 'Invoices and payroll' });
    const updated = await client.groups.update(SALES, { description: '' });
    wire.done();
    expect(created.description).toBe('Invoices and payroll');
    expect(updated.description).toBeUndefined();
  });

  it('POST /api/groups/{id}/destroy (no body) -> 204', async () => {
    const wire = new WireMock().signIn().post(`/api/groups/${SALES}/destroy`, { status: 204 });
    await portsipClient().groups.delete(SALES);
    wire.done();
  });

  it('409 RESOURCE_IN_USE on delete -> ConflictError with the vendor code', async () => {
    const wire = new WireMock().signIn().post(`/api/groups/${SALES}/destroy`, { status: 409, fixture: 'error-resource-in-use.json' });
    const error = await rejection(portsipClient().groups.delete(SALES));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ vendorCode: 'RESOURCE_IN_USE', status: 409, operation: 'groups.delete' });
    wire.done();
    expect(wire.requests).toHaveLength(2); // login + one destroy: a conflict is not retried
  });
});

describe('groups.members', () => {
  it('list: GET /api/groups/{id}/members (no paging) -> members keyed by extension', async () => {
    const wire = new WireMock().signIn().get(`/api/groups/${SALES}/members`, { fixture: 'group-members.json' });
    const members = await portsipClient().groups.members.list(SALES).toArray();
    wire.done();
    expect(members).toEqual([
      expect.objectContaining({ groupId: SALES, userId: ALICE, extension: '101', displayName: 'Alice Andersson' }),
      expect.objectContaining({ groupId: SALES, extension: '102', displayName: 'bob' }),
    ]);
  });

  it('add by extension: POST /api/groups/{id}/members/{extension} with no body', async () => {
    const wire = new WireMock().signIn().post(`/api/groups/${SALES}/members/103`, { status: 200 });
    await portsipClient().groups.members.add(SALES, { extension: '103' });
    wire.done();
  });

  it('add by user id: GET /api/users/{id} for the extension first', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`/api/users/${CAROL}`, { reply: fixture('users-list-page2.json').items[0] })
      .post(`/api/groups/${SALES}/members/103`, { status: 200 });
    await portsipClient().groups.members.add(SALES, { id: CAROL });
    wire.done();
  });

  it('add with a User object (id and extension): no extra GET', async () => {
    const wire = new WireMock().signIn().post(`/api/groups/${SALES}/members/103`, { status: 200 });
    await portsipClient().groups.members.add(SALES, { id: CAROL, extension: '103' });
    wire.done();
  });

  it('adding an existing member is a no-op: the refusal is checked against the member list', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`/api/groups/${SALES}/members/101`, { status: 400, reply: { errors: [{ code: 'VALIDATE_FAILED', message: 'member already exists' }] } })
      .get(`/api/groups/${SALES}/members`, { fixture: 'group-members.json' })
      .post(`/api/groups/${SALES}/members/102`, { status: 409, reply: { errors: [{ code: 'RESOURCE_ALREADY_EXISTS', message: 'already a member' }] } })
      .get(`/api/groups/${SALES}/members`, { fixture: 'group-members.json' });
    const client = portsipClient();
    await client.groups.members.add(SALES, { extension: '101' });
    await client.groups.members.add(SALES, { extension: '102' });
    wire.done();
  });

  it('a refusal for a user who is not a member stays an error', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`/api/groups/${SALES}/members/109`, { status: 400, fixture: 'error-validate-failed.json' })
      .get(`/api/groups/${SALES}/members`, { fixture: 'group-members.json' });
    const error = await rejection(portsipClient().groups.members.add(SALES, { extension: '109' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ source: 'vendor', vendorCode: 'VALIDATE_FAILED' });
    wire.done();
  });

  it('remove by extension: POST /api/groups/{id}/members/{extension}/destroy', async () => {
    const wire = new WireMock().signIn().post(`/api/groups/${SALES}/members/101/destroy`, { status: 204 });
    await portsipClient().groups.members.remove(SALES, { extension: '101' });
    wire.done();
  });

  it('remove by user id: GET the user, then destroy by extension', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`/api/users/${ALICE}`, { fixture: 'user-detail.json' })
      .post(`/api/groups/${SALES}/members/101/destroy`, { status: 204 });
    await portsipClient().groups.members.remove(SALES, { id: ALICE });
    wire.done();
  });

  it('removing a non-member is a no-op (404, then the group is confirmed to exist)', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`/api/groups/${SALES}/members/109/destroy`, { status: 404, fixture: 'error-not-found.json' })
      .get(`/api/groups/${SALES}`, { fixture: 'group-detail.json' });
    await portsipClient().groups.members.remove(SALES, { extension: '109' });
    wire.done();
  });

  it('removing from a missing group is a NotFoundError', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/groups/nope/members/101/destroy', { status: 404, fixture: 'error-not-found.json' })
      .get('/api/groups/nope', { status: 404, fixture: 'error-not-found.json' });
    expect(await rejection(portsipClient().groups.members.remove('nope', { extension: '101' }))).toBeInstanceOf(NotFoundError);
    wire.done();
  });
});
