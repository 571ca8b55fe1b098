/**
 * The PortSIP simulator over HTTP, in-process (`app.fetch`). Every 2xx reply any test
 * receives is checked against PortSIP's v22.0 response schema, every error reply against
 * PortSIP's error shape.
 */
import { describe, expect, it } from 'vitest';
import { matchOperation, responseBodyProblems } from '../../adapters/portsip/openapi/spec.js';
import { createPortSipSimulator, type PortSipSimulator } from '../../adapters/portsip/simulator/index.js';
import type { SimulatorOptions } from '../../core/sim/types.js';
import type { PortSipSimulatorOptions } from '../../adapters/portsip/simulator/index.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const MIDNIGHT = Date.UTC(2025, 0, 15);
const DAY = 86_400_000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

type Obj = Record<string, unknown>;
interface Reply {
  readonly status: number;
  readonly text: string;
  readonly body: unknown;
}
interface List<T = Obj> {
  readonly count: number;
  readonly items: T[];
}
interface TokenReply {
  readonly token_type?: string;
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
}
interface ErrorReply {
  readonly errors: Array<{ readonly code: string; readonly message: string }>;
}

const simulator = (options: SimulatorOptions & PortSipSimulatorOptions = {}): PortSipSimulator =>
  createPortSipSimulator({ now: () => NOW, users: 60, cdrs: 600, ...options });

/** A tiny HTTP client for the simulator that checks every reply against the vendor's shapes. */
class Api {
  constructor(
    readonly sim: PortSipSimulator,
    public token?: string,
    /** Off for enum-drift simulators, whose replies deliberately leave the v22.0 schema. */
    private readonly checkSchema = true,
  ) {}

