/**
 * PortSIP 22.3 additions on the wire, and the version detection that chooses them:
 * `GET /api/tenant/status` once per client, the 22.3 endpoint's 404 as the fallback signal,
 * or the `apiVersion` option. The 22.3 endpoints have no published schema (`spec: false`);
 * their shapes are the assumptions of adapters/portsip/wire-v223.ts.
 */
import { describe, expect, it } from 'vitest';
import { idOf } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const QUEUE = idOf('queue-detail.json');
const Q = `/api/call_queues/${QUEUE}`;
const GET_MANY = `${Q}/agents/status/get_many`;
const BULK_REPLY = {
  items: [
    { extension_number: '101', display_name: 'Alice Andersson', skill_level: 1, status: 'READY', reason: null },
    { extension_number: '102', display_name: 'Bob', skill_level: 5, status: 'NOT_READY', reason: 'LUNCH_BREAK' },
  ],
};

describe('queues.agents on 22.3: GET …/agents + one POST …/agents/status/get_many', () => {
  it('detects 22.3 once (GET /api/tenant/status), then asks for every listed agent in one request', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .get('/api/tenant/status', { reply: { version: '22.3.0' } })
      .post(GET_MANY, { body: { extension_numbers: ['101', '102'] }, reply: BULK_REPLY, spec: false })
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .post(GET_MANY, { body: { extension_numbers: ['101', '102'] }, reply: BULK_REPLY, spec: false });
    const client = portsipClient();
    const agents = await client.queues.agents(QUEUE).toArray();
    expect(agents).toEqual([
      expect.objectContaining({ extension: '101', status: 'ready', loggedIn: true, skillLevel: 1 }),
      expect.objectContaining({ extension: '102', status: 'not_ready', statusReason: 'LUNCH_BREAK', loggedIn: true, skillLevel: 5 }),
    ]);
    expect(agents[0]).not.toHaveProperty('statusReason');
    expect(agents[1]?.raw['reason']).toBe('LUNCH_BREAK');
    // The second call does not probe again.
    expect((await client.queues.agents(QUEUE).toArray()).map((a) => a.status)).toEqual(['ready', 'not_ready']);
    wire.done();
  });

  it('apiVersion: "22.3" skips the detection', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .post(GET_MANY, { body: { extension_numbers: ['101', '102'] }, reply: BULK_REPLY, spec: false });
    await portsipClient({ apiVersion: '22.3' }).queues.agents(QUEUE).toArray();
    wire.done();
  });

  it('an agent missing from the bulk reply was removed between the reads and is left out', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .post(GET_MANY, { body: { extension_numbers: ['101', '102'] }, reply: { items: [BULK_REPLY.items[1]] }, spec: false });
    expect((await portsipClient({ apiVersion: '22.3' }).queues.agents(QUEUE).toArray()).map((a) => a.extension)).toEqual(['102']);
    wire.done();
  });

  it('asks for at most 100 agents per request', async () => {
    const items = Array.from({ length: 150 }, (_, i) => ({ extension_number: String(1000 + i), display_name: `Agent ${i}`, skill_level: 1 }));
    const status = (extensions: string[]) => ({ items: extensions.map((e) => ({ extension_number: e, status: 'READY' })) });
    const first = items.slice(0, 100).map((a) => a.extension_number);
    const second = items.slice(100).map((a) => a.extension_number);
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { reply: { items } })
      .post(GET_MANY, { body: { extension_numbers: first }, reply: status(first), spec: false })
      .post(GET_MANY, { body: { extension_numbers: second }, reply: status(second), spec: false });
    const agents = await portsipClient({ apiVersion: '22.3' }).queues.agents(QUEUE).toArray();
    wire.done();
    expect(agents).toHaveLength(150);
    expect(wire.requests).toHaveLength(4);
  });

  it('an empty queue needs no status request and no detection', async () => {
    const wire = new WireMock().signIn().get(`${Q}/agents`, { reply: { items: [] } });
    expect(await portsipClient().queues.agents(QUEUE).toArray()).toEqual([]);
    wire.done();
  });
});

