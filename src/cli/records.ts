/** How each kind of record is shown: columns for tables and CSV (JSON shows the whole record). */
import type { Capability, Cdr, Group, GroupMember, OperationName, Queue, QueueMembership, User } from '../index.js';
import type { Shape } from './output.js';

export const USER: Shape<User> = {
  columns: [
    { key: 'id', header: 'ID', value: (u) => u.id },
    { key: 'extension', header: 'EXT', value: (u) => u.extension },
    { key: 'username', header: 'USERNAME', value: (u) => u.username, table: false },
    { key: 'displayName', header: 'NAME', value: (u) => u.displayName },
    { key: 'firstName', header: 'FIRST NAME', value: (u) => u.firstName, table: false },
    { key: 'lastName', header: 'LAST NAME', value: (u) => u.lastName, table: false },
    { key: 'email', header: 'EMAIL', value: (u) => u.email },
    { key: 'mobile', header: 'MOBILE', value: (u) => u.mobile, table: false },
    { key: 'enabled', header: 'ENABLED', value: (u) => u.enabled, table: false },
    { key: 'role', header: 'ROLE', value: (u) => u.role },
    { key: 'department', header: 'DEPARTMENT', value: (u) => u.department },
    { key: 'vendor', header: 'VENDOR', value: (u) => u.vendor, table: false },
  ],
};

export const GROUP: Shape<Group> = {
  columns: [
    { key: 'id', header: 'ID', value: (g) => g.id },
    { key: 'name', header: 'NAME', value: (g) => g.name },
    { key: 'kind', header: 'KIND', value: (g) => g.kind },
    { key: 'description', header: 'DESCRIPTION', value: (g) => g.description },
    { key: 'vendor', header: 'VENDOR', value: (g) => g.vendor, table: false },
  ],
};

export const MEMBER: Shape<GroupMember> = {
  columns: [
    { key: 'groupId', header: 'GROUP', value: (m) => m.groupId, table: false },
    { key: 'userId', header: 'USER ID', value: (m) => m.userId },
    { key: 'extension', header: 'EXT', value: (m) => m.extension },
    { key: 'displayName', header: 'NAME', value: (m) => m.displayName },
  ],
};

export const QUEUE: Shape<Queue> = {
  columns: [
    { key: 'id', header: 'ID', value: (q) => q.id },
    { key: 'name', header: 'NAME', value: (q) => q.name },
    { key: 'extension', header: 'EXT', value: (q) => q.extension },
    { key: 'strategy', header: 'STRATEGY', value: (q) => q.strategy },
    { key: 'vendor', header: 'VENDOR', value: (q) => q.vendor, table: false },
  ],
};

export const AGENT: Shape<QueueMembership> = {
  columns: [
    { key: 'queueId', header: 'QUEUE', value: (a) => a.queueId, table: false },
    { key: 'userId', header: 'USER ID', value: (a) => a.userId },
    { key: 'extension', header: 'EXT', value: (a) => a.extension },
    { key: 'displayName', header: 'NAME', value: (a) => a.displayName },
    { key: 'loggedIn', header: 'LOGGED IN', value: (a) => a.loggedIn },
    { key: 'status', header: 'STATUS', value: (a) => a.status },
    { key: 'skillLevel', header: 'SKILL', value: (a) => a.skillLevel },
  ],
};

const party = (p: { number: string; name?: string | undefined }) => (p.name ? `${p.number} (${p.name})` : p.number);

/** Call records: the CSV columns are those of `cdrs export` files; their order never changes. */
export const CDR: Shape<Cdr> = {
  columns: [
    { key: 'id', header: 'ID', value: (c) => c.id, table: false },
    { key: 'callId', header: 'CALL ID', value: (c) => c.callId, table: false },
    { key: 'startedAt', header: 'STARTED (UTC)', value: (c) => c.startedAt },
    { key: 'answeredAt', header: 'ANSWERED', value: (c) => c.answeredAt, table: false },
    { key: 'endedAt', header: 'ENDED', value: (c) => c.endedAt, table: false },
    { key: 'direction', header: 'DIRECTION', value: (c) => c.direction },
    { key: 'from', header: 'FROM', value: (c) => party(c.from), csv: false },
    { key: 'fromNumber', header: 'FROM NUMBER', value: (c) => c.from.number, table: false },
    { key: 'fromName', header: 'FROM NAME', value: (c) => c.from.name, table: false },
    { key: 'to', header: 'TO', value: (c) => party(c.to), csv: false },
    { key: 'toNumber', header: 'TO NUMBER', value: (c) => c.to.number, table: false },
    { key: 'toName', header: 'TO NAME', value: (c) => c.to.name, table: false },
    { key: 'disposition', header: 'RESULT', value: (c) => c.disposition },
    { key: 'durationSeconds', header: 'DURATION', value: (c) => c.durationSeconds },
    { key: 'talkSeconds', header: 'TALK', value: (c) => c.talkSeconds },
    { key: 'endReason', header: 'END REASON', value: (c) => c.endReason, table: false },
    { key: 'userId', header: 'USER ID', value: (c) => c.userId, table: false },
    { key: 'trunk', header: 'TRUNK', value: (c) => c.trunk, table: false },
    { key: 'cost', header: 'COST', value: (c) => c.cost, table: false },
    { key: 'vendor', header: 'VENDOR', value: (c) => c.vendor, table: false },
  ],
};

/** One operation of one vendor's capability manifest. */
export interface CapabilityRow {
  readonly vendor: string;
  readonly operation: OperationName;
  readonly support: Capability['support'];
  readonly requests?: number;
  /** The cost of an emulation, or the reason an operation is unsupported. */
  readonly cost?: string;
  readonly reason?: string;
  readonly fields?: readonly string[];
  readonly values?: readonly string[];
  readonly note?: string;
}

export function capabilityRow(vendor: string, operation: OperationName, capability: Capability): CapabilityRow {
  return { vendor, operation, ...capability };
}

export const CAPABILITY: Shape<CapabilityRow> = {
  columns: [
    { key: 'vendor', header: 'VENDOR', value: (r) => r.vendor, table: false },
    { key: 'operation', header: 'OPERATION', value: (r) => r.operation },
    { key: 'support', header: 'SUPPORT', value: (r) => r.support },
    { key: 'requests', header: 'REQUESTS', value: (r) => r.requests },
    { key: 'cost', header: 'COST', value: (r) => r.cost, table: false },
    { key: 'reason', header: 'REASON', value: (r) => r.reason, table: false },
    { key: 'details', header: 'DETAILS', value: (r) => [r.cost ?? r.reason, r.fields ? `fields: ${r.fields.join(', ')}` : undefined, r.values ? `values: ${r.values.join(', ')}` : undefined].filter(Boolean).join('; ') || undefined, csv: false },
    { key: 'fields', header: 'FIELDS', value: (r) => r.fields?.join(' '), table: false },
    { key: 'values', header: 'VALUES', value: (r) => r.values?.join(' '), table: false },
    { key: 'note', header: 'NOTE', value: (r) => r.note, table: false },
  ],
};
