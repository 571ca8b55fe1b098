/**
 * Bulk team membership on the wire: `pbx.bulk.groups.members.add/remove` read each user once,
 * write every changed user's whole team list in ONE bulk `PATCH /users [{id, groups}, …]`,
 * and verify with a fresh read per user; a refused batch is written again user by user.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { WireMock, useNock, vsClient } from './support/wire.js';

useNock();

const userIn = (id: number, groups: number[], ext = '101') => ({ data: { ...fixture('user.json').data, id, ext, groups }, links: {} });

describe('bulk team membership through one PATCH /users', () => {
  it('3 changes over 2 users (one user twice, one by extension): 1 lookup, 2 reads, 1 PATCH, 2 verifying reads', async () => {
    const wire = new WireMock()
      .login()
      .get('/users', { query: { page: '1', limit: '2' }, filter: [{ property: 'ext', operator: 'eq', value: '103' }], reply: { data: [userIn(4800, [], '103').data], total: 1 } })
      .get('/users/4721', { reply: userIn(4721, [218]) })
      .get('/users/4800', { reply: userIn(4800, [], '103') })
      .patch('/users', { body: [{ id: 4721, groups: [218, 230, 241] }, { id: 4800, groups: [230] }], reply: userIn(4721, [218, 230, 241]) })
      .get('/users/4721', { reply: userIn(4721, [218, 230, 241]) })
      .get('/users/4800', { reply: userIn(4800, [230], '103') });
    const items = [
      { groupId: '230', user: { id: '4721' } },
      { groupId: '241', user: { id: '4721' } },
      { groupId: '230', user: { extension: '103' } },
    ];
    const { results, progress } = await vsClient().bulk.groups.members.add(items).collect();
    wire.done();
    expect(progress).toMatchObject({ done: 3, failed: 0, unknown: 0 });
    expect(results.map((r) => r.key).sort()).toEqual(['230/ext:103', '230/id:4721', '241/id:4721']);
    expect(wire.requests).toHaveLength(7);
  });

  it('remove keeps the other teams; a member already gone is not written, its team is checked to exist', async () => {
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: userIn(4721, [218, 230, 241]) })
      .get('/users/4800', { reply: userIn(4800, [218]) })
      .patch('/users', { body: [{ id: 4721, groups: [218] }], reply: userIn(4721, [218]) })
      .get('/users/4721', { reply: userIn(4721, [218]) })
      .get('/usergroups/230', { fixture: 'usergroup.json' });
    const items = [
      { groupId: '230', user: { id: '4721' } },
      { groupId: '241', user: { id: '4721' } },
      { groupId: '230', user: { id: '4800' } },
    ];
    const { progress } = await vsClient().bulk.groups.members.remove(items).collect();
    wire.done();
    expect(progress).toMatchObject({ done: 3, failed: 0 });
  });

  it('a user whose representation has no `groups` fails alone (UnsupportedOperationError) and is not written', async () => {
    const noGroups = userIn(4721, []);
    delete (noGroups.data as { groups?: unknown }).groups;
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: noGroups })
      .get('/users/4800', { reply: userIn(4800, [218]) })
      .patch('/users', { body: [{ id: 4800, groups: [218, 230] }], reply: userIn(4800, [218, 230]) })
      .get('/users/4800', { reply: userIn(4800, [218, 230]) });
    const items = [
      { groupId: '230', user: { id: '4721' } },
      { groupId: '230', user: { id: '4800' } },
    ];
    const { results } = await vsClient().bulk.groups.members.add(items).collect();
    wire.done();
    expect(results.find((r) => r.key === '230/id:4721')).toMatchObject({ status: 'failed', error: { code: 'UNSUPPORTED_OPERATION' } });
    expect(results.find((r) => r.key === '230/id:4800')).toMatchObject({ status: 'done' });
  });

  it('a refused batch (unknown team) is written user by user: only the bad entry fails, as NotFoundError', async () => {
    const refused = { message: 'Validation failed', errors: [{ field: '1.groups', message: 'Unknown usergroup 999.' }] };
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: userIn(4721, [218]) })
      .get('/users/4800', { reply: userIn(4800, []) })
      .patch('/users', { body: [{ id: 4721, groups: [218, 230] }, { id: 4800, groups: [999] }], status: 400, reply: refused })
      .patch('/users', { body: [{ id: 4721, groups: [218, 230] }], reply: userIn(4721, [218, 230]) })
      .patch('/users', { body: [{ id: 4800, groups: [999] }], status: 400, reply: refused })
      .get('/usergroups/999', { status: 404, fixture: 'error-not-found.json' })
      .get('/users/4721', { reply: userIn(4721, [218, 230]) });
    const items = [
      { groupId: '230', user: { id: '4721' } },
      { groupId: '999', user: { id: '4800' } },
    ];
    const { results } = await vsClient().bulk.groups.members.add(items).collect();
    wire.done();
    expect(results.find((r) => r.key === '230/id:4721')).toMatchObject({ status: 'done' });
    expect(results.find((r) => r.key === '999/id:4800')).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
  });
});

describe('bulk team membership against a writer elsewhere', () => {
  it('a change overwritten after every write is redone from a fresh read 4 times, then ConflictError for that user only', async () => {
    const wire = new WireMock()
      .login()
      .get('/users/4721', { reply: userIn(4721, [218]) })
      .get('/users/4800', { reply: userIn(4800, []) })
      .patch('/users', { body: [{ id: 4721, groups: [218, 230] }, { id: 4800, groups: [230] }], reply: userIn(4721, [218, 230]) })
      .get('/users/4721', { reply: userIn(4721, [218]) })
      .get('/users/4800', { reply: userIn(4800, [230]) });
    for (let attempt = 2; attempt <= 4; attempt++) {
      wire.patch('/users', { body: [{ id: 4721, groups: [218, 230] }], reply: userIn(4721, [218, 230]) }).get('/users/4721', { reply: userIn(4721, [218]) });
    }
    const items = [
      { groupId: '230', user: { id: '4721' } },
      { groupId: '230', user: { id: '4800' } },
    ];
    const { results } = await vsClient().bulk.groups.members.add(items).collect();
    wire.done();
    expect(results.find((r) => r.key === '230/id:4721')).toMatchObject({ status: 'failed', error: { code: 'CONFLICT' } });
    expect(results.find((r) => r.key === '230/id:4800')).toMatchObject({ status: 'done' });
  });
});
