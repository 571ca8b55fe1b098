/**
 * The vendor-neutral domain model. Every object keeps the vendor payload it was built
 * from in `raw`, so nothing the vendor sent is lost, including fields and enum values
 * this model does not know.
 */
import * as z from 'zod';
import { GROUP_KINDS, GroupKindSchema, SETTABLE_AGENT_STATUSES, SettableAgentStatusSchema } from './enums.js';

export { GROUP_KINDS, GroupKindSchema, SETTABLE_AGENT_STATUSES, SettableAgentStatusSchema };

/** The vendor payload exactly as received (parsed JSON). */
export const RawSchema = z.record(z.string(), z.unknown());
export type Raw = z.infer<typeof RawSchema>;

export const UserSchema = z.object({
  /** Vendor id of the user, as an opaque string. */
  id: z.string().min(1),
  extension: z.string().optional(),
  username: z.string().optional(),
  displayName: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  /** Mobile number, E.164 when the vendor stores it so. */
  mobile: z.string().optional(),
  enabled: z.boolean().optional(),
  role: z.string().optional(),
  department: z.string().optional(),
  vendor: z.string(),
  raw: RawSchema,
});
/** A PBX user (extension). */
export type User = z.infer<typeof UserSchema>;

export const PRESENCE_STATES = ['available', 'busy', 'away', 'dnd', 'offline', 'unknown'] as const;
export const PresenceStateSchema = z.enum(PRESENCE_STATES);
/** Whether a user can take a call now: `unknown` when the vendor reports nothing this model can read. */
export type PresenceState = z.infer<typeof PresenceStateSchema>;

export const RegistrationSchema = z.object({
  userAgent: z.string().optional(),
  application: z.string().optional(),
  ip: z.string().optional(),
  contact: z.string().optional(),
});
/** One registered SIP device or app of a user. */
export type Registration = z.infer<typeof RegistrationSchema>;

export const UserPresenceSchema = z.object({
  userId: z.string().min(1),
  state: PresenceStateSchema,
  /** The user's own presence note, when the vendor has one. */
  note: z.string().optional(),
  /** Do-not-disturb is on, when the vendor reports it. */
  dnd: z.boolean().optional(),
  /** How many devices are registered, when the vendor reports it. */
  registeredDevices: z.number().int().nonnegative().optional(),
  /** The registered devices, when the vendor lists them. */
  registrations: z.array(RegistrationSchema).optional(),
  vendor: z.string(),
  raw: RawSchema,
});
/** A user's presence: available / busy / away / dnd / offline / unknown, plus registrations where known. */
export type UserPresence = z.infer<typeof UserPresenceSchema>;

export const RoleSchema = z.object({
  /** What `users.update(id, { role })` and `users.create({ role })` take. */
  name: z.string().min(1),
  /** The vendor's id of the role, when it has one besides the name. */
  id: z.string().optional(),
  description: z.string().optional(),
  vendor: z.string(),
  raw: RawSchema,
});
/** A user role (permission set) configured on the PBX. */
export type Role = z.infer<typeof RoleSchema>;

/** What a group is for: an organisational team, a call queue / ACD, a ring/hunt group, or something else. */
export type GroupKind = z.infer<typeof GroupKindSchema>;

export const GroupSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: GroupKindSchema,
  description: z.string().optional(),
  vendor: z.string(),
  raw: RawSchema,
});
/** An organisational or call-distribution group. */
export type Group = z.infer<typeof GroupSchema>;

export const GroupMemberSchema = z.object({
  groupId: z.string().min(1),
  userId: z.string().optional(),
  extension: z.string().optional(),
  displayName: z.string().optional(),
  raw: RawSchema,
});
/** A user's membership of a group. At least one of `userId` and `extension` is set. */
export type GroupMember = z.infer<typeof GroupMemberSchema>;

export const QueueSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  extension: z.string().optional(),
  /** The vendor's ring / distribution strategy, as the vendor names it. */
  strategy: z.string().optional(),
  vendor: z.string(),
  raw: RawSchema,
});
/** A call queue (ACD, hunt group with queue, …). */
export type Queue = z.infer<typeof QueueSchema>;

export const AGENT_STATUSES = ['ready', 'not_ready', 'wrap_up', 'busy', 'logged_out', 'offline', 'unknown'] as const;
export const AgentStatusSchema = z.enum(AGENT_STATUSES);
/** An agent's state in a queue; `unknown` when the vendor reports a value this model does not know. */
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/** A status a caller may set with `queues.setStatus`. */
export type SettableAgentStatus = z.infer<typeof SettableAgentStatusSchema>;

