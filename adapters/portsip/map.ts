/**
 * PortSIP wire shapes <-> the unified model, both ways, as pure functions. The enum tables
 * are data: a value PortSIP adds later maps to `unknown` and stays visible in `raw`.
 */
import type { AgentStatus, Cdr, CdrDirection, CdrDisposition, Group, GroupMember, NotReadyReason, PresenceState, Queue, QueueMembership, Role, SettableAgentStatus, User, UserPresence } from '../../core/model.js';
import type { NewGroup, NewUser, UserChanges, GroupChanges } from '../../core/port.js';
import { fromVendorEnum, party, type Building } from '../../core/wire.js';
import { generatePassword, generateVoicemailPin } from './policy.js';
import type { WireCdr, WireGroup, WireGroupMember, WireUser } from './wire.js';
import type { WireAgent, WireQueue, WireRole, WireUserStatus } from './wire-contact-centre.js';
import type { WireNotReadyCode } from './wire-v223.js';

export const VENDOR = 'portsip';
type Raw = Record<string, unknown>;

export function toUser(user: WireUser, raw: Raw): User {
  // Field by field, in order: no object spreads (see `party`); users are listed by the thousand.
  const out: Building<User> = { id: user.id };
  if (user.extension_number) out.extension = user.extension_number;
  if (user.name) out.username = user.name;
  // PortSIP has no first/last name; display_name may be blank, fall back to what identifies the user.
  out.displayName = user.display_name ?? user.name ?? user.extension_number ?? user.id;
  if (user.email) out.email = user.email;
  if (user.mobile_phone) out.mobile = user.mobile_phone;
  if (typeof user.enabled === 'boolean') out.enabled = user.enabled;
  if (user.role) out.role = user.role;
  if (user.department) out.department = user.department;
  out.vendor = VENDOR;
  out.raw = raw;
  return out as User;
}

/** PortSIP user groups are organisational groups: teams. */
export function toGroup(group: WireGroup, raw: Raw): Group {
  return { id: group.id, name: group.name, kind: 'team', ...(group.description ? { description: group.description } : {}), vendor: VENDOR, raw };
}

export function toGroupMember(groupId: string, member: WireGroupMember, raw: Raw): GroupMember {
  return {
    groupId,
    ...(member.id ? { userId: member.id } : {}),
    extension: member.extension_number,
    ...(member.display_name || member.name ? { displayName: (member.display_name ?? member.name) as string } : {}),
    raw,
  };
}

export function toQueue(queue: WireQueue, raw: Raw): Queue {
  return {
    id: queue.id,
    name: queue.name,
    ...(queue.extension_number ? { extension: queue.extension_number } : {}),
    ...(queue.polling_strategy ? { strategy: queue.polling_strategy } : {}),
    vendor: VENDOR,
    raw,
  };
}

/**
 * Agent status values (v22.0; 22.3 removed BREAK and LUNCH, which read as not ready).
 * TRANSFER, CONSULT_TRANSFER and ON_HOLD are listed only in the description of `status`
 * (not its enum): the agent is on a call.
 */
const AGENT_STATUS: Readonly<Record<string, AgentStatus>> = {
  READY: 'ready',
  NOT_READY: 'not_ready',
  BREAK: 'not_ready',
  LUNCH: 'not_ready',
  WRAP_UP: 'wrap_up',
  QUEUE_CALL: 'busy',
  OTHER_CALL: 'busy',
  TRANSFER: 'busy',
  CONSULT_TRANSFER: 'busy',
  ON_HOLD: 'busy',
  LOGGED_OUT: 'logged_out',
  OFFLINE: 'offline',
};

const LOGGED_IN_STATUSES: ReadonlySet<AgentStatus> = new Set(['ready', 'not_ready', 'wrap_up', 'busy']);

export function toAgentStatus(status: string | undefined): AgentStatus {
  return fromVendorEnum(AGENT_STATUS, status);
}

/**
 * `status` comes from the per-agent state endpoint or 22.3's bulk one (the agent list has
 * none); `reason` (22.3) only from the bulk one, and is kept only while the agent is not ready.
 */
export function toMembership(queueId: string, agent: WireAgent, raw: Raw, wireStatus: string | undefined, reason?: string): QueueMembership {
  const status = toAgentStatus(wireStatus);
  return {
    queueId,
    extension: agent.extension_number,
    ...(agent.display_name ? { displayName: agent.display_name } : {}),
    loggedIn: LOGGED_IN_STATUSES.has(status),
    status,
    ...(reason && status === 'not_ready' ? { statusReason: reason } : {}),
    // Skill levels are integers (1–100); anything else stays in `raw` only, not in the model.
    ...(Number.isSafeInteger(agent.skill_level) ? { skillLevel: agent.skill_level as number } : {}),
    raw,
  };
}

