/**
 * `plan(pbx, desired)`: what would change to make the PBX match the document, computed from
 * what the PBX holds now and from its capability manifest, before anything is sent. It lists
 * the writes (create / update with the field diff / add or remove member or agent / delete
 * with `prune`), what the vendor cannot do (with the manifest's reason, never attempted), and
 * problems in the document against this PBX (a queue that does not exist).
 *
 * A plan is computed from the current state each time: re-running after an interruption
 * plans only what is still missing, which is what makes `apply` converge.
 */
import { isSupported, type OperationName } from '../../core/capabilities.js';
import type { PbxClient } from '../../core/client.js';
import type { UserCreateInput, UserPatch, UserRef } from '../../core/inputs.js';
import type { User } from '../../core/model.js';
import { userKey, userKeys, type DesiredState, type DesiredUser } from './document.js';
import { cannot, readState, type CurrentState, type Unsupported } from './state.js';

/** The user fields a document sets. */
export const USER_FIELDS = ['displayName', 'firstName', 'lastName', 'email', 'mobile', 'department', 'enabled'] as const;
export type UserField = (typeof USER_FIELDS)[number];

export interface FieldChange {
  readonly field: UserField;
  readonly from?: string | boolean;
  readonly to: string | boolean;
}

export type PlanAction =
  | { readonly kind: 'user.create'; readonly user: string; readonly input: UserCreateInput }
  /** `userId` is absent for the follow-up of a create (fields the create does not take). */
  | { readonly kind: 'user.update'; readonly user: string; readonly userId?: string; readonly changes: readonly FieldChange[] }
  | { readonly kind: 'user.delete'; readonly user: string; readonly userId: string }
  | { readonly kind: 'team.create'; readonly team: string }
  | { readonly kind: 'member.add'; readonly team: string; readonly user: string }
  | { readonly kind: 'member.remove'; readonly team: string; readonly user: string }
  | { readonly kind: 'agent.add'; readonly queue: string; readonly user: string; readonly skillLevel?: number }
  | { readonly kind: 'agent.update'; readonly queue: string; readonly user: string; readonly skillLevel: number; readonly from?: number }
  | { readonly kind: 'agent.remove'; readonly queue: string; readonly user: string };

export interface Plan {
  readonly vendor: string;
  /** The writes, in the order `apply` runs them. */
  readonly actions: readonly PlanAction[];
  /** What the document asks and this vendor cannot do (not attempted). */
  readonly unsupported: readonly Unsupported[];
  /** What cannot be done against this PBX for another reason (a queue that does not exist, a user too incomplete to create). */
  readonly problems: readonly string[];
  /** Users, teams and queues of the document already as described. */
  readonly unchanged: { readonly users: number; readonly teams: number; readonly queues: number };
  /** Vendor ids `apply` needs (never part of a document): user key → ref, team / queue name → id. */
  readonly refs: {
    readonly users: Readonly<Record<string, { readonly id?: string; readonly extension?: string }>>;
    readonly teams: Readonly<Record<string, string>>;
    readonly queues: Readonly<Record<string, string>>;
  };
}

export interface PlanOptions {
  /** Also delete users the document does not list (never the account signed in). */
  readonly prune?: boolean;
  readonly signal?: AbortSignal;
}

/** Compares the document with what the PBX holds now. Reads only. */
export async function plan(pbx: PbxClient, desired: DesiredState, options: PlanOptions = {}): Promise<Plan> {
  const current = await readState(pbx, {
    ...(options.signal ? { signal: options.signal } : {}),
    teams: new Set(desired.teams.map((t) => t.name.toLowerCase())),
    queues: new Set(desired.queues.map((q) => q.name.toLowerCase())),
  });
  const self = options.prune && pbx.supports('whoami') ? await pbx.whoami(options.signal ? { signal: options.signal } : {}).catch(() => undefined) : undefined;
  return diff(pbx, desired, current, { prune: Boolean(options.prune), ...(self ? { selfId: self.id } : {}) });
}

