/** The steps every request passes before its route (composed, in order, in app.ts). */
import type { MiddlewareHandler } from 'hono';
import { unauthorized } from './errors.js';
import { routeOf, versionOf, type SimEnv } from './http.js';
import type { SimState } from './state.js';

/** Routes that take no token. */
export const ANONYMOUS_ROUTES: ReadonlySet<string> = new Set(['/login', '/login2fa']);

/** `user_id:token` of an `Authorization: Basic` header. */
function basicCredentials(header: string | undefined): { userId: string; token: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { userId: decoded.slice(0, colon), token: decoded.slice(colon + 1) } : undefined;
}

/**
 * Every route but the login ones needs a valid token: `X-Auth-Token` (v1.2 only) or
 * `Authorization: Basic base64(user_id:token)` (both versions; `user_id` must be the token's
 * user). Using a session token renews it; an idle one has expired (401).
 */
export function authenticate(state: SimState): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    if (ANONYMOUS_ROUTES.has(routeOf(c))) return next();
    const basic = basicCredentials(c.req.header('authorization'));
    const header = c.req.header('x-auth-token');
    // Assumption: v1.1 predates X-Auth-Token and only takes Basic.
    if (!basic && header !== undefined && versionOf(c) === 'v1.1') throw unauthorized('X-Auth-Token is not supported by v1.1; use Basic authentication');
    const token = basic?.token ?? header;
    if (!token) throw unauthorized();
    const grant = state.sessions.use(token);
    if (!grant || (basic && basic.userId !== String(grant.userId))) throw unauthorized('Invalid or expired token');
    const account = state.users.get(grant.userId);
    if (!account || !account.active) throw unauthorized('Invalid or expired token');
    c.set('account', account);
    c.set('token', token);
    await next();
  };
}
