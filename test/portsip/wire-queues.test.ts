/**
 * PortSIP call queues on the wire: list/get, agents (list + one GET per agent for its
 * status), addAgent/removeAgent as a verified read-modify-write of the whole agent list,
 * login/logout/setStatus (`POST …/agents/{extension} {status}`), and the live state.
 */
import { describe, expect, it, vi } from 'vitest';
import { ConflictError } from '../../core/errors.js';
import { fixture, idOf } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const QUEUE = idOf('queue-detail.json');
const Q = `/api/call_queues/${QUEUE}`;
const ALICE = idOf('user-detail.json');
const CAROL_USER = fixture('users-list-page2.json').items[0];

describe('queues.list / queues.get', () => {
  it('GET /api/call_queues?skip=0&top=100', async () => {
    const wire = new WireMock().signIn().get('/api/call_queues', { query: { skip: '0', top: '100' }, fixture: 'queue-list.json' });
    const page = await portsipClient().queues.list().page();
    wire.done();
    expect(page.items.map((q) => [q.name, q.extension, q.strategy])).toEqual([
      ['Support Queue', '8001', 'RING_SIMULTANEOUSLY'],
      ['Sales Queue', '8002', 'LEAST_WORKED_HUNT'],
    ]);
    expect(page.total).toBe(2);
  });

  it('pages with skip/top', async () => {
    const list = fixture('queue-list.json');
    const wire = new WireMock()
      .signIn()
      .get('/api/call_queues', { query: { skip: '0', top: '1' }, reply: { count: 2, items: [list.items[0]] } })
      .get('/api/call_queues', { query: { skip: '1', top: '1' }, reply: { count: 2, items: [list.items[1]] } });
    expect((await portsipClient().queues.list({ pageSize: 1 }).toArray()).map((q) => q.extension)).toEqual(['8001', '8002']);
    wire.done();
  });

  it('GET /api/call_queues/{id}', async () => {
    const wire = new WireMock().signIn().get(Q, { fixture: 'queue-detail.json' });
    const queue = await portsipClient().queues.get(QUEUE);
    wire.done();
    expect(queue).toMatchObject({ id: QUEUE, name: 'Support Queue', extension: '8001', strategy: 'RING_SIMULTANEOUSLY', vendor: 'portsip' });
    expect(queue.raw['max_waiting_time']).toBe(300);
  });
});

describe('queues.agents before 22.3: GET …/agents, then GET …/agents/{extension} per agent', () => {
  it('merges the list with each agent state (the PBX reports 22.0 in GET /api/tenant/status)', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .get('/api/tenant/status', { reply: { version: '22.0.6' } })
      .get(`${Q}/agents/101`, { fixture: 'queue-agent-ready.json' })
      .get(`${Q}/agents/102`, { fixture: 'queue-agent-break.json' });
    const agents = await portsipClient().queues.agents(QUEUE).toArray();
    wire.done();
    expect(agents).toEqual([
      expect.objectContaining({ queueId: QUEUE, extension: '101', displayName: 'Alice Andersson', skillLevel: 1, status: 'ready', loggedIn: true }),
      expect.objectContaining({ queueId: QUEUE, extension: '102', displayName: 'Bob', skillLevel: 5, status: 'not_ready', loggedIn: true }),
    ]);
    expect(agents[1]?.raw['status']).toBe('BREAK');
  });

  it('skips an agent removed between the two reads (its GET answers 404)', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .get(`${Q}/agents/101`, { fixture: 'queue-agent-ready.json' })
      .get(`${Q}/agents/102`, { status: 404, fixture: 'error-not-found.json' });
    const agents = await portsipClient({ apiVersion: '22.0' }).queues.agents(QUEUE).toArray();
    wire.done();
    expect(agents.map((a) => a.extension)).toEqual(['101']);
  });
});

const AGENTS_BEFORE = [
  { extension_number: '101', skill_level: 1 },
  { extension_number: '102', skill_level: 5 },
];

