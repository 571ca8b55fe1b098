/**
 * The simulated PBX's data: users, groups, call queues, CDRs and sessions, with the
 * indexes the routes need. Tests can inspect (and change) it directly.
 */
import { snowflakeId } from './format.js';
import type { TokenStore } from './tokens.js';

export interface UserRecord {
  readonly id: string;
  /** Login name. Assumption: unique and matched case-insensitively (reserved names are, per the spec). */
  readonly name: string;
  password: string;
  role: string;
  /** Unique across users and call queues. */
  readonly extension_number: string;
  extension_password: string;
  voicemail_pin: string;
  email: string | null;
  display_name: string | null;
  enabled: boolean;
  mobile_phone: string | null;
  work_phone: string | null;
  home_phone: string | null;
  address: string | null;
  department: string | null;
  /** Epoch ms. */
  readonly created_at: number;
  /** Detail-only settings as sent (forwarding rules, recording flags, …). */
  settings: Record<string, unknown>;
}

export interface GroupRecord {
  readonly id: string;
  name: string;
  description: string | null;
  outbound_caller_ids: unknown[];
  /** Member user ids, in the order they were added. */
  readonly members: Set<string>;
}

export const AGENT_STATUSES = ['READY', 'NOT_READY', 'QUEUE_CALL', 'OTHER_CALL', 'WRAP_UP', 'BREAK', 'LUNCH', 'LOGGED_OUT', 'OFFLINE'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface AgentRecord {
  skill_level: number;
  status: AgentStatus;
  /** 22.3: the not-ready code the agent gave with NOT_READY (cleared by any other status). */
  reason?: string | null;
}

export interface WaitingCaller {
  readonly session_id: string;
  readonly extension_number: string;
  readonly display_name: string | null;
  readonly waiting_time: number;
}

export interface QueueRecord {
  readonly id: string;
  name: string;
  readonly extension_number: string;
  polling_strategy: string;
  ring_time: number;
  max_callers: number;
  max_waiting_time: number;
  /** Agents by user id, in list order. */
  agents: Map<string, AgentRecord>;
  readonly waiting: WaitingCaller[];
}

export interface CdrRecord {
  readonly id: string;
  readonly caller: string;
  readonly caller_domain: string;
  readonly caller_display_name: string | null;
  readonly callee: string;
  readonly callee_domain: string;
  readonly callee_display_name: string | null;
  /** Timestamps in epoch ms (whole seconds). */
  readonly startedAt: number;
  readonly rangAt: number | null;
  readonly answeredAt: number | null;
  readonly endedAt: number;
  readonly call_id: string;
  readonly direction: string;
  readonly end_reason: string | null;
  readonly reroute_reason: string | null;
  readonly status_code: number;
  readonly destination: string;
  readonly outbound_caller_id: string | null;
  readonly did_cid: string | null;
  readonly trunk: string | null;
  /** Seconds from start to end. */
  readonly duration: number;
  readonly cost: number;
  readonly billed_account: string | null;
}

/** A ring group; members (agents) keyed by user id, in list order. */
export interface RingGroupRecord {
  readonly id: string;
  name: string;
  readonly extension_number: string;
  ring_strategy: string;
  ring_time: number;
  agents: Map<string, { skill_level: number }>;
}

/** A call recording, made from an answered call (epoch ms). */
export interface RecordingRecord {
  readonly id: string;
  readonly caller: string;
  readonly callee: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly duration: number;
  readonly file_name: string;
  readonly file_size: number;
}

/** A 22.3 not-ready code. */
export interface NotReadyCodeRecord {
  readonly id: string;
  readonly code: string;
  readonly description: string;
}

/** A user's live status (22.3 vocabulary; the 22.0 view translates it). */
export interface PresenceRecord {
  /** The user's own presence: ONLINE, AWAY, BUSINESS_TRIP, LUNCH, DO_NOT_DISTURB, OFFLINE. */
  presence: string;
  presence_note: string | null;
  /** On a call now (status OTHER_CALL / ON_CALL). */
  on_call: boolean;
  registrations: Array<{ instance_id: string; user_agent: string; application: string; ip: string; enable_push: boolean; contact_address: string }>;
}

export class SimState {
  readonly users = new Map<string, UserRecord>();
  /** 22.3 not-ready codes (seeded; the simulator does not create them). */
  readonly notReadyCodes: NotReadyCodeRecord[] = [];
  readonly ringGroups = new Map<string, RingGroupRecord>();
  /** Ordered by start time. */
  readonly recordings: RecordingRecord[] = [];
  /** Live status by user id (users without one are offline). */
  readonly presence = new Map<string, PresenceRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly queues = new Map<string, QueueRecord>();
  /** Ordered by start time. */
  readonly cdrs: CdrRecord[] = [];
  readonly cdrById = new Map<string, CdrRecord>();
  private readonly byExtension = new Map<string, UserRecord>();
  private readonly byName = new Map<string, UserRecord>();
  private sequence: number;

  constructor(
    /** The tenant's SIP domain. */
    readonly domain: string,
    readonly now: () => number,
    readonly tokens: TokenStore,
    firstSequence: number,
  ) {
    this.sequence = firstSequence;
  }

  /** A fresh id, time-ordered like PortSIP's. */
  newId(ms: number = this.now()): string {
    return snowflakeId(ms, this.sequence++);
  }

  addUser(user: UserRecord): void {
    this.users.set(user.id, user);
    this.byExtension.set(user.extension_number, user);
    this.byName.set(user.name.toLowerCase(), user);
  }

  userByExtension(extension: string): UserRecord | undefined {
    return this.byExtension.get(extension);
  }

  userByName(name: string): UserRecord | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Assumption: users and call queues share one numbering plan (a queue's extension is taken). */
  extensionTaken(extension: string): boolean {
    return (
      this.byExtension.has(extension) ||
      [...this.queues.values()].some((q) => q.extension_number === extension) ||
      [...this.ringGroups.values()].some((g) => g.extension_number === extension)
    );
  }

  /** Deletes a user with everything that refers to it: memberships, agent entries, sessions. CDRs stay (history). */
  removeUser(user: UserRecord): void {
    this.users.delete(user.id);
    this.byExtension.delete(user.extension_number);
    this.byName.delete(user.name.toLowerCase());
    for (const group of this.groups.values()) group.members.delete(user.id);
    for (const queue of this.queues.values()) queue.agents.delete(user.id);
    for (const ring of this.ringGroups.values()) ring.agents.delete(user.id);
    this.tokens.revokeUser(user.id);
  }

  addCdr(cdr: CdrRecord): void {
    this.cdrs.push(cdr);
    this.cdrById.set(cdr.id, cdr);
  }
}
