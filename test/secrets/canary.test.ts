/**
 * Issue 6, item 5 — the canary matrix: for every registered vendor, every credential form it
 * accepts and every error class a call can end in, with a vendor that echoes the client's
 * secrets back (in messages, field names, vendor codes, headers, URLs, Base64, Basic
 * credentials, the request it received), no password, token, API key or Basic credential
 * appears in the error's message, stack, `JSON.stringify`, `util.inspect` (full depth,
 * hidden properties), `String`, its causes, any hook payload, or the CLI's error output.
 * Models returned from payloads that carry the token keep it masked in `raw`.
 *
 * Each case asserts the error code it provoked, so it cannot pass by provoking something else,
 * and that the canaries really travelled (the login body carried the password, every other
 * request the expected auth header with the canary token).
 */
import { describe, expect, it } from 'vitest';
import type { PbxClient } from '../../core/client.js';
import { isPbxError, type PbxError, type PbxErrorCode } from '../../core/errors.js';
import { formatError } from '../../src/cli/errors.js';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { VENDOR_IDS, type VendorId } from '../../src/registry.js';
import { NEW_USER_PASSWORD, PASSWORD, expectNoSecretIn, expectNoSecrets, jsonEscaped } from './canaries.js';
import { FakeVendor, PROFILES, fixture, type Call, type CredentialForm, type Reply, type VendorProfile } from './fake-vendors.js';

/** Fast retries, but one of them, so `onRetry` payloads are exercised too. */
const RETRY = { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2, jitter: 'none' } as const;

interface RunContext {
  readonly profile: VendorProfile;
  readonly form: CredentialForm;
  readonly controller: AbortController;
  /** The client's clock (real time plus what a case skips ahead). */
  readonly clock: { now(): number; advance(ms: number): void };
}

function skippingClock(): RunContext['clock'] {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}

type Responder = (call: Call, fake: FakeVendor, ctx: RunContext) => Reply | undefined;

interface Scenario {
  readonly name: string;
  /** The error code the case must end in. */
  readonly code: PbxErrorCode;
  /**
   * Which requests `reply` answers: the password login (forms with a password only), every
   * other request, or none (the error must come before anything is sent).
   */
  readonly target: 'login' | 'request' | 'none';
  readonly reply?: Responder;
  /** Answers any request, before `reply` (multi-request operations). */
  readonly handle?: Responder;
  /** The call; `users.get` by default. */
  readonly run?: (client: PbxClient, ctx: RunContext) => unknown;
  readonly vendors?: readonly VendorId[];
  readonly requires?: (profile: VendorProfile, form: CredentialForm) => boolean;
  /** Client options for this case (timeouts). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Secrets of the input that the client registers (a new user's password). */
  readonly extraSecrets?: readonly string[];
  /** The vendor's echo reaches the message: it must be there, masked. */
  readonly masked?: boolean;
  readonly check?: (error: PbxError & Record<string, any>, fake: FakeVendor, ctx: RunContext) => void;
}

const getUser = (client: PbxClient, { profile }: RunContext) => client.users.get(profile.userId);
const error = (status: number, headers?: Record<string, string>): Responder => (call, fake) => fake.error(status, call, headers ? { headers } : {});
const html = (status: number): Responder => (call, fake) => fake.html(status, call);
const hang: Responder = (call, fake) => fake.hang(call);
const network = (code: string): Responder => (call, fake) => fake.network(code, call);
const abortAndHang: Responder = (call, fake, ctx) => {
  ctx.controller.abort(new Error(`stopped: ${fake.echo(call)}`));
  return fake.hang(call);
};
const withSignal = (client: PbxClient, ctx: RunContext) => client.users.get(ctx.profile.userId, { signal: ctx.controller.signal });
const hasPassword = (_: VendorProfile, form: CredentialForm) => form.password !== undefined;
const causeCode = (e: PbxError) => (e.cause as PbxError | undefined)?.code;

