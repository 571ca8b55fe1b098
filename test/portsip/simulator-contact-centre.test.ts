/** The contact-centre operations end to end against the PortSIP simulator, as 22.3 and as 22.0. */
import { describe, expect, it } from 'vitest';
import { createPortSip, type PortSipOptions } from '../../adapters/portsip/index.js';
import { createPortSipSimulator, type PortSipSimulator, type PortSipSimulatorOptions } from '../../adapters/portsip/simulator/index.js';
import type { PbxClient } from '../../core/client.js';

const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };

function setup(options: PortSipSimulatorOptions & { seed?: number } = {}, clientOptions: Partial<PortSipOptions> = {}): { sim: PortSipSimulator; client: PbxClient } {
  const sim = createPortSipSimulator({ seed: 7, users: 60, cdrs: 300, ...options });
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => sim.app.fetch(new Request(input, init))) as typeof globalThis.fetch;
  const client = createPortSip({ baseUrl: 'http://pbx.test', credentials: sim.credentials, fetch, retry: FAST_RETRY, ...clientOptions });
  return { sim, client };
}

/** Requests the simulator received since `from`, as `METHOD path` without the queue id. */
const since = (sim: PortSipSimulator, from: number): string[] => sim.requests.slice(from).map((r) => `${r.method} ${r.path}`);

describe('queues.agents: bulk status on 22.3, one GET per agent on 22.0', () => {
  it('both generations report the same agents and statuses; 22.3 needs 2 requests per queue instead of 1 + N', async () => {
    const v223 = setup();
    const v220 = setup({ apiVersion: '22.0' });
    const queues = await v223.client.queues.list().toArray();
    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) {
      const before = [v223.sim.requests.length, v220.sim.requests.length] as const;
      const bulk = await v223.client.queues.agents(queue.id).toArray();
      const single = await v220.client.queues.agents(queue.id).toArray();
      expect(bulk.map(({ raw: _r, ...a }) => a)).toEqual(single.map(({ raw: _r, ...a }) => a));
      const probe = queue === queues[0] ? 1 : 0; // GET /api/tenant/status, once per client
      expect(since(v223.sim, before[0])).toHaveLength(2 + probe);
      expect(since(v223.sim, before[0]).filter((r) => r.endsWith('/agents/status/get_many'))).toHaveLength(1);
      // Signing in happened before the first list on both; 22.0: the list + one GET per agent.
      expect(since(v220.sim, before[1]).filter((r) => !r.includes('/auth/'))).toHaveLength(1 + single.length + probe);
    }
  });

  it('a status change is visible through the bulk endpoint', async () => {
    const { client } = setup();
    const [queue] = await client.queues.list().toArray({ max: 1 });
    const [agent] = await client.queues.agents(queue!.id).toArray();
    await client.queues.setStatus(queue!.id, { extension: agent!.extension! }, 'wrap_up');
    expect((await client.queues.agents(queue!.id).toArray()).find((a) => a.extension === agent!.extension)).toMatchObject({ status: 'wrap_up', loggedIn: true });
  });

  it('a 22.0 simulator answers the 22.3 endpoint 404 and reports 22.0 in tenant/status', async () => {
    const client = setup({ apiVersion: '22.0' }, { apiVersion: '22.3' });
    const [queue] = await client.client.queues.list().toArray({ max: 1 });
    // Forced to 22.3, the adapter still falls back when the endpoint is missing.
    const agents = await client.client.queues.agents(queue!.id).toArray();
    expect(agents.length).toBeGreaterThan(0);
    expect(since(client.sim, 0).filter((r) => r.endsWith('/get_many'))).toHaveLength(1);
    const status = await client.client.raw.request('GET', 'tenant/status');
    expect(status.body).toMatchObject({ version: '22.0.6' });
  });
});

