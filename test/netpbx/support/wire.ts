/**
 * Request pinning for the NetPBX wire tests, over the engine of test/support/nock-script.ts.
 * A {@link Wire} is a script of exchanges under nock: each names its exact method, path (as
 * encoded on the wire), decoded query, JSON body and token header. Mismatches are collected
 * (answered with HTTP 418, which nothing retries) and reported by {@link Wire.done} together
 * with scripted exchanges that never happened and requests nothing expected. `order()` gives
 * the requests in arrival order.
 */
import { readFileSync } from 'node:fs';
import type { PbxClient } from '../../../core/client.js';
import { createNetPbx, type NetPbxOptions } from '../../../adapters/netpbx/index.js';
import { NockScript, type ScriptedExchange } from '../../support/nock-script.js';

export { rejection, useNock, type RecordedRequest } from '../../support/nock-script.js';

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

export type Method = 'GET' | 'POST' | 'PUT';

export interface Exchange extends Pick<ScriptedExchange, 'query' | 'body' | 'status' | 'reply' | 'rawReply' | 'headers' | 'times'> {
  readonly method: Method;
  /** Path under `/api/v1`, as on the wire (encoded), e.g. `/users/1042`. */
  readonly path: string;
  /** The token header's expected value; `null`: no token header at all. Default: the wire's current one. */
  readonly auth?: string | null;
}

export class Wire extends NockScript<Method> {
  private header = 'authorization';
  private value: string | null = null;

  constructor(origin: string = ORIGIN) {
    super({ origin, prefix: API, contentType: 'application/json; charset=utf-8', mismatch: (message) => ({ Message: message }) });
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
    const [header, value] = [this.header, ex.auth === undefined ? this.value : ex.auth];
    return this.script(ex, {
      auth: (headers) => [
        ...(headers[header] !== (value ?? undefined) ? [`${header} ${JSON.stringify(headers[header])}, expected ${JSON.stringify(value)}`] : []),
        ...(value === null && headers['authorization'] !== undefined ? ['unexpected authorization header'] : []),
      ],
    });
  }
}
