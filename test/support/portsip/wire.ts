/**
 * Request pinning for the PortSIP wire tests. A {@link WireMock} is an ordered script of
 * exchanges under nock: each expected request names its exact method, path, decoded query,
 * JSON body and `Authorization`, and every request body the adapter sends is validated
 * against the vendor OpenAPI subset (ajv via `requestBodyProblems`, plus a check that it
 * uses no key the spec does not declare). Reply bodies are validated against the spec when
 * the exchange is registered. Mismatches are collected (and answered with HTTP 418) and
 * reported by {@link WireMock.done}, so a test fails with a readable diff instead of a
 * network error after retries.
 */
import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { PbxClient } from '../../../core/client.js';
import { createPortSip, type PortSipOptions } from '../../../adapters/portsip/index.js';
import { matchOperation, requestBodyProblems, undeclaredBodyKeys } from '../../../adapters/portsip/openapi/spec.js';
import { fixture, type FixtureName } from './fixtures.js';
import { replyProblems } from './openapi.js';

export const ORIGIN = 'https://pbx.test:8887';
export const CREDENTIALS = { username: 'api-admin', password: 'Adm1n-Pa55!word', domain: 'acme.pbx.test' } as const;
/** The access token of `token-sign-in.json`. */
export const SIGN_IN_TOKEN: string = fixture('token-sign-in.json').access_token;

