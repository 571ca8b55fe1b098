/**
 * `pbx.bulk`: many writes of one kind, at the vendor's pace, one result per item (see
 * `run.ts`). Every item goes through the public client (same validation, capability checks,
 * retries and typed errors as a single call); creates use the vendor's native bulk endpoint
 * where the adapter has one (PortSIP 22.3 `create_many`) and fall back to single creates on a
 * server without it; team membership likewise (VoIPStudio's bulk `PATCH /users`). Writes ask
 * for no read-back (`returning: 'none'`).
 */
import type { PbxClient } from '../client.js';
import { OutcomeUnknownError, UnsupportedOperationError, isPbxError, type PbxError } from '../errors.js';
import { IdSchema, parseInput, type CallOptions, type UserCreateInput, type UserPatch, type UserRef, type WriteAck } from '../inputs.js';
import { UserRefSchema, type AgentOptions } from '../inputs-contact-centre.js';
import { UserCreateInputSchema } from '../inputs-users.js';
import type { MemberChange, PbxAdapter } from '../port.js';
import { runBulk, type BulkOptions, type BulkRun, type BulkSpec } from './run.js';

export interface UserUpdateItem {
  readonly id: string;
  readonly patch: UserPatch;
}
export interface MemberItem {
  readonly groupId: string;
  readonly user: UserRef;
}
export interface AgentItem extends AgentOptions {
  readonly queueId: string;
  readonly user: UserRef;
}

/** What bulk methods take: any iterable or async iterable (an array, a generator, a stream of parsed lines). */
export type Items<T> = Iterable<T> | AsyncIterable<T>;

/** Bulk writes. Every method takes any (async) iterable and returns a {@link BulkRun}. */
export interface BulkApi {
  readonly users: {
    /** Creates users; the extension is each item's natural key (an unknown outcome is looked up by it). */
    create(items: Items<UserCreateInput>, options?: BulkOptions): BulkRun<UserCreateInput, WriteAck>;
    update(items: Items<UserUpdateItem>, options?: BulkOptions): BulkRun<UserUpdateItem, WriteAck>;
    delete(ids: Items<string>, options?: BulkOptions): BulkRun<string, void>;
  };
  readonly groups: {
    readonly members: {
      add(items: Items<MemberItem>, options?: BulkOptions): BulkRun<MemberItem, void>;
      remove(items: Items<MemberItem>, options?: BulkOptions): BulkRun<MemberItem, void>;
    };
  };
  readonly queues: {
    addAgents(items: Items<AgentItem>, options?: BulkOptions): BulkRun<AgentItem, void>;
    removeAgents(items: Items<AgentItem>, options?: BulkOptions): BulkRun<AgentItem, void>;
  };
}

const userKey = (user: UserRef): string => (user.extension !== undefined ? `ext:${user.extension}` : `id:${user.id ?? ''}`);

