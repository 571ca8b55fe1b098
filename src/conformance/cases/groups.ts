import { isSupported } from '../../../core/capabilities.js';
import { isPbxError } from '../../../core/errors.js';
import { GroupMemberSchema, GroupSchema, type Group, type GroupKind, type GroupMember, type User } from '../../../core/model.js';
import { assert, assertRejects, assertShape, unique } from '../assert.js';
import type { ConformanceCase, ConformanceContext } from '../types.js';

const isMember = (members: readonly GroupMember[], user: User): boolean =>
  members.some((m) => (m.userId !== undefined && m.userId === user.id) || (m.extension !== undefined && m.extension === user.extension));

/** A team group (members can be changed there) and users that are not in it yet. */
async function teamAndOutsiders(ctx: ConformanceContext, count: number): Promise<{ group: Group; outsiders: User[] }> {
  const groups = await ctx.client.groups.list().toArray({ max: 50 });
  const group = groups.find((g) => g.kind === 'team') ?? groups[0];
  assert.ok(group, 'the PBX must have a group for this test');
  const members = await ctx.client.groups.members.list(group.id).toArray();
  const users = await ctx.client.users.list({ pageSize: 50 }).toArray({ max: 60 });
  const outsiders = users.filter((u) => !isMember(members, u)).slice(0, count);
  assert.equal(outsiders.length, count, 'needs users outside the group');
  return { group, outsiders };
}

export const groupCases: ConformanceCase[] = [
  {
    name: 'groups.list and groups.get return valid groups; an unknown id is NotFoundError',
    needs: ['groups.list', 'groups.get'],
    async run({ client, facts }) {
      const groups = await client.groups.list({ pageSize: 2 }).toArray({ max: 5 });
      assert.ok(groups.length > 0, 'the PBX must have groups');
      for (const group of groups) assertShape(GroupSchema, group, 'group');
      assert.equal(new Set(groups.map((g) => g.id)).size, groups.length, 'iteration repeated a group');
      assert.equal((await client.groups.get(groups[0]!.id)).id, groups[0]!.id);
      await assertRejects(() => client.groups.get(facts.missingId), 'NOT_FOUND', 'groups.get(missing)');
    },
  },
  {
    name: 'groups.create, update and delete round-trip',
    needs: ['groups.create', 'groups.get'],
    async run({ client }) {
      const capability = client.capabilities['groups.create'];
      const kind = ((isSupported(capability) && capability.values?.[0]) || 'team') as GroupKind;
      const name = `Conformance ${unique()}`;
      const created = assertShape(GroupSchema, await client.groups.create({ name, kind }), 'created group');
      assert.equal(created.name, name);
      assert.equal(created.kind, kind);
      if (client.supports('groups.update')) {
        const renamed = `${name} renamed`;
        assert.equal((await client.groups.update(created.id, { name: renamed })).name, renamed);
        assert.equal((await client.groups.get(created.id)).name, renamed);
      }
      if (client.supports('groups.delete')) {
        await client.groups.delete(created.id);
        await assertRejects(() => client.groups.get(created.id), 'NOT_FOUND', 'groups.get after delete');
      }
    },
  },
  {
    name: 'groups.members: add and remove are idempotent and visible in the member list',
    needs: ['groups.list', 'groups.members.list', 'groups.members.add', 'groups.members.remove', 'users.list'],
    async run(ctx) {
      const { client } = ctx;
      const { group, outsiders } = await teamAndOutsiders(ctx, 1);
      const user = outsiders[0]!;
      await client.groups.members.add(group.id, user);
      const after = await client.groups.members.list(group.id).toArray();
      for (const member of after) assertShape(GroupMemberSchema, member, 'member');
      assert.ok(isMember(after, user), 'the added user is not listed');
      await client.groups.members.add(group.id, user);
      await client.groups.members.remove(group.id, user);
      assert.ok(!isMember(await client.groups.members.list(group.id).toArray(), user), 'the removed user is still listed');
      await client.groups.members.remove(group.id, user);
    },
  },
  {
    name: 'groups.members: two concurrent additions both survive (or one fails with ConflictError)',
    needs: ['groups.list', 'groups.members.list', 'groups.members.add', 'users.list'],
    async run(ctx) {
      const { group, outsiders } = await teamAndOutsiders(ctx, 2);
      const results = await Promise.allSettled(outsiders.map((user) => ctx.client.groups.members.add(group.id, user)));
      const members = await ctx.client.groups.members.list(group.id).toArray();
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') assert.ok(isMember(members, outsiders[i]!), `addition ${i} was lost silently`);
        else assert.ok(isPbxError(result.reason, 'CONFLICT'), `addition ${i} failed with ${String(result.reason)}`);
      });
    },
  },
  {
    name: 'groups.members.list lists real users of the group, each once',
    needs: ['groups.list', 'groups.members.list'],
    async run({ client, facts }) {
      const groups = await client.groups.list().toArray({ max: 5 });
      assert.ok(groups.length > 0, 'the PBX must have groups');
      let listed = 0;
      for (const group of groups) {
        const members = await client.groups.members.list(group.id).toArray();
        for (const member of members) {
          assertShape(GroupMemberSchema, member, 'member');
          assert.equal(member.groupId, group.id);
          assert.ok(member.userId !== undefined || member.extension !== undefined, 'a member needs a user id or an extension');
        }
        const keys = members.map((m) => m.userId ?? `ext:${m.extension}`);
        assert.equal(new Set(keys).size, keys.length, `group ${group.id} lists a member twice`);
        if (client.supports('users.get')) {
          for (const member of members.slice(0, 3)) if (member.userId !== undefined) assert.equal((await client.users.get(member.userId)).id, member.userId);
        }
        listed += members.length;
      }
      assert.ok(listed > 0, 'the PBX must have group members');
      await assertRejects(() => client.groups.members.list(facts.missingId).toArray(), 'NOT_FOUND', 'groups.members.list(missing)');
    },
  },
  {
    name: 'groups.members: one user added to two teams at once ends up in both (or one fails with ConflictError)',
    needs: ['groups.create', 'groups.members.list', 'groups.members.add', 'users.list'],
    async run({ client }) {
      const capability = client.capabilities['groups.create'];
      const kind = ((isSupported(capability) && capability.values?.[0]) || 'team') as GroupKind;
      const teams = [await client.groups.create({ name: `Conformance A ${unique()}`, kind }), await client.groups.create({ name: `Conformance B ${unique()}`, kind })];
      const [user] = await client.users.list({ pageSize: 5 }).toArray({ max: 1 });
      assert.ok(user, 'the PBX must have users');
      // On vendors that store a user's teams as one list on the user, these two writes race for that list.
      const results = await Promise.allSettled(teams.map((team) => client.groups.members.add(team.id, user)));
      for (const [i, result] of results.entries()) {
        const members = await client.groups.members.list(teams[i]!.id).toArray();
        if (result.status === 'fulfilled') assert.ok(isMember(members, user), `the addition to team ${i} was lost silently`);
        else assert.ok(isPbxError(result.reason, 'CONFLICT'), `the addition to team ${i} failed with ${String(result.reason)}`);
      }
      if (client.supports('groups.delete')) for (const team of teams) await client.groups.delete(team.id);
    },
  },
];
