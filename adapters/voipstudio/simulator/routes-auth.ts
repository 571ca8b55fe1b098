/**
 * Login (`POST /login`, `POST /login2fa`), keep-alive (`GET /ping`), long-lived API keys
 * (`POST /apitokens`) and the signed-in user's metadata (`GET /me`).
 */
import { badRequest, invalid, problem } from './errors.js';
import { datetime, parseDatetime } from './format.js';
import { BASE, objectBody, one, type SimApp, type SimContext } from './http.js';
import type { SimConfig } from './options.js';
import type { SimState, UserRecord } from './state.js';

const text = (body: Record<string, unknown>, field: string): string => {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw invalid(problem(field, 'This value should not be blank.'));
  return value;
};

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

  app.post(`${BASE}/apitokens`, (c) => {
    const body = objectBody(c);
    const name = text(body, 'name');
    let expiresAt: number | null = null;
    if (body['expiry'] !== undefined && body['expiry'] !== null && body['expiry'] !== '') {
      expiresAt = typeof body['expiry'] === 'string' ? (parseDatetime(body['expiry']) ?? null) : null;
      if (expiresAt === null || expiresAt <= state.now()) throw invalid(problem('expiry', 'The expiry must be a future date "YYYY-MM-DD HH:MM:SS".'));
    }
    const { key, token } = state.sessions.createApiKey(c.get('account').id, name, expiresAt);
    return c.json(one({ id: key.id, name: key.name, expiry: expiresAt === null ? null : datetime(expiresAt), token }), 201);
  });

  // Documented as a collection of one.
  app.get(`${BASE}/me`, (c) => {
    const me = c.get('account');
    return c.json({ data: [{ id: me.id, balance: 25.5, cc: me.cc, cli: null, currency_iso: 'GBP', is_root: me.is_root, language: me.language }], total: 1 });
  });
}
