/**
 * User groups: `/api/groups` CRUD and members keyed by extension number.
 *
 * The full v22.0 spec gives groups a `description` (list and detail); the generated subset
 * lost it (see the report on scripts/portsip-openapi-subset.ts), so its length is checked here.
 */
import { conflict, invalid, notFound } from './errors.js';
import { blankToNull, bodyOf, extensionParam, param, requireAdmin, type SimApp } from './http.js';
import { listPage, type ListSpec } from './lists.js';
import type { GroupRecord, SimState } from './state.js';

interface GroupBody {
  readonly name?: string;
  readonly description?: string;
  readonly outbound_caller_ids?: unknown[];
}

const DESCRIPTION_MAX = 1024;

export const GROUP_LIST: ListSpec<GroupRecord> = {
  fields: {
    id: { type: 'string', get: (g) => g.id },
    name: { type: 'string', get: (g) => g.name },
    description: { type: 'string', get: (g) => g.description },
  },
  searchIn: [{ type: 'string', get: (g) => g.name }],
};

export const groupSummary = (g: GroupRecord) => ({ id: g.id, name: g.name, description: g.description });
export const groupDetail = (g: GroupRecord) => ({ ...groupSummary(g), outbound_caller_ids: g.outbound_caller_ids });

export function groupRoutes(app: SimApp, state: SimState): void {
  const find = (id: string): GroupRecord => {
    const group = state.groups.get(id);
    if (!group) throw notFound('group');
    return group;
  };

  /** Body checks the subset cannot make. Assumption: group names are unique, case-insensitively. */
  const check = (body: GroupBody, self?: GroupRecord): void => {
    if (body.description !== undefined && body.description.length > DESCRIPTION_MAX) throw invalid(`description must be at most ${DESCRIPTION_MAX} characters`);
    if (body.name === undefined) return;
    const name = body.name.toLowerCase();
    if ([...state.groups.values()].some((g) => g !== self && g.name.toLowerCase() === name)) throw conflict(`a group named ${body.name} already exists`);
  };

  const apply = (group: GroupRecord, body: GroupBody): void => {
    if (body.name !== undefined) group.name = body.name;
    if (body.description !== undefined) group.description = blankToNull(body.description);
    if (body.outbound_caller_ids !== undefined) group.outbound_caller_ids = body.outbound_caller_ids;
  };

  app.get('/api/groups', (c) => c.json(listPage((name) => c.req.query(name), () => state.groups, GROUP_LIST, groupSummary)));

  app.post('/api/groups', (c) => {
    requireAdmin(c);
    const body = bodyOf<GroupBody>(c);
    // The spec marks nothing required, but a group without a name cannot exist.
    if (body.name === undefined) throw invalid('name is required');
    check(body);
    const group: GroupRecord = { id: state.newId(), name: body.name, description: null, outbound_caller_ids: [], members: new Set() };
    apply(group, body);
    state.groups.set(group.id, group);
    return c.json({ id: group.id }, 201);
  });

  app.get('/api/groups/:id', (c) => c.json(groupDetail(find(param(c, 'id')))));

  app.post('/api/groups/:id', (c) => {
    requireAdmin(c);
    const group = find(param(c, 'id'));
    const body = bodyOf<GroupBody>(c);
    check(body, group);
    apply(group, body);
    return c.body(null, 200);
  });

  app.post('/api/groups/:id/destroy', (c) => {
    requireAdmin(c);
    state.groups.delete(find(param(c, 'id')).id);
    return c.body(null, 204);
  });

  app.get('/api/groups/:id/members', (c) => {
    const group = find(param(c, 'id'));
    const items = [...group.members].flatMap((id) => {
      const user = state.users.get(id);
      return user ? [{ id: user.id, name: user.name, display_name: user.display_name, extension_number: user.extension_number }] : [];
    });
    return c.json({ items });
  });

  app.post('/api/groups/:id/members/:extension_number', (c) => {
    requireAdmin(c);
    const extension = extensionParam(c, 'extension_number');
    const group = find(param(c, 'id'));
    const user = state.userByExtension(extension);
    if (!user) throw notFound(`extension ${extension}`);
    if (group.members.has(user.id)) throw conflict(`extension ${extension} is already a member`);
    group.members.add(user.id);
    return c.body(null, 200);
  });

  app.post('/api/groups/:id/members/:extension_number/destroy', (c) => {
    requireAdmin(c);
    const extension = extensionParam(c, 'extension_number');
    const group = find(param(c, 'id'));
    const user = state.userByExtension(extension);
    if (!user || !group.members.has(user.id)) throw notFound(`member ${extension}`);
    group.members.delete(user.id);
    return c.body(null, 204);
  });
}
