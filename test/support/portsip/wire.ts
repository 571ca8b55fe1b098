/**
 * Request pinning for the PortSIP wire tests, over the engine of test/support/nock-script.ts.
 * A {@link WireMock} is an ordered script of exchanges under nock: each expected request names
 * its exact method, path, decoded query, JSON body and `Authorization`, and every request body
 * the adapter sends is validated against the vendor OpenAPI subset (ajv via
 * `requestBodyProblems`, plus a check that it uses no key the spec does not declare). Reply
 * bodies are validated against the spec when the exchange is registered. Mismatches are
 * collected (and answered with HTTP 418) and reported by {@link WireMock.done}, so a test fails
 * with a readable diff instead of a network error after retries.
 */
import type { PbxClient } from '../../../core/client.js';
import { createPortSip, type PortSipOptions } from '../../../adapters/portsip/index.js';
import { matchOperation, requestBodyProblems, undeclaredBodyKeys } from '../../../adapters/portsip/openapi/spec.js';
import { NockScript, signInExchange, type RecordedRequest, type ScriptedExchange } from '../nock-script.js';
import { fixture, type FixtureName } from './fixtures.js';
import { replyProblems } from './openapi.js';

export { rejection, useNock, type RecordedRequest } from '../nock-script.js';

export const ORIGIN = 'https://pbx.test:8887';
export const CREDENTIALS = { username: 'api-admin', password: 'Adm1n-Pa55!word', domain: 'acme.pbx.test' } as const;
/** The access token of `token-sign-in.json`. */
export const SIGN_IN_TOKEN: string = fixture('token-sign-in.json').access_token;

/** A PortSIP client against {@link ORIGIN}, with fast retries. */
export function portsipClient(options: Partial<PortSipOptions> = {}): PbxClient {
  return createPortSip({ baseUrl: ORIGIN, credentials: CREDENTIALS, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
}

export type Method = 'GET' | 'POST';

/** An exchange; `fixture` names a fixture of `adapters/portsip/fixtures/`. */
export interface Exchange extends ScriptedExchange<RecordedRequest, FixtureName> {
  readonly method: Method;
  /** Exact path, as it must appear on the wire (encoded), e.g. `/api/users/abc`. */
  readonly path: string;
  /** Expected bearer token; `null`: no `Authorization` header. Default: the mock's current token. */
  readonly auth?: string | null;
  /** Validate against the OpenAPI subset (default true; `false` for `raw.request` to paths outside it). */
  readonly spec?: boolean;
}

export class WireMock extends NockScript<Method, RecordedRequest, FixtureName> {
  private token: string | null = null;

  constructor(origin: string = ORIGIN) {
    super({ origin, prefix: '', fixture, mismatch: (message) => ({ errors: [{ code: 'TEST_WIRE_MISMATCH', message }] }) });
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
    const [status, reply] = [this.statusOf(ex), this.replyOf(ex)];
    if (checkSpec && operation && reply !== undefined) {
      const problems = replyProblems(operation, status, reply);
      if (problems.length) throw new Error(`the scripted reply to ${ex.method} ${ex.path} (${status}) breaks the spec: ${problems.join('; ')}`);
    }
    const auth = ex.auth === undefined ? this.token : ex.auth;
    const wanted = auth === null ? undefined : `Bearer ${auth}`;
    return this.script(ex, {
      auth: ({ authorization }) => (authorization === wanted ? [] : [`Authorization ${JSON.stringify(authorization)}, expected ${JSON.stringify(wanted)}`]),
      ...(checkSpec && operation
        ? {
            inspect: ({ body }) => ({
              problems: [
                ...requestBodyProblems(operation, body).map((p) => `request body breaks the spec: ${p}`),
                ...undeclaredBodyKeys(operation, body).map((key) => `request body key ${key} is not declared by the spec`),
              ],
            }),
          }
        : {}),
    });
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
    const full = signInExchange(ex, { auth: null, body: { ...CREDENTIALS } }, defaultFixture);
    this.post(path, full);
    const reply = this.replyOf(full) as { access_token?: unknown } | undefined;
    if ((full.status ?? 200) < 300 && typeof reply?.access_token === 'string') this.useToken(reply.access_token);
    return this;
  }
}
