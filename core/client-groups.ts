/**
 * The facade's group operations that return a promise, loaded at the first call of any of
 * them (`client.ts` forwards through `lazyPort`): a client that only lists users or CDRs
 * neither loads nor bundles them into its first chunk. Validation and refusals are the same
 * as everywhere, through the client's {@link ClientChecks}.
 */
import type { GroupMembersApi, GroupsApi } from './client.js';
import type { ClientChecks } from './client-checks.js';
import { checkAccepted, definedKeys, userRef } from './client-write-checks.js';
import { GroupCreateInputSchema, GroupPatchSchema } from './inputs-contact-centre.js';
import { parseInput } from './inputs.js';

/** `groups.get/create/update/delete` and `groups.members.add/remove`. */
export type GroupCalls = Pick<GroupsApi, 'get' | 'create' | 'update' | 'delete'> & { readonly addMember: GroupMembersApi['add']; readonly removeMember: GroupMembersApi['remove'] };

/** The group operations of a client. */
export function groupCalls(c: ClientChecks): GroupCalls {
  const { vendor, adapter } = c;
  const groups = adapter.groups;
  return {
    get: (groupId, options) => c.run('groups.get', options, (ctx) => c.implementation('groups.get', groups.get, groups)(c.id(groupId, 'groups.get'), ctx)),
    create: (input, options) =>
      c.run('groups.create', options, (ctx) => {
        const fn = c.implementation('groups.create', groups.create, groups);
        const valid = parseInput(GroupCreateInputSchema, input, 'input', { vendor, operation: 'groups.create' });
        checkAccepted(c, 'groups.create', 'values', [valid.kind]);
        return fn(valid, ctx);
      }),
    update: (groupId, patch, options) =>
      c.run('groups.update', options, (ctx) => {
        const fn = c.implementation('groups.update', groups.update, groups);
        const valid = parseInput(GroupPatchSchema, patch, 'patch', { vendor, operation: 'groups.update' });
        checkAccepted(c, 'groups.update', 'fields', definedKeys(valid));
        return fn(c.id(groupId, 'groups.update'), valid, ctx);
      }),
    delete: (groupId, options) => c.run('groups.delete', options, (ctx) => c.implementation('groups.delete', groups.delete, groups)(c.id(groupId, 'groups.delete'), ctx)),
    addMember: (groupId, user, options) =>
      c.run('groups.members.add', options, (ctx) =>
        c.implementation('groups.members.add', groups.addMember, groups)(c.id(groupId, 'groups.members.add', 'groupId'), userRef(c, user, 'groups.members.add'), ctx),
      ),
    removeMember: (groupId, user, options) =>
      c.run('groups.members.remove', options, (ctx) =>
        c.implementation('groups.members.remove', groups.removeMember, groups)(c.id(groupId, 'groups.members.remove', 'groupId'), userRef(c, user, 'groups.members.remove'), ctx),
      ),
  };
}