describe('version detection fallbacks', () => {
  it('tenant/status forbidden: tries get_many; its 404 means pre-22.3, cached for the client', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .get('/api/tenant/status', { status: 403, fixture: 'error-forbidden.json' })
      .post(GET_MANY, { body: { extension_numbers: ['101', '102'] }, status: 404, fixture: 'error-not-found.json', spec: false })
      .get(`${Q}/agents/101`, { fixture: 'queue-agent-ready.json' })
      .get(`${Q}/agents/102`, { fixture: 'queue-agent-break.json' })
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .get(`${Q}/agents/101`, { fixture: 'queue-agent-ready.json' })
      .get(`${Q}/agents/102`, { fixture: 'queue-agent-break.json' });
    const client = portsipClient();
    expect((await client.queues.agents(QUEUE).toArray()).map((a) => a.status)).toEqual(['ready', 'not_ready']);
    expect((await client.queues.agents(QUEUE).toArray()).map((a) => a.status)).toEqual(['ready', 'not_ready']);
    wire.done();
  });

  it('a version without major.minor is tried as 22.3', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .get('/api/tenant/status', { reply: { version: null } })
      .post(GET_MANY, { body: { extension_numbers: ['101', '102'] }, reply: BULK_REPLY, spec: false });
    expect(await portsipClient().queues.agents(QUEUE).toArray()).toHaveLength(2);
    wire.done();
  });

  it('a detection failure other than 403/404 fails the call and is not cached', async () => {
    const wire = new WireMock()
      .signIn()
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .get('/api/tenant/status', { status: 400, fixture: 'error-validate-failed.json' })
      .get(`${Q}/agents`, { fixture: 'queue-agents.json' })
      .get('/api/tenant/status', { reply: { version: '22.3.1' } })
      .post(GET_MANY, { body: { extension_numbers: ['101', '102'] }, reply: BULK_REPLY, spec: false });
    const client = portsipClient();
    expect((await rejection(client.queues.agents(QUEUE).toArray())).code).toBe('VALIDATION_FAILED');
    expect(await client.queues.agents(QUEUE).toArray()).toHaveLength(2);
    wire.done();
  });
});

describe('not-ready reasons (22.3)', () => {
  const SELF = 'NzA1MDAwMDAwMDAwMDAwMDAx'; // user-self.json: extension 100
  const CODES = { count: 2, items: [{ id: 'nrc1', code: 'LUNCH', description: 'Lunch' }, { id: 'nrc2', code: 'TRAINING', description: null }] };

  it('queues.notReadyReasons: GET /api/not_ready_codes?skip=0&top=100', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/tenant/status', { reply: { version: '22.3.0' } })
      .get('/api/not_ready_codes', { query: { skip: '0', top: '100' }, reply: CODES, spec: false });
    const reasons = await portsipClient().queues.notReadyReasons().toArray();
    wire.done();
    expect(reasons).toEqual([
      { code: 'LUNCH', id: 'nrc1', description: 'Lunch', vendor: 'portsip', raw: CODES.items[0] },
      { code: 'TRAINING', id: 'nrc2', vendor: 'portsip', raw: CODES.items[1] },
    ]);
  });

  it('on a 22.0 PBX: UnsupportedOperationError naming 22.3, after the version probe only', async () => {
    const wire = new WireMock().signIn().get('/api/tenant/status', { reply: { version: '22.0.6' } });
    const error = await rejection(portsipClient().queues.notReadyReasons().toArray());
    wire.done();
    expect(error).toMatchObject({ code: 'UNSUPPORTED_OPERATION', operation: 'queues.notReadyReasons' });
    expect(String((error as Error).message)).toMatch(/22\.3/);
  });

  it('a 404 of the list (version unknown) means pre-22.3: UnsupportedOperationError', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/tenant/status', { status: 404, fixture: 'error-not-found.json' })
      .get('/api/not_ready_codes', { query: { skip: '0', top: '100' }, status: 404, fixture: 'error-not-found.json', spec: false });
    expect((await rejection(portsipClient().queues.notReadyReasons().toArray())).code).toBe('UNSUPPORTED_OPERATION');
    wire.done();
  });

  it('setStatus(…, "not_ready", { reason }) for the signed-in agent: GET /api/user once, POST /api/user/call_queues/{id}/agent', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/user', { fixture: 'user-self.json' })
      .post(`/api/user/call_queues/${QUEUE}/agent`, { body: { status: 'NOT_READY', reason: 'LUNCH' }, spec: false, status: 200 })
      .post(`/api/user/call_queues/${QUEUE}/agent`, { body: { status: 'NOT_READY', reason: 'TRAINING' }, spec: false, status: 200 });
    const client = portsipClient({ apiVersion: '22.3' });
    await client.queues.setStatus(QUEUE, { extension: '100' }, 'not_ready', { reason: 'LUNCH' });
    await client.queues.setStatus(QUEUE, { id: SELF }, 'not_ready', { reason: 'TRAINING' });
    wire.done();
  });

  it('a reason for another agent is refused before anything is sent about it', async () => {
    const wire = new WireMock().signIn().get('/api/user', { fixture: 'user-self.json' });
    const error = await rejection(portsipClient({ apiVersion: '22.3' }).queues.setStatus(QUEUE, { extension: '101' }, 'not_ready', { reason: 'LUNCH' }));
    wire.done();
    expect(error).toMatchObject({ code: 'UNSUPPORTED_OPERATION', operation: 'queues.setStatus' });
    expect(String((error as Error).message)).toMatch(/only from the agent itself/);
  });

  it('a reason with another status is a ValidationError; nothing is sent', async () => {
    const wire = new WireMock();
    const error = await rejection(portsipClient().queues.setStatus(QUEUE, { extension: '100' }, 'ready', { reason: 'LUNCH' }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });

  it('without a reason, setStatus is unchanged: POST …/agents/{ext} {status}', async () => {
    const wire = new WireMock().signIn().post(`${Q}/agents/101`, { body: { status: 'NOT_READY' }, status: 200 });
    await portsipClient().queues.setStatus(QUEUE, { extension: '101' }, 'not_ready');
    wire.done();
  });
});

