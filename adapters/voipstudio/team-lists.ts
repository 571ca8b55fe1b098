/**
 * A VoIPStudio user's team list (`groups` on the user): read from `GET /users/{id}`, written
 * whole with the bulk `PATCH /users [{id, groups}]`. Shared by the one-membership path
 * (groups.ts) and the bulk path (groups-bulk.ts), which take the same per-user lock.
 */
import { UnsupportedOperationError, isPbxError, type PbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import { sendParsed } from '../../core/wire.js';
import { VENDOR, wireId } from './map.js';
import { WireUserTeams, dataOf } from './wire.js';

const UserTeamsReply = dataOf(WireUserTeams);

/**
 * Why membership fails on an account whose users carry no `groups`: the documented User model
 * does not list it and no documented endpoint lists a team's members (`GET /usergroups/{id}`
 * is `{id, name, color}`), so there is no other way to read membership — and writing a team
 * list that was not read would drop the user's other teams.
 */
export const NO_TEAMS_REASON =
  "VoIPStudio's users carry no `groups` (team ids) on this account: the documented User model does not list it and no documented endpoint lists a team's members, " +
  'so team membership can be neither read nor safely rewritten (nothing was written)';

export const noTeams = (operation: string): UnsupportedOperationError =>
  new UnsupportedOperationError(`${VENDOR} cannot do ${operation} here: ${NO_TEAMS_REASON}`, NO_TEAMS_REASON, { vendor: VENDOR, operation });

export interface TeamLists {
  /** The lock key of a user's team list: every change of one user's list goes through it, so they never overlap in this process. */
  key(userId: string): string;
  /** The ids of the user's teams, as stored now; `UnsupportedOperationError` when the user carries none. */
  read(userId: string, ctx: RequestContext, operation: string): Promise<string[]>;
  /** Replaces the team lists of the given users in one request (absolute: safe to repeat). */
  write(lists: ReadonlyArray<{ readonly userId: string; readonly teams: readonly string[] }>, ctx: RequestContext, operation: string): Promise<void>;
  /**
   * What to report for a refused write that added `groupId`: `NotFoundError` when the team
   * does not exist (VoIPStudio answers an unknown team id in `groups` with a validation error),
   * else `refusal` unchanged. Any other trouble checking leaves the refusal as it was.
   */
  explainRefusal(refusal: unknown, groupId: string, ctx: RequestContext, operation: string): Promise<unknown>;
  /** `NotFoundError` when the team does not exist; undefined when it does or that cannot be told. */
  missingTeam(groupId: string, ctx: RequestContext, operation: string): Promise<PbxError | undefined>;
}

/** `account`: the API base URL without secrets, so that only the same account's lists wait on each other. */
export function teamLists(kernel: HttpKernel, account: string): TeamLists {
  return {
    key: (userId) => `${VENDOR}:${account}:users:${userId}:groups`,

    async read(userId, ctx, operation) {
      const { data } = await sendParsed(kernel, { operation, method: 'GET', path: path`users/${userId}` }, UserTeamsReply, ctx, 'user (with its teams)');
      if (data.groups === undefined) throw noTeams(operation);
      return data.groups;
    },

    async write(lists, ctx, operation) {
      const json = lists.map(({ userId, teams }) => ({ id: wireId(userId), groups: teams.map(wireId) }));
      await kernel.send({ operation, method: 'PATCH', path: 'users', json, idempotent: true }, ctx);
    },

    async explainRefusal(refusal, groupId, ctx, operation) {
      if (!isPbxError(refusal, 'VALIDATION_FAILED') && !isPbxError(refusal, 'NOT_FOUND')) return refusal;
      return (await this.missingTeam(groupId, ctx, operation)) ?? refusal;
    },

    missingTeam: (groupId, ctx, operation) =>
      kernel.send({ operation, method: 'GET', path: path`usergroups/${groupId}` }, ctx).then(
        () => undefined,
        (lookup: unknown) => (isPbxError(lookup, 'NOT_FOUND') ? (lookup as PbxError) : undefined),
      ),
  };
}
