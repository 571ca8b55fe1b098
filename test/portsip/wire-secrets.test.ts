/**
 * Secrets never leave in errors: for a canary password and a canary token, no error thrown by
 * the PortSIP client (auth failure, validation, network, timeout, outcome unknown…) contains
 * them in `message`, `stack`, `JSON.stringify(err)` or `util.inspect(err, {depth: 10})`, even
 * when the vendor echoes them back in its error bodies.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { PbxClient } from '../../core/client.js';
import { fixture, idOf } from '../support/portsip/fixtures.js';
import { CREDENTIALS, WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const CANARY_PASSWORD = 'CANARY-pw-7f3a9e1c';
const CANARY_TOKEN = 'CANARY-tok-91b2c4d8';
const ALICE = idOf('user-detail.json');
const ALICE_PATH = `/api/users/${ALICE}`;
const anyBody = { bodyCheck: () => undefined } as const;

const withCanaryPassword = (): PbxClient => portsipClient({ credentials: { ...CREDENTIALS, password: CANARY_PASSWORD } });
const withCanaryToken = (options: Parameters<typeof portsipClient>[0] = {}): PbxClient => portsipClient({ credentials: { token: CANARY_TOKEN }, ...options });
const signInWithCanary = (wire: WireMock, reply?: unknown): WireMock => wire.signIn({ body: { ...CREDENTIALS, password: CANARY_PASSWORD }, ...(reply ? { reply } : {}) });

/** Every way an error gets printed or logged. */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: String(e.message),
    stack: String(e.stack),
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: 10 }),
    string: String(error),
  };
}

