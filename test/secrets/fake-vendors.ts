/**
 * Fake vendors for the canary matrix: a `fetch` (passed to `createPbx({ fetch })`) that answers
 * like PortSIP, NetPBX or VoIPStudio — logins issue canary session tokens, reads return the
 * vendor's fixtures — and that a test scenario overrides per request to provoke a failure.
 * Every reply it builds echoes the secrets the client holds at that moment (in the body, in
 * `x-request-id`, in field names, URL-encoded, Base64, as Basic credentials) and the request
 * it answers (headers, body, URL), the way a careless vendor or proxy would.
 */
import { readFileSync } from 'node:fs';
import type { UserPatch } from '../../core/inputs.js';
import type { VendorId } from '../../src/registry.js';
import { PASSWORD, REFRESH_PREFIX, SESSION_PREFIX, STATIC_TOKEN, basicHeader, echoOf, type Secret } from './canaries.js';

/** One request the fake received. */
export interface Call {
  readonly method: string;
  readonly url: string;
  /** Path relative to the vendor's API root, e.g. `users/42`, `auth/sign_in`. */
  readonly rel: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal: AbortSignal;
  /**
   * The request itself. Kept so that it lives as long as the call: undici's Request holds the
   * controller of `signal` (which follows the client's signals only through a WeakRef), so a
   * collected Request would leave a hanging reply never aborted.
   */
  readonly request: Request;
  /** A login (or token refresh): what the password / refresh token travels in. */
  readonly login: boolean;
}

export type Reply = Response | Promise<Response>;
/** Answers a call, or returns undefined to leave it to the next handler. */
export type Handler = (call: Call, fake: FakeVendor) => Reply | undefined;

/** One way of giving a vendor credentials. */
export interface CredentialForm {
  readonly name: string;
  /** Vendor options besides `vendor`, `baseUrl` and `fetch`. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The password, when the form logs in with one. */
  readonly password?: string;
  /** The static token / API key, when the form has one. */
  readonly staticToken?: string;
  /** Tokens travel as Basic `user:token` with this user id (VoIPStudio). */
  readonly basicUser?: string;
  /** The header a request signed with `token` must carry: proof the canary really travelled. */
  auth(token: string): readonly [name: string, value: string];
  /** Answers before the vendor's defaults (e.g. PortSIP `auto`: sign_in is not there). */
  readonly handler?: Handler;
}

export interface VendorProfile {
  readonly id: VendorId;
  readonly baseUrl: string;
  /** Strips the API root from a URL path. */
  readonly apiRoot: RegExp;
  readonly forms: readonly CredentialForm[];
  /** A user that exists, for `users.get`. */
  readonly userId: string;
  /** A patch the vendor accepts, for `users.update`. */
  readonly patch: UserPatch;
  isLogin(method: string, rel: string): boolean;
  /** The successful replies. */
  route(call: Call, fake: FakeVendor): Reply | undefined;
  /** The vendor's error body, echoing `echo` in its messages and `values` in field names and codes. */
  errorBody(echo: string, values: readonly string[], status: number, code?: string): unknown;
  /** A 2xx login reply the client cannot read (the token of the wrong type), echoing secrets. */
  malformedLogin(fake: FakeVendor, call: Call): Response;
  /** A 2xx user reply without its id, echoing secrets elsewhere. */
  malformedUser(fake: FakeVendor, call: Call): Response;
  /** The login reply of an account with two-factor authentication, where the vendor has it. */
  twoFactor?(fake: FakeVendor, call: Call): Response;
}