const SCENARIOS: readonly Scenario[] = [
  // ---- the password login fails ------------------------------------------------------
  { name: 'login refused with 401, the vendor echoing the password', code: 'AUTHENTICATION_FAILED', target: 'login', reply: error(401), masked: true },
  {
    name: 'login refused with 400 and field messages echoing the password',
    code: 'AUTHENTICATION_FAILED',
    target: 'login',
    // PortSIP refuses a login with 400 UNAUTHORIZED; the others with a validation-style 400.
    reply: (call, fake) => fake.error(400, call, fake.profile.id === 'portsip' ? { code: 'UNAUTHORIZED' } : {}),
    masked: true,
  },
  { name: 'login answered 403', code: 'PERMISSION_DENIED', target: 'login', reply: error(403), masked: true },
  {
    name: 'the account needs a second factor',
    code: 'TWO_FACTOR_REQUIRED',
    target: 'login',
    requires: (profile) => profile.twoFactor !== undefined,
    reply: (call, fake) => fake.profile.twoFactor!(fake, call),
    check: (e) => expect(e['hint']).toEqual(expect.any(String)),
  },
  { name: 'login reply unreadable (token of the wrong type, secrets echoed beside it)', code: 'BAD_RESPONSE', target: 'login', reply: (call, fake) => fake.profile.malformedLogin(fake, call) },
  { name: 'login answered with an HTML page (200)', code: 'BAD_RESPONSE', target: 'login', reply: html(200) },
  { name: 'login answered 503', code: 'SERVER_ERROR', target: 'login', reply: error(503), masked: true },
  {
    name: 'login throttled with Retry-After: 3600',
    code: 'RATE_LIMITED',
    target: 'login',
    reply: error(429, { 'retry-after': '3600' }),
    check: (e) => expect(e['retryAfterMs']).toBe(3_600_000),
  },
  { name: 'login connection reset (undici cause quoting the secrets)', code: 'NETWORK_ERROR', target: 'login', reply: network('ECONNRESET') },
  { name: 'login hangs past the per-attempt timeout', code: 'TIMEOUT', target: 'login', reply: hang, options: { timeoutMs: 40 }, check: (e) => expect(e['kind']).toBe('attempt') },
  { name: 'the caller aborts while the login is under way', code: 'ABORTED', target: 'login', reply: abortAndHang, run: withSignal },
  {
    name: 'renewal: the refresh token is refused with 401 echoing it, and so is the fresh login',
    code: 'AUTHENTICATION_FAILED',
    target: 'login',
    requires: (_, form) => form.options['loginMethod'] === 'sign_in',
    reply: (call, fake) => (fake.tokens.length > 0 ? fake.error(401, call) : undefined),
    run: async (client, ctx) => {
      await client.users.get(ctx.profile.userId);
      ctx.clock.advance(3_590_000); // within the renewal margin of the 3600 s session
      return client.users.get(ctx.profile.userId);
    },
    masked: true,
    check: (_, fake) => {
      expect(fake.tokens).toHaveLength(1);
      expect(fake.calls.some((c) => c.rel === 'auth/refresh_token' && c.body.includes(fake.refreshTokens[0]!))).toBe(true);
    },
  },

  // ---- a signed request fails ---------------------------------------------------------
  {
    name: '401 echoing the token (a renewable session logs in again first)',
    code: 'AUTHENTICATION_FAILED',
    target: 'request',
    reply: error(401),
    masked: true,
    check: (_, fake) => expect(fake.tokens.length).toBe(fake.form.password ? 2 : 0),
  },
  { name: '403 echoing the token', code: 'PERMISSION_DENIED', target: 'request', reply: error(403), masked: true },
  { name: '404 echoing the token', code: 'NOT_FOUND', target: 'request', reply: error(404), masked: true },
  { name: '409 echoing the token', code: 'CONFLICT', target: 'request', reply: error(409), masked: true },
  ...[400, 422].map(
    (status): Scenario => ({
      name: `update refused with ${status}, field names and messages echoing the token`,
      code: 'VALIDATION_FAILED',
      target: 'request',
      reply: error(status),
      run: (client, { profile }) => client.users.update(profile.userId, profile.patch),
      masked: true,
      check: (e) => {
        expect(e['source']).toBe('vendor');
        expect(e['issues'].length).toBeGreaterThan(0);
        expect(JSON.stringify(e['issues'])).toContain('[REDACTED]');
      },
    }),
  ),
  {
    name: 'client-side validation of an input quoting the password (nothing sent)',
    code: 'VALIDATION_FAILED',
    target: 'none',
    run: (client, { profile }) => client.users.update(profile.userId, { email: PASSWORD }),
    check: (e) => expect(e['source']).toBe('client'),
  },
  { name: '429 with Retry-After: 3600 (longer than unipbx waits)', code: 'RATE_LIMITED', target: 'request', reply: error(429, { 'retry-after': '3600' }), masked: true, check: (e) => expect(e['retryAfterMs']).toBe(3_600_000) },
  { name: '429 without Retry-After on every attempt', code: 'RATE_LIMITED', target: 'request', reply: error(429), masked: true, check: (e) => expect(e['retryAfterMs']).toBeUndefined() },
  {
    name: 'no reply within timeoutMs',
    code: 'TIMEOUT',
    target: 'request',
    reply: hang,
    run: (client, { profile }) => client.users.get(profile.userId, { timeoutMs: 30 }),
    check: (e) => expect(e['kind']).toBe('attempt'),
  },
  {
    name: 'the overall deadline runs out',
    code: 'TIMEOUT',
    target: 'request',
    reply: (call, fake) => fake.hang(call, 20),
    run: (client, { profile }) => client.users.get(profile.userId, { deadlineMs: 150, timeoutMs: 10_000 }),
    check: (e) => expect(e['kind']).toBe('deadline'),
  },
  { name: 'the caller aborts, the abort reason quoting the secrets', code: 'ABORTED', target: 'request', reply: abortAndHang, run: withSignal },
  { name: 'connection reset: TypeError("fetch failed"), cause ECONNRESET quoting the secrets', code: 'NETWORK_ERROR', target: 'request', reply: network('ECONNRESET'), check: (e) => expect(e['sent']).toBe(true) },
  { name: 'connection refused, cause quoting the secrets', code: 'NETWORK_ERROR', target: 'request', reply: network('ECONNREFUSED'), check: (e) => expect(e['sent']).toBe(false) },
  { name: '500 echoing the token', code: 'SERVER_ERROR', target: 'request', reply: error(500), masked: true },
  {
    name: 'raw GET carrying the credential in its query, answered 500',
    code: 'SERVER_ERROR',
    target: 'request',
    reply: error(500),
    run: (client, { form }) => client.raw.request('GET', 'users', { query: { key: form.password ?? form.staticToken } }),
    masked: true,
    check: (_, fake) => expect(fake.calls.some((c) => !c.login && c.url.includes(`key=${new URLSearchParams({ s: fake.form.password ?? fake.form.staticToken! }).toString().slice(2)}`))).toBe(true),
  },
  { name: '502 HTML proxy page quoting the secrets', code: 'SERVER_ERROR', target: 'request', reply: html(502) },
  { name: '200 HTML page quoting the secrets', code: 'BAD_RESPONSE', target: 'request', reply: html(200) },
  {
    name: '200 reply larger than maxResponseBytes, quoting the secrets',
    code: 'RESPONSE_TOO_LARGE',
    target: 'request',
    options: { maxResponseBytes: 1024 },
    reply: (call, fake) => fake.text(200, `{"data":{"id":1,"note":"${fake.echo(call).repeat(64)}"}}`, 'application/json'),
    check: (e) => expect(e['maxResponseBytes']).toBe(1024),
  },
  {
    name: '200 truncated JSON quoting the secrets',
    code: 'BAD_RESPONSE',
    target: 'request',
    reply: (call, fake) => fake.text(200, `{"data":{"id":1,"note":"${fake.echo(call)}`, 'application/json'),
  },
  {
    name: '200 JSON without the id, secrets echoed in other fields',
    code: 'BAD_RESPONSE',
    target: 'request',
    reply: (call, fake) => fake.profile.malformedUser(fake, call),
    check: (e) => expect(e['issues'].length).toBeGreaterThan(0),
  },
  {
    name: 'a malformed timestamp that the parse error quotes is the token',
    code: 'BAD_RESPONSE',
    target: 'request',
    vendors: ['portsip'],
    reply: (call, fake) => {
      const list = fixture<{ items: Array<Record<string, unknown>> }>('portsip', 'cdr-list.json');
      list.items[0]!['started_at'] = fake.token;
      return fake.json(200, list);
    },
    run: (client) => client.cdrs.list().page(),
    masked: true,
  },
  {
    name: 'a malformed timestamp that the parse error quotes is the token',
    code: 'BAD_RESPONSE',
    target: 'request',
    vendors: ['voipstudio'],
    reply: (call, fake) => fake.json(200, { data: { ...fixture<{ data: object }>('voipstudio', 'cdr.json').data, calldate: fake.token } }),
    run: (client) => client.cdrs.get('5014983'),
    masked: true,
  },
  {
    name: '418 with a status text quoting the secrets and a plain-text body',
    code: 'VENDOR_ERROR',
    target: 'request',
    reply: (call, fake) => fake.text(418, fake.echo(call), 'text/plain', { statusText: `teapot ${fake.values().join(' ')}` }),
    masked: true,
  },
  {
    name: '302 redirect whose Location carries the token',
    code: 'VENDOR_ERROR',
    target: 'request',
    reply: (call, fake) => fake.json(302, {}, { location: `https://elsewhere.canary.test/?token=${encodeURIComponent(fake.token)}&b=${Buffer.from(fake.token).toString('base64')}` }),
  },

  // ---- writes whose outcome is unknown -------------------------------------------------
  ...(
    [
      ['answered 500', error(500), 'SERVER_ERROR', {}],
      ['connection reset after sending', network('ECONNRESET'), 'NETWORK_ERROR', {}],
      ['no reply within timeoutMs', hang, 'TIMEOUT', { timeoutMs: 30 }],
    ] as const
  ).map(
    ([what, reply, cause, callOptions]): Scenario => ({
      name: `raw non-idempotent POST ${what}`,
      code: 'OUTCOME_UNKNOWN',
      target: 'request',
      reply,
      run: (client) => client.raw.request('POST', 'users', { body: { note: 'created by the canary test' }, ...callOptions }),
      check: (e) => expect(causeCode(e)).toBe(cause),
    }),
  ),
  {
    name: 'users.create answered 500 and the reconciling lookup fails too',
    code: 'OUTCOME_UNKNOWN',
    target: 'request',
    vendors: ['portsip'],
    reply: (call, fake) => (call.rel === 'users' ? fake.error(500, call) : undefined),
    run: (client) => client.users.create({ extension: '105', displayName: 'Dana', email: 'dana@acme.example', password: NEW_USER_PASSWORD }),
    extraSecrets: [NEW_USER_PASSWORD],
  },
  {
    name: 'groups.create reset after sending and the reconciling lookup fails',
    code: 'OUTCOME_UNKNOWN',
    target: 'request',
    vendors: ['voipstudio'],
    reply: (call, fake) => (call.rel === 'usergroups' ? (call.method === 'POST' ? fake.network('ECONNRESET', call) : fake.error(500, call)) : undefined),
    run: (client) => client.groups.create({ name: 'Night Shift' }),
  },

  // ---- multi-request writes stopping half way ------------------------------------------
  {
    name: 'users.create applied, reading it back answered 500',
    code: 'PARTIAL_FAILURE',
    target: 'request',
    vendors: ['portsip'],
    reply: (call, fake) => (call.method === 'GET' && call.rel.startsWith('users/') ? fake.error(500, call) : undefined),
    run: (client) => client.users.create({ extension: '105', displayName: 'Dana', email: 'dana@acme.example', password: NEW_USER_PASSWORD }),
    extraSecrets: [NEW_USER_PASSWORD],
    check: (e) => {
      expect(e['applied']).toEqual(['create']);
      expect(causeCode(e)).toBe('SERVER_ERROR');
    },
  },
  {
    name: 'users.update: the name applied, the email answered 409',
    code: 'PARTIAL_FAILURE',
    target: 'request',
    vendors: ['netpbx'],
    reply: (call, fake) => (call.rel.endsWith('/email') ? fake.error(409, call) : undefined),
    run: (client, { profile }) => client.users.update(profile.userId, { firstName: 'Ada', lastName: 'Byron', email: 'ada@example.com' }),
    check: (e) => {
      expect(e['applied']).toEqual(['firstName', 'lastName']);
      expect(causeCode(e)).toBe('CONFLICT');
    },
  },

  // ---- refused before anything is sent -------------------------------------------------
  {
    name: 'a field the vendor cannot set, its value quoting the password',
    code: 'UNSUPPORTED_OPERATION',
    target: 'none',
    vendors: ['portsip'],
    run: (client, { profile }) => client.users.update(profile.userId, { firstName: PASSWORD }),
  },
  {
    name: 'users.create, which the vendor cannot do, with a password',
    code: 'UNSUPPORTED_OPERATION',
    target: 'none',
    vendors: ['netpbx', 'voipstudio'],
    run: (client) => client.users.create({ extension: '105', displayName: 'Dana', email: 'dana@example.com', password: NEW_USER_PASSWORD }),
    extraSecrets: [NEW_USER_PASSWORD],
  },
];

