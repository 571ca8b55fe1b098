/**
 * PortSIP login, renewal and sign-out on the wire: both login generations, the `loginMethod`
 * option and its auto-fallback, static tokens, refresh before expiry, one re-login on 401,
 * single-flight logins, and sign-out on `close()`.
 */
import { describe, expect, it } from 'vitest';
import { AuthenticationError, NotFoundError } from '../../core/errors.js';
import { fixture, idOf } from '../support/portsip/fixtures.js';
import { CREDENTIALS, SIGN_IN_TOKEN, WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const ALICE = idOf('user-detail.json');
const ALICE_PATH = `/api/users/${ALICE}`;
const LOGIN_TOKEN: string = fixture('token-login.json').access_token;
const REFRESHED_TOKEN: string = fixture('token-refreshed.json').access_token;
const UNAUTHORIZED = { status: 401, reply: { errors: [{ code: 'UNAUTHORIZED', message: 'token expired' }] } } as const;

describe('PortSIP login: POST /api/auth/sign_in (default)', () => {
  it('logs in lazily with {username, password, domain}, unsigned, then signs requests with the access token', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { fixture: 'user-detail.json' });
    const client = portsipClient();
    const user = await client.users.get(ALICE);
    expect(user.id).toBe(ALICE);
    wire.done();
    expect(wire.requests[0]?.headers['content-type']).toMatch(/^application\/json/);
    expect(wire.requests[1]?.headers['authorization']).toBe(`Bearer ${SIGN_IN_TOKEN}`);
  });

  it('omits domain when the credentials have none', async () => {
    const wire = new WireMock()
      .signIn({ body: { username: CREDENTIALS.username, password: CREDENTIALS.password } })
      .get(ALICE_PATH, { fixture: 'user-detail.json' });
    const client = portsipClient({ credentials: { username: CREDENTIALS.username, password: CREDENTIALS.password } });
    await client.users.get(ALICE);
    wire.done();
  });

  it('accepts a base URL ending in /api (and a trailing slash) without doubling it', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { fixture: 'user-detail.json' });
    await portsipClient({ baseUrl: 'https://pbx.test:8887/api/' }).users.get(ALICE);
    wire.done();
  });

  it("loginMethod 'sign_in' does not fall back: a 404 is a NotFoundError after one request", async () => {
    const wire = new WireMock().signIn({ status: 404, fixture: 'error-not-found.json' });
    const error = await rejection(portsipClient({ loginMethod: 'sign_in' }).users.get(ALICE));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ operation: 'login', status: 404 });
    wire.done();
    expect(wire.requests).toHaveLength(1);
  });
});

