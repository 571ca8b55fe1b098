/**
 * VoIPStudio's own published clients against the simulator: each test sends the exact requests
 * one of them sends (URLs, headers, bodies, paging) and reads the replies the way it reads them,
 * with only the host and the credentials changed. Sources (public GitHub):
 * - VoIPstudio/queue-api `queue.js`: API credentials `^[0-9]{6,7}:[a-f0-9]{40}$` as Basic on v1.1,
 *   `GET queues?include=users&fields[users]=id,first_name,last_name,status` (the collection), then
 *   `PATCH queues/{id}?include=users {users:[{id, status}]}` built from that view, reading `data.users.length`;
 * - VoIPstudio/cli-client `src/auth.js`, `src/api.js`, `src/list.js`: login, `POST /apitokens {name, expiry: seconds}`,
 *   `GET /apitokens?filter=[name eq]`, `DELETE /apitokens/{token}`, `GET /me` read as `body.data ?? body`, lists with
 *   `limit, page, filter, sort, dir`;
 * - VoIPstudio/google-data-studio-connector `Code.gs`: `GET /me` with Basic to check credentials, then
 *   `GET /cdrs?page&limit=5000&filter=[calldate gt, calldate lt]` until `total` records are read, using `rate` and `charge`;
 * - afonsodiniz/tap-voipstudio: `GET /cdrs?page=1&limit=5000` with X-Auth-Token, records checked against its CDR schema;
 * - issue 12: a client asking `limit=10000`, and `POST /logout`.
 * And the adapter's own `close()`: after it, the session token is refused.
 */
import { describe, expect, it } from 'vitest';
import { createVoipStudio } from '../../adapters/voipstudio/index.js';
import { createVoipStudioSimulator, type VoipStudioSimulator } from '../../adapters/voipstudio/simulator/index.js';
import { validCdr } from './support/published-cdr-schema.js';

const HOST = 'http://voipstudio.sim';
const NOW = Date.UTC(2025, 0, 15, 12);
type Json = Record<string, any>;

const simulator = (cdrs = 200): VoipStudioSimulator => createVoipStudioSimulator({ now: () => NOW, users: 40, cdrs });
const basic = (userId: string | number, token: string) => `Basic ${Buffer.from(`${userId}:${token}`).toString('base64')}`;

async function call(sim: VoipStudioSimulator, method: string, url: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; json: Json | null }> {
  const init: RequestInit = { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) };
  const res = await sim.app.fetch(new Request(`${HOST}${url}`, init));
  return { status: res.status, json: res.status === 204 ? null : ((await res.json()) as Json) };
}

describe('VoIPstudio/queue-api: make every agent of a queue join or leave, from the collection view', () => {
  it('API credentials match the client\'s check; GET /queues?include=users gives member objects; the PATCH built from them works', async () => {
    const sim = simulator();
    const credentials = `${sim.apiKey.userId}:${sim.apiKey.apiKey}`;
    expect(credentials).toMatch(/^[0-9]{6,7}:[a-f0-9]{40}$/);
    const auth = { authorization: `Basic ${Buffer.from(credentials).toString('base64')}`, 'user-agent': 'JS REST Client' };
    for (const action of ['join', 'leave'] as const) {
      const list = await call(sim, 'GET', '/v1.1/voipstudio/queues?include=users&fields[users]=id,first_name,last_name,status', auth);
      expect(list.status).toBe(200);
      const queue = list.json!['data'].find((q: Json) => q['name'] === 'Sales');
      expect(queue.users.length).toBeGreaterThan(0);
      for (const user of queue.users) expect(Object.keys(user).sort()).toEqual(['first_name', 'id', 'last_name', 'status']);
      const users = queue.users.map((u: Json) => ({ id: u['id'], status: action !== 'leave' }));
      const patched = await call(sim, 'PATCH', `/v1.1/voipstudio/queues/${queue.id}?include=users`, auth, { users });
      expect(patched.status).toBe(200);
      expect(patched.json!['data'].users).toHaveLength(users.length);
      expect(sim.state.queues.get(queue.id)!.users.every((m) => m.status === (action === 'join'))).toBe(true);
    }
  });

  it('the collection and one queue honour include and fields[users] the same way; without include, members are ids', async () => {
    const sim = simulator();
    const auth = { authorization: basic(sim.apiKey.userId, sim.apiKey.apiKey) };
    const query = 'include=users&fields[users]=id,status';
    const list = await call(sim, 'GET', `/v1.2/voipstudio/queues?${query}`, auth);
    for (const queue of list.json!['data'] as Json[]) {
      const one = await call(sim, 'GET', `/v1.2/voipstudio/queues/${queue['id']}?${query}`, auth);
      expect(queue).toEqual(one.json!['data']);
      for (const user of queue['users']) expect(Object.keys(user).sort()).toEqual(['id', 'status']);
    }
    const bare = await call(sim, 'GET', '/v1.2/voipstudio/queues', auth);
    for (const queue of bare.json!['data'] as Json[]) for (const user of queue['users']) expect(typeof user).toBe('number');
  });
});

