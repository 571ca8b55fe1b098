/**
 * The public client: one shape for every vendor. It wraps a {@link PbxAdapter}, validates
 * every input before anything is sent, refuses what the vendor's capability manifest marks
 * unsupported with `UnsupportedOperationError` (again before anything is sent), gives each
 * call its context (signal, per-attempt timeout, overall deadline) and pages lazily.
 */
import * as z from 'zod';
import { isSupported, type CapabilityManifest, type OperationName } from './capabilities.js';
import { UnsupportedOperationError, ValidationError } from './errors.js';
import { abortedError, type RequestContext } from './http/context.js';
import type { HttpMethod, QueryValue } from './http/kernel.js';
import { assertRelativePath } from './http/path.js';
import {
  AgentOptionsSchema,
  CallOptionsSchema,
  CdrQuerySchema,
  EmailSchema,
  ExtensionSchema,
  GroupCreateInputSchema,
  GroupPatchSchema,
  IdSchema,
  ListOptionsSchema,
  PresenceIdsSchema,
  QueueCreateInputSchema,
  QueuePatchSchema,
  RecordingQuerySchema,
  SetStatusOptionsSchema,
  ReturningSchema,
  SettableAgentStatusSchema,
  UserCreateInputSchema,
  UserPatchSchema,
  UserRefSchema,
  parseInput,
  type AgentOptions,
  type CallOptions,
  type CdrQuery,
  type GroupCreateInput,
  type GroupPatch,
  type ListOptions,
  type QueueCreateInput,
  type QueuePatch,
  type RecordingQuery,
  type SetStatusOptions,
  type UserCreateInput,
  type UserPatch,
  type UserRef,
  type WriteAck,
  type WriteOptions,
} from './inputs.js';
import type { Cdr, Group, GroupMember, NotReadyReason, Queue, QueueMembership, QueueState, Recording, RecordingContent, Role, SettableAgentStatus, User, UserPresence } from './model.js';
import type { BulkApi } from './bulk/api.js';
import { lazyBulkApi } from './bulk/lazy.js';
import { pagedList, singlePage, type Page, type PageRequest, type PagedList } from './paging.js';
import type { PbxAdapter, RawResponse } from './port.js';
import type { SyncBatch } from './sync/cdr-sync.js';
import type { CdrSyncOptions } from './sync/options.js';
import { cdrSyncOptionsShape } from './sync/options-shape.js';
import type { WatchOptions } from './watch/options.js';
import { watchOptionsShape } from './watch/options-shape.js';
import { once } from './once.js';
import { decodeWatchCursor, encodeWatchCursor, isWatchStarted } from './watch/state.js';
import type { WatchStream } from './watch/types.js';
import { DEFAULT_MAX_CURSOR_IDS, decodeCursor } from './sync/cursor.js';

/** Options of list calls: paging plus the per-call options. */
export type ListCallOptions = ListOptions & CallOptions;

export interface UsersApi {
  /** All users, paged lazily. */
  list(options?: ListCallOptions): PagedList<User>;
  /** One user by id; `NotFoundError` when there is none. */
  get(id: string, options?: CallOptions): Promise<User>;
  /** The user with this email (case-insensitive), or null. */
  findByEmail(email: string, options?: CallOptions): Promise<User | null>;
  /** The user with this extension number, or null. */
  findByExtension(extension: string, options?: CallOptions): Promise<User | null>;
  /** Resolves with the user as stored; with `{ returning: 'none' }` with `{ id }` only, saving the read-back where there is one. */
  create(input: UserCreateInput, options: WriteOptions & { readonly returning: 'none' }): Promise<WriteAck>;
  create(input: UserCreateInput, options?: WriteOptions): Promise<User>;
  /**
   * Changes only the fields present in `patch`; resolves with the user as stored afterwards,
   * or with `{ returning: 'none' }` with `{ id }` only, saving the read-back where there is one.
   */
  update(id: string, patch: UserPatch, options: WriteOptions & { readonly returning: 'none' }): Promise<WriteAck>;
  update(id: string, patch: UserPatch, options?: WriteOptions): Promise<User>;
  delete(id: string, options?: CallOptions): Promise<void>;
  /**
   * Presence of the given users (1–1000 ids): available / busy / away / dnd / offline /
   * unknown, with DND and registrations where the vendor reports them. One entry per user that
   * exists, in the order asked; ids the PBX does not know are left out.
   */
  presence(userIds: readonly string[], options?: CallOptions): Promise<UserPresence[]>;
}

