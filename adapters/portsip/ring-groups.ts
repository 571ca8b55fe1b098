/**
 * PortSIP ring groups as unified groups of kind `ring`, beside the user groups (teams).
 *
 * Their ids carry the prefix `ring:` (`ring:<PortSIP id>`), so every group operation knows
 * which collection an id belongs to without a lookup (PortSIP ids never contain `:`).
 * `groups.list` pages through the user groups first, then the ring groups. Members are the
 * ring group's agents (`GET /api/ring_groups/{id}/agents`); like a queue's agents, the list
 * is written whole (`POST …/agents {items}`), so adding or removing one member is a verified
 * read-modify-write.
 */
import { UnsupportedOperationError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { Group, User } from '../../core/model.js';
import { singlePage, type Page } from '../../core/paging.js';
import type { UserRef } from '../../core/inputs.js';
import type { GroupPort } from '../../core/port.js';
import { extensionOf } from '../../core/refs.js';
import { readModifyWrite } from '../../core/rmw.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { listPage } from './list.js';
import { VENDOR, toGroupMember } from './map.js';
import { itemsOf, listOf } from './wire.js';
import { WireAgent, WireRingGroup, type WireRingGroup as WireRingGroupType } from './wire-contact-centre.js';

export const RING_PREFIX = 'ring:';
/** The cursor of the first ring-group page, after the last team page. */
const FIRST_RING_PAGE = `${RING_PREFIX}start`;

const RingReply = keepRaw(WireRingGroup);
const RingList = listOf(keepRaw(WireRingGroup));
const AgentList = itemsOf(keepRaw(WireAgent));

type AgentItem = { readonly extension_number: string; readonly skill_level?: number };

export const isRingId = (id: string): boolean => id.startsWith(RING_PREFIX);
const vendorId = (id: string): string => id.slice(RING_PREFIX.length);

export function toRingGroup(group: WireRingGroupType, raw: Record<string, unknown>): Group {
  return { id: `${RING_PREFIX}${group.id}`, name: group.name, kind: 'ring', vendor: VENDOR, raw };
}

/** Routes each group operation to the teams or the ring groups by the id's prefix; lists both. */
export function withRingGroups(
  kernel: HttpKernel,
  teams: Required<GroupPort>,
  getUser: (id: string, ctx: RequestContext) => Promise<User>,
  pbx: string,
): Required<GroupPort> {
  const get = async (id: string, ctx: RequestContext, operation: string): Promise<Group> => {
    const { wire, raw } = await sendParsed(kernel, { operation, method: 'GET', path: path`ring_groups/${vendorId(id)}` }, RingReply, ctx, 'ring group');
    return toRingGroup(wire, raw);
  };

  const readAgents = async (id: string, operation: string, ctx: RequestContext): Promise<AgentItem[]> => {
    const body = await sendParsed(kernel, { operation, method: 'GET', path: path`ring_groups/${vendorId(id)}/agents` }, AgentList, ctx, 'ring group member list');
    return body.items.map(({ wire }) => ({ extension_number: wire.extension_number, ...(typeof wire.skill_level === 'number' ? { skill_level: wire.skill_level } : {}) }));
  };

  /** Adds or removes one extension with a verified read-modify-write of the whole member list. */
  const changeMember = async (id: string, user: UserRef, add: boolean, operation: string, ctx: RequestContext): Promise<void> => {
    const extension = await extensionOf(user, (userId) => getUser(userId, ctx), { vendor: VENDOR, operation });
    const has = (items: readonly AgentItem[]) => items.some((a) => a.extension_number === extension);
    await readModifyWrite(
      {
        vendor: VENDOR,
        operation,
        key: `${VENDOR}:${pbx}:ring_groups:${vendorId(id)}:agents`,
        read: (c) => readAgents(id, operation, c),
        modify: (current) => (has(current) === add ? undefined : add ? [...current, { extension_number: extension }] : current.filter((a) => a.extension_number !== extension)),
        // Replaces the whole list: repeating it is harmless.
        write: async (next, c) => void (await kernel.send({ operation, method: 'POST', path: path`ring_groups/${vendorId(id)}/agents`, json: { items: next }, idempotent: true }, c)),
        verify: (state) => has(state) === add,
      },
      ctx,
    );
  };

  return {
    async list(page, ctx): Promise<Page<Group>> {
      if (page.cursor === undefined || !isRingId(page.cursor)) {
        const result = await teams.list(page, ctx);
        // Totals of two collections are not one list's total: none is reported.
        return { items: result.items, nextCursor: result.nextCursor ?? FIRST_RING_PAGE };
      }
      const cursor = page.cursor === FIRST_RING_PAGE ? undefined : page.cursor.slice(RING_PREFIX.length);
      const result = await listPage(
        kernel,
        { operation: 'groups.list', path: 'ring_groups', schema: RingList, what: 'ring group list', map: ({ wire, raw }) => toRingGroup(wire, raw) },
        { ...(page.pageSize !== undefined ? { pageSize: page.pageSize } : {}), ...(cursor !== undefined ? { cursor } : {}) },
        ctx,
      );
      return { items: result.items, ...(result.nextCursor !== undefined ? { nextCursor: `${RING_PREFIX}${result.nextCursor}` } : {}) };
    },

    get: (id, ctx) => (isRingId(id) ? get(id, ctx, 'groups.get') : teams.get(id, ctx)),

    create: (input, ctx) => teams.create(input, ctx),

    async update(id, changes, ctx) {
      if (!isRingId(id)) return teams.update(id, changes, ctx);
      if (changes.description !== undefined) {
        const reason = 'PortSIP ring groups have no description (POST /api/ring_groups/{id} takes name, strategy and rules)';
        throw new UnsupportedOperationError(`${VENDOR} cannot do groups.update with description on a ring group: ${reason}`, reason, { vendor: VENDOR, operation: 'groups.update' });
      }
      await kernel.send({ operation: 'groups.update', method: 'POST', path: path`ring_groups/${vendorId(id)}`, json: { name: changes.name }, idempotent: true }, ctx);
      return get(id, ctx, 'groups.update');
    },

    async delete(id, ctx) {
      if (!isRingId(id)) return teams.delete(id, ctx);
      await kernel.send({ operation: 'groups.delete', method: 'POST', path: path`ring_groups/${vendorId(id)}/destroy`, idempotent: true, deletes: true }, ctx);
    },

    async listMembers(groupId, page, ctx) {
      if (!isRingId(groupId)) return teams.listMembers(groupId, page, ctx);
      const body = await sendParsed(kernel, { operation: 'groups.members.list', method: 'GET', path: path`ring_groups/${vendorId(groupId)}/agents` }, AgentList, ctx, 'ring group member list');
      return singlePage(body.items.map(({ wire, raw }) => toGroupMember(groupId, { extension_number: wire.extension_number, display_name: wire.display_name, name: undefined }, raw)));
    },

    addMember: (groupId, user, ctx) => (isRingId(groupId) ? changeMember(groupId, user, true, 'groups.members.add', ctx) : teams.addMember(groupId, user, ctx)),
    removeMember: (groupId, user, ctx) => (isRingId(groupId) ? changeMember(groupId, user, false, 'groups.members.remove', ctx) : teams.removeMember(groupId, user, ctx)),
  };
}
