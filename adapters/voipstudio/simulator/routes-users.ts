/**
 * Users: `GET /users` (+ filter, sort, paging), `GET /users/{id}`, `PATCH /users/{id}`,
 * `DELETE /users/{id}`, the bulk `PATCH /users [{id, location_id?, groups?}]` (teams live on
 * the user) and the user's own call records `GET /users/{id}/cdrs`. There is no user create.
 */
import { badRequest, invalid, notFound, problem, type FieldProblem } from './errors.js';
import { datetime } from './format.js';
import { BASE, bodyId, bodyOf, flagValue, idParam, objectBody, one, onlyKeys, requireRoot, requireSelfOrRoot, type SimApp } from './http.js';
import { boolean, date, listReply, number, text, type Fields } from './lists.js';
import { CDR_FIELDS, cdrView } from './routes-cdrs.js';
import { CUSTOMER_ID, type SimState, type UserRecord } from './state.js';

export const USER_FIELDS: Fields<UserRecord> = {
  id: number((u) => u.id),
  email: text((u) => u.email),
  first_name: text((u) => u.first_name),
  last_name: text((u) => u.last_name),
  ext: text((u) => u.ext),
  mobile: text((u) => u.mobile),
  active: boolean((u) => u.active),
  is_root: boolean((u) => u.is_root),
  created_at: date((u) => u.created_at),
};