/** Error classes no case of the vendor can produce, and why. */
const NOT_APPLICABLE: Readonly<Record<VendorId, Partial<Record<PbxErrorCode, string>>>> = {
  portsip: {},
  netpbx: { TWO_FACTOR_REQUIRED: 'the NetPBX Web API documents no second factor' },
  voipstudio: { PARTIAL_FAILURE: 'no VoIPStudio operation is made of several writes' },
};

/** Every code of core/errors.ts: a new one fails type-checking here until the matrix covers it. */
const ALL_CODES = Object.keys({
  AUTHENTICATION_FAILED: 1,
  TWO_FACTOR_REQUIRED: 1,
  PERMISSION_DENIED: 1,
  NOT_FOUND: 1,
  CONFLICT: 1,
  VALIDATION_FAILED: 1,
  RATE_LIMITED: 1,
  BAD_RESPONSE: 1,
  NETWORK_ERROR: 1,
  TIMEOUT: 1,
  ABORTED: 1,
  UNSUPPORTED_OPERATION: 1,
  PARTIAL_FAILURE: 1,
  OUTCOME_UNKNOWN: 1,
  RESPONSE_TOO_LARGE: 1,
  SERVER_ERROR: 1,
  VENDOR_ERROR: 1,
} satisfies Record<PbxErrorCode, 1>) as PbxErrorCode[];

