/**
 * Call queues: `GET /queues`, `GET /queues/{id}` and `PATCH /queues/{id}`, whose `users` (every
 * member as `{id, status}`) replaces the whole member list. Members are ids; with
 * `?include=users` they become objects (`fields[users]=…` picks their properties, `status`
 * being whether the agent has joined) — on the collection and on one queue alike, as
 * VoIPStudio's queue-api client reads them from `GET /queues?include=users&fields[users]=…`.
 */
import { invalid, notFound, problem, type FieldProblem } from './errors.js';
import { BASE, bodyId, flagValue, idParam, objectBody, one, onlyKeys, requireRoot, type SimApp, type SimContext } from './http.js';
import { listReply, number, text, type Fields } from './lists.js';
import type { QueueMember, QueueRecord, SimState } from './state.js';

export const QUEUE_FIELDS: Fields<QueueRecord> = {
  id: number((q) => q.id),
  name: text((q) => q.name),
  number: text((q) => q.number),
  ring_strategy: text((q) => q.ring_strategy),
};

const MEMBER_FIELDS = ['id', 'first_name', 'last_name', 'email', 'ext', 'status'] as const;

export function queueRoutes(app: SimApp, state: SimState): void {
  const find = (id: number): QueueRecord => {
    const queue = state.queues.get(id);
    if (!queue) throw notFound();
    return queue;
  };

  /** A member as `include=users` shows it, limited to `fields[users]` when given. */
  const memberView = (member: QueueMember, fields: readonly string[]): Record<string, unknown> => {
    const user = state.users.get(member.id);
    const all: Record<string, unknown> = { id: member.id, first_name: user?.first_name ?? null, last_name: user?.last_name ?? null, email: user?.email ?? null, ext: user?.ext ?? null, status: member.status };
    return Object.fromEntries(fields.filter((f) => Object.hasOwn(all, f)).map((f) => [f, all[f]]));
  };

  const queueView = (q: QueueRecord, c: SimContext) => {
    const include = (c.req.query('include') ?? '').split(',').map((s) => s.trim());
    const requested = c.req.query('fields[users]');
    const fields = requested ? requested.split(',').map((s) => s.trim()) : MEMBER_FIELDS;
    return {
      id: q.id,
      name: q.name,
      number: q.number,
      ring_strategy: q.ring_strategy,
      ring_time: q.ring_time,
      users: include.includes('users') ? q.users.map((m) => memberView(m, fields)) : q.users.map((m) => m.id),
    };
  };

  app.get(`${BASE}/queues`, (c) => c.json(listReply((name) => c.req.query(name), state.queues, QUEUE_FIELDS, (q) => queueView(q, c))));

  app.get(`${BASE}/queues/:id`, (c) => c.json(one(queueView(find(idParam(c)), c))));

  app.patch(`${BASE}/queues/:id`, (c) => {
    requireRoot(c);
    const queue = find(idParam(c));
    const body = objectBody(c);
    onlyKeys(body, ['name', 'ring_strategy', 'ring_time', 'users']);
    const problems: FieldProblem[] = [];
    let users: QueueMember[] | undefined;
    if (body['users'] !== undefined) {
      if (!Array.isArray(body['users'])) problems.push(problem('users', 'This value must be an array of {id, status}.'));
      else {
        users = [];
        body['users'].forEach((entry: unknown, i) => {
          // Assumption: every member is sent as {id, status} (vendor notes: "send every member"); a bare id
          // or a missing status is refused rather than guessed, so a client that drops them is caught.
          if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return void problems.push(problem(`users.${i}`, 'This value must be an object {id, status}.'));
          const item = entry as Record<string, unknown>;
          const id = bodyId(item['id']);
          const status = flagValue(item['status']);
          if (id === undefined || !state.users.has(id)) problems.push(problem(`users.${i}.id`, `User ${String(item['id'])} not found.`));
          else if (users!.some((m) => m.id === id)) problems.push(problem(`users.${i}.id`, `User ${id} is listed twice.`));
          else if (item['status'] === undefined) problems.push(problem(`users.${i}.status`, 'This value is required.'));
          else if (status === undefined) problems.push(problem(`users.${i}.status`, 'This value must be a boolean.'));
          else users!.push({ id, status });
        });
      }
    }
    if (body['name'] !== undefined && (typeof body['name'] !== 'string' || body['name'].trim() === '')) problems.push(problem('name', 'This value should not be blank.'));
    if (body['ring_strategy'] !== undefined && typeof body['ring_strategy'] !== 'string') problems.push(problem('ring_strategy', 'This value must be a string.'));
    if (body['ring_time'] !== undefined && !(Number.isInteger(body['ring_time']) && (body['ring_time'] as number) > 0)) problems.push(problem('ring_time', 'This value must be a positive integer.'));
    if (problems.length) throw invalid(...problems);
    if (users) queue.users = users;
    if (typeof body['name'] === 'string') queue.name = body['name'];
    if (typeof body['ring_strategy'] === 'string') queue.ring_strategy = body['ring_strategy'];
    if (typeof body['ring_time'] === 'number') queue.ring_time = body['ring_time'];
    return c.json(one(queueView(queue, c)));
  });
}