export interface GroupMembersApi {
  list(groupId: string, options?: ListCallOptions): PagedList<GroupMember>;
  /** Idempotent: adding a member twice is not an error. */
  add(groupId: string, user: UserRef, options?: CallOptions): Promise<void>;
  /** Idempotent: removing a non-member is not an error. */
  remove(groupId: string, user: UserRef, options?: CallOptions): Promise<void>;
}

export interface GroupsApi {
  list(options?: ListCallOptions): PagedList<Group>;
  get(id: string, options?: CallOptions): Promise<Group>;
  create(input: GroupCreateInput, options?: CallOptions): Promise<Group>;
  update(id: string, patch: GroupPatch, options?: CallOptions): Promise<Group>;
  delete(id: string, options?: CallOptions): Promise<void>;
  readonly members: GroupMembersApi;
}

export interface QueuesApi {
  list(options?: ListCallOptions): PagedList<Queue>;
  get(id: string, options?: CallOptions): Promise<Queue>;
  /** Creates a call queue; resolves with it as stored. Fields a vendor cannot set are refused before sending (its manifest lists `fields`). */
  create(input: QueueCreateInput, options?: CallOptions): Promise<Queue>;
  /** Changes only the fields present in `patch`; resolves with the queue as stored afterwards. */
  update(id: string, patch: QueuePatch, options?: CallOptions): Promise<Queue>;
  delete(id: string, options?: CallOptions): Promise<void>;
  /** The queue's agents with their current state. */
  agents(queueId: string, options?: ListCallOptions): PagedList<QueueMembership>;
  /** Idempotent: adding an agent twice is not an error. */
  addAgent(queueId: string, user: UserRef, options?: AgentOptions & CallOptions): Promise<void>;
  /** Idempotent: removing a non-agent is not an error. */
  removeAgent(queueId: string, user: UserRef, options?: CallOptions): Promise<void>;
  login(queueId: string, user: UserRef, options?: CallOptions): Promise<void>;
  logout(queueId: string, user: UserRef, options?: CallOptions): Promise<void>;
  /**
   * Sets an agent's status. With `{ reason }` (status `not_ready` only) the agent gives a
   * not-ready reason code from {@link QueuesApi.notReadyReasons}; vendors without reasons
   * refuse it with `UnsupportedOperationError` (the manifest's `queues.setStatus.options`
   * lists `reason` where it is accepted).
   */
  setStatus(queueId: string, user: UserRef, status: SettableAgentStatus, options?: SetStatusOptions & CallOptions): Promise<void>;
  /** Live state: agents' statuses and waiting callers. */
  state(queueId: string, options?: CallOptions): Promise<QueueState>;
  /** The not-ready reasons configured on the PBX (what `setStatus(…, 'not_ready', { reason })` takes). */
  notReadyReasons(options?: ListCallOptions): PagedList<NotReadyReason>;
}

export interface CdrsApi {
  /** Call records in `[from, to)`, paged lazily, optionally for one user. */
  list(query?: CdrQuery, options?: CallOptions): PagedList<Cdr>;
  get(id: string, options?: CallOptions): Promise<Cdr>;
  /**
   * Incremental sync: batches of CDRs not delivered before, each with the cursor to persist
   * after storing it. One pass up to now, or polling with `follow`. See docs/sync.md.
   */
  sync(options?: CdrSyncOptions & CallOptions): AsyncIterable<SyncBatch>;
}

export interface RecordingsApi {
  /**
   * Call recordings in `[from, to)`, or those of one call record (`{ cdrId }`: linked by
   * caller, callee and time where the vendor's recordings carry no CDR id), paged lazily.
   */
  list(query?: RecordingQuery, options?: CallOptions): PagedList<Recording>;
  /** The audio, as a stream: memory stays bounded whatever the file's size. */
  download(id: string, options?: CallOptions): Promise<RecordingContent>;
}

export interface RolesApi {
  /** The user roles configured on the PBX (what `users.update(id, { role })` takes), paged lazily. */
  list(options?: ListCallOptions): PagedList<Role>;
}

export interface RawApi {
  /**
   * Sends a vendor request with the client's base URL, auth, retries and error mapping.
   * `path` is relative to the vendor base URL. POST/PATCH are not retried unless `idempotent`.
   */
  request(
    method: HttpMethod,
    path: string,
    options?: { readonly query?: Readonly<Record<string, QueryValue>>; readonly body?: unknown; readonly idempotent?: boolean } & CallOptions,
  ): Promise<RawResponse>;
}

