/**
 * How VoIPStudio logs in and signs requests.
 *
 * - `POST /login {email, password}` → `{message, user_id, user_token}`. The session token
 *   expires after some inactivity (15–30 min, not announced in the reply): it is used until
 *   a 401, then the kernel logs in again (once per call).
 * - 2FA accounts answer `202 {nonce}` and expect `POST /login2fa {code, nonce}`; a library
 *   cannot answer that, so it becomes `TwoFactorRequiredError` telling what to do instead.
 * - A long-lived API key (created with `POST /apitokens {name, expiry}` or in the portal) can
 *   be given instead of a password; it is never renewed (a 401 is final).
 * - Signing: `X-Auth-Token: <token>` (v1.2) or `Authorization: Basic base64(user_id:token)`
 *   (v1.1, and accepted by v1.2 too).
 * - `POST /logout` ends a login session (`close()`); an API key is the caller's and stays valid.
 */
import type { Session, SessionSource } from '../../core/auth/session.js';
import { AuthenticationError, TwoFactorRequiredError, isPbxError } from '../../core/errors.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { parseWire } from '../../core/wire.js';
import { VENDOR } from './map.js';
import { WireLogin, WireTwoFactor } from './wire.js';

/** An account's email and password, or a long-lived API key (with its user id, which Basic auth needs). */
export type VoipStudioCredentials =
  | { readonly email: string; readonly password: string }
  | { readonly apiKey: string; readonly userId?: string | number };

/** `x-auth-token`: `X-Auth-Token: <token>` (v1.2 only). `basic`: `Authorization: Basic base64(user_id:token)`. */
export type VoipStudioAuthHeader = 'x-auth-token' | 'basic';

export const TWO_FACTOR_HINT =
  'VoIPStudio wants a second factor for this account (POST /login answered 202 with a nonce), which unipbx cannot provide: ' +
  'create a long-lived API key (POST /apitokens, or in the VoIPStudio portal) and pass credentials: { apiKey, userId }, ' +
  'or use an API account without two-factor authentication';

export class VoipStudioSessionSource implements SessionSource {
  readonly renewable = true;

  constructor(
    private readonly kernel: HttpKernel,
    private readonly credentials: { readonly email: string; readonly password: string },
  ) {}

  async obtain(_previous: Session | undefined, signal: AbortSignal): Promise<Session> {
    const { email, password } = this.credentials;
    let response;
    try {
      response = await this.kernel.send(
        // Logging in twice only opens two sessions: safe to retry.
        { operation: 'login', method: 'POST', path: 'login', json: { email, password }, anonymous: true, idempotent: true },
        { signal },
      );
    } catch (error) {
      // A refused login is answered 400 {message, errors}: it is still a refused login.
      if (isPbxError(error, 'VALIDATION_FAILED')) {
        throw new AuthenticationError(error.message, { vendor: VENDOR, operation: 'login', ...(error.status !== undefined ? { status: error.status } : {}) });
      }
      throw error;
    }
    if (response.status === 202 || (WireTwoFactor.safeParse(response.body).success && !WireLogin.safeParse(response.body).success)) {
      throw new TwoFactorRequiredError(`${VENDOR} login: the account ${email} has two-factor authentication enabled`, TWO_FACTOR_HINT, {
        vendor: VENDOR,
        operation: 'login',
        status: response.status,
      });
    }
    const login = parseWire(WireLogin, response.body, { vendor: VENDOR, operation: 'login', what: 'login reply', redact: (text) => this.kernel.redactor.text(text) });
    // The token also travels inside Basic credentials: mask that form too.
    this.kernel.redactor.addBasic(login.user_id, login.user_token);
    return { token: login.user_token, attributes: { userId: login.user_id } };
  }

  /** `POST /logout`, signed with `session`: ends it on the server. */
  async signOut(session: Session, sign: (session: Session) => Readonly<Record<string, string>>, signal: AbortSignal): Promise<void> {
    // Ending a session twice is harmless: safe to retry. Signed by hand: the session is no longer the cache's.
    await this.kernel.send({ operation: 'close', method: 'POST', path: 'logout', anonymous: true, idempotent: true, headers: sign(session) }, { signal });
  }
}

/** The headers that sign a request with `session`. */
export function signWith(header: VoipStudioAuthHeader): (session: Session) => Readonly<Record<string, string>> {
  if (header === 'x-auth-token') return (session) => ({ 'x-auth-token': session.token });
  return (session) => {
    const userId = session.attributes?.['userId'];
    // Checked when the client is built (an API key with Basic needs userId); a login always yields one.
    if (userId === undefined) throw new AuthenticationError(`${VENDOR}: Basic auth needs the user id of the token`, { vendor: VENDOR, operation: 'login' });
    return { authorization: `Basic ${Buffer.from(`${userId}:${session.token}`).toString('base64')}` };
  };
}
