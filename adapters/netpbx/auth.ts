/**
 * How NetPBX logs in and signs requests.
 *
 * `POST api/v1/authorizations` logs a user in and returns it "including user api token"
 * (documented: the token is called `api_token`; standard users and tenant admins only).
 * Everything else is ASSUMED (docs/netpbx.md): the login body is `{username, password}`
 * (or `{email, password}`), the token does not announce a lifetime (it is used until a 401,
 * then the kernel logs in again, once per call), and it travels in a header — by default
 * `Authorization: Bearer <api_token>`, configurable with `tokenHeader`. A static token can be
 * given instead of a password; it cannot be renewed. NetPBX has no documented logout.
 */
import { AuthenticationError, isPbxError } from '../../core/errors.js';
import type { Session, SessionSource } from '../../core/auth/session.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { parseWire } from '../../core/wire.js';
import { VENDOR } from './map.js';
import { WireLogin } from './wire.js';

/** A username or an email with a password, or an `api_token` obtained elsewhere. */
export type NetPbxCredentials =
  | { readonly username: string; readonly password: string }
  | { readonly email: string; readonly password: string }
  | { readonly token: string };

/**
 * How the `api_token` is sent: header `name` with value `<scheme> <token>`, or the bare token
 * when `scheme` is `''`. Default `{ name: 'Authorization', scheme: 'Bearer' }`.
 */
export interface NetPbxTokenHeader {
  readonly name?: string;
  readonly scheme?: string;
}

export const DEFAULT_TOKEN_HEADER = { name: 'Authorization', scheme: 'Bearer' } as const;

/** The headers that carry `session`'s token. */
export function tokenHeaders(header: NetPbxTokenHeader = {}): (session: Session) => Readonly<Record<string, string>> {
  const name = (header.name ?? DEFAULT_TOKEN_HEADER.name).toLowerCase();
  const scheme = header.scheme ?? DEFAULT_TOKEN_HEADER.scheme;
  return (session) => ({ [name]: scheme ? `${scheme} ${session.token}` : session.token });
}

type PasswordCredentials = Exclude<NetPbxCredentials, { token: string }>;

/** The login body: `{username, password}` or `{email, password}`. */
export function loginBody(credentials: PasswordCredentials): Record<string, string> {
  return 'email' in credentials
    ? { email: credentials.email, password: credentials.password }
    : { username: credentials.username, password: credentials.password };
}

export class NetPbxSessionSource implements SessionSource {
  readonly renewable = true;

  constructor(
    private readonly kernel: HttpKernel,
    private readonly credentials: PasswordCredentials,
  ) {}

  async obtain(_previous: Session | undefined, signal: AbortSignal): Promise<Session> {
    let body: unknown;
    try {
      const response = await this.kernel.send(
        // Logging in twice only yields the token twice: safe to retry.
        { operation: 'login', method: 'POST', path: 'authorizations', json: loginBody(this.credentials), anonymous: true, idempotent: true },
        { signal },
      );
      body = response.body;
    } catch (error) {
      // ASP.NET applications often refuse a login with 400 rather than 401: it is still a refused login.
      if (isPbxError(error, 'VALIDATION_FAILED')) {
        throw new AuthenticationError(error.message, { vendor: VENDOR, operation: 'login', ...(error.status !== undefined ? { status: error.status } : {}) });
      }
      throw error;
    }
    const token = parseWire(WireLogin, body, { vendor: VENDOR, operation: 'login', what: 'login reply', redact: (text) => this.kernel.redactor.text(text) });
    return { token: token.api_token };
  }
}
