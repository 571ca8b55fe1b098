/**
 * The public client: one shape for every vendor. It wraps a {@link PbxAdapter}, validates
 * every input before anything is sent, refuses what the vendor's capability manifest marks
 * unsupported with `UnsupportedOperationError` (again before anything is sent), gives each
 * call its context (signal, per-attempt timeout, overall deadline) and pages lazily.
 */
import * as z from 'zod';
import { isSupported, type CapabilityManifest, type OperationName } from './capabilities.js';
import { checkOptionKeys, clientChecks, pickCallOptions, type ListCallOptions } from './client-checks.js';
import type { GroupCalls } from './client-groups.js';
import type { UserCalls } from './client-users.js';
import type { QueueCalls } from './client-queues.js';
import type { HttpMethod, QueryValue } from './http/kernel.js';
import { assertRelativePath } from './http/path.js';
import type { AgentOptions, GroupCreateInput, GroupPatch, QueueCreateInput, QueuePatch, SetStatusOptions } from './inputs-contact-centre.js';
import {
  CdrQuerySchema,
  EmailSchema,
  ExtensionSchema,
  RecordingQuerySchema,
  parseInput,
  type CallOptions,
  type CdrQuery,
  type RecordingQuery,
  type UserCreateInput,
  type UserPatch,
  type UserRef,
  type WriteAck,
  type WriteOptions,
} from './inputs.js';
import type { Cdr, Group, GroupMember, NotReadyReason, Queue, QueueMembership, QueueState, Recording, RecordingContent, Role, SettableAgentStatus, User, UserPresence } from './model.js';
import type { BulkApi } from './bulk/api.js';
import { lazyBulkApi } from './bulk/lazy.js';
import { lazyPort } from './lazy-port.js';
import { singlePage, type PagedList } from './paging.js';
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

export type { ListCallOptions } from './client-checks.js';

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
  const now = defaults.now ?? Date.now;
  const checks = clientChecks(adapter, now, defaults.deadlineMs ?? 60_000);
  const { vendor, refuseUnsupported, implementation, context, run, list, id } = checks;
  // User writes and presence, and the group and queue operations that return a promise, load at
  // their first call (client-users.ts, client-groups.ts, client-queues.ts).
  const groupOps = lazyPort<GroupCalls>(() => import('./client-groups.js').then((m) => m.groupCalls(checks)), GROUP_CALLS);
  const userOps = lazyPort<UserCalls>(() => import('./client-users.js').then((m) => m.userCalls(checks)), USER_CALLS);
  const queueOps = lazyPort<QueueCalls>(() => import('./client-queues.js').then((m) => m.queueCalls(checks)), QUEUE_CALLS);

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
    create: userOps.create,
    update: userOps.update,
    delete: (userId, options) =>
      run('users.delete', options, (ctx) => implementation('users.delete', adapter.users.delete, adapter.users)(id(userId, 'users.delete'), ctx)),
    presence: userOps.presence,
  };

  const groups: GroupsApi = {
    list(options) {
      const fn = implementation('groups.list', adapter.groups.list, adapter.groups);
      return list('groups.list', options, fn);
    },
    get: groupOps.get,
    create: groupOps.create,
    update: groupOps.update,
    delete: groupOps.delete,
    members: {
      list(groupId, options) {
        const fn = implementation('groups.members.list', adapter.groups.listMembers, adapter.groups);
        const group = id(groupId, 'groups.members.list', 'groupId');
        return list('groups.members.list', options, (page, ctx) => fn(group, page, ctx));
      },
      add: groupOps.addMember,
      remove: groupOps.removeMember,
    },
  };

  const queues: QueuesApi = {
    ...queueOps,
    list(options) {
      const fn = implementation('queues.list', adapter.queues.list, adapter.queues);
      return list('queues.list', options, fn);
    },
    agents(queueId, options) {
      const fn = implementation('queues.agents', adapter.queues.agents, adapter.queues);
      const queue = id(queueId, 'queues.agents', 'queueId');
      return list('queues.agents', options, async (_page, ctx) => singlePage(await fn(queue, ctx)));
    },
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

const USER_CALLS = { create: true, update: true, presence: true } as const;
const GROUP_CALLS = { get: true, create: true, update: true, delete: true, addMember: true, removeMember: true } as const;
const QUEUE_CALLS = { get: true, create: true, update: true, delete: true, addAgent: true, removeAgent: true, login: true, logout: true, setStatus: true, state: true } as const;
const RAW_KEYS = ['query', 'body', 'idempotent'];
