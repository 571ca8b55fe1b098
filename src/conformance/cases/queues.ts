import { isSupported } from '../../../core/capabilities.js';
import { isPbxError } from '../../../core/errors.js';
import type { UserRef } from '../../../core/inputs.js';
import { QueueMembershipSchema, QueueSchema, QueueStateSchema, type QueueMembership, type SettableAgentStatus, type User } from '../../../core/model.js';
import { assert, assertRejects, assertShape } from '../assert.js';
import type { ConformanceCase, ConformanceContext } from '../types.js';

const agentOf = (agents: readonly QueueMembership[], user: User): QueueMembership | undefined =>
  agents.find((a) => (a.userId !== undefined && a.userId === user.id) || (a.extension !== undefined && a.extension === user.extension));

async function firstQueueId(ctx: ConformanceContext): Promise<string> {
  const [queue] = await ctx.client.queues.list().toArray({ max: 1 });
  assert.ok(queue, 'the PBX must have a queue');
  return queue.id;
}

/** Users that are not agents of the queue. */
async function nonAgents(ctx: ConformanceContext, queueId: string, count: number): Promise<User[]> {
  const agents = await ctx.client.queues.agents(queueId).toArray();
  const users = await ctx.client.users.list({ pageSize: 50 }).toArray({ max: 60 });
  const found = users.filter((u) => !agentOf(agents, u)).slice(0, count);
  assert.equal(found.length, count, 'needs users that are not agents');
  return found;
}

/** An agent of the queue, as a user reference, adding one first when the queue has none. */
async function someAgent(ctx: ConformanceContext, queueId: string): Promise<{ ref: UserRef; find: (a: readonly QueueMembership[]) => QueueMembership | undefined }> {
  let agents = await ctx.client.queues.agents(queueId).toArray();
  if (agents.length === 0 && ctx.client.supports('queues.addAgent')) {
    const [user] = await nonAgents(ctx, queueId, 1);
    await ctx.client.queues.addAgent(queueId, user!);
    agents = await ctx.client.queues.agents(queueId).toArray();
  }
  const agent = agents[0];
  assert.ok(agent, 'the queue must have an agent');
  const ref: UserRef = agent.userId !== undefined ? { id: agent.userId } : { extension: agent.extension as string };
  const find = (list: readonly QueueMembership[]) =>
    list.find((a) => (agent.userId !== undefined ? a.userId === agent.userId : a.extension === agent.extension));
  return { ref, find };
}

export const queueCases: ConformanceCase[] = [
  {
    name: 'queues.list, queues.get and queues.agents return valid objects; an unknown queue is NotFoundError',
    needs: ['queues.list', 'queues.get', 'queues.agents'],
    async run(ctx) {
      const queues = await ctx.client.queues.list().toArray({ max: 10 });
      for (const queue of queues) assertShape(QueueSchema, queue, 'queue');
      const queueId = await firstQueueId(ctx);
      assert.equal((await ctx.client.queues.get(queueId)).id, queueId);
      for (const agent of await ctx.client.queues.agents(queueId).toArray()) {
        assertShape(QueueMembershipSchema, agent, 'agent');
        assert.equal(agent.queueId, queueId);
      }
      await assertRejects(() => ctx.client.queues.get(ctx.facts.missingId), 'NOT_FOUND', 'queues.get(missing)');
    },
  },
  {
    name: 'queues.addAgent and removeAgent are idempotent and visible in the agent list',
    needs: ['queues.list', 'queues.agents', 'queues.addAgent', 'queues.removeAgent', 'users.list'],
    async run(ctx) {
      const queueId = await firstQueueId(ctx);
      const [user] = await nonAgents(ctx, queueId, 1);
      await ctx.client.queues.addAgent(queueId, user!);
      assert.ok(agentOf(await ctx.client.queues.agents(queueId).toArray(), user!), 'the added agent is not listed');
      await ctx.client.queues.addAgent(queueId, user!);
      await ctx.client.queues.removeAgent(queueId, user!);
      assert.ok(!agentOf(await ctx.client.queues.agents(queueId).toArray(), user!), 'the removed agent is still listed');
      await ctx.client.queues.removeAgent(queueId, user!);
    },
  },
  {
    name: 'queues.addAgent: two concurrent additions both survive (or one fails with ConflictError)',
    needs: ['queues.list', 'queues.agents', 'queues.addAgent', 'users.list'],
    async run(ctx) {
      const queueId = await firstQueueId(ctx);
      const users = await nonAgents(ctx, queueId, 2);
      const results = await Promise.allSettled(users.map((u) => ctx.client.queues.addAgent(queueId, u)));
      const agents = await ctx.client.queues.agents(queueId).toArray();
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') assert.ok(agentOf(agents, users[i]!), `addition ${i} was lost silently`);
        else assert.ok(isPbxError(result.reason, 'CONFLICT'), `addition ${i} failed with ${String(result.reason)}`);
      });
    },
  },
  {
    name: 'queues.login and logout change the agent state',
    needs: ['queues.list', 'queues.agents', 'queues.login', 'queues.logout'],
    async run(ctx) {
      const queueId = await firstQueueId(ctx);
      const { ref, find } = await someAgent(ctx, queueId);
      await ctx.client.queues.login(queueId, ref);
      const inState = find(await ctx.client.queues.agents(queueId).toArray());
      assert.equal(inState?.loggedIn, true, `after login: ${JSON.stringify(inState?.status)}`);
      await ctx.client.queues.logout(queueId, ref);
      const outState = find(await ctx.client.queues.agents(queueId).toArray());
      assert.equal(outState?.loggedIn, false, 'after logout');
      assert.ok(outState && ['logged_out', 'offline'].includes(outState.status), `status after logout: ${outState?.status}`);
    },
  },
  {
    name: 'queues.setStatus sets every status the vendor accepts',
    needs: ['queues.list', 'queues.agents', 'queues.setStatus'],
    async run(ctx) {
      const queueId = await firstQueueId(ctx);
      const { ref, find } = await someAgent(ctx, queueId);
      const capability = ctx.client.capabilities['queues.setStatus'];
      const values = (isSupported(capability) ? capability.values : undefined) ?? ['ready', 'not_ready'];
      if (ctx.client.supports('queues.login')) await ctx.client.queues.login(queueId, ref);
      for (const status of values as SettableAgentStatus[]) {
        await ctx.client.queues.setStatus(queueId, ref, status);
        assert.equal(find(await ctx.client.queues.agents(queueId).toArray())?.status, status, `after setStatus(${status})`);
      }
    },
  },
  {
    name: 'queues.state reports the agents of the queue',
    needs: ['queues.list', 'queues.state'],
    async run(ctx) {
      const queueId = await firstQueueId(ctx);
      const state = assertShape(QueueStateSchema, await ctx.client.queues.state(queueId), 'queue state');
      assert.equal(state.queueId, queueId);
      for (const agent of state.agents) assert.equal(agent.queueId, queueId);
    },
  },
];
