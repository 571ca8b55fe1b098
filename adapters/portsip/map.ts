/**
 * PortSIP wire shapes <-> the unified model, both ways, as pure functions. The enum tables
 * are data: a value PortSIP adds later maps to `unknown` and stays visible in `raw`. The
 * contact-centre records are mapped in `map-contact-centre.ts`, CDRs in `map-cdr.ts`, the
 * bodies of user writes in `map-user-write.ts`.
 */
import type { Group, GroupMember, User } from '../../core/model.js';
import type { NewGroup, GroupChanges } from '../../core/port.js';
import { recordMaker } from '../../core/wire.js';
import type { WireGroup, WireGroupMember, WireUser } from './wire.js';

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

export function groupBody(input: NewGroup | GroupChanges): Record<string, unknown> {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
  };
}
