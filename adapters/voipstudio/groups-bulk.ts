/**
 * Bulk team membership on VoIPStudio: many changes through one bulk `PATCH /users`
 * `[{id, groups}, …]` carrying every changed user's whole team list. Per batch: users named
 * by extension are looked up (one `GET /users?filter=…` per extension), each user's team
 * list is read (one `GET /users/{id}` per user: no documented filter selects several ids),
 * one `PATCH` writes them all, and each written user is read again to verify. A user with
 * several changes in the batch is read and written once. Guarantees as for one change
 * (groups.ts): other teams are kept, a user without `groups` is refused, a change lost to a
 * writer elsewhere is redone from a fresh read a bounded number of times, then
 * `ConflictError` for that user's items only.
 */
import { mapConcurrent } from '../../core/concurrent.js';
import { ConflictError, isPbxError, type PbxError } from '../../core/errors.js';
import { sleep, type RequestContext } from '../../core/http/context.js';
import type { UserRef } from '../../core/inputs.js';
import type { BulkPort, MemberChange } from '../../core/port.js';
import { userIdOf } from '../../core/refs.js';
import { exclusive } from '../../core/rmw.js';
import { VENDOR } from './map.js';
import type { TeamLists } from './team-lists.js';
import type { VoipStudioUsers } from './users.js';

/** Changes per batch: one PATCH body of at most this many users. */
export const CHANGE_MEMBERS_SIZE = 100;
/** Requests in flight at once within a batch (the kernel's limiter still paces them). */
const IN_FLIGHT = 8;
/** Write-verify rounds before a lost change becomes a `ConflictError`, as for one change (core/rmw.ts). */
const ATTEMPTS = 4;

const OPERATION = { add: 'groups.members.add', remove: 'groups.members.remove' } as const;

/** One user's changes within a batch: the indexes of its items, its team list as first read and as last read. */
interface UserPlan {
  readonly userId: string;
  readonly items: number[];
  before?: readonly string[];
  teams: readonly string[];
}

export function voipstudioChangeMembers(users: VoipStudioUsers, lists: TeamLists, random: () => number = Math.random): NonNullable<BulkPort['changeMembers']> {
  return async (changes: readonly MemberChange[], ctx: RequestContext): Promise<ReadonlyArray<PbxError | undefined>> => {
    const results: Array<PbxError | undefined> = new Array(changes.length);
    // A batch from the bulk runner has one kind of change; a mixed one is labelled by its first.
    const operation = OPERATION[changes[0]?.op ?? 'add'];
    const fail = (indexes: readonly number[], error: unknown): void => {
      if (!isPbxError(error)) throw error;
      for (const i of indexes) results[i] = error as PbxError;
    };
    const change = (i: number): MemberChange => changes[i] as MemberChange;

    // Who: ids as given, extensions looked up once each.
    const lookups = new Map<string, Promise<string>>();
    const userId = (ref: UserRef): Promise<string> => {
      const known = ref.id === undefined ? lookups.get(ref.extension as string) : undefined;
      if (known) return known;
      const found = userIdOf(ref, (extension) => users.findByExtension(extension, ctx, operation), { vendor: VENDOR, operation });
      if (ref.id === undefined) lookups.set(ref.extension as string, found);
      return found;
    };
    const ids = await mapConcurrent([...changes.keys()], IN_FLIGHT, (i) => userId(change(i).user).catch((error: unknown) => void fail([i], error)));
    const plans = new Map<string, UserPlan>();
    ids.forEach((id, i) => {
      if (id === undefined) return;
      const plan = plans.get(id) ?? { userId: id, items: [], teams: [] };
      plan.items.push(i);
      plans.set(id, plan);
    });

    const done = (plan: UserPlan, i: number): boolean => plan.teams.includes(change(i).groupId) === (change(i).op === 'add');
    const unfinished = (plan: UserPlan): boolean => plan.items.some((i) => !done(plan, i));
    const target = (plan: UserPlan): string[] => {
      let teams = [...plan.teams];
      for (const i of plan.items) {
        const { groupId, op } = change(i);
        if (op === 'add' && !teams.includes(groupId)) teams.push(groupId);
        if (op === 'remove') teams = teams.filter((team) => team !== groupId);
      }
      return teams;
    };

    /** Reads the users' lists; a user that cannot be read fails its items and leaves the batch. */
    const readAll = async (pending: readonly UserPlan[]): Promise<UserPlan[]> => {
      const read = await mapConcurrent(pending, IN_FLIGHT, async (plan) => {
        try {
          plan.teams = await lists.read(plan.userId, ctx, operation);
          plan.before ??= plan.teams;
          return plan;
        } catch (error) {
          return void fail(plan.items, error);
        }
      });
      return read.filter((plan): plan is UserPlan => plan !== undefined);
    };

    /**
     * Writes the users' new lists in one PATCH; returns the users written. VoIPStudio checks
     * every entry before applying any, so a refused batch is written again user by user: one
     * bad entry (a team that does not exist, a user deleted meanwhile) fails only its own items.
     */
    const writeAll = async (pending: readonly UserPlan[]): Promise<UserPlan[]> => {
      try {
        await lists.write(pending.map((plan) => ({ userId: plan.userId, teams: target(plan) })), ctx, operation);
        return [...pending];
      } catch (error) {
        if (!isPbxError(error, 'VALIDATION_FAILED') && !isPbxError(error, 'NOT_FOUND')) throw error;
        if (pending.length > 1) return (await mapConcurrent(pending, IN_FLIGHT, (plan) => writeAll([plan]))).flat();
        const plan = pending[0] as UserPlan;
        for (const i of plan.items) fail([i], change(i).op === 'add' ? await lists.explainRefusal(error, change(i).groupId, ctx, operation) : error);
        return [];
      }
    };

    await exclusive([...plans.keys()].map((id) => lists.key(id)), ctx, { vendor: VENDOR, operation }, async () => {
      let pending = (await readAll([...plans.values()])).filter(unfinished);
      for (let attempt = 1; pending.length > 0; attempt++) {
        pending = (await readAll(await writeAll(pending))).filter(unfinished);
        if (pending.length === 0) return;
        if (attempt === ATTEMPTS) break;
        // A writer elsewhere overwrote some: wait a random moment so racers do not collide again in lockstep.
        await sleep(Math.floor(random() * 40 * attempt), ctx.signal);
      }
      const conflict = new ConflictError(
        `${VENDOR} ${operation}: a concurrent change overwrote this one ${ATTEMPTS} times, so the change is not applied; retry it later`,
        { vendor: VENDOR, operation },
        true,
      );
      for (const plan of pending) fail(plan.items.filter((i) => !done(plan, i)), conflict);
    });

    // Removing a non-member is a no-op, but removing from a team that does not exist is NotFoundError.
    const unchecked = new Map<string, number[]>();
    for (const plan of plans.values()) {
      for (const i of plan.items) {
        const { op, groupId } = change(i);
        if (op === 'remove' && results[i] === undefined && !plan.before?.includes(groupId)) unchecked.set(groupId, [...(unchecked.get(groupId) ?? []), i]);
      }
    }
    await mapConcurrent([...unchecked], IN_FLIGHT, async ([groupId, indexes]) => {
      const missing = await lists.missingTeam(groupId, ctx, operation);
      if (missing) fail(indexes, missing);
    });
    return results;
  };
}
