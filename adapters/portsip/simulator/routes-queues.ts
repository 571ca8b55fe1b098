/**
 * Call queues: list and detail, the agent list (replaced as a whole), per-agent status and
 * the waiting callers. Agents are keyed by extension number on the wire.
 */
import { conflict, forbidden, invalid, notFound } from './errors.js';
import { EXTENSION_PATTERN, bodyOf, extensionParam, isAdmin, param, requireAdmin, type SimApp, type SimContext } from './http.js';
import { listPage, type ListSpec } from './lists.js';
import type { SimConfig } from './options.js';
import type { AgentRecord, AgentStatus, QueueRecord, SimState, UserRecord } from './state.js';

interface AgentListBody {
  readonly items?: ReadonlyArray<{ readonly extension_number?: string; readonly skill_level?: number }>;
}
/** The lifecycle fields the simulator stores (others are accepted by the spec check and not modelled). */
interface QueueBody {
  readonly name?: string;
  readonly polling_strategy?: string;
  readonly ring_time?: number;
  readonly max_callers?: number;
  readonly max_waiting_time?: number;
}
type SettableStatus = 'READY' | 'NOT_READY' | 'WRAP_UP' | 'BREAK' | 'LUNCH' | 'LOGGED_IN' | 'LOGGED_OUT';

/** Assumption: logging in makes the agent READY (queues default to agent_auto_ready). */
const STATUS_AFTER: Readonly<Record<SettableStatus, AgentStatus>> = {
  READY: 'READY',
  NOT_READY: 'NOT_READY',
  WRAP_UP: 'WRAP_UP',
  BREAK: 'BREAK',
  LUNCH: 'LUNCH',
  LOGGED_IN: 'READY',
  LOGGED_OUT: 'LOGGED_OUT',
};

export const QUEUE_LIST: ListSpec<QueueRecord> = {
  fields: {
    id: { type: 'string', get: (q) => q.id },
    name: { type: 'string', get: (q) => q.name },
    extension_number: { type: 'string', get: (q) => q.extension_number },
    ring_time: { type: 'number', get: (q) => q.ring_time },
    polling_strategy: { type: 'string', get: (q) => q.polling_strategy },
  },
  searchIn: [
    { type: 'string', get: (q) => q.name },
    { type: 'string', get: (q) => q.extension_number },
  ],
};

export const queueSummary = (q: QueueRecord) => ({
  id: q.id,
  name: q.name,
  extension_number: q.extension_number,
  ring_time: q.ring_time,
  polling_strategy: q.polling_strategy,
});

/** The detail; settings the simulator does not model show the spec's defaults. */
export const queueDetail = (q: QueueRecord) => ({
  ...queueSummary(q),
  max_callers: q.max_callers,
  max_waiting_time: q.max_waiting_time,
  intro_type: 'DISABLE',
  wait_when_no_agents_online: false,
  inform_position: 'DISABLE',
  agent_auto_ready: true,
  agent_auto_not_ready_after_non_acd_call: true,
  sla_time: 0,
  enable_callback: false,
  outbound_caller_ids: [],
});

const agentView = (user: UserRecord, agent: AgentRecord) => ({ extension_number: user.extension_number, display_name: user.display_name, skill_level: agent.skill_level });

/** 22.3 removed BREAK and LUNCH from the agent statuses (not-ready codes replace them). */
const REMOVED_IN_223: ReadonlySet<string> = new Set(['BREAK', 'LUNCH']);