/** The pure part of {@link plan}: desired vs current. */
export function diff(pbx: Pick<PbxClient, 'vendor' | 'capabilities'>, desired: DesiredState, current: CurrentState, options: { prune: boolean; selfId?: string }): Plan {
  const actions: PlanAction[] = [];
  const unsupported: Unsupported[] = [...current.unsupported];
  const problems: string[] = [];
  const unchanged = { users: 0, teams: 0, queues: 0 };
  const refs = { users: {} as Record<string, { id?: string; extension?: string }>, teams: {} as Record<string, string>, queues: {} as Record<string, string> };
  const refuse = (operation: OperationName, subject: string, field?: string): boolean => {
    const reason = cannot(pbx, operation);
    if (reason) unsupported.push({ operation, subject, ...(field ? { field } : {}), reason });
    return reason !== undefined;
  };
  const fieldsOf = (operation: OperationName): readonly string[] | undefined => {
    const c = pbx.capabilities[operation];
    return isSupported(c) ? c.fields : undefined;
  };

  // Users: by extension, else by email.
  const byKey = new Map<string, User>();
  for (const user of current.users) for (const key of userKeys(user)) if (!byKey.has(key)) byKey.set(key, user);
  const find = (u: DesiredUser): User | undefined => (u.extension ? byKey.get(u.extension) : undefined) ?? (u.email ? byKey.get(u.email.toLowerCase()) : undefined);
  /** Desired key (extension or email as written) → the key used in the plan. */
  const keyOf = new Map<string, string>();
  const matched = new Set<string>();
  /** Users of the document that will not exist here (the vendor cannot create them, or they are incomplete). */
  const absent = new Set<string>();
  const updatable = fieldsOf('users.update');

  for (const u of desired.users) {
    const key = userKey(u);
    for (const k of userKeys(u)) keyOf.set(k, key);
    const existing = find(u);
    if (existing && matched.has(existing.id)) {
      problems.push(`user ${key} matches the same ${pbx.vendor} user (${userKey(existing)}) as another user of the document: left alone`);
      absent.add(key);
      continue;
    }
    if (existing) {
      matched.add(existing.id);
      refs.users[key] = { id: existing.id, ...(existing.extension ? { extension: existing.extension } : {}) };
      const changes = fieldChanges(u, existing);
      const settable = changes.filter((c) => !updatable || updatable.includes(c.field));
      for (const c of changes.filter((c) => !settable.includes(c))) {
        unsupported.push({ operation: 'users.update', subject: key, field: c.field, reason: `${pbx.vendor} cannot set ${c.field} (users.update accepts ${(updatable ?? []).join(', ')})` });
      }
      if (settable.length === 0) unchanged.users++;
      else if (!refuse('users.update', key)) actions.push({ kind: 'user.update', user: key, userId: existing.id, changes: settable });
      continue;
    }
    if (refuse('users.create', key)) {
      absent.add(key);
      continue;
    }
    const displayName = u.displayName ?? ([u.firstName, u.lastName].filter(Boolean).join(' ') || undefined);
    if (!u.extension || !u.email || !displayName) {
      problems.push(`user ${key} does not exist and cannot be created: a new user needs an extension, an email and a display name (or first and last name)`);
      absent.add(key);
      continue;
    }
    refs.users[key] = { extension: u.extension };
    const creatable = fieldsOf('users.create');
    const input: Record<string, unknown> = { extension: u.extension, email: u.email, displayName };
    const later: FieldChange[] = [];
    for (const field of USER_FIELDS) {
      const value = u[field];
      if (value === undefined || field === 'email' || field === 'displayName') continue;
      if (!creatable || creatable.includes(field)) input[field] = value;
      else if (updatable?.includes(field)) later.push({ field, to: value });
      else unsupported.push({ operation: 'users.create', subject: key, field, reason: `${pbx.vendor} cannot set ${field} on a user` });
    }
    actions.push({ kind: 'user.create', user: key, input: input as UserCreateInput });
    if (later.length) actions.push({ kind: 'user.update', user: key, changes: later });
  }
  const resolve = (reference: string): string => keyOf.get(reference) ?? keyOf.get(reference.toLowerCase()) ?? reference;
  /** Members and agents who will not exist here are left out (their user is reported above). */
  const present = (keys: Iterable<string>): Set<string> => new Set([...keys].filter((k) => !absent.has(k)));
  /** A current member / agent as a plan key: the document's key of that user, else its extension or id. */
  const memberKey = (m: { userId?: string | undefined; extension?: string | undefined }): string => {
    const user = m.userId ? current.users.find((x) => x.id === m.userId) : m.extension ? byKey.get(m.extension) : undefined;
    const key = user ? userKeys(user).map((k) => keyOf.get(k)).find(Boolean) ?? userKey(user) : (m.extension ?? m.userId ?? '?');
    if (user && !refs.users[key]) refs.users[key] = { id: user.id, ...(user.extension ? { extension: user.extension } : {}) };
    if (!user && m.extension && !refs.users[key]) refs.users[key] = { extension: m.extension, ...(m.userId ? { id: m.userId } : {}) };
    return key;
  };

  // Teams: by name; a missing one is created.
  for (const team of desired.teams) {
    const existing = current.teams.find((t) => t.group.name.toLowerCase() === team.name.toLowerCase());
    const wanted = present(team.members.map(resolve));
    const subject = `team ${team.name}`;
    if (!existing) {
      if (refuse('groups.create', subject)) continue;
      const kinds = pbx.capabilities['groups.create'];
      if (isSupported(kinds) && kinds.values && !kinds.values.includes('team')) {
        unsupported.push({ operation: 'groups.create', subject, reason: `${pbx.vendor} cannot create groups of kind team` });
        continue;
      }
      actions.push({ kind: 'team.create', team: team.name });
      for (const user of wanted) if (!refuse('groups.members.add', `${subject}: ${user}`)) actions.push({ kind: 'member.add', team: team.name, user });
      continue;
    }
    refs.teams[team.name] = existing.group.id;
    if (!existing.members) continue; // the vendor cannot list members (reported by readState)
    const have = new Set(existing.members.map(memberKey));
    const before = actions.length;
    for (const user of wanted) if (!have.has(user) && !refuse('groups.members.add', `${subject}: ${user}`)) actions.push({ kind: 'member.add', team: team.name, user });
    for (const user of have) if (!wanted.has(user) && !refuse('groups.members.remove', `${subject}: ${user}`)) actions.push({ kind: 'member.remove', team: team.name, user });
    if (actions.length === before && [...wanted].every((u) => have.has(u)) && [...have].every((u) => wanted.has(u))) unchanged.teams++;
  }

  // Queues: by name; they must exist. Agents with skill levels where the vendor has them.
  const skills = fieldsOf('queues.addAgent');
  const hasSkill = !skills || skills.includes('skillLevel');
  for (const queue of desired.queues) {
    const existing = current.queues.find((q) => q.queue.name.toLowerCase() === queue.name.toLowerCase());
    const subject = `queue ${queue.name}`;
    if (!existing) {
      if (!current.unsupported.some((u) => u.operation === 'queues.list')) problems.push(`${subject} does not exist on this ${pbx.vendor} PBX (queues are not created by apply)`);
      continue;
    }
    refs.queues[queue.name] = existing.queue.id;
    if (!existing.agents) continue;
    const have = new Map(existing.agents.map((a) => [memberKey(a), a] as const));
    const before = actions.length;
    let skipped = false;
    for (const agent of queue.agents) {
      const user = resolve(agent.user);
      if (absent.has(user)) continue;
      const skill = hasSkill ? agent.skillLevel : undefined;
      if (agent.skillLevel !== undefined && !hasSkill) {
        unsupported.push({ operation: 'queues.addAgent', subject: `${subject}: ${user}`, field: 'skillLevel', reason: `${pbx.vendor} queues have no skill levels` });
      }
      const present = have.get(user);
      if (!present) {
        if (refuse('queues.addAgent', `${subject}: ${user}`)) skipped = true;
        else actions.push({ kind: 'agent.add', queue: queue.name, user, ...(skill !== undefined ? { skillLevel: skill } : {}) });
      } else if (skill !== undefined && present.skillLevel !== undefined && present.skillLevel !== skill) {
        actions.push({ kind: 'agent.update', queue: queue.name, user, skillLevel: skill, from: present.skillLevel });
      }
    }
    const wanted = new Set(queue.agents.map((a) => resolve(a.user))); // an absent user's agent entry is not removed either
    for (const user of have.keys()) if (!wanted.has(user) && !refuse('queues.removeAgent', `${subject}: ${user}`)) actions.push({ kind: 'agent.remove', queue: queue.name, user });
    if (actions.length === before && !skipped) unchanged.queues++;
  }

  if (options.prune) {
    for (const user of current.users) {
      if (matched.has(user.id) || user.id === options.selfId) continue;
      const key = userKey(user) || user.id;
      if (refuse('users.delete', key)) continue;
      actions.push({ kind: 'user.delete', user: key, userId: user.id });
    }
  }
  return { vendor: pbx.vendor, actions: order(actions), unsupported: dedupe(unsupported), problems, unchanged, refs };
}

