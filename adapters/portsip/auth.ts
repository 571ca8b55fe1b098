/**
 * How PortSIP logs in, renews and signs requests.
 *
 * Two login generations exist: `POST /api/auth/sign_in` (v22.2+, with refresh via
 * `POST /api/auth/refresh_token`) and `POST /api/login` (older, no documented refresh: a
 * renewal logs in again). `loginMethod: 'auto'` (the default) tries `sign_in` first and
 * falls back to `login` for good when the server answers 404. A static access token can be
 * given instead of a password; it cannot be renewed.
 */
import { isPbxError, TwoFactorRequiredError } from '../../core/errors.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import type { Session, SessionSource } from '../../core/auth/session.js';
import { parseWire } from '../../core/wire.js';
import { VENDOR } from './map.js';
import { WireToken, WireTwoFactor } from './wire.js';

export type PortSipCredentials =
  | { readonly username: string; readonly password: string; readonly domain?: string }
  | { readonly token: string };

export type PortSipLoginMethod = 'auto' | 'sign_in' | 'login';
type Generation = Exclude<PortSipLoginMethod, 'auto'>;

const LOGIN_PATH: Readonly<Record<Generation, string>> = { sign_in: 'auth/sign_in', login: 'login' };
const SIGN_OUT_PATH: Readonly<Record<Generation, string>> = { sign_in: 'auth/sign_out', login: 'logout' };

export class PortSipSessionSource implements SessionSource {
  readonly renewable: boolean;
  #generation: Generation | undefined;
  readonly #kernel: HttpKernel;
  readonly #credentials: Extract<PortSipCredentials, { username: string }>;
  readonly #method: PortSipLoginMethod;
  readonly #now: () => number;

  constructor(kernel: HttpKernel, credentials: Extract<PortSipCredentials, { username: string }>, method: PortSipLoginMethod, now: () => number = Date.now) {
    this.#kernel = kernel;
    this.#credentials = credentials;
    this.#method = method;
    this.#now = now;
    this.renewable = true;
    this.#generation = method === 'auto' ? undefined : method;
  }

  async obtain(previous: Session | undefined, signal: AbortSignal): Promise<Session> {
    if (previous?.refreshToken && this.#generation === 'sign_in') {
      try {
        return await this.#refresh(previous.refreshToken, signal);
      } catch (error) {
        // A refused refresh token falls back to a fresh login; anything else is a real failure.
        if (!isPbxError(error, 'AUTHENTICATION_FAILED') && !isPbxError(error, 'VALIDATION_FAILED') && !isPbxError(error, 'PERMISSION_DENIED')) throw error;
      }
    }
    return this.#login(signal);
  }

  /** Signs the session out (best effort: the token expires anyway). */
  async signOut(session: Session, signal: AbortSignal): Promise<void> {
    await this.#kernel.send(
      { operation: 'close', method: 'POST', path: SIGN_OUT_PATH[this.#generation ?? 'sign_in'], anonymous: true, idempotent: true, headers: bearer(session) },
      { signal },
    );
  }

  async #login(signal: AbortSignal): Promise<Session> {
    const generation = this.#generation ?? 'sign_in';
    try {
      const session = await this.#post(generation, signal);
      this.#generation = generation;
      return session;
    } catch (error) {
      if (this.#method === 'auto' && generation === 'sign_in' && isPbxError(error, 'NOT_FOUND')) {
        const session = await this.#post('login', signal);
        this.#generation = 'login';
        return session;
      }
      throw error;
    }
  }

  async #post(generation: Generation, signal: AbortSignal): Promise<Session> {
    const { username, password, domain } = this.#credentials;
    const response = await this.#kernel.send(
      {
        operation: 'login',
        method: 'POST',
        path: LOGIN_PATH[generation],
        json: { username, password, ...(domain ? { domain } : {}) },
        anonymous: true,
        idempotent: true, // logging in twice only creates two sessions
      },
      { signal },
    );
    if (WireTwoFactor.safeParse(response.body).success) {
      throw new TwoFactorRequiredError(
        `${VENDOR} login: the account ${username} has two-factor authentication enabled`,
        'use an API account without 2FA, or log in interactively and pass the access token as credentials: { token }',
        { vendor: VENDOR, operation: 'login' },
      );
    }
    return this.#session(response.body, 'login');
  }

  async #refresh(refreshToken: string, signal: AbortSignal): Promise<Session> {
    // Its own operation name, so an error or hook event tells a failed refresh from a failed login.
    const operation = 'login.refresh';
    const response = await this.#kernel.send(
      { operation, method: 'POST', path: 'auth/refresh_token', json: { refresh_token: refreshToken }, anonymous: true, idempotent: true },
      { signal },
    );
    return this.#session(response.body, operation);
  }

  #session(body: unknown, operation: string): Session {
    const token = parseWire(WireToken, body, { vendor: VENDOR, operation, what: 'token reply' });
    const expiresIn = token.expires_in ?? undefined;
    return {
      token: token.access_token,
      ...(token.refresh_token ? { refreshToken: token.refresh_token } : {}),
      ...(expiresIn !== undefined && expiresIn > 0 ? { expiresAt: this.#now() + expiresIn * 1000 } : {}),
    };
  }
}

/** The `Authorization` header of a session. */
export function bearer(session: Session): Readonly<Record<string, string>> {
  return { authorization: `Bearer ${session.token}` };
}