function applies(scenario: Scenario, profile: VendorProfile, form: CredentialForm): boolean {
  if (scenario.vendors && !scenario.vendors.includes(profile.id)) return false;
  if (scenario.target === 'login' && !hasPassword(profile, form)) return false;
  return scenario.requires?.(profile, form) ?? true;
}

/** A client of `profile` with `form`'s credentials, talking to a fake that plays `scenario`. */
function setUp(profile: VendorProfile, form: CredentialForm, scenario: Pick<Scenario, 'target' | 'reply' | 'handle' | 'options' | 'extraSecrets'>) {
  const ctx: RunContext = { profile, form, controller: new AbortController(), clock: skippingClock() };
  const fake = new FakeVendor(profile, form, (call, f) => {
    const handled = scenario.handle?.(call, f, ctx);
    if (handled !== undefined) return handled;
    const targeted = scenario.target === 'login' ? call.login : scenario.target === 'request' && !call.login;
    return targeted ? scenario.reply?.(call, f, ctx) : undefined;
  });
  fake.extra.push(...(scenario.extraSecrets ?? []));
  const events: Array<{ readonly hook: string; readonly event: unknown }> = [];
  const record = (hook: string) => (event: unknown) => void events.push({ hook, event });
  const client = createPbx({
    vendor: profile.id,
    baseUrl: profile.baseUrl,
    fetch: fake.fetch,
    retry: RETRY,
    clock: { now: ctx.clock.now },
    hooks: { onRequest: record('onRequest'), onResponse: record('onResponse'), onRetry: record('onRetry'), onError: record('onError') },
    ...form.options,
    ...scenario.options,
  } as CreatePbxOptions);
  return { ctx, fake, events, client };
}