/** A PBX, whichever vendor it is. */
export interface PbxClient {
  /** Vendor id, e.g. `portsip`. */
  readonly vendor: string;
  /** What this vendor can do: native, emulated (with cost) or unsupported (with reason), per operation. */
  readonly capabilities: CapabilityManifest;
  /** True when `operation` is native or emulated here. */
  supports(operation: OperationName): boolean;
  readonly users: UsersApi;
  readonly groups: GroupsApi;
  readonly queues: QueuesApi;
  readonly cdrs: CdrsApi;
  readonly roles: RolesApi;
  readonly recordings: RecordingsApi;
  /** Many writes at the vendor's pace, one result per item, resumable (see docs/provisioning.md). */
  readonly bulk: BulkApi;
  /** The user the credentials belong to. */
  whoami(options?: CallOptions): Promise<User>;
  /**
   * Change events (users, group members, queue agents, new CDRs) as they are observed, until
   * `signal` aborts (or `maxPolls`). Emulated by polling and diffing; resumable with an event's
   * `cursor`. What is watched defaults to everything the vendor supports. See docs/sync.md.
   */
  watch(options?: WatchOptions & CallOptions): WatchStream;
  readonly raw: RawApi;
  /** Signs out where the vendor supports it. */
  close(options?: CallOptions): Promise<void>;
}

export interface ClientDefaults {
  /** Overall deadline of one call in ms, across all its requests and retries. Default 60000. */
  readonly deadlineMs?: number;
  readonly now?: () => number;
}