describe('VoIPstudio/cli-client: login, mint a named API token, whoami, list, revoke', () => {
  it('runs its whole `vs auth login` / `whoami` / `logout` sequence', async () => {
    const sim = simulator();
    const base = '/v1.2/voipstudio';
    const login = await call(sim, 'POST', `${base}/login`, {}, { email: sim.credentials.email, password: sim.credentials.password });
    expect(login.status).toBe(200);
    const session = { 'x-auth-token': login.json!['user_token'] as string };
    // deleteTokenNamed: look the CLI's token up by name (none yet), then mint it with a lifetime in seconds.
    const filter = encodeURIComponent(JSON.stringify([{ property: 'name', operator: 'eq', value: 'VoIPstudio CLI' }]));
    expect((await call(sim, 'GET', `${base}/apitokens?filter=${filter}`, session)).json).toEqual({ data: [], total: 0 });
    const minted = await call(sim, 'POST', `${base}/apitokens`, session, { name: 'VoIPstudio CLI', expiry: 30 * 24 * 60 * 60 });
    expect(minted.status).toBe(201);
    const token = minted.json!['data'].token as string;
    expect(token).toMatch(/^[a-f0-9]{40}$/);
    // whoami: `body.data ?? body`, its id, email, first_name, last_name, customer_id.
    const me = await call(sim, 'GET', `${base}/me`, { 'x-auth-token': token });
    const identity = me.json!['data'] ?? me.json;
    expect(identity).toMatchObject({ id: login.json!['user_id'], email: sim.credentials.email, first_name: expect.any(String), last_name: expect.any(String), customer_id: 1 });
    // listEntity: limit, page, filter, sort, dir.
    const cdrs = await call(sim, 'GET', `${base}/cdrs?limit=25&page=1&filter=${encodeURIComponent('[{"property":"duration","operator":"gt","value":60}]')}&sort=id&dir=DESC`, { 'x-auth-token': token });
    expect(cdrs.status).toBe(200);
    expect(cdrs.json!['data']).toHaveLength(25);
    // The token is now found by name, and revoked by `vs auth logout`.
    expect((await call(sim, 'GET', `${base}/apitokens?filter=${filter}`, session)).json!['total']).toBe(1);
    expect((await call(sim, 'DELETE', `${base}/apitokens/${token}`, { 'x-auth-token': token })).status).toBe(204);
    expect((await call(sim, 'GET', `${base}/me`, { 'x-auth-token': token })).status).toBe(401);
  });
});

