/**
 * NetPBX wire shapes <-> the unified model, as pure functions. The group-type and status
 * tables are data: a value NetPBX sends that they do not know maps to `other` / `unknown`
 * and stays visible in `raw`.
 */
import type { AgentStatus, Group, GroupKind, GroupMember, Queue, QueueMembership, User } from '../../core/model.js';
import { fromVendorEnum } from '../../core/wire.js';
import type { WireGroup, WireMember, WireUser } from './wire.js';

export const VENDOR = 'netpbx';
type Raw = Record<string, unknown>;

/** `Hunt group with queue`, `HuntGroupWithQueue`, `hunt_group_with_queue` all become `huntwithqueue`. */
export function normalizeName(value: string): string {
  return value.toLowerCase().replace(/group/g, '').replace(/[^a-z0-9]/g, '');
}

/**
 * Group types by normalised name. The four queue types are the ones NetPBX's QueuePulses
 * documentation names ("Hunt group with queue, ACD group, Attendant group, Customer center
 * group"); a hunt group without queue rings members: `ring`. Anything else is `other`.
 */
export const GROUP_KIND: Readonly<Record<string, GroupKind>> = {
  huntwithqueue: 'queue',
  acd: 'queue',
  attendant: 'queue',
  customercenter: 'queue',
  customercentre: 'queue',
  hunt: 'ring',
  ring: 'ring',
};

/**
 * The kind a group type names, or `undefined` when the type says nothing unipbx understands:
 * a number (Json.NET writes enums as integers unless told otherwise), `null`, or a name not in
 * {@link GROUP_KIND}. Queue-ness of such a group is decided from the queue pulses (queues.ts).
 */
export function knownGroupKind(type: string | number | null): GroupKind | undefined {
  if (typeof type !== 'string') return undefined;
  const name = normalizeName(type);
  return Object.hasOwn(GROUP_KIND, name) ? GROUP_KIND[name] : undefined;
}

/** The group's kind from its type alone: what {@link knownGroupKind} cannot tell is `other`. */
export function groupKind(type: string | number | null): GroupKind {
  return knownGroupKind(type) ?? 'other';
}

/** Only the customer center group has wrap-up (clerical) time, per the QueuePulses documentation. */
export function hasWrapUp(type: string | number | null): boolean {
  return typeof type === 'string' && normalizeName(type).startsWith('customercent');
}

const joinName = (first: string | undefined, last: string | undefined): string | undefined => {
  const name = [first, last].filter((part) => part !== undefined && part.trim() !== '').join(' ');
  return name === '' ? undefined : name;
};

export function toUser(user: WireUser, raw: Raw): User {
  return {
    id: user.UserId,
    ...(user.Extension ? { extension: user.Extension } : {}),
    ...(user.UserName ? { username: user.UserName } : {}),
    // NetPBX has no display name: first + last, else whatever identifies the user.
    displayName: joinName(user.FirstName, user.LastName) ?? user.UserName ?? user.Email ?? user.Extension ?? user.UserId,
    ...(user.FirstName ? { firstName: user.FirstName } : {}),
    ...(user.LastName ? { lastName: user.LastName } : {}),
    ...(user.Email ? { email: user.Email } : {}),
    ...(user.MobileNumber ? { mobile: user.MobileNumber } : {}),
    ...(user.Role ? { role: user.Role } : {}),
    vendor: VENDOR,
    raw,
  };
}

export function toGroup(group: WireGroup, raw: Raw): Group {
  return { id: group.GroupId, name: group.Name ?? `Group ${group.GroupId}`, kind: groupKind(group.Type), vendor: VENDOR, raw };
}

/** A queue-type group as a queue; its group type is the closest thing NetPBX has to a strategy. */
export function toQueue(group: WireGroup, raw: Raw): Queue {
  return {
    id: group.GroupId,
    name: group.Name ?? `Group ${group.GroupId}`,
    ...(group.Extension ? { extension: group.Extension } : {}),
    ...(group.Type !== null && group.Type !== '' ? { strategy: String(group.Type) } : {}),
    vendor: VENDOR,
    raw,
  };
}

const memberName = (member: WireMember): string | undefined => joinName(member.FirstName, member.LastName) ?? member.Name;

export function toGroupMember(groupId: string, member: WireMember, raw: Raw): GroupMember {
  const displayName = memberName(member);
  return {
    groupId,
    userId: member.MemberId,
    ...(member.Extension ? { extension: member.Extension } : {}),
    ...(displayName ? { displayName } : {}),
    raw,
  };
}

/** Member statuses of a queue pulse, by normalised name (see {@link normalizeName}). */
export const PULSE_STATUS: Readonly<Record<string, AgentStatus>> = {
  available: 'ready',
  ready: 'ready',
  idle: 'ready',
  free: 'ready',
  busy: 'busy',
  talking: 'busy',
  incall: 'busy',
  oncall: 'busy',
  ringing: 'busy',
  wrapup: 'wrap_up',
  clerical: 'wrap_up',
  aftercallwork: 'wrap_up',
  paused: 'not_ready',
  pause: 'not_ready',
  notready: 'not_ready',
  away: 'not_ready',
  break: 'not_ready',
  dnd: 'not_ready',
  donotdisturb: 'not_ready',
  loggedout: 'logged_out',
  notloggedin: 'logged_out',
  offline: 'offline',
  unregistered: 'offline',
};

export function toPulseStatus(status: string | number | null | undefined): AgentStatus {
  return typeof status === 'string' ? fromVendorEnum(PULSE_STATUS, normalizeName(status)) : 'unknown';
}

/**
 * Whether the member is logged in comes from the member list (the authority: it is what
 * `PUT …/members/{id}` changes); what it is doing comes from the queue pulse. A logged-out
 * member is `logged_out` whatever the pulse says; a logged-in one without a pulse entry is
 * `unknown`, and so is one the pulse reports logged out (two snapshots disagreeing).
 */
export function agentStatus(loggedIn: boolean, pulse: AgentStatus | undefined): AgentStatus {
  if (!loggedIn) return 'logged_out';
  if (pulse === undefined || pulse === 'logged_out') return 'unknown';
  return pulse;
}

export function toMembership(queueId: string, member: WireMember, memberRaw: Raw, pulseStatus: string | number | null | undefined, pulseRaw: Raw | undefined): QueueMembership {
  const displayName = memberName(member);
  return {
    queueId,
    userId: member.MemberId,
    ...(member.Extension ? { extension: member.Extension } : {}),
    ...(displayName ? { displayName } : {}),
    loggedIn: member.LoggedIn,
    status: agentStatus(member.LoggedIn, pulseRaw === undefined ? undefined : toPulseStatus(pulseStatus)),
    raw: { member: memberRaw, ...(pulseRaw !== undefined ? { pulse: pulseRaw } : {}) },
  };
}

/** Request bodies (camelCase, as vendor-notes.md writes them; Json.NET binds keys case-insensitively). */
export const nameBody = (firstName: string, lastName: string) => ({ firstName, lastName });
export const emailBody = (email: string) => ({ email });
export const mobileBody = (mobileNumber: string) => ({ mobileNumber });
export const memberBody = (loggedIn: boolean) => ({ loggedIn });

/** A phone number without formatting, to compare what was sent with what was stored. */
export const phoneDigits = (value: string | undefined): string | undefined => value?.replace(/[\s().-]/g, '');
