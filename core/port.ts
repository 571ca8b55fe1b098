/**
 * The port: what an adapter implements to bring a vendor behind the unified API.
 *
 * Callers never use an adapter directly; `createClient()` wraps it, validates input,
 * refuses operations its capability manifest marks `unsupported` (before any request),
 * builds the per-call context (signal, timeout, deadline) and pages lazily.
 *
 * Every method is optional: an adapter implements exactly the operations its manifest
 * marks `native` or `emulated`, and the conformance suite checks that the two agree.
 * Inputs arrive validated (see `core/inputs.ts`); adapters validate only what is specific
 * to their vendor (e.g. integer ids) and throw `ValidationError` before sending.
 */
import type { CapabilityManifest } from './capabilities.js';
import type { PbxError } from './errors.js';
import type { RequestContext } from './http/context.js';
import type { HttpMethod, HttpResponse, QueryValue } from './http/kernel.js';
import type { CdrFilter, RecordingFilter, Returning, UserRef, WriteAck } from './inputs.js';
import type { AgentOptions } from './inputs-contact-centre.js';
import type { Cdr, Group, GroupKind, GroupMember, NotReadyReason, Queue, QueueMembership, QueueState, Recording, RecordingContent, Role, SettableAgentStatus, User, UserPresence } from './model.js';
import type { Page, PageRequest } from './paging.js';

/** A validated `users.create` input (see `UserCreateInputSchema`). */
export interface NewUser {
  readonly extension: string;
  readonly displayName: string;
  readonly email: string;
  readonly username?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly mobile?: string | undefined;
  readonly role?: string | undefined;
  readonly department?: string | undefined;
  readonly enabled?: boolean | undefined;
  readonly password?: string | undefined;
  readonly sipPassword?: string | undefined;
  readonly voicemailPin?: string | undefined;
}

/** A validated `users.update` patch: only the fields to change are present. */
export interface UserChanges {
  readonly displayName?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly email?: string | undefined;
  readonly mobile?: string | undefined;
  readonly enabled?: boolean | undefined;
  readonly department?: string | undefined;
  readonly role?: string | undefined;
}

export interface NewGroup {
  readonly name: string;
  readonly kind: GroupKind;
  readonly description?: string | undefined;
}

export interface GroupChanges {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
}

export interface UserPort {
  list?(page: PageRequest, ctx: RequestContext): Promise<Page<User>>;
  /** Throws `NotFoundError` when there is no such user. */
  get?(id: string, ctx: RequestContext): Promise<User>;
  /** Null when no user has this email (compared case-insensitively). */
  findByEmail?(email: string, ctx: RequestContext): Promise<User | null>;
  findByExtension?(extension: string, ctx: RequestContext): Promise<User | null>;
  /** With `returning: 'none'` an adapter may skip its read-back and resolve with `{ id }` only. */
  create?(input: NewUser, ctx: RequestContext, returning?: Returning): Promise<User | WriteAck>;
  /** With `returning: 'none'` an adapter may skip its read-back and resolve with `{ id }` only. */
  update?(id: string, changes: UserChanges, ctx: RequestContext, returning?: Returning): Promise<User | WriteAck>;
  delete?(id: string, ctx: RequestContext): Promise<void>;
}

export interface GroupPort {
  list?(page: PageRequest, ctx: RequestContext): Promise<Page<Group>>;
  get?(id: string, ctx: RequestContext): Promise<Group>;
  create?(input: NewGroup, ctx: RequestContext): Promise<Group>;
  update?(id: string, changes: GroupChanges, ctx: RequestContext): Promise<Group>;
  delete?(id: string, ctx: RequestContext): Promise<void>;
  listMembers?(groupId: string, page: PageRequest, ctx: RequestContext): Promise<Page<GroupMember>>;
  /** Adding a member that is already in the group succeeds. */
  addMember?(groupId: string, user: UserRef, ctx: RequestContext): Promise<void>;
  /** Removing a user that is not a member succeeds. */
  removeMember?(groupId: string, user: UserRef, ctx: RequestContext): Promise<void>;
}

export interface QueuePort {
  list?(page: PageRequest, ctx: RequestContext): Promise<Page<Queue>>;
  get?(id: string, ctx: RequestContext): Promise<Queue>;
  agents?(queueId: string, ctx: RequestContext): Promise<readonly QueueMembership[]>;
  addAgent?(queueId: string, user: UserRef, options: AgentOptions, ctx: RequestContext): Promise<void>;
  removeAgent?(queueId: string, user: UserRef, ctx: RequestContext): Promise<void>;
  login?(queueId: string, user: UserRef, ctx: RequestContext): Promise<void>;
  logout?(queueId: string, user: UserRef, ctx: RequestContext): Promise<void>;
  setStatus?(queueId: string, user: UserRef, status: SettableAgentStatus, ctx: RequestContext): Promise<void>;
  state?(queueId: string, ctx: RequestContext): Promise<QueueState>;
}

