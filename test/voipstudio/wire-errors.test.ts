/**
 * VoIPStudio error replies → typed errors: `{message, errors:[{field, message}]}` becomes a
 * `ValidationError` with field issues; 401/403/404 their classes; tolerated variations of the
 * body; and secrets (password, session token, API key, Basic credentials) never in any
 * rendering of an error, even when VoIPStudio echoes them back.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, PermissionError, ServerError, ValidationError, VendorError, VendorResponseError } from '../../core/errors.js';
import { expectNoSecrets } from '../support/core/secrets.js';
import { fixture } from './support/fixtures.js';
import { LOGIN, SESSION_TOKEN, WireMock, rejection, useNock, vsClient } from './support/wire.js';

useNock();

describe('{message, errors:[{field, message}]} → typed errors', () => {
  it('400 is ValidationError (source vendor) with every field issue, and the details in the message', async () => {
    const wire = new WireMock().login().patch('/users/4721', { body: { email: 'taken@acme.example' }, status: 400, fixture: 'error-validation.json' });
    const error = await rejection(vsClient().users.update('4721', { email: 'taken@acme.example' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      source: 'vendor',
      status: 400,
      vendor: 'voipstudio',
      operation: 'users.update',
      issues: [
        { field: 'email', message: 'This value is already used.' },
        { field: 'mobile', message: 'This value is not a valid phone number.' },
      ],
    });
    expect(error.message).toContain('Validation error (email: This value is already used.; mobile: This value is not a valid phone number.)');
    expect(error['retryable']).toBe(false);
    wire.done();
  });

  it('a 400 on an unsupported filter property names the filter', async () => {
    const wire = new WireMock().login().get('/users', { query: { page: '1', limit: '2' }, filter: [{ property: 'ext', operator: 'eq', value: '1001' }], status: 400, fixture: 'error-filter.json' });
    const error = await rejection(vsClient().users.findByExtension('1001'));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error['issues']).toEqual([{ field: 'filter', message: 'Filtering by "groups" is not supported.' }]);
    wire.done();
  });

  it('403 Access denied → PermissionError; 404 Resource not found → NotFoundError', async () => {
    const wire = new WireMock().login().delete('/users/4720', { status: 403, fixture: 'error-forbidden.json' }).get('/usergroups/1', { status: 404, fixture: 'error-not-found.json' });
    const client = vsClient();
    const forbidden = await rejection(client.users.delete('4720'));
    expect(forbidden).toBeInstanceOf(PermissionError);
    expect(forbidden.message).toContain('Access denied');
    expect(await rejection(client.groups.get('1'))).toBeInstanceOf(NotFoundError);
    wire.done();
  });

  it('tolerates errors as a field → message(s) object, as plain strings, and without errors at all', async () => {
    const wire = new WireMock()
      .login()
      .patch('/users/1', { body: { first_name: 'A' }, status: 400, reply: { message: 'Validation error', errors: { first_name: ['Too short.', 'Bad letters.'] } } })
      .patch('/users/1', { body: { first_name: 'A' }, status: 400, reply: { message: 'Validation error', errors: ['first_name is too short'] } })
      .patch('/users/1', { body: { first_name: 'A' }, status: 400, reply: { message: 'Bad request' } });
    const client = vsClient();
    expect((await rejection(client.users.update('1', { firstName: 'A' })))['issues']).toEqual([
      { field: 'first_name', message: 'Too short.' },
      { field: 'first_name', message: 'Bad letters.' },
    ]);
    expect((await rejection(client.users.update('1', { firstName: 'A' })))['issues']).toEqual([{ field: '', message: 'first_name is too short' }]);
    const bare = await rejection(client.users.update('1', { firstName: 'A' }));
    expect(bare['issues']).toEqual([]);
    expect(bare.message).toContain('Bad request');
    wire.done();
  });

  it('a body that is not VoIPStudio\'s (HTML, text) falls back to the status', async () => {
    const wire = new WireMock().login().get('/users/1', { status: 418, rawReply: 'I am a teapot', headers: { 'content-type': 'text/plain' } });
    const error = await rejection(vsClient().users.get('1'));
    expect(error).toBeInstanceOf(VendorError);
    expect(error['status']).toBe(418);
    wire.done();
  });

  it('5xx on a read is retried, then ServerError; an HTML page with 200 is VendorResponseError', async () => {
    const wire = new WireMock()
      .login()
      .get('/users/1', { status: 500, reply: { message: 'Internal error', errors: [] }, times: 4 })
      .get('/users/2', { status: 200, rawReply: '<html><body>maintenance</body></html>', headers: { 'content-type': 'text/html' }, times: 4 });
    const client = vsClient();
    expect(await rejection(client.users.get('1'))).toBeInstanceOf(ServerError);
    expect(await rejection(client.users.get('2'))).toBeInstanceOf(VendorResponseError);
    wire.done();
  });
});

describe('secrets never appear in errors (message, stack, JSON, util.inspect)', () => {
  const CANARY_PASSWORD = 'CANARY-pw-7f3a9e1c';
  const CANARY_KEY = 'CANARY-key-91b2c4d8';

  it('a refused login that echoes the password', async () => {
    const wire = new WireMock().login({
      body: { ...LOGIN, password: CANARY_PASSWORD },
      status: 400,
      reply: { message: `Invalid password '${CANARY_PASSWORD}'`, errors: [{ field: 'password', message: `'${CANARY_PASSWORD}' is wrong` }] },
    });
    const error = await rejection(vsClient({ credentials: { ...LOGIN, password: CANARY_PASSWORD } }).users.get('1'));
    expect(error['code']).toBe('AUTHENTICATION_FAILED');
    expectNoSecrets(error, [CANARY_PASSWORD]);
    wire.done();
  });

  it('a validation error that echoes the session token, raw and as Basic credentials (v1.1)', async () => {
    const basic = Buffer.from(`4720:${SESSION_TOKEN}`).toString('base64');
    const wire = new WireMock('v1.1')
      .login()
      .patch('/users/1', { body: { email: 'a@acme.example' }, status: 400, reply: { message: `token ${SESSION_TOKEN} / Basic ${basic}`, errors: [{ field: SESSION_TOKEN, message: `4720:${SESSION_TOKEN}` }] } });
    const error = await rejection(vsClient({ apiVersion: 'v1.1' }).users.update('1', { email: 'a@acme.example' }));
    expect(error).toBeInstanceOf(ValidationError);
    expectNoSecrets(error, [SESSION_TOKEN, `4720:${SESSION_TOKEN}`]);
    wire.done();
  });

  it('an API key echoed back on a 403, with X-Auth-Token and with Basic', async () => {
    for (const [version, options, auth] of [
      ['v1.2', {}, { token: CANARY_KEY }],
      ['v1.1', { apiVersion: 'v1.1' as const, credentials: { apiKey: CANARY_KEY, userId: 4720 } }, { basic: { userId: '4720', token: CANARY_KEY } }],
    ] as const) {
      const wire = new WireMock(version).useAuth(auth).get('/users/1', { status: 403, reply: { message: `key ${CANARY_KEY} may not`, errors: [{ field: 'x-auth-token', message: `4720:${CANARY_KEY}` }] } });
      const error = await rejection(vsClient({ credentials: { apiKey: CANARY_KEY }, ...options }).users.get('1'));
      expect(error).toBeInstanceOf(PermissionError);
      expectNoSecrets(error, [CANARY_KEY, `4720:${CANARY_KEY}`]);
      wire.done();
    }
  });

  it('a network failure and a 2FA refusal carry no secret either', async () => {
    const a = new WireMock().login({ body: { ...LOGIN, password: CANARY_PASSWORD }, error: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ECONNREFUSED ${CANARY_PASSWORD}`), { code: 'ECONNREFUSED' }) }), times: 4 });
    const network = await rejection(vsClient({ credentials: { ...LOGIN, password: CANARY_PASSWORD } }).users.get('1'));
    expect(network['code']).toBe('NETWORK_ERROR');
    expectNoSecrets(network, [CANARY_PASSWORD]);
    a.done();
    const b = new WireMock().login({ body: { ...LOGIN, password: CANARY_PASSWORD }, status: 202, fixture: 'login-2fa.json' });
    const twoFactor = await rejection(vsClient({ credentials: { ...LOGIN, password: CANARY_PASSWORD } }).users.get('1'));
    expectNoSecrets(twoFactor, [CANARY_PASSWORD, fixture('login-2fa.json').nonce]);
    b.done();
  });

  it('secret-named fields in replies are masked in raw (vm_pin, legacy_api_key)', async () => {
    const wire = new WireMock().login().get('/users/4721', { fixture: 'user.json' });
    const user = await vsClient().users.get('4721');
    expect(user.raw['vm_pin']).toBe('[REDACTED]');
    expect(user.raw['legacy_api_key']).toBe('[REDACTED]');
    expect(user.raw['email']).toBe('ada.lovelace@acme.example');
    wire.done();
  });
});
