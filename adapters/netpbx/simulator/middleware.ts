/** Authentication, the step every request passes after recording and fault injection (composed in app.ts). */
import type { MiddlewareHandler } from 'hono';
import { unauthorized } from './errors.js';
import type { SimEnv } from './http.js';
import type { SimConfig } from './options.js';
import type { SimState } from './state.js';

/** The only route without a token: the login. */
export const LOGIN_PATH = '/api/v1/authorizations';

/** Every API route but the login needs a valid `api_token` in the configured header (401 otherwise). */
export function authenticate(state: SimState, header: SimConfig['tokenHeader']): MiddlewareHandler<SimEnv> {
  const pattern = header.scheme ? new RegExp(`^${header.scheme.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +(\\S+)$`, 'i') : /^(\S+)$/;
  return async (c, next) => {
    if (!(c.req.method === 'POST' && c.req.path === LOGIN_PATH)) {
      const token = pattern.exec((c.req.header(header.name) ?? '').trim())?.[1];
      const userId = token === undefined ? undefined : state.tokens.userOf(token);
      const account = userId === undefined ? undefined : state.users.get(userId);
      if (!account) throw unauthorized();
      c.set('account', account);
    }
    await next();
  };
}
