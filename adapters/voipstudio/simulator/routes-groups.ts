/**
 * Teams: `/usergroups` CRUD (`{id, name, color}`). Membership is not here: it is each user's
 * `groups` list (see routes-users.ts). Deleting a team takes it off every user.
 */
import { invalid, notFound, problem } from './errors.js';
import { BASE, idParam, objectBody, one, onlyKeys, requireRoot, type SimApp } from './http.js';
import { listReply, number, text, type Fields } from './lists.js';
import type { GroupRecord, SimState } from './state.js';

export const GROUP_FIELDS: Fields<GroupRecord> = {
  id: number((g) => g.id),
  name: text((g) => g.name),
  color: text((g) => g.color),
};

export const groupView = (g: GroupRecord) => ({ id: g.id, color: g.color, name: g.name });

const NAME_MAX = 64;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const DEFAULT_COLOR = '#2196f3';

export function groupRoutes(app: SimApp, state: SimState): void {
  const find = (id: number): GroupRecord => {
    const group = state.groups.get(id);
    if (!group) throw notFound();
    return group;
  };

  /** Assumption: team names are unique, case-insensitively. */
  const check = (body: Record<string, unknown>, self?: GroupRecord): { name?: string; color?: string } => {
    onlyKeys(body, ['name', 'color']);
    const out: { name?: string; color?: string } = {};
    const problems = [];
    if (body['name'] !== undefined || !self) {
      const name = body['name'];
      if (typeof name !== 'string' || name.trim() === '') problems.push(problem('name', 'This value should not be blank.'));
      else if (name.length > NAME_MAX) problems.push(problem('name', `This value is too long (at most ${NAME_MAX} characters).`));
      else if ([...state.groups.values()].some((g) => g !== self && g.name.toLowerCase() === name.toLowerCase())) problems.push(problem('name', 'This value is already used.'));
      else out.name = name;
    }
    if (body['color'] !== undefined) {
      const color = body['color'];
      if (typeof color !== 'string' || !COLOR.test(color)) problems.push(problem('color', 'This value must be a colour like #1a2b3c.'));
      else out.color = color;
    }
    if (problems.length) throw invalid(...problems);
    return out;
  };

  app.get(`${BASE}/usergroups`, (c) => c.json(listReply((name) => c.req.query(name), state.groups, GROUP_FIELDS, groupView)));

  app.post(`${BASE}/usergroups`, (c) => {
    requireRoot(c);
    const { name, color } = check(objectBody(c));
    const group: GroupRecord = { id: state.newId('group'), name: name as string, color: color ?? DEFAULT_COLOR };
    state.groups.set(group.id, group);
    return c.json(one(groupView(group)), 201);
  });

  app.get(`${BASE}/usergroups/:id`, (c) => c.json(one(groupView(find(idParam(c))))));

  app.patch(`${BASE}/usergroups/:id`, (c) => {
    requireRoot(c);
    const group = find(idParam(c));
    Object.assign(group, check(objectBody(c), group));
    return c.json(one(groupView(group)));
  });

  app.delete(`${BASE}/usergroups/:id`, (c) => {
    requireRoot(c);
    state.removeGroup(find(idParam(c)));
    return c.body(null, 204);
  });
}
