/**
 * Secrets never leave the library: not in any error the kernel throws (message, stack,
 * JSON, util.inspect, causes), nor in hook payloads — whatever the vendor echoes back.
 * Canary secrets make any leak visible.
 */
import { describe, expect, it } from 'vitest';
import { SessionCache, SessionSigner, type Session } from '../../core/auth/session.js';
import { isPbxError, type PbxError } from '../../core/errors.js';
import type { ClientHooks, HttpRequest } from '../../core/http/kernel.js';
import { Redactor, maskSecretFields } from '../../core/http/redact.js';
import { fail, hang, reply, replyText, scriptedFetch, type Step } from '../support/core/http.js';
import { CANARY, CANARY_TOKEN, CANARY_USER, makeKernel, recordingClock, rejection, type TestKernelOptions } from '../support/core/kernel.js';
import { expectNoSecrets, views } from '../support/core/secrets.js';

const SECRETS = [CANARY, CANARY_TOKEN, `${CANARY_USER}:${CANARY}`];
const BASIC = `Basic ${Buffer.from(`${CANARY_USER}:${CANARY}`).toString('base64')}`;
const ECHO = `password ${CANARY} token ${CANARY_TOKEN} header ${BASIC} url https://${CANARY_USER}:${encodeURIComponent(CANARY)}@pbx.test/?token=${CANARY_TOKEN}`;

describe('Redactor', () => {
  it('masks registered secrets in their plain, URL-encoded and Base64 forms', () => {
    const redactor = new Redactor();
    redactor.add('p@ss/w0rd+x');
    const text = `a p@ss/w0rd+x b ${encodeURIComponent('p@ss/w0rd+x')} c ${Buffer.from('p@ss/w0rd+x').toString('base64')} d`;
    expect(redactor.text(text)).toBe('a [REDACTED] b [REDACTED] c [REDACTED] d');
  });

  it('addBasic masks the Basic credential and the secret alone', () => {
    const redactor = new Redactor();
    redactor.addBasic('alice', 'hunter22');
    expect(redactor.text(`Authorization: Basic ${Buffer.from('alice:hunter22').toString('base64')}`)).toBe('Authorization: Basic [REDACTED]');
    expect(redactor.text('pw=hunter22 user=alice')).toBe('pw=[REDACTED] user=alice');
  });

  it('ignores undefined and very short values (they would mask ordinary words)', () => {
    const redactor = new Redactor();
    redactor.add(undefined, 'abc', '');
    expect(redactor.text('abc def')).toBe('abc def');
  });

  it('masks the longest secret first, and treats regex metacharacters literally', () => {
    const redactor = new Redactor();
    redactor.add('abcd', 'abcdefgh', 'a.b*c+d?(x)');
    expect(redactor.text('abcdefgh')).toBe('[REDACTED]');
    expect(redactor.text('a.b*c+d?(x) aXbbbcd')).toBe('[REDACTED] aXbbbcd');
  });

  it('secrets added later are masked too', () => {
    const redactor = new Redactor();
    redactor.add('first-secret');
    expect(redactor.text('second-secret')).toBe('second-secret');
    redactor.add('second-secret');
    expect(redactor.text('first-secret second-secret')).toBe('[REDACTED] [REDACTED]');
  });

  it('masks a secret in its application/x-www-form-urlencoded form (as URLSearchParams writes query strings)', () => {
    const redactor = new Redactor();
    const secret = "pa55 w0rd!(x)'~*";
    redactor.add(secret);
    const query = new URLSearchParams({ password: secret }).toString();
    expect(redactor.text(`https://pbx.test/api/login?${query}`)).toBe('https://pbx.test/api/login?password=[REDACTED]');
  });

  it('value() masks secret-named keys at any depth and registered secrets inside strings', () => {
    const redactor = new Redactor();
    redactor.add(CANARY);
    const input = {
      user: 'ann',
      password: 'x',
      extension_password: 'y',
      api_key: 'z',
      apiKey: 'z',
      Authorization: 'Bearer q',
      client_secret: 's',
      voicemail_pin: 1234,
      nested: [{ access_token: 't', note: `echo ${CANARY}` }],
      empty: { password: '' },
      cookie: null,
    };
    expect(redactor.value(input)).toEqual({
      user: 'ann',
      password: '[REDACTED]',
      extension_password: '[REDACTED]',
      api_key: '[REDACTED]',
      apiKey: '[REDACTED]',
      Authorization: '[REDACTED]',
      client_secret: '[REDACTED]',
      voicemail_pin: '[REDACTED]',
      nested: [{ access_token: '[REDACTED]', note: 'echo [REDACTED]' }],
      empty: { password: '' },
      cookie: null,
    });
    expect(input.password).toBe('x');
  });

  it('maskSecretFields masks only string/number values of secret keys and leaves booleans', () => {
    expect(maskSecretFields({ token: 'abc', enable_pin: true, pin: 1234, otp: '' })).toEqual({ token: '[REDACTED]', enable_pin: true, pin: '[REDACTED]', otp: '' });
  });
});