/** The User resource (the documented model's fields the simulator keeps). */
export const userView = (u: UserRecord) => ({
  id: u.id,
  active: u.active,
  created_at: datetime(u.created_at),
  customer_id: CUSTOMER_ID,
  email: u.email,
  first_name: u.first_name,
  last_name: u.last_name,
  is_initial: u.is_initial,
  is_root: u.is_root,
  roles: u.roles,
  two_factor_auth: u.two_factor_auth,
  visited_apps: [],
  ext: u.ext,
  mobile: u.mobile,
  mobile_activated: u.mobile !== null,
  cc: u.cc,
  language: u.language,
  dnd: u.dnd,
  location_id: u.location_id,
  groups: u.groups,
  // Documented as part of the User model: the adapter must keep it out of logs (raw masks it).
  vm_pin: u.vm_pin,
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Assumption: mobiles are stored as given, digits with an optional leading +.
const MOBILE = /^\+?[0-9]{6,15}$/;
const NAME_MAX = 64;
const WRITABLE = ['first_name', 'last_name', 'email', 'mobile', 'active', 'dnd', 'location_id'] as const;

export function userRoutes(app: SimApp, state: SimState): void {
  const find = (id: number): UserRecord => {
    const user = state.users.get(id);
    if (!user) throw notFound();
    return user;
  };

  app.get(`${BASE}/users`, (c) => c.json(listReply((name) => c.req.query(name), state.users, USER_FIELDS, userView)));

  app.get(`${BASE}/users/:id`, (c) => c.json(one(userView(find(idParam(c))))));

  app.patch(`${BASE}/users/:id`, (c) => {
    const user = find(idParam(c));
    requireSelfOrRoot(c, user.id);
    const body = objectBody(c);
    onlyKeys(body, WRITABLE);
    const problems: FieldProblem[] = [];
    const changes: Partial<UserRecord> = {};
    for (const field of ['first_name', 'last_name'] as const) {
      const value = body[field];
      if (value === undefined) continue;
      if (typeof value !== 'string' || value.length > NAME_MAX) problems.push(problem(field, `This value must be a string of at most ${NAME_MAX} characters.`));
      else changes[field] = value;
    }
    if (body['email'] !== undefined) {
      const email = body['email'];
      if (typeof email !== 'string' || !EMAIL.test(email)) problems.push(problem('email', 'This value is not a valid email address.'));
      else if ((state.userByEmail(email) ?? user) !== user) problems.push(problem('email', 'This value is already used.'));
      else changes.email = email;
    }
    if (body['mobile'] !== undefined) {
      const mobile = body['mobile'];
      if (mobile === null || mobile === '') changes.mobile = null;
      else if (typeof mobile !== 'string' || !MOBILE.test(mobile)) problems.push(problem('mobile', 'This value is not a valid phone number.'));
      else changes.mobile = mobile;
    }
    for (const field of ['active', 'dnd'] as const) {
      if (body[field] === undefined) continue;
      const value = flagValue(body[field]);
      if (value === undefined) problems.push(problem(field, 'This value must be a boolean.'));
      else changes[field] = value;
    }
    if (body['location_id'] !== undefined) {
      const location = body['location_id'] === null ? null : bodyId(body['location_id']);
      if (location === undefined) problems.push(problem('location_id', 'This value must be an integer.'));
      else changes.location_id = location;
    }
    if (problems.length) throw invalid(...problems);
    Object.assign(user, changes);
    return c.json(one(userView(user)));
  });

  app.delete(`${BASE}/users/:id`, (c) => {
    requireRoot(c);
    const user = find(idParam(c));
    // Assumption: the user who created the account cannot be deleted.
    if (user.is_initial) throw badRequest('The account owner cannot be deleted');
    state.removeUser(user);
    return c.body(null, 204);
  });

  /** Bulk: every entry is checked before any is applied (all or nothing). `groups` replaces the user's teams. */
  app.patch(`${BASE}/users`, (c) => {
    requireRoot(c);
    const body = bodyOf(c);
    if (!Array.isArray(body) || body.length === 0) throw invalid(problem('', 'The request body must be a non-empty JSON array of {id, location_id?, groups?}.'));
    const problems: FieldProblem[] = [];
    const missing: FieldProblem[] = [];
    const planned: Array<{ user: UserRecord; groups?: number[]; location_id?: number | null }> = [];
    body.forEach((entry: unknown, i) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return void problems.push(problem(String(i), 'Each entry must be an object.'));
      const item = entry as Record<string, unknown>;
      const extra = Object.keys(item).filter((key) => !['id', 'location_id', 'groups'].includes(key));
      problems.push(...extra.map((key) => problem(`${i}.${key}`, 'This field is not writable.')));
      const id = bodyId(item['id']);
      const user = id === undefined ? undefined : state.users.get(id);
      if (id === undefined) return void problems.push(problem(`${i}.id`, 'This value must be a user id.'));
      if (!user) return void missing.push(problem(`${i}.id`, `User ${id} not found.`));
      if (planned.some((p) => p.user === user)) return void problems.push(problem(`${i}.id`, `User ${id} is listed twice.`));
      const plan: (typeof planned)[number] = { user };
      if (item['groups'] !== undefined) {
        const groups = Array.isArray(item['groups']) ? item['groups'].map(bodyId) : undefined;
        if (!groups || groups.some((g) => g === undefined)) problems.push(problem(`${i}.groups`, 'This value must be an array of usergroup ids.'));
        else {
          const unknown = (groups as number[]).filter((g) => !state.groups.has(g));
          if (unknown.length) problems.push(problem(`${i}.groups`, `Unknown usergroup ${unknown.join(', ')}.`));
          else plan.groups = [...new Set(groups as number[])];
        }
      }
      if (item['location_id'] !== undefined) {
        const location = item['location_id'] === null ? null : bodyId(item['location_id']);
        if (location === undefined) problems.push(problem(`${i}.location_id`, 'This value must be an integer.'));
        else plan.location_id = location;
      }
      planned.push(plan);
    });
    if (problems.length) throw invalid(...problems);
    if (missing.length) throw notFound(missing);
    for (const { user, groups, location_id } of planned) {
      if (groups !== undefined) user.groups = groups;
      if (location_id !== undefined) user.location_id = location_id;
    }
    // As documented: one User `{data:{…}, links}`. Assumption: the first entry's user (the example does not say which).
    return c.json(one(userView(planned[0]!.user)));
  });

  app.get(`${BASE}/users/:id/cdrs`, (c) => {
    const user = find(idParam(c));
    requireSelfOrRoot(c, user.id);
    return c.json(listReply((name) => c.req.query(name), state.cdrs.filter((r) => r.user_id === user.id), CDR_FIELDS, cdrView));
  });
}
