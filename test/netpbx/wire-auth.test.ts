/**
 * NetPBX auth on the wire: `POST api/v1/authorizations` with `{username|email, password}` →
 * the user including `api_token`; the token in a configurable header (default
 * `Authorization: Bearer`); a static token; one re-login on 401; single flight;
 * `GET api/v1/authorizations` as whoami.
 */
import { describe, expect, it } from 'vitest';
import { AuthenticationError, ValidationError, VendorResponseError } from '../../core/errors.js';
import { createPbx } from '../../src/create.js';
import { CREDENTIALS, ORIGIN, TOKEN, Wire, fixture, netpbxClient, rejection, useNock } from './support/wire.js';

useNock();

const ADA = fixture('user.json');

describe('login: POST api/v1/authorizations', () => {
  it('logs in lazily with {username, password}, then sends Authorization: Bearer <api_token>', async () => {
    const wire = new Wire().login().get('/users/1042', { reply: ADA });
    const client = netpbxClient();
    expect(wire.requests).toEqual([]); // nothing before the first call
    await client.users.get('1042');
    wire.done();
    expect(wire.requests[0]!.body).toEqual(CREDENTIALS);
    expect(wire.requests[1]!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('email credentials send {email, password}', async () => {
    const credentials = { email: 'ada@example.com', password: 'Pa55-word!' };
    const wire = new Wire().login({ body: credentials }).get('/users/1042', { reply: ADA });
    await netpbxClient({ credentials }).users.get('1042');
    wire.done();
  });

  it('one login for many concurrent calls (single flight), then the token is reused', async () => {
    const wire = new Wire().login().get('/users/1042', { reply: ADA, times: 10 });
    const client = netpbxClient();
    await Promise.all(Array.from({ length: 10 }, () => client.users.get('1042')));
    wire.done();
    expect(wire.order().filter((r) => r.startsWith('POST'))).toHaveLength(1);
  });

  it('a 401 drops the token, logs in again once and repeats the call', async () => {
    const wire = new Wire()
      .login()
      .get('/users/1042', { status: 401, reply: fixture('error-unauthorized.json') })
      .login()
      .get('/users/1042', { reply: ADA });
    expect((await netpbxClient().users.get('1042')).id).toBe('1042');
    wire.done();
    expect(wire.order()).toEqual(['POST /authorizations', 'GET /users/1042', 'POST /authorizations', 'GET /users/1042']);
  });

  it('a second 401 in the same call is final: AuthenticationError', async () => {
    const wire = new Wire()
      .login()
      .get('/users/1042', { status: 401, reply: fixture('error-unauthorized.json') })
      .login()
      .get('/users/1042', { status: 401, reply: fixture('error-unauthorized.json') });
    expect(await rejection(netpbxClient().users.get('1042'))).toBeInstanceOf(AuthenticationError);
    wire.done();
  });

  it.each([
    [401, { Message: 'The user name or password is incorrect.' }],
    [400, { Message: 'The request is invalid.', ModelState: { 'request.Password': ['Invalid password.'] } }],
  ])('a refused login (HTTP %i) is AuthenticationError', async (status, reply) => {
    const wire = new Wire().login({ status, reply });
    const error = await rejection(netpbxClient().users.get('1042'));
    wire.done();
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ operation: 'login', status, vendor: 'netpbx' });
  });

  it('a login reply without api_token is VendorResponseError naming it', async () => {
    const { api_token: _t, ...user } = fixture('login.json');
    const wire = new Wire().login({ reply: user });
    const error = await rejection(netpbxClient().users.get('1042'));
    wire.done();
    expect(error).toBeInstanceOf(VendorResponseError);
    expect((error as unknown as VendorResponseError).issues).toEqual([{ field: 'api_token', message: 'missing' }]);
    expect(error.message).toContain('api_token: missing');
  });

  it.each(['ApiToken', 'apiToken', 'API_TOKEN'])('accepts the token as %s too', async (key) => {
    const { api_token: token, ...user } = fixture('login.json');
    const wire = new Wire().login({ reply: { ...user, [key]: token } }).get('/users/1042', { reply: ADA });
    await netpbxClient().users.get('1042');
    wire.done();
  });
});

describe('how the token is sent (tokenHeader)', () => {
  it.each([
    [{ name: 'X-Api-Token', scheme: '' }, 'x-api-token', TOKEN],
    [{ name: 'api_token', scheme: '' }, 'api_token', TOKEN],
    [{ scheme: 'Token' }, 'authorization', `Token ${TOKEN}`],
    [{ name: 'X-Auth', scheme: 'Bearer' }, 'x-auth', `Bearer ${TOKEN}`],
  ])('%j -> %s: %s', async (tokenHeader, header, value) => {
    const wire = new Wire().login().signedWith(value, header).get('/users/1042', { reply: ADA });
    await netpbxClient({ tokenHeader }).users.get('1042');
    wire.done();
    if (header !== 'authorization') expect(wire.requests[1]!.headers['authorization']).toBeUndefined();
  });

  it('the token travels only in the header, never in the URL (a query-string token is not supported: docs/netpbx.md)', async () => {
    const wire = new Wire().login().get('/users/1042', { reply: ADA });
    const urls: string[] = [];
    await netpbxClient({ hooks: { onRequest: (e) => urls.push(e.url) } }).users.get('1042');
    wire.done();
    expect(wire.requests.map((r) => r.query)).toEqual([{}, {}]);
    expect(urls.some((url) => url.includes('?'))).toBe(false);
    expect(wire.requests[1]!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it.each([
    [{ name: 'Content-Type' }, 'tokenHeader.name'],
    [{ name: 'X Token' }, 'tokenHeader.name'],
    [{ scheme: 'Bearer token' }, 'tokenHeader.scheme'],
    [{ nme: 'X-Token' }, 'tokenHeader'],
  ])('refuses %j at construction (ValidationError on %s)', (tokenHeader, field) => {
    let error: unknown;
    try {
      netpbxClient({ tokenHeader: tokenHeader as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.some((i) => i.field.startsWith(field))).toBe(true);
  });
});

describe('a static api_token', () => {
  it('is sent as is, without a login', async () => {
    const wire = new Wire().signedWith('Bearer static-tok-1234').get('/users/1042', { reply: ADA });
    await netpbxClient({ credentials: { token: 'static-tok-1234' } }).users.get('1042');
    wire.done();
  });

  it('cannot be renewed: a 401 is AuthenticationError at once, with no login attempt', async () => {
    const wire = new Wire().signedWith('Bearer static-tok-1234').get('/users/1042', { status: 401, reply: fixture('error-unauthorized.json') });
    expect(await rejection(netpbxClient({ credentials: { token: 'static-tok-1234' } }).users.get('1042'))).toBeInstanceOf(AuthenticationError);
    wire.done();
  });
});

describe('whoami, base URL, close', () => {
  it('whoami is GET api/v1/authorizations', async () => {
    const wire = new Wire().login().get('/authorizations', { reply: fixture('user.json') });
    expect(await netpbxClient().whoami()).toMatchObject({ id: '1042', displayName: 'Ada Lovelace' });
    wire.done();
  });

  it.each([ORIGIN, `${ORIGIN}/`, `${ORIGIN}/api/v1`, `${ORIGIN}/api/v1/`, `${ORIGIN}/api`])('base URL %s means the API at /api/v1/', async (baseUrl) => {
    const wire = new Wire().login().get('/users/1042', { reply: ADA });
    await netpbxClient({ baseUrl }).users.get('1042');
    wire.done();
  });

  it('createPbx({ vendor: "netpbx" }) builds the same client', async () => {
    const wire = new Wire().login().get('/users/1042', { reply: ADA });
    const client = createPbx({ vendor: 'netpbx', baseUrl: ORIGIN, credentials: CREDENTIALS });
    expect(client.vendor).toBe('netpbx');
    await client.users.get('1042');
    wire.done();
  });

  it('close() sends nothing (NetPBX documents no logout) and the next call logs in again', async () => {
    const wire = new Wire().login().get('/users/1042', { reply: ADA }).login().get('/users/1042', { reply: ADA });
    const client = netpbxClient();
    await client.users.get('1042');
    await client.close();
    expect(wire.requests).toHaveLength(2);
    await client.users.get('1042');
    wire.done();
  });

  it('raw.request goes through the same auth', async () => {
    const wire = new Wire().login().get('/queuepulses', { reply: fixture('queuepulses.json') });
    const response = await netpbxClient().raw.request('GET', 'queuepulses');
    wire.done();
    expect(response.body).toEqual(fixture('queuepulses.json'));
  });
});