function expectNoSecret(error: unknown, ...secrets: string[]): void {
  expect(error).toBeInstanceOf(Error);
  const forms = secrets.flatMap((s) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64')]);
  for (const [how, text] of Object.entries(renderings(error))) {
    for (const form of forms) expect(text.includes(form), `${how} of ${(error as Error).name} contains a secret:\n${text}`).toBe(false);
  }
}

const echo = (code: string, message: string, detail?: unknown) => ({ errors: [{ code, message, ...(detail !== undefined ? { detail } : {}) }] });

describe('the canary password never appears in errors', () => {
  it('login refused with the password echoed back (AuthenticationError)', async () => {
    const mock = new WireMock().signIn({
      body: { ...CREDENTIALS, password: CANARY_PASSWORD },
      status: 400,
      reply: echo('UNAUTHORIZED', `Invalid password '${CANARY_PASSWORD}' for user api-admin`, { password: `'${CANARY_PASSWORD}' is wrong` }),
    });
    const error = await rejection(withCanaryPassword().users.get(ALICE));
    expect(error.code).toBe('AUTHENTICATION_FAILED');
    expectNoSecret(error, CANARY_PASSWORD);
    mock.done();
  });

  it('login fails at the network level (NetworkError)', async () => {
    const cause = Object.assign(new Error(`connect ECONNREFUSED (password=${CANARY_PASSWORD})`), { code: 'ECONNREFUSED' });
    const mock = new WireMock().post('/api/auth/sign_in', { error: Object.assign(new TypeError('fetch failed'), { cause }), times: 4 });
    const error = await rejection(withCanaryPassword().users.get(ALICE));
    expect(error.code).toBe('NETWORK_ERROR');
    expectNoSecret(error, CANARY_PASSWORD);
    mock.done();
  });

  it('2FA required (TwoFactorRequiredError)', async () => {
    const mock = signInWithCanary(new WireMock(), fixture('token-2fa.json'));
    const error = await rejection(withCanaryPassword().users.get(ALICE));
    expect(error.code).toBe('TWO_FACTOR_REQUIRED');
    expectNoSecret(error, CANARY_PASSWORD);
    mock.done();
  });

  it('a create refused with the new user’s password echoed in message and detail (ValidationError)', async () => {
    const mock = new WireMock()
      .signIn()
      .post('/api/users', {
        status: 400,
        reply: echo('VALIDATE_FAILED', `password '${CANARY_PASSWORD}' is too weak`, { password: `'${CANARY_PASSWORD}' does not meet the password policy` }),
        ...anyBody,
      });
    const error = await rejection(portsipClient().users.create({ extension: '105', displayName: 'Dana', email: 'dana@acme.example', password: CANARY_PASSWORD }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expectNoSecret(error, CANARY_PASSWORD);
    mock.done();
  });

  it('a generated password echoed back is masked too', async () => {
    let generated = '';
    const mock = new WireMock()
      .signIn()
      .post('/api/users', {
        status: 400,
        bodyCheck: (body) => void (generated = (body as { password: string }).password),
        respond: (request) => echo('VALIDATE_FAILED', `password '${(request.body as { password: string }).password}' is too weak`),
      });
    const error = await rejection(portsipClient().users.create({ extension: '105', displayName: 'Dana', email: 'dana@acme.example' }));
    expect(generated).toHaveLength(16);
    expectNoSecret(error, generated);
    mock.done();
  });

  it('client-side validation of a create carrying the password (ValidationError, nothing sent)', async () => {
    const mock = new WireMock();
    const tooLong = `${CANARY_PASSWORD}${'x'.repeat(200)}`;
    const client = portsipClient();
    const errors = [
      await rejection(client.users.create({ extension: '105', displayName: 'Dana', email: 'dana@acme.example', password: tooLong })),
      await rejection(client.users.create({ extension: '1', displayName: 'Dana', email: 'dana@acme.example', password: CANARY_PASSWORD })),
      await rejection(client.users.create({ extension: '105', displayName: 'Dana', email: 'dana@acme.example', voicemailPin: CANARY_PASSWORD })),
    ];
    for (const error of errors) {
      expect(error.code).toBe('VALIDATION_FAILED');
      expectNoSecret(error, CANARY_PASSWORD);
    }
    mock.done();
  });

  it('a create whose outcome is unknown, the server echoing the password (OutcomeUnknownError and its cause)', async () => {
    const mock = new WireMock()
      .signIn()
      .post('/api/users', { status: 500, reply: echo('UNKNOWN', `failed to hash '${CANARY_PASSWORD}'`), ...anyBody })
      .get('/api/users', { query: { filter: "extension_number eq '105'", skip: '0', top: '2' }, status: 500, reply: echo('UNKNOWN', `still hashing '${CANARY_PASSWORD}'`), times: 4 });
    const error = await rejection(portsipClient().users.create({ extension: '105', displayName: 'Dana', email: 'dana@acme.example', password: CANARY_PASSWORD }));
    expect(error.code).toBe('OUTCOME_UNKNOWN');
    expect(error.cause).toBeDefined();
    expectNoSecret(error, CANARY_PASSWORD);
    mock.done();
  });
});

describe('the canary token never appears in errors', () => {
  it('a static token refused with the token echoed back (AuthenticationError)', async () => {
    const mock = new WireMock().useToken(CANARY_TOKEN).get(ALICE_PATH, { status: 401, reply: echo('UNAUTHORIZED', `token ${CANARY_TOKEN} has expired`) });
    const error = await rejection(withCanaryToken().users.get(ALICE));
    expect(error.code).toBe('AUTHENTICATION_FAILED');
    expectNoSecret(error, CANARY_TOKEN);
    mock.done();
  });

  it('a token issued by sign-in and echoed in a 403 (PermissionError)', async () => {
    const mock = signInWithCanary(new WireMock(), { ...fixture('token-sign-in.json'), access_token: CANARY_TOKEN })
      .get(ALICE_PATH, { status: 403, reply: echo('FORBIDDEN', `Bearer ${CANARY_TOKEN} may not read users`) });
    const error = await rejection(withCanaryPassword().users.get(ALICE));
    expect(error.code).toBe('PERMISSION_DENIED');
    expectNoSecret(error, CANARY_TOKEN, CANARY_PASSWORD);
    mock.done();
  });

  it('a refresh token echoed when refused', async () => {
    let now = 1_750_000_000_000;
    const refresh = `${CANARY_TOKEN}-refresh`;
    const mock = signInWithCanary(new WireMock(), { ...fixture('token-sign-in.json'), refresh_token: refresh })
      .get(ALICE_PATH, { fixture: 'user-detail.json' })
      .post('/api/auth/refresh_token', { auth: null, body: { refresh_token: refresh }, status: 500, reply: echo('UNKNOWN', `refresh ${refresh} crashed`), times: 4 });
    const client = portsipClient({ credentials: { ...CREDENTIALS, password: CANARY_PASSWORD }, clock: { now: () => now } });
    await client.users.get(ALICE);
    now += 3_590_000;
    const error = await rejection(client.users.get(ALICE));
    expect(error.code).toBe('SERVER_ERROR');
    expectNoSecret(error, refresh, CANARY_PASSWORD);
    mock.done();
  });

  it('a network failure (NetworkError)', async () => {
    const cause = Object.assign(new Error(`read ECONNRESET while sending Authorization: Bearer ${CANARY_TOKEN}`), { code: 'ECONNRESET' });
    const mock = new WireMock().useToken(CANARY_TOKEN).get(ALICE_PATH, { error: Object.assign(new TypeError('fetch failed'), { cause }), times: 4 });
    const error = await rejection(withCanaryToken().users.get(ALICE));
    expect(error.code).toBe('NETWORK_ERROR');
    expectNoSecret(error, CANARY_TOKEN);
    mock.done();
  });

  it('a timeout (TimeoutError)', async () => {
    const mock = new WireMock().useToken(CANARY_TOKEN).get(ALICE_PATH, { fixture: 'user-detail.json', delayMs: 400, times: 4 });
    const error = await rejection(withCanaryToken({ timeoutMs: 40 }).users.get(ALICE));
    expect(error.code).toBe('TIMEOUT');
    expectNoSecret(error, CANARY_TOKEN);
    mock.done();
  });

  it('a reply missing a field, echoing the token (VendorResponseError)', async () => {
    const { id: _drop, ...user } = fixture('user-detail.json');
    const mock = new WireMock().useToken(CANARY_TOKEN).get(ALICE_PATH, { reply: { ...user, custom_options: CANARY_TOKEN } });
    const error = await rejection(withCanaryToken().users.get(ALICE));
    expect(error.code).toBe('BAD_RESPONSE');
    expectNoSecret(error, CANARY_TOKEN);
    mock.done();
  });

  it('a malformed reply value quoting the token (VendorResponseError)', async () => {
    const list = fixture('cdr-list.json');
    list.items[0].started_at = CANARY_TOKEN;
    const mock = new WireMock().useToken(CANARY_TOKEN).get('/api/cdrs', { query: { orderby: 'started_at asc', skip: '0', top: '100' }, reply: list, spec: false });
    const error = await rejection(withCanaryToken().cdrs.list().page());
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toContain('started_at');
    expectNoSecret(error, CANARY_TOKEN);
    mock.done();
  });

  it('an HTML error page quoting the token (ServerError)', async () => {
    const html = `<html><body><pre>Authorization: Bearer ${CANARY_TOKEN}</pre></body></html>`;
    const mock = new WireMock().useToken(CANARY_TOKEN).get(ALICE_PATH, { status: 502, rawReply: html, headers: { 'content-type': 'text/html' }, times: 4 });
    const error = await rejection(withCanaryToken().users.get(ALICE));
    expect(error.code).toBe('SERVER_ERROR');
    expectNoSecret(error, CANARY_TOKEN);
    mock.done();
  });

  it('an aborted call (AbortedError)', async () => {
    const mock = new WireMock().useToken(CANARY_TOKEN).get(ALICE_PATH, { fixture: 'user-detail.json', delayMs: 500 });
    const controller = new AbortController();
    const pending = withCanaryToken().users.get(ALICE, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error(`stop ${CANARY_TOKEN}`)), 30);
    const error = await rejection(pending);
    expect(error.code).toBe('ABORTED');
    expectNoSecret(error, CANARY_TOKEN);
    mock.done();
  });
});