describe('queues.addAgent / removeAgent: read, write the whole list, verify', () => {
  it('adds one agent: GET list, POST {items} = list + the new agent, GET to verify', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .post(`${Q}/agents`, { body: { items: [...AGENTS_BEFORE, { extension_number: '103', skill_level: 3 }] }, status: 200 })
      .get(`${Q}/agents`, { fixture: 'queue-agents-with-103.json' });
    await portsipClient().queues.addAgent(QUEUE, { extension: '103' }, { skillLevel: 3 });
    wire.done();
  });

  it('without a skill level the new item carries none (PortSIP defaults it)', async () => {
    const withoutSkill = { items: [...fixture('queue-agents.json').items, { extension_number: '103', display_name: 'Carol Carlsson' }] };
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .post(`${Q}/agents`, { body: { items: [...AGENTS_BEFORE, { extension_number: '103' }] }, status: 200 })
      .get(`${Q}/agents`, { reply: withoutSkill });
    await portsipClient().queues.addAgent(QUEUE, { extension: '103' });
    wire.done();
  });

  it('by user id: GET the user for its extension first', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`/api/users/${CAROL_USER.id}`, { reply: CAROL_USER })
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .post(`${Q}/agents`, { body: { items: [...AGENTS_BEFORE, { extension_number: '103', skill_level: 3 }] }, status: 200 })
      .get(`${Q}/agents`, { fixture: 'queue-agents-with-103.json' });
    await portsipClient().queues.addAgent(QUEUE, { id: CAROL_USER.id }, { skillLevel: 3 });
    wire.done();
  });

  it('an agent already there (same skill) is a no-op: one GET, no write', async () => {
    const wire = new WireMock().signIn().get(`${Q}/agents`, { fixture: 'queue-agents.json' });
    await portsipClient().queues.addAgent(QUEUE, { extension: '102' }, { skillLevel: 5 });
    wire.done();
  });

  it('an agent already there with another skill level is rewritten in place', async () => {
    const after = { items: [fixture('queue-agents.json').items[0], { extension_number: '102', display_name: 'Bob', skill_level: 9 }] };
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .post(`${Q}/agents`, { body: { items: [AGENTS_BEFORE[0], { extension_number: '102', skill_level: 9 }] }, status: 200 })
      .get(`${Q}/agents`, { reply: after });
    await portsipClient().queues.addAgent(QUEUE, { extension: '102' }, { skillLevel: 9 });
    wire.done();
  });

  it('a concurrent writer overwrote the change: it is written again from the fresh read', async () => {
    const wanted = { items: [...AGENTS_BEFORE, { extension_number: '103', skill_level: 3 }] };
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .post(`${Q}/agents`, { body: wanted, status: 200 })
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' }) // lost
      .post(`${Q}/agents`, { body: wanted, status: 200 })
      .get(`${Q}/agents`, { fixture: 'queue-agents-with-103.json' });
    await portsipClient().queues.addAgent(QUEUE, { extension: '103' }, { skillLevel: 3 });
    wire.done();
  });

  it('a change lost on every attempt -> ConflictError after 4 verified writes', async () => {
    const wire = new WireMock().signIn().get(`${Q}/agents`, { fixture: 'queue-agents.json' });
    for (let i = 0; i < 4; i++) {
      wire.post(`${Q}/agents`, { body: { items: [...AGENTS_BEFORE, { extension_number: '103' }] }, status: 200 }).get(`${Q}/agents`, { fixture: 'queue-agents.json' });
    }
    const error = await rejection(portsipClient().queues.addAgent(QUEUE, { extension: '103' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ operation: 'queues.addAgent', retryable: true });
    wire.done();
  });

  it('clients of two PBXs do not wait on each other for the same queue id (the lock key includes the base URL)', async () => {
    const script = (wire: WireMock, delayMs?: number) =>
      wire
        .signIn()
        .get(`${Q}/agents`, { fixture: 'queue-agents.json', ...(delayMs ? { delayMs } : {}) })
        .post(`${Q}/agents`, { body: { items: [...AGENTS_BEFORE, { extension_number: '103', skill_level: 3 }] }, status: 200 })
        .get(`${Q}/agents`, { fixture: 'queue-agents-with-103.json' });
    const OTHER = 'https://pbx-other.test:8887';
    const slow = script(new WireMock(), 400);
    const fast = script(new WireMock(OTHER));
    const finished: string[] = [];
    const first = portsipClient().queues.addAgent(QUEUE, { extension: '103' }, { skillLevel: 3 }).then(() => finished.push('slow PBX'));
    // The slow PBX's client holds its lock: its read is in flight.
    await vi.waitFor(() => expect(slow.count('GET', `${Q}/agents`)).toBe(1));
    await portsipClient({ baseUrl: OTHER }).queues.addAgent(QUEUE, { extension: '103' }, { skillLevel: 3 });
    finished.push('other PBX');
    await first;
    expect(finished).toEqual(['other PBX', 'slow PBX']);
    slow.done();
    fast.done();
  });

  it('removes one agent: GET list, POST {items} without it, GET to verify', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .post(`${Q}/agents`, { body: { items: [AGENTS_BEFORE[0]] }, status: 200 })
      .get(`${Q}/agents`, { fixture: 'queue-agents-without-102.json' });
    await portsipClient().queues.removeAgent(QUEUE, { extension: '102' });
    wire.done();
  });

  it('removing the last agent writes an empty list', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents-without-102.json' })
      .post(`${Q}/agents`, { body: { items: [] }, status: 200 })
      .get(`${Q}/agents`, { reply: { items: [] } });
    await portsipClient().queues.removeAgent(QUEUE, { extension: '101' });
    wire.done();
  });

  it('removing a non-agent is a no-op: one GET, no write', async () => {
    const wire = new WireMock().signIn().get(`${Q}/agents`, { fixture: 'queue-agents.json' });
    await portsipClient().queues.removeAgent(QUEUE, { extension: '109' });
    wire.done();
  });
});