describe('PortSIP login: POST /api/login (older generation)', () => {
  it("loginMethod 'login' posts {username, password, domain} to /api/login and signs out with POST /api/logout", async () => {
    const wire = new WireMock()
      .legacyLogin()
      .get(ALICE_PATH, { fixture: 'user-detail.json' })
      .post('/api/logout', { status: 204 });
    const client = portsipClient({ loginMethod: 'login' });
    await client.users.get(ALICE);
    await client.close();
    wire.done();
    expect(wire.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${LOGIN_TOKEN}`);
  });

  it("'auto' falls back to /api/login when /api/auth/sign_in answers 404, and stays there for later logins and sign-out", async () => {
    const wire = new WireMock()
      .signIn({ status: 404, rawReply: '404 page not found', headers: { 'content-type': 'text/plain' } })
      .legacyLogin()
      .get(ALICE_PATH, { fixture: 'user-detail.json' })
      // the token is revoked: the re-login goes straight to /api/login
      .get(ALICE_PATH, UNAUTHORIZED)
      .legacyLogin()
      .get(ALICE_PATH, { fixture: 'user-detail.json' })
      .post('/api/logout', { status: 204 });
    const client = portsipClient();
    await client.users.get(ALICE);
    await client.users.get(ALICE);
    await client.close();
    wire.done();
    expect(wire.count('POST', '/api/auth/sign_in')).toBe(1);
    expect(wire.count('POST', '/api/login')).toBe(2);
  });

  it('renews a /api/login session before it expires by logging in again (no refresh endpoint)', async () => {
    let now = 1_750_000_000_000;
    // token-login.json: expires_in 1800 s -> renewed from 1800 s - 60 s on
    const wire = new WireMock()
      .legacyLogin()
      .get(ALICE_PATH, { fixture: 'user-detail.json' })
      .legacyLogin({ reply: { ...fixture('token-login.json'), access_token: 'second-login-token' } })
      .get(ALICE_PATH, { fixture: 'user-detail.json' });
    const client = portsipClient({ loginMethod: 'login', clock: { now: () => now } });
    await client.users.get(ALICE);
    now += 1_741_000;
    await client.users.get(ALICE);
    wire.done();
    expect(wire.count('POST', '/api/auth/refresh_token')).toBe(0);
  });
});

describe('PortSIP static token', () => {
  it('signs with the given token and never logs in; close() sends nothing', async () => {
    const wire = new WireMock().useToken('static-token-abc123').get(ALICE_PATH, { fixture: 'user-detail.json' });
    const client = portsipClient({ credentials: { token: 'static-token-abc123' } });
    await client.users.get(ALICE);
    await client.close();
    wire.done();
    expect(wire.requests).toHaveLength(1);
  });

  it('a 401 is final (an AuthenticationError, no login attempted)', async () => {
    const wire = new WireMock().useToken('static-token-abc123').get(ALICE_PATH, UNAUTHORIZED);
    const error = await rejection(portsipClient({ credentials: { token: 'static-token-abc123' } }).users.get(ALICE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, operation: 'users.get' });
    wire.done();
    expect(wire.requests).toHaveLength(1);
  });
});

describe('PortSIP renewal', () => {
  it('refreshes with POST /api/auth/refresh_token {refresh_token} shortly before expiry, not earlier', async () => {
    let now = 1_750_000_000_000;
    const refreshToken: string = fixture('token-sign-in.json').refresh_token;
    const wire = new WireMock()
      .signIn()
      .get(ALICE_PATH, { fixture: 'user-detail.json' })
      .get(ALICE_PATH, { fixture: 'user-detail.json' })
      .post('/api/auth/refresh_token', { auth: null, body: { refresh_token: refreshToken }, fixture: 'token-refreshed.json' })
      .useToken(REFRESHED_TOKEN)
      .get(ALICE_PATH, { fixture: 'user-detail.json' });
    const client = portsipClient({ clock: { now: () => now } });
    await client.users.get(ALICE);
    now += 3_539_000; // expires_in 3600 s: still 61 s left
    await client.users.get(ALICE);
    now += 2_000; // 59 s left: inside the 60 s renewal margin
    await client.users.get(ALICE);
    wire.done();
    expect(wire.count('POST', '/api/auth/sign_in')).toBe(1);
  });

  it('falls back to a fresh sign-in when the refresh token is refused', async () => {
    let now = 1_750_000_000_000;
    const wire = new WireMock()
      .signIn()
      .get(ALICE_PATH, { fixture: 'user-detail.json' })
      .post('/api/auth/refresh_token', { auth: null, body: { refresh_token: fixture('token-sign-in.json').refresh_token }, status: 400, fixture: 'error-unauthorized-login.json' })
      .signIn({ reply: { ...fixture('token-sign-in.json'), access_token: 'fresh-sign-in-token' } })
      .get(ALICE_PATH, { fixture: 'user-detail.json' });
    const client = portsipClient({ clock: { now: () => now } });
    await client.users.get(ALICE);
    now += 3_590_000;
    await client.users.get(ALICE);
    wire.done();
  });

  it('a failed refresh is labelled login.refresh (not login), in the error and in hook events', async () => {
    let now = 1_750_000_000_000;
    const refresh = { auth: null, body: { refresh_token: fixture('token-sign-in.json').refresh_token } } as const;
    const wire = new WireMock()
      .signIn()
      .get(ALICE_PATH, { fixture: 'user-detail.json' })
      .post('/api/auth/refresh_token', { ...refresh, status: 500, fixture: 'error-server.json' })
      .post('/api/auth/refresh_token', { ...refresh, reply: { token_type: 'Bearer' } });
    const operations: string[] = [];
    const client = portsipClient({
      clock: { now: () => now },
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetries: 0 },
      hooks: { onError: (event) => void operations.push(event.operation) },
    });
    await client.users.get(ALICE);
    now += 3_590_000;
    const failed = await rejection(client.users.get(ALICE));
    expect(failed).toMatchObject({ status: 500, operation: 'login.refresh' });
    expect(failed.message).toContain('login.refresh');
    const garbled = await rejection(client.users.get(ALICE));
    expect(garbled).toMatchObject({ code: 'BAD_RESPONSE', operation: 'login.refresh' });
    wire.done();
    expect(operations).toContain('login.refresh');
    expect(operations).not.toContain('login');
  });

  it('logs in again once after a 401 and repeats the request with the new token', async () => {
    const wire = new WireMock()
      .signIn()
      .get(ALICE_PATH, UNAUTHORIZED)
      .signIn({ reply: { ...fixture('token-sign-in.json'), access_token: 'second-token' } })
      .get(ALICE_PATH, { fixture: 'user-detail.json' });
    const user = await portsipClient().users.get(ALICE);
    expect(user.id).toBe(ALICE);
    wire.done();
  });

  it('a second 401 in the same call is final: AuthenticationError after exactly two logins', async () => {
    const wire = new WireMock()
      .signIn()
      .get(ALICE_PATH, UNAUTHORIZED)
      .signIn({ reply: { ...fixture('token-sign-in.json'), access_token: 'second-token' } })
      .get(ALICE_PATH, UNAUTHORIZED);
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, operation: 'users.get' });
    wire.done();
    expect(wire.count('POST', '/api/auth/sign_in')).toBe(2);
  });

  const singleFlight = async (throttle: false | undefined): Promise<void> => {
    // Own origin: if the login gets stuck, its late request must not reach the next test's mock.
    const origin = `https://pbx-single-flight-${throttle === false ? 'off' : 'default'}.test:8887`;
    const wire = new WireMock(origin).signIn({ delayMs: 30 }).get(ALICE_PATH, { fixture: 'user-detail.json', times: 100 });
    // A short deadline turns a stuck login into a quick failure instead of a test timeout.
    const client = portsipClient({ baseUrl: origin, deadlineMs: 5_000, ...(throttle === false ? { throttle } : {}) });
    const users = await Promise.all(Array.from({ length: 100 }, () => client.users.get(ALICE)));
    expect(users.every((u) => u.id === ALICE)).toBe(true);
    wire.done();
    expect(wire.count('POST', '/api/auth/sign_in')).toBe(1);
    expect(wire.count('GET', ALICE_PATH)).toBe(100);
  };

  it('single flight: 100 concurrent users.get cause exactly one login request (throttling off)', () => singleFlight(false));

  it('single flight: 100 concurrent users.get cause exactly one login request (default throttling)', () => singleFlight(undefined));
});

describe('PortSIP close()', () => {
  it('signs out with POST /api/auth/sign_out (Bearer, no body); a second close() sends nothing', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { fixture: 'user-detail.json' }).post('/api/auth/sign_out', { status: 200 });
    const client = portsipClient();
    await client.users.get(ALICE);
    await client.close();
    await client.close();
    wire.done();
    expect(wire.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/auth/sign_in', `GET ${ALICE_PATH}`, 'POST /api/auth/sign_out']);
  });

  it('sends nothing when no session was ever opened', async () => {
    const wire = new WireMock();
    await portsipClient().close();
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });

  it('is best effort: a failed sign-out still resolves', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { fixture: 'user-detail.json' }).post('/api/auth/sign_out', UNAUTHORIZED);
    const client = portsipClient();
    await client.users.get(ALICE);
    await expect(client.close()).resolves.toBeUndefined();
    wire.done();
  });
});
