/**
 * The VoIPStudio client end to end against its simulator: every way to authenticate (login with
 * X-Auth-Token or Basic, v1.1 or v1.2, API key), an idle session expiring mid-sequence (one
 * transparent re-login), 2FA, a non-admin account, and the unified operations over real
 * loopback HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PbxClient } from '../../core/client.js';
import { isPbxError } from '../../core/errors.js';
import { createVoipStudio, type VoipStudioOptions } from '../../adapters/voipstudio/index.js';
import { createVoipStudioSimulator, startVoipStudioSimulator, type VoipStudioSimulator } from '../../adapters/voipstudio/simulator/index.js';
import { ADMIN_EMAIL } from '../../adapters/voipstudio/simulator/seed.js';
import type { RunningSimulator } from '../../core/sim/types.js';

const ROOT = 'http://voipstudio.sim';
const inProcess = (sim: VoipStudioSimulator): typeof fetch => ((input: string | URL | Request, init?: RequestInit) => sim.app.fetch(new Request(input, init))) as typeof fetch;
const connect = (sim: VoipStudioSimulator, options: Partial<VoipStudioOptions> = {}): PbxClient =>
  createVoipStudio({ baseUrl: ROOT, credentials: sim.credentials, fetch: inProcess(sim), retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
const logins = (sim: VoipStudioSimulator) => sim.requests.filter((r) => r.path.endsWith('/login')).length;

describe('authentication variants against the simulator', () => {
  it.each([
    ['v1.2 + X-Auth-Token', { apiVersion: 'v1.2' as const }, '/v1.2/'],
    ['v1.2 + Basic', { authHeader: 'basic' as const }, '/v1.2/'],
    ['v1.1 + Basic', { apiVersion: 'v1.1' as const }, '/v1.1/'],
  ])('%s: logs in once and works', async (_name, options, prefix) => {
    const sim = createVoipStudioSimulator({ users: 20, cdrs: 50 });
    const pbx = connect(sim, options);
    const users = await pbx.users.list({ pageSize: 5 }).toArray();
    expect(users).toHaveLength(20);
    expect((await pbx.whoami()).email).toBe(sim.credentials.email);
    expect(logins(sim)).toBe(1);
    expect(sim.requests.every((r) => r.path.startsWith(prefix))).toBe(true);
  });

  it('an API key (X-Auth-Token, or Basic with userId) never logs in; whoami goes through /me when the id is unknown', async () => {
    const sim = createVoipStudioSimulator({ users: 20, cdrs: 0 });
    const byToken = connect(sim, { credentials: { apiKey: sim.apiKey.apiKey } });
    expect((await byToken.whoami()).id).toBe(sim.apiKey.userId);
    const byBasic = connect(sim, { apiVersion: 'v1.1', credentials: sim.apiKey });
    expect((await byBasic.whoami()).id).toBe(sim.apiKey.userId);
    expect(logins(sim)).toBe(0);
    expect(sim.requests.filter((r) => r.path.endsWith('/me'))).toHaveLength(1);
  });

  it('a session that expires while idle is renewed by one transparent re-login', async () => {
    let now = Date.UTC(2025, 0, 15, 9);
    const sim = createVoipStudioSimulator({ now: () => now, users: 20, cdrs: 0, tokenTtlSeconds: 900 });
    const pbx = connect(sim);
    await pbx.users.get(sim.apiKey.userId);
    now += 600_000;
    await pbx.users.get(sim.apiKey.userId); // still active: renewed by use
    now += 901_000;
    await pbx.users.get(sim.apiKey.userId); // idle too long: 401, re-login, repeated
    expect(logins(sim)).toBe(2);
    expect(sim.requests.filter((r) => r.path.endsWith(`/users/${sim.apiKey.userId}`))).toHaveLength(4);
  });

  it('2FA: TwoFactorRequiredError with a hint, after one request', async () => {
    const sim = createVoipStudioSimulator({ users: 5, cdrs: 0, twoFactorUsers: [ADMIN_EMAIL] });
    const error = await connect(sim).users.list().page().catch((e: unknown) => e);
    expect(isPbxError(error, 'TWO_FACTOR_REQUIRED')).toBe(true);
    expect((error as { hint: string }).hint).toContain('apiKey');
    expect(sim.requests).toHaveLength(1);
  });

  it('a wrong password: AuthenticationError', async () => {
    const sim = createVoipStudioSimulator({ users: 5, cdrs: 0 });
    const error = await connect(sim, { credentials: { ...sim.credentials, password: 'wrong' } }).users.get('1').catch((e: unknown) => e);
    expect(isPbxError(error, 'AUTHENTICATION_FAILED')).toBe(true);
  });
});

describe('a non-admin account', () => {
  it("reads the directory and its own calls (scope 'self'); the account's CDRs are PermissionError", async () => {
    const sim = createVoipStudioSimulator({ users: 30, cdrs: 800 });
    const pbx = connect(sim, { credentials: sim.standardUser });
    const me = await pbx.whoami();
    expect(me.email).toBe(sim.standardUser.email);
    const mine = await pbx.cdrs.list({ scope: 'self', pageSize: 1000 }).toArray();
    expect(mine.length).toBe(sim.state.cdrs.filter((c) => String(c.user_id) === me.id).length);
    expect(mine.every((c) => c.userId === me.id)).toBe(true);
    const error = await pbx.cdrs.list().page().catch((e: unknown) => e);
    expect(isPbxError(error, 'PERMISSION_DENIED')).toBe(true);
  });
});

describe('over loopback HTTP', () => {
  let running: RunningSimulator<unknown> | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('startVoipStudioSimulator serves /v1.2/voipstudio; yesterday\'s CDRs match the simulator\'s records exactly', async () => {
    const now = Date.UTC(2025, 0, 15, 12);
    const sim = await startVoipStudioSimulator({ now: () => now, seed: 11 });
    running = sim;
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.2\/voipstudio$/);
    const pbx = createVoipStudio({ baseUrl: sim.url, credentials: sim.credentials });
    const from = new Date(Date.UTC(2025, 0, 14));
    const to = new Date(Date.UTC(2025, 0, 15));
    const records = await pbx.cdrs.list({ from, to, pageSize: 100 }).toArray();
    const expected = createVoipStudioSimulator({ now: () => now, seed: 11 }).state.cdrs.filter((c) => c.calldate >= from.getTime() && c.calldate < to.getTime());
    expect(records.map((c) => c.id)).toEqual(expected.map((c) => String(c.id)));
    expect(records.length).toBeGreaterThan(100);
    const answered = records.filter((c) => c.disposition === 'answered');
    expect(answered.every((c) => c.answeredAt !== undefined && c.talkSeconds! > 0)).toBe(true);
    await pbx.close();
  });
});
