/**
 * Request pinning for the VoIPStudio wire tests. A {@link WireMock} is an ordered script of
 * exchanges under nock: each expected request names its exact method, path (under
 * `/{version}/voipstudio`), query — with the JSON `filter` decoded and compared structurally —,
 * JSON body and authentication (`X-Auth-Token`, Basic `user_id:token`, or none). Mismatches are
 * collected (and answered with HTTP 418) and reported by {@link WireMock.done}, so a test fails
 * with a readable diff instead of a network error after retries.
 */
import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { PbxClient } from '../../../core/client.js';
import { createVoipStudio, type VoipStudioOptions } from '../../../adapters/voipstudio/index.js';
import { fixture, type FixtureName } from './fixtures.js';

export const ORIGIN = 'https://l7api.test';
export const LOGIN = { email: 'api-admin@acme.example', password: 'Adm1n-Pa55!word' } as const;
/** The user id and session token of `login.json`. */
export const USER_ID = String(fixture('login.json').user_id);
export const SESSION_TOKEN: string = fixture('login.json').user_token;

/** A VoIPStudio client against {@link ORIGIN} (v1.2 unless the options say otherwise), with fast retries. */
export function vsClient(options: Partial<VoipStudioOptions> = {}): PbxClient {
  return createVoipStudio({ baseUrl: ORIGIN, credentials: LOGIN, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
}

/** `nock.disableNetConnect()` for the file, `nock.cleanAll()` after each test. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.emitter.removeAllListeners('no match');
  });
  afterAll(() => nock.enableNetConnect());
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** How a request must be authenticated. */
export type Auth = { readonly token: string } | { readonly basic: { readonly userId: string; readonly token: string } } | null;

export interface Exchange {
  readonly method: Method;
  /** Path below `/{version}/voipstudio`, encoded as on the wire, e.g. `/users/4721`. */
  readonly path: string;
  /** Exact query parameters other than `filter`, decoded; omitted means none. */
  readonly query?: Readonly<Record<string, string>>;
  /** The decoded JSON of the `filter` parameter; omitted means no filter. */
  readonly filter?: unknown;
  /** Exact JSON body; omitted means no body. Ignored when `bodyCheck` is given. */
  readonly body?: unknown;
  readonly bodyCheck?: (body: unknown) => void;
  /** Expected authentication. Default: the mock's current one. */
  readonly auth?: Auth;
  /** Reply status. Default 200 (204 when there is no reply body). */
  readonly status?: number;
  readonly reply?: unknown;
  readonly fixture?: FixtureName;
  readonly respond?: (request: RecordedRequest) => unknown;
  /** A raw reply body sent as is, with `headers` for its content type. */
  readonly rawReply?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Fail the request at the transport level with this error instead of replying. */
  readonly error?: unknown;
  readonly delayMs?: number;
  /** How many identical requests this exchange answers. Default 1. */
  readonly times?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The decoded `filter`, when there was one. */
  readonly filter?: unknown;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

const pathOf = (uri: string): string => uri.split('?')[0] ?? uri;

function parseJson(raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function describeAuth(headers: Readonly<Record<string, string>>): string {
  const basic = /^Basic (.+)$/.exec(headers['authorization'] ?? '')?.[1];
  return JSON.stringify({ 'x-auth-token': headers['x-auth-token'], authorization: basic ? `Basic ${Buffer.from(basic, 'base64').toString()}` : headers['authorization'] });
}

function authProblems(auth: Auth, headers: Readonly<Record<string, string>>): string[] {
  const token = headers['x-auth-token'];
  const authorization = headers['authorization'];
  if (auth === null) return token === undefined && authorization === undefined ? [] : [`expected no authentication, got ${describeAuth(headers)}`];
  if ('token' in auth) {
    return token === auth.token && authorization === undefined ? [] : [`expected X-Auth-Token ${auth.token} only, got ${describeAuth(headers)}`];
  }
  const wanted = `Basic ${Buffer.from(`${auth.basic.userId}:${auth.basic.token}`).toString('base64')}`;
  return authorization === wanted && token === undefined ? [] : [`expected Basic ${auth.basic.userId}:${auth.basic.token} only, got ${describeAuth(headers)}`];
}

export class WireMock {
  readonly requests: RecordedRequest[] = [];
  readonly problems: string[] = [];
  private current: Auth = null;
  private readonly script: Array<{ label: string; remaining: number }> = [];
  private readonly scope: nock.Scope;
  private readonly onNoMatch = (req: { method?: string; path?: string; href?: string }): void => {
    if (req.href !== undefined && !req.href.startsWith(this.origin)) return;
    this.problems.push(`unexpected request: ${req.method ?? '?'} ${req.path ?? req.href ?? '?'}`);
  };

  constructor(
    readonly version: 'v1.1' | 'v1.2' = 'v1.2',
    readonly origin: string = ORIGIN,
  ) {
    this.scope = nock(origin);
    nock.emitter.on('no match', this.onNoMatch);
  }

  /** The full path of a path below the API root. */
  full(path: string): string {
    return `/${this.version}/voipstudio${path}`;
  }

  /** Requests after this one are expected with `auth`. */
  useAuth(auth: Auth): this {
    this.current = auth;
    return this;
  }

  expect(ex: Exchange): this {
    const full = this.full(ex.path);
    const status = ex.status ?? (ex.reply === undefined && ex.fixture === undefined && ex.rawReply === undefined && ex.respond === undefined ? 204 : 200);
    const reply = ex.fixture !== undefined ? fixture(ex.fixture) : ex.reply;
    const auth = ex.auth === undefined ? this.current : ex.auth;
    const where = `${ex.method} ${full}`;
    const mock = this;
    const entry = { label: `${where} -> ${ex.error !== undefined ? 'transport error' : status}`, remaining: ex.times ?? 1 };
    this.script.push(entry);

    let interceptor = this.scope.intercept((uri: string) => pathOf(uri) === full, ex.method);
    if (ex.times !== undefined) interceptor = interceptor.times(ex.times);
    if (ex.delayMs !== undefined) interceptor = interceptor.delay(ex.delayMs);
    if (ex.error !== undefined) {
      // No reply callback runs for these: nock's own bookkeeping (`isDone`) tracks them.
      entry.remaining = 0;
      interceptor.replyWithError(ex.error as string);
      return this;
    }
    interceptor.reply(function (uri: string, rawBody: nock.Body) {
      const url = new URL(uri, mock.origin);
      const query: Record<string, string> = {};
      const problems: string[] = [];
      for (const [key, value] of url.searchParams) {
        if (key in query) problems.push(`${where}: query parameter ${key} sent twice`);
        query[key] = value;
      }
      const { filter: filterText, ...rest } = query;
      const filter = filterText === undefined ? undefined : parseJson(filterText);
      const body = parseJson(rawBody);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(this.req.headers as Record<string, string | string[] | undefined>)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const recorded: RecordedRequest = { method: ex.method, path: pathOf(uri), query, ...(filter !== undefined ? { filter } : {}), body, headers };
      entry.remaining--;
      mock.requests.push(recorded);

      if (!isDeepStrictEqual(rest, { ...ex.query })) problems.push(`${where}: query ${JSON.stringify(rest)}, expected ${JSON.stringify(ex.query ?? {})}`);
      if (!isDeepStrictEqual(filter, ex.filter)) problems.push(`${where}: filter ${JSON.stringify(filter)}, expected ${JSON.stringify(ex.filter)}`);
      if (ex.bodyCheck) {
        try {
          ex.bodyCheck(body);
        } catch (error) {
          problems.push(`${where}: body check failed: ${(error as Error).message}`);
        }
      } else if (!isDeepStrictEqual(body, ex.body)) {
        problems.push(`${where}: body ${JSON.stringify(body)}, expected ${JSON.stringify(ex.body)}`);
      }
      problems.push(...authProblems(auth, headers).map((p) => `${where}: ${p}`));
      if (body !== undefined && !/^application\/json/.test(headers['content-type'] ?? '')) problems.push(`${where}: content-type ${headers['content-type']} for a JSON body`);

      if (problems.length) {
        mock.problems.push(...problems);
        return [418, JSON.stringify({ message: problems.join(' | '), errors: [] }), { 'content-type': 'application/json' }];
      }
      if (ex.rawReply !== undefined) return [status, ex.rawReply, { ...ex.headers }];
      const out = ex.respond ? ex.respond(recorded) : reply;
      if (out === undefined) return [status, '', { ...ex.headers }];
      return [status, JSON.stringify(out), { 'content-type': 'application/json', ...ex.headers }];
    });
    return this;
  }

  get(path: string, ex: Omit<Exchange, 'method' | 'path'> = {}): this {
    return this.expect({ method: 'GET', path, ...ex });
  }

  post(path: string, ex: Omit<Exchange, 'method' | 'path'> = {}): this {
    return this.expect({ method: 'POST', path, ...ex });
  }

  patch(path: string, ex: Omit<Exchange, 'method' | 'path'> = {}): this {
    return this.expect({ method: 'PATCH', path, ...ex });
  }

  delete(path: string, ex: Omit<Exchange, 'method' | 'path'> = {}): this {
    return this.expect({ method: 'DELETE', path, ...ex });
  }

  /**
   * `POST /login {email, password}` (unsigned), answered with `login.json` unless scripted
   * otherwise; later requests are expected with its token, as `X-Auth-Token` or (with
   * `basic: true`) as Basic `user_id:token`.
   */
  login(ex: Omit<Exchange, 'method' | 'path'> & { readonly basic?: boolean } = {}): this {
    const { basic = this.version === 'v1.1', ...rest } = ex;
    const scripted = rest.reply !== undefined || rest.rawReply !== undefined || rest.fixture !== undefined || rest.error !== undefined;
    const full: Omit<Exchange, 'method' | 'path'> = { auth: null, body: { ...LOGIN }, ...(scripted ? {} : { fixture: 'login.json' }), ...rest };
    this.post('/login', full);
    const reply = (full.fixture !== undefined ? fixture(full.fixture) : full.reply) as { user_token?: unknown; user_id?: unknown } | undefined;
    if ((full.status ?? 200) === 200 && typeof reply?.user_token === 'string') {
      const token = reply.user_token;
      this.useAuth(basic ? { basic: { userId: String(reply.user_id), token } } : { token });
    }
    return this;
  }

  count(method: Method, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === this.full(path)).length;
  }

  /** Every scripted exchange happened, and nothing else. */
  done(): void {
    nock.emitter.removeListener('no match', this.onNoMatch);
    if (this.problems.length) throw new Error(`wire mismatches:\n- ${this.problems.join('\n- ')}`);
    const expected = this.script.filter((e) => e.remaining > 0).map((e) => `${e.label} (${e.remaining} more)`);
    if (expected.length || !this.scope.isDone()) throw new Error(`scripted exchanges that never happened:\n- ${[...expected, ...(expected.length ? [] : this.scope.pendingMocks())].join('\n- ')}`);
  }
}

/** Waits for `promise` to reject and returns the error (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** The default query of a user list page. */
export const userPage = (page: number, limit: number): Record<string, string> => ({ page: String(page), limit: String(limit), sort: 'id', dir: 'ASC' });
