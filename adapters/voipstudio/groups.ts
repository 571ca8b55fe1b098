/**
 * VoIPStudio teams: `/usergroups` CRUD. Membership lives on the user (`groups`: the ids of its
 * teams) and is written with the bulk `PATCH /users [{id, groups}]`, which replaces the
 * user's whole team list — so adding or removing one membership is a verified
 * read-modify-write of that list. Listing a team's members walks the user list.
 */
import { createReconciled } from '../../core/create.js';
import { UnsupportedOperationError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import type { UserRef } from '../../core/inputs.js';
import { path } from '../../core/http/path.js';
import type { Group, GroupMember } from '../../core/model.js';
import { singlePage } from '../../core/paging.js';
import type { GroupPort } from '../../core/port.js';
import { userIdOf } from '../../core/refs.js';
import { readModifyWrite } from '../../core/rmw.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { condition, filterParam } from './filter.js';
import { listPage, pageSizesOf } from './list.js';
import { VENDOR, groupBody, inTeam, toGroup, toGroupMember } from './map.js';
import { noTeams, teamLists } from './team-lists.js';
import type { VoipStudioUsers } from './users.js';
import { WireGroup, dataOf, listOf } from './wire.js';

const GroupReply = dataOf(keepRaw(WireGroup));
const GroupList = listOf(keepRaw(WireGroup));

// Guards against a vendor that ignores `page` and repeats the same page forever.
const MAX_USER_PAGES = 1000;

/** `account`: the API base URL without secrets (`resolveConnection().account`), so that only changes of the same account's lists wait on each other. */
export function voipstudioGroups(kernel: HttpKernel, users: VoipStudioUsers, account: string): Required<GroupPort> {
  const lists = teamLists(kernel, account);

  const get = async (id: string, ctx: RequestContext, operation = 'groups.get'): Promise<Group> => {
    const { data } = await sendParsed(kernel, { operation, method: 'GET', path: path`usergroups/${id}` }, GroupReply, ctx, 'team');
    return toGroup(data.wire, data.raw);
  };

  /**
   * Changes one membership of the user behind `ref` by rewriting its team list. Returns
   * whether a write was needed. A refused write to a team that does not exist is reported as
   * `NotFoundError` (VoIPStudio's answer to an unknown team id in `groups` is a validation error).
   */
  const changeMembership = async (operation: string, groupId: string, ref: UserRef, add: boolean, ctx: RequestContext): Promise<boolean> => {
    const userId = await userIdOf(ref, (extension) => users.findByExtension(extension, ctx, operation), { vendor: VENDOR, operation });
    let wrote = false;
    try {
      await readModifyWrite(
        {
          vendor: VENDOR,
          operation,
          key: lists.key(userId),
          read: (c) => lists.read(userId, c, operation),
          modify: (teams) => {
            if (teams.includes(groupId) === add) return undefined;
            return add ? [...teams, groupId] : teams.filter((team) => team !== groupId);
          },
          write: (teams, c) => {
            wrote = true;
            return lists.write([{ userId, teams }], c, operation);
          },
          verify: (teams) => teams.includes(groupId) === add,
        },
        ctx,
      );
    } catch (error) {
      if (add && wrote) throw await lists.explainRefusal(error, groupId, ctx, operation);
      throw error;
    }
    return wrote;
  };

  return {
    list: (page, ctx) =>
      listPage(kernel, { operation: 'groups.list', path: 'usergroups', schema: GroupList, what: 'team list', map: ({ wire, raw }) => toGroup(wire, raw) }, page, ctx),

    get,

    async create(input, ctx) {
      const operation = 'groups.create';
      if (input.description !== undefined) {
        const reason = 'VoIPStudio usergroups have no description (accepted: name)';
        throw new UnsupportedOperationError(`${VENDOR} cannot do ${operation} with description: ${reason}`, reason, { vendor: VENDOR, operation });
      }
      // The name is the natural key of a team: after an unknown outcome, look it up before trying again.
      return createReconciled(
        {
          create: async (c) => {
            const { data } = await sendParsed(kernel, { operation, method: 'POST', path: 'usergroups', json: groupBody(input) }, GroupReply, c, 'created team');
            return toGroup(data.wire, data.raw);
          },
          find: async (c) => {
            const query = { filter: filterParam(condition('name', 'eq', input.name)) as string, page: 1, limit: 2 };
            const body = await sendParsed(kernel, { operation, method: 'GET', path: 'usergroups', query }, GroupList, c, 'team list');
            const found = body.data.find(({ wire }) => wire.name === input.name);
            return found ? toGroup(found.wire, found.raw) : null;
          },
        },
        ctx,
      );
    },

    async update(id, changes, ctx) {
      const response = await kernel.send({ operation: 'groups.update', method: 'PATCH', path: path`usergroups/${id}`, json: groupBody(changes), idempotent: true }, ctx);
      const reply = GroupReply.safeParse(response.body);
      return reply.success && reply.data.data.wire.id === id ? toGroup(reply.data.data.wire, reply.data.data.raw) : get(id, ctx, 'groups.update');
    },

    async delete(id, ctx) {
      await kernel.send({ operation: 'groups.delete', method: 'DELETE', path: path`usergroups/${id}`, deletes: true }, ctx);
    },

    async listMembers(groupId, _page, ctx) {
      const operation = 'groups.members.list';
      await get(groupId, ctx, operation); // a missing team is NotFoundError, not an empty list
      const members: GroupMember[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < MAX_USER_PAGES; pages++) {
        const page = await users.listPage({ pageSize: pageSizesOf(kernel).walk, ...(cursor ? { cursor } : {}) }, ctx, operation);
        if (page.items.length > 0 && !page.items.some(({ raw }) => Object.hasOwn(raw, 'groups'))) throw noTeams(operation);
        for (const { wire, raw } of page.items) if (inTeam(wire, groupId)) members.push(toGroupMember(groupId, wire, raw));
        if (page.nextCursor === undefined || page.nextCursor === cursor) break;
        cursor = page.nextCursor;
      }
      return singlePage(members);
    },

    async addMember(groupId, user, ctx) {
      await changeMembership('groups.members.add', groupId, user, true, ctx);
    },

    async removeMember(groupId, user, ctx) {
      const operation = 'groups.members.remove';
      // Removing a non-member is a no-op in the unified API; a missing team is still an error.
      if (!(await changeMembership(operation, groupId, user, false, ctx))) await get(groupId, ctx, operation);
    },
  };
}