  async send(method: 'GET' | 'POST', path: string, options: { body?: unknown; raw?: string; token?: string | null } = {}): Promise<Reply> {
    const token = options.token === undefined ? this.token : options.token;
    const payload = options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
    const headers: Record<string, string> = {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    };
    const response = await this.sim.app.fetch(new Request(`http://pbx.test${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) }));
    const text = await response.text();
    const reply = { status: response.status, text, body: text ? (JSON.parse(text) as unknown) : undefined };
    if (reply.status >= 400) {
      const errors = (reply.body as ErrorReply).errors;
      expect(errors.length, text).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.code).toMatch(/^[A-Z][A-Z_]+$/);
        expect(typeof error.message).toBe('string');
      }
    } else if (this.checkSchema) {
      const operation = matchOperation(method, path);
      expect(operation, `${method} ${path} is a spec operation`).toBeDefined();
      // The vendor's sign_in reply schema is a oneOf of two objects with no required
      // properties: every object matches both branches, so no reply can pass it. Its shape
      // is checked by the authentication tests instead.
      if (operation !== 'POST /auth/sign_in') expect(responseBodyProblems(operation!, reply.status, reply.body), `${method} ${path}`).toEqual([]);
    }
    return reply;
  }

  /** GET expecting 200. */
  async get<T = Obj>(path: string): Promise<T> {
    const reply = await this.send('GET', path);
    expect(reply.status, reply.text).toBe(200);
    return reply.body as T;
  }

  async post(path: string, body?: unknown): Promise<Reply> {
    return this.send('POST', path, body === undefined ? {} : { body });
  }
}

async function signIn(sim: PortSipSimulator, credentials: { username: string; password: string } = sim.credentials, checkSchema = true): Promise<Api> {
  const api = new Api(sim, undefined, checkSchema);
  const reply = await api.post('/api/auth/sign_in', credentials);
  expect(reply.status, reply.text).toBe(200);
  api.token = (reply.body as TokenReply).access_token;
  return api;
}

function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect((reply.body as ErrorReply).errors[0]?.code).toBe(code);
}

const q = (filter: string): string => encodeURIComponent(filter);

/** Every page of a list, checking `count` on each. */
async function all<T = Obj>(api: Api, path: string, top = 100): Promise<T[]> {
  const out: T[] = [];
  const joiner = path.includes('?') ? '&' : '?';
  for (let skip = 0; ; skip += top) {
    const page = await api.get<List<T>>(`${path}${joiner}skip=${skip}&top=${top}`);
    out.push(...page.items);
    if (page.items.length < top) {
      expect(out.length).toBe(page.count);
      return out;
    }
  }
}

describe('PortSIP simulator: authentication', () => {
  it('sign_in returns a bearer token pair that opens the API; tokens are random secrets', async () => {
    const sim = simulator();
    const api = new Api(sim);
    const reply = await api.post('/api/auth/sign_in', sim.credentials);
    const tokens = reply.body as TokenReply;
    expect(Object.keys(tokens)).toEqual(['token_type', 'access_token', 'refresh_token', 'expires_in']);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(tokens.access_token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(tokens.refresh_token).not.toBe(tokens.access_token);
    api.token = tokens.access_token;
    expect((await api.get('/api/user'))['name']).toBe('admin');
    // Same seed, new tokens.
    const again = (await new Api(simulator()).post('/api/auth/sign_in', sim.credentials)).body as TokenReply;
    expect(again.access_token).not.toBe(tokens.access_token);
  });

  it('the older /api/login generation answers the same token fields and /api/logout revokes with 204', async () => {
    const sim = simulator({ tokenTtlSeconds: 1800 });
    const api = new Api(sim);
    const tokens = (await api.post('/api/login', { ...sim.credentials, domain: 'PBX.example.com' })).body as TokenReply;
    expect(Object.keys(tokens).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(tokens.expires_in).toBe(1800);
    api.token = tokens.access_token;
    await api.get('/api/user');
    expect((await api.post('/api/logout')).status).toBe(204);
    expectError(await api.send('GET', '/api/user'), 401, 'UNAUTHORIZED');
  });

  it('a refused login is 400 UNAUTHORIZED; a missing, unknown or malformed token is 401', async () => {
    const sim = simulator();
    const api = new Api(sim);
    expectError(await api.post('/api/auth/sign_in', { username: 'admin', password: 'wrong' }), 400, 'UNAUTHORIZED');
    expectError(await api.post('/api/auth/sign_in', { username: 'nobody', password: 'x' }), 400, 'UNAUTHORIZED');
    expectError(await api.post('/api/login', { ...sim.credentials, domain: 'other.example.com' }), 400, 'UNAUTHORIZED');
    expectError(await api.send('GET', '/api/users'), 401, 'UNAUTHORIZED');
    expectError(await api.send('GET', '/api/users', { token: 'not-a-token' }), 401, 'UNAUTHORIZED');
    const signed = await signIn(sim);
    const response = await sim.app.fetch(new Request('http://pbx.test/api/users', { headers: { authorization: `Basic ${signed.token}` } }));
    expect(response.status).toBe(401);
  });

  it('access tokens expire on the simulator clock', async () => {
    let clock = NOW;
    const sim = createPortSipSimulator({ now: () => clock, users: 10, cdrs: 0, tokenTtlSeconds: 60 });
    const api = await signIn(sim);
    clock += 59_000;
    await api.get('/api/user');
    clock += 2_000;
    expectError(await api.send('GET', '/api/user'), 401, 'UNAUTHORIZED');
  });

  it('refresh_token issues a new pair and uses up the old refresh token; sign_out revokes both tokens', async () => {
    const sim = simulator();
    const api = new Api(sim);
    const first = (await api.post('/api/auth/sign_in', sim.credentials)).body as TokenReply;
    const second = (await api.post('/api/auth/refresh_token', { refresh_token: first.refresh_token })).body as TokenReply;
    expect(second).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(second.access_token).not.toBe(first.access_token);
    expectError(await api.post('/api/auth/refresh_token', { refresh_token: first.refresh_token }), 400, 'UNAUTHORIZED');
    expectError(await api.post('/api/auth/refresh_token', { refresh_token: 'unknown' }), 400, 'UNAUTHORIZED');
    api.token = second.access_token;
    await api.get('/api/user');
    const signOut = await api.post('/api/auth/sign_out');
    expect(signOut.status).toBe(200);
    expectError(await api.send('GET', '/api/user'), 401, 'UNAUTHORIZED');
    expectError(await api.post('/api/auth/refresh_token', { refresh_token: second.refresh_token }), 400, 'UNAUTHORIZED');
  });

  it('accounts with 2FA get the two-factor reply instead of tokens', async () => {
    const sim = simulator({ twoFactorUsers: ['ADMIN'] });
    const api = new Api(sim);
    const reply = (await api.post('/api/auth/sign_in', sim.credentials)).body as Obj;
    expect(reply['two_factor_enabled']).toBe(true);
    expect(reply['token']).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(reply['access_token']).toBeUndefined();
    expect(sim.state.tokens.sessionCount).toBe(0);
  });

  it('a PBX with only one login generation answers the other one 404', async () => {
    const oldPbx = simulator({ loginGenerations: ['login'] });
    const api = new Api(oldPbx);
    for (const path of ['/api/auth/sign_in', '/api/auth/refresh_token', '/api/auth/sign_out']) {
      expectError(await api.post(path, path.endsWith('sign_out') ? undefined : { ...oldPbx.credentials, refresh_token: 'x' }), 404, 'NOT_FOUND');
    }
    expect((await api.post('/api/login', oldPbx.credentials)).status).toBe(200);
    const newPbx = new Api(simulator({ loginGenerations: ['sign_in'] }));
    expectError(await newPbx.post('/api/login', newPbx.sim.credentials), 404, 'NOT_FOUND');
    expectError(await newPbx.post('/api/logout'), 404, 'NOT_FOUND');
  });

  it('standard users can log in and read their own data, but get 403 on tenant-wide admin routes', async () => {
    const sim = simulator();
    const user = await signIn(sim, sim.standardUser);
    const me = await user.get('/api/user');
    expect(me).toMatchObject({ name: sim.standardUser.username, role: 'StandardUser' });
    const queue = [...sim.state.queues.values()][0]!;
    const group = [...sim.state.groups.values()][0]!;
    const other = [...sim.state.users.values()].find((u) => u.role === 'StandardUser' && u.name !== sim.standardUser.username)!;
    const refused: Array<[string, string, unknown?]> = [
      ['POST', '/api/users', { name: 'x', password: 'Secret-1', email: 'x@example.com', display_name: 'X', role: 'StandardUser', extension_number: '7777', extension_password: 'Sip-Secret-1', voicemail_pin: '482915' }],
      ['POST', `/api/users/${other.id}`, { display_name: 'Hacked' }],
      ['POST', `/api/users/${other.id}/destroy`],
      ['GET', '/api/cdrs'],
      ['GET', `/api/cdrs/${sim.state.cdrs[0]!.id}`],
      ['POST', '/api/groups', { name: 'Mine' }],
      ['POST', `/api/groups/${group.id}`, { name: 'Renamed' }],
      ['POST', `/api/groups/${group.id}/destroy`],
      ['POST', `/api/groups/${group.id}/members/${other.extension_number}`],
      ['POST', `/api/call_queues/${queue.id}/agents`, { items: [] }],
    ];
    for (const [method, path, body] of refused) {
      expectError(await user.send(method as 'GET' | 'POST', path, body === undefined ? {} : { body }), 403, 'PERMISSION_DENIED');
    }
    await user.get('/api/users?top=5');
    const mine = await all<Obj>(user, '/api/user/cdrs');
    const extension = me['extension_number'];
    expect(mine.every((c) => c['caller'] === extension || c['callee'] === extension)).toBe(true);
    expect(mine.length).toBe(sim.state.cdrs.filter((c) => c.caller === extension || c.callee === extension).length);
    expect(sim.state.users.get(other.id)!.display_name).not.toBe('Hacked');
  });

  it('an agent may set its own queue status but not another agent’s', async () => {
    const sim = simulator();
    const queue = [...sim.state.queues.values()][0]!;
    const me = sim.state.userByName(sim.standardUser.username)!;
    const [otherId] = [...queue.agents.keys()].filter((id) => id !== me.id);
    queue.agents.set(me.id, { skill_level: 1, status: 'LOGGED_OUT' });
    const user = await signIn(sim, sim.standardUser);
    expect((await user.post(`/api/call_queues/${queue.id}/agents/${me.extension_number}`, { status: 'LOGGED_IN' })).status).toBe(200);
    expect(queue.agents.get(me.id)!.status).toBe('READY');
    const other = sim.state.users.get(otherId!)!;
    expectError(await user.post(`/api/call_queues/${queue.id}/agents/${other.extension_number}`, { status: 'LOGGED_OUT' }), 403, 'PERMISSION_DENIED');
  });
});

describe('PortSIP simulator: validation', () => {
  it('request bodies are checked against the vendor schema (400 VALIDATE_FAILED naming the problem)', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const missing = await api.post('/api/users', { name: 'newbie', display_name: 'New' });
    expectError(missing, 400, 'VALIDATE_FAILED');
    expect(missing.text).toContain('password');
    expect(missing.text).toContain('extension_number');
    expectError(await api.post('/api/auth/sign_in', { username: 'admin' }), 400, 'VALIDATE_FAILED');
    expectError(await api.post('/api/auth/sign_in', { username: '', password: 'x' }), 400, 'VALIDATE_FAILED');
    const queue = [...sim.state.queues.values()][0]!;
    const agent = sim.state.users.get([...queue.agents.keys()][0]!)!;
    expectError(await api.post(`/api/call_queues/${queue.id}/agents/${agent.extension_number}`, { status: 'DANCING' }), 400, 'VALIDATE_FAILED');
    expectError(await api.post(`/api/call_queues/${queue.id}/agents/${agent.extension_number}`, {}), 400, 'VALIDATE_FAILED');
    expectError(await api.post(`/api/call_queues/${queue.id}/agents`, { items: [{ extension_number: '12', skill_level: 1 }] }), 400, 'VALIDATE_FAILED');
    expectError(await api.post(`/api/call_queues/${queue.id}/agents`, { items: [{ extension_number: agent.extension_number, skill_level: 101 }] }), 400, 'VALIDATE_FAILED');
    expectError(await api.send('POST', '/api/groups', { raw: '{"name": ' }), 400, 'VALIDATE_FAILED');
    expectError(await api.post(`/api/users/${agent.id}/destroy`, { really: true }), 400, 'VALIDATE_FAILED');
  });

  it('a body key the spec does not declare (a misspelt field) is 400 VALIDATE_FAILED naming it, and nothing changes', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const queue = [...sim.state.queues.values()][0]!;
    const agent = sim.state.users.get([...queue.agents.keys()][0]!)!;
    const before = { mobile: agent.mobile_phone, agents: [...queue.agents.keys()] };

    const misspelt = await api.post(`/api/users/${agent.id}`, { mobile_phone: '+46700000001', displayNmae: 'Typo' });
    expectError(misspelt, 400, 'VALIDATE_FAILED');
    expect((misspelt.body as ErrorReply).errors.map((e) => e.message)).toEqual(['displayNmae is not a property of this request']);
    const nested = await api.post(`/api/call_queues/${queue.id}/agents`, { items: [{ extension_number: agent.extension_number, skill: 3 }] });
    expectError(nested, 400, 'VALIDATE_FAILED');
    expect(nested.text).toContain('items[0].skill');
    expectError(await api.post('/api/auth/sign_in', { ...sim.credentials, remember_me: true }), 400, 'VALIDATE_FAILED');

    expect({ mobile: agent.mobile_phone, agents: [...queue.agents.keys()] }).toEqual(before);
    expect((await api.post(`/api/users/${agent.id}`, { mobile_phone: '+46700000001', display_name: 'Fixed' })).status).toBe(200);
  });

  it('PortSIP rules beyond the schema: anchored extension pattern, name rules, reserved names, roles', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const base = { name: 'new.user', password: 'Secret-1', email: 'n@example.com', display_name: 'New', role: 'StandardUser', extension_number: '7100', extension_password: 'Sip-Secret-1', voicemail_pin: '482915' };
    for (const change of [{ extension_number: 'ab123' }, { name: '.dot' }, { name: 'Root' }, { role: 'SystemAdmin' }]) {
      expectError(await api.post('/api/users', { ...base, ...change }), 400, 'VALIDATE_FAILED');
    }
    expect((await api.post('/api/users', base)).status).toBe(201);
  });

  it('the PIN policy (spec) and the default tenant password policy, for both passwords, on create; the PIN policy on update', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const base = { name: 'new.user', password: 'Secret-1', email: 'n@example.com', display_name: 'New', role: 'StandardUser', extension_number: '7100', extension_password: 'Sip-Secret-1', voicemail_pin: '482915' };
    const refused: Array<[Obj, string]> = [
      [{ voicemail_pin: '12ab56' }, 'voicemail_pin must be 6 to 10 digits'],
      [{ voicemail_pin: '481115' }, 'voicemail_pin must not contain three repeating digits'],
      [{ voicemail_pin: '123456' }, 'voicemail_pin must not contain three sequential digits'],
      [{ voicemail_pin: '498765' }, 'voicemail_pin must not contain three sequential digits'],
      [{ password: '' }, 'password must be 6 to 32 characters'],
      [{ password: 'secret12' }, 'password must contain an upper-case letter or a special character'],
      [{ password: 'Secret-123' }, 'password must not contain three sequential characters'],
      [{ extension_password: 'Sip-Seeecret-1' }, 'extension_password must not contain three repeating characters'],
      [{ extension_password: 'Sip-Secret' }, 'extension_password must contain a digit'],
      [{ extension_password: 'Sip-7100-pw' }, 'extension_password must not contain the user name or extension number'],
      [{ password: 'My-New.User-9' }, 'password must not contain the user name or extension number'],
    ];
    for (const [change, problem] of refused) {
      const reply = await api.post('/api/users', { ...base, ...change });
      expectError(reply, 400, 'VALIDATE_FAILED');
      expect((reply.body as ErrorReply).errors.map((e) => e.message), JSON.stringify(change)).toContainEqual(expect.stringContaining(problem));
    }
    const created = await api.post('/api/users', base);
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expectError(await api.post(`/api/users/${id}`, { voicemail_pin: '111111' }), 400, 'VALIDATE_FAILED');
    expect(sim.state.users.get(id)!.voicemail_pin).toBe('482915');
    expect((await api.post(`/api/users/${id}`, { voicemail_pin: '5917304' })).status).toBe(200);
    expect(sim.state.users.get(id)!.voicemail_pin).toBe('5917304');
  });

  it('path extension numbers and paging parameters are validated', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const group = [...sim.state.groups.values()][0]!;
    const queue = [...sim.state.queues.values()][0]!;
    expectError(await api.post(`/api/groups/${group.id}/members/12a4`), 400, 'VALIDATE_FAILED');
    expectError(await api.post(`/api/groups/${group.id}/members/12`), 400, 'VALIDATE_FAILED');
    expectError(await api.send('GET', `/api/call_queues/${queue.id}/agents/x100`), 400, 'VALIDATE_FAILED');
    for (const query of ['skip=-1', 'skip=abc', 'skip=1.5', 'skip=', 'top=0', 'top=101', 'top=abc', 'top=1e2', 'skip=99999999999']) {
      expectError(await api.send('GET', `/api/users?${query}`), 400, 'VALIDATE_FAILED');
    }
    expect((await api.get<List>('/api/users?skip=2147483647&top=1')).items).toEqual([]);
  });

  it('unknown routes and ids are 404 NOT_FOUND', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const missing = sim.facts.missingId;
    for (const path of [`/api/users/${missing}`, `/api/groups/${missing}`, `/api/groups/${missing}/members`, `/api/call_queues/${missing}`, `/api/call_queues/${missing}/agents`, `/api/call_queues/${missing}/waiting`, `/api/cdrs/${missing}`, `/api/user/cdrs/${missing}`, '/api/nothing']) {
      expectError(await api.send('GET', path), 404, 'NOT_FOUND');
    }
    for (const path of [`/api/users/${missing}`, `/api/users/${missing}/destroy`, `/api/groups/${missing}/destroy`]) {
      expectError(await api.send('POST', path, path.endsWith('destroy') ? {} : { body: {} }), 404, 'NOT_FOUND');
    }
  });
});

describe('PortSIP simulator: lists', () => {
  it('skip/top page through the list; count is the total', async () => {
    const sim = createPortSipSimulator({ now: () => NOW, cdrs: 0 });
    const api = await signIn(sim);
    const page = await api.get<List>('/api/users?skip=240&top=100');
    expect(page.count).toBe(250);
    expect(page.items).toHaveLength(10);
    expect((await api.get<List>('/api/users')).items).toHaveLength(100);
    const users = await all(api, '/api/users', 33);
    expect(new Set(users.map((u) => u['id'])).size).toBe(250);
    expect(users[0]).toMatchObject({ name: 'admin', role: 'Admin', extension_number: '100' });
    expect(new Set(users.map((u) => u['extension_number'])).size).toBe(250);
  });

  it('filter, search and orderby work together with paging', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const users = [...sim.state.users.values()];
    const target = users[7]!;
    const byEmail = await api.get<List>(`/api/users?filter=${q(`email eq '${target.email!.toUpperCase()}'`)}`);
    expect(byEmail.items.map((u) => u['id'])).toEqual([target.id]);
    const sales = await api.get<List>(`/api/users?filter=${q("department eq 'Sales' and enabled eq true")}`);
    expect(sales.count).toBe(users.filter((u) => u.department === 'Sales' && u.enabled).length);
    const either = await api.get<List>(`/api/users?filter=${q("(department eq 'Sales' or department eq 'HR') and not (mobile_phone eq null)")}`);
    expect(either.count).toBe(users.filter((u) => (u.department === 'Sales' || u.department === 'HR') && u.mobile_phone !== null).length);
    const prefixed = await api.get<List>(`/api/users?filter=${q("startswith(extension_number,'10') and endswith(email,'@example.com') and contains(display_name,'a')")}`);
    expect(prefixed.count).toBe(users.filter((u) => u.extension_number.startsWith('10') && u.email!.endsWith('@example.com') && u.display_name!.toLowerCase().includes('a')).length);
    const created = await api.get<List>(`/api/users?filter=${q(`created_at ge '${new Date(users[30]!.created_at - 1000).toISOString()}'`)}`);
    expect(created.count).toBe(users.filter((u) => u.created_at >= users[30]!.created_at - 1000).length);

    const searched = await api.get<List>(`/api/users?search=${q(target.display_name!.split(' ')[1]!.toUpperCase())}&orderby=${q('extension_number desc')}`);
    expect(searched.items.some((u) => u['id'] === target.id)).toBe(true);
    const extensions = searched.items.map((u) => String(u['extension_number']));
    expect(extensions).toEqual([...extensions].sort().reverse());

    const ordered = await api.get<List>(`/api/users?orderby=${q('department asc, extension_number desc')}&top=100`);
    const keys = ordered.items.map((u) => [u['department'], u['extension_number']] as [string | null, string]);
    const expected = [...keys].sort((a, b) => (a[0] === b[0] ? b[1].localeCompare(a[1]) : a[0] === null ? 1 : b[0] === null ? -1 : a[0].toLowerCase() < b[0].toLowerCase() ? -1 : 1));
    expect(keys).toEqual(expected);

    const queues = await api.get<List>(`/api/call_queues?filter=${q('ring_time ge 20 and ring_time le 30')}`);
    expect(queues.count).toBe([...sim.state.queues.values()].filter((x) => x.ring_time >= 20).length);
  });

  it("filter literals escape quotes as '' and cannot break out of the literal", async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const created = await api.post('/api/users', { name: "o'brien", password: 'Pa55-w0rd!', email: "o'brien@example.com", display_name: "Conan O'Brien", role: 'StandardUser', extension_number: '7200', extension_password: 'S1p-Pa55!', voicemail_pin: '482915' });
    expect(created.status).toBe(201);
    const found = await api.get<List>(`/api/users?filter=${q("name eq 'o''brien'")}`);
    expect(found.items.map((u) => u['display_name'])).toEqual(["Conan O'Brien"]);
    // An injection attempt is just a value that matches nobody.
    expect((await api.get<List>(`/api/users?filter=${q("name eq 'x'' or ''1'' eq ''1'")}`)).count).toBe(0);
    expect((await api.get<List>(`/api/users?filter=${q("contains(display_name,'''')")}`)).count).toBe(1);
  });

  it('bad filters and orderbys are 400 VALIDATE_FAILED, never 500', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const bad = [
      "nope eq 'x'",
      "name eq 'unterminated",
      'name eq',
      "name eq 'a' and",
      "(name eq 'a'",
      "name eq 'a')",
      "name like 'a'",
      'enabled gt true',
      'enabled eq 1',
      "created_at ge 'yesterday'",
      'created_at ge 2025-01-01',
      "extension_number eq 100",
      "'1' eq '1'",
      "startswith(enabled,'t')",
      'name gt null',
      "name eq 'a' ; drop table users",
      '('.repeat(200) + "name eq 'a'" + ')'.repeat(200),
      'not '.repeat(100) + "name eq 'a'",
      `name eq '${'x'.repeat(5000)}'`,
      '',
      '\u0000',
    ];
    for (const filter of bad) expectError(await api.send('GET', `/api/users?filter=${q(filter)}`), 400, 'VALIDATE_FAILED');
    for (const orderby of ['nope asc', 'name sideways', 'name asc desc', ',', '']) {
      expectError(await api.send('GET', `/api/users?orderby=${q(orderby)}`), 400, 'VALIDATE_FAILED');
    }
    // A long but flat expression is fine.
    const long = Array.from({ length: 100 }, (_, i) => `extension_number eq '${1000 + i}'`).join(' or ');
    expect((await api.get<List>(`/api/users?filter=${q(long)}`)).count).toBeGreaterThan(0);
  });

  it('lists return the summary representation, by-id reads the detailed one; secrets are never returned', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const [listed] = (await api.get<List>('/api/users?skip=1&top=1')).items;
    const detail = await api.get(`/api/users/${String(listed!['id'])}`);
    expect(Object.keys(listed!).sort()).toEqual(['address', 'created_at', 'department', 'display_name', 'email', 'enabled', 'extension_number', 'home_phone', 'id', 'mobile_phone', 'name', 'role', 'work_phone']);
    expect(detail).toMatchObject(listed!);
    expect(detail).toHaveProperty('enable_dnd', false);
    expect(detail).toHaveProperty('sms', 'DISABLE');
    expect(listed).not.toHaveProperty('enable_dnd');

    const [group] = (await api.get<List>('/api/groups')).items;
    expect(Object.keys(group!).sort()).toEqual(['description', 'id', 'name']);
    expect(await api.get(`/api/groups/${String(group!['id'])}`)).toEqual({ ...group, outbound_caller_ids: [] });

    const [queue] = (await api.get<List>('/api/call_queues')).items;
    expect(Object.keys(queue!).sort()).toEqual(['extension_number', 'id', 'name', 'polling_strategy', 'ring_time']);
    expect(await api.get(`/api/call_queues/${String(queue!['id'])}`)).toMatchObject({ ...queue, agent_auto_ready: true });

    const user = sim.state.users.get(String(listed!['id']))!;
    for (const secret of [user.password, user.extension_password, user.voicemail_pin]) {
      expect(JSON.stringify(detail)).not.toContain(secret);
      expect(JSON.stringify(await api.get('/api/users?top=100'))).not.toContain(secret);
    }
    expect(JSON.stringify(await api.get('/api/user'))).not.toContain(sim.credentials.password);
  });
});

describe('PortSIP simulator: users and groups', () => {
  it('creates, reads, partially updates and destroys users; duplicates are 409', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const body = { name: 'jane.doe', password: 'Secret-1', email: 'jane@example.com', display_name: 'Jane Doe', role: 'StandardUser', extension_number: '7300', extension_password: 'Sip-Secret-1', voicemail_pin: '690417', mobile_phone: '+46701112233', enable_dnd: true };
    const created = await api.post('/api/users', body);
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect(id).toMatch(/^[A-Za-z0-9]+=*$/);
    const user = await api.get(`/api/users/${id}`);
    expect(user).toMatchObject({ id, name: 'jane.doe', email: 'jane@example.com', mobile_phone: '+46701112233', enable_dnd: true, enabled: true, department: null });
    expect(user['created_at']).toMatch(RFC3339);

    expectError(await api.post('/api/users', { ...body, extension_number: '7301' }), 409, 'ALREADY_EXISTS');
    expectError(await api.post('/api/users', { ...body, name: 'JANE.DOE', extension_number: '7301' }), 409, 'ALREADY_EXISTS');
    expectError(await api.post('/api/users', { ...body, name: 'jane.two' }), 409, 'ALREADY_EXISTS');
    expectError(await api.post('/api/users', { ...body, name: 'jane.queue', extension_number: '8000' }), 409, 'ALREADY_EXISTS');

    expect((await api.post(`/api/users/${id}`, { display_name: 'Jane Q. Doe', department: 'Sales', work_phone: '' })).status).toBe(200);
    expect(await api.get(`/api/users/${id}`)).toMatchObject({ display_name: 'Jane Q. Doe', department: 'Sales', email: 'jane@example.com', work_phone: null, enable_dnd: true });
    expect(sim.state.users.get(id)!.voicemail_pin).toBe('690417');

    // The new user can log in with the password it was created with.
    await signIn(sim, { username: 'jane.doe', password: 'Secret-1' });
    expect((await api.post(`/api/users/${id}/destroy`)).status).toBe(204);
    expectError(await api.send('GET', `/api/users/${id}`), 404, 'NOT_FOUND');
    expectError(await api.post(`/api/users/${id}/destroy`), 404, 'NOT_FOUND');
    // Its extension is free again.
    expect((await api.post('/api/users', { ...body, name: 'jane.again' })).status).toBe(201);
  });

  it('destroying a user removes it from groups and queues and ends its sessions; CDRs stay', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const queue = [...sim.state.queues.values()][0]!;
    const victim = [...queue.agents.keys()].map((id) => sim.state.users.get(id)!).find((u) => u.role === 'StandardUser' && u.enabled)!;
    const group = [...sim.state.groups.values()][0]!;
    if (!group.members.has(victim.id)) expect((await api.post(`/api/groups/${group.id}/members/${victim.extension_number}`)).status).toBe(200);
    const session = await signIn(sim, { username: victim.name, password: victim.password });
    const cdrsBefore = (await api.get<List>('/api/cdrs?top=1')).count;

    expect((await api.post(`/api/users/${victim.id}/destroy`)).status).toBe(204);
    const members = await api.get<{ items: Obj[] }>(`/api/groups/${group.id}/members`);
    expect(members.items.some((m) => m['id'] === victim.id)).toBe(false);
    const agents = await api.get<{ items: Obj[] }>(`/api/call_queues/${queue.id}/agents`);
    expect(agents.items.some((a) => a['extension_number'] === victim.extension_number)).toBe(false);
    expectError(await api.send('GET', `/api/call_queues/${queue.id}/agents/${victim.extension_number}`), 404, 'NOT_FOUND');
    expectError(await session.send('GET', '/api/user'), 401, 'UNAUTHORIZED');
    expect((await api.get<List>('/api/cdrs?top=1')).count).toBe(cdrsBefore);
    expectError(await api.post(`/api/users/${sim.state.userByName('admin')!.id}/destroy`), 400, 'VALIDATE_FAILED');
  });

  it('groups: create, rename, members add/remove with 404/409 semantics, destroy', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const created = await api.post('/api/groups', { name: 'Night Owls', description: 'After hours' });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    expect(await api.get(`/api/groups/${id}`)).toEqual({ id, name: 'Night Owls', description: 'After hours', outbound_caller_ids: [] });
    expectError(await api.post('/api/groups', { name: 'night owls' }), 409, 'ALREADY_EXISTS');
    expectError(await api.post('/api/groups', { description: 'no name' }), 400, 'VALIDATE_FAILED');
    expectError(await api.post(`/api/groups/${id}`, { name: [...sim.state.groups.values()][0]!.name }), 409, 'ALREADY_EXISTS');
    expect((await api.post(`/api/groups/${id}`, { name: 'Night Owls 2' })).status).toBe(200);
    expect((await api.get(`/api/groups/${id}`))['name']).toBe('Night Owls 2');

    const user = [...sim.state.users.values()][5]!;
    expect((await api.post(`/api/groups/${id}/members/${user.extension_number}`)).status).toBe(200);
    expectError(await api.post(`/api/groups/${id}/members/${user.extension_number}`), 409, 'ALREADY_EXISTS');
    expectError(await api.post(`/api/groups/${id}/members/${sim.facts.freeExtension}`), 404, 'NOT_FOUND');
    expect(await api.get(`/api/groups/${id}/members`)).toEqual({ items: [{ id: user.id, name: user.name, display_name: user.display_name, extension_number: user.extension_number }] });
    expect((await api.post(`/api/groups/${id}/members/${user.extension_number}/destroy`)).status).toBe(204);
    expectError(await api.post(`/api/groups/${id}/members/${user.extension_number}/destroy`), 404, 'NOT_FOUND');
    expect(await api.get(`/api/groups/${id}/members`)).toEqual({ items: [] });

    expect((await api.post(`/api/groups/${id}/destroy`)).status).toBe(204);
    expectError(await api.send('GET', `/api/groups/${id}`), 404, 'NOT_FOUND');
  });
});

describe('PortSIP simulator: call queues', () => {
  it('three seeded queues (8000–8002) with 8–12 agents in mixed states; callers wait on one queue only', async () => {
    const sim = createPortSipSimulator({ now: () => NOW, cdrs: 0 });
    const api = await signIn(sim);
    const queues = (await api.get<List>('/api/call_queues')).items;
    expect(queues.map((x) => x['extension_number'])).toEqual(['8000', '8001', '8002']);
    const statuses = new Set<unknown>();
    const waiting: number[] = [];
    for (const queue of queues) {
      const agents = (await api.get<{ items: Obj[] }>(`/api/call_queues/${String(queue['id'])}/agents`)).items;
      expect(agents.length).toBeGreaterThanOrEqual(8);
      expect(agents.length).toBeLessThanOrEqual(12);
      for (const agent of agents) {
        expect(Object.keys(agent).sort()).toEqual(['display_name', 'extension_number', 'skill_level']);
        statuses.add((await api.get(`/api/call_queues/${String(queue['id'])}/agents/${String(agent['extension_number'])}`))['status']);
      }
      waiting.push((await api.get<{ items: Obj[] }>(`/api/call_queues/${String(queue['id'])}/waiting`)).items.length);
    }
    expect([...statuses].sort()).toEqual(['LOGGED_OUT', 'NOT_READY', 'QUEUE_CALL', 'READY']);
    expect(waiting.filter((n) => n > 0)).toHaveLength(1);
  });

  it('the agent list is replaced as a whole: staying agents keep their status, new ones start logged out', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const queue = [...sim.state.queues.values()][0]!;
    const path = `/api/call_queues/${queue.id}/agents`;
    const current = (await api.get<{ items: Array<{ extension_number: string; skill_level: number }> }>(path)).items;
    const [keep, drop] = current;
    expect((await api.post(`${path}/${keep!.extension_number}`, { status: 'NOT_READY' })).status).toBe(200);
    const newcomer = [...sim.state.users.values()].find((u) => !queue.agents.has(u.id))!;
    const next = [{ extension_number: keep!.extension_number, skill_level: 7 }, { extension_number: newcomer.extension_number }];
    expect((await api.post(path, { items: next })).status).toBe(200);
    expect((await api.get<{ items: Obj[] }>(path)).items).toEqual([
      { extension_number: keep!.extension_number, display_name: sim.state.userByExtension(keep!.extension_number)!.display_name, skill_level: 7 },
      { extension_number: newcomer.extension_number, display_name: newcomer.display_name, skill_level: 1 },
    ]);
    expect((await api.get(`${path}/${keep!.extension_number}`))['status']).toBe('NOT_READY');
    expect((await api.get(`${path}/${newcomer.extension_number}`))['status']).toBe('LOGGED_OUT');
    expectError(await api.send('GET', `${path}/${drop!.extension_number}`), 404, 'NOT_FOUND');

    expectError(await api.post(path, { items: [{ extension_number: sim.facts.freeExtension }] }), 400, 'VALIDATE_FAILED');
    expectError(await api.post(path, { items: [{ extension_number: newcomer.extension_number }, { extension_number: newcomer.extension_number }] }), 400, 'VALIDATE_FAILED');
    expectError(await api.post(path, {}), 400, 'VALIDATE_FAILED');
    expect((await api.get<{ items: Obj[] }>(path)).items).toHaveLength(2);
  });

  it('replacing the agent list is last-writer-wins: the lost update the adapter’s read-modify-write must detect', async () => {
    const sim = simulator();
    const [alice, bob] = [await signIn(sim), await signIn(sim)];
    const queue = [...sim.state.queues.values()][2]!;
    const path = `/api/call_queues/${queue.id}/agents`;
    type Agents = { items: Array<{ extension_number: string; skill_level: number }> };
    // Only the keys the write declares: the read also has display_name, which a write refuses.
    const read = async (api: Api) => (await api.get<Agents>(path)).items.map(({ extension_number, skill_level }) => ({ extension_number, skill_level }));
    const [seenByAlice, seenByBob] = [{ items: await read(alice) }, { items: await read(bob) }];
    const [first, second] = [...sim.state.users.values()].filter((u) => !queue.agents.has(u.id));
    expect((await alice.post(path, { items: [...seenByAlice.items, { extension_number: first!.extension_number }] })).status).toBe(200);
    expect((await bob.post(path, { items: [...seenByBob.items, { extension_number: second!.extension_number }] })).status).toBe(200);
    const final = (await alice.get<Agents>(path)).items.map((a) => a.extension_number);
    expect(final).toContain(second!.extension_number);
    expect(final).not.toContain(first!.extension_number);
  });

  it('agent status (22.0): LOGGED_IN makes the agent READY, the other settable values are stored as given', async () => {
    const sim = simulator({ apiVersion: '22.0' });
    const api = await signIn(sim);
    const queue = [...sim.state.queues.values()][1]!;
    const agent = sim.state.users.get([...queue.agents.keys()][0]!)!;
    const path = `/api/call_queues/${queue.id}/agents/${agent.extension_number}`;
    const expected: Record<string, string> = { LOGGED_IN: 'READY', NOT_READY: 'NOT_READY', WRAP_UP: 'WRAP_UP', BREAK: 'BREAK', LUNCH: 'LUNCH', READY: 'READY', LOGGED_OUT: 'LOGGED_OUT' };
    for (const [status, after] of Object.entries(expected)) {
      expect((await api.post(path, { status })).status).toBe(200);
      expect(await api.get(path)).toEqual({ extension_number: agent.extension_number, display_name: agent.display_name, skill_level: queue.agents.get(agent.id)!.skill_level, status: after });
    }
    const outsider = [...sim.state.users.values()].find((u) => !queue.agents.has(u.id))!;
    expectError(await api.post(`/api/call_queues/${queue.id}/agents/${outsider.extension_number}`, { status: 'READY' }), 404, 'NOT_FOUND');
  });

  it('agent status (22.3): BREAK and LUNCH were removed', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const queue = [...sim.state.queues.values()][1]!;
    const agent = sim.state.users.get([...queue.agents.keys()][0]!)!;
    for (const status of ['BREAK', 'LUNCH']) expectError(await api.post(`/api/call_queues/${queue.id}/agents/${agent.extension_number}`, { status }), 400, 'VALIDATE_FAILED');
  });
});

describe('PortSIP simulator: CDRs', () => {
  it('seeded records are realistic and spread over the 30 days before today and today', async () => {
    const sim = createPortSipSimulator({ now: () => NOW, users: 80 });
    const api = await signIn(sim);
    const cdrs = await all<Obj>(api, `/api/cdrs?orderby=${q('started_at asc')}`);
    expect(cdrs).toHaveLength(5000);
    const extensions = new Set([...sim.state.users.values()].map((u) => u.extension_number).concat(['8000', '8001', '8002']));
    const ms = (value: unknown) => Date.parse(String(value));
    let answered = 0;
    const directions = new Set<unknown>();
    for (const cdr of cdrs) {
      for (const field of ['started_at', 'ended_at']) expect(cdr[field]).toMatch(RFC3339);
      const started = ms(cdr['started_at']);
      expect(started).toBeGreaterThanOrEqual(MIDNIGHT - 30 * DAY);
      expect(started).toBeLessThan(MIDNIGHT + DAY);
      // `duration` is the talk time (the spec: "total talk time for a session").
      expect(cdr['duration']).toBe(cdr['answered_at'] ? (ms(cdr['ended_at']) - ms(cdr['answered_at'])) / 1000 : 0);
      directions.add(cdr['direction']);
      const internal = cdr['direction'] === 'EXTENSION_CALL';
      expect(cdr['trunk'] === null).toBe(internal);
      if (internal) expect(extensions.has(String(cdr['caller'])) && extensions.has(String(cdr['callee']))).toBe(true);
      if (cdr['direction'] === 'OUTBOUND_CALL') expect(cdr['callee']).toMatch(/^\+[1-9]\d{6,14}$/);
      if (cdr['direction'] === 'INBOUND_CALL') expect(cdr['caller']).toMatch(/^\+[1-9]\d{6,14}$/);
      if (cdr['answered_at'] !== null) {
        answered++;
        expect(cdr['status_code']).toBe(200);
        expect(ms(cdr['rang_at'])).toBeGreaterThanOrEqual(started);
        expect(ms(cdr['answered_at'])).toBeGreaterThan(ms(cdr['rang_at']));
        expect(ms(cdr['ended_at'])).toBeGreaterThan(ms(cdr['answered_at']));
      } else {
        expect([486, 487, 404, 503]).toContain(cdr['status_code']);
        if (cdr['status_code'] === 487) expect(cdr['end_reason']).toBe('CANCELLED');
      }
    }
    expect(answered / cdrs.length).toBeGreaterThan(0.65);
    expect(answered / cdrs.length).toBeLessThan(0.75);
    expect([...directions].sort()).toEqual(['EXTENSION_CALL', 'INBOUND_CALL', 'INBOUND_OUTBOUND_CALL', 'OUTBOUND_CALL']);
    expect(cdrs.map((c) => ms(c['started_at']))).toEqual(cdrs.map((c) => ms(c['started_at'])).sort((a, b) => a - b));
  });

  it('filters by started_at range and party, ordered by started_at, as the adapter asks', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    const { from, to } = sim.facts.cdrRange!;
    const user = [...sim.state.users.values()][3]!;
    const filter = `started_at ge '${from.toISOString()}' and started_at lt '${to.toISOString().replace('.000Z', 'Z')}' and (caller eq '${user.extension_number}' or callee eq '${user.extension_number}')`;
    const found = await all<Obj>(api, `/api/cdrs?filter=${q(filter)}&orderby=${q('started_at asc')}`, 7);
    const expected = sim.state.cdrs.filter((c) => c.startedAt >= from.getTime() && c.startedAt < to.getTime() && (c.caller === user.extension_number || c.callee === user.extension_number));
    expect(found.map((c) => c['id'])).toEqual(expected.map((c) => c.id));
    const descending = await api.get<List>(`/api/cdrs?orderby=${q('started_at desc')}&top=3`);
    expect(descending.items.map((c) => c['id'])).toEqual(sim.state.cdrs.slice(-3).reverse().map((c) => c.id));
    const busy = await api.get<List>(`/api/cdrs?filter=${q('status_code eq 486 and duration le 3')}`);
    expect(busy.count).toBe(sim.state.cdrs.filter((c) => c.status_code === 486).length);
  });

  it('by id: /cdrs/{id} wraps the record in an array without id, /user/cdrs/{id} in an object; others’ records are 404', async () => {
    const sim = simulator();
    const admin = await signIn(sim);
    const [listed] = (await admin.get<List>('/api/cdrs?top=1')).items;
    const detail = await admin.get<{ items: Obj[] }>(`/api/cdrs/${String(listed!['id'])}`);
    expect(detail.items).toHaveLength(1);
    const { id, ...rest } = listed!;
    expect(id).toBeDefined();
    expect(detail.items[0]).toEqual({ ...rest, cost: expect.any(Number), billed_account: expect.toBeOneOf([null, expect.any(String)]) });

    const user = await signIn(sim, sim.standardUser);
    const extension = sim.state.userByName(sim.standardUser.username)!.extension_number;
    const own = sim.state.cdrs.find((c) => c.caller === extension || c.callee === extension)!;
    const foreign = sim.state.cdrs.find((c) => c.caller !== extension && c.callee !== extension)!;
    const mine = await user.get<{ items: Obj }>(`/api/user/cdrs/${own.id}`);
    expect(mine.items).toMatchObject({ caller: own.caller, callee: own.callee, started_at: expect.stringMatching(RFC3339) });
    expect(mine.items).not.toHaveProperty('id');
    expectError(await user.send('GET', `/api/user/cdrs/${foreign.id}`), 404, 'NOT_FOUND');
  });

  it('enumDrift emits v22.3-only values (outside the v22.0 schema); the default does not', async () => {
    const drift = createPortSipSimulator({ now: () => NOW, users: 60, enumDrift: true });
    const plain = createPortSipSimulator({ now: () => NOW, users: 60 });
    expect(drift.state.cdrs.some((c) => c.reroute_reason === 'QUEUE_EXIT')).toBe(true);
    expect(plain.state.cdrs.some((c) => c.reroute_reason === 'QUEUE_EXIT')).toBe(false);
    // Same calls otherwise.
    expect(drift.state.cdrs.map((c) => c.id)).toEqual(plain.state.cdrs.map((c) => c.id));
    const api = await signIn(drift, drift.credentials, false);
    const reply = await api.send('GET', `/api/cdrs?filter=${q("reroute_reason eq 'QUEUE_EXIT'")}&top=5`);
    expect(reply.status).toBe(200);
    expect(responseBodyProblems('GET /cdrs', 200, reply.body).join()).toContain('reroute_reason');
  });
});

describe('PortSIP simulator: determinism and speed', () => {
  const pages = async (sim: PortSipSimulator): Promise<string[]> => {
    const api = await signIn(sim);
    const paths = ['/api/users?skip=0&top=100', '/api/users?skip=200&top=100', '/api/groups', '/api/call_queues', '/api/cdrs?skip=0&top=100', '/api/cdrs?skip=4900&top=100', `/api/users/${[...sim.state.users.keys()][9]}`];
    return Promise.all(paths.map(async (path) => (await api.send('GET', path)).text));
  };

  it('the same seed and day give byte-identical replies, whatever the time of day; another seed differs', async () => {
    const morning = await pages(createPortSipSimulator({ seed: 42, now: () => MIDNIGHT + 1000 }));
    const evening = await pages(createPortSipSimulator({ seed: 42, now: () => MIDNIGHT + DAY - 1000 }));
    expect(evening).toEqual(morning);
    const other = await pages(createPortSipSimulator({ seed: 43, now: () => MIDNIGHT + 1000 }));
    expect(other[0]).not.toEqual(morning[0]);
    expect(other[4]).not.toEqual(morning[4]);
  });

  it('seeds 250 users and 5000 CDRs well under 200 ms, and pages through them quickly', async () => {
    const timings = Array.from({ length: 3 }, () => {
      const started = performance.now();
      createPortSipSimulator({ seed: 5 });
      return performance.now() - started;
    });
    expect(Math.min(...timings)).toBeLessThan(200);

    const sim = createPortSipSimulator({ seed: 5, now: () => NOW });
    const api = await signIn(sim);
    const started = performance.now();
    const filter = q(`started_at ge '${new Date(MIDNIGHT - 31 * DAY).toISOString()}' and started_at lt '${new Date(MIDNIGHT + DAY).toISOString()}'`);
    expect(await all(api, `/api/cdrs?filter=${filter}&orderby=${q('started_at asc')}`)).toHaveLength(5000);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('rejects impossible options', () => {
    expect(() => createPortSipSimulator({ users: 1 })).toThrow(RangeError);
    expect(() => createPortSipSimulator({ cdrs: -1 })).toThrow(RangeError);
    expect(() => createPortSipSimulator({ loginGenerations: [] })).toThrow(RangeError);
    expect(() => createPortSipSimulator({ tokenTtlSeconds: 0 })).toThrow(RangeError);
  });

  it('records every request for inspection, and exposes facts for generic tests', async () => {
    const sim = simulator();
    const api = await signIn(sim);
    await api.send('GET', '/api/users?top=2&filter=' + q("name eq 'admin'"));
    expect(sim.requestCount()).toBe(2);
    expect(sim.requests[1]).toEqual({ method: 'GET', path: '/api/users', query: { top: '2', filter: "name eq 'admin'" }, body: undefined });
    // The log keeps no secrets (core/sim/record.ts): the password is masked.
    expect(sim.requests[0]!.body).toEqual({ ...sim.credentials, password: '[REDACTED]' });
    expect(sim.state.extensionTaken(sim.facts.freeExtension)).toBe(false);
    expect(sim.state.users.has(sim.facts.missingId) || sim.state.cdrById.has(sim.facts.missingId)).toBe(false);
    expect(sim.state.cdrs.some((c) => c.startedAt >= sim.facts.cdrRange!.from.getTime() && c.startedAt < sim.facts.cdrRange!.to.getTime())).toBe(true);
  });
});
