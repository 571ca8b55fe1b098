/**
 * Field fidelity: a create round-trips every field the manifest says `users.create` takes,
 * and an update changes the fields its patch names and keeps every other one (a PUT that
 * replaces the record, or a default sent for a field the patch did not name, is caught).
 */
import { isSupported, type Capability } from '../../../core/capabilities.js';
import type { UserCreateInput, UserPatch } from '../../../core/inputs.js';
import { UserSchema, type User } from '../../../core/model.js';
import { assert, assertShape, unique } from '../assert.js';
import type { ConformanceCase, ConformanceContext } from '../types.js';

/** Fields a write takes that a read never returns. */
const WRITE_ONLY = new Set(['password', 'sipPassword', 'voicemailPin']);
/** Fields a vendor may derive from others (a display name built from first and last name). */
const COUPLED: Readonly<Record<string, readonly string[]>> = {
  displayName: ['firstName', 'lastName'],
  firstName: ['displayName'],
  lastName: ['displayName'],
};
const MODEL_FIELDS = Object.keys(UserSchema.shape).filter((k) => !['id', 'vendor', 'raw'].includes(k)) as (keyof User)[];

const fieldsOf = (capability: Capability): readonly string[] | undefined => (isSupported(capability) ? capability.fields : undefined);
const norm = (field: string, value: unknown): unknown => (field === 'email' && typeof value === 'string' ? value.toLowerCase() : value);

/**
 * A create input with a value for every field the vendor accepts (the ones it requires
 * always). Roles are vendor words: the role of an existing user is used, or none.
 */
async function fullInput(ctx: ConformanceContext): Promise<UserCreateInput> {
  const tag = unique();
  const role = ctx.client.supports('users.list') ? (await ctx.client.users.list({ pageSize: 20 }).toArray({ max: 20 })).find((u) => u.role)?.role : undefined;
  const all: Required<UserCreateInput> = {
    extension: ctx.facts.freeExtension,
    displayName: 'Conformance Fields',
    email: `conformance.${tag}@example.com`,
    username: `conf${tag}`.slice(0, 30),
    firstName: 'Conformance',
    lastName: 'Fields',
    mobile: '+46701234567',
    role: role ?? '',
    department: 'Conformance QA',
    enabled: false,
    password: 'Conf-Passw0rd!x7Q',
    sipPassword: 'Conf-Sip-Passw0rd!9',
    voicemailPin: '482915',
  };
  const accepted = fieldsOf(ctx.client.capabilities['users.create']);
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => v !== '' && (!accepted || accepted.includes(k) || ['extension', 'displayName', 'email'].includes(k)))) as UserCreateInput;
}

/** A new value for `field`, different from the user's current one. */
function changed(field: keyof UserPatch, user: User): UserPatch {
  const tag = unique();
  switch (field) {
    case 'enabled':
      return { enabled: !(user.enabled ?? true) };
    case 'email':
      return { email: `changed.${tag}@example.com` };
    case 'mobile':
      return { mobile: user.mobile === '+46709876543' ? '+46701112233' : '+46709876543' };
    case 'displayName':
      return { displayName: `Changed ${tag}` };
    case 'firstName':
      return { firstName: `Changed${tag}` };
    case 'lastName':
      return { lastName: `Changed${tag}` };
    case 'department':
      return { department: `Changed ${tag}` };
    case 'role':
      // Built-in role names the vendors that take a role know (PortSIP's tenant roles).
      return { role: user.role === 'QueueManager' ? 'StandardUser' : 'QueueManager' };
  }
}

/** Asserts that `after` has every field of `before` except the ones listed. */
function assertKept(before: User, after: User, except: readonly string[], what: string): void {
  for (const field of MODEL_FIELDS.filter((f) => !except.includes(f))) {
    assert.deepEqual(norm(field, after[field]), norm(field, before[field]), `${what}: ${field} changed from ${JSON.stringify(before[field])} to ${JSON.stringify(after[field])}`);
  }
}

export const fieldCases: ConformanceCase[] = [
  {
    name: 'users.create round-trips every field the manifest declares',
    needs: ['users.create', 'users.get'],
    async run(ctx) {
      const input = await fullInput(ctx);
      const created = assertShape(UserSchema, await ctx.client.users.create(input), 'created user');
      const stored = await ctx.client.users.get(created.id);
      for (const [field, value] of Object.entries(input).filter(([k]) => !WRITE_ONLY.has(k))) {
        assert.deepEqual(norm(field, stored[field as keyof User]), norm(field, value), `stored ${field}`);
        assert.deepEqual(norm(field, created[field as keyof User]), norm(field, value), `returned ${field}`);
      }
    },
  },
  {
    name: 'users.update changes the named field and keeps every field the patch did not name',
    needs: ['users.update', 'users.get', 'users.list'],
    async run(ctx) {
      const { client } = ctx;
      let user: User;
      if (client.supports('users.create')) user = await client.users.create(await fullInput(ctx));
      else {
        const users = await client.users.list({ pageSize: 50 }).toArray({ max: 50 });
        const filled = (u: User) => MODEL_FIELDS.filter((f) => u[f] !== undefined).length;
        user = [...users].sort((a, b) => filled(b) - filled(a))[0] as User;
        assert.ok(user, 'the PBX must have users');
      }
      const fields = (fieldsOf(client.capabilities['users.update']) ?? Object.keys(UserPatchFields)) as (keyof UserPatch)[];
      for (const field of fields) {
        const before = await client.users.get(user.id);
        const patch = changed(field, before);
        const returned = await client.users.update(user.id, patch);
        const after = await client.users.get(user.id);
        assert.deepEqual(norm(field, after[field]), norm(field, patch[field]), `stored ${field} after updating it`);
        assert.deepEqual(norm(field, returned[field]), norm(field, patch[field]), `returned ${field} after updating it`);
        assertKept(before, after, [field, ...(COUPLED[field] ?? [])], `after an update of ${field} alone`);
      }
    },
  },
];

/** Every field a user patch can name. */
const UserPatchFields: Required<Record<keyof UserPatch, true>> = { displayName: true, firstName: true, lastName: true, email: true, mobile: true, enabled: true, department: true, role: true };
