/**
 * The simulated account's data: users (with their team ids), usergroups (teams), queues (with
 * their members' join status) and call records, with the indexes the routes need. Ids are
 * integers, as VoIPStudio's are. Tests can inspect (and change) it directly.
 */
import type { SessionStore } from './sessions.js';

/** The simulated account's customer id (every user's `customer_id`). */
export const CUSTOMER_ID = 1;
/** The SIP domain `GET /me` names (simulator only). */
export const SIP_DOMAIN = 'sip.acme.example';

export interface UserRecord {
  readonly id: number;
  first_name: string;
  last_name: string;
  email: string;
  readonly ext: string;
  mobile: string | null;
  active: boolean;
  dnd: boolean;
  password: string;
  readonly is_root: boolean;
  /** The user who created the account (cannot be deleted). */
  readonly is_initial: boolean;
  readonly roles: string[];
  /** `D` disabled, `E` codes sent by email (2FA). */
  two_factor_auth: 'D' | 'E';
  readonly created_at: number;
  location_id: number | null;
  /** Ids of the user's teams (usergroups), in the order they were set. */
  groups: number[];
  readonly vm_pin: string;
  /** The SIP device password `GET /me` gives the user (a secret). */
  readonly sip_password: string;
  readonly language: string;
  readonly cc: string;
}

export interface GroupRecord {
  readonly id: number;
  name: string;
  color: string;
}

export interface QueueMember {
  readonly id: number;
  /** Joined (receives the queue's calls) or left. */
  status: boolean;
}

export interface QueueRecord {
  readonly id: number;
  name: string;
  readonly number: string;
  ring_strategy: string;
  ring_time: number;
  users: QueueMember[];
}

export type CdrType = 'I' | 'O' | 'M';
export type CdrDisposition = 'CONNECTED' | 'NO ANSWER' | 'BUSY' | 'FAILED';

/**
 * One user's record of a call, with the fields of VoIPStudio's published CDR schema
 * (afonsodiniz/tap-voipstudio `schemas/cdrs.json`; see docs/voipstudio.md).
 */
export interface CdrRecord {
  readonly id: number;
  /** The call, shared by every user's record of it (an integer in the published schema). */
  readonly call_id: number;
  /** This leg of the live call. */
  readonly live_id: number;
  /** The leg that led to this one (the caller's leg, for the callee's record), or null. */
  readonly parent_live_id: number | null;
  readonly user_id: number;
  /** The user's SIP device that took part, or null (nobody's device answered). */
  readonly sip_endpoint_id: number | null;
  readonly server_id: number;
  readonly type: CdrType;
  /** Start of the call, epoch ms (whole seconds). */
  readonly calldate: number;
  readonly src: string;
  /** The calling user's id (as text), or null for an outside number. */
  readonly src_id: string | null;
  readonly src_name: string | null;
  /** The calling device's SIP User-Agent, or null for an outside number. */
  readonly src_ua: string | null;
  readonly src_codec: string | null;
  readonly dst: string;
  readonly dst_id: string | null;
  readonly dst_name: string | null;
  readonly dst_ua: string | null;
  readonly dst_codec: string | null;
  readonly duration: number;
  readonly billsec: number;
  readonly disposition: CdrDisposition;
  readonly destination: string;
  readonly context: string;
  /** Price per minute (0 for calls that cost nothing). */
  readonly rate: number;
  /** As VoIPStudio sends it: a number, or a string like `"0.0450"`. */
  readonly charge: number | string;
  /** Why the call ended: a Q.850 cause name such as `NORMAL_CLEARING` (an assumption; see docs/voipstudio.md). */
  readonly t_cause: string;
}

export class SimState {
  readonly users = new Map<number, UserRecord>();
  readonly groups = new Map<number, GroupRecord>();
  readonly queues = new Map<number, QueueRecord>();
  /** Ordered by calldate. */
  readonly cdrs: CdrRecord[] = [];
  readonly cdrById = new Map<number, CdrRecord>();
  private readonly next: Record<'user' | 'group' | 'queue' | 'cdr', number>;

  constructor(
    readonly now: () => number,
    readonly sessions: SessionStore,
    firstIds: Readonly<Record<'user' | 'group' | 'queue' | 'cdr', number>>,
  ) {
    this.next = { ...firstIds };
  }

  /** The next id of a collection (ids grow by `step`). */
  newId(collection: 'user' | 'group' | 'queue' | 'cdr', step = 1): number {
    const id = this.next[collection];
    this.next[collection] += Math.max(1, step);
    return id;
  }

  userByEmail(email: string): UserRecord | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.users.values()) if (user.email.toLowerCase() === wanted) return user;
    return undefined;
  }

  /** Assumption: users and queues share one numbering plan. */
  extensionTaken(ext: string): boolean {
    for (const user of this.users.values()) if (user.ext === ext) return true;
    for (const queue of this.queues.values()) if (queue.number === ext) return true;
    return false;
  }

  /** Deletes a user with its queue memberships and sessions; its call records stay (history). */
  removeUser(user: UserRecord): void {
    this.users.delete(user.id);
    for (const queue of this.queues.values()) queue.users = queue.users.filter((m) => m.id !== user.id);
    this.sessions.revokeUser(user.id);
  }

  /** Deletes a team and takes it off every user's team list. */
  removeGroup(group: GroupRecord): void {
    this.groups.delete(group.id);
    for (const user of this.users.values()) if (user.groups.includes(group.id)) user.groups = user.groups.filter((id) => id !== group.id);
  }

  addCdr(cdr: CdrRecord): void {
    this.cdrs.push(cdr);
    this.cdrById.set(cdr.id, cdr);
  }
}