/** A validated `queues.create` input (see `QueueCreateInputSchema`). */
export interface NewQueue {
  readonly name: string;
  readonly extension: string;
  readonly strategy?: string | undefined;
  readonly ringTimeSeconds?: number | undefined;
  readonly maxWaitSeconds?: number | undefined;
}

/** A validated `queues.update` patch. */
export interface QueueChanges {
  readonly name?: string | undefined;
  readonly strategy?: string | undefined;
  readonly ringTimeSeconds?: number | undefined;
  readonly maxWaitSeconds?: number | undefined;
}

/** Call queue lifecycle (`queues.create / update / delete`). */
export interface QueueAdminPort {
  create?(input: NewQueue, ctx: RequestContext): Promise<Queue>;
  update?(id: string, changes: QueueChanges, ctx: RequestContext): Promise<Queue>;
  delete?(id: string, ctx: RequestContext): Promise<void>;
}

/** Call recordings (`recordings.list`, `recordings.download`). */
export interface RecordingPort {
  list?(filter: RecordingFilter, page: PageRequest, ctx: RequestContext): Promise<Page<Recording>>;
  /** Streams the audio; memory stays bounded whatever the file's size. */
  download?(id: string, ctx: RequestContext): Promise<RecordingContent>;
}

/** Roles (`roles.list`). */
export interface RolePort {
  list?(page: PageRequest, ctx: RequestContext): Promise<Page<Role>>;
}

/** Presence (`users.presence`). */
export interface PresencePort {
  /** The presence of each user that exists, in the order asked; unknown ids are left out. */
  get?(userIds: readonly string[], ctx: RequestContext): Promise<UserPresence[]>;
}

/** Not-ready reasons (`queues.notReadyReasons`, `queues.setStatus(…, 'not_ready', { reason })`). */
export interface NotReadyReasonPort {
  list?(page: PageRequest, ctx: RequestContext): Promise<Page<NotReadyReason>>;
  /** Not ready, giving a reason code. */
  setNotReady?(queueId: string, user: UserRef, reason: string, ctx: RequestContext): Promise<void>;
}

export interface CdrPort {
  list?(filter: CdrFilter, page: PageRequest, ctx: RequestContext): Promise<Page<Cdr>>;
  get?(id: string, ctx: RequestContext): Promise<Cdr>;
}

/** An escape-hatch request: same base URL, auth, retries and errors as the adapter's own. */
export interface RawRequest {
  readonly method: HttpMethod;
  /** Relative to the vendor base URL the client was configured with. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  /** Allow retries of a POST/PATCH (only when repeating it cannot duplicate anything). */
  readonly idempotent?: boolean;
}

export type RawResponse = HttpResponse;

/** Native bulk endpoints, where a vendor has them (used by `pbx.bulk`). */
export interface BulkPort {
  /**
   * Creates at most `createUsersSize` users in one request; one result per input, in order:
   * its id, the error refusing it, or undefined when the reply does not say (the caller then
   * looks the user up by extension).
   */
  createUsers?(inputs: readonly NewUser[], ctx: RequestContext): Promise<ReadonlyArray<WriteAck | PbxError | undefined>>;
  readonly createUsersSize?: number;
  /**
   * Adds or removes at most `changeMembersSize` team memberships in few requests; one result
   * per change, in order: undefined when done (or already so), or the error refusing it.
   */
  changeMembers?(changes: readonly MemberChange[], ctx: RequestContext): Promise<ReadonlyArray<PbxError | undefined>>;
  readonly changeMembersSize?: number;
}

/** One membership change for {@link BulkPort.changeMembers}. */
export interface MemberChange {
  readonly groupId: string;
  readonly user: UserRef;
  readonly op: 'add' | 'remove';
}

/** What every vendor adapter implements. */
export interface PbxAdapter {
  /** Vendor id, e.g. `portsip`. */
  readonly vendor: string;
  readonly capabilities: CapabilityManifest;
  readonly users: UserPort;
  readonly groups: GroupPort;
  readonly queues: QueuePort;
  readonly cdrs: CdrPort;
  /** Contact-centre operations (issue 12); absent when the vendor has none of them. */
  readonly notReadyReasons?: NotReadyReasonPort;
  readonly presence?: PresencePort;
  readonly roles?: RolePort;
  readonly queueAdmin?: QueueAdminPort;
  readonly recordings?: RecordingPort;
  readonly bulk?: BulkPort;
  /** The user the credentials belong to. */
  whoami?(ctx: RequestContext): Promise<User>;
  request(request: RawRequest, ctx: RequestContext): Promise<RawResponse>;
  /** Ends the session where the vendor supports it. Safe to call twice. */
  close(ctx: RequestContext): Promise<void>;
}