describe('users.presence', () => {
  const STATUS = {
    status: 'ONLINE',
    presence: 'AWAY',
    presence_note: 'Back at 2',
    registration: [{ instance_id: 'i1', user_agent: 'PortSIP UC', application: 'UC', ip: '10.0.0.5', enable_push: true, contact_address: 'sip:101@10.0.0.5:5060' }],
    enable_dnd: false,
    enable_acb: false,
  };

  it('22.3: one POST /api/users/status/get_many {ids}; results in the order asked, unknown ids left out', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/tenant/status', { reply: { version: '22.3.0' } })
      .post('/api/users/status/get_many', {
        body: { ids: ['u1', 'u2', 'nobody'] },
        reply: { items: [{ id: 'u2', status: 'OTHER_CALL', presence: 'OTHER_CALL', registration: [], enable_dnd: false }, { id: 'u1', ...STATUS }] },
        spec: false,
      });
    const presence = await portsipClient().users.presence(['u1', 'u2', 'nobody']);
    wire.done();
    expect(presence).toEqual([
      {
        userId: 'u1',
        state: 'away',
        note: 'Back at 2',
        dnd: false,
        registeredDevices: 1,
        registrations: [{ userAgent: 'PortSIP UC', application: 'UC', ip: '10.0.0.5', contact: 'sip:101@10.0.0.5:5060' }],
        vendor: 'portsip',
        raw: { id: 'u1', ...STATUS },
      },
      expect.objectContaining({ userId: 'u2', state: 'busy', registeredDevices: 0 }),
    ]);
  });

  it('before 22.3: GET /api/users/{id}/status per user; a 404 leaves the user out', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/users/u1/status', { reply: { ...STATUS, presence: 'DO_NOT_DISTURB' } })
      .get('/api/users/u2/status', { status: 404, fixture: 'error-not-found.json' })
      .get('/api/users/u3/status', { reply: { status: 'OFFLINE', presence: 'AVAILABLE', registration: [], enable_dnd: true } });
    const presence = await portsipClient({ apiVersion: '22.0' }).users.presence(['u1', 'u2', 'u3']);
    wire.done();
    expect(presence.map((p) => [p.userId, p.state, p.dnd])).toEqual([
      ['u1', 'dnd', false],
      ['u3', 'offline', true],
    ]);
  });

  it('22.3 detected but the bulk endpoint answers 404: falls back to per-user GETs and remembers', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/tenant/status', { status: 403, fixture: 'error-forbidden.json' })
      .post('/api/users/status/get_many', { body: { ids: ['u1'] }, status: 404, fixture: 'error-not-found.json', spec: false })
      .get('/api/users/u1/status', { reply: STATUS })
      .get('/api/users/u1/status', { reply: { ...STATUS, status: 'ON_CALL', presence: 'ON_CALL' } });
    const client = portsipClient();
    expect((await client.users.presence(['u1']))[0]?.state).toBe('away');
    expect((await client.users.presence(['u1']))[0]?.state).toBe('busy');
    wire.done();
  });

  it('bad input is refused before anything is sent', async () => {
    const wire = new WireMock();
    const client = portsipClient();
    for (const ids of [[], ['a', 'a'], 'u1', [''], Array.from({ length: 1001 }, (_, i) => `u${i}`)]) {
      expect(await rejection(client.users.presence(ids as string[]))).toMatchObject({ code: 'VALIDATION_FAILED', operation: 'users.presence' });
    }
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });
});
