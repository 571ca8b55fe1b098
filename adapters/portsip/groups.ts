/** PortSIP user groups (teams): `/api/groups`, members keyed by extension number. */
import { createReconciled } from '../../core/create.js';
import { isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { Group, User } from '../../core/model.js';
import { singlePage } from '../../core/paging.js';
import type { GroupPort } from '../../core/port.js';
import { extensionOf } from '../../core/refs.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { eq } from './filter.js';
import { listPage } from './list.js';
import { VENDOR, groupBody, toGroup, toGroupMember } from './map.js';
import { WireCreated, WireGroup, WireGroupMember, itemsOf, listOf } from './wire.js';

const GroupReply = keepRaw(WireGroup);
const GroupList = listOf(keepRaw(WireGroup));
const MemberList = itemsOf(keepRaw(WireGroupMember));

export function portsipGroups(kernel: HttpKernel, getUser: (id: string, ctx: RequestContext) => Promise<User>): Required<GroupPort> {
  const get = async (id: string, ctx: RequestContext, operation = 'groups.get'): Promise<Group> => {
    const { wire, raw } = await sendParsed(kernel, { operation, method: 'GET', path: path`groups/${id}` }, GroupReply, ctx, 'group');
    return toGroup(wire, raw);
  };
  const member = (operation: string, groupId: string, extension: string, destroy: boolean) => ({
    operation,
    method: 'POST' as const,
    path: destroy ? path`groups/${groupId}/members/${extension}/destroy` : path`groups/${groupId}/members/${extension}`,
    idempotent: true,
  });

  return {
    list: (page, ctx) => listPage(kernel, { operation: 'groups.list', path: 'groups', schema: GroupList, what: 'group list', map: ({ wire, raw }) => toGroup(wire, raw) }, page, ctx),

    get,

    async create(input, ctx) {
      // The name is the natural key of a group.
      const id = await createReconciled(
        {
          create: async (c) =>
            (await sendParsed(kernel, { operation: 'groups.create', method: 'POST', path: 'groups', json: groupBody(input) }, WireCreated, c, 'create reply')).id,
          find: async (c) => {
            const body = await sendParsed(kernel, { operation: 'groups.create', method: 'GET', path: 'groups', query: { filter: eq('name', input.name), skip: 0, top: 2 } }, GroupList, c, 'group list');
            return body.items.find(({ wire }) => wire.name === input.name)?.wire.id ?? null;
          },
        },
        ctx,
      );
      return get(id, ctx, 'groups.create');
    },

    async update(id, changes, ctx) {
      await kernel.send({ operation: 'groups.update', method: 'POST', path: path`groups/${id}`, json: groupBody(changes), idempotent: true }, ctx);
      return get(id, ctx, 'groups.update');
    },

    async delete(id, ctx) {
      await kernel.send({ operation: 'groups.delete', method: 'POST', path: path`groups/${id}/destroy`, idempotent: true, deletes: true }, ctx);
    },

    async listMembers(groupId, _page, ctx) {
      const body = await sendParsed(kernel, { operation: 'groups.members.list', method: 'GET', path: path`groups/${groupId}/members` }, MemberList, ctx, 'member list');
      return singlePage(body.items.map(({ wire, raw }) => toGroupMember(groupId, wire, raw)));
    },

    async addMember(groupId, user, ctx) {
      const operation = 'groups.members.add';
      const extension = await extensionOf(user, (id) => getUser(id, ctx), { vendor: VENDOR, operation });
      try {
        await kernel.send(member(operation, groupId, extension, false), ctx);
      } catch (error) {
        // Adding an existing member is a no-op in the unified API, whatever PortSIP answers to it.
        if (!isPbxError(error, 'CONFLICT') && !isPbxError(error, 'VALIDATION_FAILED')) throw error;
        const members = await sendParsed(kernel, { operation, method: 'GET', path: path`groups/${groupId}/members` }, MemberList, ctx, 'member list');
        if (!members.items.some(({ wire }) => wire.extension_number === extension)) throw error;
      }
    },

    async removeMember(groupId, user, ctx) {
      const operation = 'groups.members.remove';
      const extension = await extensionOf(user, (id) => getUser(id, ctx), { vendor: VENDOR, operation });
      try {
        await kernel.send(member(operation, groupId, extension, true), ctx);
      } catch (error) {
        // Removing a non-member is a no-op in the unified API; a missing group is still an error.
        if (!isPbxError(error, 'NOT_FOUND')) throw error;
        await get(groupId, ctx, operation);
      }
    },
  };
}