describe('not-ready reasons', () => {
  it('lists the codes; the signed-in agent goes not ready with one, which queues.agents reports until the next status', async () => {
    const { client } = setup();
    const reasons = await client.queues.notReadyReasons().toArray();
    expect(reasons.map((r) => r.code)).toEqual(['BREAK', 'LUNCH', 'MEETING', 'TRAINING', 'ADMIN']);
    const me = await client.whoami();
    const [queue] = await client.queues.list().toArray({ max: 1 });
    await client.queues.addAgent(queue!.id, me);
    await client.queues.setStatus(queue!.id, me, 'not_ready', { reason: 'LUNCH' });
    const mine = async () => (await client.queues.agents(queue!.id).toArray()).find((a) => a.extension === me.extension);
    expect(await mine()).toMatchObject({ status: 'not_ready', statusReason: 'LUNCH' });
    await client.queues.setStatus(queue!.id, me, 'ready');
    expect(await mine()).not.toHaveProperty('statusReason');
    await expect(client.queues.setStatus(queue!.id, me, 'not_ready', { reason: 'NO_SUCH_CODE' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('a 22.0 PBX has none: UnsupportedOperationError', async () => {
    const { client } = setup({ apiVersion: '22.0' });
    await expect(client.queues.notReadyReasons().toArray()).rejects.toMatchObject({ code: 'UNSUPPORTED_OPERATION' });
    const me = await client.whoami();
    const [queue] = await client.queues.list().toArray({ max: 1 });
    await expect(client.queues.setStatus(queue!.id, me, 'not_ready', { reason: 'LUNCH' })).rejects.toMatchObject({ code: 'UNSUPPORTED_OPERATION' });
  });
});

describe('users.presence', () => {
  it('22.3 (bulk) and 22.0 (per user) report the same presence; 22.3 needs 1 request per 100 users', async () => {
    const v223 = setup();
    const v220 = setup({ apiVersion: '22.0' });
    const ids = (await v223.client.users.list().toArray()).map((u) => u.id);
    const [before223, before220] = [v223.sim.requests.length, v220.sim.requests.length];
    const bulk = await v223.client.users.presence([...ids, 'no-such-user']);
    const single = await v220.client.users.presence([...ids, 'no-such-user']);
    expect(bulk.map(({ raw: _r, ...p }) => p)).toEqual(single.map(({ raw: _r, ...p }) => p));
    expect(bulk.map((p) => p.userId)).toEqual(ids);
    expect(new Set(bulk.map((p) => p.state))).toEqual(new Set(['available', 'busy', 'away', 'dnd', 'offline']));
    expect(bulk.every((p) => p.registeredDevices === (p.state === 'offline' ? 0 : p.registrations?.length))).toBe(true);
    // 60 users + one unknown: 1 bulk request (+1 version probe) against 61 GETs (+1 probe).
    expect(v223.sim.requests.length - before223).toBe(2);
    expect(since(v220.sim, before220).filter((r) => !r.includes('/auth/'))).toHaveLength(62);
  });

  it('a standard user may read its own presence but not the bulk one', async () => {
    const sim = createPortSipSimulator({ seed: 7, users: 60, cdrs: 300 });
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => sim.app.fetch(new Request(input, init))) as typeof globalThis.fetch;
    const client = createPortSip({ baseUrl: 'http://pbx.test', credentials: sim.standardUser, fetch, retry: FAST_RETRY, apiVersion: '22.0' });
    const me = await client.whoami();
    expect((await client.users.presence([me.id]))[0]?.userId).toBe(me.id);
    const other = createPortSip({ baseUrl: 'http://pbx.test', credentials: sim.standardUser, fetch, retry: FAST_RETRY, apiVersion: '22.3' });
    await expect(other.users.presence([me.id])).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});

describe('roles', () => {
  it('lists the built-in roles; users.update({ role }) changes a user role, an unknown one is refused', async () => {
    const { client } = setup();
    const roles = await client.roles.list().toArray();
    expect(roles.map((r) => r.name)).toEqual(['Admin', 'QueueManager', 'StandardUser', 'StandardInternationalUser']);
    const [, user] = await client.users.list().toArray({ max: 2 });
    expect((await client.users.update(user!.id, { role: 'QueueManager', department: 'Support' })).role).toBe('QueueManager');
    expect((await client.users.get(user!.id)).role).toBe('QueueManager');
    await expect(client.users.update(user!.id, { role: 'Wizard' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('queue lifecycle', () => {
  it('create, update, delete; a taken extension is a conflict; a strategy PortSIP does not know is refused', async () => {
    const { client } = setup();
    const queue = await client.queues.create({ name: 'Escalations', extension: '8100', strategy: 'CYCLIC_HUNT', ringTimeSeconds: 25 });
    expect(queue).toMatchObject({ name: 'Escalations', extension: '8100', strategy: 'CYCLIC_HUNT' });
    expect(queue.raw['ring_time']).toBe(25);
    expect((await client.queues.list().toArray()).map((q) => q.id)).toContain(queue.id);
    await expect(client.queues.create({ name: 'Again', extension: '8100' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(client.queues.create({ name: 'Odd', extension: '8101', strategy: 'RANDOM' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const updated = await client.queues.update(queue.id, { name: 'Escalations (EN)', maxWaitSeconds: 120 });
    expect(updated).toMatchObject({ id: queue.id, name: 'Escalations (EN)', strategy: 'CYCLIC_HUNT' });
    expect(updated.raw['max_waiting_time']).toBe(120);
    await client.queues.delete(queue.id);
    await expect(client.queues.get(queue.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.queues.delete(queue.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('ring groups', () => {
  it('are listed after the teams as kind ring; members are listed, added and removed; update and delete work', async () => {
    const { client, sim } = setup();
    const groups = await client.groups.list({ pageSize: 4 }).toArray();
    const rings = groups.filter((g) => g.kind === 'ring');
    expect(rings.map((g) => g.name)).toEqual(['Reception', 'IT Helpdesk']);
    expect(groups.slice(-2)).toEqual(rings);
    const ring = rings[0]!;
    const members = await client.groups.members.list(ring.id).toArray();
    expect(members.length).toBeGreaterThan(0);
    const outsider = (await client.users.list().toArray()).find((u) => !members.some((m) => m.extension === u.extension))!;
    await client.groups.members.add(ring.id, outsider);
    await client.groups.members.add(ring.id, outsider);
    expect((await client.groups.members.list(ring.id).toArray()).filter((m) => m.extension === outsider.extension)).toHaveLength(1);
    await client.groups.members.remove(ring.id, { id: outsider.id });
    expect((await client.groups.members.list(ring.id).toArray()).some((m) => m.extension === outsider.extension)).toBe(false);
    expect((await client.groups.update(ring.id, { name: 'Front desk' })).name).toBe('Front desk');
    await client.groups.delete(ring.id);
    await expect(client.groups.get(ring.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(sim.state.ringGroups.size).toBe(1);
  });
});

describe('recordings', () => {
  it('lists a range in start order, links them to CDRs by caller, callee and time, and streams the audio', async () => {
    const { client, sim } = setup({ cdrs: 600 });
    const { from, to } = sim.facts.cdrRange!;
    const recordings = await client.recordings.list({ from, to, pageSize: 50 }).toArray();
    expect(recordings.length).toBeGreaterThan(0);
    for (const r of recordings) expect(r.startedAt.getTime() >= from.getTime() && r.startedAt.getTime() < to.getTime()).toBe(true);
    expect(recordings.map((r) => r.startedAt.getTime())).toEqual(recordings.map((r) => r.startedAt.getTime()).sort((a, b) => a - b));

    // The CDR a recording was made from lists it back through { cdrId }.
    const cdrs = await client.cdrs.list({ from, to }).toArray();
    const recording = recordings[0]!;
    const source = cdrs.find((c) => c.from.number === recording.from && c.to.number === recording.to && c.answeredAt && Math.abs(c.answeredAt.getTime() - recording.startedAt.getTime()) <= 2000)!;
    const linked = await client.recordings.list({ cdrId: source.id }).toArray();
    expect(linked.map((r) => r.id)).toContain(recording.id);
    expect(linked.every((r) => r.cdrId === source.id)).toBe(true);

    const content = await client.recordings.download(recording.id);
    expect(content.contentType).toBe('audio/wav');
    // The list has no file fields (the detail has); the size is the call's seconds of 8 kHz audio + the header.
    expect(content.sizeBytes).toBe(44 + recording.durationSeconds! * 8000);
    let bytes = 0;
    let largest = 0;
    const reader = content.stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      largest = Math.max(largest, value.byteLength);
    }
    expect(bytes).toBe(content.sizeBytes);
    expect(largest).toBeLessThanOrEqual(64 * 1024);
  });

  it('a standard user lists and downloads only its own recordings (/api/user/recordings after the 403)', async () => {
    const sim = createPortSipSimulator({ seed: 7, users: 60, cdrs: 600 });
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => sim.app.fetch(new Request(input, init))) as typeof globalThis.fetch;
    const client = createPortSip({ baseUrl: 'http://pbx.test', credentials: sim.standardUser, fetch, retry: FAST_RETRY });
    const me = await client.whoami();
    const mine = await client.recordings.list().toArray();
    expect(mine.every((r) => r.from === me.extension || r.to === me.extension)).toBe(true);
    expect(sim.requests.some((r) => r.path === '/api/user/recordings')).toBe(true);
    if (mine[0]) {
      const content = await client.recordings.download(mine[0].id);
      expect(content.sizeBytes).toBe(44 + mine[0].durationSeconds! * 8000);
      await content.stream.cancel();
    }
  });

  it('an unknown recording is NotFoundError', async () => {
    const { client, sim } = setup();
    await expect(client.recordings.download(sim.facts.missingId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
