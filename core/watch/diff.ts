/**
 * Diffs a fresh snapshot against the remembered one. Each change comes with the mutation that
 * makes the remembered state match it, so the watch can apply changes one event at a time
 * (and a cursor taken after any event covers exactly the events before it).
 */
import type { Cdr, GroupMember, QueueMembership, User } from '../model.js';
import type { Container, Entry } from './state.js';
import { eventId } from './state.js';

/** An event without its cursor and observation time, plus how to apply it. */
export interface Change {
  readonly event: Record<string, unknown> & { readonly type: string; readonly id: string; readonly entity: unknown };
  apply(): void;
}

const USER_FIELDS = ['extension', 'username', 'displayName', 'firstName', 'lastName', 'email', 'mobile', 'enabled', 'role', 'department'] as const;

/** The user as remembered and shown in events: the model without the vendor payload. */
function userData(user: User): Record<string, unknown> {
  const data: Record<string, unknown> = { id: user.id };
  for (const field of USER_FIELDS) if (user[field] !== undefined) data[field] = user[field];
  return data;
}

const asUser = (data: Record<string, unknown>, vendor: string): User => ({ ...(data as Omit<User, 'vendor' | 'raw'>), vendor, raw: {} });

export function diffUsers(vendor: string, known: Record<string, Entry>, users: readonly User[]): Change[] {
  const changes: Change[] = [];
  const present = new Set<string>();
  for (const user of users) {
    present.add(user.id);
    const data = userData(user);
    const entry = known[user.id];
    const key = `user:${user.id}`;
    if (!entry || entry.d === null) {
      const v = (entry?.v ?? 0) + 1;
      changes.push({ event: { type: 'user.created', id: eventId(vendor, 'user.created', key, v, data), entity: user }, apply: () => void (known[user.id] = { v, d: data }) });
      continue;
    }
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of USER_FIELDS) {
      if (JSON.stringify(entry.d[field]) !== JSON.stringify(data[field])) diff[field] = { from: entry.d[field], to: data[field] };
    }
    if (Object.keys(diff).length === 0) continue;
    const v = entry.v + 1;
    changes.push({ event: { type: 'user.updated', id: eventId(vendor, 'user.updated', key, v, data), entity: user, changes: diff }, apply: () => void (known[user.id] = { v, d: data }) });
  }
  for (const [id, entry] of Object.entries(known)) {
    if (present.has(id) || entry.d === null) continue;
    const v = entry.v + 1;
    const last = entry.d;
    changes.push({ event: { type: 'user.deleted', id: eventId(vendor, 'user.deleted', `user:${id}`, v, last), entity: asUser(last, vendor) }, apply: () => void (known[id] = { v, d: null }) });
  }
  return changes;
}

const memberKey = (m: { userId?: string | undefined; extension?: string | undefined }): string => (m.userId !== undefined ? `u${m.userId}` : `x${m.extension ?? ''}`);

function memberData(m: GroupMember | QueueMembership): Record<string, unknown> {
  const { raw: _raw, ...rest } = m;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** Group membership changes; `groups` maps each current group to its name and members. */
export function diffGroups(vendor: string, known: Record<string, Container>, groups: ReadonlyMap<string, { name: string; members: readonly GroupMember[] }>): Change[] {
  const changes: Change[] = [];
  const ids = new Set([...groups.keys(), ...Object.keys(known)]);
  for (const groupId of ids) {
    const current = groups.get(groupId);
    const container = known[groupId] ?? { name: current?.name ?? '', m: {} };
    const box = () => (known[groupId] ??= container);
    const name = current?.name ?? container.name;
    const seen = new Set<string>();
    for (const member of current?.members ?? []) {
      const key = memberKey(member);
      seen.add(key);
      const entry = container.m[key];
      if (entry && entry.d !== null) continue;
      const v = (entry?.v ?? 0) + 1;
      const data = memberData(member);
      changes.push({
        event: { type: 'group.member_added', id: eventId(vendor, 'group.member_added', `group:${groupId}:${key}`, v, data), entity: member, group: { id: groupId, name } },
        apply: () => void (box().m[key] = { v, d: data }),
      });
    }
    for (const [key, entry] of Object.entries(container.m)) {
      if (seen.has(key) || entry.d === null) continue;
      const v = entry.v + 1;
      const last = entry.d;
      changes.push({
        event: { type: 'group.member_removed', id: eventId(vendor, 'group.member_removed', `group:${groupId}:${key}`, v, last), entity: { ...last, raw: {} }, group: { id: groupId, name } },
        apply: () => void (box().m[key] = { v, d: null }),
      });
    }
    if (current && container.name !== current.name) container.name = current.name;
  }
  return changes;
}

/** Queue agent changes; `queues` maps each current queue to its name and agents. */
export function diffQueues(vendor: string, known: Record<string, Container>, queues: ReadonlyMap<string, { name: string; agents: readonly QueueMembership[] }>): Change[] {
  const changes: Change[] = [];
  const ids = new Set([...queues.keys(), ...Object.keys(known)]);
  for (const queueId of ids) {
    const current = queues.get(queueId);
    const container = known[queueId] ?? { name: current?.name ?? '', m: {} };
    const box = () => (known[queueId] ??= container);
    const queue = { id: queueId, name: current?.name ?? container.name };
    const seen = new Set<string>();
    const push = (type: string, key: string, v: number, data: Record<string, unknown> | null, entity: unknown, previous?: { loggedIn: boolean; status: string }) => {
      changes.push({
        event: { type, id: eventId(vendor, type, `queue:${queueId}:${key}`, v, data ?? previous ?? null), entity, queue, ...(previous ? { previous } : {}) },
        apply: () => void (box().m[key] = { v, d: data }),
      });
    };
    for (const agent of current?.agents ?? []) {
      const key = memberKey(agent);
      seen.add(key);
      const data = memberData(agent);
      const entry = container.m[key];
      if (!entry || entry.d === null) {
        push('queue.agent_added', key, (entry?.v ?? 0) + 1, data, agent);
        continue;
      }
      const before = { loggedIn: entry.d['loggedIn'] as boolean, status: entry.d['status'] as string };
      if (before.loggedIn === agent.loggedIn && before.status === agent.status) continue;
      const type = before.loggedIn !== agent.loggedIn ? (agent.loggedIn ? 'queue.agent_logged_in' : 'queue.agent_logged_out') : 'queue.agent_status_changed';
      push(type, key, entry.v + 1, data, agent, before);
    }
    for (const [key, entry] of Object.entries(container.m)) {
      if (seen.has(key) || entry.d === null) continue;
      push('queue.agent_removed', key, entry.v + 1, null, { ...entry.d, raw: {} });
    }
    if (current && container.name !== current.name) container.name = current.name;
  }
  return changes;
}

/** New call records: ids are the CDR's own (a record is created once). */
export function cdrChange(vendor: string, cdr: Cdr): Change['event'] {
  return { type: 'cdr.created', id: eventId(vendor, 'cdr.created', `cdr:${cdr.id}`, 1, null), entity: cdr };
}
