/** NetPBX groups: read-only `api/v1/groups`, `…/{id}` and `…/{id}/members` (members keyed by MemberId = UserId). */
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { GroupPort } from '../../core/port.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { toGroup, toGroupMember } from './map.js';
import { slicedPage } from './users.js';
import { WireGroup, WireMember, arrayOf } from './wire.js';

export const GroupReply = keepRaw(WireGroup);
const GroupList = arrayOf(keepRaw(WireGroup));
const MemberList = arrayOf(keepRaw(WireMember));

/** The requests groups and queues share. */
export function groupRequests(kernel: HttpKernel) {
  return {
    all: (operation: string, ctx: RequestContext) => sendParsed(kernel, { operation, method: 'GET', path: 'groups' }, GroupList, ctx, 'group list'),
    one: (id: string, operation: string, ctx: RequestContext) => sendParsed(kernel, { operation, method: 'GET', path: path`groups/${id}` }, GroupReply, ctx, 'group'),
    members: (id: string, operation: string, ctx: RequestContext) =>
      sendParsed(kernel, { operation, method: 'GET', path: path`groups/${id}/members` }, MemberList, ctx, 'member list'),
  };
}

export type NetPbxGroups = Required<Pick<GroupPort, 'list' | 'get' | 'listMembers'>>;

export function netpbxGroups(kernel: HttpKernel): NetPbxGroups {
  const requests = groupRequests(kernel);
  return {
    list: (page, ctx) => slicedPage(page, () => requests.all('groups.list', ctx), ({ wire, raw }) => toGroup(wire, raw)),
    async get(id, ctx) {
      const { wire, raw } = await requests.one(id, 'groups.get', ctx);
      return toGroup(wire, raw);
    },
    listMembers: (groupId, page, ctx) =>
      slicedPage(page, () => requests.members(groupId, 'groups.members.list', ctx), ({ wire, raw }) => toGroupMember(groupId, wire, raw)),
  };
}
