/**
 * Ring groups: list, detail, update, destroy, and the member (agent) list, replaced as a whole
 * like a call queue's. Members are keyed by extension number on the wire.
 */
import { invalid, notFound } from './errors.js';
import { EXTENSION_PATTERN, bodyOf, param, requireAdmin, type SimApp } from './http.js';
import { listPage, type ListSpec } from './lists.js';
import type { RingGroupRecord, SimState } from './state.js';

const RING_LIST: ListSpec<RingGroupRecord> = {
  fields: {
    id: { type: 'string', get: (g) => g.id },
    name: { type: 'string', get: (g) => g.name },
    extension_number: { type: 'string', get: (g) => g.extension_number },
    ring_strategy: { type: 'string', get: (g) => g.ring_strategy },
  },
  searchIn: [
    { type: 'string', get: (g) => g.name },
    { type: 'string', get: (g) => g.extension_number },
  ],
};

const view = (g: RingGroupRecord) => ({
  id: g.id,
  name: g.name,
  extension_number: g.extension_number,
  ring_time: g.ring_time,
  ring_strategy: g.ring_strategy,
  skip_busy_member: false,
  enable_paid: false,
  enable_prid: false,
  extension_number_as_to_header: false,
});

export function ringGroupRoutes(app: SimApp, state: SimState): void {
  const find = (id: string): RingGroupRecord => {
    const group = state.ringGroups.get(id);
    if (!group) throw notFound('ring group');
    return group;
  };

  app.get('/api/ring_groups', (c) => c.json(listPage((name) => c.req.query(name), () => [...state.ringGroups.values()], RING_LIST, view)));
  app.get('/api/ring_groups/:id', (c) => c.json({ ...view(find(param(c, 'id'))), outbound_caller_ids: [] }));

  app.post('/api/ring_groups/:id', (c) => {
    requireAdmin(c);
    const group = find(param(c, 'id'));
    const body = bodyOf<{ name?: string; ring_strategy?: string; ring_time?: number }>(c);
    if (body.name !== undefined) group.name = body.name;
    if (body.ring_strategy !== undefined) group.ring_strategy = body.ring_strategy;
    if (body.ring_time !== undefined) group.ring_time = body.ring_time;
    return c.body(null, 200);
  });

  app.post('/api/ring_groups/:id/destroy', (c) => {
    requireAdmin(c);
    state.ringGroups.delete(find(param(c, 'id')).id);
    return c.body(null, 204);
  });

  app.get('/api/ring_groups/:id/agents', (c) => {
    const group = find(param(c, 'id'));
    const items = [...group.agents].flatMap(([userId, agent]) => {
      const user = state.users.get(userId);
      return user ? [{ extension_number: user.extension_number, display_name: user.display_name, skill_level: agent.skill_level }] : [];
    });
    return c.json({ items });
  });

  app.post('/api/ring_groups/:id/agents', (c) => {
    requireAdmin(c);
    const group = find(param(c, 'id'));
    const { items } = bodyOf<{ items?: ReadonlyArray<{ extension_number?: string; skill_level?: number }> }>(c);
    if (items === undefined) throw invalid('items is required');
    const problems: string[] = [];
    const next = new Map<string, { skill_level: number }>();
    items.forEach(({ extension_number: extension, skill_level }, i) => {
      const user = extension !== undefined && EXTENSION_PATTERN.test(extension) ? state.userByExtension(extension) : undefined;
      if (!user) problems.push(`items[${i}].extension_number ${JSON.stringify(extension ?? null)} is not the extension of a user`);
      else if (next.has(user.id)) problems.push(`items[${i}].extension_number ${extension} is listed twice`);
      else next.set(user.id, { skill_level: skill_level ?? 1 });
    });
    if (problems.length) throw invalid(...problems);
    group.agents = next;
    return c.body(null, 200);
  });
}