export function queueRoutes(app: SimApp, state: SimState, config: SimConfig): void {
  const find = (id: string): QueueRecord => {
    const queue = state.queues.get(id);
    if (!queue) throw notFound('call queue');
    return queue;
  };

  /** The queue, the user behind the extension and its agent entry (404 when it is not an agent). */
  const agentOf = (c: SimContext): { queue: QueueRecord; user: UserRecord; agent: AgentRecord } => {
    const extension = extensionParam(c, 'agent_number');
    const queue = find(param(c, 'id'));
    const user = state.userByExtension(extension);
    const agent = user && queue.agents.get(user.id);
    if (!user || !agent) throw notFound(`agent ${extension}`);
    return { queue, user, agent };
  };

  app.get('/api/call_queues', (c) => c.json(listPage((name) => c.req.query(name), () => state.queues, QUEUE_LIST, queueSummary)));

  app.get('/api/call_queues/:id', (c) => c.json(queueDetail(find(param(c, 'id')))));

  // Lifecycle. Bodies are checked against the spec before the route (required keys, enums).
  app.post('/api/call_queues', (c) => {
    requireAdmin(c);
    const body = bodyOf<QueueBody & { extension_number: string }>(c);
    if (!EXTENSION_PATTERN.test(body.extension_number)) throw invalid('extension_number must be 3 to 64 digits');
    if (state.extensionTaken(body.extension_number)) throw conflict(`extension ${body.extension_number} is already in use`);
    const id = state.newId();
    state.queues.set(id, {
      id,
      name: body.name ?? '',
      extension_number: body.extension_number,
      polling_strategy: body.polling_strategy ?? 'RING_SIMULTANEOUSLY',
      // The spec's defaults.
      ring_time: body.ring_time ?? 20,
      max_callers: body.max_callers ?? 10,
      max_waiting_time: body.max_waiting_time ?? 300,
      agents: new Map(),
      waiting: [],
    });
    return c.json({ id }, 200);
  });

  app.post('/api/call_queues/:id', (c) => {
    requireAdmin(c);
    const queue = find(param(c, 'id'));
    const body = bodyOf<QueueBody>(c);
    if (body.name !== undefined) queue.name = body.name;
    if (body.polling_strategy !== undefined) queue.polling_strategy = body.polling_strategy;
    if (body.ring_time !== undefined) queue.ring_time = body.ring_time;
    if (body.max_callers !== undefined) queue.max_callers = body.max_callers;
    if (body.max_waiting_time !== undefined) queue.max_waiting_time = body.max_waiting_time;
    return c.body(null, 200);
  });

  app.post('/api/call_queues/:id/destroy', (c) => {
    requireAdmin(c);
    state.queues.delete(find(param(c, 'id')).id);
    return c.body(null, 204);
  });

  app.get('/api/call_queues/:id/agents', (c) => {
    const queue = find(param(c, 'id'));
    const items = [...queue.agents].flatMap(([userId, agent]) => {
      const user = state.users.get(userId);
      return user ? [agentView(user, agent)] : [];
    });
    return c.json({ items });
  });

  app.post('/api/call_queues/:id/agents', (c) => {
    requireAdmin(c);
    const queue = find(param(c, 'id'));
    const { items } = bodyOf<AgentListBody>(c);
    if (items === undefined) throw invalid('items is required');
    const problems: string[] = [];
    const next = new Map<string, AgentRecord>();
    items.forEach(({ extension_number: extension, skill_level }, i) => {
      const user = extension !== undefined && EXTENSION_PATTERN.test(extension) ? state.userByExtension(extension) : undefined;
      if (!user) problems.push(`items[${i}].extension_number ${JSON.stringify(extension ?? null)} is not the extension of a user`);
      else if (next.has(user.id)) problems.push(`items[${i}].extension_number ${extension} is listed twice`);
      // Agents that stay keep their status; new ones start logged out. Assumption: a missing skill_level is the spec's default, 1.
      else next.set(user.id, { skill_level: skill_level ?? 1, status: queue.agents.get(user.id)?.status ?? 'LOGGED_OUT' });
    });
    if (problems.length) throw invalid(...problems);
    queue.agents = next;
    return c.body(null, 200);
  });

  app.get('/api/call_queues/:id/agents/:agent_number', (c) => {
    const { user, agent } = agentOf(c);
    return c.json({ ...agentView(user, agent), status: agent.status });
  });

  app.post('/api/call_queues/:id/agents/:agent_number', (c) => {
    const { user, agent } = agentOf(c);
    // Assumption: agents may change their own status; anyone else's needs an admin.
    const account = c.get('account');
    if (!isAdmin(account) && account.id !== user.id) throw forbidden();
    const { status } = bodyOf<{ status?: SettableStatus }>(c);
    if (status === undefined) throw invalid('status is required');
    if (config.apiVersion === '22.3' && REMOVED_IN_223.has(status)) throw invalid(`status ${status} was removed in 22.3 (use NOT_READY with a not-ready code)`);
    agent.status = STATUS_AFTER[status];
    agent.reason = null;
    return c.body(null, 200);
  });

  /**
   * The signed-in agent's own status. Not in the spec subset (its 22.3 body adds `reason`, which
   * the spec check would refuse), so the body is checked here: `reason` only on 22.3, only with
   * NOT_READY, and only a configured not-ready code.
   */
  app.post('/api/user/call_queues/:id/agent', (c) => {
    const account = c.get('account');
    const queue = find(param(c, 'id'));
    const agent = queue.agents.get(account.id);
    if (!agent) throw notFound(`agent ${account.extension_number}`);
    const body = bodyOf<Record<string, unknown>>(c) ?? {};
    const allowed = config.apiVersion === '22.3' ? ['status', 'reason'] : ['status'];
    const extra = Object.keys(body).filter((key) => !allowed.includes(key));
    if (extra.length) throw invalid(...extra.map((key) => `${key} is not a property of this request`));
    const { status, reason } = body as { status?: unknown; reason?: unknown };
    if (typeof status !== 'string' || !Object.hasOwn(STATUS_AFTER, status)) throw invalid(`status must be one of ${Object.keys(STATUS_AFTER).join(', ')}`);
    if (config.apiVersion === '22.3' && REMOVED_IN_223.has(status)) throw invalid(`status ${status} was removed in 22.3 (use NOT_READY with a not-ready code)`);
    if (reason !== undefined && reason !== null) {
      if (status !== 'NOT_READY') throw invalid('reason is only accepted with status NOT_READY');
      if (typeof reason !== 'string' || !state.notReadyCodes.some((r) => r.code === reason)) throw invalid(`reason ${JSON.stringify(reason)} is not a not-ready code`);
    }
    agent.status = STATUS_AFTER[status as SettableStatus];
    agent.reason = typeof reason === 'string' ? reason : null;
    return c.body(null, 200);
  });

  app.get('/api/call_queues/:id/waiting', (c) => c.json({ items: find(param(c, 'id')).waiting }));
}
