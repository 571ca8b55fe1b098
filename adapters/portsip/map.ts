/**
 * PortSIP wire shapes <-> the unified model, both ways, as pure functions. The enum tables
 * are data: a value PortSIP adds later maps to `unknown` and stays visible in `raw`. The
 * contact-centre records are mapped in `map-contact-centre.ts`.
 */
import type { Cdr, CdrDirection, CdrDisposition, Group, GroupMember, User } from '../../core/model.js';
import type { NewGroup, GroupChanges } from '../../core/port.js';
import { fromVendorEnum, party, recordMaker, type Building } from '../../core/wire.js';
import type { WireCdr, WireGroup, WireGroupMember, WireUser } from './wire.js';

export const VENDOR = 'portsip';
export type Raw = Record<string, unknown>;

/** Users are listed by the thousand: see `recordMaker`. */
const UserRecord = recordMaker<User>();

export function toUser(user: WireUser, raw: Raw): User {
  // Field by field, in order: no object spreads (see `party`); users are listed by the thousand.
  const out = new UserRecord();
  out.id = user.id;
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

export function groupBody(input: NewGroup | GroupChanges): Record<string, unknown> {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
  };
}