/** Wraps an adapter into the public client. */
export function createClient(adapter: PbxAdapter, defaults: ClientDefaults = {}): PbxClient {
  const vendor = adapter.vendor;
  const now = defaults.now ?? Date.now;
  const defaultDeadlineMs = defaults.deadlineMs ?? 60_000;

  function refuseUnsupported(operation: OperationName): void {
    const capability = adapter.capabilities[operation];
    if (!isSupported(capability)) {
      throw new UnsupportedOperationError(`${vendor} cannot do ${operation}: ${capability.reason}`, capability.reason, { vendor, operation });
    }
  }

  /** Refuses unsupported operations and returns the adapter's implementation. */
  function implementation<F extends (...args: never[]) => unknown>(operation: OperationName, fn: F | undefined, owner: object): F {
    refuseUnsupported(operation);
    if (!fn) {
      const reason = 'the adapter declares it but does not implement it';
      throw new UnsupportedOperationError(`${vendor} cannot do ${operation}: ${reason}`, reason, { vendor, operation });
    }
    return fn.bind(owner) as F;
  }

  /**
   * The adapter's implementation of an operation's option (`setStatus`'s `reason`): refused
   * with `UnsupportedOperationError` unless the manifest lists the option and the adapter has it.
   */
  function implementationOfOption<F extends (...args: never[]) => unknown>(operation: OperationName, option: string, fn: F | undefined, owner: object): F {
    const capability = adapter.capabilities[operation];
    if (fn && isSupported(capability) && capability.options?.includes(option)) return fn.bind(owner) as F;
    const reason = `${vendor} does not support the option ${option} of ${operation}`;
    throw new UnsupportedOperationError(`${vendor} cannot do ${operation} with ${option}: ${reason}`, reason, { vendor, operation });
  }

  /** Checks that every field / value the caller uses is one the vendor accepts for this operation. */
  function checkAccepted(operation: OperationName, kind: 'fields' | 'values', used: readonly string[]): void {
    const capability = adapter.capabilities[operation];
    const accepted = isSupported(capability) ? capability[kind] : undefined;
    if (!accepted) return;
    const refused = used.filter((item) => !accepted.includes(item));
    if (refused.length === 0) return;
    const reason = `${vendor} does not support ${refused.join(', ')} here (accepted: ${accepted.join(', ')})`;
    throw new UnsupportedOperationError(`${vendor} cannot do ${operation} with ${refused.join(', ')}: ${reason}`, reason, { vendor, operation });
  }

  /** Validates a call's options (an object of known keys: a misspelt option is an error, not ignored) and builds its context. */
  function context(operation: OperationName | 'raw' | 'close', options: CallOptions | undefined, otherKeys: readonly string[] = []): RequestContext {
    checkOptionKeys(options, otherKeys, { vendor, operation });
    const picked = pickCallOptions(options);
    const { signal, timeoutMs, deadlineMs, queueTimeoutMs, maxResponseBytes } = picked === NO_OPTIONS ? picked : parseInput(CallOptionsSchema, picked, 'options', { vendor, operation });
    if (signal?.aborted) throw abortedError({ vendor, operation });
    return {
      ...(signal ? { signal } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(queueTimeoutMs !== undefined ? { queueTimeoutMs } : {}),
      ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
      deadlineAt: now() + (deadlineMs ?? defaultDeadlineMs),
      queued: { ms: 0 }, // shared by the call's requests: queueing moves the deadline
    };
  }

  /** Runs one non-list operation: validation and capability errors become rejections, not sync throws. */
  async function run<T>(operation: OperationName, options: CallOptions | undefined, body: (ctx: RequestContext) => Promise<T>, otherKeys: readonly string[] = []): Promise<T> {
    refuseUnsupported(operation); // "cannot do this at all" comes before any complaint about how it was asked
    const ctx = context(operation, options, otherKeys);
    return body(ctx);
  }

  const id = (value: unknown, operation: OperationName, argument = 'id'): string => parseInput(IdSchema, value, argument, { vendor, operation });
  const ref = (value: unknown, operation: OperationName): UserRef => parseInput(UserRefSchema, value, 'user', { vendor, operation }) as UserRef;

  /** A lazily paged list for an operation; input errors throw synchronously, at the call site. */
  function list<T>(
    operation: OperationName,
    options: ListCallOptions | undefined,
    fetch: (page: PageRequest, ctx: RequestContext) => Promise<Page<T>>,
  ): PagedList<T> {
    const { signal: _s, timeoutMs: _t, deadlineMs: _d, queueTimeoutMs: _q, maxResponseBytes: _m, ...paging } = options ?? {};
    const first = parseInput(ListOptionsSchema, paging, 'options', { vendor, operation });
    context(operation, options, LIST_KEYS); // validate call options now
    const signal = options?.signal;
    // A page read ahead before the caller aborted is not handed out after it.
    const beforeEachPage = (): void => {
      if (signal?.aborted) throw abortedError({ vendor, operation });
    };
    return pagedList((page) => fetch(page, context(operation, options, LIST_KEYS)), first, signal ? { beforeEachPage } : {});
  }

  const returningOf = (options: WriteOptions | undefined, operation: OperationName) =>
    options?.returning === undefined ? 'representation' : parseInput(ReturningSchema, options.returning, 'options.returning', { vendor, operation });

  /** A write's result as asked: `{ id }` only, or the stored user (read back when an adapter gave only the id). */
  async function written(result: User | WriteAck, returning: 'representation' | 'none', ctx: RequestContext): Promise<User | WriteAck> {
    if (returning === 'none') return { id: result.id };
    if ('raw' in result) return result;
    return implementation('users.get', adapter.users.get, adapter.users)(result.id, ctx);
  }

  const users: UsersApi = {
    list(options) {
      const fn = implementation('users.list', adapter.users.list, adapter.users);
      return list('users.list', options, fn);
    },
    get: (userId, options) =>
      run('users.get', options, (ctx) => implementation('users.get', adapter.users.get, adapter.users)(id(userId, 'users.get'), ctx)),
    findByEmail: (email, options) =>
      run('users.findByEmail', options, (ctx) =>
        implementation('users.findByEmail', adapter.users.findByEmail, adapter.users)(
          parseInput(EmailSchema, email, 'email', { vendor, operation: 'users.findByEmail' }),
          ctx,
        ),
      ),
    findByExtension: (extension, options) =>
      run('users.findByExtension', options, (ctx) =>
        implementation('users.findByExtension', adapter.users.findByExtension, adapter.users)(
          parseInput(ExtensionSchema, extension, 'extension', { vendor, operation: 'users.findByExtension' }),
          ctx,
        ),
      ),
    create: ((input: UserCreateInput, options?: WriteOptions) =>
      run('users.create', options, async (ctx) => {
        const fn = implementation('users.create', adapter.users.create, adapter.users);
        const valid = parseInput(UserCreateInputSchema, input, 'input', { vendor, operation: 'users.create' });
        checkAccepted('users.create', 'fields', definedKeys(valid));
        const returning = returningOf(options, 'users.create');
        return written(await fn(valid, ctx, returning), returning, ctx);
      }, WRITE_KEYS)) as UsersApi['create'],
    update: ((userId: string, patch: UserPatch, options?: WriteOptions) =>
      run('users.update', options, async (ctx) => {
        const fn = implementation('users.update', adapter.users.update, adapter.users);
        const valid = parseInput(UserPatchSchema, patch, 'patch', { vendor, operation: 'users.update' });
        checkAccepted('users.update', 'fields', definedKeys(valid));
        const returning = returningOf(options, 'users.update');
        return written(await fn(id(userId, 'users.update'), valid, ctx, returning), returning, ctx);
      }, WRITE_KEYS)) as UsersApi['update'],
    delete: (userId, options) =>
      run('users.delete', options, (ctx) => implementation('users.delete', adapter.users.delete, adapter.users)(id(userId, 'users.delete'), ctx)),
    presence: (userIds, options) =>
      run('users.presence', options, (ctx) => {
        const fn = implementation('users.presence', adapter.presence?.get, adapter.presence ?? {});
        return fn(parseInput(PresenceIdsSchema, userIds, 'userIds', { vendor, operation: 'users.presence' }), ctx);
      }),
  };

  const groups: GroupsApi = {
    list(options) {
      const fn = implementation('groups.list', adapter.groups.list, adapter.groups);
      return list('groups.list', options, fn);
    },
    get: (groupId, options) =>
      run('groups.get', options, (ctx) => implementation('groups.get', adapter.groups.get, adapter.groups)(id(groupId, 'groups.get'), ctx)),
    create: (input, options) =>
      run('groups.create', options, (ctx) => {
        const fn = implementation('groups.create', adapter.groups.create, adapter.groups);
        const valid = parseInput(GroupCreateInputSchema, input, 'input', { vendor, operation: 'groups.create' });
        checkAccepted('groups.create', 'values', [valid.kind]);
        return fn(valid, ctx);
      }),
    update: (groupId, patch, options) =>
      run('groups.update', options, (ctx) => {
        const fn = implementation('groups.update', adapter.groups.update, adapter.groups);
        const valid = parseInput(GroupPatchSchema, patch, 'patch', { vendor, operation: 'groups.update' });
        checkAccepted('groups.update', 'fields', definedKeys(valid));
        return fn(id(groupId, 'groups.update'), valid, ctx);
      }),
    delete: (groupId, options) =>
      run('groups.delete', options, (ctx) => implementation('groups.delete', adapter.groups.delete, adapter.groups)(id(groupId, 'groups.delete'), ctx)),
    members: {
      list(groupId, options) {
        const fn = implementation('groups.members.list', adapter.groups.listMembers, adapter.groups);
        const group = id(groupId, 'groups.members.list', 'groupId');
        return list('groups.members.list', options, (page, ctx) => fn(group, page, ctx));
      },
      add: (groupId, user, options) =>
        run('groups.members.add', options, (ctx) =>
          implementation('groups.members.add', adapter.groups.addMember, adapter.groups)(id(groupId, 'groups.members.add', 'groupId'), ref(user, 'groups.members.add'), ctx),
        ),
      remove: (groupId, user, options) =>
        run('groups.members.remove', options, (ctx) =>
          implementation('groups.members.remove', adapter.groups.removeMember, adapter.groups)(
            id(groupId, 'groups.members.remove', 'groupId'),
            ref(user, 'groups.members.remove'),
            ctx,
          ),
        ),
    },
  };

  const queues: QueuesApi = {
    list(options) {
      const fn = implementation('queues.list', adapter.queues.list, adapter.queues);
      return list('queues.list', options, fn);
    },
    get: (queueId, options) =>
      run('queues.get', options, (ctx) => implementation('queues.get', adapter.queues.get, adapter.queues)(id(queueId, 'queues.get'), ctx)),
    create: (input, options) =>
      run('queues.create', options, (ctx) => {
        const fn = implementation('queues.create', adapter.queueAdmin?.create, adapter.queueAdmin ?? {});
        const valid = parseInput(QueueCreateInputSchema, input, 'input', { vendor, operation: 'queues.create' });
        checkAccepted('queues.create', 'fields', definedKeys(valid));
        return fn(valid, ctx);
      }),
    update: (queueId, patch, options) =>
      run('queues.update', options, (ctx) => {
        const fn = implementation('queues.update', adapter.queueAdmin?.update, adapter.queueAdmin ?? {});
        const valid = parseInput(QueuePatchSchema, patch, 'patch', { vendor, operation: 'queues.update' });
        checkAccepted('queues.update', 'fields', definedKeys(valid));
        return fn(id(queueId, 'queues.update'), valid, ctx);
      }),
    delete: (queueId, options) =>
      run('queues.delete', options, (ctx) => implementation('queues.delete', adapter.queueAdmin?.delete, adapter.queueAdmin ?? {})(id(queueId, 'queues.delete'), ctx)),
    agents(queueId, options) {
      const fn = implementation('queues.agents', adapter.queues.agents, adapter.queues);
      const queue = id(queueId, 'queues.agents', 'queueId');
      return list('queues.agents', options, async (_page, ctx) => singlePage(await fn(queue, ctx)));
    },
    addAgent: (queueId, user, options) =>
      run('queues.addAgent', options, (ctx) => {
        const fn = implementation('queues.addAgent', adapter.queues.addAgent, adapter.queues);
        const { signal: _s, timeoutMs: _t, deadlineMs: _d, queueTimeoutMs: _q, maxResponseBytes: _m, ...agentOptions } = options ?? {};
        const valid = parseInput(AgentOptionsSchema, agentOptions, 'options', { vendor, operation: 'queues.addAgent' });
        checkAccepted('queues.addAgent', 'fields', definedKeys(valid));
        return fn(id(queueId, 'queues.addAgent', 'queueId'), ref(user, 'queues.addAgent'), valid, ctx);
      }, agentKeys()),
    removeAgent: (queueId, user, options) =>
      run('queues.removeAgent', options, (ctx) =>
        implementation('queues.removeAgent', adapter.queues.removeAgent, adapter.queues)(id(queueId, 'queues.removeAgent', 'queueId'), ref(user, 'queues.removeAgent'), ctx),
      ),
    login: (queueId, user, options) =>
      run('queues.login', options, (ctx) =>
        implementation('queues.login', adapter.queues.login, adapter.queues)(id(queueId, 'queues.login', 'queueId'), ref(user, 'queues.login'), ctx),
      ),
    logout: (queueId, user, options) =>
      run('queues.logout', options, (ctx) =>
        implementation('queues.logout', adapter.queues.logout, adapter.queues)(id(queueId, 'queues.logout', 'queueId'), ref(user, 'queues.logout'), ctx),
      ),
    setStatus: (queueId, user, status, options) =>
      run('queues.setStatus', options, (ctx) => {
        const operation = 'queues.setStatus';
        const fn = implementation(operation, adapter.queues.setStatus, adapter.queues);
        const valid = parseInput(SettableAgentStatusSchema, status, 'status', { vendor, operation });
        checkAccepted(operation, 'values', [valid]);
        const { signal: _s, timeoutMs: _t, deadlineMs: _d, ...own } = options ?? {};
        const { reason } = parseInput(SetStatusOptionsSchema, own, 'options', { vendor, operation });
        const [queue, agent] = [id(queueId, operation, 'queueId'), ref(user, operation)];
        if (reason === undefined) return fn(queue, agent, valid, ctx);
        if (valid !== 'not_ready') {
          throw new ValidationError(`${operation}: a reason goes only with status not_ready`, [{ field: 'options.reason', message: 'only with status not_ready' }], 'client', { vendor, operation });
        }
        return implementationOfOption(operation, 'reason', adapter.notReadyReasons?.setNotReady, adapter.notReadyReasons ?? {})(queue, agent, reason, ctx);
      }, setStatusKeys()),
    state: (queueId, options) =>
      run('queues.state', options, (ctx) => implementation('queues.state', adapter.queues.state, adapter.queues)(id(queueId, 'queues.state', 'queueId'), ctx)),
    notReadyReasons(options) {
      const fn = implementation('queues.notReadyReasons', adapter.notReadyReasons?.list, adapter.notReadyReasons ?? {});
      return list('queues.notReadyReasons', options, fn);
    },
  };

  const cdrs: CdrsApi = {
    list(query, options) {
      const fn = implementation('cdrs.list', adapter.cdrs.list, adapter.cdrs);
      const { pageSize, cursor, ...filter } = parseInput(CdrQuerySchema, query ?? {}, 'query', { vendor, operation: 'cdrs.list' });
      // Paging comes from the query only; `options` are call options (a `pageSize` there is refused as unknown).
      checkOptionKeys(options, [], { vendor, operation: 'cdrs.list' });
      return list('cdrs.list', { ...pickCallOptions(options), ...(pageSize ? { pageSize } : {}), ...(cursor ? { cursor } : {}) }, (page, ctx) => fn(filter, page, ctx));
    },
    get: (cdrId, options) =>
      run('cdrs.get', options, (ctx) => implementation('cdrs.get', adapter.cdrs.get, adapter.cdrs)(id(cdrId, 'cdrs.get'), ctx)),
    sync(options) {
      const fn = implementation('cdrs.sync', adapter.cdrs.list, adapter.cdrs);
      const { signal, timeoutMs, deadlineMs, ...rest } = options ?? {};
      const schema = cdrSyncOptionsSchema();
      const valid = parseInput(schema, rest, 'options', { vendor, operation: 'cdrs.sync' });
      context('cdrs.sync', options, Object.keys(schema.shape)); // validate call options now
      const call = pickCallOptions({ ...(signal ? { signal } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(deadlineMs !== undefined ? { deadlineMs } : {}) });
      const listPages = (from: Date | undefined, pageSize: number | undefined) =>
        list('cdrs.sync', { ...call, ...(pageSize ? { pageSize } : {}) }, (page, ctx) => fn({ scope: 'tenant', ...(from ? { from } : {}) }, page, ctx)).pages();
      if (valid.cursor !== undefined) decodeCursor(valid.cursor, vendor); // a bad cursor is refused at the call site
      return {
        async *[Symbol.asyncIterator]() {
          // Loaded at first use: a client that never syncs does not carry the poller.
          const [{ syncCdrs, DEFAULT_OVERLAP_MS, DEFAULT_SYNC_INTERVAL_MS }, { sleep }] = await Promise.all([import('./sync/cdr-sync.js'), import('./sync/sleep.js')]);
          yield* syncCdrs({
            vendor,
            cursor: valid.cursor,
            from: valid.from,
            overlapMs: valid.overlapMs ?? DEFAULT_OVERLAP_MS,
            maxCursorIds: valid.maxCursorIds ?? DEFAULT_MAX_CURSOR_IDS,
            pageSize: valid.pageSize,
            follow: valid.follow ?? false,
            intervalMs: valid.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
            signal,
            now,
            sleep,
            listPages,
          });
        },
      };
    },
  };

  const roles: RolesApi = {
    list(options) {
      const fn = implementation('roles.list', adapter.roles?.list, adapter.roles ?? {});
      return list('roles.list', options, fn);
    },
  };

  const recordings: RecordingsApi = {
    list(query, options) {
      const fn = implementation('recordings.list', adapter.recordings?.list, adapter.recordings ?? {});
      const { pageSize, cursor, ...filter } = parseInput(RecordingQuerySchema, query ?? {}, 'query', { vendor, operation: 'recordings.list' });
      checkOptionKeys(options, [], { vendor, operation: 'recordings.list' });
      return list('recordings.list', { ...pickCallOptions(options), ...(pageSize ? { pageSize } : {}), ...(cursor ? { cursor } : {}) }, (page, ctx) => fn(filter, page, ctx));
    },
    download: (recordingId, options) =>
      run('recordings.download', options, (ctx) =>
        implementation('recordings.download', adapter.recordings?.download, adapter.recordings ?? {})(id(recordingId, 'recordings.download'), ctx),
      ),
  };

  const client: Omit<PbxClient, 'bulk'> = {
    vendor,
    capabilities: adapter.capabilities,
    supports: (operation) => isSupported(adapter.capabilities[operation]),
    users,
    groups,
    queues,
    cdrs,
    roles,
    recordings,
    whoami: (options) => run('whoami', options, (ctx) => implementation('whoami', adapter.whoami, adapter)(ctx)),
    raw: {
      async request(method, path, options = {}) {
        const ctx = context('raw', options, RAW_KEYS);
        return adapter.request(
          {
            method: parseInput(HttpMethodSchema, method, 'method', { vendor, operation: 'raw' }),
            path: assertRelativePath(path),
            ...(options.query ? { query: options.query } : {}),
            ...(options.body !== undefined ? { body: options.body } : {}),
            ...(options.idempotent !== undefined ? { idempotent: options.idempotent } : {}),
          },
          ctx,
        );
      },
    },
    close: async (options) => adapter.close(context('close', options)),
    watch(options) {
      refuseUnsupported('watch');
      const { signal, timeoutMs, deadlineMs, ...rest } = options ?? {};
      const schema = watchOptionsSchema();
      const valid = parseInput(schema, rest, 'options', { vendor, operation: 'watch' });
      context('watch', options, Object.keys(schema.shape));
      // What each part needs; asked for explicitly but impossible is refused, by default it is left out.
      const needs = { users: ['users.list'], groups: ['groups.list', 'groups.members.list'], queues: ['queues.list', 'queues.agents'], cdrs: ['cdrs.sync'] } as const;
      const explicit = valid.users !== undefined || valid.groups !== undefined || valid.queues !== undefined || valid.cdrs !== undefined;
      const parts = Object.fromEntries(
        (Object.keys(needs) as Array<keyof typeof needs>).map((part) => {
          const wanted = explicit ? valid[part] === true : true;
          const missing = needs[part].find((op) => !isSupported(adapter.capabilities[op]));
          if (wanted && missing && explicit) refuseUnsupported(missing);
          return [part, wanted && !missing];
        }),
      ) as Record<keyof typeof needs, boolean>;
      const state = valid.cursor !== undefined ? decodeWatchCursor(valid.cursor, vendor) : { vendor };
      const call = pickCallOptions({ ...(signal ? { signal } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(deadlineMs !== undefined ? { deadlineMs } : {}) });
      const settings = { client: self, ...parts, intervalMs: valid.intervalMs ?? 5_000, overlapMs: valid.overlapMs, maxPolls: valid.maxPolls, state, call, now };
      return {
        async *[Symbol.asyncIterator]() {
          // Loaded at first use, like the CDR poller it builds on.
          const [{ watchChanges }, { sleep }] = await Promise.all([import('./watch/watch.js'), import('./sync/sleep.js')]);
          yield* watchChanges({ ...settings, sleep });
        },
        get cursor() {
          return isWatchStarted(state) ? encodeWatchCursor(state) : valid.cursor;
        },
      };
    },
  };
  // One object: watch() hands the client itself (bulk included) to its pollers.
  const self: PbxClient = Object.assign(client, { bulk: lazyBulkApi(client, adapter) });
  return self;
}

const HttpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
// Built at first use (shared by every client): importing the client does not build them.
const cdrSyncOptionsSchema = once(() => z.strictObject(cdrSyncOptionsShape()));
const watchOptionsSchema = once(() => z.strictObject(watchOptionsShape()));

const NO_OPTIONS: CallOptions = Object.freeze({});
const CALL_KEYS: ReadonlySet<string> = new Set(['signal', 'timeoutMs', 'deadlineMs', 'queueTimeoutMs', 'maxResponseBytes']);
const LIST_KEYS = ['pageSize', 'cursor'];
// Read at first use: reading `.shape` builds the (lazily built) schemas.
const agentKeys = once(() => Object.keys(AgentOptionsSchema.shape));
const setStatusKeys = once(() => Object.keys(SetStatusOptionsSchema.shape));
const RAW_KEYS = ['query', 'body', 'idempotent'];
const WRITE_KEYS = ['returning'];


/** Options must be an object whose keys are call options or the operation's own. */
function checkOptionKeys(options: unknown, otherKeys: readonly string[], context: { vendor: string; operation: string }): void {
  if (options === undefined) return;
  const where = `${context.vendor} ${context.operation}`;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError(`${where}: options must be an object`, [{ field: 'options', message: 'must be an object' }], 'client', context);
  }
  for (const key of Object.keys(options)) {
    if (CALL_KEYS.has(key) || otherKeys.includes(key)) continue;
    const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
    throw new ValidationError(`${where}: unknown option ${shown} (known: ${[...CALL_KEYS, ...otherKeys].join(', ')})`, [{ field: `options.${key.slice(0, 40)}`, message: 'unknown option' }], 'client', context);
  }
}

function pickCallOptions(options: CallOptions | undefined): CallOptions {
  if (!options) return NO_OPTIONS;
  const picked: Record<string, unknown> = {};
  let any = false;
  for (const key of CALL_KEYS) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) {
      picked[key] = value;
      any = true;
    }
  }
  return any ? (picked as CallOptions) : NO_OPTIONS;
}

function definedKeys(value: object): string[] {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}