describe('queues.login / logout / setStatus: POST …/agents/{extension} {status}', () => {
  it('login -> LOGGED_IN, logout -> LOGGED_OUT', async () => {
    const wire = new WireMock()
      .signIn()
      .post(`${Q}/agents/101`, { body: { status: 'LOGGED_IN' }, status: 200 })
      .post(`${Q}/agents/101`, { body: { status: 'LOGGED_OUT' }, status: 200 });
    const client = portsipClient();
    await client.queues.login(QUEUE, { extension: '101' });
    await client.queues.logout(QUEUE, { extension: '101' });
    wire.done();
  });

  it.each([
    ['ready', 'READY'],
    ['not_ready', 'NOT_READY'],
    ['wrap_up', 'WRAP_UP'],
    ['logged_out', 'LOGGED_OUT'],
  ] as const)('setStatus %s -> %s', async (status, wireStatus) => {
    const wire = new WireMock().signIn().post(`${Q}/agents/101`, { body: { status: wireStatus }, status: 200 });
    await portsipClient().queues.setStatus(QUEUE, { extension: '101' }, status);
    wire.done();
  });

  it('by user id: GET the user first', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`/api/users/${ALICE}`, { fixture: 'user-detail.json' })
      .post(`${Q}/agents/101`, { body: { status: 'LOGGED_IN' }, status: 200 });
    await portsipClient().queues.login(QUEUE, { id: ALICE });
    wire.done();
  });

  it('refuses a status that cannot be set before sending anything', async () => {
    const wire = new WireMock();
    const error = await rejection(portsipClient().queues.setStatus(QUEUE, { extension: '101' }, 'busy' as never));
    expect(error.code).toBe('VALIDATION_FAILED');
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });
});

describe('queues.state: agents with statuses + GET …/waiting', () => {
  it('counts waiting callers and the longest wait', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .get(`${Q}/agents/101`, { fixture: 'queue-agent-ready.json' })
      .get(`${Q}/agents/102`, { fixture: 'queue-agent-break.json' })
      .get(`${Q}/waiting`, { fixture: 'queue-waiting.json' });
    const state = await portsipClient({ apiVersion: '22.0' }).queues.state(QUEUE);
    wire.done();
    expect(state).toMatchObject({ queueId: QUEUE, waitingCallers: 2, longestWaitSeconds: 95 });
    expect(state.agents.map((a) => [a.extension, a.status])).toEqual([
      ['101', 'ready'],
      ['102', 'not_ready'],
    ]);
    expect((state.raw['waiting'] as unknown[]).length).toBe(2);
  });

  it('an empty queue has no longest wait', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { reply: { items: [] } })
      .get(`${Q}/waiting`, { fixture: 'queue-waiting-empty.json' });
    const state = await portsipClient().queues.state(QUEUE);
    wire.done();
    expect(state).toEqual({ queueId: QUEUE, waitingCallers: 0, agents: [], raw: { waiting: [] } });
  });
});
