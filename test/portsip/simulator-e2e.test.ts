/** The real PortSIP adapter against the simulator: over loopback HTTP and through the in-process fetch. */
import { afterEach, describe, expect, it } from 'vitest';
import { createPortSip, type PortSipOptions } from '../../adapters/portsip/index.js';
import { createPortSipSimulator, startPortSipSimulator, type PortSipSimulator } from '../../adapters/portsip/simulator/index.js';
import type { PbxClient } from '../../core/client.js';
import type { RunningSimulator, SimulatorFacts } from '../../core/sim/types.js';

const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };

/** List users, create/update/delete one, add a group member, log an agent in, list CDRs. */
async function smoke(client: PbxClient, facts: SimulatorFacts): Promise<void> {
  const users = await client.users.list({ pageSize: 7 }).toArray();
  expect(users).toHaveLength(30);
  expect(new Set(users.map((u) => u.id)).size).toBe(30);
  expect(await client.whoami()).toMatchObject({ username: 'admin', role: 'Admin', extension: '100' });

  const created = await client.users.create({ extension: facts.freeExtension, displayName: 'Smoke Test', email: 'smoke@example.com' });
  expect(created).toMatchObject({ extension: facts.freeExtension, displayName: 'Smoke Test', email: 'smoke@example.com', enabled: true });
  expect(await client.users.findByExtension(facts.freeExtension)).toMatchObject({ id: created.id });
  const updated = await client.users.update(created.id, { displayName: 'Smoke Tested', department: 'QA' });
  expect(updated).toMatchObject({ id: created.id, displayName: 'Smoke Tested', department: 'QA', email: 'smoke@example.com' });
  await client.users.delete(created.id);
  await expect(client.users.get(created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

  const [group] = await client.groups.list().toArray({ max: 1 });
  const members = await client.groups.members.list(group!.id).toArray();
  const outsider = users.find((u) => !members.some((m) => m.userId === u.id))!;
  await client.groups.members.add(group!.id, { id: outsider.id });
  await client.groups.members.add(group!.id, { id: outsider.id }); // already a member: a no-op
  expect((await client.groups.members.list(group!.id).toArray()).some((m) => m.userId === outsider.id && m.extension === outsider.extension)).toBe(true);

  const [queue] = await client.queues.list().toArray({ max: 1 });
  const agents = await client.queues.agents(queue!.id).toArray();
  const agent = agents.find((a) => !a.loggedIn) ?? agents[0]!;
  await client.queues.login(queue!.id, { extension: agent.extension! });
  const after = (await client.queues.agents(queue!.id).toArray()).find((a) => a.extension === agent.extension);
  expect(after).toMatchObject({ loggedIn: true, status: 'ready' });
  const state = await client.queues.state(queue!.id);
  expect(state.agents).toHaveLength(agents.length);

  const { from, to } = facts.cdrRange!;
  const cdrs = await client.cdrs.list({ from, to, pageSize: 40 }).toArray({ max: 100 });
  expect(cdrs.length).toBeGreaterThan(0);
  for (const cdr of cdrs) {
    expect(cdr.startedAt.getTime()).toBeGreaterThanOrEqual(from.getTime());
    expect(cdr.startedAt.getTime()).toBeLessThan(to.getTime());
  }
  expect(cdrs.map((c) => c.startedAt.getTime())).toEqual(cdrs.map((c) => c.startedAt.getTime()).sort((a, b) => a - b));
  expect(new Set(cdrs.map((c) => c.disposition))).toContain('answered');
  const fetched = await client.cdrs.get(cdrs[0]!.id);
  expect(fetched.startedAt).toEqual(cdrs[0]!.startedAt);
}

/** A client driving an in-process simulator (no socket). */
function inProcessClient(sim: PortSipSimulator, options: Partial<PortSipOptions> = {}): PbxClient {
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => sim.app.fetch(new Request(input, init))) as typeof globalThis.fetch;
  return createPortSip({ baseUrl: 'http://pbx.test', credentials: sim.credentials, fetch, retry: FAST_RETRY, ...options });
}

describe('PortSIP adapter against the simulator', () => {
  const running: RunningSimulator[] = [];
  const clients: PbxClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(running.splice(0).map((s) => s.close()));
  });

  it('works over real loopback HTTP', async () => {
    const sim = await startPortSipSimulator({ users: 30, cdrs: 300, seed: 3 });
    running.push(sim);
    expect(sim.vendor).toBe('portsip');
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = createPortSip({ baseUrl: sim.url, credentials: sim.credentials, retry: FAST_RETRY });
    clients.push(client);
    await smoke(client, sim.facts);
    expect(sim.requestCount()).toBeGreaterThan(20);
  });

  it("works through the running simulator's in-process fetch", async () => {
    const sim = await startPortSipSimulator({ users: 30, cdrs: 300, seed: 4 });
    running.push(sim);
    const client = createPortSip({ baseUrl: sim.url, credentials: sim.credentials, fetch: sim.fetch, retry: FAST_RETRY });
    clients.push(client);
    await smoke(client, sim.facts);
  });

  it('signs out on close: the session ends on the PBX', async () => {
    const sim = createPortSipSimulator({ users: 10, cdrs: 0 });
    const client = inProcessClient(sim);
    await client.whoami();
    expect(sim.state.tokens.sessionCount).toBe(1);
    await client.close();
    expect(sim.state.tokens.sessionCount).toBe(0);
    expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/auth/sign_out' });
  });

  it('falls back to /api/login when /api/auth/sign_in is 404', async () => {
    const sim = createPortSipSimulator({ users: 10, cdrs: 0, loginGenerations: ['login'] });
    const client = inProcessClient(sim);
    clients.push(client);
    expect((await client.users.list().toArray()).length).toBe(10);
    expect(sim.requests.slice(0, 3).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/auth/sign_in', 'POST /api/login', 'GET /api/users']);
  });

  it('renews an expiring session with the refresh token', async () => {
    let clock = Date.UTC(2025, 0, 15, 12);
    const now = () => clock;
    const sim = createPortSipSimulator({ users: 10, cdrs: 0, now, tokenTtlSeconds: 600 });
    const client = inProcessClient(sim, { clock: { now } });
    clients.push(client);
    await client.whoami();
    clock += 601_000;
    await client.whoami();
    expect(sim.requests.map((r) => r.path)).toEqual(['/api/auth/sign_in', '/api/user', '/api/auth/refresh_token', '/api/user']);
  });

  it('reports 2FA accounts as TWO_FACTOR_REQUIRED and refused logins as AUTHENTICATION_FAILED', async () => {
    const sim = createPortSipSimulator({ users: 10, cdrs: 0, twoFactorUsers: ['admin'] });
    const twoFactor = inProcessClient(sim);
    clients.push(twoFactor);
    await expect(twoFactor.whoami()).rejects.toMatchObject({ code: 'TWO_FACTOR_REQUIRED' });
    const wrong = inProcessClient(sim, { credentials: { username: 'admin', password: 'nope' } });
    clients.push(wrong);
    await expect(wrong.whoami()).rejects.toMatchObject({ code: 'AUTHENTICATION_FAILED' });
  });

  it("a standard user's client reads its own CDRs and is refused tenant-wide writes", async () => {
    const sim = createPortSipSimulator({ users: 20, cdrs: 400 });
    const client = inProcessClient(sim, { credentials: sim.standardUser });
    clients.push(client);
    const me = await client.whoami();
    const mine = await client.cdrs.list({ scope: 'self', pageSize: 50 }).toArray();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.from.number === me.extension || c.to.number === me.extension)).toBe(true);
    // cdrs.get falls back to /user/cdrs/{id} on 403.
    expect((await client.cdrs.get(mine[0]!.id)).id).toBe(mine[0]!.id);
    await expect(client.users.delete(me.id)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});
