/**
 * PortSIP ring groups as groups of kind `ring` (ids `ring:<id>`): listed after the teams,
 * get/update/delete on `/api/ring_groups`, members = the ring group's agents, written whole
 * with a verified read-modify-write.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const RING = { id: '9900112233', name: 'Reception', extension_number: '8200', ring_time: 20, ring_strategy: 'RING_SIMULTANEOUSLY' };
const R = `/api/ring_groups/${RING.id}`;
const MEMBERS = { items: [{ extension_number: '101', display_name: 'Alice Andersson', skill_level: 1 }] };

describe('groups.list with ring groups', () => {
  it('teams first, then GET /api/ring_groups with its own skip/top', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/groups', { query: { skip: '0', top: '100' }, fixture: 'group-list.json' })
      .get('/api/ring_groups', { query: { skip: '0', top: '100' }, reply: { count: 1, items: [RING] } });
    const groups = await portsipClient().groups.list().toArray();
    wire.done();
    expect(groups.map((g) => [g.id.startsWith('ring:') ? 'ring:' : g.id.slice(0, 0), g.name, g.kind])).toEqual([
      ['', 'Sales', 'team'],
      ['', 'Support', 'team'],
      ['ring:', 'Reception', 'ring'],
    ]);
    expect(groups[2]).toMatchObject({ id: `ring:${RING.id}`, raw: RING });
  });

  it('pages through ring groups with ring: cursors', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/ring_groups', { query: { skip: '0', top: '1' }, reply: { count: 2, items: [RING] } })
      .get('/api/ring_groups', { query: { skip: '1', top: '1' }, reply: { count: 2, items: [{ ...RING, id: '9900112234', name: 'IT' }] } });
    const list = portsipClient().groups.list({ pageSize: 1, cursor: 'ring:start' });
    const first = await list.page();
    expect(first.nextCursor).toBe('ring:offset:1');
    expect((await list.page({ cursor: first.nextCursor! })).items.map((g) => g.name)).toEqual(['IT']);
    wire.done();
  });
});

describe('ring group get / update / delete', () => {
  it('GET /api/ring_groups/{id}; POST …/{id} {name}; POST …/destroy', async () => {
    const wire = new WireMock()
      .signIn()
      .get(R, { reply: RING })
      .post(R, { body: { name: 'Front desk' }, status: 200 })
      .get(R, { reply: { ...RING, name: 'Front desk' } })
      .post(`${R}/destroy`, { status: 204 });
    const client = portsipClient();
    expect(await client.groups.get(`ring:${RING.id}`)).toMatchObject({ id: `ring:${RING.id}`, name: 'Reception', kind: 'ring' });
    expect((await client.groups.update(`ring:${RING.id}`, { name: 'Front desk' })).name).toBe('Front desk');
    await client.groups.delete(`ring:${RING.id}`);
    wire.done();
  });

  it('a description on a ring group is refused before anything is sent', async () => {
    const wire = new WireMock();
    expect(await rejection(portsipClient().groups.update(`ring:${RING.id}`, { description: 'x' }))).toMatchObject({ code: 'UNSUPPORTED_OPERATION' });
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });
});

describe('ring group members', () => {
  it('list: GET …/agents', async () => {
    const wire = new WireMock().signIn().get(`${R}/agents`, { reply: MEMBERS });
    const members = await portsipClient().groups.members.list(`ring:${RING.id}`).toArray();
    wire.done();
    expect(members).toEqual([{ groupId: `ring:${RING.id}`, extension: '101', displayName: 'Alice Andersson', raw: MEMBERS.items[0] }]);
  });

  it('add: read, write the whole list, verify; already a member: one GET only', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${R}/agents`, { reply: MEMBERS })
      .post(`${R}/agents`, { body: { items: [{ extension_number: '101', skill_level: 1 }, { extension_number: '102' }] }, status: 200 })
      .get(`${R}/agents`, { reply: { items: [...MEMBERS.items, { extension_number: '102', display_name: 'Bob', skill_level: 1 }] } })
      .get(`${R}/agents`, { reply: MEMBERS });
    const client = portsipClient();
    await client.groups.members.add(`ring:${RING.id}`, { extension: '102' });
    await client.groups.members.add(`ring:${RING.id}`, { extension: '101' });
    wire.done();
  });

  it('remove by user id: GET the user for its extension, then read, write, verify', async () => {
    const alice = fixture('user-detail.json');
    const wire = new WireMock()
      .signIn()
      .get(`/api/users/${alice.id}`, { fixture: 'user-detail.json' })
      .get(`${R}/agents`, { reply: MEMBERS })
      .post(`${R}/agents`, { body: { items: [] }, status: 200 })
      .get(`${R}/agents`, { reply: { items: [] } });
    await portsipClient().groups.members.remove(`ring:${RING.id}`, { id: alice.id });
    wire.done();
  });
});
