/**
 * The VoIPStudio simulator over HTTP, in-process (`app.fetch`): its dialect (envelopes,
 * 201/204, `{message, errors}`, JSON filters with `eq like gt gte lt lte` ANDed and a 400 on an
 * unsupported property, sort, page/limit, `include=users` + `fields[users]`, the bulk
 * `PATCH /users`), auth (X-Auth-Token on v1.2 only, Basic on both, idle expiry, API keys,
 * 2FA), permissions, determinism per seed, and the seeded data's shape.
 */
import { describe, expect, it } from 'vitest';
import { createVoipStudioSimulator, type VoipStudioSimulator } from '../../adapters/voipstudio/simulator/index.js';
import type { VoipStudioSimulatorOptions } from '../../adapters/voipstudio/simulator/index.js';
import type { SimulatorOptions } from '../../core/sim/types.js';
import { PUBLISHED_CDR_SCHEMA, validCdr } from './support/published-cdr-schema.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const MIDNIGHT = Date.UTC(2025, 0, 15);
const DAY = 86_400_000;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

type Obj = Record<string, unknown>;
interface Reply<T = unknown> {
  readonly status: number;
  readonly body: T;
}
interface List<T = Obj> {
  readonly data: T[];
  readonly total: number;
}
interface One<T = Obj> {
  readonly data: T;
  readonly links: Obj;
}
interface ErrorBody {
  readonly message: string;
  readonly errors: Array<{ field: string; message: string }>;
}

const simulator = (options: SimulatorOptions & VoipStudioSimulatorOptions = {}): VoipStudioSimulator => createVoipStudioSimulator({ now: () => NOW, users: 60, cdrs: 600, ...options });

type Auth = { token: string } | { basic: string; token: string } | undefined;

/** A tiny HTTP client for the simulator that checks the shape of every error reply. */
class Api {
  constructor(
    readonly sim: VoipStudioSimulator,
    public auth: Auth = undefined,
    readonly version: 'v1.1' | 'v1.2' = 'v1.2',
  ) {}