export const QueueMembershipSchema = z.object({
  queueId: z.string().min(1),
  userId: z.string().optional(),
  extension: z.string().optional(),
  displayName: z.string().optional(),
  loggedIn: z.boolean(),
  status: AgentStatusSchema,
  /** Why the agent is not ready (the vendor's not-ready reason code), where the vendor reports one. */
  statusReason: z.string().optional(),
  skillLevel: z.number().int().optional(),
  raw: RawSchema,
});
/** An agent in a call queue and its current state. */
export type QueueMembership = z.infer<typeof QueueMembershipSchema>;

export const NotReadyReasonSchema = z.object({
  /** What `queues.setStatus(queue, user, 'not_ready', { reason })` takes. */
  code: z.string().min(1),
  /** The vendor's id of the reason record, when it has one besides the code. */
  id: z.string().optional(),
  description: z.string().optional(),
  vendor: z.string(),
  raw: RawSchema,
});
/** A reason an agent may give for being not ready (break, lunch, training …), as configured on the PBX. */
export type NotReadyReason = z.infer<typeof NotReadyReasonSchema>;

export const QueueStateSchema = z.object({
  queueId: z.string().min(1),
  /** Callers waiting in the queue now, when the vendor reports it. */
  waitingCallers: z.number().int().nonnegative().optional(),
  /** Longest current wait in seconds, when the vendor reports it. */
  longestWaitSeconds: z.number().nonnegative().optional(),
  agents: z.array(QueueMembershipSchema),
  raw: RawSchema,
});
/** Live state of a queue: its agents' statuses and waiting callers. */
export type QueueState = z.infer<typeof QueueStateSchema>;

export const CDR_DIRECTIONS = ['inbound', 'outbound', 'internal', 'unknown'] as const;
export const CdrDirectionSchema = z.enum(CDR_DIRECTIONS);
export type CdrDirection = z.infer<typeof CdrDirectionSchema>;

export const CDR_DISPOSITIONS = ['answered', 'missed', 'busy', 'failed', 'unknown'] as const;
export const CdrDispositionSchema = z.enum(CDR_DISPOSITIONS);
export type CdrDisposition = z.infer<typeof CdrDispositionSchema>;

export const PartySchema = z.object({
  number: z.string(),
  name: z.string().optional(),
  domain: z.string().optional(),
});
/** One end of a call. */
export type Party = z.infer<typeof PartySchema>;

export const CdrSchema = z.object({
  id: z.string().min(1),
  callId: z.string().optional(),
  direction: CdrDirectionSchema,
  from: PartySchema,
  to: PartySchema,
  startedAt: z.date(),
  answeredAt: z.date().optional(),
  endedAt: z.date().optional(),
  /** Total duration of the call in seconds, as the vendor reports it. */
  durationSeconds: z.number().nonnegative(),
  /** Talk (billable) time in seconds, when known. */
  talkSeconds: z.number().nonnegative().optional(),
  disposition: CdrDispositionSchema,
  /** The vendor's end / hang-up reason, verbatim. */
  endReason: z.string().optional(),
  userId: z.string().optional(),
  trunk: z.string().optional(),
  /** Charge for the call in the account currency, when the vendor reports one. */
  cost: z.number().optional(),
  vendor: z.string(),
  raw: RawSchema,
});
/** A call detail record. */
export type Cdr = z.infer<typeof CdrSchema>;

export const RecordingSchema = z.object({
  id: z.string().min(1),
  /** Caller and callee numbers, as the vendor reports them. */
  from: z.string(),
  to: z.string(),
  startedAt: z.date(),
  endedAt: z.date().optional(),
  durationSeconds: z.number().nonnegative().optional(),
  fileName: z.string().optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  /** The call record this recording belongs to, when it was linked (see `recordings.list({ cdrId })`). */
  cdrId: z.string().optional(),
  vendor: z.string(),
  raw: RawSchema,
});
/** A call recording (its audio is fetched with `recordings.download`). */
export type Recording = z.infer<typeof RecordingSchema>;

/** The audio of a recording, streamed: read `stream` to the end (or cancel it) to release the connection. */
export interface RecordingContent {
  readonly stream: ReadableStream<Uint8Array>;
  readonly contentType?: string;
  /** From `Content-Length`, when the server sends one. */
  readonly sizeBytes?: number;
}