/** The bulk API of a client; `adapter` gives access to native bulk endpoints. */
export function createBulkApi(client: Omit<PbxClient, 'bulk'>, adapter: PbxAdapter): BulkApi {
  const createUsers = adapter.bulk?.createUsers?.bind(adapter.bulk);
  const createSpec: BulkSpec<UserCreateInput, WriteAck> = {
    key: (input) => `ext:${String(input.extension)}`,
    idempotent: false,
    run: (input, options) => client.users.create(input, { ...options, returning: 'none' }),
    reconcile: async (input, options) => {
      const found = await client.users.findByExtension(input.extension, options);
      return found ? { id: found.id } : null;
    },
    ...(createUsers && client.supports('users.create')
      ? {
          many: {
            size: adapter.bulk?.createUsersSize ?? 100,
            run: async (inputs: readonly UserCreateInput[], options: CallOptions) => {
              const results: Array<WriteAck | PbxError | undefined> = new Array(inputs.length);
              const valid: number[] = [];
              for (const [i, input] of inputs.entries()) {
                try {
                  checkCreate(client, input);
                  valid.push(i);
                } catch (error) {
                  if (!isPbxError(error)) throw error;
                  results[i] = error as PbxError;
                }
              }
              if (valid.length) {
                const parsed = valid.map((i) => parseInput(UserCreateInputSchema, inputs[i], 'input', { vendor: client.vendor, operation: 'users.create' }));
                const replies = await createUsers(parsed, contextOf(options));
                valid.forEach((i, j) => (results[i] = replies[j]));
              }
              // An unconfirmed item becomes an unknown outcome: the runner looks it up by extension.
              return results.map((r) => r ?? outcomeUnknown(client.vendor));
            },
          },
        }
      : {}),
  };

  const changeMembers = adapter.bulk?.changeMembers?.bind(adapter.bulk);
  /** Team membership, through the adapter's native batch where it has one (VoIPStudio: one `PATCH /users` per batch). */
  const memberSpec = (op: 'add' | 'remove'): BulkSpec<MemberItem, void> => {
    const operation = op === 'add' ? 'groups.members.add' : 'groups.members.remove';
    const members = client.groups.members;
    const context = { vendor: client.vendor, operation };
    return {
      key: (i) => `${i.groupId}/${userKey(i.user)}`,
      idempotent: true,
      run: (i, o) => members[op](i.groupId, i.user, o),
      ...(changeMembers && client.supports(operation)
        ? {
            many: {
              size: adapter.bulk?.changeMembersSize ?? 100,
              run: async (items: readonly MemberItem[], options: CallOptions) => {
                const results: Array<PbxError | undefined> = new Array(items.length);
                const valid: Array<{ index: number; change: MemberChange }> = [];
                for (const [index, item] of items.entries()) {
                  try {
                    const groupId = parseInput(IdSchema, item.groupId, 'groupId', context);
                    valid.push({ index, change: { groupId, user: parseInput(UserRefSchema, item.user, 'user', context) as UserRef, op } });
                  } catch (error) {
                    if (!isPbxError(error)) throw error;
                    results[index] = error as PbxError;
                  }
                }
                if (valid.length) {
                  const replies = await changeMembers(valid.map((v) => v.change), contextOf(options));
                  valid.forEach((v, j) => (results[v.index] = replies[j]));
                }
                return results;
              },
            },
          }
        : {}),
    };
  };

  return {
    users: {
      create: (items, options) => runBulk(items, createSpec, options),
      update: (items, options) =>
        runBulk(
          items,
          { key: (item) => `id:${item.id}`, idempotent: true, run: (item, o) => client.users.update(item.id, item.patch, { ...o, returning: 'none' }) },
          options,
        ),
      delete: (ids, options) => runBulk(ids, { key: (id) => `id:${id}`, idempotent: true, run: (id, o) => client.users.delete(id, o) }, options),
    },
    groups: {
      members: {
        add: (items, options) => runBulk(items, memberSpec('add'), options),
        remove: (items, options) => runBulk(items, memberSpec('remove'), options),
      },
    },
    queues: {
      addAgents: (items, options) =>
        runBulk(
          items,
          {
            key: (i) => `${i.queueId}/${userKey(i.user)}`,
            idempotent: true,
            run: (i, o) => client.queues.addAgent(i.queueId, i.user, { ...o, ...(i.skillLevel !== undefined ? { skillLevel: i.skillLevel } : {}) }),
          },
          options,
        ),
      removeAgents: (items, options) =>
        runBulk(items, { key: (i) => `${i.queueId}/${userKey(i.user)}`, idempotent: true, run: (i, o) => client.queues.removeAgent(i.queueId, i.user, o) }, options),
    },
  };
}

/** What `users.create` checks before sending, for items going to a native bulk endpoint. */
function checkCreate(client: Omit<PbxClient, 'bulk'>, input: UserCreateInput): void {
  const context = { vendor: client.vendor, operation: 'users.create' };
  const valid = parseInput(UserCreateInputSchema, input, 'input', context);
  const capability = client.capabilities['users.create'];
  const accepted = capability.support === 'unsupported' ? undefined : capability.fields;
  const refused = accepted ? Object.keys(valid).filter((k) => valid[k as keyof typeof valid] !== undefined && !accepted.includes(k)) : [];
  if (refused.length) {
    const reason = `${client.vendor} does not support ${refused.join(', ')} here (accepted: ${(accepted ?? []).join(', ')})`;
    throw new UnsupportedOperationError(`${client.vendor} cannot do users.create with ${refused.join(', ')}: ${reason}`, reason, context);
  }
}

function contextOf(options: CallOptions) {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    deadlineAt: Date.now() + (options.deadlineMs ?? 60_000),
  };
}

function outcomeUnknown(vendor: string): PbxError {
  return new OutcomeUnknownError(`${vendor} users.create: the bulk reply did not say whether this user was created`, { vendor, operation: 'users.create' });
}