/** The secrets really travelled: the login carried the password, every other request the canary token in the form's header. */
function expectSecretsTravelled(fake: FakeVendor, form: CredentialForm): void {
  expect(fake.calls.length, 'requests sent').toBeGreaterThan(0);
  for (const call of fake.calls) {
    if (call.login) {
      if (!call.rel.includes('refresh')) expect(call.body, `login body of ${call.rel}`).toContain(jsonEscaped(form.password!));
      continue;
    }
    const tokens = [...(form.staticToken ? [form.staticToken] : []), ...fake.tokens];
    const signedWith = tokens.filter((token) => {
      const [name, value] = form.auth(token);
      return call.headers[name.toLowerCase()] === value;
    });
    expect(signedWith.length, `${call.method} ${call.rel} signed with a canary token: ${JSON.stringify(call.headers)}`).toBe(1);
  }
}

async function rejection(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

for (const vendor of VENDOR_IDS) {
  const profile = PROFILES[vendor];

  describe(`${vendor}: no secret in any error, hook payload or CLI output`, () => {
    it('the matrix covers every error class (or says why the vendor cannot produce it)', () => {
      const covered = new Set(profile.forms.flatMap((form) => SCENARIOS.filter((s) => applies(s, profile, form)).map((s) => s.code)));
      const missing = ALL_CODES.filter((code) => !covered.has(code) && NOT_APPLICABLE[vendor][code] === undefined);
      expect(missing).toEqual([]);
      // And what is declared not applicable is really not covered (the list stays honest).
      for (const code of Object.keys(NOT_APPLICABLE[vendor]) as PbxErrorCode[]) expect(covered.has(code), code).toBe(false);
    });

    for (const form of profile.forms) {
      describe(form.name, () => {
        for (const scenario of SCENARIOS.filter((s) => applies(s, profile, form))) {
          it(`${scenario.code}: ${scenario.name}`, async () => {
            const { ctx, fake, events, client } = setUp(profile, form, scenario);
            try {
              const thrown = await rejection(() => (scenario.run ?? getUser)(client, ctx));

              // The case provoked what it claims to.
              expect(isPbxError(thrown), `not a PbxError: ${String(thrown)}`).toBe(true);
              const e = thrown as PbxError & Record<string, any>;
              expect(e.code, e.message).toBe(scenario.code);
              scenario.check?.(e, fake, ctx);
              expect(fake.unexpected, 'requests the fake vendor had no answer for').toEqual([]);
              if (scenario.target === 'none') {
                expect(fake.calls).toEqual([]);
              } else {
                expectSecretsTravelled(fake, form);
                expect(events.some((r) => r.hook === 'onRequest')).toBe(true);
              }
              const secrets = fake.secrets();
              expect(secrets.length).toBeGreaterThan(0);
              if (scenario.masked) expect(e.message).toContain('[REDACTED]');

              // Nothing leaks: the error in every rendering, with its causes…
              expectNoSecrets(e, secrets, `${e.name} ${e.code}`);
              // …every hook payload…
              for (const { hook, event } of events) expectNoSecrets(event, secrets, `${hook} payload`);
              // …and what the CLI prints for it (with --debug: details and stacks).
              const cli = formatError(e, { command: 'unipbx users get', vendor, baseUrl: profile.baseUrl }, true);
              expectNoSecretIn(cli.text, secrets, 'CLI output');
            } finally {
              fake.close();
            }
          });
        }

        it('VALIDATION_FAILED: options refused at construction, the secret under a misspelt key', () => {
          const credentials = form.options['credentials'] as Record<string, unknown>;
          const secret = form.password ?? form.staticToken!;
          // `password` -> `passwordx`, `token` -> `tokenx`, `apiKey` -> `apiKeyx`: the value stays, the key is wrong.
          const misspelt = Object.fromEntries(Object.entries(credentials).map(([key, value]) => [value === secret ? `${key}x` : key, value]));
          let thrown: unknown;
          try {
            createPbx({ vendor: profile.id, baseUrl: profile.baseUrl, fetch: () => Promise.reject(new Error('nothing may be sent')), ...form.options, credentials: misspelt } as unknown as CreatePbxOptions);
          } catch (error) {
            thrown = error;
          }
          expect(isPbxError(thrown, 'VALIDATION_FAILED'), String(thrown)).toBe(true);
          expect((thrown as PbxError & { source: string }).source).toBe('client');
          const secrets = [{ value: secret }];
          expectNoSecrets(thrown, secrets, 'options error');
          expectNoSecretIn(formatError(thrown, { command: 'unipbx users list', vendor }, true).text, secrets, 'CLI output');
        });

        it('a successful read keeps the tokens the vendor sent masked in the model and its raw payload', async () => {
          const { fake, events, client } = setUp(profile, form, { target: 'none' });
          try {
            const models = [await client.users.get(profile.userId), await client.whoami()];
            expectSecretsTravelled(fake, form);
            expect(fake.unexpected).toEqual([]);
            const secrets = fake.secrets();
            for (const model of models) {
              // The payload did carry the token (under secret-named keys) and `raw` masks it.
              expect(JSON.stringify(model.raw)).toContain('[REDACTED]');
              expectNoSecrets(model, secrets, `model ${model.id}`);
            }
            expect(events.some((r) => r.hook === 'onResponse')).toBe(true);
            for (const { hook, event } of events) expectNoSecrets(event, secrets, `${hook} payload`);
          } finally {
            fake.close();
          }
        });
      });
    }
  });
}
