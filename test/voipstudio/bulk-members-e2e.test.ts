/**
 * Bulk team membership against the VoIPStudio simulator: 30 memberships added and removed
 * through one bulk `PATCH /users` per batch (reads and verifying reads per user, not per
 * membership), other teams kept, one unknown user failing alone.
 */
import { describe, expect, it } from 'vitest';
import { createVoipStudio } from '../../adapters/voipstudio/index.js';
import { createVoipStudioSimulator, type VoipStudioSimulator } from '../../adapters/voipstudio/simulator/index.js';

const ROOT = 'http://voipstudio.sim';
const connect = (sim: VoipStudioSimulator) =>
  createVoipStudio({
    baseUrl: ROOT,
    credentials: sim.credentials,
    fetch: ((input: string | URL | Request, init?: RequestInit) => sim.app.fetch(new Request(input, init))) as typeof fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });

async function setUp() {
  const sim = createVoipStudioSimulator({ users: 20, cdrs: 0 });
  const pbx = connect(sim);
  const keep = await pbx.groups.create({ name: 'Keep' });
  const teams = [await pbx.groups.create({ name: 'Bulk A' }), await pbx.groups.create({ name: 'Bulk B' }), await pbx.groups.create({ name: 'Bulk C' })];
  const users = (await pbx.users.list().toArray()).slice(0, 10);
  await pbx.groups.members.add(keep.id, { id: users[0]!.id });
  // 10 users × 3 teams; half the users named by extension.
  const items = users.flatMap((u, i) => teams.map((t) => ({ groupId: t.id, user: i % 2 ? { extension: u.extension! } : { id: u.id } })));
  const teamsOf = (id: string) => sim.state.users.get(Number(id))!.groups.map(String);
  return { sim, pbx, keep, teams, users, items, teamsOf };
}

describe('pbx.bulk.groups.members on VoIPStudio', () => {
  it('adds then removes 30 memberships with one PATCH /users each way, well under one request per membership', async () => {
    const { sim, pbx, keep, teams, users, items, teamsOf } = await setUp();

    const othersOfFirst = teamsOf(users[0]!.id); // seeded teams and Keep
    expect(othersOfFirst).toContain(keep.id);
    let before = sim.requests.length;
    const added = await pbx.bulk.groups.members.add(items).collect();
    expect(added.progress).toMatchObject({ done: 30, failed: 0, unknown: 0 });
    const addRequests = sim.requests.slice(before);
    for (const u of users) expect(teamsOf(u.id)).toEqual(expect.arrayContaining(teams.map((t) => t.id)));
    expect(teamsOf(users[0]!.id)).toContain(keep.id);
    expect(addRequests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    // 5 extension lookups + 10 reads + 1 PATCH + 10 verifying reads = 26 for 30 memberships (one at a time: 3 each, 90).
    expect(addRequests).toHaveLength(26);

    before = sim.requests.length;
    const removed = await pbx.bulk.groups.members.remove(items).collect();
    expect(removed.progress).toMatchObject({ done: 30, failed: 0, unknown: 0 });
    const removeRequests = sim.requests.slice(before);
    for (const u of users) expect(teamsOf(u.id).filter((id) => teams.some((t) => t.id === id))).toEqual([]);
    expect(teamsOf(users[0]!.id)).toEqual(othersOfFirst);
    expect(removeRequests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(removeRequests).toHaveLength(26);
  });

  it('for comparison, the same 30 one at a time cost 105 requests (3 each + 15 extension lookups)', async () => {
    const { sim, pbx, items } = await setUp();
    const before = sim.requests.length;
    for (const item of items) await pbx.groups.members.add(item.groupId, item.user);
    expect(sim.requests.length - before).toBe(105);
  });

  it('adding again is a no-op: reads only, no PATCH', async () => {
    const { sim, pbx, items } = await setUp();
    await pbx.bulk.groups.members.add(items).collect();
    const before = sim.requests.length;
    const again = await pbx.bulk.groups.members.add(items).collect();
    expect(again.progress).toMatchObject({ done: 30, failed: 0 });
    expect(sim.requests.slice(before).filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  it('an unknown user fails alone (NotFoundError); the other items are done', async () => {
    const { pbx, teams, users, teamsOf } = await setUp();
    const items = [
      { groupId: teams[0]!.id, user: { id: users[1]!.id } },
      { groupId: teams[0]!.id, user: { id: '999999' } },
      { groupId: teams[0]!.id, user: { extension: '999' } },
      { groupId: teams[1]!.id, user: { id: users[1]!.id } },
      { groupId: teams[0]!.id, user: { id: users[2]!.id } },
    ];
    const { results, progress } = await pbx.bulk.groups.members.add(items).collect();
    expect(progress).toMatchObject({ done: 3, failed: 2, unknown: 0 });
    expect(results.find((r) => r.key === `${teams[0]!.id}/id:999999`)).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
    expect(results.find((r) => r.key === `${teams[0]!.id}/ext:999`)).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
    expect(teamsOf(users[1]!.id)).toEqual(expect.arrayContaining([teams[0]!.id, teams[1]!.id]));
    expect(teamsOf(users[2]!.id)).toContain(teams[0]!.id);
  });
});
