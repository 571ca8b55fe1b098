/**
 * VoIPStudio wire shapes <-> the unified model, both ways, as pure functions. Enum tables are
 * data: a value VoIPStudio adds later maps to `unknown` and stays visible in `raw`.
 */
import type { AgentStatus, Cdr, CdrDirection, CdrDisposition, Group, GroupMember, Queue, QueueMembership, User } from '../../core/model.js';
import type { GroupChanges, NewGroup, UserChanges } from '../../core/port.js';
import { fromVendorEnum, party, recordMaker, type Building } from '../../core/wire.js';
import { flag, type WireCdr, type WireGroup, type WireQueue, type WireQueueUser, type WireUser } from './wire.js';

export const VENDOR = 'voipstudio';
type Raw = Record<string, unknown>;

/** `first last` (either may be missing), trimmed; undefined when blank. No arrays: every listed user has a name. */
const fullName = (first: string | undefined, last: string | undefined): string | undefined =>
  (first ? (last ? `${first} ${last}` : first) : (last ?? '')).trim() || undefined;

/** Users are listed by the thousand: see `recordMaker`. */
const UserRecord = recordMaker<User>();

export function toUser(user: WireUser, raw: Raw): User {
  // Field by field, in order: no object spreads (see `party`); users are listed by the thousand.
  const out = new UserRecord();
  out.id = user.id;
  if (user.ext) out.extension = user.ext;
  // VoIPStudio has no display name: it is the first and last name, else what identifies the user.
  out.displayName = fullName(user.first_name, user.last_name) ?? user.email ?? user.ext ?? user.id;
  if (user.first_name) out.firstName = user.first_name;
  if (user.last_name) out.lastName = user.last_name;
  if (user.email) out.email = user.email;
  if (user.mobile) out.mobile = user.mobile;
  if (user.active !== undefined) out.enabled = user.active;
  if (user.roles) out.role = user.roles;
  out.vendor = VENDOR;
  out.raw = raw;
  return out as User;
}

/** VoIPStudio usergroups are teams. */
export function toGroup(group: WireGroup, raw: Raw): Group {
  return { id: group.id, name: group.name, kind: 'team', vendor: VENDOR, raw };
}

/** A team member is a user whose `groups` list holds the team. */
export function toGroupMember(groupId: string, user: WireUser, raw: Raw): GroupMember {
  const name = fullName(user.first_name, user.last_name);
  return { groupId, userId: user.id, ...(user.ext ? { extension: user.ext } : {}), ...(name ? { displayName: name } : {}), raw };
}

/** True when `user` is in team `groupId` (ids compared as strings: VoIPStudio sends integers). */
export const inTeam = (user: WireUser, groupId: string): boolean => (user.groups ?? []).some((id) => id === groupId);

export function toQueue(queue: WireQueue, raw: Raw): Queue {
  return {
    id: queue.id,
    name: queue.name,
    ...(queue.number ? { extension: queue.number } : {}),
    ...(queue.ring_strategy ? { strategy: queue.ring_strategy } : {}),
    vendor: VENDOR,
    raw,
  };
}

/**
 * VoIPStudio only knows whether an agent has joined a queue. Joined reads as `ready` (the
 * agent receives the queue's calls; whether it is on a call is not reported), left as
 * `logged_out`; a value that is not a boolean (or 0/1) is `unknown` and not logged in.
 */
export function agentState(status: unknown): { loggedIn: boolean; status: AgentStatus } {
  const joined = flag.parse(status);
  if (joined === undefined) return { loggedIn: false, status: 'unknown' };
  return joined ? { loggedIn: true, status: 'ready' } : { loggedIn: false, status: 'logged_out' };
}

export function toMembership(queueId: string, user: WireQueueUser, raw: Raw): QueueMembership {
  const name = fullName(user.first_name, user.last_name);
  return { queueId, userId: user.id, ...(name ? { displayName: name } : {}), ...agentState(user.status), raw };
}

/** `type`: I inbound, O outbound, M missed (an inbound call nobody answered). */
const DIRECTION: Readonly<Record<string, CdrDirection>> = { I: 'inbound', O: 'outbound', M: 'inbound' };

/** `disposition` (compared upper-case; Asterisk's `ANSWERED` and `CONGESTION` are accepted too). */
const DISPOSITION: Readonly<Record<string, CdrDisposition>> = {
  CONNECTED: 'answered',
  ANSWERED: 'answered',
  'NO ANSWER': 'missed',
  NOANSWER: 'missed',
  NO_ANSWER: 'missed',
  BUSY: 'busy',
  FAILED: 'failed',
  CONGESTION: 'failed',
};

