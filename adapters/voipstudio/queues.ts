/**
 * VoIPStudio call queues. Membership is the queue's `users` list, read with
 * `?include=users&fields[users]=id,first_name,last_name,status` (`status`: joined or left)
 * and written with `PATCH /queues/{id}?include=users {users:[{id, status}, …]}`, which
 * replaces the whole list — so adding, removing, joining (login) and leaving (logout) are all
 * verified read-modify-writes that send every member, the others with their status as read.
 * VoIPStudio has no agent states beyond joined/left and no live queue figures, so
 * `setStatus` and `state` are not implemented (unsupported in the manifest).
 */
import * as z from 'zod';
import { NotFoundError, VendorResponseError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { UserRef } from '../../core/inputs.js';
import type { QueuePort } from '../../core/port.js';
import { userIdOf } from '../../core/refs.js';
import { readModifyWrite } from '../../core/rmw.js';
import { idString, keepRaw, sendParsed } from '../../core/wire.js';
import { listPage } from './list.js';
import { VENDOR, toMembership, toQueue, wireId } from './map.js';
import type { VoipStudioUsers } from './users.js';
import { WireQueue, WireQueueUser, dataOf, flag, listOf } from './wire.js';

/** The query that makes a queue carry its members with their join status. */
export const MEMBERS_QUERY = { include: 'users', 'fields[users]': 'id,first_name,last_name,status' } as const;

const QueueReply = dataOf(keepRaw(WireQueue));
const QueueList = listOf(keepRaw(WireQueue));
const MembersReply = dataOf(z.object({ id: idString, users: z.array(z.union([keepRaw(WireQueueUser), idString])).nullish() }));

type Member = { readonly wire: z.output<typeof WireQueueUser>; readonly raw: Record<string, unknown> };
/** One entry of the `users` list as written back: the id, and the status as read (or as changed). */
type Entry = { readonly id: string; readonly status: unknown };

/** Joined (true), left (false), or neither (a status that is not a flag). */
const joined = (status: unknown): boolean | undefined => flag.parse(status);

/** `account`: the API base URL without secrets (`resolveConnection().account`), so that only changes of the same account's lists wait on each other. */
export function voipstudioQueues(kernel: HttpKernel, users: VoipStudioUsers, account: string): Required<Omit<QueuePort, 'setStatus' | 'state'>> {
  /** A queue's member list: adds, removals, joins and leaves of one queue never overlap in this process. */
  const memberListKey = (queueId: string): string => `${VENDOR}:${account}:queues:${queueId}:users`;

  const userId = (ref: UserRef, operation: string, ctx: RequestContext) =>
    userIdOf(ref, (extension) => users.findByExtension(extension, ctx, operation), { vendor: VENDOR, operation });

  /** The queue's members with their status. Refuses a reply it could not write back faithfully. */
  const readMembers = async (queueId: string, ctx: RequestContext, operation: string): Promise<Member[]> => {
    const { data } = await sendParsed(kernel, { operation, method: 'GET', path: path`queues/${queueId}`, query: MEMBERS_QUERY }, MembersReply, ctx, 'queue with users');
    const members = data.users ?? [];
    const blind = members.find((m): m is string => typeof m === 'string') ?? members.find((m) => typeof m !== 'string' && !Object.hasOwn(m.raw, 'status'));
    if (blind !== undefined) {
      // Writing the list back without every member's status would make members leave or join.
      throw new VendorResponseError(`${VENDOR} ${operation}: queue ${queueId} came without its members' join status (include=users ignored?)`, [
        { field: 'data.users', message: 'expected member objects with a status' },
      ], { vendor: VENDOR, operation });
    }
    return members as Member[];
  };

  const writeMembers = async (queueId: string, entries: readonly Entry[], ctx: RequestContext, operation: string): Promise<void> => {
    // Replaces the whole list with given values: safe to repeat.
    await kernel.send(
      {
        operation,
        method: 'PATCH',
        path: path`queues/${queueId}`,
        query: { include: 'users' },
        json: { users: entries.map((e) => ({ id: wireId(e.id), status: e.status })) },
        idempotent: true,
      },
      ctx,
    );
  };

  /** A verified read-modify-write of the member list; `change` returns the new list or undefined when nothing is to change. */
  const rewrite = (
    queueId: string,
    operation: string,
    change: (entries: Entry[]) => Entry[] | undefined,
    done: (entries: readonly Entry[]) => boolean,
    ctx: RequestContext,
  ): Promise<void> =>
    readModifyWrite<Entry[]>(
      {
        vendor: VENDOR,
        operation,
        key: memberListKey(queueId),
        read: async (c) => (await readMembers(queueId, c, operation)).map(({ wire, raw }) => ({ id: wire.id, status: raw['status'] })),
        modify: change,
        write: (entries, c) => writeMembers(queueId, entries, c, operation),
        verify: done,
      },
      ctx,
    );

  /** Joins (`true`) or leaves (`false`) the queue as an existing member. */
  const setJoined = async (queueId: string, ref: UserRef, join: boolean, operation: string, ctx: RequestContext): Promise<void> => {
    const id = await userId(ref, operation, ctx);
    const notAgent = () => new NotFoundError(`${VENDOR} ${operation}: user ${id} is not an agent of queue ${queueId}`, { vendor: VENDOR, operation });
    await rewrite(
      queueId,
      operation,
      (entries) => {
        const entry = entries.find((e) => e.id === id);
        if (!entry) throw notAgent();
        // Compared strictly: a status that is not a flag is neither, so it is overwritten with the one wanted.
        if (joined(entry.status) === join) return undefined;
        return entries.map((e) => (e.id === id ? { id, status: join } : e));
      },
      (entries) => {
        const entry = entries.find((e) => e.id === id);
        // Removed meanwhile: for a logout that is as good as done; a login cannot happen any more.
        if (!entry) {
          if (join) throw notAgent();
          return true;
        }
        return joined(entry.status) === join;
      },
      ctx,
    );
  };

  return {
    list: (page, ctx) =>
      listPage(kernel, { operation: 'queues.list', path: 'queues', schema: QueueList, what: 'queue list', map: ({ wire, raw }) => toQueue(wire, raw) }, page, ctx),

    async get(id, ctx) {
      const { data } = await sendParsed(kernel, { operation: 'queues.get', method: 'GET', path: path`queues/${id}` }, QueueReply, ctx, 'queue');
      return toQueue(data.wire, data.raw);
    },

    async agents(queueId, ctx) {
      const members = await readMembers(queueId, ctx, 'queues.agents');
      return members.map(({ wire, raw }) => toMembership(queueId, wire, raw));
    },

    async addAgent(queueId, ref, _options, ctx) {
      const operation = 'queues.addAgent';
      const id = await userId(ref, operation, ctx);
      // A new agent starts left (not joined): it receives queue calls once it logs in.
      await rewrite(
        queueId,
        operation,
        (entries) => (entries.some((e) => e.id === id) ? undefined : [...entries, { id, status: false }]),
        (entries) => entries.some((e) => e.id === id),
        ctx,
      );
    },

    async removeAgent(queueId, ref, ctx) {
      const operation = 'queues.removeAgent';
      const id = await userId(ref, operation, ctx);
      await rewrite(
        queueId,
        operation,
        (entries) => (entries.some((e) => e.id === id) ? entries.filter((e) => e.id !== id) : undefined),
        (entries) => !entries.some((e) => e.id === id),
        ctx,
      );
    },

    login: (queueId, ref, ctx) => setJoined(queueId, ref, true, 'queues.login', ctx),
    logout: (queueId, ref, ctx) => setJoined(queueId, ref, false, 'queues.logout', ctx),
  };
}