  async send<T = unknown>(method: string, path: string, options: { body?: unknown; raw?: string; query?: Obj; auth?: Auth | null } = {}): Promise<Reply<T>> {
    const auth = options.auth === null ? undefined : (options.auth ?? this.auth);
    const url = new URL(`http://l7api.test/${this.version}/voipstudio${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    const payload = options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
    const headers: Record<string, string> = {
      ...(auth && !('basic' in auth) ? { 'x-auth-token': auth.token } : {}),
      ...(auth && 'basic' in auth ? { authorization: `Basic ${Buffer.from(`${auth.basic}:${auth.token}`).toString('base64')}` } : {}),
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    };
    const response = await this.sim.app.fetch(new Request(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) }));
    const text = await response.text();
    const body = text ? (JSON.parse(text) as T) : (undefined as T);
    if (response.status >= 400) {
      const error = body as unknown as ErrorBody;
      expect(typeof error.message, text).toBe('string');
      expect(Array.isArray(error.errors), text).toBe(true);
    }
    return { status: response.status, body };
  }

  async ok<T = unknown>(method: string, path: string, options: Parameters<Api['send']>[2] = {}, status = 200): Promise<T> {
    const reply = await this.send<T>(method, path, options);
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    return reply.body;
  }

  list<T = Obj>(path: string, query: Obj = {}): Promise<List<T>> {
    return this.ok<List<T>>('GET', path, { query });
  }

  async login(credentials: { email: string; password: string } = this.sim.credentials): Promise<this> {
    const reply = await this.ok<{ user_id: number; user_token: string; message: string }>('POST', '/login', { body: credentials, auth: null });
    this.auth = { token: reply.user_token };
    return this;
  }
}

const admin = (options?: Parameters<typeof simulator>[0]) => new Api(simulator(options)).login();

describe('seeded data', () => {
  it('defaults: 250 users, 6 teams with members, 3 queues with agents, 5000 CDRs over [midnight − 30 days, midnight + 1 day)', () => {
    const sim = createVoipStudioSimulator({ now: () => NOW });
    expect(sim.state.users.size).toBe(250);
    expect(sim.state.groups.size).toBe(6);
    expect([...sim.state.users.values()].filter((u) => u.groups.length > 0).length).toBeGreaterThan(6);
    expect(sim.state.queues.size).toBe(3);
    for (const queue of sim.state.queues.values()) expect(queue.users.length).toBeGreaterThan(0);
    expect(sim.state.cdrs).toHaveLength(5000);
    for (const cdr of sim.state.cdrs) {
      expect(cdr.calldate).toBeGreaterThanOrEqual(MIDNIGHT - 30 * DAY);
      expect(cdr.calldate).toBeLessThan(MIDNIGHT + DAY);
      expect(cdr.calldate % 1000).toBe(0);
    }
    const sorted = sim.state.cdrs.map((c) => c.calldate);
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    expect(new Set(sim.state.cdrs.map((c) => c.type))).toEqual(new Set(['I', 'O', 'M']));
    expect(new Set(sim.state.cdrs.map((c) => c.disposition))).toEqual(new Set(['CONNECTED', 'NO ANSWER', 'BUSY', 'FAILED']));
    expect(sim.state.cdrs.some((c) => typeof c.charge === 'string')).toBe(true);
    expect(sim.state.cdrs.some((c) => typeof c.charge === 'number')).toBe(true);
  });

  it('records follow Asterisk semantics (billsec ≤ duration, 0 unless connected); calls between users have a record for each side', () => {
    const sim = simulator();
    for (const cdr of sim.state.cdrs) {
      expect(cdr.billsec).toBeLessThanOrEqual(cdr.duration);
      if (cdr.disposition !== 'CONNECTED') expect(cdr.billsec).toBe(0);
      if (cdr.type === 'M') expect(cdr.disposition).not.toBe('CONNECTED');
    }
    const byCall = new Map<number, number>();
    for (const cdr of sim.state.cdrs) byCall.set(cdr.call_id, (byCall.get(cdr.call_id) ?? 0) + 1);
    expect([...byCall.values()].some((n) => n === 2)).toBe(true);
  });

  it('the same seed and day give the same account; another seed another one', () => {
    const view = (sim: VoipStudioSimulator) => JSON.stringify({ users: [...sim.state.users.values()], groups: [...sim.state.groups.values()], queues: [...sim.state.queues.values()], cdrs: sim.state.cdrs, facts: sim.facts });
    expect(view(simulator({ seed: 7 }))).toBe(view(simulator({ seed: 7 })));
    // Later the same day: the same data.
    expect(view(createVoipStudioSimulator({ now: () => NOW + 3_600_000, users: 60, cdrs: 600, seed: 7 }))).toBe(view(simulator({ seed: 7 })));
    expect(view(simulator({ seed: 8 }))).not.toBe(view(simulator({ seed: 7 })));
  });

  it('honours users and cdrs, and refuses nonsense options', () => {
    const sim = createVoipStudioSimulator({ users: 2, cdrs: 0 });
    expect(sim.state.users.size).toBe(2);
    expect(sim.state.cdrs).toHaveLength(0);
    expect(() => createVoipStudioSimulator({ users: 1 })).toThrow(RangeError);
    expect(() => createVoipStudioSimulator({ tokenTtlSeconds: 0 })).toThrow(RangeError);
  });

  it('facts: a missing id nobody has, a free extension, a range with records', () => {
    const sim = simulator();
    const { missingId, freeExtension, cdrRange } = sim.facts;
    expect(sim.state.users.has(Number(missingId)) || sim.state.groups.has(Number(missingId)) || sim.state.queues.has(Number(missingId)) || sim.state.cdrById.has(Number(missingId))).toBe(false);
    expect(sim.state.extensionTaken(freeExtension)).toBe(false);
    expect(sim.state.cdrs.some((c) => c.calldate >= cdrRange.from.getTime() && c.calldate < cdrRange.to.getTime())).toBe(true);
  });

  it('seeds well under 200 ms (warm)', () => {
    createVoipStudioSimulator();
    const started = performance.now();
    for (let i = 0; i < 3; i++) createVoipStudioSimulator({ seed: i + 2 });
    expect((performance.now() - started) / 3).toBeLessThan(200);
  });
});

describe('authentication', () => {
  it('POST /login → {message, user_id, user_token}; a wrong password is 400 {message, errors: []}', async () => {
    const api = new Api(simulator());
    const ok = await api.ok<Obj>('POST', '/login', { body: api.sim.credentials });
    expect(ok).toEqual({ message: 'OK', user_id: expect.any(Number), user_token: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const refused = await api.send<ErrorBody>('POST', '/login', { body: { ...api.sim.credentials, password: 'nope' } });
    expect(refused).toEqual({ status: 400, body: { message: 'Invalid email or password', errors: [] } });
    const blank = await api.send<ErrorBody>('POST', '/login', { body: { email: '' } });
    expect(blank.status).toBe(400);
    expect(blank.body.errors.map((e) => e.field)).toEqual(['email']);
  });

  it('a request without a valid token is 401', async () => {
    const api = new Api(simulator());
    expect((await api.send('GET', '/users')).status).toBe(401);
    expect((await api.send('GET', '/users', { auth: { token: 'nope' } })).status).toBe(401);
  });

  it('v1.2 takes X-Auth-Token and Basic; v1.1 takes Basic only; Basic needs the token\'s own user id', async () => {
    const sim = simulator();
    const { user_id, user_token } = await new Api(sim).ok<{ user_id: number; user_token: string }>('POST', '/login', { body: sim.credentials });
    const v12 = new Api(sim, undefined, 'v1.2');
    const v11 = new Api(sim, undefined, 'v1.1');
    expect((await v12.send('GET', '/me', { auth: { token: user_token } })).status).toBe(200);
    expect((await v12.send('GET', '/me', { auth: { basic: String(user_id), token: user_token } })).status).toBe(200);
    expect((await v11.send('GET', '/me', { auth: { basic: String(user_id), token: user_token } })).status).toBe(200);
    expect((await v11.send('GET', '/me', { auth: { token: user_token } })).status).toBe(401);
    expect((await v12.send('GET', '/me', { auth: { basic: String(user_id + 1), token: user_token } })).status).toBe(401);
    expect((await new Api(sim).send('GET', '/v2/whatever', { auth: { token: user_token } })).status).toBe(404);
  });

  it('a session token expires after tokenTtlSeconds of inactivity; every request renews it', async () => {
    let now = NOW;
    const sim = createVoipStudioSimulator({ now: () => now, users: 10, cdrs: 0, tokenTtlSeconds: 900 });
    const api = await new Api(sim).login();
    now += 899_000;
    expect((await api.send('GET', '/ping')).status).toBe(200); // renewed
    now += 899_000;
    expect((await api.send('GET', '/me')).status).toBe(200);
    now += 900_000;
    expect((await api.send('GET', '/me')).status).toBe(401);
    expect(sim.state.sessions.sessionCount).toBe(0);
  });

  it('the default idle timeout is 30 minutes; API keys do not expire when idle', async () => {
    let now = NOW;
    const sim = createVoipStudioSimulator({ now: () => now, users: 10, cdrs: 0 });
    const api = await new Api(sim).login();
    const key = new Api(sim, { token: sim.apiKey.apiKey });
    now += 1_800_000;
    expect((await api.send('GET', '/me')).status).toBe(401);
    expect((await key.send('GET', '/me')).status).toBe(200);
    expect((await key.send('GET', '/me', { auth: { basic: sim.apiKey.userId, token: sim.apiKey.apiKey } })).status).toBe(200);
  });

  it('POST /apitokens {name, expiry} creates a key (201) that stops at its expiry', async () => {
    let now = NOW;
    const sim = createVoipStudioSimulator({ now: () => now, users: 10, cdrs: 0 });
    const api = await new Api(sim).login();
    const created = await api.ok<One>('POST', '/apitokens', { body: { name: 'integration', expiry: '2025-01-16 00:00:00' } }, 201);
    expect(created.data).toMatchObject({ name: 'integration', expiry: '2025-01-16 00:00:00', token: expect.any(String) });
    const key = new Api(sim, { token: created.data['token'] as string });
    expect((await key.send('GET', '/me')).status).toBe(200);
    expect((await api.send('POST', '/apitokens', { body: { name: 'x', expiry: 'tomorrow' } })).status).toBe(400);
    expect((await api.send('POST', '/apitokens', { body: { name: 'x', expiry: '2025-01-01 00:00:00' } })).status).toBe(400);
    now = Date.UTC(2025, 0, 16);
    expect((await key.send('GET', '/me')).status).toBe(401);
  });

  it('2FA accounts get 202 {nonce}; POST /login2fa {code, nonce} completes the login once', async () => {
    const sim = simulator({ twoFactorUsers: ['ADMIN@acme.example'], twoFactorCode: '424242' });
    const api = new Api(sim);
    const pending = await api.send<{ nonce: string }>('POST', '/login', { body: sim.credentials });
    expect(pending.status).toBe(202);
    expect(pending.body.nonce).toMatch(/^[0-9a-f]{40}$/);
    expect((await api.send('POST', '/login2fa', { body: { code: '000000', nonce: pending.body.nonce } })).status).toBe(400);
    const second = await api.send<{ nonce: string }>('POST', '/login', { body: sim.credentials });
    const done = await api.ok<{ user_token: string }>('POST', '/login2fa', { body: { code: '424242', nonce: second.body.nonce } });
    expect((await api.send('GET', '/me', { auth: { token: done.user_token } })).status).toBe(200);
    expect((await api.send('POST', '/login2fa', { body: { code: '424242', nonce: second.body.nonce } })).status).toBe(400);
  });

  it('GET /me is the account as an object {data:{id, email, sip_password, sip_domain, …}, links}, as VoIPStudio\'s clients read it', async () => {
    const api = await admin();
    const me = await api.ok<One>('GET', '/me');
    const root = [...api.sim.state.users.values()].find((u) => u.is_root)!;
    expect(me.data).toMatchObject({ id: root.id, email: root.email, is_root: true, customer_id: 1, sip_username: root.ext, sip_password: root.sip_password, sip_domain: 'sip.acme.example' });
    expect(me.data['sip_password']).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('collections: filter, sort, page/limit → {data, total}', () => {
  it('pages with page (1-based) and limit (default 25); total counts every match', async () => {
    const api = await admin();
    const first = await api.list('/users');
    expect(first.data).toHaveLength(25);
    expect(first.total).toBe(60);
    const third = await api.list('/users', { page: '3', limit: '25' });
    expect(third.data).toHaveLength(10);
    expect((await api.list('/users', { page: '4', limit: '25' })).data).toEqual([]);
    for (const [name, value] of [['page', '0'], ['limit', '10001'], ['limit', 'x']]) expect((await api.send('GET', '/users', { query: { [name!]: value } })).status).toBe(400);
  });

  it('eq (case-insensitive), like (substring or % pattern), gt/gte/lt/lte, ANDed', async () => {
    const api = await admin();
    const ada = [...api.sim.state.users.values()][5]!;
    const eq = await api.list('/users', { filter: [{ property: 'email', operator: 'eq', value: ada.email.toUpperCase() }] });
    expect(eq.data.map((u) => u['id'])).toEqual([ada.id]);
    const like = await api.list('/users', { filter: [{ property: 'email', operator: 'like', value: ada.last_name.toLowerCase() }], limit: '100' });
    expect(like.data.every((u) => String(u['email']).toLowerCase().includes(ada.last_name.toLowerCase()))).toBe(true);
    expect(like.total).toBeGreaterThan(0);
    const pattern = await api.list('/users', { filter: [{ property: 'ext', operator: 'like', value: '10_5' }], limit: '100' });
    // `_` matches one character, `%` any run
    expect(pattern.data.map((u) => u['ext'])).toEqual(['1005', '1015', '1025', '1035', '1045', '1055']);
    const percent = await api.list('/users', { filter: [{ property: 'email', operator: 'like', value: `%${ada.email.slice(3).toUpperCase()}` }], limit: '100' });
    expect(percent.data.map((u) => u['id'])).toContain(ada.id);
    const ids = [...api.sim.state.users.keys()];
    const between = await api.list('/users', { filter: [{ property: 'id', operator: 'gte', value: ids[10] }, { property: 'id', operator: 'lt', value: ids[20] }], limit: '100' });
    expect(between.data.map((u) => u['id'])).toEqual(ids.slice(10, 20));
    const gtLte = await api.list('/users', { filter: [{ property: 'id', operator: 'gt', value: String(ids[10]) }, { property: 'id', operator: 'lte', value: ids[20] }], limit: '100' });
    expect(gtLte.data.map((u) => u['id'])).toEqual(ids.slice(11, 21));
    const inactive = await api.list('/users', { filter: [{ property: 'active', operator: 'eq', value: false }], limit: '100' });
    expect(inactive.data.every((u) => u['active'] === false)).toBe(true);
  });

  it('an unsupported filter property, operator or value is 400 naming the filter', async () => {
    const api = await admin();
    for (const filter of [
      [{ property: 'groups', operator: 'eq', value: 1 }],
      [{ property: 'email', operator: 'ne', value: 'x' }],
      [{ property: 'id', operator: 'like', value: '1' }],
      [{ property: 'active', operator: 'gt', value: true }],
      [{ property: 'email', operator: 'eq' }],
      { property: 'email', operator: 'eq', value: 'x' },
    ]) {
      const reply = await api.send<ErrorBody>('GET', '/users', { query: { filter } });
      expect(reply.status, JSON.stringify(filter)).toBe(400);
      expect(reply.body.errors[0]!.field).toBe('filter');
    }
    const garbage = await api.send<ErrorBody>('GET', '/users', { query: { filter: '[{' } });
    expect(garbage.status).toBe(400);
  });

  it('sort + dir (and ExtJS\'s JSON sort); an unknown sort property is 400', async () => {
    const api = await admin();
    const desc = await api.list('/users', { sort: 'id', dir: 'DESC', limit: '100' });
    const ids = desc.data.map((u) => u['id'] as number);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const json = await api.list('/users', { sort: JSON.stringify([{ property: 'last_name', direction: 'ASC' }]), limit: '100' });
    const names = json.data.map((u) => String(u['last_name']).toLowerCase());
    expect(names).toEqual([...names].sort());
    expect((await api.send('GET', '/users', { query: { sort: 'password' } })).status).toBe(400);
    expect((await api.send('GET', '/users', { query: { sort: 'id', dir: 'UP' } })).status).toBe(400);
  });

  it('CDRs filter on calldate with gte/lte as "YYYY-MM-DD HH:MM:SS" UTC; records look like VoIPStudio\'s', async () => {
    const api = await admin();
    const reply = await api.list('/cdrs', {
      filter: [{ property: 'calldate', operator: 'gte', value: '2025-01-14 00:00:00' }, { property: 'calldate', operator: 'lte', value: '2025-01-14 23:59:59' }],
      sort: 'calldate',
      dir: 'ASC',
      limit: '5000',
    });
    const inDay = api.sim.state.cdrs.filter((c) => c.calldate >= Date.UTC(2025, 0, 14) && c.calldate < Date.UTC(2025, 0, 15));
    expect(reply.total).toBe(inDay.length);
    for (const cdr of reply.data) {
      expect(Object.keys(cdr).sort()).toEqual(Object.keys(PUBLISHED_CDR_SCHEMA.properties).sort());
      expect(validCdr(cdr), JSON.stringify(validCdr.errors)).toBe(true);
      expect(cdr['calldate']).toMatch(DATETIME);
      expect(String(cdr['calldate']) >= '2025-01-14 00:00:00' && String(cdr['calldate']) <= '2025-01-14 23:59:59').toBe(true);
    }
    expect((await api.send('GET', '/cdrs', { query: { filter: [{ property: 'calldate', operator: 'gte', value: '14/01/2025' }] } })).status).toBe(400);
  });

  it('/users/{id}/cdrs holds only that user\'s records; GET /cdrs/{id} → {data, links}', async () => {
    const api = await admin();
    const owner = api.sim.state.cdrs[0]!.user_id;
    const mine = await api.list(`/users/${owner}/cdrs`, { limit: '5000' });
    expect(mine.total).toBe(api.sim.state.cdrs.filter((c) => c.user_id === owner).length);
    expect(mine.data.every((c) => c['user_id'] === owner)).toBe(true);
    const one = await api.ok<One>('GET', `/cdrs/${api.sim.state.cdrs[0]!.id}`);
    expect(one).toEqual({ data: expect.objectContaining({ id: api.sim.state.cdrs[0]!.id }), links: {} });
    expect((await api.send('GET', '/cdrs/1')).status).toBe(404);
  });
});

describe('users, teams, queues', () => {
  it('GET /users/{id} → {data, links}; unknown or non-integer ids are 404 {message, errors}', async () => {
    const api = await admin();
    const id = [...api.sim.state.users.keys()][3]!;
    const user = await api.ok<One>('GET', `/users/${id}`);
    expect(user.links).toEqual({});
    expect(user.data).toMatchObject({ id, groups: expect.any(Array), ext: expect.any(String), created_at: expect.stringMatching(DATETIME) });
    expect(await api.send('GET', '/users/999999999')).toEqual({ status: 404, body: { message: 'Resource not found', errors: [] } });
    expect((await api.send('GET', '/users/abc')).status).toBe(404);
  });

  it('PATCH /users/{id} changes the given fields and answers the user; a taken email is 400 with the field', async () => {
    const api = await admin();
    const [a, b] = [...api.sim.state.users.values()].slice(2, 4);
    const patched = await api.ok<One>('PATCH', `/users/${a!.id}`, { body: { first_name: 'Ada', active: false, mobile: '+447700900123' } });
    expect(patched.data).toMatchObject({ first_name: 'Ada', active: false, mobile: '+447700900123', last_name: a!.last_name });
    const taken = await api.send<ErrorBody>('PATCH', `/users/${a!.id}`, { body: { email: b!.email.toUpperCase() } });
    expect(taken).toEqual({ status: 400, body: { message: 'Validation error', errors: [{ field: 'email', message: 'This value is already used.' }] } });
    const unknown = await api.send<ErrorBody>('PATCH', `/users/${a!.id}`, { body: { display_name: 'x', email: 'bad' } });
    expect(unknown.body.errors.map((e) => e.field)).toEqual(['display_name']);
    expect((await api.send('PATCH', `/users/${a!.id}`, { raw: '{not json' })).status).toBe(400);
  });

  it('DELETE /users/{id} → 204 and the user leaves its queues; the account owner cannot be deleted', async () => {
    const api = await admin();
    const queue = [...api.sim.state.queues.values()][0]!;
    const agent = queue.users.find((m) => !api.sim.state.users.get(m.id)!.is_root)!.id;
    expect((await api.send('DELETE', `/users/${agent}`)).status).toBe(204);
    expect(queue.users.some((m) => m.id === agent)).toBe(false);
    expect((await api.send('DELETE', `/users/${agent}`)).status).toBe(404);
    const owner = [...api.sim.state.users.values()].find((u) => u.is_initial)!;
    expect((await api.send('DELETE', `/users/${owner.id}`)).status).toBe(400);
  });

  it('bulk PATCH /users [{id, groups}] replaces each user\'s teams, all or nothing; answers {data:{…}, links} as documented', async () => {
    const api = await admin();
    const [a, b] = [...api.sim.state.users.values()].slice(1, 3);
    const [t1, t2] = [...api.sim.state.groups.keys()];
    const reply = await api.ok<One>('PATCH', '/users', { body: [{ id: a!.id, groups: [t1, String(t2)] }, { id: b!.id, groups: [] }] });
    expect(reply).toEqual({ data: expect.objectContaining({ id: a!.id, groups: [t1, t2] }), links: {} });
    expect([a!.groups, b!.groups]).toEqual([[t1, t2], []]);
    const bad = await api.send<ErrorBody>('PATCH', '/users', { body: [{ id: a!.id, groups: [] }, { id: b!.id, groups: [999] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: '1.groups', message: 'Unknown usergroup 999.' }]);
    expect(a!.groups).toEqual([t1, t2]);
    expect((await api.send('PATCH', '/users', { body: [{ id: 999999999, groups: [] }] })).status).toBe(404);
    expect((await api.send('PATCH', '/users', { body: { id: a!.id } })).status).toBe(400);
  });

  it('GET /usergroups filters on name (eq, case-insensitive), as the create reconciliation assumes', async () => {
    const api = await admin();
    const team = [...api.sim.state.groups.values()][2]!;
    const found = await api.list('/usergroups', { filter: [{ property: 'name', operator: 'eq', value: team.name.toUpperCase() }], page: '1', limit: '2' });
    expect(found).toEqual({ data: [{ id: team.id, color: team.color, name: team.name }], total: 1 });
    expect((await api.list('/usergroups', { filter: [{ property: 'name', operator: 'eq', value: 'No Such Team' }] })).data).toEqual([]);
  });

  it('usergroups: POST → 201 {data}, PATCH → 200, DELETE → 204 and off every user; names are unique', async () => {
    const api = await admin();
    const created = await api.ok<One>('POST', '/usergroups', { body: { name: 'Night Shift 2' } }, 201);
    expect(created.data).toEqual({ id: expect.any(Number), color: '#2196f3', name: 'Night Shift 2' });
    const id = created.data['id'] as number;
    expect((await api.ok<One>('PATCH', `/usergroups/${id}`, { body: { name: 'Late Shift', color: '#000000' } })).data).toEqual({ id, color: '#000000', name: 'Late Shift' });
    const dup = await api.send<ErrorBody>('POST', '/usergroups', { body: { name: 'late shift' } });
    expect(dup.body.errors).toEqual([{ field: 'name', message: 'This value is already used.' }]);
    const user = [...api.sim.state.users.values()][1]!;
    user.groups = [id];
    expect((await api.send('DELETE', `/usergroups/${id}`)).status).toBe(204);
    expect(user.groups).toEqual([]);
    expect((await api.send('GET', `/usergroups/${id}`)).status).toBe(404);
  });

  it('queues: members as ids; include=users gives objects, fields[users] picks their properties', async () => {
    const api = await admin();
    const queue = [...api.sim.state.queues.values()][0]!;
    const plain = await api.ok<One>('GET', `/queues/${queue.id}`);
    expect(plain.data['users']).toEqual(queue.users.map((m) => m.id));
    const included = await api.ok<One<{ users: Obj[] }>>('GET', `/queues/${queue.id}`, { query: { include: 'users', 'fields[users]': 'id,first_name,last_name,status' } });
    expect(included.data.users.map((u) => Object.keys(u))).toEqual(queue.users.map(() => ['id', 'first_name', 'last_name', 'status']));
    expect(included.data.users.map((u) => u['status'])).toEqual(queue.users.map((m) => m.status));
    const list = await api.list('/queues');
    expect(list.total).toBe(3);
    expect(list.data[0]!['users']).toEqual(expect.any(Array));
  });

  it('PATCH /queues/{id}?include=users {users:[{id, status}]} replaces the member list (missing members leave the queue)', async () => {
    const api = await admin();
    const queue = [...api.sim.state.queues.values()][0]!;
    const [keep, drop] = queue.users;
    const newcomer = [...api.sim.state.users.keys()].find((id) => !queue.users.some((m) => m.id === id))!;
    const reply = await api.ok<One<{ users: Obj[] }>>('PATCH', `/queues/${queue.id}`, { query: { include: 'users' }, body: { users: [{ id: keep!.id, status: !keep!.status }, { id: newcomer, status: 1 }] } });
    expect(reply.data.users.map((u) => [u['id'], u['status']])).toEqual([
      [keep!.id, !keep!.status],
      [newcomer, true],
    ]);
    expect(queue.users.some((m) => m.id === drop!.id)).toBe(false);
    const bad = await api.send<ErrorBody>('PATCH', `/queues/${queue.id}`, { body: { users: [{ id: 999999999, status: true }, { id: keep!.id, status: 'maybe' }] } });
    expect(bad.body.errors.map((e) => e.field)).toEqual(['users.0.id', 'users.1.status']);
  });

  it('PATCH /queues/{id}: a member sent as a bare id or without status is 400 (never its old status kept); nothing changes', async () => {
    const api = await admin();
    const queue = [...api.sim.state.queues.values()][0]!;
    const before = queue.users.map((m) => ({ ...m }));
    const [first, second] = before;
    const reply = await api.send<ErrorBody>('PATCH', `/queues/${queue.id}`, { query: { include: 'users' }, body: { users: [first!.id, { id: second!.id }] } });
    expect(reply).toEqual({
      status: 400,
      body: {
        message: 'Validation error',
        errors: [
          { field: 'users.0', message: 'This value must be an object {id, status}.' },
          { field: 'users.1.status', message: 'This value is required.' },
        ],
      },
    });
    expect(queue.users).toEqual(before);
  });
});

describe('permissions', () => {
  it('a standard user reads the directory and its own calls; admin-only writes and GET /cdrs are 403 Access denied', async () => {
    const sim = simulator();
    const api = await new Api(sim).login(sim.standardUser);
    const me = [...sim.state.users.values()].find((u) => u.email === sim.standardUser.email)!;
    expect((await api.send('GET', '/users')).status).toBe(200);
    expect((await api.send('GET', `/users/${me.id}/cdrs`)).status).toBe(200);
    const other = [...sim.state.users.values()].find((u) => u.is_root)!;
    for (const [method, path, body] of [
      ['GET', '/cdrs', undefined],
      ['GET', `/users/${other.id}/cdrs`, undefined],
      ['DELETE', `/users/${other.id}`, undefined],
      ['PATCH', `/users/${other.id}`, { first_name: 'x' }],
      ['PATCH', '/users', [{ id: me.id, groups: [] }]],
      ['POST', '/usergroups', { name: 'Mine' }],
      ['PATCH', `/queues/${[...sim.state.queues.keys()][0]}`, { users: [] }],
    ] as const) {
      expect(await api.send(method, path, { body })).toEqual({ status: 403, body: { message: 'Access denied', errors: [] } });
    }
    expect((await api.send('PATCH', `/users/${me.id}`, { body: { first_name: 'Me' } })).status).toBe(200);
  });
});

describe('fault hooks', () => {
  it('expire-session faults expire sessions (401) but not API keys; error bodies are VoIPStudio\'s', async () => {
    const sim = simulator();
    const api = await new Api(sim).login();
    sim.faults!.configure({ rules: [{ rate: 1, kinds: ['expire-session'], times: 1 }] });
    expect((await api.send('GET', '/me')).status).toBe(401);
    sim.faults!.configure({ rules: [{ rate: 1, kinds: ['http-503'], times: 1 }] });
    expect(await new Api(sim, { token: sim.apiKey.apiKey }).send('GET', '/me')).toEqual({ status: 503, body: { message: 'injected server error', errors: [] } });
  });
});