/** What `POST /call_queues/{id}/agents/{ext}` takes for each unified status. */
export const AGENT_STATUS_TO_WIRE: Readonly<Record<SettableAgentStatus | 'logged_in', string>> = {
  logged_in: 'LOGGED_IN',
  logged_out: 'LOGGED_OUT',
  ready: 'READY',
  not_ready: 'NOT_READY',
  wrap_up: 'WRAP_UP',
};

const DIRECTION: Readonly<Record<string, CdrDirection>> = {
  INBOUND_CALL: 'inbound',
  OUTBOUND_CALL: 'outbound',
  EXTENSION_CALL: 'internal',
  // An inbound call the PBX routed back out (forwarding): it started as inbound.
  INBOUND_OUTBOUND_CALL: 'inbound',
};

/** PortSIP CDRs carry no disposition: it is derived from answered_at and the SIP status code. */
function disposition(cdr: WireCdr): CdrDisposition {
  if (cdr.answered_at) return 'answered';
  const code = cdr.status_code ?? undefined;
  if (code === 486 || code === 600) return 'busy';
  if (code === undefined || code < 400 || code === 408 || code === 480 || code === 487 || cdr.end_reason === 'CANCELLED') return 'missed';
  return 'failed';
}

const seconds = (from: Date, to: Date): number => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/** PortSIP's `duration` (talk time); a negative one is garbage and read as absent (it stays in `raw`). */
const talk = (cdr: WireCdr): number | undefined => (typeof cdr.duration === 'number' && cdr.duration >= 0 ? cdr.duration : undefined);

/** Talk time: PortSIP's `duration`, else 0 for an unanswered call, else answer to end (unknown while the call goes on). */
function talkSeconds(cdr: WireCdr): number | undefined {
  const duration = talk(cdr);
  if (duration !== undefined) return duration;
  if (!cdr.answered_at) return 0;
  return cdr.ended_at ? seconds(cdr.answered_at, cdr.ended_at) : undefined;
}

/** `id` is the record's own in lists; `GET /cdrs/{id}` omits it, so the requested id is used. */
export function toCdr(cdr: WireCdr, raw: Raw, id: string): Cdr {
  const startedAt = cdr.started_at as Date;
  // Field by field, in order: no object spreads (see `party`); CDRs are listed by the million.
  const out: Building<Cdr> = { id };
  if (cdr.call_id) out.callId = cdr.call_id;
  out.direction = fromVendorEnum(DIRECTION, cdr.direction, 'unknown');
  out.from = party(cdr.caller ?? '', cdr.caller_display_name, cdr.caller_domain);
  out.to = party(cdr.callee ?? '', cdr.callee_display_name, cdr.callee_domain);
  out.startedAt = startedAt;
  if (cdr.answered_at) out.answeredAt = cdr.answered_at;
  if (cdr.ended_at) out.endedAt = cdr.ended_at;
  // PortSIP's `duration` is the talk time ("total talk time for a session"); the whole call is start to end.
  out.durationSeconds = cdr.ended_at ? seconds(startedAt, cdr.ended_at) : (talk(cdr) ?? 0);
  const talked = talkSeconds(cdr);
  if (talked !== undefined) out.talkSeconds = talked;
  out.disposition = disposition(cdr);
  if (cdr.end_reason) out.endReason = cdr.end_reason;
  if (cdr.trunk) out.trunk = cdr.trunk;
  if (typeof cdr.cost === 'number') out.cost = cdr.cost;
  out.vendor = VENDOR;
  out.raw = raw;
  return out as Cdr;
}

/** The generated secrets of a create, so the caller's redactor can mask them. */
export interface CreateSecrets {
  readonly password: string;
  readonly extensionPassword: string;
  readonly voicemailPin: string;
}

/** Secrets PortSIP requires on create; the caller's are used when given, the rest are random and satisfy PortSIP's policies (policy.ts). */
export function createSecrets(input: NewUser): CreateSecrets {
  const account = { name: input.username ?? input.extension, extension: input.extension };
  return {
    password: input.password ?? generatePassword(account),
    extensionPassword: input.sipPassword ?? generatePassword(account),
    voicemailPin: input.voicemailPin ?? generateVoicemailPin(),
  };
}

