/**
 * VoIPStudio login and signing on the wire: `POST /login {email, password}`, `X-Auth-Token`
 * (v1.2) versus Basic `user_id:token` (v1.1, or chosen on v1.2), long-lived API keys, the
 * 2FA answer (202 + nonce), one re-login on 401, single-flight logins, and the options that
 * choose all of this.
 */
import { describe, expect, it } from 'vitest';
import { AuthenticationError, TwoFactorRequiredError, ValidationError } from '../../core/errors.js';
import { createPbx } from '../../src/create.js';
import { fixture } from './support/fixtures.js';
import { LOGIN, ORIGIN, SESSION_TOKEN, USER_ID, WireMock, rejection, useNock, vsClient } from './support/wire.js';

useNock();

const ADA = '/users/4721';
const UNAUTHORIZED = { status: 401, fixture: 'error-unauthorized.json' } as const;

describe('POST /login and X-Auth-Token (v1.2, the default)', () => {
  it('logs in lazily with {email, password}, unsigned, then sends X-Auth-Token: user_token (and no Authorization)', async () => {
    const wire = new WireMock().login().get(ADA, { fixture: 'user.json' });
    const user = await vsClient().users.get('4721');
    expect(user.id).toBe('4721');
    wire.done();
    expect(wire.requests[0]!.headers['content-type']).toMatch(/^application\/json/);
    expect(wire.requests[1]!.headers['x-auth-token']).toBe(SESSION_TOKEN);
  });

  it('the base URL may be the host or already end in /v1.2/voipstudio (with or without a slash)', async () => {
    for (const baseUrl of [ORIGIN, `${ORIGIN}/`, `${ORIGIN}/v1.2/voipstudio`, `${ORIGIN}/v1.2/voipstudio/`]) {
      const wire = new WireMock().login().get(ADA, { fixture: 'user.json' });
      await vsClient({ baseUrl }).users.get('4721');
      wire.done();
    }
  });

  it('createPbx({ vendor: "voipstudio" }) builds the same client', async () => {
    const wire = new WireMock().login().get(ADA, { fixture: 'user.json' });
    const client = createPbx({ vendor: 'voipstudio', baseUrl: ORIGIN, credentials: LOGIN });
    expect(client.vendor).toBe('voipstudio');
    await client.users.get('4721');
    wire.done();
  });

  it('100 concurrent calls cause one login', async () => {
    const wire = new WireMock().login().get(ADA, { fixture: 'user.json', times: 100 });
    const client = vsClient();
    await Promise.all(Array.from({ length: 100 }, () => client.users.get('4721')));
    wire.done();
    expect(wire.count('POST', '/login')).toBe(1);
  });

  it('a 401 (idle session expired) logs in again once and repeats the request', async () => {
    const second = { message: 'OK', user_id: 4720, user_token: 'second-session-token-0000' };
    const wire = new WireMock()
      .login()
      .get(ADA, { fixture: 'user.json' })
      .get(ADA, UNAUTHORIZED)
      .login({ reply: second })
      .get(ADA, { fixture: 'user.json' });
    const client = vsClient();
    await client.users.get('4721');
    await client.users.get('4721');
    wire.done();
    expect(wire.requests.at(-1)!.headers['x-auth-token']).toBe('second-session-token-0000');
  });

  it('a second 401 in the same call is final: AuthenticationError', async () => {
    const wire = new WireMock().login().get(ADA, UNAUTHORIZED).login().get(ADA, UNAUTHORIZED);
    const error = await rejection(vsClient().users.get('4721'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, operation: 'users.get', vendor: 'voipstudio' });
    wire.done();
  });

  it('a refused login (400 {message, errors: []}) is AuthenticationError, not a validation error', async () => {
    const wire = new WireMock().login({ status: 400, fixture: 'error-login.json' });
    const error = await rejection(vsClient().users.get('4721'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', operation: 'login', status: 400 });
    expect(error.message).toContain('Invalid email or password');
    wire.done();
  });

  it('close() ends the session with POST /logout (signed with it, no body) and the next call logs in again', async () => {
    const wire = new WireMock()
      .login()
      .get(ADA, { fixture: 'user.json' })
      .post('/logout', { reply: { message: 'Logged out' } })
      .login()
      .get(ADA, { fixture: 'user.json' });
    const client = vsClient();
    await client.users.get('4721');
    await client.close();
    await client.users.get('4721');
    wire.done();
  });

  it('close() with Basic signs POST /logout as Basic user_id:token; a second close() sends nothing', async () => {
    const wire = new WireMock('v1.1').login().get(ADA, { fixture: 'user.json' }).post('/logout', { reply: { message: 'Logged out' } });
    const client = vsClient({ apiVersion: 'v1.1' });
    await client.users.get('4721');
    await client.close();
    await client.close();
    wire.done();
  });

  it('close() before any call sends nothing; a failed logout is not an error (the token expires when idle)', async () => {
    const idle = vsClient();
    await idle.close();
    const wire = new WireMock().login().get(ADA, { fixture: 'user.json' }).post('/logout', { status: 404, fixture: 'error-not-found.json' });
    const client = vsClient();
    await client.users.get('4721');
    await expect(client.close()).resolves.toBeUndefined();
    wire.done();
  });
});

describe('two-factor authentication', () => {
  it('202 {nonce} surfaces at once as TwoFactorRequiredError with a hint (no hang, no /login2fa)', async () => {
    const wire = new WireMock().login({ status: 202, fixture: 'login-2fa.json' });
    const started = Date.now();
    const error = await rejection(vsClient().users.get('4721'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(TwoFactorRequiredError);
    expect(error).toMatchObject({ code: 'TWO_FACTOR_REQUIRED', operation: 'login', status: 202 });
    expect(String(error['hint'])).toMatch(/apiKey/);
    expect(JSON.stringify(error)).not.toContain(fixture('login-2fa.json').nonce);
    wire.done();
    expect(wire.requests).toHaveLength(1);
  });

  it('a nonce in a 200 reply without a token is read as 2FA too', async () => {
    const wire = new WireMock().login({ status: 200, fixture: 'login-2fa.json' });
    expect(await rejection(vsClient().users.get('4721'))).toBeInstanceOf(TwoFactorRequiredError);
    wire.done();
  });
});

describe('Basic user_id:token', () => {
  it('v1.1 base URL: /v1.1/voipstudio paths, Basic by default', async () => {
    const wire = new WireMock('v1.1').login().get(ADA, { fixture: 'user.json' });
    await vsClient({ apiVersion: 'v1.1' }).users.get('4721');
    wire.done();
    expect(wire.requests[1]!.headers['authorization']).toBe(`Basic ${Buffer.from(`${USER_ID}:${SESSION_TOKEN}`).toString('base64')}`);
  });

  it('the version in the base URL is used when apiVersion is not given', async () => {
    const wire = new WireMock('v1.1').login().get(ADA, { fixture: 'user.json' });
    await vsClient({ baseUrl: `${ORIGIN}/v1.1/voipstudio` }).users.get('4721');
    wire.done();
  });

  it("authHeader 'basic' on v1.2", async () => {
    const wire = new WireMock('v1.2').login({ basic: true }).get(ADA, { fixture: 'user.json' });
    await vsClient({ authHeader: 'basic' }).users.get('4721');
    wire.done();
  });

  it('a re-login after 401 signs with the new token in Basic too', async () => {
    const second = { message: 'OK', user_id: 4720, user_token: 'second-session-token-0000' };
    const wire = new WireMock('v1.1').login().get(ADA, UNAUTHORIZED).login({ reply: second }).get(ADA, { fixture: 'user.json' });
    await vsClient({ apiVersion: 'v1.1' }).users.get('4721');
    wire.done();
  });
});

describe('long-lived API key', () => {
  it('X-Auth-Token: the key; never logs in', async () => {
    const wire = new WireMock().useAuth({ token: 'api-key-9f8e7d6c5b4a' }).get(ADA, { fixture: 'user.json' });
    const client = vsClient({ credentials: { apiKey: 'api-key-9f8e7d6c5b4a' } });
    await client.users.get('4721');
    await client.close();
    wire.done();
    expect(wire.requests).toHaveLength(1);
  });

  it('Basic userId:key with { apiKey, userId } (userId as a number or a string)', async () => {
    for (const userId of [4720, '4720']) {
      const wire = new WireMock('v1.1').useAuth({ basic: { userId: '4720', token: 'api-key-9f8e7d6c5b4a' } }).get(ADA, { fixture: 'user.json' });
      await vsClient({ apiVersion: 'v1.1', credentials: { apiKey: 'api-key-9f8e7d6c5b4a', userId } }).users.get('4721');
      wire.done();
    }
  });

  it('a 401 is final: AuthenticationError after one request, no login attempted', async () => {
    const wire = new WireMock().useAuth({ token: 'api-key-9f8e7d6c5b4a' }).get(ADA, UNAUTHORIZED);
    const error = await rejection(vsClient({ credentials: { apiKey: 'api-key-9f8e7d6c5b4a' } }).users.get('4721'));
    expect(error).toBeInstanceOf(AuthenticationError);
    wire.done();
    expect(wire.requests).toHaveLength(1);
  });
});

describe('options are checked before anything is sent', () => {
  const refused = (options: Parameters<typeof vsClient>[0], field: string) => {
    let error: unknown;
    try {
      vsClient(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toContain(field);
  };

  it('X-Auth-Token with v1.1 (a v1.2 header)', () => refused({ apiVersion: 'v1.1', authHeader: 'x-auth-token' }, 'authHeader'));
  it('Basic with an API key but no userId', () => refused({ authHeader: 'basic', credentials: { apiKey: 'api-key-9f8e7d6c5b4a' } }, 'credentials.userId'));
  it('an apiVersion that contradicts the base URL', () => refused({ baseUrl: `${ORIGIN}/v1.1/voipstudio`, apiVersion: 'v1.2' }, 'apiVersion'));
  it('an unknown version in the base URL', () => refused({ baseUrl: `${ORIGIN}/v2.0/voipstudio` }, 'baseUrl'));
  it('an unknown apiVersion', () => refused({ apiVersion: 'v2' as never }, 'apiVersion'));
  it('credentials that are neither a login nor an API key', () => refused({ credentials: { username: 'x', password: 'y' } as never }, 'credentials'));
  it('a misspelt option', () => refused({ apiversion: 'v1.1' } as never, ''));
});