/** Reads a fixture of `adapters/<vendor>/fixtures/`. */
export function fixture<T extends object = Record<string, any>>(vendor: VendorId, name: string): T {
  return JSON.parse(readFileSync(new URL(`../../adapters/${vendor}/fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** An undici-shaped network failure, whose cause quotes `message`. */
export function undiciError(code: string, message: string): TypeError {
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code, syscall: 'read', errno: -104 }) });
}

export class FakeVendor {
  readonly calls: Call[] = [];
  /** Requests no handler answered. */
  readonly unexpected: string[] = [];
  /** Session tokens issued so far (the last one is in use). */
  readonly tokens: string[] = [];
  readonly refreshTokens: string[] = [];
  /** Further secrets the client holds (e.g. a new user's password it registered). */
  readonly extra: string[] = [];
  private readonly hanging = new Set<(error: Error) => void>();

  constructor(
    readonly profile: VendorProfile,
    readonly form: CredentialForm,
    private readonly handler?: Handler,
  ) {}

  /** The `fetch` to give the client. */
  readonly fetch = (async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const body = request.body ? await request.text() : '';
    const rel = new URL(request.url).pathname.replace(this.profile.apiRoot, '');
    const call: Call = { method: request.method, url: request.url, rel, headers, body, signal: request.signal, request, login: this.profile.isLogin(request.method, rel) };
    this.calls.push(call);
    if (!call.login) this.learnSecretsOf(body);
    if (request.signal.aborted) throw request.signal.reason;
    const reply = this.handler?.(call, this) ?? this.form.handler?.(call, this) ?? this.profile.route(call, this);
    if (reply !== undefined) return reply;
    this.unexpected.push(`${call.method} ${call.rel}`);
    return new Response('no route in the fake vendor', { status: 418 });
  }) as typeof globalThis.fetch;

  /** Passwords the client generated and sent (PortSIP creates users with generated SIP passwords): echoed too. */
  private learnSecretsOf(body: string): void {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return;
    }
    if (json === null || typeof json !== 'object') return;
    for (const [key, value] of Object.entries(json)) {
      if (/password$/i.test(key) && typeof value === 'string' && !this.extra.includes(value)) this.extra.push(value);
    }
  }

  /** The token requests are signed with now. */
  get token(): string {
    return this.tokens.at(-1) ?? this.form.staticToken ?? 'no-token-yet';
  }

  issueToken(): string {
    const token = `${SESSION_PREFIX}${this.profile.id}-${this.tokens.length + 1}`;
    this.tokens.push(token);
    return token;
  }

  issueRefreshToken(): string {
    const token = `${REFRESH_PREFIX}${this.profile.id}-${this.refreshTokens.length + 1}`;
    this.refreshTokens.push(token);
    return token;
  }

  /** Every secret the client holds now, as plain values and Basic pairs. */
  secrets(): Secret[] {
    const out: Secret[] = [];
    if (this.form.password) out.push({ value: this.form.password });
    const user = this.form.basicUser;
    for (const token of [...(this.form.staticToken ? [this.form.staticToken] : []), ...this.tokens]) out.push(user ? { user, value: token } : { value: token });
    for (const token of [...this.refreshTokens, ...this.extra]) out.push({ value: token });
    return out;
  }

  /** The plain secret values. */
  values(): string[] {
    return this.secrets().map((s) => s.value);
  }

  /** A text quoting every secret in every form, and the request as it came (headers, body, URL). */
  echo(call?: Call): string {
    const request = call ? ` | request ${call.method} ${call.url} headers ${JSON.stringify(call.headers)} body ${call.body}` : '';
    return `echo: ${echoOf(this.secrets())}${request}`;
  }

  /** Reply headers that quote the secrets (request ids are logged everywhere…). */
  echoHeaders(): Record<string, string> {
    const values = this.values();
    return {
      'x-request-id': `req ${values.join(' ')}`,
      'x-correlation-id': values.map((v) => Buffer.from(v).toString('base64')).join(' '),
      'www-authenticate': `Bearer error="invalid_token", error_description="${this.echo()}"`,
    };
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...this.echoHeaders(), ...headers } });
  }

  text(status: number, text: string, contentType: string, init: { statusText?: string; headers?: Record<string, string> } = {}): Response {
    return new Response(text, { status, ...(init.statusText ? { statusText: init.statusText } : {}), headers: { 'content-type': contentType, ...this.echoHeaders(), ...init.headers } });
  }

  /**
   * A login reply that issues tokens: its headers echo only what the client knew before
   * (a token is secret to the client only once it has read it from the body).
   */
  issuing(build: () => unknown, status = 200): Response {
    const headers = this.echoHeaders();
    return this.json(status, build(), headers);
  }

  /** The vendor's error reply for `status`, echoing everything. */
  error(status: number, call: Call, options: { code?: string; headers?: Record<string, string> } = {}): Response {
    return this.json(status, this.profile.errorBody(this.echo(call), this.values(), status, options.code), options.headers);
  }

  /** An HTML error page (a proxy's) quoting the secrets. */
  html(status: number, call: Call): Response {
    return this.text(status, `<!DOCTYPE html><html><body><h1>Error</h1><pre>${this.echo(call)}</pre></body></html>`, 'text/html; charset=utf-8');
  }

  /**
   * A reply that never comes: rejects with the request signal's reason once it aborts
   * (`lingerMs` later, so that every signal that is going to fire has fired).
   */
  hang(call: Call, lingerMs = 0): Promise<Response> {
    return new Promise<Response>((_, reject) => {
      const fail = (error: unknown): void => {
        this.hanging.delete(reject);
        setTimeout(() => reject(error), lingerMs);
      };
      this.hanging.add(reject);
      if (call.signal.aborted) fail(call.signal.reason);
      else call.signal.addEventListener('abort', () => fail(call.signal.reason), { once: true });
    });
  }

  /** Fails every reply still hanging (end of a test). */
  close(): void {
    for (const reject of this.hanging) reject(new Error('test over'));
    this.hanging.clear();
  }

  /** Throws like undici does when the connection fails; the cause quotes the secrets. */
  network(code: string, call: Call): never {
    throw undiciError(code, `${code} ${this.echo(call)}`);
  }
}

// ---------------------------------------------------------------------------------------
// PortSIP

const PORTSIP_NEW_USER_ID = 'NzA1MDAwMDAwMDAwMDAwMTA1';
const bearer = (token: string) => ['authorization', `Bearer ${token}`] as const;
const portsipPassword = { username: 'api-admin', password: PASSWORD } as const;

export const PORTSIP: VendorProfile = {
  id: 'portsip',
  baseUrl: 'https://portsip.canary.test:8887',
  apiRoot: /^\/api\//,
  userId: fixture<{ id: string }>('portsip', 'user-detail.json').id,
  patch: { email: 'new.address@acme.example' },
  forms: [
    { name: 'password, sign_in (v22.2+, refreshable)', options: { credentials: portsipPassword, loginMethod: 'sign_in' }, password: PASSWORD, auth: bearer },
    { name: 'password, legacy /login', options: { credentials: portsipPassword, loginMethod: 'login' }, password: PASSWORD, auth: bearer },
    {
      name: 'password, auto (sign_in answers 404, falls back to /login)',
      options: { credentials: { ...portsipPassword, domain: 'acme.pbx.test' } },
      password: PASSWORD,
      auth: bearer,
      handler: (call, fake) => (call.rel === 'auth/sign_in' ? fake.error(404, call) : undefined),
    },
    { name: 'static access token', options: { credentials: { token: STATIC_TOKEN } }, staticToken: STATIC_TOKEN, auth: bearer },
  ],
  isLogin: (method, rel) => method === 'POST' && ['auth/sign_in', 'login', 'auth/refresh_token'].includes(rel),
  route(call, fake) {
    if (call.login) return fake.issuing(() => ({ token_type: 'Bearer', access_token: fake.issueToken(), refresh_token: fake.issueRefreshToken(), expires_in: 3600 }));
    const user = () => ({ ...fixture('portsip', 'user-detail.json'), password: fake.form.password ?? fake.token, extension_password: fake.token, access_token: fake.token });
    if (call.method === 'GET' && (call.rel === `users/${PORTSIP.userId}` || call.rel === 'user')) return fake.json(200, user());
    if (call.method === 'GET' && call.rel === `users/${PORTSIP_NEW_USER_ID}`) return fake.json(200, { ...user(), id: PORTSIP_NEW_USER_ID });
    if (call.method === 'GET' && (call.rel === 'users' || call.rel === 'groups')) return fake.json(200, { count: 0, items: [] });
    if (call.method === 'POST' && call.rel === 'users') return fake.json(201, { id: PORTSIP_NEW_USER_ID });
    if (call.method === 'POST' && call.rel === `users/${PORTSIP.userId}`) return fake.json(200, {});
    if (call.method === 'GET' && (call.rel === 'cdrs' || call.rel === 'user/cdrs')) return fake.json(200, fixture('portsip', 'cdr-list.json'));
    return undefined;
  },
  errorBody: (echo, values, status, code) => ({
    errors: [
      // An unknown code classifies by status; the code itself quotes a secret (it ends up in `vendorCode`).
      { code: code ?? `E${status}_${values[0] ?? ''}`, message: echo, detail: { email: echo, ...Object.fromEntries(values.map((v) => [`field ${v}`, echo])) } },
      { code: 'UNKNOWN', message: `second error ${echo}` },
    ],
  }),
  malformedLogin: (fake, call) => fake.json(200, { token_type: 'Bearer', access_token: 42, refresh_token: fake.echo(call), message: fake.echo(call) }),
  malformedUser: (fake, call) => {
    const { id: _id, ...user } = fixture('portsip', 'user-detail.json');
    return fake.json(200, { ...user, custom_options: fake.echo(call), display_name: fake.echo(call) });
  },
  twoFactor: (fake, call) => fake.json(200, { two_factor_enabled: true, token: '2fa-challenge-5b0e8d', message: fake.echo(call) }),
};

// ---------------------------------------------------------------------------------------
// NetPBX

export const NETPBX: VendorProfile = {
  id: 'netpbx',
  baseUrl: 'https://netpbx.canary.test',
  apiRoot: /^\/api\/v1\//,
  userId: '1042',
  patch: { email: 'new.address@example.com' },
  forms: [
    { name: 'username + password, Authorization: Bearer', options: { credentials: { username: 'api-admin', password: PASSWORD } }, password: PASSWORD, auth: bearer },
    {
      name: 'email + password, bare token in X-Api-Token',
      options: { credentials: { email: 'admin@example.com', password: PASSWORD }, tokenHeader: { name: 'X-Api-Token', scheme: '' } },
      password: PASSWORD,
      auth: (token) => ['x-api-token', token],
    },
    { name: 'static api_token, Authorization: Bearer', options: { credentials: { token: STATIC_TOKEN } }, staticToken: STATIC_TOKEN, auth: bearer },
    {
      name: 'static api_token, X-Auth: Token <token>',
      options: { credentials: { token: STATIC_TOKEN }, tokenHeader: { name: 'X-Auth', scheme: 'Token' } },
      staticToken: STATIC_TOKEN,
      auth: (token) => ['x-auth', `Token ${token}`],
    },
  ],
  isLogin: (method, rel) => method === 'POST' && rel === 'authorizations',
  route(call, fake) {
    if (call.login) return fake.issuing(() => ({ ...fixture('netpbx', 'login.json'), api_token: fake.issueToken() }));
    // whoami: the authorization resource is the user "including user api token".
    if (call.method === 'GET' && call.rel === 'authorizations') return fake.json(200, { ...fixture('netpbx', 'login.json'), api_token: fake.token, Password: fake.form.password ?? fake.token });
    if (call.method === 'GET' && call.rel === `users/${NETPBX.userId}`) return fake.json(200, { ...fixture('netpbx', 'user.json'), ApiToken: fake.token, Password: fake.form.password ?? fake.token });
    if (call.method === 'GET' && call.rel === 'users') return fake.json(200, fixture('netpbx', 'users.json'));
    if (call.method === 'PUT' && /^users\/1042\/(name|email|mobilenumber)$/.test(call.rel)) return fake.json(204, undefined);
    return undefined;
  },
  errorBody: (echo, values) => ({
    Message: echo,
    MessageDetail: `detail ${echo}`,
    ModelState: { 'request.Email': [echo], ...Object.fromEntries(values.map((v) => [`request.${v}`, [echo]])) },
  }),
  malformedLogin: (fake, call) => fake.json(200, { ...fixture('netpbx', 'login.json'), api_token: 42, Message: fake.echo(call) }),
  malformedUser: (fake, call) => {
    const { UserId: _id, ...user } = fixture('netpbx', 'user.json');
    return fake.json(200, { ...user, FirstName: fake.echo(call) });
  },
};

// ---------------------------------------------------------------------------------------
// VoIPStudio

const VOIPSTUDIO_LOGIN_USER = '4720';
const xAuthToken = (token: string) => ['x-auth-token', token] as const;
const basic = (token: string) => ['authorization', basicHeader(VOIPSTUDIO_LOGIN_USER, token)] as const;
const voipstudioPassword = { email: 'admin@acme.example', password: PASSWORD } as const;

export const VOIPSTUDIO: VendorProfile = {
  id: 'voipstudio',
  baseUrl: 'https://voipstudio.canary.test',
  apiRoot: /^\/v1\.[12]\/voipstudio\//,
  userId: '4721',
  patch: { email: 'new.address@acme.example' },
  forms: [
    { name: 'email + password, v1.2 X-Auth-Token', options: { credentials: voipstudioPassword }, password: PASSWORD, auth: xAuthToken },
    { name: 'email + password, v1.1 Basic user_id:token', options: { credentials: voipstudioPassword, apiVersion: 'v1.1' }, password: PASSWORD, basicUser: VOIPSTUDIO_LOGIN_USER, auth: basic },
    { name: 'email + password, v1.2 with Basic', options: { credentials: voipstudioPassword, authHeader: 'basic' }, password: PASSWORD, basicUser: VOIPSTUDIO_LOGIN_USER, auth: basic },
    { name: 'API key, v1.2 X-Auth-Token', options: { credentials: { apiKey: STATIC_TOKEN } }, staticToken: STATIC_TOKEN, auth: xAuthToken },
    {
      name: 'API key + userId, v1.1 Basic',
      options: { credentials: { apiKey: STATIC_TOKEN, userId: Number(VOIPSTUDIO_LOGIN_USER) }, apiVersion: 'v1.1' },
      staticToken: STATIC_TOKEN,
      basicUser: VOIPSTUDIO_LOGIN_USER,
      auth: basic,
    },
  ],
  isLogin: (method, rel) => method === 'POST' && rel === 'login',
  route(call, fake) {
    if (call.login) return fake.issuing(() => ({ message: 'OK', user_id: Number(VOIPSTUDIO_LOGIN_USER), user_token: fake.issueToken() }));
    const user = () => ({
      data: { ...fixture<{ data: object }>('voipstudio', 'user.json').data, legacy_api_key: fake.token, user_token: fake.token, password: fake.form.password ?? fake.token },
      links: {},
    });
    if ((call.method === 'GET' || call.method === 'PATCH') && /^users\/\d+$/.test(call.rel)) return fake.json(200, user());
    if (call.method === 'GET' && call.rel === 'me') return fake.json(200, fixture('voipstudio', 'me.json'));
    if (call.method === 'GET' && (call.rel === 'users' || call.rel === 'usergroups')) return fake.json(200, { data: [], total: 0 });
    if (call.method === 'POST' && call.rel === 'usergroups') return fake.json(201, fixture('voipstudio', 'usergroup-created.json'));
    if (call.method === 'GET' && /^cdrs\/\d+$/.test(call.rel)) return fake.json(200, fixture('voipstudio', 'cdr.json'));
    return undefined;
  },
  errorBody: (echo, values) => ({
    message: echo,
    code: `E_${values[0] ?? ''}`,
    errors: [{ field: 'email', message: echo }, ...values.map((v) => ({ field: v, message: echo })), `plain ${echo}`],
  }),
  malformedLogin: (fake, call) => fake.json(200, { message: fake.echo(call), user_id: Number(VOIPSTUDIO_LOGIN_USER), user_token: 42 }),
  malformedUser: (fake, call) => {
    const { id: _id, ...user } = fixture<{ data: Record<string, unknown> }>('voipstudio', 'user.json').data;
    return fake.json(200, { data: { ...user, first_name: fake.echo(call) }, links: {} });
  },
  twoFactor: (fake, call) => fake.json(202, { message: fake.echo(call), nonce: 'c0ffee5a1e2b3c4d5e6f708192a3b4c5d6e7f809' }),
};

export const PROFILES: Readonly<Record<VendorId, VendorProfile>> = { portsip: PORTSIP, netpbx: NETPBX, voipstudio: VOIPSTUDIO };
