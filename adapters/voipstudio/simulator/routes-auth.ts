/**
 * Login (`POST /login`, `POST /login2fa`), logout (`POST /logout`), keep-alive (`GET /ping`),
 * long-lived API keys (`POST /apitokens`) and the signed-in user's metadata (`GET /me`).
 */
import { badRequest, invalid, notFound, problem } from './errors.js';
import { datetime, parseDatetime } from './format.js';
import { BASE, objectBody, one, type SimApp, type SimContext } from './http.js';
import { listReply, number, text as textField, type Fields } from './lists.js';
import type { SimConfig } from './options.js';
import type { ApiKey } from './sessions.js';
import { CUSTOMER_ID, SIP_DOMAIN, type SimState, type UserRecord } from './state.js';

const text = (body: Record<string, unknown>, field: string): string => {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw invalid(problem(field, 'This value should not be blank.'));
  return value;
};

const API_KEY_FIELDS: Fields<{ readonly key: ApiKey; readonly token: string }> = {
  id: number(({ key }) => key.id),
  name: textField(({ key }) => key.name),
};

const apiKeyView = (key: ApiKey, token: string) => ({ id: key.id, name: key.name, expiry: key.expiresAt === null ? null : datetime(key.expiresAt), token });

export function authRoutes(app: SimApp, state: SimState, config: SimConfig): void {
  const session = (c: SimContext, user: UserRecord) => c.json({ message: 'OK', user_id: user.id, user_token: state.sessions.open(user.id) });

  app.post(`${BASE}/login`, (c) => {
    const body = objectBody(c);
    const [email, password] = [text(body, 'email'), text(body, 'password')];
    const user = state.userByEmail(email);
    // Assumption: inactive users cannot log in; the reply does not tell which part was wrong.
    if (!user || user.password !== password || !user.active) throw badRequest('Invalid email or password');
    if (user.two_factor_auth === 'E' || config.twoFactorUsers.has(user.email.toLowerCase())) {
      return c.json({ message: 'Authentication code has been sent to your email address', nonce: state.sessions.issueNonce(user.id) }, 202);
    }
    return session(c, user);
  });

  app.post(`${BASE}/login2fa`, (c) => {
    const body = objectBody(c);
    const [code, nonce] = [text(body, 'code'), text(body, 'nonce')];
    const userId = state.sessions.redeemNonce(nonce);
    const user = userId === undefined ? undefined : state.users.get(userId);
    if (!user || code !== config.twoFactorCode) throw invalid(problem('code', 'Invalid or expired authentication code.'));
    return session(c, user);
  });

  app.get(`${BASE}/ping`, (c) => c.json({ message: 'pong' }));

  // Assumption (issue 12: VoIPStudio's own client calls it; not in the Customer module docs): `POST /logout`
  // ends the session token it is signed with and answers 200 {message}. An API key is not a session: it
  // stays valid (API keys are revoked with `DELETE /apitokens/{token}`).
  app.post(`${BASE}/logout`, (c) => {
    state.sessions.close(c.get('token'));
    return c.json({ message: 'Logged out' });
  });

  // `expiry`: a date "YYYY-MM-DD HH:MM:SS", or a lifetime in seconds as VoIPstudio/cli-client sends it
  // (`expiry: 30 * 24 * 60 * 60`); none for a key that does not expire.
  app.post(`${BASE}/apitokens`, (c) => {
    const body = objectBody(c);
    const name = text(body, 'name');
    let expiresAt: number | null = null;
    const expiry = body['expiry'];
    if (expiry !== undefined && expiry !== null && expiry !== '') {
      expiresAt =
        typeof expiry === 'string' ? (parseDatetime(expiry) ?? null) : Number.isSafeInteger(expiry) && (expiry as number) > 0 ? state.now() + (expiry as number) * 1000 : null;
      if (expiresAt === null || expiresAt <= state.now()) throw invalid(problem('expiry', 'The expiry must be a future date "YYYY-MM-DD HH:MM:SS" or a number of seconds.'));
    }
    const account = c.get('account');
    // Assumption (VoIPstudio/cli-client: "(name, user_id) must be unique"): a second key of the same name is refused.
    if (state.sessions.apiKeysOf(account.id).some(({ key }) => key.name === name)) throw invalid(problem('name', 'This value is already used.'));
    const { key, token } = state.sessions.createApiKey(account.id, name, expiresAt);
    return c.json(one(apiKeyView(key, token)), 201);
  });

  // The user's API keys (VoIPstudio/cli-client looks its own up by `filter` name eq before minting another).
  app.get(`${BASE}/apitokens`, (c) => {
    const keys = state.sessions.apiKeysOf(c.get('account').id);
    return c.json(listReply((name) => c.req.query(name), keys, API_KEY_FIELDS, ({ key, token }) => apiKeyView(key, token)));
  });

  // Revokes one of the user's API keys (VoIPstudio/cli-client's `vs auth logout`); another user's key is not found.
  app.delete(`${BASE}/apitokens/:token`, (c) => {
    const token = c.req.param('token');
    if (!state.sessions.apiKeysOf(c.get('account').id).some((k) => k.token === token)) throw notFound();
    state.sessions.revokeApiKey(token);
    return c.body(null, 204);
  });

  // The docs' example shows a collection of one with placeholder values; VoIPStudio's clients read `data.id`,
  // `data.email`, `data.sip_password`, `data.sip_domain` of an object (issue 12; VoIPstudio/cli-client reads
  // `body.data ?? body` and its `id`, `email`, `first_name`, `last_name`, `customer_id`). Served as that object.
  app.get(`${BASE}/me`, (c) => {
    const me = c.get('account');
    return c.json(
      one({
        id: me.id,
        email: me.email,
        first_name: me.first_name,
        last_name: me.last_name,
        customer_id: CUSTOMER_ID,
        ext: me.ext,
        is_root: me.is_root,
        language: me.language,
        cc: me.cc,
        cli: null,
        balance: 25.5,
        currency_iso: 'GBP',
        sip_username: me.ext,
        sip_password: me.sip_password,
        sip_domain: SIP_DOMAIN,
      }),
    );
  });
}
