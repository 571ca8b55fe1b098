/**
 * NetPBX queues are the queue-type groups (hunt group with queue, ACD, attendant, customer
 * center), known by their type name or, when the type does not tell (a number), by having a
 * queue pulse. Agents are their members: who is logged in comes from `GET …/groups/{id}/members`,
 * what each one is doing (and the waiting callers) from the queue pulse
 * `GET api/v1/queuepulses/{id}`. Login and logout are `PUT …/groups/{id}/members/{userId}`,
 * for any group, as NetPBX documents it.
 */
import { NotFoundError, isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { UserRef } from '../../core/inputs.js';
import type { QueueMembership, QueueState, User } from '../../core/model.js';
import type { QueuePort } from '../../core/port.js';
import { userIdOf } from '../../core/refs.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import { groupRequests } from './groups.js';
import { isRouteMiss, routeMissing } from './errors.js';
import { VENDOR, knownGroupKind, memberBody, toMembership, toQueue } from './map.js';
import { slicedPage } from './users.js';
import { WirePulseMember, arrayOf, wirePulse, type WireGroup } from './wire.js';

const PulseMember = keepRaw(WirePulseMember);
const PulseReply = keepRaw(wirePulse(PulseMember));
const PulseList = arrayOf(PulseReply);
type Pulse = ReturnType<typeof PulseReply.parse>;

export type NetPbxQueues = Required<Pick<QueuePort, 'list' | 'get' | 'agents' | 'login' | 'logout' | 'state'>>;

export function netpbxQueues(kernel: HttpKernel, findByExtension: (extension: string, ctx: RequestContext) => Promise<User | null>): NetPbxQueues {
  const groups = groupRequests(kernel);

  /** `GET api/v1/queuepulses`: the pulses of every queue-type group. A route miss there is a configuration error, not "no pulses". */
  const allPulses = async (operation: string, ctx: RequestContext): Promise<Pulse[]> => {
    try {
      return await sendParsed(kernel, { operation, method: 'GET', path: 'queuepulses' }, PulseList, ctx, 'queue pulse list');
    } catch (error) {
      throw isRouteMiss(error) ? routeMissing('queuepulses', operation, error) : error;
    }
  };

  /**
   * Ids of the groups that have a queue pulse, i.e. the queue-type groups ("Queue status
   * information is only supported for groups with queue"). Decides groups whose `Type` does not
   * tell (a number, null or an unknown name; see `knownGroupKind`).
   */
  const pulsedGroupIds = async (operation: string, ctx: RequestContext): Promise<Set<string>> =>
    new Set((await allPulses(operation, ctx)).map(({ wire }) => wire.GroupId));

  const isQueue = (group: WireGroup, pulsed: ReadonlySet<string> | undefined): boolean =>
    (knownGroupKind(group.Type) ?? (pulsed?.has(group.GroupId) ? 'queue' : 'other')) === 'queue';

  /**
   * The group's queue pulse. The endpoint list prints the route as `queuepulses{groupid}`; it
   * is read as `queuepulses/{groupid}`, and a 404 there (a route miss included: the route may
   * really lack the slash) is checked against the list of all pulses before it is believed.
   */
  const pulse = async (groupId: string, operation: string, ctx: RequestContext): Promise<Pulse> => {
    try {
      return await sendParsed(kernel, { operation, method: 'GET', path: path`queuepulses/${groupId}` }, PulseReply, ctx, 'queue pulse');
    } catch (error) {
      if (!isPbxError(error, 'NOT_FOUND')) throw error;
      const found = (await allPulses(operation, ctx)).find(({ wire }) => wire.GroupId === groupId);
      if (!found) {
        throw new NotFoundError(`${VENDOR} ${operation}: group ${groupId} has no queue pulse (there is no such group, or it is not a queue-type group)`, {
          vendor: VENDOR,
          operation,
          status: 404,
        });
      }
      return found;
    }
  };

  /** Members (who is logged in) joined with the pulse (what they do), plus the pulse itself. */
  const agentsAndPulse = async (queueId: string, operation: string, ctx: RequestContext): Promise<{ agents: QueueMembership[]; pulse: Pulse }> => {
    const [members, live] = await Promise.all([groups.members(queueId, operation, ctx), pulse(queueId, operation, ctx)]);
    const byMember = new Map(live.wire.Members.map((m) => [m.wire.MemberId, m]));
    const agents = members.map(({ wire, raw }) => {
      const entry = byMember.get(wire.MemberId);
      return toMembership(queueId, wire, raw, entry?.wire.Status, entry?.raw);
    });
    return { agents, pulse: live };
  };

  const setLoggedIn = async (queueId: string, user: UserRef, loggedIn: boolean, operation: string, ctx: RequestContext): Promise<void> => {
    // Any group, not only queue types: NetPBX logs members in/out of groups ("Logg in/out member
    // to/from the group"), and checking the type would cost a GET. MemberId and UserId are the
    // same number (documented): a ref by id costs nothing.
    const memberId = await userIdOf(user, (extension) => findByExtension(extension, ctx), { vendor: VENDOR, operation });
    // An absolute state: repeating it is harmless, so the kernel may retry it.
    await kernel.send({ operation, method: 'PUT', path: path`groups/${queueId}/members/${memberId}`, json: memberBody(loggedIn) }, ctx);
  };

  return {
    list: (page, ctx) =>
      slicedPage(
        page,
        async () => {
          const all = await groups.all('queues.list', ctx);
          // Only when some type does not tell: +1 request.
          const pulsed = all.some(({ wire }) => knownGroupKind(wire.Type) === undefined) ? await pulsedGroupIds('queues.list', ctx) : undefined;
          return all.filter(({ wire }) => isQueue(wire, pulsed));
        },
        ({ wire, raw }) => toQueue(wire, raw),
      ),

    async get(id, ctx) {
      const operation = 'queues.get';
      const { wire, raw } = await groups.one(id, operation, ctx);
      const known = knownGroupKind(wire.Type) !== undefined;
      if (!isQueue(wire, known ? undefined : await pulsedGroupIds(operation, ctx))) {
        const why = known ? '' : ', and NetPBX reports no queue pulse for it';
        throw new NotFoundError(`${VENDOR} ${operation}: group ${id} is not a queue (its type is ${JSON.stringify(wire.Type)}${why})`, { vendor: VENDOR, operation });
      }
      return toQueue(wire, raw);
    },

    agents: async (queueId, ctx) => (await agentsAndPulse(queueId, 'queues.agents', ctx)).agents,

    login: (queueId, user, ctx) => setLoggedIn(queueId, user, true, 'queues.login', ctx),
    logout: (queueId, user, ctx) => setLoggedIn(queueId, user, false, 'queues.logout', ctx),

    async state(queueId, ctx): Promise<QueueState> {
      const { agents, pulse: live } = await agentsAndPulse(queueId, 'queues.state', ctx);
      const { CallsWaiting, LongestWaitTime } = live.wire;
      return {
        queueId,
        ...(typeof CallsWaiting === 'number' ? { waitingCallers: CallsWaiting } : {}),
        ...(typeof LongestWaitTime === 'number' ? { longestWaitSeconds: LongestWaitTime } : {}),
        agents,
        raw: live.raw,
      };
    },
  };
}
