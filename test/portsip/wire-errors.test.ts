/**
 * PortSIP error replies on the wire -> the typed unipbx errors: `{errors:[{code, message,
 * detail?}]}` bodies, the login's 400 UNAUTHORIZED, unknown codes (classified by status,
 * `vendorCode` kept), 5xx after retries, unknown outcomes of creates, 2FA, non-JSON
 * replies and replies missing a required field.
 */
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  NetworkError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionError,
  ServerError,
  TwoFactorRequiredError,
  ValidationError,
  VendorError,
  VendorResponseError,
} from '../../core/errors.js';
import { fixture, idOf } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const ALICE = idOf('user-detail.json');
const ALICE_PATH = `/api/users/${ALICE}`;
const NEW_USER = { extension: '105', displayName: 'Dana Dahl', email: 'dana@acme.example' } as const;
const anyBody = { bodyCheck: () => undefined } as const;
const HTML = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';

/** What undici throws for a connection failure (see stack-notes). */
const fetchFailed = (code: string): TypeError => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ${code}`), { code }) });

describe('{errors:[{code, message}]} bodies', () => {
  it('400 VALIDATE_FAILED -> ValidationError (source vendor) with vendorCode and the fields of detail; never retried', async () => {
    const wire = new WireMock().signIn().post('/api/users', { status: 400, fixture: 'error-validate-failed.json', ...anyBody });
    const error = await rejection(portsipClient().users.create(NEW_USER));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      source: 'vendor',
      vendorCode: 'VALIDATE_FAILED',
      status: 400,
      vendor: 'portsip',
      operation: 'users.create',
      issues: [{ field: 'extension_number', message: 'the extension number is already in use' }],
    });
    expect(error.message).toContain('the extension number is already in use');
    wire.done();
    expect(wire.count('POST', '/api/users')).toBe(1);
  });

  it('login 400 UNAUTHORIZED -> AuthenticationError (not a ValidationError), nothing else sent', async () => {
    const wire = new WireMock().signIn({ status: 400, fixture: 'error-unauthorized-login.json' });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', vendorCode: 'UNAUTHORIZED', status: 400, operation: 'login' });
    wire.done();
    expect(wire.requests).toHaveLength(1);
  });

  it('403 -> PermissionError', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { status: 403, fixture: 'error-forbidden.json' });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ status: 403, vendorCode: 'FORBIDDEN', operation: 'users.get' });
    wire.done();
  });

  it('404 -> NotFoundError', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { status: 404, fixture: 'error-not-found.json' });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, vendorCode: 'NOT_FOUND' });
    wire.done();
  });

  it('409 RESOURCE_IN_USE -> ConflictError', async () => {
    const wire = new WireMock().signIn().post(`${ALICE_PATH}/destroy`, { status: 409, fixture: 'error-resource-in-use.json' });
    const error = await rejection(portsipClient().users.delete(ALICE));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, vendorCode: 'RESOURCE_IN_USE' });
    wire.done();
  });

  it('RESOURCE_IN_USE wins over the status (a 400 carrying it is still a ConflictError)', async () => {
    const wire = new WireMock().signIn().post(`${ALICE_PATH}/destroy`, { status: 400, fixture: 'error-resource-in-use.json' });
    expect(await rejection(portsipClient().users.delete(ALICE))).toBeInstanceOf(ConflictError);
    wire.done();
  });

  it.each([
    [400, ValidationError, 'VALIDATION_FAILED'],
    [402, VendorError, 'VENDOR_ERROR'],
    [403, PermissionError, 'PERMISSION_DENIED'],
    [409, ConflictError, 'CONFLICT'],
  ] as const)('an unknown code on %i is classified by status (%o) and keeps vendorCode', async (status, type, code) => {
    const wire = new WireMock().signIn().post('/api/users', { status, fixture: 'error-unknown-code.json', ...anyBody });
    const error = await rejection(portsipClient().users.create(NEW_USER));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ code, status, vendorCode: 'LICENSE_LIMIT_EXCEEDED' });
    expect(error.message).toContain('The licence allows no more extensions');
    wire.done();
  });

  it('joins the messages of several errors', async () => {
    const body = { errors: [{ code: 'VALIDATE_FAILED', message: 'email is invalid' }, { code: 'VALIDATE_FAILED', message: 'display_name is too long' }] };
    const wire = new WireMock().signIn().post('/api/users', { status: 400, reply: body, ...anyBody });
    const error = await rejection(portsipClient().users.create(NEW_USER));
    expect(error.message).toContain('email is invalid; display_name is too long');
    wire.done();
  });

  it('a 4xx body that is not PortSIP-shaped is classified by status alone', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { status: 400, reply: { message: 'bad request' } });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.vendorCode).toBeUndefined();
    wire.done();
  });
});

describe('5xx, throttling and network failures', () => {
  it('a GET answered 500 four times -> ServerError after 3 retries', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { status: 500, fixture: 'error-server.json', times: 4 });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, vendorCode: 'UNKNOWN', retryable: true });
    wire.done();
    expect(wire.count('GET', ALICE_PATH)).toBe(4);
  });

  it('a GET answered 503 then 200 succeeds', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { status: 503, fixture: 'error-server.json' }).get(ALICE_PATH, { fixture: 'user-detail.json' });
    expect((await portsipClient().users.get(ALICE)).id).toBe(ALICE);
    wire.done();
  });

  it('429 with Retry-After is waited out and retried', async () => {
    const wire = new WireMock()
      .signIn()
      .get(ALICE_PATH, { status: 429, reply: { errors: [{ code: 'TOO_MANY_REQUESTS', message: 'slow down' }] }, headers: { 'retry-after': '0' } })
      .get(ALICE_PATH, { fixture: 'user-detail.json' });
    await portsipClient().users.get(ALICE);
    wire.done();
  });

  it('a create answered 500 whose reconciling lookup also fails -> OutcomeUnknownError, the create is not repeated', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/users', { status: 500, fixture: 'error-server.json', ...anyBody })
      .get('/api/users', { query: { filter: "extension_number eq '105'", skip: '0', top: '2' }, status: 500, fixture: 'error-server.json', times: 4 });
    const error = await rejection(portsipClient().users.create(NEW_USER));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', operation: 'users.create', status: 500 });
    wire.done();
    expect(wire.count('POST', '/api/users')).toBe(1);
  });

  it('a connection reset on every GET attempt -> NetworkError after retries', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { error: fetchFailed('ECONNRESET'), times: 4 });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain('ECONNRESET');
    wire.done();
  });
});

describe('replies unipbx cannot use', () => {
  it('2FA enabled -> TwoFactorRequiredError with a hint; no OTP request is made', async () => {
    const wire = new WireMock().signIn({ fixture: 'token-2fa.json' });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(TwoFactorRequiredError);
    expect(error).toMatchObject({ code: 'TWO_FACTOR_REQUIRED', operation: 'login' });
    expect(String(error['hint'])).toMatch(/token/);
    expect(JSON.stringify(error)).not.toContain(fixture('token-2fa.json').token);
    wire.done();
    expect(wire.requests).toHaveLength(1);
  });

  it('an HTML page with status 200 -> VendorResponseError (a GET is retried first)', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { rawReply: HTML, headers: { 'content-type': 'text/html' }, times: 4 });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error.message).toMatch(/HTML/);
    expect(error.message).not.toContain('nginx');
    wire.done();
  });

  it('an HTML error page with status 502 -> ServerError', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { status: 502, rawReply: HTML, headers: { 'content-type': 'text/html' }, times: 4 });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502 });
    wire.done();
  });

  it('truncated JSON -> VendorResponseError', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { rawReply: '{"id":"NzA1MDAwMDAwMDAwMDAwMTAx","name":"ali', headers: { 'content-type': 'application/json' }, times: 4 });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error.message).toMatch(/JSON/);
    wire.done();
  });

  it('a user without id -> VendorResponseError naming the field', async () => {
    const wire = new WireMock().signIn().get(ALICE_PATH, { fixture: 'user-missing-id.json' });
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', operation: 'users.get', issues: [expect.objectContaining({ field: 'id' })] });
    expect(error.message).toMatch(/\bid\b/);
    wire.done();
  });

  it('a list item without id -> VendorResponseError naming items.<n>.id', async () => {
    const list = fixture('users-list-page1.json');
    delete list.items[1].id;
    const wire = new WireMock().signIn().get('/api/users', { query: { skip: '0', top: '100' }, reply: list });
    const error = await rejection(portsipClient().users.list().page());
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error).toMatchObject({ issues: [expect.objectContaining({ field: 'items.1.id' })] });
    wire.done();
  });

  it('a CDR with a garbage started_at -> VendorResponseError naming started_at', async () => {
    const list = fixture('cdr-list.json');
    list.items[0].started_at = 'yesterday';
    const wire = new WireMock().signIn().get('/api/cdrs', { query: { orderby: 'started_at asc', skip: '0', top: '100' }, reply: list, spec: false });
    const error = await rejection(portsipClient().cdrs.list().page());
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error.message).toContain('started_at');
    wire.done();
  });

  it('a token reply without access_token -> VendorResponseError naming it', async () => {
    const { access_token: _drop, ...token } = fixture('token-sign-in.json');
    const wire = new WireMock().signIn({ reply: token, spec: false }); // deliberately not a valid token reply
    const error = await rejection(portsipClient().users.get(ALICE));
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error.message).toContain('access_token');
    wire.done();
  });
});
