/**
 * The NetPBX simulator, in-process: it speaks the assumed shapes (the fixtures' keys, PascalCase
 * or camelCase, group types as names or integers), enforces "standard users may only update /
 * log in/out themselves" (403), keeps queue pulses in step with logins, is deterministic per
 * seed, honours its options, and the adapter works against it end to end.
 */
import { describe, expect, it } from 'vitest';
import type { PbxClient } from '../../core/client.js';
import { AuthenticationError, ConflictError, PartialFailureError, PermissionError, VendorResponseError } from '../../core/errors.js';
import type { SimulatorOptions } from '../../core/sim/types.js';
import { createNetPbx, type NetPbxOptions } from '../../adapters/netpbx/index.js';
import { createNetPbxSimulator, type NetPbxSimulator, type NetPbxSimulatorOptions } from '../../adapters/netpbx/simulator/index.js';
import { fixture, rejection } from './support/wire.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const ORIGIN = 'http://netpbx.sim';
type Obj = Record<string, unknown>;

const simulator = (options: SimulatorOptions & NetPbxSimulatorOptions = {}): NetPbxSimulator => createNetPbxSimulator({ now: () => NOW, users: 40, ...options });

/** A client wired to the simulator in-process. */
function clientOf(sim: NetPbxSimulator, options: Partial<NetPbxOptions> = {}): PbxClient {
  return createNetPbx({
    baseUrl: ORIGIN,
    credentials: sim.credentials,
    fetch: (input, init) => Promise.resolve(sim.handler.fetch(new Request(input, init))),
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}

/** Raw HTTP against the simulator. */
async function call(sim: NetPbxSimulator, method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
  const response = await sim.handler.fetch(new Request(`${ORIGIN}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) }));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any };
}

async function login(sim: NetPbxSimulator, credentials: { username: string; password: string } = sim.credentials): Promise<{ token: string; user: Obj }> {
  const reply = await call(sim, 'POST', '/api/v1/authorizations', { body: credentials });
  expect(reply.status).toBe(200);
  return { token: reply.body.api_token, user: reply.body };
}

const standardId = (sim: NetPbxSimulator): number => sim.state.userByLogin(sim.standardUser.username)!.id;
const queueGroups = (sim: NetPbxSimulator) => [...sim.state.groups.values()].filter((g) => g.queue);

describe('auth', () => {
  it('POST api/v1/authorizations returns the user including api_token; GET returns the user of the token', async () => {
    const sim = simulator();
    const { token, user } = await login(sim);
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(user).toMatchObject({ UserName: 'admin', Role: 'TenantAdmin' });
    const me = await call(sim, 'GET', '/api/v1/authorizations', { token });
    expect(me.body.UserId).toBe(user.UserId);
    expect(me.body.api_token).toBeUndefined();
  });

  it('logs in by email too; keys of the body in any casing', async () => {
    const sim = simulator();
    const reply = await call(sim, 'POST', '/api/v1/authorizations', { body: { Email: 'ADMIN@netpbx.example.com', Password: sim.credentials.password } });
    expect(reply.status).toBe(200);
  });

  it('refuses a wrong password (401 {Message}) and a missing field (400 with ModelState)', async () => {
    const sim = simulator();
    expect(await call(sim, 'POST', '/api/v1/authorizations', { body: { username: 'admin', password: 'nope' } })).toEqual({ status: 401, body: { Message: 'The user name or password is incorrect.' } });
    const missing = await call(sim, 'POST', '/api/v1/authorizations', { body: { username: 'admin' } });
    expect(missing).toMatchObject({ status: 400, body: { Message: 'The request is invalid.', ModelState: { 'request.Password': ['The Password field is required.'] } } });
  });

  it('every other route needs the token: 401 with ASP.NET\'s message', async () => {
    const sim = simulator();
    for (const path of ['/api/v1/users', '/api/v1/groups', '/api/v1/queuepulses', '/api/v1/authorizations']) {
      expect(await call(sim, 'GET', path)).toEqual({ status: 401, body: fixture('error-unauthorized.json') });
    }
    expect((await call(sim, 'GET', '/api/v1/users', { token: 'forged-token-123' })).status).toBe(401);
  });

  it('a second login returns the same api_token while it is valid', async () => {
    const sim = simulator();
    expect((await login(sim)).token).toBe((await login(sim)).token);
  });

  it('tokenTtlSeconds: the token expires on the simulator clock, and the adapter logs in again by itself', async () => {
    let now = NOW;
    const sim = simulator({ now: () => now, tokenTtlSeconds: 600 });
    const client = clientOf(sim);
    await client.users.get(String(standardId(sim)));
    now += 601_000;
    await client.users.get(String(standardId(sim)));
    const logins = sim.requests.filter((r) => r.method === 'POST');
    const statuses = sim.requests.map((r) => `${r.method} ${r.path}`);
    expect(logins).toHaveLength(2);
    expect(statuses).toEqual(['POST /api/v1/authorizations', `GET /api/v1/users/${standardId(sim)}`, `GET /api/v1/users/${standardId(sim)}`, 'POST /api/v1/authorizations', `GET /api/v1/users/${standardId(sim)}`]);
  });

  it('tokenHeader: the simulator expects the token where it is told, and a client configured alike gets in', async () => {
    const tokenHeader = { name: 'X-Api-Token', scheme: '' };
    const sim = simulator({ tokenHeader });
    expect((await clientOf(sim, { tokenHeader }).whoami()).username).toBe('admin');
    expect(await rejection(clientOf(sim).whoami())).toBeInstanceOf(AuthenticationError);
    const { token } = await login(sim);
    expect((await call(sim, 'GET', '/api/v1/users', { headers: { 'x-api-token': token } })).status).toBe(200);
    expect((await call(sim, 'GET', '/api/v1/users', { token })).status).toBe(401);
  });
});

describe('the rule: standard users may only update / log in/out themselves (403 otherwise)', () => {
  it.each([
    ['name', { firstName: 'X', lastName: 'Y' }],
    ['email', { email: 'someone.else@example.com' }],
    ['mobilenumber', { mobileNumber: '+46701234567' }],
  ])('PUT users/{other}/%s is 403; on themselves it is 204', async (part, body) => {
    const sim = simulator();
    const { token } = await login(sim, sim.standardUser);
    const other = [...sim.state.users.values()].find((u) => u.id !== standardId(sim))!;
    const before = JSON.stringify(other);
    expect(await call(sim, 'PUT', `/api/v1/users/${other.id}/${part}`, { token, body })).toEqual({ status: 403, body: { Message: 'Standard users may only change themselves.' } });
    expect(JSON.stringify(other)).toBe(before);
    // Even for an id that does not exist: 403, so a standard user learns nothing about other ids.
    expect((await call(sim, 'PUT', `/api/v1/users/999999/${part}`, { token, body })).status).toBe(403);
    expect((await call(sim, 'PUT', `/api/v1/users/${standardId(sim)}/${part}`, { token, body })).status).toBe(204);
  });

  it('PUT groups/{id}/members/{other} is 403; on themselves it is 204; the admin may log in anyone', async () => {
    const sim = simulator();
    const group = queueGroups(sim)[0]!;
    const me = standardId(sim);
    const other = [...group.members.keys()].find((id) => id !== me)!;
    const { token } = await login(sim, sim.standardUser);
    expect((await call(sim, 'PUT', `/api/v1/groups/${group.id}/members/${other}`, { token, body: { loggedIn: true } })).status).toBe(403);
    expect((await call(sim, 'PUT', `/api/v1/groups/${group.id}/members/${me}`, { token, body: { loggedIn: true } })).status).toBe(204);
    const admin = await login(sim);
    expect((await call(sim, 'PUT', `/api/v1/groups/${group.id}/members/${other}`, { token: admin.token, body: { loggedIn: false } })).status).toBe(204);
    expect(group.members.get(other)!.loggedIn).toBe(false);
  });

  it('through the client: PermissionError for others, success for themselves', async () => {
    const sim = simulator();
    const client = clientOf(sim, { credentials: sim.standardUser });
    const me = String(standardId(sim));
    const queue = String(queueGroups(sim)[0]!.id);
    const other = [...queueGroups(sim)[0]!.members.keys()].map(String).find((id) => id !== me)!;
    expect(await rejection(client.users.update(other, { email: 'hijack@example.com' }))).toBeInstanceOf(PermissionError);
    expect(await rejection(client.queues.login(queue, { id: other }))).toBeInstanceOf(PermissionError);
    expect((await client.users.update(me, { lastName: 'Renamed' })).lastName).toBe('Renamed');
    await client.queues.logout(queue, { id: me });
    await client.queues.login(queue, { id: me });
    expect((await client.queues.agents(queue).toArray()).find((a) => a.userId === me)).toMatchObject({ loggedIn: true, status: 'ready' });
  });
});

describe('queue pulses', () => {
  it('exist for the four queue types only; a group of another type is 404', async () => {
    const sim = simulator();
    const { token } = await login(sim);
    const all = await call(sim, 'GET', '/api/v1/queuepulses', { token });
    expect(all.body.map((p: Obj) => p.Name)).toEqual(['Reception', 'Support', 'Sales', 'Billing']);
    const hunt = [...sim.state.groups.values()].find((g) => g.type === 'HuntGroup')!;
    expect(await call(sim, 'GET', `/api/v1/queuepulses/${hunt.id}`, { token })).toEqual({ status: 404, body: { Message: 'Queue status information is only supported for groups with queue.' } });
    expect((await call(sim, 'GET', '/api/v1/queuepulses/999999', { token })).status).toBe(404);
  });

  it('wrap-up only occurs in customer center groups, across seeds', () => {
    for (let seed = 1; seed <= 30; seed++) {
      for (const group of simulator({ seed }).state.groups.values()) {
        if (group.type !== 'CustomerCenterGroup') expect([...group.members.values()].some((m) => m.status === 'WrapUp')).toBe(false);
      }
    }
    const seen = Array.from({ length: 30 }, (_, i) => simulator({ seed: i + 1 })).some((sim) =>
      [...sim.state.groups.values()].some((g) => g.type === 'CustomerCenterGroup' && [...g.members.values()].some((m) => m.status === 'WrapUp')),
    );
    expect(seen).toBe(true);
  });

  it('follow logins: a member logged in is Available, logged out is LoggedOut; queues.state shows it', async () => {
    const sim = simulator();
    const client = clientOf(sim);
    const queue = queueGroups(sim)[1]!;
    const member = String([...queue.members.keys()][0]);
    await client.queues.logout(String(queue.id), { id: member });
    expect(queue.members.get(Number(member))).toEqual({ loggedIn: false, status: 'LoggedOut' });
    let state = await client.queues.state(String(queue.id));
    expect(state.agents.find((a) => a.userId === member)).toMatchObject({ loggedIn: false, status: 'logged_out' });
    await client.queues.login(String(queue.id), { extension: sim.state.users.get(Number(member))!.extension! });
    state = await client.queues.state(String(queue.id));
    expect(state.agents.find((a) => a.userId === member)).toMatchObject({ loggedIn: true, status: 'ready' });
    expect(state.waitingCallers).toBe(queue.callsWaiting);
    expect(state.longestWaitSeconds).toBe(queue.longestWaitSeconds);
    expect(state.agents).toHaveLength(queue.members.size);
  });

  it('login/logout work for any group (documented for groups), not only queue types; a non-queue group still has no agents view', async () => {
    const sim = simulator();
    const client = clientOf(sim);
    const hunt = [...sim.state.groups.values()].find((g) => g.type === 'HuntGroup')!;
    const member = [...hunt.members.keys()][0]!;
    await client.queues.logout(String(hunt.id), { id: String(member) });
    expect(hunt.members.get(member)?.loggedIn).toBe(false);
    await client.queues.login(String(hunt.id), { id: String(member) });
    expect(hunt.members.get(member)?.loggedIn).toBe(true);
    expect(await rejection(client.queues.agents(String(hunt.id)).toArray())).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a member that is not in the group cannot be logged in (404); nor with a bad body (400)', async () => {
    const sim = simulator();
    const { token } = await login(sim);
    const group = queueGroups(sim)[0]!;
    const outsider = [...sim.state.users.keys()].find((id) => !group.members.has(id))!;
    expect((await call(sim, 'PUT', `/api/v1/groups/${group.id}/members/${outsider}`, { token, body: { loggedIn: true } })).status).toBe(404);
    const member = [...group.members.keys()][0]!;
    expect((await call(sim, 'PUT', `/api/v1/groups/${group.id}/members/${member}`, { token, body: { loggedIn: 'yes' } })).status).toBe(400);
  });
});

describe('groupType: integer (Json.NET\'s default for enums)', () => {
  it('writes Type as an integer; the adapter still finds every queue (from the queue pulses) and refuses the other groups', async () => {
    const sim = simulator({ groupType: 'integer' });
    const { token } = await login(sim);
    const groups = (await call(sim, 'GET', '/api/v1/groups', { token })).body as Obj[];
    expect(groups.map((g) => typeof g.Type)).toEqual(Array(6).fill('number'));
    expect((await call(sim, 'GET', `/api/v1/groups/${queueGroups(sim)[0]!.id}`, { token })).body.Type).toBe(queueGroups(sim)[0]!.typeCode);

    const client = clientOf(sim);
    const before = sim.requests.length;
    const queues = await client.queues.list().toArray();
    expect(queues.map((q) => q.id)).toEqual(queueGroups(sim).map((g) => String(g.id)));
    expect(sim.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/authorizations', 'GET /api/v1/groups', 'GET /api/v1/queuepulses']);
    expect((await client.queues.get(queues[1]!.id)).name).toBe('Support');
    for (const other of [...sim.state.groups.values()].filter((g) => !g.queue)) {
      expect(await rejection(client.queues.get(String(other.id)))).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});

describe('routes that do not exist at the base URL', () => {
  it('a lookup against a wrong base URL is VendorResponseError (ASP.NET\'s route-miss 404), never null', async () => {
    const sim = simulator();
    const { token } = await login(sim);
    const client = clientOf(sim, { baseUrl: `${ORIGIN}/pbx`, credentials: { token } });
    const error = await rejection(client.users.findByEmail('admin@netpbx.example.com'));
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error.message).toMatch(/route api\/v1\/users\/email does not exist at this base URL/);
    expect(await clientOf(sim).users.findByEmail('nobody@example.com')).toBeNull();
  });
});

describe('shapes: the simulator speaks what docs/netpbx.md assumes (the fixtures\' keys)', () => {
  const keys = (value: Obj) => Object.keys(value).sort();
  it.each(['PascalCase', 'camelCase'] as const)('%s', async (casing) => {
    const sim = simulator({ casing });
    const cased = (o: Obj): string[] => keys(o).map((k) => (casing === 'camelCase' && k !== 'api_token' ? k[0]!.toLowerCase() + k.slice(1) : k)).sort();
    const { token, user } = await login(sim);
    expect(keys(user)).toEqual(cased(fixture('login.json')));
    const queue = queueGroups(sim)[1]!;
    const get = async (path: string) => (await call(sim, 'GET', path, { token })).body;
    expect(keys((await get('/api/v1/users'))[0])).toEqual(cased(fixture('users.json')[0]));
    expect(keys(await get(`/api/v1/users/${standardId(sim)}`))).toEqual(cased(fixture('user.json')));
    expect(keys((await get('/api/v1/groups'))[0])).toEqual(cased(fixture('groups.json')[0]));
    expect(keys((await get(`/api/v1/groups/${queue.id}/members`))[0])).toEqual(cased(fixture('group-members.json')[0]));
    const pulse = await get(`/api/v1/queuepulses/${queue.id}`);
    expect(keys(pulse)).toEqual(cased(fixture('queuepulse.json')));
    expect(keys(pulse[casing === 'camelCase' ? 'members' : 'Members'][0])).toEqual(cased(fixture('queuepulse.json').Members[0]));
    const error = await call(sim, 'GET', '/api/v1/users/999999', { token });
    expect(error).toEqual({ status: 404, body: casing === 'camelCase' ? { message: 'User not found.' } : { Message: 'User not found.' } });
  });

  it('the adapter works end to end against the camelCase simulator', async () => {
    const sim = simulator({ casing: 'camelCase' });
    const client = clientOf(sim);
    const users = await client.users.list().toArray();
    expect(users).toHaveLength(40);
    const queue = (await client.queues.list().toArray())[0]!;
    const state = await client.queues.state(queue.id);
    expect(state.agents.length).toBeGreaterThan(0);
    const updated = await client.users.update(users[3]!.id, { firstName: 'Camel', mobile: '+46700000001' });
    expect(updated).toMatchObject({ firstName: 'Camel', lastName: users[3]!.lastName, mobile: '+46700000001' });
  });
});

describe('determinism and options', () => {
  const snapshot = async (sim: NetPbxSimulator): Promise<string> => {
    const { token } = await login(sim);
    const paths = ['/api/v1/users', '/api/v1/groups', '/api/v1/queuepulses', ...[...sim.state.groups.keys()].map((id) => `/api/v1/groups/${id}/members`)];
    return JSON.stringify(await Promise.all(paths.map(async (p) => (await call(sim, 'GET', p, { token })).body)));
  };

  it('the same seed gives the same tenant; another seed another one', async () => {
    expect(await snapshot(simulator({ seed: 7 }))).toBe(await snapshot(simulator({ seed: 7, now: () => NOW + 3_600_000 })));
    expect(await snapshot(simulator({ seed: 7 }))).not.toBe(await snapshot(simulator({ seed: 8 })));
  });

  it('seeds a realistic tenant: a tenant admin, standard users, groups of six types with members, queue groups with pulses', () => {
    const sim = simulator({ users: 120 });
    expect(sim.state.users.size).toBe(120);
    expect([...sim.state.users.values()].filter((u) => u.role === 'TenantAdmin')).toHaveLength(1);
    expect([...sim.state.groups.values()].map((g) => g.type)).toEqual(['AttendantGroup', 'CustomerCenterGroup', 'AcdGroup', 'HuntGroupWithQueue', 'HuntGroup', 'CallPickupGroup']);
    for (const group of sim.state.groups.values()) expect(group.members.size).toBeGreaterThanOrEqual(3);
    for (const group of queueGroups(sim)) expect(group.members.has(standardId(sim))).toBe(true);
  });

  it.each([{ users: 1 }, { users: 2.5 }, { seed: 1.5 }, { tokenTtlSeconds: 0 }, { casing: 'snake_case' as never }, { groupType: 'enum' as never }, { tokenHeader: { name: 'bad header' } }])('refuses %j', (options) => {
    expect(() => createNetPbxSimulator(options)).toThrow(RangeError);
  });

  it('facts: a missing id no user or group has, a free extension, a well-formed CDR range; requestCount counts', async () => {
    const sim = simulator();
    expect(sim.state.users.has(Number(sim.facts.missingId)) || sim.state.groups.has(Number(sim.facts.missingId))).toBe(false);
    expect(sim.state.extensionTaken(sim.facts.freeExtension)).toBe(false);
    expect(sim.facts.cdrRange!.from.getTime()).toBeLessThan(sim.facts.cdrRange!.to.getTime());
    expect(sim.requestCount()).toBe(0);
    await login(sim);
    expect(sim.requestCount()).toBe(1);
  });

  it('unknown routes answer ASP.NET\'s 404, a malformed body 400', async () => {
    const sim = simulator();
    const { token } = await login(sim);
    const missing = await call(sim, 'GET', '/api/v1/cdrs', { token });
    expect(missing.status).toBe(404);
    expect(missing.body.Message).toMatch(/^No HTTP resource was found that matches the request URI/);
    const response = await sim.handler.fetch(new Request(`${ORIGIN}/api/v1/authorizations`, { method: 'POST', body: '{"username":', headers: { 'content-type': 'application/json' } }));
    expect(response.status).toBe(400);
  });
});

describe('writes end to end', () => {
  it('an email another user has is 409 -> ConflictError', async () => {
    const sim = simulator();
    const [a, b] = [...sim.state.users.values()].filter((u) => u.email).slice(1, 3);
    expect(await rejection(clientOf(sim).users.update(String(a!.id), { email: b!.email!.toUpperCase() }))).toBeInstanceOf(ConflictError);
  });

  it('a MEX user\'s mobile number is accepted but not changed: PartialFailureError, never a silent success', async () => {
    const sim = simulator({ users: 120 });
    const mex = [...sim.state.users.values()].find((u) => u.mex)!;
    const error = await rejection(clientOf(sim).users.update(String(mex.id), { firstName: 'Mex', lastName: 'User', mobile: '+46701112233' }));
    expect(error).toBeInstanceOf(PartialFailureError);
    expect(error).toMatchObject({ applied: ['firstName', 'lastName'], failed: ['mobile'] });
    expect(mex.firstName).toBe('Mex');
  });

  it('a fault on the second PUT (injected 500) leaves the first applied and says so', async () => {
    const sim = simulator();
    const user = [...sim.state.users.values()][5]!;
    const email = user.email;
    sim.faults!.configure({ rules: [{ rate: 1, kinds: ['http-500'], methods: ['PUT'], path: /\/email$/ }] });
    const error = await rejection(clientOf(sim, { retry: { maxRetries: 0 } }).users.update(String(user.id), { firstName: 'Faulty', lastName: 'Write', email: 'faulty@example.com' }));
    expect(error).toMatchObject({ code: 'PARTIAL_FAILURE', applied: ['firstName', 'lastName'], failed: ['email'] });
    expect([user.firstName, user.lastName, user.email]).toEqual(['Faulty', 'Write', email]);
  });
});