/** A kernel that signs with Basic auth over the canary password and records every hook event. */
function kernelWith(steps: Step[], options: TestKernelOptions = {}) {
  const events: unknown[] = [];
  const record = (e: unknown) => events.push(e);
  const hooks: ClientHooks = { onRequest: record, onResponse: record, onRetry: record, onError: record };
  const script = scriptedFetch(...steps);
  const { kernel } = makeKernel({
    fetch: script.fetch,
    clock: recordingClock(),
    hooks,
    retry: { maxRetries: 1, baseDelayMs: 1, jitter: 'none' },
    signer: { sign: async () => ({ authorization: BASIC }), rejected: () => false },
    ...options,
  });
  return { kernel, events, calls: script.calls };
}

const read: HttpRequest = { operation: 'users.get', method: 'GET', path: `users/${CANARY}`, query: { token: CANARY_TOKEN } };
const create: HttpRequest = { operation: 'users.create', method: 'POST', path: 'users', json: { username: CANARY_USER, password: CANARY, token: CANARY_TOKEN } };

describe('no secret in any error the kernel throws, nor in hook payloads', () => {
  const echoBody = { code: 'E_ECHO', message: ECHO, fields: [{ field: 'password', message: `value ${CANARY} is too weak` }, { field: `extra.${CANARY_TOKEN}`, message: BASIC }] };

  const scenarios: Array<{ name: string; code: string; steps: Step[]; request: HttpRequest; options?: TestKernelOptions }> = [
    { name: 'authentication failure (401 echoing the credentials)', code: 'AUTHENTICATION_FAILED', steps: [reply(401, echoBody)], request: read },
    { name: 'vendor validation error echoing the secret in message and fields', code: 'VALIDATION_FAILED', steps: [reply(400, echoBody)], request: create },
    { name: '422 validation error', code: 'VALIDATION_FAILED', steps: [reply(422, echoBody)], request: create },
    { name: 'permission error', code: 'PERMISSION_DENIED', steps: [reply(403, echoBody)], request: read },
    { name: 'not found', code: 'NOT_FOUND', steps: [reply(404, echoBody)], request: read },
    { name: 'conflict', code: 'CONFLICT', steps: [reply(409, echoBody)], request: create },
    { name: 'other 4xx with the secret in the status text', code: 'VENDOR_ERROR', steps: [() => new Response(ECHO, { status: 418, statusText: `teapot ${CANARY}` })], request: read },
    { name: 'rate limited', code: 'RATE_LIMITED', steps: [reply(429, echoBody, { 'retry-after': '999' })], request: read },
    { name: 'server error of a read (after a retry)', code: 'SERVER_ERROR', steps: [reply(500, echoBody)], request: read },
    { name: 'outcome unknown (create answered 500)', code: 'OUTCOME_UNKNOWN', steps: [reply(500, echoBody)], request: create },
    { name: 'outcome unknown (create reset)', code: 'OUTCOME_UNKNOWN', steps: [fail('ECONNRESET', `socket to ${CANARY_USER}:${CANARY}@pbx.test reset ${CANARY_TOKEN}`)], request: create },
    { name: 'network error whose undici cause quotes the secret', code: 'NETWORK_ERROR', steps: [fail('ECONNRESET', `connect to https://${CANARY_USER}:${CANARY}@pbx.test?token=${CANARY_TOKEN} failed`)], request: read },
    { name: 'refused connection', code: 'NETWORK_ERROR', steps: [fail('ECONNREFUSED', ECHO)], request: create },
    { name: 'attempt timeout', code: 'TIMEOUT', steps: [hang()], request: read, options: { timeoutMs: 20 } },
    { name: 'deadline', code: 'TIMEOUT', steps: [hang()], request: read, options: { timeoutMs: 10_000, deadlineMs: 30 } },
    { name: 'HTML page quoting the secret', code: 'BAD_RESPONSE', steps: [replyText(200, `<html>${ECHO}</html>`, 'text/html')], request: read },
    { name: 'truncated JSON quoting the secret', code: 'BAD_RESPONSE', steps: [replyText(200, `{"password":"${CANARY}`, 'application/json')], request: read },
  ];

  it.each(scenarios)('$name', async ({ code, steps, request, options }) => {
    const { kernel, events, calls } = kernelWith(steps, options);
    const error = await rejection(kernel.send(request));
    expect(isPbxError(error, code as PbxError['code'])).toBe(true);
    expectNoSecrets(error, SECRETS);
    const cause = (error as Error).cause;
    if (cause !== undefined) expectNoSecrets(cause, SECRETS);
    expect(events.length).toBeGreaterThan(0);
    expectNoSecrets(events, SECRETS);
    // The secrets did travel where they belong: proof that the test exercised them.
    expect(calls[0]!.headers.authorization).toBe(BASIC);
  });

  it('the redacted message still says what went wrong', async () => {
    const { kernel } = kernelWith([reply(400, echoBody)]);
    const error = (await rejection(kernel.send(create))) as PbxError & { issues: unknown };
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).toContain('HTTP 400 E_ECHO');
    expect(error.issues).toEqual([
      { field: 'password', message: 'value [REDACTED] is too weak' },
      { field: 'extra.[REDACTED]', message: 'Basic [REDACTED]' },
    ]);
  });

  it('an aborted call leaks nothing either', async () => {
    const { kernel, events } = kernelWith([hang()]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error(`stop ${CANARY}`)), 10);
    const error = await rejection(kernel.send(read, { signal: controller.signal }));
    expect(isPbxError(error, 'ABORTED')).toBe(true);
    expectNoSecrets(error, SECRETS);
    expectNoSecrets(events, SECRETS);
  });

  it('a vendor error code echoing a secret is redacted too (vendorCode is a detail like any other)', async () => {
    const { kernel, events } = kernelWith([reply(400, { code: `BAD_PASSWORD_${CANARY}`, message: 'rejected' })]);
    const error = await rejection(kernel.send(create));
    expect(isPbxError(error, 'VALIDATION_FAILED')).toBe(true);
    expectNoSecrets(error, SECRETS);
    expectNoSecrets(events, SECRETS);
  });

  it('hook URLs mask a secret that travels in the path or query', async () => {
    const urls: string[] = [];
    const { kernel } = kernelWith([reply(200, {})], { hooks: { onRequest: (e) => urls.push(e.url), onResponse: (e) => urls.push(e.url) } });
    await kernel.send(read);
    expect(urls).toEqual(['https://pbx.test/api/users/[REDACTED]?token=[REDACTED]', 'https://pbx.test/api/users/[REDACTED]?token=[REDACTED]']);
  });

  it('hook URLs mask a query secret that contains characters form-encoding writes differently (space, !, \', (, ), ~)', async () => {
    const secret = "canary pa55!(x)'~";
    const urls: string[] = [];
    const { kernel } = kernelWith([reply(200, {})], { secrets: [secret], hooks: { onRequest: (e) => urls.push(e.url) } });
    await kernel.send({ operation: 'login', method: 'GET', path: 'login', query: { user: 'ann', password: secret }, anonymous: true });
    expect(urls).toHaveLength(1);
    expectNoSecrets(urls, [secret]);
  });

  it('the session token obtained at login is registered: a vendor echoing it later is redacted', async () => {
    const token = 'dyn-T0ken-5f4e3d2c1b';
    const redactor = new Redactor();
    const script = scriptedFetch(reply(500, { message: `token ${token} refresh dyn-Refresh-9a8b7c6d not valid` }));
    const cache = new SessionCache({ renewable: true, obtain: async (): Promise<Session> => ({ token, refreshToken: 'dyn-Refresh-9a8b7c6d' }) }, { redactor });
    const { kernel } = makeKernel({ fetch: script.fetch, redactor, clock: recordingClock(), retry: { maxRetries: 0 }, signer: new SessionSigner(cache, (s) => ({ authorization: `Bearer ${s.token}` })) });
    const error = await rejection(kernel.send(read));
    expect(script.calls[0]!.headers.authorization).toBe(`Bearer ${token}`);
    expectNoSecrets(error, [token, 'dyn-Refresh-9a8b7c6d']);
  });

  it('a failed login (anonymous POST with the password, answered 401 with an echo) surfaces without the password', async () => {
    const events: unknown[] = [];
    const script = scriptedFetch((call) => (call.url.endsWith('/login') ? reply(401, { message: `wrong password ${CANARY} for ${CANARY_USER}` })(call) : reply(200, {})(call)));
    const { kernel } = makeKernel({ fetch: script.fetch, clock: recordingClock(), hooks: { onError: (e) => events.push(e), onRequest: (e) => events.push(e) } });
    const cache = new SessionCache(
      {
        renewable: true,
        obtain: async (_previous, signal) => {
          const response = await kernel.send({ operation: 'login', method: 'POST', path: 'login', json: { user: CANARY_USER, password: CANARY }, anonymous: true, idempotent: true }, { signal });
          return { token: String((response.body as { token: string }).token) };
        },
      },
      { redactor: kernel.redactor },
    );
    kernel.useSigner(new SessionSigner(cache, (s) => ({ authorization: `Bearer ${s.token}` })));
    const error = await rejection(kernel.send(read));
    expect(isPbxError(error, 'AUTHENTICATION_FAILED')).toBe(true);
    expect(JSON.parse(script.calls[0]!.body)).toEqual({ user: CANARY_USER, password: CANARY });
    expectNoSecrets(error, SECRETS);
    expectNoSecrets(events, SECRETS);
    expect(views(error).json).toContain('AUTHENTICATION_FAILED');
  });
});