const ORDER: Readonly<Record<PlanAction['kind'], number>> = {
  'team.create': 0,
  'user.create': 1,
  'user.update': 2,
  'member.remove': 3,
  'member.add': 4,
  'agent.remove': 5,
  'agent.add': 6,
  'agent.update': 7,
  'user.delete': 8,
};

function order(actions: PlanAction[]): PlanAction[] {
  return actions.map((a, i) => [a, i] as const).sort((x, y) => ORDER[x[0].kind] - ORDER[y[0].kind] || x[1] - y[1]).map(([a]) => a);
}

function dedupe(list: Unsupported[]): Unsupported[] {
  const seen = new Set<string>();
  return list.filter((u) => {
    const id = `${u.operation}|${u.subject}|${u.field ?? ''}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Fields the document sets that differ from the stored user (text compared trimmed, emails case-insensitively). */
export function fieldChanges(desired: DesiredUser, user: User): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of USER_FIELDS) {
    const to = desired[field];
    if (to === undefined) continue;
    const from = user[field];
    if (!same(field, from, to)) changes.push({ field, ...(from !== undefined ? { from } : {}), to });
  }
  return changes;
}

function same(field: UserField, a: string | boolean | undefined, b: string | boolean): boolean {
  if (typeof b === 'boolean') return a === b;
  if (typeof a !== 'string') return b.trim() === '' && a === undefined;
  if (field === 'email') return a.trim().toLowerCase() === b.trim().toLowerCase();
  if (field === 'mobile') return a.replace(/[^0-9+]/g, '') === b.replace(/[^0-9+]/g, '');
  return a.trim() === b.trim();
}

/** The patch of a `user.update` action. */
export function patchOf(changes: readonly FieldChange[]): UserPatch {
  return Object.fromEntries(changes.map((c) => [c.field, c.to])) as UserPatch;
}

/** A user reference for member / agent calls (id and extension where known). */
export function refOf(refs: Plan['refs'], user: string, created: ReadonlyMap<string, string>): UserRef | undefined {
  const known = refs.users[user];
  const id = known?.id ?? created.get(user);
  if (id) return { id, ...(known?.extension ? { extension: known.extension } : {}) };
  return known?.extension ? { extension: known.extension } : undefined;
}