describe('CDR exports: Data Studio connector, Singer tap, limit=10000', () => {
  it('VoIPstudio/google-data-studio-connector: Basic /me check, then pages of 5000 until total; rate and charge are numbers or numeric strings', async () => {
    const sim = simulator(12_000);
    const auth = { authorization: basic(sim.apiKey.userId, sim.apiKey.apiKey), 'content-type': 'application/json' };
    expect((await call(sim, 'GET', '/v1.2/voipstudio/me', auth)).status).toBe(200);
    const filter = encodeURIComponent(JSON.stringify([
      { operator: 'gt', property: 'calldate', value: '2024-12-01 00:00:00' },
      { operator: 'lt', property: 'calldate', value: '2025-01-31 23:59:59' },
    ]));
    const data: Json[] = [];
    let total: number | null = null;
    for (let page = 1; page <= 100; page++) {
      const reply = await call(sim, 'GET', `/v1.2/voipstudio/cdrs?page=${page}&limit=5000&filter=${filter}`, auth);
      expect(reply.status).toBe(200);
      total ??= reply.json!['total'] as number;
      data.push(...(reply.json!['data'] as Json[]));
      if (data.length === total) break;
    }
    expect(total).toBe(sim.state.cdrs.length);
    expect(data).toHaveLength(total!);
    for (const cdr of data) {
      expect(typeof cdr['rate']).toBe('number');
      expect(Number.isFinite(Number(cdr['charge']))).toBe(true);
      expect(['O', 'I', 'M']).toContain(cdr['type']);
    }
  });

  it('afonsodiniz/tap-voipstudio: GET /cdrs?page=1&limit=5000 with X-Auth-Token; every record fits its schema (additionalProperties false)', async () => {
    const sim = simulator(12_000);
    const reply = await call(sim, 'GET', '/v1.2/voipstudio/cdrs?page=1&limit=5000', { 'x-auth-token': sim.apiKey.apiKey });
    expect(reply.json!['data']).toHaveLength(5000);
    for (const cdr of reply.json!['data'] as Json[]) expect(validCdr(cdr), JSON.stringify(validCdr.errors)).toBe(true);
  });

  it('limit=10000 is accepted; 10001 is a 400', async () => {
    const sim = simulator(12_000);
    const auth = { 'x-auth-token': sim.apiKey.apiKey };
    const reply = await call(sim, 'GET', '/v1.2/voipstudio/cdrs?page=1&limit=10000', auth);
    expect(reply.status).toBe(200);
    expect(reply.json!['data']).toHaveLength(10_000);
    expect((await call(sim, 'GET', '/v1.2/voipstudio/cdrs?page=1&limit=10001', auth)).status).toBe(400);
  });

  it('the adapter with pageSize 10000 exports every record in two requests, integer call ids read as text, t_cause as endReason', async () => {
    const sim = simulator(12_000);
    const pbx = createVoipStudio({ baseUrl: HOST, credentials: sim.apiKey, pageSize: 10_000, fetch: ((input: string | URL | Request, init?: RequestInit) => sim.app.fetch(new Request(input, init))) as typeof fetch });
    const all = await pbx.cdrs.list({ from: '2024-12-01', to: '2025-02-01' }).toArray({ max: 20_000 });
    expect(all).toHaveLength(sim.state.cdrs.length);
    expect(sim.requests.filter((r) => r.path.endsWith('/cdrs')).map((r) => r.query['limit'])).toEqual(['10000', '10000']);
    const first = sim.state.cdrs.find((c) => c.id === Number(all[0]!.id))!;
    expect(all[0]).toMatchObject({ callId: String(first.call_id), endReason: first.t_cause });
  });
});

describe('POST /logout and close()', () => {
  it('close() ends the adapter\'s session on the server: the token it used is refused afterwards', async () => {
    const sim = simulator();
    const tokens = new Set<string>();
    const fetchVia = ((input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      const token = request.headers.get('x-auth-token');
      if (token) tokens.add(token);
      return sim.app.fetch(request);
    }) as typeof fetch;
    const pbx = createVoipStudio({ baseUrl: HOST, credentials: sim.credentials, fetch: fetchVia });
    await pbx.users.list({ pageSize: 5 }).page();
    expect(tokens.size).toBe(1);
    const [token] = [...tokens];
    expect((await call(sim, 'GET', '/v1.2/voipstudio/ping', { 'x-auth-token': token! })).status).toBe(200);
    await pbx.close();
    expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1.2/voipstudio/logout' });
    expect(sim.state.sessions.sessionCount).toBe(0);
    expect((await call(sim, 'GET', '/v1.2/voipstudio/ping', { 'x-auth-token': token! })).status).toBe(401);
  });

  it('POST /logout with an API key leaves the key working (keys are revoked with DELETE /apitokens/{token})', async () => {
    const sim = simulator();
    const auth = { 'x-auth-token': sim.apiKey.apiKey };
    expect((await call(sim, 'POST', '/v1.2/voipstudio/logout', auth)).status).toBe(200);
    expect((await call(sim, 'GET', '/v1.2/voipstudio/ping', auth)).status).toBe(200);
  });
});