/** `POST /users` body (fields `name, password, email, display_name, role, extension_number, extension_password, voicemail_pin` are required by PortSIP). */
export function userCreateBody(input: NewUser, secrets: CreateSecrets): Record<string, unknown> {
  return {
    name: input.username ?? input.extension,
    password: secrets.password,
    email: input.email,
    display_name: input.displayName,
    role: input.role ?? 'StandardUser',
    extension_number: input.extension,
    extension_password: secrets.extensionPassword,
    voicemail_pin: secrets.voicemailPin,
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.mobile !== undefined ? { mobile_phone: input.mobile } : {}),
    ...(input.department !== undefined ? { department: input.department } : {}),
  };
}

/** `POST /users/{id}` body: only the changed fields. */
export function userUpdateBody(changes: UserChanges): Record<string, unknown> {
  return {
    ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
    ...(changes.email !== undefined ? { email: changes.email } : {}),
    ...(changes.mobile !== undefined ? { mobile_phone: changes.mobile } : {}),
    ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
    ...(changes.department !== undefined ? { department: changes.department } : {}),
  };
}

export function groupBody(input: NewGroup | GroupChanges): Record<string, unknown> {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
  };
}

/** A 22.3 not-ready code; without a `code` its name or id is what `reason` takes (assumption, docs/portsip.md). */
export function toNotReadyReason(code: WireNotReadyCode, raw: Raw): NotReadyReason {
  const value = code.code ?? code.name ?? code.id ?? '';
  return {
    code: value,
    ...(code.id ? { id: code.id } : {}),
    ...(code.description || code.name ? { description: (code.description ?? code.name) as string } : {}),
    vendor: VENDOR,
    raw,
  };
}

/** The user's own presence (22.0 and 22.3 values; 22.3 removed AVAILABLE and ON_CALL, added ONLINE, OTHER_CALL, RINGING). */
const PRESENCE: Readonly<Record<string, PresenceState>> = {
  AVAILABLE: 'available',
  ONLINE: 'available',
  ON_CALL: 'busy',
  OTHER_CALL: 'busy',
  RINGING: 'busy',
  AWAY: 'away',
  BUSINESS_TRIP: 'away',
  LUNCH: 'away',
  DO_NOT_DISTURB: 'dnd',
  OFFLINE: 'offline',
};

/**
 * One state from PortSIP's three signals, in this order: no registration (`status` OFFLINE)
 * → offline; DND (`presence` DO_NOT_DISTURB or `enable_dnd`) → dnd; on a call (`status`
 * ON_CALL / OTHER_CALL) → busy; otherwise the user's `presence`, else `status` ONLINE →
 * available.
 */
export function presenceState(status: WireUserStatus): PresenceState {
  if (status.status === 'OFFLINE') return 'offline';
  if (status.presence === 'DO_NOT_DISTURB' || status.enable_dnd === true) return 'dnd';
  if (status.status === 'ON_CALL' || status.status === 'OTHER_CALL') return 'busy';
  const presence = fromVendorEnum(PRESENCE, status.presence);
  if (presence !== 'unknown') return presence;
  return status.status === 'ONLINE' ? 'available' : 'unknown';
}

export function toPresence(userId: string, status: WireUserStatus, raw: Raw): UserPresence {
  const registrations = status.registration ?? undefined;
  return {
    userId,
    state: presenceState(status),
    ...(status.presence_note ? { note: status.presence_note } : {}),
    ...(typeof status.enable_dnd === 'boolean' ? { dnd: status.enable_dnd } : {}),
    ...(registrations
      ? {
          registeredDevices: registrations.length,
          registrations: registrations.map((r) => ({
            ...(r.user_agent ? { userAgent: r.user_agent } : {}),
            ...(r.application ? { application: r.application } : {}),
            ...(r.ip ? { ip: r.ip } : {}),
            ...(r.contact_address ? { contact: r.contact_address } : {}),
          })),
        }
      : {}),
    vendor: VENDOR,
    raw,
  };
}

/** A role; 22.3's `id` (its path key since 22.3) is read from `raw` when present. */
export function toRole(role: WireRole, raw: Raw): Role {
  const id = raw['id'];
  return {
    name: role.name,
    ...(typeof id === 'string' && id !== '' ? { id } : typeof id === 'number' ? { id: String(id) } : {}),
    ...(role.description ? { description: role.description } : {}),
    vendor: VENDOR,
    raw,
  };
}
