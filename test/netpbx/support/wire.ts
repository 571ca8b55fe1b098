/**
 * Request pinning for the NetPBX wire tests. A {@link Wire} is a script of exchanges under
 * nock: each names its exact method, path (as encoded on the wire), decoded query, JSON body
 * and token header. Mismatches are collected (answered with HTTP 418, which nothing retries)
 * and reported by {@link Wire.done} together with scripted exchanges that never happened and
 * requests nothing expected. `order()` gives the requests in arrival order.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { PbxClient } from '../../../core/client.js';
import { createNetPbx, type NetPbxOptions } from '../../../adapters/netpbx/index.js';

export const ORIGIN = 'https://netpbx.test';
export const API = '/api/v1';
export const CREDENTIALS = { username: 'api-admin', password: 'Adm1n-Pa55!word' } as const;

/** A fixture of `adapters/netpbx/fixtures/`, parsed. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../adapters/netpbx/fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** The `api_token` of `login.json`. */
export const TOKEN: string = fixture('login.json').api_token;

/** A NetPBX client against {@link ORIGIN}, with fast retries. */
export function netpbxClient(options: Partial<NetPbxOptions> = {}): PbxClient {
  return createNetPbx({ baseUrl: ORIGIN, credentials: CREDENTIALS, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
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

export type Method = 'GET' | 'POST' | 'PUT';

export interface Exchange {
  readonly method: Method;
  /** Path under `/api/v1`, as on the wire (encoded), e.g. `/users/1042`. */
  readonly path: string;
  /** Exact query, decoded; omitted means no query string. */
  readonly query?: Readonly<Record<string, string>>;
  /** Exact JSON body; omitted means no body. */
  readonly body?: unknown;
  /** The token header's expected value; `null`: no token header at all. Default: the wire's current one. */
  readonly auth?: string | null;
  /** Reply status. Default 200 (204 without a reply body). */
  readonly status?: number;
  /** Reply body (JSON). */
  readonly reply?: unknown;
  /** Reply body sent as is (HTML, truncated JSON…). */
  readonly rawReply?: string;
  readonly headers?: Readonly<Record<string, string>>;
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

function parseBody(raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export class Wire {
  readonly requests: RecordedRequest[] = [];
  readonly problems: string[] = [];
  private header = 'authorization';
  private value: string | null = null;
  private readonly scope: nock.Scope;
  private readonly onNoMatch = (req: { method?: string; path?: string; href?: string }): void => {
    if (req.href !== undefined && !req.href.startsWith(this.origin)) return;
    this.problems.push(`unexpected request: ${req.method ?? '?'} ${req.path ?? req.href ?? '?'}`);
  };

  constructor(readonly origin: string = ORIGIN) {
    this.scope = nock(origin);
    nock.emitter.on('no match', this.onNoMatch);
  }

  /** Requests after this one must carry header `name: value` (`null`: no token header). */
  signedWith(value: string | null, name = 'authorization'): this {
    this.header = name.toLowerCase();
    this.value = value;
    return this;
  }

  /** `POST api/v1/authorizations {username, password}` answered with `login.json`; later requests expect `Authorization: Bearer <api_token>`. */
  login(ex: Partial<Omit<Exchange, 'method' | 'path'>> = {}): this {
    this.expect({ method: 'POST', path: '/authorizations', auth: null, body: { ...CREDENTIALS }, reply: fixture('login.json'), ...ex });
    if ((ex.status ?? 200) < 300) this.signedWith(`Bearer ${TOKEN}`, this.header);
    return this;
  }

  get(path: string, ex: Omit<Exchange, 'method' | 'path'> = {}): this {
    return this.expect({ method: 'GET', path, ...ex });
  }

  put(path: string, ex: Omit<Exchange, 'method' | 'path'> = {}): this {
    return this.expect({ method: 'PUT', path, ...ex });
  }

  expect(ex: Exchange): this {
    const where = `${ex.method} ${API}${ex.path}`;
    const [header, value] = [this.header, ex.auth === undefined ? this.value : ex.auth];
    const status = ex.status ?? (ex.reply === undefined && ex.rawReply === undefined ? 204 : 200);
    const wire = this;
    let interceptor = this.scope.intercept((uri: string) => uri.split('?')[0] === `${API}${ex.path}`, ex.method);
    if (ex.times !== undefined) interceptor = interceptor.times(ex.times);
    interceptor.reply(function (uri: string, rawBody: nock.Body) {
      const url = new URL(uri, wire.origin);
      const headers: Record<string, string> = {};
      for (const [name, v] of Object.entries(this.req.headers)) if (v !== undefined) headers[name.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
      const recorded: RecordedRequest = { method: ex.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: parseBody(rawBody), headers };
      wire.requests.push(recorded);
      const problems: string[] = [];
      if (!isDeepStrictEqual(recorded.query, { ...ex.query })) problems.push(`${where}: query ${JSON.stringify(recorded.query)}, expected ${JSON.stringify(ex.query ?? {})}`);
      if (!isDeepStrictEqual(recorded.body, ex.body)) problems.push(`${where}: body ${JSON.stringify(recorded.body)}, expected ${JSON.stringify(ex.body)}`);
      if (headers[header] !== (value ?? undefined)) problems.push(`${where}: ${header} ${JSON.stringify(headers[header])}, expected ${JSON.stringify(value)}`);
      if (value === null && headers['authorization'] !== undefined) problems.push(`${where}: unexpected authorization header`);
      if (recorded.body !== undefined && !/^application\/json/.test(headers['content-type'] ?? '')) problems.push(`${where}: content-type ${headers['content-type']} for a JSON body`);
      if (problems.length) {
        wire.problems.push(...problems);
        return [418, JSON.stringify({ Message: problems.join(' | ') }), { 'content-type': 'application/json' }];
      }
      if (ex.rawReply !== undefined) return [status, ex.rawReply, { ...ex.headers }];
      if (ex.reply === undefined) return [status, '', { ...ex.headers }];
      return [status, JSON.stringify(ex.reply), { 'content-type': 'application/json; charset=utf-8', ...ex.headers }];
    });
    return this;
  }

  /** `METHOD path` of every request, in arrival order (path without `/api/v1`, with its query). */
  order(): string[] {
    return this.requests.map((r) => {
      const query = new URLSearchParams(r.query as Record<string, string>).toString();
      return `${r.method} ${r.path.slice(API.length)}${query ? `?${query}` : ''}`;
    });
  }

  /** Every scripted exchange happened, and nothing else. */
  done(): void {
    nock.emitter.removeListener('no match', this.onNoMatch);
    if (this.problems.length) throw new Error(`wire mismatches:\n- ${this.problems.join('\n- ')}`);
    const pending = this.scope.pendingMocks();
    if (pending.length) throw new Error(`scripted exchanges that never happened:\n- ${pending.join('\n- ')}`);
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
