import { isSupported } from '../../../core/capabilities.js';
import type { UserPatch } from '../../../core/inputs.js';
import { UserSchema, type User } from '../../../core/model.js';
import { assert, assertRejects, assertShape, unique } from '../assert.js';
import type { ConformanceCase, ConformanceContext } from '../types.js';

async function someUsers(ctx: ConformanceContext, count: number): Promise<User[]> {
  const users = await ctx.client.users.list({ pageSize: Math.min(count, 50) }).toArray({ max: count });
  assert.ok(users.length > 0, 'the PBX must have users for this test');
  return users;
}

/** Field changes the suite can make, in order of preference; the first the vendor accepts is used. */
function patchFor(user: User, accepted: readonly string[] | undefined): UserPatch {
  const tag = unique();
  const candidates: UserPatch[] = [
    { email: `conformance.${tag}@example.com` },
    { displayName: `Conformance ${tag}` },
    { firstName: `Conf${tag}`, lastName: user.lastName ?? 'Tester' },
    { mobile: '+46701234567' },
  ];
  const usable = candidates.find((p) => !accepted || Object.keys(p).every((k) => accepted.includes(k)));
  assert.ok(usable, `no field the suite knows is accepted by users.update (${accepted?.join(', ')})`);
  return usable;
}

export const userCases: ConformanceCase[] = [
  {
    name: 'users.list pages lazily and yields valid users with distinct ids',
    needs: ['users.list'],
    async run({ client }) {
      const list = client.users.list({ pageSize: 3 });
      const first = await list.page();
      assert.ok(first.items.length >= 1 && first.items.length <= 3, `page size 3 gave ${first.items.length} items`);
      for (const user of first.items) {
        assertShape(UserSchema, user, 'user');
        assert.equal(user.vendor, client.vendor);
      }
      if (first.total !== undefined) assert.ok(first.total >= first.items.length, 'total is at least the page');
      if (first.nextCursor) {
        const second = await list.page({ cursor: first.nextCursor });
        const firstIds = new Set(first.items.map((u) => u.id));
        assert.ok(second.items.every((u) => !firstIds.has(u.id)), 'pages overlap');
      }
      const seven = await client.users.list({ pageSize: 3 }).toArray({ max: 7 });
      assert.equal(new Set(seven.map((u) => u.id)).size, seven.length, 'iteration repeated a user');
    },
  },
  {
    name: 'users.get returns the listed user; an unknown id is NotFoundError',
    needs: ['users.list', 'users.get'],
    async run(ctx) {
      const [user] = await someUsers(ctx, 1);
      const fetched = assertShape(UserSchema, await ctx.client.users.get(user!.id), 'user');
      assert.equal(fetched.id, user!.id);
      assert.equal(fetched.extension, user!.extension);
      await assertRejects(() => ctx.client.users.get(ctx.facts.missingId), 'NOT_FOUND', 'users.get(missing)');
    },
  },
  {
    name: 'users.findByEmail finds case-insensitively and returns null for no match',
    needs: ['users.list', 'users.findByEmail'],
    async run(ctx) {
      const users = await someUsers(ctx, 20);
      const user = users.find((u) => u.email);
      assert.ok(user?.email, 'needs a user with an email');
      assert.equal((await ctx.client.users.findByEmail(user.email))?.id, user.id);
      assert.equal((await ctx.client.users.findByEmail(user.email.toUpperCase()))?.id, user.id);
      assert.equal(await ctx.client.users.findByEmail(`nobody.${unique()}@example.invalid`), null);
    },
  },
  {
    name: 'users.findByExtension finds the user and returns null for a free extension',
    needs: ['users.list', 'users.findByExtension'],
    async run(ctx) {
      const users = await someUsers(ctx, 20);
      const user = users.find((u) => u.extension);
      assert.ok(user?.extension, 'needs a user with an extension');
      assert.equal((await ctx.client.users.findByExtension(user.extension))?.id, user.id);
      assert.equal(await ctx.client.users.findByExtension(ctx.facts.freeExtension), null);
    },
  },
  {
    name: 'users.create stores the user, and get / delete see it',
    needs: ['users.create', 'users.get'],
    async run(ctx) {
      const { client, facts } = ctx;
      const email = `conformance.${unique()}@example.com`;
      const created = assertShape(UserSchema, await client.users.create({ extension: facts.freeExtension, displayName: 'Conformance User', email }), 'created user');
      assert.equal(created.extension, facts.freeExtension);
      assert.equal(created.email?.toLowerCase(), email.toLowerCase());
      assert.equal((await client.users.get(created.id)).id, created.id);
      if (client.supports('users.delete')) {
        await client.users.delete(created.id);
        await assertRejects(() => client.users.get(created.id), 'NOT_FOUND', 'users.get after delete');
      }
    },
  },
  {
    name: 'users.update changes the given field and returns the stored user',
    needs: ['users.list', 'users.update', 'users.get'],
    async run(ctx) {
      const { client } = ctx;
      const [user] = await someUsers(ctx, 1);
      const capability = client.capabilities['users.update'];
      const patch = patchFor(user!, isSupported(capability) ? capability.fields : undefined);
      const updated = assertShape(UserSchema, await client.users.update(user!.id, patch), 'updated user');
      const stored = await client.users.get(user!.id);
      for (const [field, value] of Object.entries(patch)) {
        const key = field as keyof User;
        const expected = field === 'email' ? String(value).toLowerCase() : value;
        const norm = (v: unknown) => (field === 'email' && typeof v === 'string' ? v.toLowerCase() : v);
        assert.equal(norm(updated[key]), expected, `returned ${field}`);
        assert.equal(norm(stored[key]), expected, `stored ${field}`);
      }
      assert.equal(stored.extension, user!.extension, 'an untouched field changed');
    },
  },
  {
    name: 'users.delete removes the user; deleting it again is NotFoundError',
    needs: ['users.list', 'users.delete', 'users.get'],
    async run(ctx) {
      const users = await someUsers(ctx, 5);
      const victim = users[users.length - 1]!;
      await ctx.client.users.delete(victim.id);
      await assertRejects(() => ctx.client.users.get(victim.id), 'NOT_FOUND', 'users.get after delete');
      await assertRejects(() => ctx.client.users.delete(victim.id), 'NOT_FOUND', 'second delete');
    },
  },
  {
    name: 'invalid input is refused with ValidationError before any request',
    needs: ['users.get'],
    async run({ client, requestCount }) {
      const before = requestCount?.();
      await assertRejects(() => client.users.get(''), 'VALIDATION_FAILED', 'users.get("")');
      await assertRejects(() => client.users.get('..'), 'VALIDATION_FAILED', 'users.get("..")');
      if (client.supports('users.update')) {
        await assertRejects(() => client.users.update('x', {}), 'VALIDATION_FAILED', 'empty patch');
        await assertRejects(() => client.users.update('x', { email: 'not-an-email' }), 'VALIDATION_FAILED', 'bad email');
      }
      if (client.supports('cdrs.list')) {
        assert.throws(() => client.cdrs.list({ from: '2025-02-01', to: '2025-01-01' }), (e: unknown) => (e as { code?: string }).code === 'VALIDATION_FAILED');
      }
      if (before !== undefined) assert.equal(requestCount?.(), before, 'a request was sent for invalid input');
    },
  },
];
