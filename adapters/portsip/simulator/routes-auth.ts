/**
 * Login, both generations: `POST /api/auth/sign_in` (+ `refresh_token`, `sign_out`; v22.2+)
 * and `POST /api/login` (+ `logout`). A refused login is 400 UNAUTHORIZED, as PortSIP documents.
 */
import { loginRefused } from './errors.js';
import { bodyOf, type SimApp, type SimContext } from './http.js';
import type { LoginGeneration, SimConfig } from './options.js';
import type { SimState, UserRecord } from './state.js';
import { secret } from './tokens.js';

/** Paths each login generation brings; a PBX without the generation answers them 404. */
export const GENERATION_PATHS: Readonly<Record<LoginGeneration, readonly string[]>> = {
  sign_in: ['/api/auth/sign_in', '/api/auth/refresh_token', '/api/auth/sign_out'],
  login: ['/api/login', '/api/logout'],
};

/** Routes that take no bearer token. */
export const ANONYMOUS_PATHS: ReadonlySet<string> = new Set(['/api/auth/sign_in', '/api/auth/refresh_token', '/api/login']);

interface LoginBody {
  readonly username: string;
  readonly password: string;
  readonly domain?: string;
}

export function authRoutes(app: SimApp, state: SimState, config: SimConfig): void {
  const login = (c: SimContext): UserRecord | { two_factor_enabled: true; token: string } => {
    const { username, password, domain } = bodyOf<LoginBody>(c);
    const user = state.userByName(username);
    // Assumption: a given tenant domain must be this PBX's; disabled accounts cannot log in.
    const domainMatches = domain === undefined || domain.toLowerCase() === state.domain;
    if (!user || user.password !== password || !domainMatches || !user.enabled) throw loginRefused('invalid username or password');
    // Assumption: 2FA is enforced on both login endpoints (the OTP steps are not simulated).
    if (config.twoFactorUsers.has(user.name.toLowerCase())) return { two_factor_enabled: true, token: secret() };
    return user;
  };

  if (config.loginGenerations.has('sign_in')) {
    app.post('/api/auth/sign_in', (c) => {
      const result = login(c);
      if ('two_factor_enabled' in result) return c.json(result);
      const { access_token, refresh_token, expires_in } = state.tokens.issue(result.id);
      return c.json({ token_type: 'Bearer', access_token, refresh_token, expires_in });
    });

    app.post('/api/auth/refresh_token', (c) => {
      const pair = state.tokens.renew(bodyOf<{ refresh_token: string }>(c).refresh_token);
      if (!pair) throw loginRefused('invalid or expired refresh token');
      return c.json({ token_type: 'Bearer', ...pair });
    });

    app.post('/api/auth/sign_out', (c) => {
      state.tokens.revoke(c.get('accessToken'));
      return c.body(null, 200);
    });
  }

  if (config.loginGenerations.has('login')) {
    app.post('/api/login', (c) => {
      const result = login(c);
      if ('two_factor_enabled' in result) return c.json(result);
      const { access_token, refresh_token, expires_in } = state.tokens.issue(result.id);
      return c.json({ access_token, expires_in, refresh_token, token_type: 'Bearer' });
    });

    app.post('/api/logout', (c) => {
      state.tokens.revoke(c.get('accessToken'));
      return c.body(null, 204);
    });
  }
}
