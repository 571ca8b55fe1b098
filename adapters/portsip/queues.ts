/**
 * PortSIP call queues. Agents are keyed by extension number; the agent list has no
 * statuses (22.3: one bulk `…/agents/status/get_many` per 100 agents gives them; before
 * 22.3: one GET per agent) and is written as a whole
 * (`POST /call_queues/{id}/agents {items}` replaces it), so adding or removing one agent
 * is a verified read-modify-write.
 */
import { mapConcurrent } from '../../core/concurrent.js';
import { isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { QueueMembership, User } from '../../core/model.js';
import type { QueuePort } from '../../core/port.js';
import { extensionOf } from '../../core/refs.js';
import { readModifyWrite } from '../../core/rmw.js';
import { keepRaw, sendParsed } from '../../core/wire.js';
import type { UserRef } from '../../core/inputs.js';
import { listPage } from './list.js';
import { VENDOR } from './map.js';
import { AGENT_STATUS_TO_WIRE, toMembership, toQueue } from './map-contact-centre.js';
import { getMany, type PortSipApiGeneration } from './version.js';
import { itemsOf, listOf } from './wire.js';
import { WireAgent, WireAgentState, WireQueue, WireWaitingCaller } from './wire-contact-centre.js';
import { WireAgentStatus, type AgentStatusQuery } from './wire-v223.js';

const QueueReply = keepRaw(WireQueue);
const QueueList = listOf(keepRaw(WireQueue));
const AgentList = itemsOf(keepRaw(WireAgent));
const AgentStateReply = keepRaw(WireAgentState);
const WaitingList = itemsOf(keepRaw(WireWaitingCaller));
const AgentStatusList = itemsOf(keepRaw(WireAgentStatus));

// Status lookups run in parallel, but politely.
const STATUS_CONCURRENCY = 4;

/** Agent lists are per queue of one PBX: writers of one queue's list never overlap in this process. */
const agentListKey = (pbx: string, queueId: string): string => `${VENDOR}:${pbx}:call_queues:${queueId}:agents`;

type AgentItem = { readonly extension_number: string; readonly skill_level?: number };

/**
 * The queue operations. `pbx` identifies the PBX (its API base URL, free of credentials) in
 * the in-process lock keys, so clients of different PBXs never wait on each other.
 */
export function portsipQueues(
  kernel: HttpKernel,
  getUser: (id: string, ctx: RequestContext) => Promise<User>,
  pbx: string,
  generation: PortSipApiGeneration,
): Required<QueuePort> {
  const extension = (user: UserRef, operation: string, ctx: RequestContext) => extensionOf(user, (id) => getUser(id, ctx), { vendor: VENDOR, operation });

  const readAgents = async (queueId: string, operation: string, ctx: RequestContext): Promise<AgentItem[]> => {
    const body = await sendParsed(kernel, { operation, method: 'GET', path: path`call_queues/${queueId}/agents` }, AgentList, ctx, 'agent list');
    return body.items.map(({ wire }) => ({
      extension_number: wire.extension_number,
      ...(typeof wire.skill_level === 'number' ? { skill_level: wire.skill_level } : {}),
    }));
  };

  const writeAgents = async (queueId: string, items: AgentItem[], operation: string, ctx: RequestContext): Promise<void> => {
    // Replaces the whole list: repeating it is harmless.
    await kernel.send({ operation, method: 'POST', path: path`call_queues/${queueId}/agents`, json: { items }, idempotent: true }, ctx);
  };

  type Listed = { readonly wire: WireAgent; readonly raw: Record<string, unknown> };
  type Status = { readonly wire: WireAgentStatus; readonly raw: Record<string, unknown> };

  /** 22.3: the listed agents' states in bulk, or undefined when the PBX has no such endpoint (its 404 after a successful list is the route's). */
  const bulkStates = async (queueId: string, listed: readonly Listed[], operation: string, ctx: RequestContext): Promise<Map<string, Status> | undefined> => {
    const states = await getMany(
      listed.map(({ wire }) => wire.extension_number),
      generation,
      async (chunk) => {
        const json: AgentStatusQuery = { extension_numbers: chunk };
        // A read sent as POST: repeating it changes nothing.
        return (await sendParsed(kernel, { operation, method: 'POST', path: path`call_queues/${queueId}/agents/status/get_many`, json, idempotent: true }, AgentStatusList, ctx, 'agent statuses')).items;
      },
    );
    return states && new Map(states.map((state) => [state.wire.extension_number, state]));
  };

  /** Before 22.3: one GET per agent. */
  const singleStates = async (queueId: string, listed: readonly Listed[], operation: string, ctx: RequestContext): Promise<QueueMembership[]> => {
    const states = await mapConcurrent(listed, STATUS_CONCURRENCY, async ({ wire, raw }) => {
      try {
        const state = await sendParsed(kernel, { operation, method: 'GET', path: path`call_queues/${queueId}/agents/${wire.extension_number}` }, AgentStateReply, ctx, 'agent');
        return toMembership(queueId, wire, { ...raw, ...state.raw }, state.wire.status);
      } catch (error) {
        // Removed between the two reads: it is no longer an agent.
        if (isPbxError(error, 'NOT_FOUND')) return undefined;
        throw error;
      }
    });
    return states.filter((s): s is QueueMembership => s !== undefined);
  };

  const agents = async (queueId: string, ctx: RequestContext, operation = 'queues.agents'): Promise<QueueMembership[]> => {
    const list = await sendParsed(kernel, { operation, method: 'GET', path: path`call_queues/${queueId}/agents` }, AgentList, ctx, 'agent list');
    if (list.items.length === 0) return [];
    if (await generation.has223(operation, ctx)) {
      const states = await bulkStates(queueId, list.items, operation, ctx);
      if (states) {
        // An agent missing from the bulk reply was removed between the two reads.
        return list.items.flatMap(({ wire, raw }) => {
          const state = states.get(wire.extension_number);
          return state ? [toMembership(queueId, wire, { ...raw, ...state.raw }, state.wire.status, state.wire.reason)] : [];
        });
      }
    }
    return singleStates(queueId, list.items, operation, ctx);
  };

  const setStatus = async (queueId: string, user: UserRef, status: keyof typeof AGENT_STATUS_TO_WIRE, operation: string, ctx: RequestContext): Promise<void> => {
    const ext = await extension(user, operation, ctx);
    await kernel.send(
      { operation, method: 'POST', path: path`call_queues/${queueId}/agents/${ext}`, json: { status: AGENT_STATUS_TO_WIRE[status] }, idempotent: true },
      ctx,
    );
  };

  return {
    list: (page, ctx) => listPage(kernel, { operation: 'queues.list', path: 'call_queues', schema: QueueList, what: 'queue list', map: ({ wire, raw }) => toQueue(wire, raw) }, page, ctx),

    async get(id, ctx) {
      const { wire, raw } = await sendParsed(kernel, { operation: 'queues.get', method: 'GET', path: path`call_queues/${id}` }, QueueReply, ctx, 'queue');
      return toQueue(wire, raw);
    },

    agents: (queueId, ctx) => agents(queueId, ctx),

    async addAgent(queueId, user, options, ctx) {
      const operation = 'queues.addAgent';
      const ext = await extension(user, operation, ctx);
      const wanted: AgentItem = { extension_number: ext, ...(options.skillLevel !== undefined ? { skill_level: options.skillLevel } : {}) };
      const satisfied = (item: AgentItem) => item.extension_number === ext && (options.skillLevel === undefined || item.skill_level === options.skillLevel);
      await readModifyWrite(
        {
          vendor: VENDOR,
          operation,
          key: agentListKey(pbx, queueId),
          read: (c) => readAgents(queueId, operation, c),
          modify: (current) => (current.some(satisfied) ? undefined : [...current.filter((a) => a.extension_number !== ext), wanted]),
          write: (next, c) => writeAgents(queueId, next, operation, c),
          verify: (state) => state.some(satisfied),
        },
        ctx,
      );
    },

    async removeAgent(queueId, user, ctx) {
      const operation = 'queues.removeAgent';
      const ext = await extension(user, operation, ctx);
      await readModifyWrite(
        {
          vendor: VENDOR,
          operation,
          key: agentListKey(pbx, queueId),
          read: (c) => readAgents(queueId, operation, c),
          modify: (current) => (current.some((a) => a.extension_number === ext) ? current.filter((a) => a.extension_number !== ext) : undefined),
          write: (next, c) => writeAgents(queueId, next, operation, c),
          verify: (state) => !state.some((a) => a.extension_number === ext),
        },
        ctx,
      );
    },

    login: (queueId, user, ctx) => setStatus(queueId, user, 'logged_in', 'queues.login', ctx),
    logout: (queueId, user, ctx) => setStatus(queueId, user, 'logged_out', 'queues.logout', ctx),
    setStatus: (queueId, user, status, ctx) => setStatus(queueId, user, status, 'queues.setStatus', ctx),

    async state(queueId, ctx) {
      const operation = 'queues.state';
      const [members, waiting] = await Promise.all([
        agents(queueId, ctx, operation),
        sendParsed(kernel, { operation, method: 'GET', path: path`call_queues/${queueId}/waiting` }, WaitingList, ctx, 'waiting list'),
      ]);
      const waits = waiting.items.map(({ wire }) => wire.waiting_time).filter((w): w is number => typeof w === 'number');
      return {
        queueId,
        waitingCallers: waiting.items.length,
        ...(waits.length ? { longestWaitSeconds: Math.max(...waits) } : {}),
        agents: members,
        raw: { waiting: waiting.items.map(({ raw }) => raw) },
      };
    },
  };
}
