/**
 * Request pinning for the VoIPStudio wire tests, over the engine of
 * test/support/nock-script.ts. A {@link WireMock} is an ordered script of exchanges under
 * nock: each expected request names its exact method, path (under `/{version}/voipstudio`),
 * query — with the JSON `filter` decoded and compared structurally —, JSON body and
 * authentication (`X-Auth-Token`, Basic `user_id:token`, or none). Mismatches are collected
 * (and answered with HTTP 418) and reported by {@link WireMock.done}, so a test fails with a
 * readable diff instead of a network error after retries.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PbxClient } from '../../../core/client.js';
import { createVoipStudio, type VoipStudioOptions } from '../../../adapters/voipstudio/index.js';
import { NockScript, parseJson, signInExchange, type Headers, type RecordedRequest as CommonRequest, type ScriptedExchange } from '../../support/nock-script.js';
import { fixture, type FixtureName } from './fixtures.js';

export { rejection, useNock } from '../../support/nock-script.js';

export const ORIGIN = 'https://l7api.test';
export const LOGIN = { email: 'api-admin@acme.example', password: 'Adm1n-Pa55!word' } as const;
/** The user id and session token of `login.json`. */
export const USER_ID = String(fixture('login.json').user_id);
export const SESSION_TOKEN: string = fixture('login.json').user_token;

/** A VoIPStudio client against {@link ORIGIN} (v1.2 unless the options say otherwise), with fast retries. */
export function vsClient(options: Partial<VoipStudioOptions> = {}): PbxClient {
  return createVoipStudio({ baseUrl: ORIGIN, credentials: LOGIN, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** How a request must be authenticated. */
export type Auth = { readonly token: string } | { readonly basic: { readonly userId: string; readonly token: string } } | null;

export interface Exchange extends ScriptedExchange<RecordedRequest, FixtureName> {
  readonly method: Method;
  /** Path below `/{version}/voipstudio`, encoded as on the wire, e.g. `/users/4721`. */
  readonly path: string;
  /** Exact query parameters other than `filter`, decoded; omitted means none. */
  readonly query?: Readonly<Record<string, string>>;
  /** The decoded JSON of the `filter` parameter; omitted means no filter. */
  readonly filter?: unknown;
  /** Expected authentication. Default: the mock's current one. */
  readonly auth?: Auth;
}

export interface RecordedRequest extends CommonRequest {
  /** The decoded `filter`, when there was one. */
  readonly filter?: unknown;
}

function describeAuth(headers: Headers): string {
  const basic = /^Basic (.+)$/.exec(headers['authorization'] ?? '')?.[1];
  return JSON.stringify({ 'x-auth-token': headers['x-auth-token'], authorization: basic ? `Basic ${Buffer.from(basic, 'base64').toString()}` : headers['authorization'] });
}

function authProblems(auth: Auth, headers: Headers): string[] {
  const token = headers['x-auth-token'];
  const authorization = headers['authorization'];
  if (auth === null) return token === undefined && authorization === undefined ? [] : [`expected no authentication, got ${describeAuth(headers)}`];
  if ('token' in auth) {
    return token === auth.token && authorization === undefined ? [] : [`expected X-Auth-Token ${auth.token} only, got ${describeAuth(headers)}`];
  }
  const wanted = `Basic ${Buffer.from(`${auth.basic.userId}:${auth.basic.token}`).toString('base64')}`;
  return authorization === wanted && token === undefined ? [] : [`expected Basic ${auth.basic.userId}:${auth.basic.token} only, got ${describeAuth(headers)}`];
}

export class WireMock extends NockScript<Method, RecordedRequest, FixtureName> {
  private current: Auth = null;

  constructor(
    readonly version: 'v1.1' | 'v1.2' = 'v1.2',
    origin: string = ORIGIN,
  ) {
    super({ origin, prefix: `/${version}/voipstudio`, fixture, mismatch: (message) => ({ message, errors: [] }) });
  }

  /** Requests after this one are expected with `auth`. */
  useAuth(auth: Auth): this {
    this.current = auth;
    return this;
  }

  expect(ex: Exchange): this {
    const auth = ex.auth === undefined ? this.current : ex.auth;
    return this.script(ex, {
      auth: (headers) => authProblems(auth, headers),
      inspect: (request) => {
        const { filter: text, ...rest } = request.query;
        const filter = text === undefined ? undefined : parseJson(text);
        return {
          request: { ...request, ...(filter !== undefined ? { filter } : {}) },
          query: rest,
          problems: isDeepStrictEqual(filter, ex.filter) ? [] : [`filter ${JSON.stringify(filter)}, expected ${JSON.stringify(ex.filter)}`],
        };
      },
    });
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
    const full = signInExchange(rest, { auth: null, body: { ...LOGIN } }, 'login.json');
    this.post('/login', full);
    const reply = this.replyOf(full) as { user_token?: unknown; user_id?: unknown } | undefined;
    if ((full.status ?? 200) === 200 && typeof reply?.user_token === 'string') {
      const token = reply.user_token;
      this.useAuth(basic ? { basic: { userId: String(reply.user_id), token } } : { token });
    }
    return this;
  }
}

/** The default query of a user list page. */
export const userPage = (page: number, limit: number): Record<string, string> => ({ page: String(page), limit: String(limit), sort: 'id', dir: 'ASC' });