/**
 * A record of type M is an entry of the user's missed-call log (the User model's
 * `log_missed_calls`: made for calls from ring groups, queues etc. that the user did not answer).
 */
const isMissedLog = (cdr: Pick<WireCdr, 'type'>): boolean => cdr.type?.trim().toUpperCase() === 'M';

/**
 * The disposition of the record's user. Type M is always `missed`: its `disposition` can
 * describe the call as a whole (`CONNECTED` when someone else in the queue answered it).
 */
export function cdrDisposition(cdr: Pick<WireCdr, 'type' | 'disposition'>): CdrDisposition {
  return isMissedLog(cdr) ? 'missed' : fromVendorEnum(DISPOSITION, cdr.disposition?.trim().toUpperCase());
}

export const cdrDirection = (type: string | undefined): CdrDirection => fromVendorEnum(DIRECTION, type?.trim().toUpperCase());

/** `"Ada Lovelace" <1001>` → the name part, for records without `src_name`. */
function clidName(clid: string | undefined): string | undefined {
  const match = clid ? /^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$/.exec(clid) : null;
  return match?.[1]?.trim() || undefined;
}

const SECOND = 1000;

/**
 * `calldate` is the start; `duration` (start to end) and `billsec` (answer to end) follow
 * Asterisk's CDR semantics, so the end is `calldate + duration` and the answer
 * `end − billsec` for answered calls.
 */
export function toCdr(cdr: WireCdr, raw: Raw): Cdr {
  const startedAt = cdr.calldate as Date;
  const disposition = cdrDisposition(cdr);
  const duration = typeof cdr.duration === 'number' && cdr.duration >= 0 ? cdr.duration : undefined;
  // This user did not talk: a missed-call record's billsec, if any, can only be someone else's (whoever answered).
  const billsec = !isMissedLog(cdr) && typeof cdr.billsec === 'number' && cdr.billsec >= 0 ? cdr.billsec : undefined;
  const end = duration !== undefined ? new Date(startedAt.getTime() + duration * SECOND) : undefined;
  // A duration that ends the call past the last representable date is garbage: no end (it stays in `raw`).
  const endedAt = end && !Number.isNaN(end.getTime()) ? end : undefined;
  const answeredAt =
    disposition === 'answered' && endedAt && billsec !== undefined && billsec <= (duration ?? 0) ? new Date(endedAt.getTime() - billsec * SECOND) : undefined;
  const fromName = cdr.src_name ?? clidName(cdr.clid);
  // Field by field, in order: no object spreads (see `party`); CDRs are listed by the million.
  const out: Building<Cdr> = { id: cdr.id };
  if (cdr.call_id) out.callId = cdr.call_id;
  out.direction = cdrDirection(cdr.type);
  out.from = party(cdr.src ?? '', fromName);
  out.to = party(cdr.dst ?? '', cdr.dst_name);
  out.startedAt = startedAt;
  if (answeredAt) out.answeredAt = answeredAt;
  if (endedAt) out.endedAt = endedAt;
  out.durationSeconds = duration ?? 0;
  if (billsec !== undefined) out.talkSeconds = billsec;
  else if (disposition !== 'answered' && disposition !== 'unknown') out.talkSeconds = 0;
  out.disposition = disposition;
  if (cdr.t_cause) out.endReason = cdr.t_cause;
  if (cdr.user_id) out.userId = cdr.user_id;
  if (cdr.charge !== undefined) out.cost = cdr.charge;
  out.vendor = VENDOR;
  out.raw = raw;
  return out as Cdr;
}

/**
 * An id as VoIPStudio's JSON bodies carry it: ids are integers there, so a decimal id is sent
 * as a number; anything else (which VoIPStudio will refuse) is sent as given.
 */
export function wireId(id: string): number | string {
  const n = Number(id);
  return /^\d+$/.test(id) && Number.isSafeInteger(n) ? n : id;
}

/** `PATCH /users/{id}` body: only the changed fields. */
export function userPatchBody(changes: UserChanges): Record<string, unknown> {
  return {
    ...(changes.firstName !== undefined ? { first_name: changes.firstName } : {}),
    ...(changes.lastName !== undefined ? { last_name: changes.lastName } : {}),
    ...(changes.email !== undefined ? { email: changes.email } : {}),
    ...(changes.mobile !== undefined ? { mobile: changes.mobile } : {}),
    ...(changes.enabled !== undefined ? { active: changes.enabled } : {}),
  };
}

/** `POST /usergroups` / `PATCH /usergroups/{id}` body. */
export function groupBody(input: NewGroup | GroupChanges): Record<string, unknown> {
  return input.name !== undefined ? { name: input.name } : {};
}