/** A PortSIP client against {@link ORIGIN}, with fast retries. */
export function portsipClient(options: Partial<PortSipOptions> = {}): PbxClient {
  return createPortSip({ baseUrl: ORIGIN, credentials: CREDENTIALS, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
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

export type Method = 'GET' | 'POST';

export interface Exchange {
  readonly method: Method;
  /** Exact path, as it must appear on the wire (encoded), e.g. `/api/users/abc`. */
  readonly path: string;
  /** Exact query, decoded; omitted means no query string at all. */
  readonly query?: Readonly<Record<string, string>>;
  /** Exact JSON body; omitted means no body. Ignored when `bodyCheck` is given. */
  readonly body?: unknown;
  /** Assertions on the parsed body instead of exact equality (throw to fail). */
  readonly bodyCheck?: (body: unknown) => void;
  /** Expected bearer token; `null`: no `Authorization` header. Default: the mock's current token. */
  readonly auth?: string | null;
  /** Reply status. Default 200 (204 when there is no reply body and no status). */
  readonly status?: number;
  /** Reply body, a JSON value (see also `fixture`, `respond`, `rawReply`). */
  readonly reply?: unknown;
  /** Reply body: a fixture of `adapters/portsip/fixtures/`. */
  readonly fixture?: FixtureName;
  /** Computes the reply body from the request (e.g. to echo what was sent). */
  readonly respond?: (request: RecordedRequest) => unknown;
  /** A raw reply body sent as is (HTML, truncated JSON…), with `headers` for its content type. */
  readonly rawReply?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Validate against the OpenAPI subset (default true; `false` for `raw.request` to paths outside it). */
  readonly spec?: boolean;
  /** Delay of the reply in ms. */
  readonly delayMs?: number;
  /** Fail the request at the transport level with this error instead of replying. */
  readonly error?: unknown;
  /** How many identical requests this exchange answers. Default 1. */
  readonly times?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

const pathOf = (uri: string): string => uri.split('?')[0] ?? uri;

function parseBody(raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function headerRecord(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

export class WireMock {
  /** Every request answered, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Mismatches found so far. */
  readonly problems: string[] = [];
  private token: string | null = null;
  /** The scripted exchanges and how many requests each still expects. */
  private readonly script: Array<{ label: string; remaining: number }> = [];
  private readonly scope: nock.Scope;
  private readonly onNoMatch = (req: { method?: string; path?: string; href?: string }): void => {
    // Only this mock's origin: a straggler of another test (another origin) is not ours.
    if (req.href !== undefined && !req.href.startsWith(this.origin)) return;
    this.problems.push(`unexpected request: ${req.method ?? '?'} ${req.path ?? req.href ?? '?'}`);
  };

  constructor(readonly origin: string = ORIGIN) {
    this.scope = nock(origin);
    nock.emitter.on('no match', this.onNoMatch);
  }

  /** Requests after this one are expected with `Bearer <token>` (null: unsigned). */
  useToken(token: string | null): this {
    this.token = token;
    return this;
  }

  /** Expects one exchange (or `times` identical ones). */
  expect(ex: Exchange): this {
    const operation = matchOperation(ex.method, ex.path);
    const checkSpec = ex.spec !== false;
    if (checkSpec && !operation) throw new Error(`${ex.method} ${ex.path} is not an operation of the OpenAPI subset`);
    const status = ex.status ?? (ex.reply === undefined && ex.fixture === undefined && ex.rawReply === undefined && ex.respond === undefined ? 204 : 200);
    const reply = ex.fixture !== undefined ? fixture(ex.fixture) : ex.reply;
    if (checkSpec && operation && reply !== undefined) {
      const problems = replyProblems(operation, status, reply);
      if (problems.length) throw new Error(`the scripted reply to ${ex.method} ${ex.path} (${status}) breaks the spec: ${problems.join('; ')}`);
    }
    const auth = ex.auth === undefined ? this.token : ex.auth;
    const where = `${ex.method} ${ex.path}`;
    const mock = this;
    const entry = { label: `${where}${ex.query ? `?${new URLSearchParams(ex.query as Record<string, string>).toString()}` : ''} -> ${ex.error !== undefined ? 'transport error' : status}`, remaining: ex.times ?? 1 };
    this.script.push(entry);

    let interceptor = this.scope.intercept((uri: string) => pathOf(uri) === ex.path, ex.method);
    if (ex.times !== undefined) interceptor = interceptor.times(ex.times);
    if (ex.delayMs !== undefined) interceptor = interceptor.delay(ex.delayMs);
    if (ex.error !== undefined) {
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
      const body = parseBody(rawBody);
      const headers = headerRecord(this.req.headers as Record<string, string | string[] | undefined>);
      const recorded: RecordedRequest = { method: ex.method, path: pathOf(uri), query, body, headers };
      entry.remaining--;
      mock.requests.push(recorded);

      if (!isDeepStrictEqual(query, { ...ex.query })) problems.push(`${where}: query ${JSON.stringify(query)}, expected ${JSON.stringify(ex.query ?? {})}`);
      if (ex.bodyCheck) {
        try {
          ex.bodyCheck(body);
        } catch (error) {
          problems.push(`${where}: body check failed: ${(error as Error).message}`);
        }
      } else if (!isDeepStrictEqual(body, ex.body)) {
        problems.push(`${where}: body ${JSON.stringify(body)}, expected ${JSON.stringify(ex.body)}`);
      }
      const authorization = headers['authorization'];
      const wanted = auth === null ? undefined : `Bearer ${auth}`;
      if (authorization !== wanted) problems.push(`${where}: Authorization ${JSON.stringify(authorization)}, expected ${JSON.stringify(wanted)}`);
      if (body !== undefined && !/^application\/json/.test(headers['content-type'] ?? '')) problems.push(`${where}: content-type ${headers['content-type']} for a JSON body`);
      if (checkSpec && operation) {
        for (const p of requestBodyProblems(operation, body)) problems.push(`${where}: request body breaks the spec: ${p}`);
        for (const key of undeclaredBodyKeys(operation, body)) problems.push(`${where}: request body key ${key} is not declared by the spec`);
      }

      if (problems.length) {
        mock.problems.push(...problems);
        return [418, JSON.stringify({ errors: [{ code: 'TEST_WIRE_MISMATCH', message: problems.join(' | ') }] }), { 'content-type': 'application/json' }];
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

  /** `POST /api/auth/sign_in` with {@link CREDENTIALS}, answered with `token-sign-in.json` unless scripted otherwise; later requests expect its token. */
  signIn(ex: Omit<Exchange, 'method' | 'path'> = {}): this {
    return this.authenticate('/api/auth/sign_in', 'token-sign-in.json', ex);
  }

  /** `POST /api/login` (the older login generation), answered with `token-login.json` unless scripted otherwise. */
  legacyLogin(ex: Omit<Exchange, 'method' | 'path'> = {}): this {
    return this.authenticate('/api/login', 'token-login.json', ex);
  }

  private authenticate(path: string, defaultFixture: FixtureName, ex: Omit<Exchange, 'method' | 'path'>): this {
    const scripted = ex.reply !== undefined || ex.rawReply !== undefined || ex.fixture !== undefined || ex.error !== undefined;
    const full: Omit<Exchange, 'method' | 'path'> = { auth: null, body: { ...CREDENTIALS }, ...(scripted ? {} : { fixture: defaultFixture }), ...ex };
    this.post(path, full);
    const reply = (full.fixture !== undefined ? fixture(full.fixture) : full.reply) as { access_token?: unknown } | undefined;
    if ((full.status ?? 200) < 300 && typeof reply?.access_token === 'string') this.useToken(reply.access_token);
    return this;
  }

  /** How many requests hit `method path`. */
  count(method: Method, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  /** Every scripted exchange happened, and nothing else. */
  done(): void {
    nock.emitter.removeListener('no match', this.onNoMatch);
    if (this.problems.length) throw new Error(`wire mismatches:\n- ${this.problems.join('\n- ')}`);
    const pending = this.scope.pendingMocks();
    if (pending.length || !this.scope.isDone()) {
      const expected = this.script.filter((e) => e.remaining > 0).map((e) => `${e.label} (${e.remaining} more)`);
      throw new Error(`scripted exchanges that never happened:\n- ${[...expected, ...(expected.length ? [] : pending)].join('\n- ')}`);
    }
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
